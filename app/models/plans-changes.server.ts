// Plans, the debtor's changes: move a payment, cancel. Scoped by the debtor, under the plan's lock.
import { and, eq, inArray } from "drizzle-orm";
import { todayIn, type CalendarDate } from "~/lib/calendar-date";
import { type ChoiceError } from "~/lib/plan-builder";
import { rescheduleRemaining, type RescheduleReason } from "~/lib/reschedule";
import { db, schema, type Tx } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { cancelPlanState, leavePlan } from "./account-state.server";
import { confirmPlanChanged } from "./confirmations.server";
import { OPEN_INSTALLMENT_STATUSES } from "./status-sets.server";
import { livePlanOf, policyFor, installmentsOf, openInstallments } from "./plans-common.server";

export type ChangeResult = { ok: true } | { ok: false; errors: ChoiceError[] } | null;

async function lockLivePlan(tx: Tx, debtorId: string, accountId: string) {
  if (!isUuid(accountId)) return null;
  const [row] = await tx
    .select({ account: schema.accounts, creditor: schema.creditors })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(and(eq(schema.accounts.id, accountId), eq(schema.accounts.debtorId, debtorId)))
    .for("update", { of: schema.accounts });
  if (!row) return null;
  const plan = await livePlanOf(tx, row.account.id);
  return { ...row, plan };
}

/** Moves one scheduled payment to a new date within the policy (amount unchanged). */
export async function movePayment(input: {
  debtorId: string;
  accountId: string;
  seq: number;
  newDate: CalendarDate;
  ip?: string;
  now?: Date;
}): Promise<ChangeResult> {
  return db().transaction(async (tx) => {
    const locked = await lockLivePlan(tx, input.debtorId, input.accountId);
    if (!locked) return null;
    const { account, creditor, plan } = locked;
    if (!plan) return { ok: false, errors: [{ field: "form", key: "plans.error.notLive" }] };
    const rows = await installmentsOf(tx, plan.id);
    const open = openInstallments(rows);
    if (!open.some((i) => i.seq === input.seq)) {
      return { ok: false, errors: [{ field: "seq", key: "plans.error.moveNotFound" }] };
    }
    const result = rescheduleRemaining(
      open,
      { kind: "move", seq: input.seq, newDueDate: input.newDate },
      {
        policy: policyFor(account, creditor),
        currency: plan.currency,
        today: todayIn(creditor.timezone, input.now ?? new Date()),
        planCreatedOn: plan.agreedOn,
      },
    );
    if (!result.ok) return { ok: false, errors: result.reasons.map(explainReschedule) };
    for (const change of result.changes) {
      if (change.kind !== "moved") continue;
      await tx
        .update(schema.installments)
        .set({ dueDate: change.toDate, updatedAt: new Date() })
        .where(
          and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, change.seq)),
        );
      const eventId = await audit(
        {
          actorType: "debtor",
          actorId: input.debtorId,
          creditorId: creditor.id,
          action: "plan.payment_moved",
          targetType: "plan",
          targetId: plan.id,
          ip: input.ip,
          details: { seq: change.seq, from: change.fromDate, to: change.toDate },
        },
        tx,
      );
      await confirmPlanChanged(tx, { accountId: account.id, eventId, now: input.now });
    }
    await tx
      .update(schema.plans)
      .set({ updatedAt: new Date() })
      .where(eq(schema.plans.id, plan.id));
    return { ok: true };
  });
}

/** Errors of a reschedule, as the plan page's fields. */
export function explainReschedule(reason: RescheduleReason): ChoiceError {
  switch (reason.code) {
    case "move_outside_window":
      return {
        field: "newDate",
        key: "plans.error.moveWindow",
        vars: { earliest: { date: reason.earliestDate }, latest: { date: reason.latestDate } },
      };
    case "move_date_invalid":
      return { field: "newDate", key: "plans.error.dateFormat" };
    case "installment_not_found":
      return { field: "seq", key: "plans.error.moveNotFound" };
    case "payment_exceeds_remaining":
      return {
        field: "amount",
        key: "plans.error.payTooMuch",
        vars: { amount: { money: reason.remainingCents } },
      };
    case "payment_below_minimum":
      return {
        field: "amount",
        key: "plans.error.payBelowMinimum",
        vars: { amount: { money: reason.minCents } },
      };
    case "leftover_below_minimum":
      return {
        field: "amount",
        key: "plans.error.payLeftover",
        vars: { min: { money: reason.minCents }, all: { money: reason.payAllCents } },
      };
    case "payment_not_positive":
      return { field: "amount", key: "plans.error.amount" };
    case "currency_not_supported":
      return { field: "form", key: "plans.error.currency" };
  }
}

/** Cancels the live plan: no more charges. Payments made stay; the balance is still owed. */
export async function cancelPlan(input: {
  debtorId: string;
  accountId: string;
  ip?: string;
  now?: Date;
}): Promise<ChangeResult> {
  return db().transaction(async (tx) => {
    const locked = await lockLivePlan(tx, input.debtorId, input.accountId);
    if (!locked) return null;
    const { account, creditor, plan } = locked;
    if (!plan) return { ok: false, errors: [{ field: "form", key: "plans.error.notLive" }] };
    const now = input.now ?? new Date();
    const actor = { actorType: "debtor" as const, actorId: input.debtorId, ip: input.ip };
    await cancelPlanState(tx, plan, creditor.id, { now, actor });
    await tx
      .update(schema.installments)
      .set({ status: "skipped", updatedAt: now })
      .where(
        and(
          eq(schema.installments.planId, plan.id),
          inArray(schema.installments.status, [...OPEN_INSTALLMENT_STATUSES]),
        ),
      );
    if (account.status === "in_plan") {
      await leavePlan(tx, account, { actor });
    } else if (account.status === "on_hold") {
      // Answering the dispute restores the status from before the hold: not a plan any more.
      await tx
        .update(schema.disputes)
        .set({ statusBeforeHold: "open" })
        .where(
          and(
            eq(schema.disputes.accountId, account.id),
            eq(schema.disputes.status, "open"),
            eq(schema.disputes.statusBeforeHold, "in_plan"),
          ),
        );
    }
    await audit(
      {
        actorType: "debtor",
        actorId: input.debtorId,
        creditorId: creditor.id,
        action: "plan.cancelled",
        targetType: "plan",
        targetId: plan.id,
        ip: input.ip,
      },
      tx,
    );
    return { ok: true };
  });
}
