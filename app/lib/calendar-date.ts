/**
 * Calendar dates as 'YYYY-MM-DD' strings.
 *
 * Due dates, itemization dates and validation-period ends are *calendar* dates in the
 * creditor's timezone, not instants. Doing arithmetic on `Date` objects drags the
 * process timezone and DST into it (a "day" can be 23 or 25 hours), so this module
 * never uses `Date` for arithmetic: it converts to a day number (days since
 * 1970-01-01 in the proleptic Gregorian calendar) with integer maths and back.
 * Only `todayIn` touches an instant, through Intl with an explicit time zone.
 *
 * Pure: no I/O, safe in the browser.
 */

/** 'YYYY-MM-DD'. A plain string so it serialises through loaders and forms untouched. */
export type CalendarDate = string;

/** 0 = Sunday … 6 = Saturday (same numbering as Date#getUTCDay). */
export type DayOfWeek = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real date between 0001-01-01 and 9999-12-31 in the exact 'YYYY-MM-DD' form. */
export function isValidDate(value: unknown): value is CalendarDate {
  if (typeof value !== "string") return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseDate(date: CalendarDate): { year: number; month: number; day: number } {
  if (!isValidDate(date))
    throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

/** Builds a date from parts; throws when the parts are not a real date. */
export function formatDate(year: number, month: number, day: number): CalendarDate {
  const text = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  if (!Number.isInteger(year) || !isValidDate(text)) {
    throw new RangeError(`Not a calendar date: ${year}-${month}-${day}`);
  }
  return text;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact integer conversions
// between a Gregorian date and a day count, valid for every year we accept.
function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function dateOfDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return formatDate(year, month, day);
}

/** Days since 1970-01-01 (negative before). */
export function toDayNumber(date: CalendarDate): number {
  const { year, month, day } = parseDate(date);
  return dayNumberOf(year, month, day);
}

export function fromDayNumber(dayNumber: number): CalendarDate {
  if (!Number.isSafeInteger(dayNumber)) throw new RangeError(`Not a day number: ${dayNumber}`);
  return dateOfDayNumber(dayNumber);
}

function assertInteger(n: number, name: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} must be an integer, got ${n}`);
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  assertInteger(days, "days");
  return dateOfDayNumber(toDayNumber(date) + days);
}

/**
 * `start` plus `months` months, clamped to the end of the target month:
 * Jan 31 + 1 → Feb 28 (Feb 29 in a leap year), Jan 31 + 2 → Mar 31.
 * Always computed from the start date, so a clamp never sticks to later months.
 */
export function addMonthsClamped(start: CalendarDate, months: number): CalendarDate {
  assertInteger(months, "months");
  const { year, month, day } = parseDate(start);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return formatDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Whole days from `from` to `to`: positive when `to` is later. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** -1, 0 or 1, for sorting. */
export function compare(a: CalendarDate, b: CalendarDate): -1 | 0 | 1 {
  // Valid 'YYYY-MM-DD' strings sort lexically; the parse guards against garbage.
  parseDate(a);
  parseDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compare(a, b) <= 0 ? a : b;
}

export function maxDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return compare(a, b) >= 0 ? a : b;
}

export function dayOfWeek(date: CalendarDate): DayOfWeek {
  // 1970-01-01 was a Thursday (4).
  return ((((toDayNumber(date) + 4) % 7) + 7) % 7) as DayOfWeek;
}

/**
 * The most days that `months` consecutive calendar months can span (from a day in one
 * month to the same day `months` later). Used to check, for every possible start date,
 * whether a monthly plan fits in a maximum length. Month lengths repeat every 4 years
 * except at century years, which can only shorten a span, so 48 start months suffice.
 */
export function longestMonthsSpanDays(months: number): number {
  assertInteger(months, "months");
  if (months <= 0) return 0;
  let longest = 0;
  for (let startIndex = 0; startIndex < 48; startIndex++) {
    const year = 2024 + Math.floor(startIndex / 12);
    const month = (startIndex % 12) + 1;
    const endIndex = year * 12 + (month - 1) + months;
    const span =
      dayNumberOf(Math.floor(endIndex / 12), (endIndex % 12) + 1, 1) - dayNumberOf(year, month, 1);
    longest = Math.max(longest, span);
  }
  return longest;
}

const todayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date at instant `now` in `timeZone` (IANA name, e.g. 'America/New_York').
 * `now` is a parameter so callers (and tests) control the clock.
 * Throws a RangeError for an unknown time zone.
 */
export function todayIn(timeZone: string, now: Date): CalendarDate {
  if (Number.isNaN(now.getTime())) throw new RangeError("todayIn needs a valid Date");
  let formatter = todayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      year: "numeric",
      month: "numeric",
      day: "numeric",
    });
    todayFormatters.set(timeZone, formatter);
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (const part of formatter.formatToParts(now)) {
    if (part.type === "year") year = Number(part.value);
    else if (part.type === "month") month = Number(part.value);
    else if (part.type === "day") day = Number(part.value);
  }
  return formatDate(year, month, day);
}
