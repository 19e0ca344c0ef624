// The reconciler of the charge worker: open attempts decided by what Stripe has, and the
// daily re-sync of whatever is still pending.
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { resumePausedPlans } from "~/models/plans.server";
import { syncPaymentIntent } from "~/models/payments.server";
import { stripe } from "~/services/stripe.server";
import { db, schema } from "~/utils/db.server";
import { errorFields, log } from "~/utils/log.server";
import { closeAttempts, closeNotReached, IN_FLIGHT_GRACE_MS } from "./charge-attempts.server";
import { syncAfterCharges } from "./charge-apply.server";

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
