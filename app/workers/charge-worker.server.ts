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
import { randomUUID } from "node:crypto";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import { eachLimited } from "~/lib/each-limited";
import { audit } from "~/models/audit.server";
import { resumePausedPlans } from "~/models/plans.server";
import { CHARGEABLE_ACCOUNT_STATUSES, CHARGED_PLAN_STATUSES } from "~/models/status-sets.server";
import { syncPaymentIntent, syncPaymentIntents } from "~/models/payments.server";
import { db, schema, type Db, type Tx } from "~/utils/db.server";
import { errorFields, log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";

export type ChargeRun = {
  /** PaymentIntents created (succeeded, or processing for a bank debit). */
  charged: number;
  /** Declined by the bank or card network (retried later by policy). */
  failed: number;
  /** No answer (timeout, 5xx, 429): the attempt stays open for the reconciler. */
  deferred: number;
  /** Refused by Stripe as a bad request: our defect, waiting for someone to act. */
  defects: number;
  /** Attempts left open earlier whose PaymentIntent was found at Stripe and applied. */
  recovered: number;
  /** Attempts left open earlier that never reached Stripe: closed, the installment free again. */
  notReached: number;
};

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

/**
 * An open attempt is decided only once no request for it can still be running at Stripe:
 * a worker sends an attempt within SEND_DEADLINE_MS of recording it or never, its client
 * gives up after 20 s (stripe.server.ts), and Stripe finishes a request it received within
 * seconds. Two minutes leave a wide margin.
 */
export const IN_FLIGHT_GRACE_MS = 120_000;
const SEND_DEADLINE_MS = 30_000;

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

type Claimed = {
  attemptId: string;
  installmentId: string;
  accountId: string;
  creditorId: string;
  planId: string;
  number: number;
  amountCents: number;
  currency: string;
  customer: string;
  paymentMethod: string;
};

/** What a batch's calls learned, applied by applyOutcomes. */
type Outcomes = {
  /** When the batch's calls ended. */
  now: Date;
  /** A PaymentIntent exists: created (any state), or declined with an intent. */
  intents: { claimed: Claimed; intent: Synced; declined: boolean }[];
  defects: {
    claimed: Claimed;
    errorType: string;
    errorCode: string | null;
    paymentIntentId: string | null;
  }[];
  /** No answer: the attempt stays open (unknown) for the reconciler. */
  unknown: { claimed: Claimed; errorType: string; errorCode: string | null }[];
  /** Never sent (the run stopped, or the send deadline passed): closed as not reached. */
  unsent: Claimed[];
};

/**
 * (a) Claims up to `batchSize` due installments (but not those of `unapplied` accounts) and
 * records an attempt for each, in one short transaction; (b) charges them, a few Stripe
 * calls in flight at once, outside any transaction. `more` is false when there is nothing
 * more to do now (fewer than a batch were due and none waited, or Stripe asked us to stop);
 * `accounts` are those charged.
 */
async function chargeBatch(input: {
  clock: () => Date;
  batchSize: number;
  limiter: () => Promise<void>;
  concurrency: number;
  totals: ChargeRun;
  unapplied: ReadonlySet<string>;
  /** Attempts of an earlier batch whose outcome is applied: closed in this claim's transaction. */
  closing: Closure[];
}): Promise<{ more: boolean; accounts: Set<string>; outcomes: Outcomes }> {
  const { clock, batchSize, limiter, concurrency, totals, unapplied, closing } = input;
  const outcomes: Outcomes = { now: clock(), intents: [], defects: [], unknown: [], unsent: [] };
  const { due, waiting, claimed } = await claimBatch({
    now: clock(),
    batchSize,
    unapplied,
    closing,
  });
  const claimedAt = performance.now();
  const accounts = new Set<string>();
  let stop = false;
  const tooLate = () => performance.now() - claimedAt > SEND_DEADLINE_MS;
  await eachLimited(claimed, concurrency, async (item) => {
    if (stop || tooLate()) return void outcomes.unsent.push(item);
    await limiter();
    if (stop || tooLate()) return void outcomes.unsent.push(item);
    accounts.add(item.accountId);
    try {
      const pi = await stripe().paymentIntents.create(
        {
          amount: item.amountCents,
          currency: item.currency,
          customer: item.customer,
          payment_method: item.paymentMethod,
          off_session: true,
          confirm: true,
          // A saved card or US bank account, charged while the debtor is away: no redirect
          // can happen, so no redirect-based method may be offered (without this Stripe
          // wants a return_url, see docs/decisions/0009-charge-attempts.md). A bank debit
          // uses the mandate the debtor accepted when the account was saved in Checkout.
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          metadata: {
            account_id: item.accountId,
            plan_id: item.planId,
            installment_id: item.installmentId,
            purpose: "installment",
            // The reconciler finds a lost attempt's intent by installment and attempt.
            attempt: String(item.number),
          },
          expand: ["latest_charge"],
        },
        { idempotencyKey: idempotencyKey(item.installmentId, item.number) },
      );
      // A succeeded intent is final: applied as Stripe returned it, without reading it again.
      outcomes.intents.push({
        claimed: item,
        intent: pi.status === "succeeded" ? pi : pi.id,
        declined: false,
      });
      totals.charged++;
    } catch (error) {
      const raw = (error as { raw?: { payment_intent?: { id?: string } } }).raw;
      const piId = raw?.payment_intent?.id ?? null;
      // Stripe's own error type (invalid_request_error …), not stripe-node's class name.
      const type =
        (error as { rawType?: string }).rawType ?? (error as { type?: string }).type ?? "unknown";
      const code = (error as { code?: string }).code ?? null;
      if (error instanceof Stripe.errors.StripeCardError && piId) {
        // A definitive answer (declined, authentication required): recorded, retried later by policy.
        outcomes.intents.push({ claimed: item, intent: piId, declined: true });
        totals.failed++;
      } else if (
        (error instanceof Stripe.errors.StripeInvalidRequestError ||
          error instanceof Stripe.errors.StripeIdempotencyError) &&
        code !== "idempotency_key_in_use"
      ) {
        // Stripe refused the request itself: a bug or a misconfiguration of ours. Never
        // retried by itself, never counted against the debtor.
        outcomes.defects.push({
          claimed: item,
          errorType: type,
          errorCode: code,
          paymentIntentId: piId,
        });
        totals.defects++;
        log(
          "error",
          "charge refused by Stripe (our defect; the installment waits until someone retries it)",
          {
            installmentId: item.installmentId,
            attemptId: item.attemptId,
            accountId: item.accountId,
            errorType: type,
            errorCode: code,
          },
        );
      } else {
        // Unknown outcome (timeout, 5xx, 429, a key or permission problem): the attempt
        // stays open; the reconciler finds out whether it reached Stripe.
        outcomes.unknown.push({ claimed: item, errorType: type, errorCode: code });
        totals.deferred++;
        const config =
          error instanceof Stripe.errors.StripeAuthenticationError ||
          error instanceof Stripe.errors.StripePermissionError;
        log(config ? "error" : "warn", "charge deferred", {
          installmentId: item.installmentId,
          attemptId: item.attemptId,
          errorType: type,
          errorCode: code,
          ...errorFields(error),
        });
        if (config || error instanceof Stripe.errors.StripeRateLimitError) stop = true;
      }
    }
  });
  outcomes.now = clock();
  return { more: (due === batchSize || waiting > 0) && !stop, accounts, outcomes };
}

export function idempotencyKey(installmentId: string, attempt: number) {
  return `installment:${installmentId}:attempt:${attempt}`;
}

/** (a) The claim: one short transaction, committed before any Stripe call. */
async function claimBatch(input: {
  now: Date;
  batchSize: number;
  unapplied: ReadonlySet<string>;
  closing: Closure[];
}) {
  const { now, batchSize, unapplied, closing } = input;
  return db().transaction(async (tx) => {
    await closeAttempts(tx, closing, now);
    // The queue is read in the order of its index (installments_claim), 20 rows at a time:
    // a plan that sorts the whole queue (chosen when statistics lag a bulk load) makes
    // every batch cost as much as the queue is long.
    await tx.execute(sql`set local enable_sort = off`);
    const due = await tx
      .select({
        // Only what a charge needs (every column of both rows costs as much again to map).
        installment: {
          id: schema.installments.id,
          attempts: schema.installments.attempts,
          amountCents: schema.installments.amountCents,
          status: schema.installments.status,
        },
        // Attempt numbers are never reused (a key Stripe still remembers would replay).
        lastNumber: sql<
          number | null
        >`(select max(${schema.chargeAttempts.number}) from ${schema.chargeAttempts} where ${schema.chargeAttempts.installmentId} = ${schema.installments.id})`,
        plan: {
          id: schema.plans.id,
          accountId: schema.plans.accountId,
          currency: schema.plans.currency,
          stripeCustomerId: schema.plans.stripeCustomerId,
          stripePaymentMethodId: schema.plans.stripePaymentMethodId,
        },
        creditorId: schema.accounts.creditorId,
      })
      .from(schema.installments)
      .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
      .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(
        and(
          inArray(schema.plans.status, CHARGED_PLAN_STATUSES),
          // The hold rule (allowsScheduledCharges, app/lib/account-rules.ts): never on hold or closed.
          inArray(schema.accounts.status, CHARGEABLE_ACCOUNT_STATUSES),
          sql`${schema.plans.stripePaymentMethodId} is not null`,
          sql`${schema.plans.stripeCustomerId} is not null`,
          or(
            and(
              eq(schema.installments.status, "scheduled"),
              sql`${schema.installments.dueDate} <= (${now.toISOString()}::timestamptz at time zone ${schema.creditors.timezone})::date`,
            ),
            and(
              eq(schema.installments.status, "failed"),
              lte(schema.installments.nextRetryAt, now),
            ),
          ),
        ),
      )
      .orderBy(schema.installments.dueDate, schema.installments.id)
      .limit(batchSize)
      .for("update", { of: schema.installments, skipLocked: true });
    const ready = due.filter((row) => !unapplied.has(row.plan.accountId));
    const claimed: Claimed[] = ready.map((row) => ({
      attemptId: randomUUID(),
      installmentId: row.installment.id,
      accountId: row.plan.accountId,
      creditorId: row.creditorId,
      planId: row.plan.id,
      number: Math.max(row.installment.attempts, Number(row.lastNumber ?? 0)) + 1,
      amountCents: row.installment.amountCents,
      currency: row.plan.currency,
      customer: row.plan.stripeCustomerId!,
      paymentMethod: row.plan.stripePaymentMethodId!,
    }));
    if (claimed.length > 0) {
      // One statement: the installments marked `charging` and their attempts recorded.
      // `attempts` counts tries for the retry policy; an attempt that never reached Stripe
      // (or that Stripe refused as our defect) gives its try back.
      const statusOf = new Map(ready.map((row) => [row.installment.id, row.installment.status]));
      const at = sql`${now.toISOString()}::timestamptz`;
      const rows = sql.join(
        claimed.map(
          (c) =>
            sql`(${c.attemptId}::uuid, ${c.installmentId}::uuid, ${c.accountId}::uuid, ${c.number}::int, ${idempotencyKey(c.installmentId, c.number)}::text, ${statusOf.get(c.installmentId)!}::text, ${c.customer}::text)`,
        ),
        sql`, `,
      );
      await tx.execute(sql`
        with claimed as (
          update installments set status = 'charging', attempts = attempts + 1, updated_at = ${at}
          where id in (${sql.join(
            claimed.map((c) => sql`${c.installmentId}::uuid`),
            sql`, `,
          )})
          returning id
        )
        insert into charge_attempts (id, installment_id, account_id, number, idempotency_key, from_status, stripe_customer_id, started_at)
        select v.id, v.installment_id, v.account_id, v.number, v.key, v.from_status, v.customer, ${at}
        from (values ${rows}) as v(id, installment_id, account_id, number, key, from_status, customer)
        join claimed on claimed.id = v.installment_id`);
    }
    return { due: due.length, waiting: due.length - ready.length, claimed };
  });
}

/** An intent to sync: its id, or the intent itself when its state is final (succeeded). */
type Synced = string | Stripe.PaymentIntent;
const intentId = (x: Synced) => (typeof x === "string" ? x : x.id);

/**
 * (c) Applies a batch's outcomes, each kind in its own short transaction. Never throws:
 * whatever fails leaves its attempt open, and the reconciler finishes it.
 */
async function applyOutcomes(outcomes: Outcomes): Promise<Closure[]> {
  const { now } = outcomes;
  const closures: Closure[] = [];
  await guarded("apply charged intents", async () => {
    const applied = await syncAfterCharges(outcomes.intents.map((i) => i.intent));
    const done = outcomes.intents.filter((i) => applied.has(intentId(i.intent)));
    const pending = outcomes.intents.filter((i) => !applied.has(intentId(i.intent)));
    // Closed by the caller, in its next claim's transaction.
    closures.push(
      ...done.map((i) => ({
        attemptId: i.claimed.attemptId,
        paymentIntentId: intentId(i.intent),
        status: i.declined ? ("declined" as const) : ("charged" as const),
      })),
    );
    // Known intent, outcome not applied: left open with the intent on it for the reconciler.
    if (pending.length > 0)
      await markUnknown(
        pending.map((i) => ({
          attemptId: i.claimed.attemptId,
          paymentIntentId: intentId(i.intent),
          errorType: null,
          errorCode: null,
        })),
        now,
      );
  });
  if (outcomes.defects.length > 0)
    await guarded("record defects", () => recordDefects(outcomes.defects, now));
  if (outcomes.unknown.length > 0) {
    await guarded("record unknown outcomes", () =>
      markUnknown(
        outcomes.unknown.map((u) => ({
          attemptId: u.claimed.attemptId,
          paymentIntentId: null,
          errorType: u.errorType,
          errorCode: u.errorCode,
        })),
        now,
      ),
    );
  }
  // Ours to decide: this worker never sent them, and never will.
  if (outcomes.unsent.length > 0)
    await guarded(
      "release unsent attempts",
      async () =>
        void (await closeNotReached(
          outcomes.unsent.map((c) => c.attemptId),
          now,
        )),
    );
  return closures;
}

async function guarded(what: string, work: () => Promise<void>) {
  try {
    await work();
  } catch (error) {
    log("warn", `charge worker: ${what} failed; the reconciler will finish it`, errorFields(error));
  }
}

/** An attempt whose intent is applied, to be closed. */
type Closure = { attemptId: string; paymentIntentId: string; status: "charged" | "declined" };

/** Closes attempts whose intent is applied (only if still open). */
async function closeAttempts(conn: Db | Tx, rows: Closure[], now: Date) {
  for (const status of ["charged", "declined"] as const) {
    const mine = rows.filter((r) => r.status === status);
    if (mine.length === 0) continue;
    const intentOf = sql.join(
      mine.map((r) => sql`when ${r.attemptId}::uuid then ${r.paymentIntentId}::text`),
      sql` `,
    );
    await conn
      .update(schema.chargeAttempts)
      .set({
        status,
        stripePaymentIntentId: sql`case ${schema.chargeAttempts.id} ${intentOf} end`,
        endedAt: sql`coalesce(${schema.chargeAttempts.endedAt}, ${now.toISOString()}::timestamptz)`,
        resolvedAt: now,
      })
      .where(
        and(
          inArray(
            schema.chargeAttempts.id,
            mine.map((r) => r.attemptId),
          ),
          inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
        ),
      );
  }
}

async function markUnknown(
  rows: {
    attemptId: string;
    paymentIntentId: string | null;
    errorType: string | null;
    errorCode: string | null;
  }[],
  now: Date,
) {
  await db().transaction(async (tx) => {
    for (const r of rows) {
      await tx
        .update(schema.chargeAttempts)
        .set({
          status: "unknown",
          stripePaymentIntentId: r.paymentIntentId,
          errorType: r.errorType,
          errorCode: r.errorCode,
          endedAt: now,
        })
        .where(
          and(
            eq(schema.chargeAttempts.id, r.attemptId),
            eq(schema.chargeAttempts.status, "in_flight"),
          ),
        );
    }
  });
}

/**
 * Stripe refused the charge request: the attempt records why (type and code), the
 * installment waits in `needs_attention` (not retried, not a missed payment: its try is
 * given back), and the creditor sees it (audit trail, dashboard, account page).
 */
async function recordDefects(defects: Outcomes["defects"], now: Date) {
  await db().transaction(async (tx) => {
    for (const d of defects) {
      const [closed] = await tx
        .update(schema.chargeAttempts)
        .set({
          status: "defect",
          errorType: d.errorType,
          errorCode: d.errorCode,
          stripePaymentIntentId: d.paymentIntentId,
          endedAt: now,
          resolvedAt: now,
        })
        .where(
          and(
            eq(schema.chargeAttempts.id, d.claimed.attemptId),
            inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
          ),
        )
        .returning({ id: schema.chargeAttempts.id });
      if (!closed) continue;
      await tx
        .update(schema.installments)
        .set({
          status: "needs_attention",
          attempts: sql`greatest(${schema.installments.attempts} - 1, 0)`,
          updatedAt: now,
        })
        .where(
          and(
            eq(schema.installments.id, d.claimed.installmentId),
            eq(schema.installments.status, "charging"),
          ),
        );
      await audit(
        {
          actorType: "system",
          creditorId: d.claimed.creditorId,
          action: "payment.refused_by_stripe",
          targetType: "account",
          targetId: d.claimed.accountId,
          details: {
            installmentId: d.claimed.installmentId,
            attempt: d.claimed.number,
            errorType: d.errorType,
            errorCode: d.errorCode,
          },
        },
        tx,
      );
    }
  });
}

/**
 * Closes open attempts as never reached Stripe and puts their installments back where the
 * claim found them (scheduled, or failed awaiting its retry), giving back the try; an
 * installment of a plan cancelled meanwhile is skipped, as cancelling does. Only one
 * caller closes each attempt (the update's condition), so only one frees its installment.
 */
async function closeNotReached(attemptIds: string[], now: Date): Promise<number> {
  if (attemptIds.length === 0) return 0;
  return db().transaction(async (tx) => {
    const closed = await tx
      .update(schema.chargeAttempts)
      .set({
        status: "not_reached",
        endedAt: sql`coalesce(${schema.chargeAttempts.endedAt}, ${now.toISOString()}::timestamptz)`,
        resolvedAt: now,
      })
      .where(
        and(
          inArray(schema.chargeAttempts.id, attemptIds),
          inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
        ),
      )
      .returning({ id: schema.chargeAttempts.id });
    if (closed.length === 0) return 0;
    const ids = sql.join(
      closed.map((c) => sql`${c.id}::uuid`),
      sql`, `,
    );
    await tx.execute(sql`
      update installments set
        status = case when exists (select 1 from plans p where p.id = installments.plan_id and p.status = 'cancelled') then 'skipped' else a.from_status end,
        attempts = greatest(installments.attempts - 1, 0),
        updated_at = ${now.toISOString()}::timestamptz
      from charge_attempts a
      where a.id in (${ids}) and installments.id = a.installment_id and installments.status = 'charging'`);
    return closed.length;
  });
}

/**
 * Intents per sync transaction, and such transactions at once: a default batch of 20 is
 * applied in four transactions side by side (measured on 2 cores: 10 × 2 and 20 × 2 were
 * slower; each transaction locks its accounts in id order first, so lanes cannot deadlock).
 */
const SYNC_GROUP = 5;
const SYNC_LANES = 4;

/**
 * Applies charged intents' states in groups of SYNC_GROUP, one transaction each,
 * SYNC_LANES at once; a group that fails is retried intent by intent. Returns the ids of
 * the intents applied. Never throws: whatever is left, the webhook or the reconciler finishes.
 */
async function syncAfterCharges(ids: Synced[]): Promise<Set<string>> {
  const applied = new Set<string>();
  const groups: Synced[][] = [];
  for (let i = 0; i < ids.length; i += SYNC_GROUP) groups.push(ids.slice(i, i + SYNC_GROUP));
  await eachLimited(groups, SYNC_LANES, async (group) => {
    try {
      await syncPaymentIntents(group);
      for (const item of group) applied.add(intentId(item));
      return;
    } catch (error) {
      if (group.length === 1)
        return log("warn", "sync after charge failed; the webhook or reconciler will finish it", {
          ...errorFields(error),
        });
    }
    for (const item of group) {
      try {
        await syncPaymentIntent(intentId(item));
        applied.add(intentId(item));
      } catch (error) {
        log("warn", "sync after charge failed; the webhook or reconciler will finish it", {
          ...errorFields(error),
        });
      }
    }
  });
  return applied;
}

/**
 * The reconciler of open attempts (a worker that died mid-call, an answer lost). For each
 * attempt open for longer than the grace period, finds its PaymentIntent at Stripe: listed
 * by the attempt's customer since shortly before the attempt started (a list, not search:
 * Stripe's search is only eventually consistent), matched on the installment and attempt
 * in its metadata. Found: applied through the webhooks' code, the attempt closed. Not
 * found: closed as never reached, and the installment may be tried again (new attempt,
 * new key). Called before every worker run and by the daily reconcile.
 */
export async function resolveOpenAttempts(
  input: { now?: Date; graceMs?: number; limit?: number } = {},
): Promise<{ recovered: number; notReached: number; open: number }> {
  const now = input.now ?? new Date();
  const graceMs = input.graceMs ?? IN_FLIGHT_GRACE_MS;
  const open = await db()
    .select({
      id: schema.chargeAttempts.id,
      installmentId: schema.chargeAttempts.installmentId,
      number: schema.chargeAttempts.number,
      customer: schema.chargeAttempts.stripeCustomerId,
      paymentIntentId: schema.chargeAttempts.stripePaymentIntentId,
      startedAt: schema.chargeAttempts.startedAt,
    })
    .from(schema.chargeAttempts)
    .where(
      and(
        inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
        lte(schema.chargeAttempts.startedAt, new Date(now.getTime() - graceMs)),
      ),
    )
    .orderBy(schema.chargeAttempts.startedAt)
    .limit(input.limit ?? 500);
  if (open.length === 0) return { recovered: 0, notReached: 0, open: 0 };

  const found: { attemptId: string; pi: Stripe.PaymentIntent }[] = [];
  const missing: string[] = [];
  const byCustomer = new Map<string, typeof open>();
  for (const attempt of open)
    byCustomer.set(attempt.customer, [...(byCustomer.get(attempt.customer) ?? []), attempt]);
  for (const [customer, attempts] of byCustomer) {
    const wanted = new Map(attempts.map((a) => [`${a.installmentId}:${a.number}`, a]));
    // Margin for clocks that disagree: the intent cannot be older than its attempt.
    const since = Math.floor(Math.min(...attempts.map((a) => a.startedAt.getTime())) / 1000) - 3600;
    try {
      for await (const pi of stripe().paymentIntents.list({
        customer,
        created: { gte: since },
        limit: 100,
        expand: ["data.latest_charge"],
      })) {
        const key = `${pi.metadata?.installment_id}:${pi.metadata?.attempt}`;
        const attempt = wanted.get(key);
        if (!attempt) continue;
        found.push({ attemptId: attempt.id, pi });
        wanted.delete(key);
        if (wanted.size === 0) break;
      }
      missing.push(...[...wanted.values()].map((a) => a.id));
    } catch (error) {
      if ((error as { code?: string }).code === "resource_missing") {
        missing.push(...attempts.map((a) => a.id)); // no such customer: nothing was charged to it
      } else {
        log("warn", "reconciling open charge attempts failed; tried again next run", {
          stripeCustomerId: customer,
          ...errorFields(error),
        });
      }
    }
  }

  let recovered = 0;
  if (found.length > 0) {
    const applied = await syncAfterCharges(found.map((f) => f.pi));
    const done = found.filter((f) => applied.has(f.pi.id));
    await closeAttempts(
      db(),
      done.map((f) => ({
        attemptId: f.attemptId,
        paymentIntentId: f.pi.id,
        status:
          f.pi.status === "requires_payment_method" || f.pi.status === "canceled"
            ? "declined"
            : "charged",
      })),
      now,
    );
    recovered = done.length;
    if (done.length > 0)
      log("info", "open charge attempts recovered from Stripe", { count: done.length });
  }
  const notReached = await closeNotReached(missing, now);
  if (notReached > 0)
    log("info", "open charge attempts closed as never reached Stripe", { count: notReached });
  return { recovered, notReached, open: open.length };
}

/**
 * Daily: decides open attempts, then re-syncs what is still pending, so a lost webhook
 * never leaves a payment behind.
 */
export async function reconcile(now = new Date()) {
  const attempts = await resolveOpenAttempts({ now });
  const pending = await db()
    .select({ pi: schema.payments.stripePaymentIntentId })
    .from(schema.payments)
    .where(inArray(schema.payments.status, ["processing"]));
  const stuck = await db()
    .select({ pi: schema.installments.stripePaymentIntentId })
    .from(schema.installments)
    .where(
      and(
        inArray(schema.installments.status, ["processing", "charging"]),
        sql`${schema.installments.stripePaymentIntentId} is not null`,
      ),
    );
  // Attempts closed with an intent whose installment is still `charging` (the outcome was
  // recorded, applying it failed and no webhook came).
  const closedUnapplied = await db()
    .select({ pi: schema.chargeAttempts.stripePaymentIntentId })
    .from(schema.chargeAttempts)
    .innerJoin(schema.installments, eq(schema.installments.id, schema.chargeAttempts.installmentId))
    .where(
      and(
        eq(schema.installments.status, "charging"),
        inArray(schema.chargeAttempts.status, ["charged", "declined"]),
      ),
    );
  let synced = 0;
  for (const id of new Set(
    [...pending, ...stuck, ...closedUnapplied].map((r) => r.pi).filter(Boolean) as string[],
  )) {
    try {
      await syncPaymentIntent(id);
      synced++;
    } catch (error) {
      log("warn", "reconcile failed", { ...errorFields(error) });
    }
  }
  const resumed = await resumePausedPlans(now);
  return {
    synced,
    resumed: resumed.length,
    attemptsRecovered: attempts.recovered,
    attemptsNotReached: attempts.notReached,
  };
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
