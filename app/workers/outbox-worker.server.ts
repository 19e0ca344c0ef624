// Delivers the outbox. No transaction and no row lock is ever held during an SMTP or
// Twilio call (docs/decisions/0012-secrets-at-rest-and-outbox-delivery.md):
//
// 1. claim (one short transaction): a batch of due rows, FOR UPDATE SKIP LOCKED, becomes
//    `sending` under this pass's claim token, with a lease (`next_attempt_at`);
// 2. decide (one short transaction per message, locking the debtor so two workers cannot
//    both use the day's one message): every sending rule again; a message that may go is
//    marked dispatched and its lease renewed, only while the claim is still ours;
// 3. send, outside any transaction, with bounded timeouts well inside the lease;
// 4. record the outcome in another short statement, only under our claim.
//
// A row whose worker died is taken again once its lease has run out. Failures retry with
// exponential backoff; a cause has one row, so a retried cause never sends twice.
import { and, asc, eq, inArray, lte } from "drizzle-orm";
import { db as appDb, schema, type Db } from "~/utils/db.server";
import { getEnv, type Env } from "~/utils/env.server";
import { errorFields, log } from "~/utils/log.server";
import { randomId } from "~/utils/crypto.server";
import { evaluateMessage, renderOutboxMessage } from "~/models/outbox-delivery.server";
import { scheduleReminders } from "~/models/payment-reminders.server";
import { type OutboxMessage } from "~/models/outbox.server";
import { deleteStaleThrottles } from "~/models/creditor-sign-in-throttle.server";
import { deleteExpiredSessions } from "~/utils/session.server";
import {
  createSmtpSender,
  DeliveryError,
  type DeliveryResult,
  type EmailSender,
  type OutgoingEmail,
} from "~/services/email.server";
import { createTwilioSender, type SmsSender } from "~/services/sms.server";

export const MAX_ATTEMPTS = 8;
/** How long a claim holds a message; renewed right before its send, far above any provider call's timeout. */
export const LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;

/** 1 min, 2, 4, 8 … capped at 6 hours. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
}

export type Transports = {
  email: Pick<EmailSender, "send">;
  sms: SmsSender;
  close?: () => void;
};

/** Demo mode without settings: "delivered" to the demo outbox page, nothing leaves. */
const demoSender = {
  async send(): Promise<DeliveryResult> {
    return { provider: "demo", providerId: `demo-${randomId()}` };
  },
};

const notConfigured = (what: string) => ({
  async send(): Promise<DeliveryResult> {
    throw new DeliveryError(`${what}_not_configured`, false);
  },
});

/** The real transports whenever their settings are present; the demo outbox otherwise (demo mode only). */
export function transportsFromEnv(env: Env = getEnv()): Transports {
  const smtp =
    env.SMTP_URL && env.MAIL_FROM
      ? createSmtpSender({ smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM })
      : null;
  const twilio =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? createTwilioSender({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          baseUrl: env.TWILIO_BASE_URL,
        })
      : null;
  return {
    email: smtp ?? (env.demo ? demoSender : notConfigured("smtp")),
    sms: twilio ?? (env.demo ? demoSender : notConfigured("twilio")),
    close: () => smtp?.close(),
  };
}

export type PassResult = {
  claimed: number;
  sent: number;
  deferred: number;
  suppressed: number;
  retried: number;
  failed: number;
};

/** One pass over due messages (up to `limit`). */
export async function processOutbox(options: {
  transports: Transports;
  now?: Date;
  limit?: number;
  database?: Db;
  demo?: boolean;
}): Promise<PassResult> {
  const database = options.database ?? appDb();
  const now = options.now ?? new Date();
  const demo = options.demo ?? getEnv().demo;
  const result: PassResult = {
    claimed: 0,
    sent: 0,
    deferred: 0,
    suppressed: 0,
    retried: 0,
    failed: 0,
  };
  // The pass's clock: its `now` (tests pass one), moving on with real time, so the lease
  // renewed before each send starts at the moment of that send.
  const startedAt = Date.now();
  const clock = () => new Date(now.getTime() + (Date.now() - startedAt));
  const claimed = await claim(database, now, options.limit ?? 25);
  result.claimed = claimed.length;
  for (const message of claimed) {
    try {
      const outcome = await deliverOne(database, message, now, clock, options.transports, demo);
      result[outcome]++;
    } catch (error) {
      // Unexpected (database down mid-pass): the lease runs out and a later pass retries.
      log("error", "outbox.unexpected", { messageId: message.id, ...errorFields(error) });
    }
  }
  return result;
}

async function claim(database: Db, now: Date, limit: number): Promise<OutboxMessage[]> {
  const m = schema.outboxMessages;
  const claimToken = randomId();
  return database.transaction(async (tx) => {
    const due = await tx
      .select({ id: m.id })
      .from(m)
      // `sending` past its lease: a worker died mid-way; take it over.
      .where(and(inArray(m.status, ["queued", "sending"]), lte(m.nextAttemptAt, now)))
      .orderBy(asc(m.nextAttemptAt))
      .limit(limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(m)
      .set({
        status: "sending",
        claimToken,
        nextAttemptAt: new Date(now.getTime() + LEASE_MS),
        updatedAt: now,
      })
      .where(
        inArray(
          m.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
  });
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

async function deliverOne(
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

/**
 * Runs the worker in this process: a pass every `intervalMs` (draining full batches at
 * once) and the reminder scheduler (with the sessions' and sign-in counts' clean-up)
 * every few minutes. Returns a stop function that waits
 * for the pass in progress.
 */
export function startOutboxWorker(
  options: { intervalMs?: number; transports?: Transports; reminderEveryMs?: number } = {},
): () => Promise<void> {
  const intervalMs = options.intervalMs ?? 5_000;
  const reminderEveryMs = options.reminderEveryMs ?? 10 * 60_000;
  const transports = options.transports ?? transportsFromEnv();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let lastReminders = 0;

  const tick = async () => {
    try {
      if (Date.now() - lastReminders >= reminderEveryMs) {
        lastReminders = Date.now();
        const queued = await scheduleReminders(new Date());
        if (queued > 0) log("info", "outbox.reminders", { queued });
        // Housekeeping on the same clock: ended sessions (expired, or of a revoked link)
        // and sign-in counts whose window is over.
        await deleteExpiredSessions();
        await deleteStaleThrottles();
      }
      for (let i = 0; i < 20 && !stopped; i++) {
        const pass = await processOutbox({ transports });
        if (pass.claimed < 25) break;
      }
    } catch (error) {
      log("error", "outbox.worker", errorFields(error));
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(schedule);
    }, intervalMs);
    timer.unref?.();
  };
  running = tick().finally(schedule);
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running.catch(() => {});
    transports.close?.();
  };
}
