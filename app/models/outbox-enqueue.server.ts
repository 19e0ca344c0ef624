// The outbox: every email and SMS is a row written in the transaction of its cause, then
// delivered by the worker. This module is the one place that applies the sending rules
// (app/lib/message-rules.ts): at enqueue (here), and again by the worker right before
// sending (outbox-delivery.server.ts), both on facts from send-context.server.ts.
// Templates receive only the sender, the link, the code and the opt-out (OutboxPayload).
import { eq } from "drizzle-orm";
import type { Lang } from "~/lib/i18n";
import {
  decideSend,
  TEMPLATE_POLICY,
  type Channel,
  type Initiator,
  type SendDecision,
  type TemplateName,
} from "~/lib/message-rules";
import { randomUUID } from "node:crypto";
import { randomUrlToken, sha256Hex } from "~/utils/crypto.server";
import { schema, type Db, type Tx } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { mintAccessLink } from "./access-links.server";
import { sealPayload } from "./outbox-secrets.server";
import {
  buildContext,
  chooseChannel,
  contactFor,
  loadAccount,
  type Subject,
} from "./send-context.server";

export type Executor = Db | Tx;
export type OutboxMessage = typeof schema.outboxMessages.$inferSelect;
export type MessageStatus = OutboxMessage["status"];
type Debtor = typeof schema.debtors.$inferSelect;

export type EnqueueInput = {
  /** One message per cause, ever: e.g. `receipt:pi_123`, `dispute-ack:<disputeId>`. */
  causeKey: string;
  template: TemplateName;
  accountId: string;
  /** Default: the debtor's usable channel, email first (or `preferredChannel` first). */
  channel?: Channel;
  preferredChannel?: Channel;
  initiatedBy: Initiator;
  notBefore?: Date;
  /** The debtor asked for it now (e.g. ticked "email my receipt now"): quiet hours don't hold it. */
  sendNow?: boolean;
  now?: Date;
};

export type EnqueueResult = {
  id: string;
  status: MessageStatus;
  /** Why it is waiting or will not be sent (quiet_hours, opted_out, …). */
  reason: string | null;
  duplicate: boolean;
};

// --- enqueue ---

/**
 * Queues a message in the caller's transaction, so it exists exactly when its cause does.
 * Idempotent per `causeKey`. A message the rules forbid (opted out, no provenance, no SMS
 * consent, account on hold…) is recorded as `suppressed` with the reason, and no link is
 * minted for it; one that must wait is queued for the time it may go.
 */
export async function enqueueMessage(tx: Executor, input: EnqueueInput): Promise<EnqueueResult> {
  const existing = await findByCause(tx, input.causeKey);
  if (existing)
    return {
      id: existing.id,
      status: existing.status,
      reason: existing.lastError,
      duplicate: true,
    };
  const now = input.now ?? new Date();
  const loaded = await loadAccount(tx, input.accountId);
  if (!loaded) throw new Error("enqueueMessage: no such account");
  const { account, debtor, creditor } = loaded;
  const policy = TEMPLATE_POLICY[input.template];
  if (policy.keywordReply)
    throw new Error("enqueueMessage: keyword replies go through enqueueKeywordReply");
  const channel = input.channel ?? (await chooseChannel(tx, debtor, input.preferredChannel));
  const recipient = contactFor(debtor, channel).address;
  const subject: Subject = {
    channel,
    template: input.template,
    initiatedBy: input.initiatedBy,
    recipient,
    sendNow: Boolean(input.sendNow),
    notBefore: input.notBefore ?? null,
  };
  const decision = decideSend(
    await buildContext(tx, subject, debtor, account.status, creditor.id, now),
  );

  const target = {
    account,
    debtor,
    channel,
    recipient,
    template: input.template,
    initiatedBy: input.initiatedBy,
    causeKey: input.causeKey,
    sendNow: Boolean(input.sendNow),
    notBefore: input.notBefore ?? null,
  };
  if (decision.action === "suppress") return insertOnce(tx, outboxRow(target, decision, null, now));
  const link = policy.link
    ? await mintAccessLink(
        {
          accountId: account.id,
          channel,
          now,
          known: { debtorId: account.debtorId, lifetimeDays: creditor.linkLifetimeDays },
        },
        tx,
      )
    : null;
  const result = await insertOnce(tx, outboxRow(target, decision, link, now));
  if (result.duplicate && link) {
    // Lost a race for the same cause: the link minted here is never sent.
    await tx
      .update(schema.accessLinks)
      .set({ revokedAt: now })
      .where(eq(schema.accessLinks.id, link.id));
  }
  return result;
}

export type MessageTarget = {
  account: Pick<typeof schema.accounts.$inferSelect, "id" | "creditorId">;
  debtor: Pick<Debtor, "id" | "language">;
  channel: Channel;
  recipient: string | null;
  template: TemplateName;
  initiatedBy: Initiator;
  causeKey: string;
  sendNow: boolean;
  notBefore: Date | null;
};

/**
 * The outbox row for a decision (one way, for `enqueueMessage` and the bulk path): a
 * suppressed row carries its reason and no secrets; a queued one carries the link (when
 * the template has one), an unsubscribe token for email, and the time it may go.
 * The payload holds only those secrets, sealed to the row's id (never in plain text, so
 * a message held by quiet hours leaves no live token in the table), and never a detail
 * of the debt. The row's id is made here, for that binding.
 */
export function outboxRow(
  target: MessageTarget,
  decision: SendDecision,
  link: { id: string; token: string; code: string } | null,
  now: Date,
): typeof schema.outboxMessages.$inferInsert & { id: string } {
  const base = {
    id: randomUUID(),
    channel: target.channel,
    recipient: target.recipient,
    creditorId: target.account.creditorId,
    debtorId: target.debtor.id,
    accountId: target.account.id,
    template: target.template,
    language: target.debtor.language,
    initiatedBy: target.initiatedBy,
    causeKey: target.causeKey,
    sendNow: target.sendNow,
    notBefore: target.notBefore ?? now,
    createdAt: now,
    updatedAt: now,
  };
  if (decision.action === "suppress")
    return { ...base, status: "suppressed", lastError: decision.reason, nextAttemptAt: now };
  const secrets: schema.OutboxSecrets = {};
  let unsubscribeTokenHash: string | null = null;
  if (link) {
    secrets.linkToken = link.token;
    secrets.code = link.code;
  }
  if (target.channel === "email") {
    secrets.unsubscribeToken = randomUrlToken();
    unsubscribeTokenHash = sha256Hex(secrets.unsubscribeToken);
  }
  return {
    ...base,
    payload: sealPayload(base.id, secrets),
    accessLinkId: link?.id ?? null,
    unsubscribeTokenHash,
    status: "queued",
    lastError: decision.action === "defer" ? decision.reason : null,
    nextAttemptAt: decision.action === "defer" ? decision.until : now,
  };
}

async function findByCause(tx: Executor, causeKey: string) {
  const [row] = await tx
    .select({
      id: schema.outboxMessages.id,
      status: schema.outboxMessages.status,
      lastError: schema.outboxMessages.lastError,
    })
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.causeKey, causeKey))
    .limit(1);
  return row ?? null;
}

async function insertOnce(
  tx: Executor,
  values: typeof schema.outboxMessages.$inferInsert,
): Promise<EnqueueResult> {
  const [row] = await tx
    .insert(schema.outboxMessages)
    .values(values)
    .onConflictDoNothing({ target: schema.outboxMessages.causeKey })
    .returning({
      id: schema.outboxMessages.id,
      status: schema.outboxMessages.status,
      lastError: schema.outboxMessages.lastError,
    });
  if (row) {
    log("info", "outbox.enqueued", {
      messageId: row.id,
      template: values.template,
      channel: values.channel,
      status: row.status,
      reason: row.lastError,
    });
    return { id: row.id, status: row.status, reason: row.lastError, duplicate: false };
  }
  const existing = await findByCause(tx, values.causeKey);
  if (!existing) throw new Error("enqueueMessage: cause conflict without a row");
  return { id: existing.id, status: existing.status, reason: existing.lastError, duplicate: true };
}

/** A reply to an inbound text (STOP, HELP, START), to the number that wrote. */
export async function enqueueKeywordReply(
  tx: Executor,
  input: {
    causeKey: string;
    template: "sms_opt_out_confirmation" | "sms_help" | "sms_resubscribed";
    phone: string;
    debtor: Debtor | null;
    language: Lang;
    now?: Date;
  },
): Promise<EnqueueResult> {
  const existing = await findByCause(tx, input.causeKey);
  if (existing)
    return {
      id: existing.id,
      status: existing.status,
      reason: existing.lastError,
      duplicate: true,
    };
  const now = input.now ?? new Date();
  return insertOnce(tx, {
    channel: "sms",
    recipient: input.phone,
    creditorId: input.debtor?.creditorId ?? null,
    debtorId: input.debtor?.id ?? null,
    template: input.template,
    language: input.language,
    initiatedBy: "debtor",
    causeKey: input.causeKey,
    status: "queued",
    nextAttemptAt: now,
    notBefore: now,
    createdAt: now,
    updatedAt: now,
  });
}
