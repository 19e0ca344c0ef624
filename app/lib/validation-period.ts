/**
 * Validation period end date (Reg F, 12 CFR 1006.34(b)(5), see compliance.md):
 * the notice is assumed received 5 business days after it is sent (business day =
 * not Saturday, Sunday or a US federal holiday), and the period ends 30 calendar days
 * after that. The end date itself is not moved off a weekend: the rule counts days.
 *
 * Holidays are computed from their rules (5 U.S.C. 6103), so any year works:
 * - fixed dates: New Year's Day, Juneteenth (from 2021), Independence Day,
 *   Veterans Day, Christmas Day;
 * - Monday/Thursday rules: Martin Luther King Jr. Day (from 1986), Washington's
 *   Birthday, Memorial Day, Labor Day, Columbus Day, Thanksgiving Day.
 * A fixed holiday on a Saturday is observed the Friday before, on a Sunday the Monday
 * after (Executive Order 11582). The pre-1971 rules (fixed dates for the Monday
 * holidays) are not modelled: no notice we send is dated before then.
 *
 * Pure: no I/O, safe in the browser.
 */
import {
  addDays,
  dayOfWeek,
  daysInMonth,
  formatDate,
  parseDate,
  type CalendarDate,
} from "./calendar-date";

export type FederalHoliday = {
  name: string;
  /** The holiday's own date. */
  actual: CalendarDate;
  /** The day offices close: differs from `actual` when it falls on a weekend. */
  observed: CalendarDate;
};

/** Business days between sending and assumed receipt. */
export const ASSUMED_RECEIPT_BUSINESS_DAYS = 5;
/** Calendar days from assumed receipt to the end of the validation period. */
export const VALIDATION_PERIOD_DAYS = 30;

/** The `nth` (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, nth: number): CalendarDate {
  const first = formatDate(year, month, 1);
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  return formatDate(year, month, 1 + offset + (nth - 1) * 7);
}

function lastWeekday(year: number, month: number, weekday: number): CalendarDate {
  const last = formatDate(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

function observedDate(actual: CalendarDate): CalendarDate {
  const weekday = dayOfWeek(actual);
  if (weekday === 6) return addDays(actual, -1); // Saturday → Friday
  if (weekday === 0) return addDays(actual, 1); // Sunday → Monday
  return actual;
}

/** The holidays whose actual date falls in `year` (their observed dates may not). */
function holidaysByActualYear(year: number): FederalHoliday[] {
  const MONDAY = 1;
  const THURSDAY = 4;
  const fixed = (name: string, month: number, day: number): FederalHoliday => {
    const actual = formatDate(year, month, day);
    return { name, actual, observed: observedDate(actual) };
  };
  const floating = (name: string, actual: CalendarDate): FederalHoliday => ({
    name,
    actual,
    observed: actual,
  });

  const holidays: FederalHoliday[] = [fixed("New Year's Day", 1, 1)];
  if (year >= 1986)
    holidays.push(floating("Martin Luther King Jr. Day", nthWeekday(year, 1, MONDAY, 3)));
  holidays.push(
    floating("Washington's Birthday", nthWeekday(year, 2, MONDAY, 3)),
    floating("Memorial Day", lastWeekday(year, 5, MONDAY)),
  );
  if (year >= 2021) holidays.push(fixed("Juneteenth National Independence Day", 6, 19));
  holidays.push(
    fixed("Independence Day", 7, 4),
    floating("Labor Day", nthWeekday(year, 9, MONDAY, 1)),
    floating("Columbus Day", nthWeekday(year, 10, MONDAY, 2)),
    fixed("Veterans Day", 11, 11),
    floating("Thanksgiving Day", nthWeekday(year, 11, THURSDAY, 4)),
    fixed("Christmas Day", 12, 25),
  );
  return holidays;
}

const holidayCache = new Map<number, FederalHoliday[]>();

/**
 * Federal holidays *observed* in `year`, sorted by observed date. Because the observed
 * date decides whether a day is a business day, a New Year's Day falling on a Saturday
 * is listed in the previous year (e.g. 2022-01-01 is observed on 2021-12-31 and appears
 * in usFederalHolidays(2021), not in 2022).
 */
export function usFederalHolidays(year: number): FederalHoliday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9998)
    throw new RangeError(`Unsupported year: ${year}`);
  const cached = holidayCache.get(year);
  if (cached) return cached.map((h) => ({ ...h }));
  const candidates = [...holidaysByActualYear(year), ...holidaysByActualYear(year + 1)];
  if (year > 1) candidates.push(...holidaysByActualYear(year - 1));
  const inYear = candidates
    .filter((h) => parseDate(h.observed).year === year)
    .sort((a, b) => (a.observed < b.observed ? -1 : a.observed > b.observed ? 1 : 0));
  holidayCache.set(year, inYear);
  return inYear.map((h) => ({ ...h }));
}

export function isFederalHoliday(date: CalendarDate): boolean {
  const { year } = parseDate(date);
  return usFederalHolidays(year).some((h) => h.observed === date);
}

/** Not a Saturday, Sunday or observed federal holiday. */
export function isBusinessDay(date: CalendarDate): boolean {
  const weekday = dayOfWeek(date);
  return weekday !== 0 && weekday !== 6 && !isFederalHoliday(date);
}

/**
 * The `n`th business day after `date` (n > 0) or before it (n < 0); `date` itself is
 * never counted, so a notice sent on a Saturday still needs five business days.
 * n = 0 returns `date` unchanged.
 */
export function addBusinessDays(date: CalendarDate, n: number): CalendarDate {
  if (!Number.isSafeInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
  parseDate(date);
  const step = n < 0 ? -1 : 1;
  let remaining = Math.abs(n);
  let current = date;
  while (remaining > 0) {
    current = addDays(current, step);
    if (isBusinessDay(current)) remaining--;
  }
  return current;
}

/** The date the validation notice sent on `sentDate` is assumed to be received. */
export function assumedReceiptDate(sentDate: CalendarDate): CalendarDate {
  return addBusinessDays(sentDate, ASSUMED_RECEIPT_BUSINESS_DAYS);
}

/** Last day of the validation period for a notice sent on `sentDate`. */
export function validationPeriodEnd(sentDate: CalendarDate): CalendarDate {
  return addDays(assumedReceiptDate(sentDate), VALIDATION_PERIOD_DAYS);
}
