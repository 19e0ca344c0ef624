// Inbound texts (Twilio webhook): STOP and its variants suppress the number and send one
// confirmation; HELP sends the help text; START lifts the suppression. Every text is
// logged for the audit trail. Idempotent per provider message id (Twilio retries).
import { desc, eq } from "drizzle-orm";
import { classifySms, normalizeKeyword, normalizePhone, type SmsKeyword } from "~/lib/opt-out";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";
import { enqueueKeywordReply } from "./outbox.server";

export type InboundSms = { messageSid: string; from: string; to?: string | null; body: string };
export type InboundResult = { keyword: SmsKeyword; duplicate: boolean; replyQueued: boolean };

export async function handleInboundSms(
  input: InboundSms,
  now = new Date(),
): Promise<InboundResult> {
  const phone = normalizePhone(input.from) ?? input.from;
  const keyword = classifySms(input.body);
  return db().transaction(async (tx) => {
    const [logged] = await tx
      .insert(schema.inboundSms)
      .values({
        providerId: input.messageSid,
        fromPhone: phone,
        toPhone: input.to ?? null,
        body: input.body.slice(0, 1600),
        keyword,
        receivedAt: now,
      })
      .onConflictDoNothing({ target: schema.inboundSms.providerId })
      .returning({ id: schema.inboundSms.id });
    if (!logged) return { keyword, duplicate: true, replyQueued: false };

    // The newest record with this number decides the sender's name and the language.
    const debtors = await tx
      .select()
      .from(schema.debtors)
      .where(eq(schema.debtors.phone, phone))
      .orderBy(desc(schema.debtors.createdAt));
    const debtor = debtors[0] ?? null;
    const language = normalizeKeyword(input.body) === "NOMAS" ? "es" : (debtor?.language ?? "en");
    const causeKey = `sms-reply:${input.messageSid}`;
    const auditAll = async (action: string) => {
      for (const d of debtors) {
        await audit(
          {
            actorType: "debtor",
            actorId: d.id,
            creditorId: d.creditorId,
            action,
            targetType: "debtor",
            targetId: d.id,
            details: { channel: "sms" },
          },
          tx,
        );
      }
    };

    if (keyword === "stop") {
      const [inserted] = await tx
        .insert(schema.smsSuppressions)
        .values({ phone, keyword: normalizeKeyword(input.body).toLowerCase(), suppressedAt: now })
        .onConflictDoNothing()
        .returning({ phone: schema.smsSuppressions.phone });
      // One confirmation, then nothing: a second STOP changes nothing and gets no reply.
      if (!inserted) return { keyword, duplicate: false, replyQueued: false };
      await auditAll("messages.sms_opted_out");
      await enqueueKeywordReply(tx, {
        causeKey,
        template: "sms_opt_out_confirmation",
        phone,
        debtor,
        language,
        now,
      });
      return { keyword, duplicate: false, replyQueued: true };
    }
    if (keyword === "start") {
      const removed = await tx
        .delete(schema.smsSuppressions)
        .where(eq(schema.smsSuppressions.phone, phone))
        .returning({ phone: schema.smsSuppressions.phone });
      if (removed.length === 0) return { keyword, duplicate: false, replyQueued: false };
      await auditAll("messages.sms_opted_in");
      await enqueueKeywordReply(tx, {
        causeKey,
        template: "sms_resubscribed",
        phone,
        debtor,
        language,
        now,
      });
      return { keyword, duplicate: false, replyQueued: true };
    }
    if (keyword === "help") {
      await enqueueKeywordReply(tx, {
        causeKey,
        template: "sms_help",
        phone,
        debtor,
        language,
        now,
      });
      return { keyword, duplicate: false, replyQueued: true };
    }
    // Anything else is for a person to read (it may be a dispute in the debtor's words).
    await auditAll("messages.sms_received");
    return { keyword, duplicate: false, replyQueued: false };
  });
}
