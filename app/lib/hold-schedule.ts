/**
 * What happens to a plan's schedule when a hold ends (a dispute answered, a hardship pause
 * over): payments that fell due during the hold are not charged the moment it ends. The
 * whole rest of the schedule moves forward by the same number of days, so that the first
 * open payment falls HOLD_NOTICE_DAYS after the hold ended: amounts, order and spacing (so
 * the plan's frequency) stay as agreed, and the debtor is told the new dates before any
 * charge. If the moved schedule would end after the plan's latest end date (the agreed day
 * plus the policy's longest plan), nothing is moved: the debtor is asked instead, and
 * nothing is charged until they choose. See docs/decisions/0010-holds-end.md.
 *
 * Pure: no I/O, no clock (`today` is the creditor's calendar date).
 */
import { addDays, compare, daysBetween, type CalendarDate } from "./calendar-date";

/**
 * Days between the end of a hold and the first charge after it: the notice Regulation E
 * asks before a change to a recurring debit (10 days), which also lets the notice out
 * through quiet hours and gives the three-day reminder its time.
 */
export const HOLD_NOTICE_DAYS = 10;

export type OpenPayment = {
  seq: number;
  dueDate: CalendarDate;
  /** A payment that failed waits for its retry (the creditor's calendar date of it), not its due date. */
  retryOn: CalendarDate | null;
};

export type AfterHold =
  /** Nothing fell due during the hold: the schedule stands. */
  | { kind: "unchanged" }
  /**
   * Scheduled payments moved by `shiftDays` (0 when only retries were due), and every
   * retry that fell due during the hold moved to `retryOn`.
   */
  | {
      kind: "moved";
      shiftDays: number;
      moves: { seq: number; from: CalendarDate; to: CalendarDate }[];
      retries: number[];
      retryOn: CalendarDate;
      firstDate: CalendarDate;
    }
  /** Moving it would break the plan's maximum length: the debtor chooses. */
  | { kind: "ask"; shiftDays: number; latestEndDate: CalendarDate };

/**
 * `today`: when the hold ends (the notice counts from it); `heldThrough`: the hold's last
 * day (a dispute answered today covered today; a pause until a date covered the day
 * before it, payments resume on that date as the debtor chose). Payments due (or retries
 * falling) on or before `heldThrough` fell due during the hold.
 */
export function scheduleAfterHold(input: {
  open: readonly OpenPayment[];
  today: CalendarDate;
  heldThrough?: CalendarDate;
  agreedOn: CalendarDate;
  maxPlanDays: number;
  noticeDays?: number;
}): AfterHold {
  const noticeDays = input.noticeDays ?? HOLD_NOTICE_DAYS;
  const heldThrough = input.heldThrough ?? input.today;
  const earliest = addDays(input.today, noticeDays);
  const scheduled = input.open
    .filter((p) => p.retryOn === null)
    .sort((a, b) => compare(a.dueDate, b.dueDate) || a.seq - b.seq);
  const retries = input.open
    .filter((p) => p.retryOn !== null && compare(p.retryOn, heldThrough) <= 0)
    .map((p) => p.seq);
  const overdue = scheduled.length > 0 && compare(scheduled[0].dueDate, heldThrough) <= 0;
  // Only a hold that left something due now (or overdue) changes the schedule.
  if (!overdue && retries.length === 0) return { kind: "unchanged" };
  const shiftDays = overdue ? daysBetween(scheduled[0].dueDate, earliest) : 0;
  const latestEndDate = addDays(input.agreedOn, input.maxPlanDays);
  if (
    shiftDays > 0 &&
    compare(addDays(scheduled[scheduled.length - 1].dueDate, shiftDays), latestEndDate) > 0
  )
    return { kind: "ask", shiftDays, latestEndDate };
  const moves =
    shiftDays === 0
      ? []
      : scheduled.map((p) => ({ seq: p.seq, from: p.dueDate, to: addDays(p.dueDate, shiftDays) }));
  return {
    kind: "moved",
    shiftDays,
    moves,
    retries,
    retryOn: earliest,
    firstDate: moves[0]?.to ?? earliest,
  };
}
