// Changing a running plan: paying early or extra, moving one payment. The remaining
// installments change; the rules of schedule.ts still hold. Pure: no I/O.
import { addDays, compare, isValidDate, parseDate, type CalendarDate } from "./calendar-date";
import { stripeMinChargeCents, type PlanPolicy } from "./policy";
import { assertCents } from "./installment-amounts";
import type { Installment } from "./schedule";

export type RescheduleChange =
  /** A payment applied to the oldest unpaid installment first. */
  | { kind: "payment"; amountCents: number }
  /** One installment moved to another date; its amount does not change. */
  | { kind: "move"; seq: number; newDueDate: CalendarDate };

export type RescheduleContext = {
  policy: PlanPolicy;
  currency: string;
  today: CalendarDate;
  /** The `today` on which the plan was agreed: its maximum length counts from there. */
  planCreatedOn: CalendarDate;
};

/** Every change to the schedule, so that the UI can show it (nothing changes silently). */
export type InstallmentChange =
  | { seq: number; kind: "paid"; amountCents: number }
  | { seq: number; kind: "reduced"; fromCents: number; toCents: number }
  | { seq: number; kind: "moved"; fromDate: CalendarDate; toDate: CalendarDate };

export type RescheduleReason =
  | { code: "payment_not_positive" }
  | { code: "payment_below_minimum"; minCents: number }
  | { code: "payment_exceeds_remaining"; remainingCents: number }
  /** Paying this leaves part of an installment Stripe could not charge: pay it all, or less. */
  | { code: "leftover_below_minimum"; minCents: number; payAllCents: number }
  | { code: "installment_not_found"; seq: number }
  | { code: "move_date_invalid" }
  | { code: "move_outside_window"; earliestDate: CalendarDate; latestDate: CalendarDate }
  | { code: "currency_not_supported"; currency: string };

export type RescheduleResult =
  | {
      ok: true;
      remaining: Installment[];
      changes: InstallmentChange[];
      remainingCents: number;
      /** Last due date, or null when the plan is paid off. */
      endDate: CalendarDate | null;
    }
  | { ok: false; reasons: RescheduleReason[] };

function sortedInstallments(remaining: readonly Installment[]): Installment[] {
  for (const item of remaining) {
    assertCents(item.amountCents, "amountCents");
    if (item.amountCents <= 0) throw new RangeError(`Installment ${item.seq} has no amount left`);
    parseDate(item.dueDate);
  }
  return remaining
    .map((item) => ({ ...item }))
    .sort((a, b) => compare(a.dueDate, b.dueDate) || a.seq - b.seq);
}

function summarize(remaining: Installment[], changes: InstallmentChange[]): RescheduleResult {
  return {
    ok: true,
    remaining,
    changes,
    remainingCents: remaining.reduce((sum, item) => sum + item.amountCents, 0),
    endDate: remaining.length > 0 ? remaining[remaining.length - 1].dueDate : null,
  };
}

/**
 * Recomputes the unpaid installments of a running plan after a change.
 *
 * - payment: covers the oldest installments first; fully covered ones leave the
 *   schedule (the plan gets shorter), a partly covered one is reduced, every other
 *   amount and date stays as agreed.
 * - move: one installment to a new date on or after today, strictly between its
 *   neighbours (the order never changes) and within the plan's maximum length.
 *
 * `remaining` holds the unpaid installments (scheduled or failed), in any order.
 */
export function rescheduleRemaining(
  remaining: readonly Installment[],
  change: RescheduleChange,
  context: RescheduleContext,
): RescheduleResult {
  const items = sortedInstallments(remaining);
  const stripeMin = stripeMinChargeCents(context.currency);
  if (stripeMin === null)
    return { ok: false, reasons: [{ code: "currency_not_supported", currency: context.currency }] };

  if (change.kind === "payment") {
    const amount = change.amountCents;
    const remainingCents = items.reduce((sum, item) => sum + item.amountCents, 0);
    if (!Number.isSafeInteger(amount) || amount <= 0)
      return { ok: false, reasons: [{ code: "payment_not_positive" }] };
    if (amount > remainingCents) {
      return { ok: false, reasons: [{ code: "payment_exceeds_remaining", remainingCents }] };
    }
    if (amount < stripeMin && amount !== remainingCents) {
      return { ok: false, reasons: [{ code: "payment_below_minimum", minCents: stripeMin }] };
    }

    const changes: InstallmentChange[] = [];
    const after: Installment[] = [];
    let left = amount;
    for (const item of items) {
      if (left >= item.amountCents) {
        changes.push({ seq: item.seq, kind: "paid", amountCents: item.amountCents });
        left -= item.amountCents;
      } else if (left > 0) {
        const toCents = item.amountCents - left;
        if (toCents < stripeMin) {
          const payAllCents = amount + toCents;
          return {
            ok: false,
            reasons: [{ code: "leftover_below_minimum", minCents: stripeMin, payAllCents }],
          };
        }
        changes.push({ seq: item.seq, kind: "reduced", fromCents: item.amountCents, toCents });
        after.push({ ...item, amountCents: toCents });
        left = 0;
      } else {
        after.push(item);
      }
    }
    return summarize(after, changes);
  }

  const index = items.findIndex((item) => item.seq === change.seq);
  if (index === -1)
    return { ok: false, reasons: [{ code: "installment_not_found", seq: change.seq }] };
  if (!isValidDate(change.newDueDate))
    return { ok: false, reasons: [{ code: "move_date_invalid" }] };

  const { earliestDate, latestDate } = windowAt(items, index, context);
  if (compare(change.newDueDate, earliestDate) < 0 || compare(change.newDueDate, latestDate) > 0) {
    return { ok: false, reasons: [{ code: "move_outside_window", earliestDate, latestDate }] };
  }

  const moved = items[index];
  const changes: InstallmentChange[] =
    moved.dueDate === change.newDueDate
      ? []
      : [{ seq: moved.seq, kind: "moved", fromDate: moved.dueDate, toDate: change.newDueDate }];
  const after = items.map((item, i) =>
    i === index ? { ...item, dueDate: change.newDueDate } : item,
  );
  return summarize(after, changes);
}

/** The context a move's window needs (a page has no policy: only the plan's last day). */
export type MoveWindowContext = { today: CalendarDate; latestEndDate: CalendarDate };

/**
 * Where installment `index` of the sorted `items` may move: not in the past, after the
 * previous installment, before the next one (the order never changes), and no later than
 * the plan's maximum length allows.
 */
function windowAt(
  items: readonly Installment[],
  index: number,
  context: RescheduleContext | MoveWindowContext,
): { earliestDate: CalendarDate; latestDate: CalendarDate } {
  const previous = items[index - 1];
  const next = items[index + 1];
  let earliestDate = context.today;
  if (previous && compare(addDays(previous.dueDate, 1), earliestDate) > 0)
    earliestDate = addDays(previous.dueDate, 1);
  let latestDate =
    "latestEndDate" in context
      ? context.latestEndDate
      : addDays(context.planCreatedOn, context.policy.maxPlanDays);
  if (next && compare(addDays(next.dueDate, -1), latestDate) < 0)
    latestDate = addDays(next.dueDate, -1);
  return { earliestDate, latestDate };
}

/**
 * The dates each unpaid installment may move to: the same rule `rescheduleRemaining`
 * checks, for the page's hint, the date input's limits and the error. An installment
 * with no other date to go to (its neighbours are a day either side) is left out.
 */
export function moveWindows(
  remaining: readonly Installment[],
  context: MoveWindowContext,
): { seq: number; earliestDate: CalendarDate; latestDate: CalendarDate }[] {
  const items = [...remaining].sort((a, b) => compare(a.dueDate, b.dueDate) || a.seq - b.seq);
  return items
    .map((item, index) => ({ item, window: windowAt(items, index, context) }))
    .filter(
      ({ item, window }) =>
        compare(window.earliestDate, window.latestDate) < 0 ||
        (window.earliestDate === window.latestDate && window.earliestDate !== item.dueDate),
    )
    .map(({ item, window }) => ({ seq: item.seq, ...window }));
}
