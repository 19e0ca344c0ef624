/**
 * A hardship pause's new dates: every open payment of the plan moves later by the same
 * number of whole periods of the plan (months for a monthly plan, weeks or two-week steps
 * otherwise), the fewest that put the first one on or after the day payments resume. So a
 * monthly plan paying on the 15th resumes on the 15th, a weekly one on its weekday; the
 * amounts, the order and the spacing stay as agreed. A plan without a frequency (one
 * payment) moves to the day payments resume. The page previews these dates and the pause
 * applies them: one function for both (the rule of the pause is in
 * docs/decisions/0021-plan-builder-to-govuk-standard.md).
 *
 * Pure: no I/O, no clock.
 */
import {
  addDays,
  addMonthsClamped,
  compare,
  daysBetween,
  parseDate,
  type CalendarDate,
} from "./calendar-date";
import type { Frequency } from "./policy";

export type PausePayment = { seq: number; dueDate: CalendarDate };
export type PauseMove = { seq: number; from: CalendarDate; to: CalendarDate };

export type PauseResult = {
  /** Every open payment, with its date before and after (the same when it does not move). */
  moves: PauseMove[];
  /** The first payment after the pause, or null when there is none. */
  firstDate: CalendarDate | null;
};

const PERIOD_DAYS: Record<Exclude<Frequency, "monthly">, number> = { weekly: 7, biweekly: 14 };

function monthsBetween(from: CalendarDate, to: CalendarDate): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return (b.year - a.year) * 12 + (b.month - a.month);
}

/**
 * A monthly payment `months` later on the plan's own day of the month: a plan that started
 * on the 31st pays on the last day of shorter months, and goes back to the 31st after them.
 */
function monthlyMove(date: CalendarDate, months: number, startDate: CalendarDate): CalendarDate {
  const index = monthsBetween(startDate, date);
  if (addMonthsClamped(startDate, index) === date)
    return addMonthsClamped(startDate, index + months);
  // A payment the debtor moved to another day keeps its own day.
  return addMonthsClamped(date, months);
}

export function pauseSchedule(input: {
  open: readonly PausePayment[];
  /** The first day payments may be taken again (the date the debtor paused until). */
  resumeOn: CalendarDate;
  frequency: Frequency | null;
  /** The plan's first payment date: a monthly plan's day of the month. */
  startDate: CalendarDate;
}): PauseResult {
  const open = [...input.open].sort((a, b) => compare(a.dueDate, b.dueDate) || a.seq - b.seq);
  const first = open[0];
  if (!first) return { moves: [], firstDate: null };
  let moveDate: (date: CalendarDate) => CalendarDate;
  if (compare(first.dueDate, input.resumeOn) >= 0) {
    moveDate = (date) => date;
  } else if (input.frequency === "monthly") {
    let months = Math.max(0, monthsBetween(first.dueDate, input.resumeOn));
    while (compare(monthlyMove(first.dueDate, months, input.startDate), input.resumeOn) < 0)
      months++;
    moveDate = (date) => monthlyMove(date, months, input.startDate);
  } else if (input.frequency) {
    const period = PERIOD_DAYS[input.frequency];
    const days = Math.ceil(daysBetween(first.dueDate, input.resumeOn) / period) * period;
    moveDate = (date) => addDays(date, days);
  } else {
    const days = daysBetween(first.dueDate, input.resumeOn);
    moveDate = (date) => addDays(date, days);
  }
  const moves = open.map((p) => ({ seq: p.seq, from: p.dueDate, to: moveDate(p.dueDate) }));
  return { moves, firstDate: moves[0].to };
}
