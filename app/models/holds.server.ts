// When a hold ends (a dispute answered, a hardship pause over): the account's status comes
// from its ledger and its plan, and a plan whose payments fell due during the hold is not
// charged the moment it ends. Its schedule moves forward (app/lib/hold-schedule.ts) and
// the debtor is told through the outbox before any charge; or, when the moved schedule
// would not fit the plan's maximum length, the plan stays paused and the debtor is asked
// to choose. docs/decisions/0010-holds-end.md.
import { and, desc, eq, inArray } from "drizzle-orm";
import type { AccountStatus } from "~/lib/account-rules";
import { hasPaymentMethodPlan } from "~/lib/account-state";
import { addDays, todayIn, type CalendarDate } from "~/lib/calendar-date";
import { scheduleAfterHold, type AfterHold } from "~/lib/hold-schedule";
import { schema, type Tx } from "~/utils/db.server";
import { pausePlan, resumePlan } from "./account-state.server";
import { audit } from "./audit.server";
import { balanceOf } from "./ledger.server";
import { queueScheduleNotice } from "./outbox.server";
import { effectivePolicy } from "./policy.server";
import { OPEN_INSTALLMENT_STATUSES, PAYMENT_METHOD_PLAN_STATUSES } from "./status-sets.server";

/**
 * The status an account has by its ledger and its plans (never "on_hold": the caller is
 * ending the hold): nothing owed → paid (settled if a settlement plan completed); owed with
 * a plan that has a payment method (active or paused) → in_plan; otherwise open. A closed
 * account stays closed.
 */
export async function statusFromLedgerAndPlan(
  tx: Tx,
  account: Pick<typeof schema.accounts.$inferSelect, "id" | "status">,
): Promise<AccountStatus> {
  if (account.status === "closed") return "closed";
  const balance = await balanceOf(tx, account.id);
  const plans = await tx
    .select({ kind: schema.plans.kind, status: schema.plans.status })
    .from(schema.plans)
    .where(eq(schema.plans.accountId, account.id))
    .orderBy(desc(schema.plans.createdAt));
  if (balance <= 0)
    return plans.some((p) => p.kind === "settlement" && p.status === "completed")
      ? "settled"
      : "paid";
  if (plans.some((p) => hasPaymentMethodPlan(p.status))) return "in_plan";
  return "open";
}

/**
 * Moves the live plan's schedule after a hold that covered every day up to `heldThrough`
 * (a dispute: today; a hardship pause: the day before its end), or asks the debtor. Queues
 * the notice in the same transaction. Returns what was done, or null without a live plan.
 */
export async function rescheduleAfterHold(
  tx: Tx,
  input: {
    accountId: string;
    heldThrough?: CalendarDate;
    reason: "dispute_answered" | "pause_ended";
    now: Date;
  },
): Promise<AfterHold["kind"] | null> {
  const [row] = await tx
    .select({ plan: schema.plans, account: schema.accounts, creditor: schema.creditors })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(
      and(
        eq(schema.plans.accountId, input.accountId),
        inArray(schema.plans.status, PAYMENT_METHOD_PLAN_STATUSES),
      ),
    )
    .limit(1)
    .for("update", { of: schema.plans });
  if (!row) return null;
  const { plan, account, creditor } = row;
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const today = todayIn(creditor.timezone, input.now);
  const rows = await tx
    .select()
    .from(schema.installments)
    .where(
      and(
        eq(schema.installments.planId, plan.id),
        inArray(schema.installments.status, OPEN_INSTALLMENT_STATUSES),
      ),
    );
  // A failed payment without a retry left is a missed payment: never charged again, not moved.
  const open = rows
    .filter((i) => i.status !== "failed" || i.nextRetryAt !== null)
    .map((i) => ({
      seq: i.seq,
      dueDate: i.dueDate,
      retryOn:
        i.status === "failed" && i.nextRetryAt ? todayIn(creditor.timezone, i.nextRetryAt) : null,
    }));
  // "Due during the hold": on or before its last day. Computed against that day, with the
  // notice counted from today.
  const heldThrough = input.heldThrough ?? today;
  const decision = scheduleAfterHold({
    open: open.map((p) => ({ ...p })),
    today,
    agreedOn: plan.agreedOn,
    maxPlanDays: policy.maxPlanDays,
    heldThrough,
  });
  const changeKey = `${input.reason}:${input.now.toISOString().slice(0, 10)}`;
  if (decision.kind === "unchanged") {
    if (plan.status === "paused" && input.reason === "pause_ended") {
      await resumePlan(tx, plan, creditor.id, { now: input.now });
    }
    return "unchanged";
  }
  if (decision.kind === "ask") {
    // Nothing is charged until the debtor chooses (a paused plan is never charged).
    await pausePlan(tx, plan, creditor.id, null, { now: input.now });
    await audit(
      {
        actorType: "system",
        creditorId: creditor.id,
        action: "plan.paused_after_hold",
        targetType: "plan",
        targetId: plan.id,
        details: {
          reason: input.reason,
          shiftDays: decision.shiftDays,
          latestEndDate: decision.latestEndDate,
        },
      },
      tx,
    );
    await queueScheduleNotice(tx, {
      accountId: account.id,
      planId: plan.id,
      changeKey,
      kind: "paused",
      now: input.now,
    });
    return "ask";
  }
  for (const move of decision.moves) {
    await tx
      .update(schema.installments)
      .set({ dueDate: move.to, updatedAt: input.now })
      .where(and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, move.seq)));
  }
  if (decision.retries.length > 0) {
    await tx
      .update(schema.installments)
      .set({ nextRetryAt: new Date(`${decision.retryOn}T15:00:00Z`), updatedAt: input.now })
      .where(
        and(
          eq(schema.installments.planId, plan.id),
          eq(schema.installments.status, "failed"),
          inArray(schema.installments.seq, decision.retries),
        ),
      );
  }
  await resumePlan(tx, plan, creditor.id, { now: input.now });
  await audit(
    {
      actorType: "system",
      creditorId: creditor.id,
      action: "plan.rescheduled_after_hold",
      targetType: "plan",
      targetId: plan.id,
      details: {
        reason: input.reason,
        shiftDays: decision.shiftDays,
        moved: decision.moves.length,
        retries: decision.retries.length,
        firstDate: decision.firstDate,
      },
    },
    tx,
  );
  await queueScheduleNotice(tx, {
    accountId: account.id,
    planId: plan.id,
    changeKey,
    kind: "changed",
    now: input.now,
  });
  return "moved";
}

/** The last day a hardship pause until `pauseUntil` covered (payments resume on that day). */
export function lastPausedDay(pauseUntil: CalendarDate): CalendarDate {
  return addDays(pauseUntil, -1);
}
