// The installment worker: charges due installments off-session. Several workers may run:
// each batch locks its rows (FOR UPDATE SKIP LOCKED) for the length of its Stripe calls
// (a few in flight at once, under a request-rate cap),
// and every charge carries a deterministic idempotency key, so a worker killed mid-call
// retries with the same key and Stripe returns the first result instead of charging again.
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import { todayIn } from "~/lib/calendar-date";
import { resumePausedPlans } from "~/models/plans.server";
import { syncPaymentIntent, syncPaymentIntents } from "~/models/payments.server";
import { db, schema } from "~/utils/db.server";
import { errorFields, log } from "~/utils/log.server";
import { stripe } from "./stripe.server";

export type ChargeRun = { charged: number; failed: number; deferred: number };

type Options = {
  now?: Date;
  batchSize?: number;
  maxPerSecond?: number;
  maxBatches?: number;
  /** Stripe calls in flight at once within a batch (each installment has its own key). */
  concurrency?: number;
};

export async function chargeDueInstallments(options: Options = {}): Promise<ChargeRun> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 20;
  const limiter = rateLimiter(options.maxPerSecond ?? 20);
  const concurrency = options.concurrency ?? 8;
  const totals: ChargeRun = { charged: 0, failed: 0, deferred: 0 };
  // Final states are applied outside the lock, through the same code as webhooks, while
  // the next batch is charged: at most one batch behind, and always finished before returning.
  let syncing: Promise<void> = Promise.resolve();
  // Accounts with a charge whose outcome is not applied yet: their other installments wait
  // for the next batch (the outcome may complete or break the plan, or pay the account).
  let unsynced = new Set<string>();
  try {
    for (let batch = 0; batch < (options.maxBatches ?? 10_000); batch++) {
      const synced: Synced[] = [];
      const { more, accounts } = await chargeBatch({ now, batchSize, limiter, concurrency, totals, synced, unsynced });
      await syncing;
      syncing = syncAfterCharges(synced);
      unsynced = accounts;
      if (!more) break;
    }
  } finally {
    await syncing;
  }
  return totals;
}

/**
 * Locks up to `batchSize` due installments and charges them (but not those of `unsynced`
 * accounts), a few Stripe calls in flight at once; the intents to sync go to `synced`
 * (a succeeded one as Stripe returned it: that state is final, no need to read it again).
 * `more` is false when there is nothing more to do now (fewer than a batch were due and
 * none waited, or Stripe asked us to slow down); `accounts` are those charged.
 */
async function chargeBatch(input: {
  now: Date;
  batchSize: number;
  limiter: () => Promise<void>;
  concurrency: number;
  totals: ChargeRun;
  synced: Synced[];
  unsynced: ReadonlySet<string>;
}): Promise<{ more: boolean; accounts: Set<string> }> {
  const { now, batchSize, limiter, concurrency, totals, synced, unsynced } = input;
  const accounts = new Set<string>();
  let waiting = 0;
  let stop = false;
  const claimed = await db().transaction(async (tx) => {
    // The queue is read in the order of its index (installments_claim), 20 rows at a time:
    // a plan that sorts the whole queue (chosen when statistics lag a bulk load) makes
    // every batch cost as much as the queue is long.
    await tx.execute(sql`set local enable_sort = off`);
    const due = await tx
      .select({
        // Only what a charge needs (every column of both rows costs as much again to map).
        installment: { id: schema.installments.id, attempts: schema.installments.attempts, amountCents: schema.installments.amountCents },
        plan: { id: schema.plans.id, accountId: schema.plans.accountId, currency: schema.plans.currency, stripeCustomerId: schema.plans.stripeCustomerId, stripePaymentMethodId: schema.plans.stripePaymentMethodId },
      })
      .from(schema.installments)
      .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
      .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(
        and(
          eq(schema.plans.status, "active"),
          // The hold rule (app/lib/account-rules.ts): only accounts in a plan are charged.
          eq(schema.accounts.status, "in_plan"),
          sql`${schema.plans.stripePaymentMethodId} is not null`,
          or(
            and(eq(schema.installments.status, "scheduled"), sql`${schema.installments.dueDate} <= (${now.toISOString()}::timestamptz at time zone ${schema.creditors.timezone})::date`),
            and(eq(schema.installments.status, "failed"), lte(schema.installments.nextRetryAt, now)),
          ),
        ),
      )
      .orderBy(schema.installments.dueDate, schema.installments.id)
      .limit(batchSize)
      .for("update", { of: schema.installments, skipLocked: true });
    // What each charge learned, written for the whole batch at the end (same transaction).
    const processing: { id: string; paymentIntentId: string }[] = [];
    const declined: string[] = [];
    const ready = due.filter(({ plan }) => !unsynced.has(plan.accountId));
    waiting = due.length - ready.length;
    await eachLimited(ready, concurrency, async ({ installment, plan }) => {
      if (stop) return;
      await limiter();
      if (stop) return;
      const attempt = installment.attempts + 1;
      try {
        const pi = await stripe().paymentIntents.create(
          {
            amount: installment.amountCents,
            currency: plan.currency,
            customer: plan.stripeCustomerId!,
            payment_method: plan.stripePaymentMethodId!,
            off_session: true,
            confirm: true,
            automatic_payment_methods: { enabled: true, allow_redirects: "never" }, // saved cards and bank accounts never redirect; without it Stripe refuses confirm (no return_url)
            metadata: { account_id: plan.accountId, plan_id: plan.id, installment_id: installment.id, purpose: "installment" },
            expand: ["latest_charge"],
          },
          { idempotencyKey: `installment:${installment.id}:attempt:${attempt}` },
        );
        processing.push({ id: installment.id, paymentIntentId: pi.id });
        synced.push(pi.status === "succeeded" ? pi : pi.id);
        accounts.add(plan.accountId);
        totals.charged++;
      } catch (error) {
        const piId = error instanceof Stripe.errors.StripeCardError ? (error.raw as { payment_intent?: { id?: string } }).payment_intent?.id : undefined;
        if (piId) {
          // A definitive answer (declined, authentication required): recorded, retried later by policy.
          declined.push(installment.id);
          synced.push(piId);
          accounts.add(plan.accountId);
          totals.failed++;
        } else {
          // Unknown outcome (timeout, 5xx, 429): leave the row as it was; the next run
          // repeats the same idempotency key and learns what happened.
          totals.deferred++;
          log("warn", "charge deferred", { installmentId: installment.id, ...errorFields(error) });
          if (error instanceof Stripe.errors.StripeRateLimitError) stop = true;
        }
      }
    });
    // Each row is locked since the select, so attempts + 1 is the attempt its key named.
    if (processing.length > 0) {
      const intentOf = sql.join(processing.map((p) => sql`when ${p.id}::uuid then ${p.paymentIntentId}::text`), sql` `);
      await tx
        .update(schema.installments)
        .set({ attempts: sql`${schema.installments.attempts} + 1`, status: "processing", stripePaymentIntentId: sql`case ${schema.installments.id} ${intentOf} end`, updatedAt: now })
        .where(inArray(schema.installments.id, processing.map((p) => p.id)));
    }
    if (declined.length > 0) {
      await tx
        .update(schema.installments)
        .set({ attempts: sql`${schema.installments.attempts} + 1`, status: "failed", stripePaymentIntentId: null, updatedAt: now })
        .where(inArray(schema.installments.id, declined));
    }
    return due.length;
  });
  return { more: (claimed === batchSize || waiting > 0) && !stop, accounts };
}

/** An intent to sync: its id, or the intent itself when its state is final (succeeded). */
type Synced = string | Stripe.PaymentIntent;

/**
 * Intents per sync transaction, and such transactions at once: a default batch of 20 is
 * applied in four transactions side by side (measured on 2 cores: 10 × 2 and 20 × 2 were
 * slower; each transaction locks its accounts in id order first, so lanes cannot deadlock).
 */
const SYNC_GROUP = 5;
const SYNC_LANES = 4;

/**
 * Applies charged intents' final states in groups of SYNC_GROUP, one transaction each,
 * SYNC_LANES at once; a group that fails is retried intent by intent. Never throws:
 * whatever is left, the webhook or the reconciler finishes.
 */
async function syncAfterCharges(ids: Synced[]) {
  const groups: Synced[][] = [];
  for (let i = 0; i < ids.length; i += SYNC_GROUP) groups.push(ids.slice(i, i + SYNC_GROUP));
  await eachLimited(groups, SYNC_LANES, async (group) => {
    try {
      await syncPaymentIntents(group);
      return;
    } catch (error) {
      if (group.length === 1) return log("warn", "sync after charge failed; the webhook or reconciler will finish it", { ...errorFields(error) });
    }
    for (const item of group) {
      try {
        await syncPaymentIntent(typeof item === "string" ? item : item.id);
      } catch (error) {
        log("warn", "sync after charge failed; the webhook or reconciler will finish it", { ...errorFields(error) });
      }
    }
  });
}

/** Daily: re-sync what is still pending, so a lost webhook never leaves a payment behind. */
export async function reconcile(now = new Date()) {
  const pending = await db()
    .select({ pi: schema.payments.stripePaymentIntentId })
    .from(schema.payments)
    .where(inArray(schema.payments.status, ["processing"]));
  const stuck = await db()
    .select({ pi: schema.installments.stripePaymentIntentId })
    .from(schema.installments)
    .where(and(eq(schema.installments.status, "processing"), sql`${schema.installments.stripePaymentIntentId} is not null`));
  let synced = 0;
  for (const id of new Set([...pending, ...stuck].map((r) => r.pi).filter(Boolean) as string[])) {
    try {
      await syncPaymentIntent(id);
      synced++;
    } catch (error) {
      log("warn", "reconcile failed", { ...errorFields(error) });
    }
  }
  const resumed = await resumePausedPlans(todayIn("UTC", now));
  return { synced, resumed: resumed.length };
}

/**
 * Runs `work` over `items` with at most `limit` at once. The first error stops new work
 * and is thrown once everything in flight has finished (so a transaction is never rolled
 * back under a call still using it).
 */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async () => {
    while (!failure && next < items.length) {
      try {
        await work(items[next++]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw (failure as { error: unknown }).error;
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
      if (run.charged + run.failed > 0) log("info", "charge run", run);
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
