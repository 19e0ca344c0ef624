// (a) The charge worker's claim: due installments locked, marked `charging` and their
// attempts recorded, in one short transaction committed before any Stripe call.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, lte, or, sql } from "drizzle-orm";
import { CHARGEABLE_ACCOUNT_STATUSES, CHARGED_PLAN_STATUSES } from "~/models/status-sets.server";
import { db, schema } from "~/utils/db.server";
import {
  closeAttempts,
  idempotencyKey,
  type Claimed,
  type Closure,
} from "./charge-attempts.server";

/** (a) The claim: one short transaction, committed before any Stripe call. */
export async function claimBatch(input: {
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
