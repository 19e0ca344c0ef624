// The installment worker: charges due installments off-session. Several workers may run.
// No transaction and no row lock is ever held while Stripe is asked (docs/decisions/
// 0009-charge-attempts.md):
//
//  (a) claim: one short transaction locks a batch of due installments (FOR UPDATE SKIP
//      LOCKED), records one attempt per installment (charge_attempts: its number, its
//      idempotency key, when) and marks the installments `charging`; it commits;
//  (b) call: the PaymentIntents are created outside any transaction (a few in flight at
//      once, under a request-rate cap);
//  (c) apply: the answers are applied in other short transactions, through the functions
//      the webhooks use (syncPaymentIntents), one batch behind the charging.
//
// Stripe keeps an idempotency key about 24 hours, so exactly-once does not rest on the key:
// an attempt left open (the worker died, the answer was lost) is resolved by finding its
// PaymentIntent at Stripe (listed by customer, matched on the installment and attempt in
// its metadata) before the installment may be tried again; an attempt whose intent does
// not exist is closed as "never reached Stripe", and only then does a new attempt (with a
// new number, so a new key) start.
//
// Stripe refusing the request itself (invalid_request_error) is our defect, not the
// debtor's: logged at error level, counted, recorded on the attempt, and the installment
// waits in `needs_attention` until someone retries it after the fix
// (app/models/charge-problems.server.ts).
//
// The steps live beside this file: charge-claim (a), charge-batch (a + b), charge-apply (c),
// charge-attempts (the attempt records) and charge-reconcile (the reconciler).
import { resumePausedPlans } from "~/models/plans.server";
import { db } from "~/utils/db.server";
import { errorFields, log } from "~/utils/log.server";
import { applyOutcomes, guarded } from "./charge-apply.server";
import { closeAttempts, type Closure } from "./charge-attempts.server";
import { chargeBatch, type ChargeRun } from "./charge-batch.server";
import { reconcile, resolveOpenAttempts } from "./charge-reconcile.server";

export { IN_FLIGHT_GRACE_MS, idempotencyKey } from "./charge-attempts.server";
export type { ChargeRun } from "./charge-batch.server";
export { reconcile, resolveOpenAttempts };

type Options = {
  now?: Date;
  batchSize?: number;
  maxPerSecond?: number;
  maxBatches?: number;
  /** Stripe calls in flight at once within a batch (each installment has its own key). */
  concurrency?: number;
  /** How old an open attempt must be before the reconciler may decide it (IN_FLIGHT_GRACE_MS). */
  inFlightGraceMs?: number;
};

const emptyRun = (): ChargeRun => ({
  charged: 0,
  failed: 0,
  deferred: 0,
  defects: 0,
  recovered: 0,
  notReached: 0,
});

export async function chargeDueInstallments(options: Options = {}): Promise<ChargeRun> {
  const now = options.now ?? new Date();
  // The run's clock: `now` plus the time the run has taken. A long run records each attempt
  // at the time it is really claimed, so another worker's reconciler can never take an
  // attempt of this run for an old one (tests pass a later `now`; the clock follows it).
  const runStarted = performance.now();
  const clock = () => new Date(now.getTime() + (performance.now() - runStarted));
  const batchSize = options.batchSize ?? 20;
  const limiter = rateLimiter(options.maxPerSecond ?? 20);
  const concurrency = options.concurrency ?? 8;
  const totals = emptyRun();
  // Attempts left open by an earlier run are decided first: their installments are
  // `charging`, so no new attempt can start for them before that.
  const resolved = await resolveOpenAttempts({ now, graceMs: options.inFlightGraceMs });
  // Hardship pauses that end today: their plans run again (what fell due meanwhile is
  // moved forward with a notice, not charged at once).
  await resumePausedPlans(now);
  totals.recovered += resolved.recovered;
  totals.notReached += resolved.notReached;
  // Outcomes are applied while the next batch is charged: at most one batch behind, and
  // always finished before returning. Closing the applied attempts rides on the next
  // claim's transaction (no commit of its own); the last ones are closed at the end.
  let applying: Promise<Closure[]> = Promise.resolve([]);
  let toClose: Closure[] = [];
  // Accounts with a charge whose outcome is not applied yet: their other installments wait
  // for the next batch (the outcome may complete or break the plan, or pay the account).
  let unapplied = new Set<string>();
  try {
    for (let batch = 0; batch < (options.maxBatches ?? 10_000); batch++) {
      const closing = toClose;
      toClose = [];
      const { more, accounts, outcomes } = await chargeBatch({
        clock,
        batchSize,
        limiter,
        concurrency,
        totals,
        unapplied,
        closing,
      });
      toClose = await applying;
      applying = applyOutcomes(outcomes);
      unapplied = accounts;
      if (!more) break;
    }
  } finally {
    toClose.push(...(await applying));
    await guarded("close applied attempts", () => closeAttempts(db(), toClose, clock()));
  }
  return totals;
}

function rateLimiter(perSecond: number) {
  const gap = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const wait = Math.max(0, next - now);
    next = Math.max(now, next) + gap;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  };
}

/** In-process loop for demo mode; `npm run worker` runs the same thing as its own process. */
export function startChargeWorker(options: { intervalMs: number }) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let lastReconcile = 0;
  const tick = async () => {
    try {
      const run = await chargeDueInstallments();
      if (Object.values(run).some((n) => n > 0)) log("info", "charge run", run);
      if (Date.now() - lastReconcile > 24 * 3600 * 1000) {
        lastReconcile = Date.now();
        await reconcile();
      }
    } catch (error) {
      log("error", "charge worker", errorFields(error));
    }
    if (!stopped) timer = setTimeout(tick, options.intervalMs);
  };
  timer = setTimeout(tick, 1000);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
