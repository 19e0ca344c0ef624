import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, dayOfWeek, daysBetween } from "~/lib/calendar-date";
import {
  addBusinessDays,
  assumedReceiptDate,
  isBusinessDay,
  isFederalHoliday,
  usFederalHolidays,
  validationPeriodEnd,
} from "~/lib/validation-period";

const observed = (year: number) => usFederalHolidays(year).map((h) => h.observed);

describe("usFederalHolidays", () => {
  it("lists 2026 as OPM publishes it (Independence Day, a Saturday, observed Friday July 3)", () => {
    expect(usFederalHolidays(2026)).toEqual([
      { name: "New Year's Day", actual: "2026-01-01", observed: "2026-01-01" },
      { name: "Martin Luther King Jr. Day", actual: "2026-01-19", observed: "2026-01-19" },
      { name: "Washington's Birthday", actual: "2026-02-16", observed: "2026-02-16" },
      { name: "Memorial Day", actual: "2026-05-25", observed: "2026-05-25" },
      {
        name: "Juneteenth National Independence Day",
        actual: "2026-06-19",
        observed: "2026-06-19",
      },
      { name: "Independence Day", actual: "2026-07-04", observed: "2026-07-03" },
      { name: "Labor Day", actual: "2026-09-07", observed: "2026-09-07" },
      { name: "Columbus Day", actual: "2026-10-12", observed: "2026-10-12" },
      { name: "Veterans Day", actual: "2026-11-11", observed: "2026-11-11" },
      { name: "Thanksgiving Day", actual: "2026-11-26", observed: "2026-11-26" },
      { name: "Christmas Day", actual: "2026-12-25", observed: "2026-12-25" },
    ]);
  });

  it("moves Saturday holidays to Friday and Sunday holidays to Monday (2027)", () => {
    // 2027: Juneteenth Sat → Fri 18; July 4 Sun → Mon 5; Christmas Sat → Fri 24;
    // New Year's Day 2028 is a Saturday → observed Friday 2027-12-31.
    expect(observed(2027)).toEqual([
      "2027-01-01",
      "2027-01-18",
      "2027-02-15",
      "2027-05-31",
      "2027-06-18",
      "2027-07-05",
      "2027-09-06",
      "2027-10-11",
      "2027-11-11",
      "2027-11-25",
      "2027-12-24",
      "2027-12-31",
    ]);
    // …so 2028 has no New Year's Day of its own.
    expect(observed(2028)[0]).toBe("2028-01-17");
    expect(usFederalHolidays(2028)).toHaveLength(10);
  });

  it("observes Juneteenth from 2021 only, and on Monday 2022-06-20 (June 19 was a Sunday)", () => {
    expect(usFederalHolidays(2020).some((h) => h.name.startsWith("Juneteenth"))).toBe(false);
    expect(usFederalHolidays(2021).find((h) => h.name.startsWith("Juneteenth"))?.observed).toBe(
      "2021-06-18",
    );
    expect(usFederalHolidays(2022).find((h) => h.name.startsWith("Juneteenth"))).toEqual({
      name: "Juneteenth National Independence Day",
      actual: "2022-06-19",
      observed: "2022-06-20",
    });
  });

  it("puts every observed holiday on a weekday in its year, sorted", () => {
    for (let year = 1990; year <= 2100; year++) {
      const list = observed(year);
      expect(list.every((d) => dayOfWeek(d) >= 1 && dayOfWeek(d) <= 5)).toBe(true);
      expect([...list].sort()).toEqual(list);
      expect(list.every((d) => d.startsWith(`${year}-`))).toBe(true);
      // 11 (10 before Juneteenth), one fewer when its New Year's Day is observed the
      // year before, one more when it observes the next year's.
      const usual = year >= 2021 ? 11 : 10;
      expect(list.length).toBeGreaterThanOrEqual(usual - 1);
      expect(list.length).toBeLessThanOrEqual(usual + 1);
      // Thanksgiving is the fourth Thursday: between the 22nd and the 28th.
      const thanksgiving = usFederalHolidays(year).find(
        (h) => h.name === "Thanksgiving Day",
      )!.observed;
      expect(dayOfWeek(thanksgiving)).toBe(4);
      expect(Number(thanksgiving.slice(8))).toBeGreaterThanOrEqual(22);
      expect(Number(thanksgiving.slice(8))).toBeLessThanOrEqual(28);
    }
  });

  it("answers for single days", () => {
    expect(isFederalHoliday("2026-07-03")).toBe(true);
    expect(isFederalHoliday("2026-07-04")).toBe(false); // the Saturday itself is a weekend day
    expect(isBusinessDay("2026-07-04")).toBe(false);
    expect(isBusinessDay("2021-12-31")).toBe(false); // New Year's Day 2022 observed
    expect(isBusinessDay("2026-11-27")).toBe(true); // the day after Thanksgiving is not federal
  });
});

describe("addBusinessDays", () => {
  it("counts from the next day and skips weekends and holidays", () => {
    expect(addBusinessDays("2026-11-20", 5)).toBe("2026-11-30");
    expect(addBusinessDays("2026-11-20", 0)).toBe("2026-11-20");
    expect(addBusinessDays("2026-11-20", 1)).toBe("2026-11-23");
    expect(addBusinessDays("2026-11-30", -5)).toBe("2026-11-20");
    expect(addBusinessDays("2026-12-24", 1)).toBe("2026-12-28"); // Christmas Friday, weekend
  });

  it("lands on a business day with exactly n business days in between", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }).map((n) => addDays("2000-01-01", n)),
        fc.integer({ min: 1, max: 30 }),
        (start, n) => {
          const end = addBusinessDays(start, n);
          expect(isBusinessDay(end)).toBe(true);
          let count = 0;
          for (let d = addDays(start, 1); d <= end; d = addDays(d, 1))
            if (isBusinessDay(d)) count++;
          expect(count).toBe(n);
          expect(addBusinessDays(end, -n) <= start).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("validationPeriodEnd", () => {
  it.each([
    // Fri 2026-11-20 → Mon 23 (1), Tue 24 (2), Wed 25 (3), Thu 26 Thanksgiving skipped,
    // Fri 27 (4), weekend, Mon 30 (5) → received 2026-11-30, + 30 days = 2026-12-30.
    ["2026-11-20", "2026-11-30", "2026-12-30"],
    // Sent on the Saturday: the same five business days.
    ["2026-11-21", "2026-11-30", "2026-12-30"],
    // Sent on Thanksgiving itself: Fri 27, Mon 30, Tue Dec 1, Wed 2, Thu 3.
    ["2026-11-26", "2026-12-03", "2027-01-02"],
    // Juneteenth (Fri 2026-06-19): Tue 16, Wed 17, Thu 18, (Fri 19), Mon 22, Tue 23.
    ["2026-06-15", "2026-06-23", "2026-07-23"],
    // Independence Day on a Saturday, observed Fri 2026-07-03:
    // Wed Jul 1, Thu 2, (Fri 3), Mon 6, Tue 7, Wed 8 → + 30 = Aug 7.
    ["2026-06-30", "2026-07-08", "2026-08-07"],
    // Juneteenth on a Sunday, observed Mon 2022-06-20:
    // Thu 16, Fri 17, (Mon 20), Tue 21, Wed 22, Thu 23 → + 30 = Jul 23.
    ["2022-06-15", "2022-06-23", "2022-07-23"],
    // Christmas 2021 (Sat) observed Fri Dec 24: Thu 23, (Fri 24), Mon 27, Tue 28, Wed 29, Thu 30.
    ["2021-12-22", "2021-12-30", "2022-01-29"],
    // New Year's Day 2022 (Sat) observed Fri 2021-12-31: Tue 28, Wed 29, Thu 30, (Fri 31), Mon Jan 3, Tue 4.
    ["2021-12-27", "2022-01-04", "2022-02-03"],
    // A plain week: Mon 2026-03-02 → Mon 9, + 30 = Apr 8.
    ["2026-03-02", "2026-03-09", "2026-04-08"],
    // The longest case: Christmas and New Year's Day on Mondays.
    ["2000-12-22", "2001-01-02", "2001-02-01"],
  ])("sent %s → assumed received %s → period ends %s", (sent, received, end) => {
    expect(assumedReceiptDate(sent)).toBe(received);
    expect(validationPeriodEnd(sent)).toBe(end);
  });

  // 35 days when sent on a Sunday (Mon–Fri); 41 at most, e.g. sent Fri 2000-12-22 with
  // Christmas and New Year's Day both on Mondays.
  it("always ends 30 days after receipt, 35 to 41 days after sending", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40_000 }).map((n) => addDays("2000-01-01", n)),
        (sent) => {
          const end = validationPeriodEnd(sent);
          expect(daysBetween(addBusinessDays(sent, 5), end)).toBe(30);
          const span = daysBetween(sent, end);
          expect(span).toBeGreaterThanOrEqual(35);
          expect(span).toBeLessThanOrEqual(41);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
