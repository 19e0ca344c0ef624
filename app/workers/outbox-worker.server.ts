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
//
// Steps 2 to 4 for one message are outbox-send.server.ts; the transports are
// app/services/outbox-transports.server.ts.
import { and, asc, inArray, lte } from "drizzle-orm";
import { db as appDb, schema, type Db } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { errorFields, log } from "~/utils/log.server";
import { randomId } from "~/utils/crypto.server";
import { scheduleReminders } from "~/models/payment-reminders.server";
import { type OutboxMessage } from "~/models/outbox.server";
import { deleteStaleThrottles } from "~/models/creditor-sign-in-throttle.server";
import { deleteExpiredSessions } from "~/utils/session.server";
import { transportsFromEnv, type Transports } from "~/services/outbox-transports.server";
import { deliverOne, LEASE_MS } from "./outbox-send.server";

export { backoffMs, LEASE_MS, MAX_ATTEMPTS } from "./outbox-send.server";
export { transportsFromEnv, type Transports } from "~/services/outbox-transports.server";

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
