// The installment worker: charges due installments off-session. Several workers may run:
// each batch locks its rows (FOR UPDATE SKIP LOCKED) for the length of its Stripe calls
// (a few in flight at once, under a request-rate cap),
// and every charge carries a deterministic idempotency key, so a worker killed mid-call
// retries with the same key and Stripe returns the first result instead of charging again.
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import Stripe from "stripe";
import { todayIn } from "~/lib/calendar-date";
import { resumePausedPlans } from "~/models/plans.server";
import { syncPaymentIntent } from "~/models/payments.server";
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
  for (let batch = 0; batch < (options.maxBatches ?? 10_000); batch++) {
    const synced: string[] = [];
    let stop = false;
    const claimed = await db().transaction(async (tx) => {
      const due = await tx
        .select({ installment: schema.installments, plan: schema.plans })
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
      await eachLimited(due, concurrency, async ({ installment, plan }) => {
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
              metadata: { account_id: plan.accountId, plan_id: plan.id, installment_id: installment.id, purpose: "installment" },
            },
            { idempotencyKey: `installment:${installment.id}:attempt:${attempt}` },
          );
          await tx
            .update(schema.installments)
            .set({ attempts: attempt, status: "processing", stripePaymentIntentId: pi.id, updatedAt: now })
            .where(eq(schema.installments.id, installment.id));
          synced.push(pi.id);
          totals.charged++;
        } catch (error) {
          const piId = error instanceof Stripe.errors.StripeCardError ? (error.raw as { payment_intent?: { id?: string } }).payment_intent?.id : undefined;
          if (piId) {
            // A definitive answer (declined, authentication required): recorded, retried later by policy.
            await tx
              .update(schema.installments)
              .set({ attempts: attempt, status: "failed", stripePaymentIntentId: null, updatedAt: now })
              .where(eq(schema.installments.id, installment.id));
            synced.push(piId);
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
      return due.length;
    });
    // Final states are applied outside the lock, through the same code as webhooks.
    await eachLimited(synced, concurrency, async (id) => {
      try {
        await syncPaymentIntent(id);
      } catch (error) {
        log("warn", "sync after charge failed; the webhook or reconciler will finish it", { ...errorFields(error) });
      }
    });
    if (claimed < batchSize || stop) break;
  }
  return totals;
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
