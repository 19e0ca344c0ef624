// Steps 2 to 4 of the outbox worker for one claimed message (outbox-worker.server.ts):
// decide under the debtor's lock, send outside any transaction, record the outcome, each
// only while the claim is still ours.
import { and, eq } from "drizzle-orm";
import { schema, type Db } from "~/utils/db.server";
import { errorFields, log } from "~/utils/log.server";
import { evaluateMessage, renderOutboxMessage } from "~/models/outbox-delivery.server";
import { type OutboxMessage } from "~/models/outbox.server";
import { DeliveryError, type DeliveryResult, type OutgoingEmail } from "~/services/email.server";
import { type Transports } from "~/services/outbox-transports.server";

export const MAX_ATTEMPTS = 8;
/** How long a claim holds a message; renewed right before its send, far above any provider call's timeout. */
export const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** 1 min, 2, 4, 8 … capped at 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

type Outcome = "sent" | "deferred" | "suppressed" | "retried" | "failed";

/** Ours while the row is `sending` under our claim token. */
function ours(message: OutboxMessage) {
  const m = schema.outboxMessages;
  return and(
    eq(m.id, message.id),
    eq(m.status, "sending"),
    eq(m.claimToken, message.claimToken ?? ""),
  );
}

export async function deliverOne(
  database: Db,
  message: OutboxMessage,
  now: Date,
  clock: () => Date,
  transports: Transports,
  demo: boolean,
): Promise<Outcome> {
  const m = schema.outboxMessages;
  const evaluation = await database.transaction(async (tx) => {
    // Serialises decisions per debtor: the cadence count below sees every other worker's send.
    if (message.debtorId) {
      await tx
        .select({ id: schema.debtors.id })
        .from(schema.debtors)
        .where(eq(schema.debtors.id, message.debtorId))
        .for("update");
    }
    const ev = await evaluateMessage(tx, message, now);
    const d = ev.decision;
    let still: { id: string }[];
    if (d.action === "send") {
      // The lease starts again now, so the whole send fits in it.
      still = await tx
        .update(m)
        .set({
          dispatchedAt: now,
          attempts: message.attempts + 1,
          nextAttemptAt: new Date(clock().getTime() + LEASE_MS),
          updatedAt: now,
        })
        .where(ours(message))
        .returning({ id: m.id });
    } else if (d.action === "defer") {
      still = await tx
        .update(m)
        .set({
          status: "queued",
          claimToken: null,
          nextAttemptAt: d.until,
          lastError: d.reason,
          updatedAt: now,
        })
        .where(ours(message))
        .returning({ id: m.id });
    } else {
      still = await tx
        .update(m)
        .set({
          status: "suppressed",
          claimToken: null,
          lastError: d.reason,
          payload: {},
          updatedAt: now,
        })
        .where(ours(message))
        .returning({ id: m.id });
      if (still.length) await revokeUnsentLink(tx, message, now);
    }
    return { ...ev, lost: still.length === 0 };
  });
  if (evaluation.lost) {
    // Another worker took it over after our lease ran out: it is theirs now.
    log("warn", "outbox.claim_lost", { messageId: message.id });
    return "deferred";
  }
  if (evaluation.decision.action === "defer") return "deferred";
  if (evaluation.decision.action === "suppress") {
    log("info", "outbox.suppressed", { messageId: message.id, reason: evaluation.decision.reason });
    return "suppressed";
  }

  const attempts = message.attempts + 1;
  let delivery: DeliveryResult;
  try {
    const rendered = renderOutboxMessage(message, evaluation.sender, evaluation.firstMessage);
    delivery =
      rendered.channel === "email"
        ? await transports.email.send(emailFor(message, rendered, evaluation.sender))
        : await transports.sms.send({ to: message.recipient ?? "", body: rendered.body });
  } catch (error) {
    const failure =
      error instanceof DeliveryError
        ? error
        : new DeliveryError("render_error", true, (error as Error).message);
    const finished = failure.permanent || attempts >= MAX_ATTEMPTS;
    await database.transaction(async (tx) => {
      const [updated] = await tx
        .update(m)
        .set(
          finished
            ? {
                status: "failed",
                claimToken: null,
                lastError: failure.code,
                dispatchedAt: null,
                payload: {},
                updatedAt: new Date(),
              }
            : {
                status: "queued",
                claimToken: null,
                lastError: failure.code,
                dispatchedAt: null,
                nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
                updatedAt: new Date(),
              },
        )
        .where(ours(message))
        .returning({ id: m.id });
      if (updated && finished) await revokeUnsentLink(tx, message, now);
      if (failure.code === "twilio_21610" && message.recipient) {
        // Twilio says this number replied STOP to us: remember it here too.
        await tx
          .insert(schema.smsSuppressions)
          .values({ phone: message.recipient, keyword: "carrier" })
          .onConflictDoNothing();
      }
    });
    log(finished ? "warn" : "info", finished ? "outbox.failed" : "outbox.retry", {
      messageId: message.id,
      errorCode: failure.code,
      attempts,
    });
    return finished ? "failed" : "retried";
  }

  // The provider has it: record that, and never treat a failure to record as a failed
  // send (the message is out). A few tries ride out a database blip; if the record still
  // cannot be written, the row stays `sending` and is sent again after its lease: the one
  // way a message can go twice (email keeps its Message-ID, so mailboxes show it once).
  const keep = delivery.provider === "demo" && demo;
  for (let attempt = 1; ; attempt++) {
    try {
      await database
        .update(m)
        .set({
          status: "sent",
          claimToken: null,
          sentAt: new Date(),
          provider: delivery.provider,
          providerId: delivery.providerId,
          lastError: null,
          // The link and code leave with the message; only the demo outbox keeps them to show.
          payload: keep ? message.payload : {},
          updatedAt: new Date(),
        })
        .where(ours(message));
      break;
    } catch (error) {
      if (attempt >= 3) {
        log("error", "outbox.unrecorded", {
          messageId: message.id,
          provider: delivery.provider,
          ...errorFields(error),
        });
        return "sent";
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
  log("info", "outbox.sent", {
    messageId: message.id,
    channel: message.channel,
    provider: delivery.provider,
    attempts,
  });
  return "sent";
}

function emailFor(
  message: OutboxMessage,
  rendered: { subject: string; text: string; html: string; unsubscribeUrl: string | null },
  sender: { displayName: string; supportEmail: string } | null,
): OutgoingEmail {
  return {
    // The same on every attempt: a message sent twice (a worker died between the
    // provider's acceptance and our record) is one message to the mailbox.
    messageKey: message.id,
    to: message.recipient ?? "",
    fromName: sender?.displayName ?? "Payment portal",
    replyTo: sender?.supportEmail ?? null,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    unsubscribeUrl: rendered.unsubscribeUrl,
  };
}

async function revokeUnsentLink(
  tx: Parameters<Parameters<Db["transaction"]>[0]>[0],
  message: OutboxMessage,
  now: Date,
) {
  if (!message.accessLinkId) return;
  await tx
    .update(schema.accessLinks)
    .set({ revokedAt: now })
    .where(eq(schema.accessLinks.id, message.accessLinkId));
}
