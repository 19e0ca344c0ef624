// Plans, the Stripe step and the worker: activation, payments outside the schedule, and
// hardship pauses that end. Statuses change through the state owner (account-state.server.ts).
import { and, eq, sql } from "drizzle-orm";
import { todayIn } from "~/lib/calendar-date";
import { rescheduleRemaining } from "~/lib/reschedule";
import { db, schema, type Db } from "~/utils/db.server";
import { lastPausedDay, rescheduleAfterHold } from "./holds.server";
import { activatePlanState, completePlan, enterPlan, resumePlan } from "./account-state.server";
import { CHECKOUT_PLAN_STATUSES, IN_PROGRESS_INSTALLMENT_STATUSES } from "./status-sets.server";
import { policyFor, installmentsOf, openInstallments, type Conn } from "./plans-common.server";

/**
 * The Stripe step saved a payment method: the plan starts and the account is in a plan.
 * Idempotent (a replayed webhook changes nothing). Refuses while the account is on hold.
 */
export async function activatePlan(
  input: { planId: string; stripeCustomerId: string; stripePaymentMethodId: string },
  conn: Db = db(),
) {
  return conn.transaction(async (tx) => {
    const [plan] = await tx
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, input.planId))
      .for("update");
    if (!plan || plan.status !== "pending_payment_method") return plan ?? null;
    const [account] = await tx
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.id, plan.accountId))
      .for("update");
    await activatePlanState(tx, plan, account.creditorId, {
      also: {
        stripeCustomerId: input.stripeCustomerId,
        stripePaymentMethodId: input.stripePaymentMethodId,
      },
    });
    if (account.status === "open") await enterPlan(tx, account);
    const [updated] = await tx.select().from(schema.plans).where(eq(schema.plans.id, plan.id));
    return updated;
  });
}

/**
 * A payment outside the schedule (paying early, paying off) applied to the oldest open
 * installments first; the rest of the schedule is recomputed by rescheduleRemaining and
 * every change is returned so the receipt can show it. The plan completes when nothing
 * is left.
 */
export async function applyPaymentToPlan(
  planId: string,
  amountCents: number,
  conn: Conn = db(),
  now = new Date(),
) {
  return conn.transaction(async (tx) => {
    const [plan] = await tx
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, planId))
      .for("update");
    // A live plan, or a broken one that this payment catches up (it becomes active again
    // in settleAccountAfterPayment).
    if (!plan || !(CHECKOUT_PLAN_STATUSES as readonly string[]).includes(plan.status))
      return { ok: false as const, reasons: [] };
    const [account] = await tx
      .select({ account: schema.accounts, creditor: schema.creditors })
      .from(schema.accounts)
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(eq(schema.accounts.id, plan.accountId));
    const rows = await installmentsOf(tx, plan.id);
    const result = rescheduleRemaining(
      openInstallments(rows),
      { kind: "payment", amountCents },
      {
        policy: policyFor(account.account, account.creditor),
        currency: plan.currency,
        today: todayIn(account.creditor.timezone, now),
        planCreatedOn: plan.agreedOn,
      },
    );
    if (!result.ok) return result;
    for (const change of result.changes) {
      const where = and(
        eq(schema.installments.planId, plan.id),
        eq(schema.installments.seq, change.seq),
      );
      if (change.kind === "paid")
        await tx
          .update(schema.installments)
          .set({ status: "paid", paidAt: now, updatedAt: now })
          .where(where);
      if (change.kind === "reduced")
        await tx
          .update(schema.installments)
          .set({ amountCents: change.toCents, updatedAt: now })
          .where(where);
    }
    if (
      result.remaining.length === 0 &&
      !rows.some((r) => (IN_PROGRESS_INSTALLMENT_STATUSES as readonly string[]).includes(r.status))
    ) {
      await completePlan(tx, plan, account.account.creditorId, { now });
    }
    return result;
  });
}

/**
 * Worker (every run): hardship pauses that end today or earlier, by each creditor's
 * calendar, run again; payments resume on the pause's last date, as the debtor chose.
 * Anything that fell due during the pause anyway (a retry, a payment the pause did not
 * move) is moved forward with a notice instead of being charged at once
 * (rescheduleAfterHold). A plan paused without an end (a bank dispute, a schedule waiting
 * for the debtor's choice) stays paused.
 */
export async function resumePausedPlans(now: Date = new Date(), conn: Db = db()) {
  const due = await conn
    .select({
      id: schema.plans.id,
      accountId: schema.plans.accountId,
      pauseUntil: schema.plans.pauseUntil,
      accountStatus: schema.accounts.status,
      creditorId: schema.accounts.creditorId,
    })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(
      and(
        eq(schema.plans.status, "paused"),
        sql`${schema.plans.pauseUntil} is not null`,
        sql`${schema.plans.pauseUntil} <= (${now.toISOString()}::timestamptz at time zone ${schema.creditors.timezone})::date`,
      ),
    );
  const resumed: { id: string }[] = [];
  for (const plan of due) {
    await conn.transaction(async (tx) => {
      const [locked] = await tx
        .select({ status: schema.plans.status, pauseUntil: schema.plans.pauseUntil })
        .from(schema.plans)
        .where(eq(schema.plans.id, plan.id))
        .for("update");
      if (locked?.status !== "paused" || locked.pauseUntil !== plan.pauseUntil) return;
      if (plan.accountStatus === "on_hold") {
        // A dispute holds the account: answering it reschedules what fell due.
        await resumePlan(tx, { id: plan.id, status: locked.status }, plan.creditorId, { now });
      } else {
        await rescheduleAfterHold(tx, {
          accountId: plan.accountId,
          heldThrough: lastPausedDay(plan.pauseUntil!),
          reason: "pause_ended",
          now,
        });
      }
      resumed.push({ id: plan.id });
    });
  }
  return resumed;
}
