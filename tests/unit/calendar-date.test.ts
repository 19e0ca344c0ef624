import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonthsClamped,
  compare,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  fromDayNumber,
  isValidDate,
  longestMonthsSpanDays,
  toDayNumber,
  todayIn,
} from "~/lib/calendar-date";

// Independent oracle: UTC Date arithmetic (never local time), for years ≥ 1970.
const DAY_MS = 86_400_000;
const utcMs = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
};
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const oracleAddDays = (date: string, n: number) => isoOf(utcMs(date) + n * DAY_MS);
const oracleAddMonths = (date: string, months: number) => {
  const [y, m, d] = date.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return isoOf(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)));
};

/** Any date from 1970-01-01 to 2199-12-31. */
const dateArb = fc.integer({ min: 0, max: 83_236 }).map((n) => isoOf(n * DAY_MS));

describe("isValidDate", () => {
  it.each([
    "2026-01-01",
    "2028-02-29",
    "2000-02-29",
    "1999-12-31",
    "0001-01-01",
    "9999-12-31",
    "2026-04-30",
  ])("accepts %s", (date) => expect(isValidDate(date)).toBe(true));
  it.each([
    "2026-02-29",
    "1900-02-29",
    "2100-02-29",
    "2026-04-31",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "0000-01-01",
    "2026-1-01",
    "26-01-01",
    "2026/01/01",
    "2026-01-01T00:00:00Z",
    " 2026-01-01",
    "",
    20260101,
    null,
  ])("rejects %j", (date) => expect(isValidDate(date)).toBe(false));
});

describe("addDays", () => {
  it.each([
    ["2028-02-28", 1, "2028-02-29"],
    ["2028-02-29", 1, "2028-03-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2100-02-28", 1, "2100-03-01"],
    ["2000-02-28", 1, "2000-02-29"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2027-01-01", -1, "2026-12-31"],
    ["2026-03-08", 7, "2026-03-15"], // across the US spring-forward Sunday
    ["2026-10-28", 14, "2026-11-11"], // across fall-back
    ["2026-01-01", 365, "2027-01-01"],
    ["2028-01-01", 365, "2028-12-31"],
    ["2026-05-05", 0, "2026-05-05"],
  ] as const)("%s + %i = %s", (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it("throws on garbage instead of guessing", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-02-01", 1.5)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
  });

  it("matches UTC Date arithmetic", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -20_000, max: 20_000 }), (date, n) => {
        fc.pre(utcMs(date) + n * DAY_MS >= 0);
        expect(addDays(date, n)).toBe(oracleAddDays(date, n));
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("addMonthsClamped", () => {
  it.each([
    ["2026-01-31", 1, "2026-02-28"],
    ["2026-01-31", 2, "2026-03-31"],
    ["2026-01-31", 3, "2026-04-30"],
    ["2028-01-31", 1, "2028-02-29"],
    ["2028-02-29", 12, "2029-02-28"],
    ["2028-02-29", 48, "2032-02-29"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-01-30", 1, "2026-02-28"],
    ["2026-05-17", 0, "2026-05-17"],
    ["2026-01-31", 120, "2036-01-31"],
  ] as const)("%s + %i months = %s", (date, months, expected) => {
    expect(addMonthsClamped(date, months)).toBe(expected);
  });

  it("computes every month from the start, so a clamp never sticks", () => {
    const dates = Array.from({ length: 6 }, (_, i) => addMonthsClamped("2028-01-31", i));
    expect(dates).toEqual([
      "2028-01-31",
      "2028-02-29",
      "2028-03-31",
      "2028-04-30",
      "2028-05-31",
      "2028-06-30",
    ]);
  });

  it("matches a UTC Date oracle and keeps the day when the month has it", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -240, max: 240 }), (date, months) => {
        fc.pre(date >= "1990-01-01");
        const result = addMonthsClamped(date, months);
        expect(result).toBe(oracleAddMonths(date, months));
        const day = Number(date.slice(8));
        const [y, m] = result.split("-").map(Number);
        expect(Number(result.slice(8))).toBe(Math.min(day, daysInMonth(y, m)));
      }),
      { numRuns: 3000 },
    );
  });
});

describe("daysBetween, compare, dayOfWeek", () => {
  it("counts whole calendar days", () => {
    expect(daysBetween("2026-01-01", "2027-01-01")).toBe(365);
    expect(daysBetween("2028-01-01", "2029-01-01")).toBe(366);
    expect(daysBetween("2026-03-10", "2026-03-01")).toBe(-9);
    expect(daysBetween("2026-03-07", "2026-03-09")).toBe(2); // DST weekend: still 2 days
  });

  it("orders dates", () => {
    expect(compare("2026-01-31", "2026-02-01")).toBe(-1);
    expect(compare("2026-02-01", "2026-01-31")).toBe(1);
    expect(compare("2026-02-01", "2026-02-01")).toBe(0);
    expect(() => compare("2026-02-30", "2026-02-01")).toThrow(RangeError);
  });

  it.each([
    ["1970-01-01", 4],
    ["2000-01-01", 6],
    ["2026-11-20", 5],
    ["2026-11-26", 4],
    ["2028-02-29", 2],
    ["2026-03-08", 0],
  ] as const)("%s is weekday %i", (date, weekday) => {
    expect(dayOfWeek(date)).toBe(weekday);
  });

  it("agree with Date for any pair of dates", () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        expect(daysBetween(a, b)).toBe((utcMs(b) - utcMs(a)) / DAY_MS);
        expect(compare(a, b)).toBe(Math.sign(utcMs(a) - utcMs(b)));
        expect(dayOfWeek(a)).toBe(new Date(utcMs(a)).getUTCDay());
        expect(fromDayNumber(toDayNumber(a))).toBe(a);
      }),
      { numRuns: 3000 },
    );
  });

  it("round-trips day numbers over the whole supported range", () => {
    expect(toDayNumber("1970-01-01")).toBe(0);
    expect(fromDayNumber(toDayNumber("0001-01-01"))).toBe("0001-01-01");
    expect(fromDayNumber(toDayNumber("9999-12-31"))).toBe("9999-12-31");
    fc.assert(
      fc.property(
        fc.integer({ min: toDayNumber("0001-01-01"), max: toDayNumber("9999-12-31") }),
        (n) => {
          expect(toDayNumber(fromDayNumber(n))).toBe(n);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("longestMonthsSpanDays", () => {
  it("is the worst case over start dates", () => {
    expect(longestMonthsSpanDays(0)).toBe(0);
    expect(longestMonthsSpanDays(1)).toBe(31);
    expect(longestMonthsSpanDays(2)).toBe(62); // Jul–Aug or Dec–Jan
    expect(longestMonthsSpanDays(11)).toBe(337); // a year minus the shortest February
    expect(longestMonthsSpanDays(12)).toBe(366);
  });

  it("bounds every real monthly span", () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 119 }), (start, months) => {
        expect(daysBetween(start, addMonthsClamped(start, months))).toBeLessThanOrEqual(
          longestMonthsSpanDays(months),
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe("todayIn", () => {
  const NY = "America/New_York";

  it("gives the creditor's calendar date, not the server's", () => {
    const instant = new Date("2026-06-15T10:30:00Z");
    expect(todayIn("UTC", instant)).toBe("2026-06-15");
    expect(todayIn("Pacific/Kiritimati", instant)).toBe("2026-06-16"); // UTC+14
    expect(todayIn("Pacific/Pago_Pago", instant)).toBe("2026-06-14"); // UTC−11
    expect(todayIn(NY, new Date("2026-01-01T04:59:59Z"))).toBe("2025-12-31");
    expect(todayIn(NY, new Date("2026-01-01T05:00:00Z"))).toBe("2026-01-01");
  });

  it("switches at local midnight on both sides of the 2026 DST changes in New York", () => {
    // Spring forward 2026-03-08: midnight is still EST (UTC−5); the next one is EDT (UTC−4).
    expect(todayIn(NY, new Date("2026-03-08T04:59:59Z"))).toBe("2026-03-07");
    expect(todayIn(NY, new Date("2026-03-08T05:00:00Z"))).toBe("2026-03-08");
    expect(todayIn(NY, new Date("2026-03-09T03:59:59Z"))).toBe("2026-03-08");
    expect(todayIn(NY, new Date("2026-03-09T04:00:00Z"))).toBe("2026-03-09");
    // Fall back 2026-11-01: midnight is EDT, the next one EST.
    expect(todayIn(NY, new Date("2026-11-01T03:59:59Z"))).toBe("2026-10-31");
    expect(todayIn(NY, new Date("2026-11-01T04:00:00Z"))).toBe("2026-11-01");
    expect(todayIn(NY, new Date("2026-11-02T04:59:59Z"))).toBe("2026-11-01");
    expect(todayIn(NY, new Date("2026-11-02T05:00:00Z"))).toBe("2026-11-02");
  });

  it("has a 23-hour and a 25-hour local day, and dates never go backwards", () => {
    const minutesPerDate = (fromIso: string, toIso: string) => {
      const counts = new Map<string, number>();
      let previous = "";
      for (let t = Date.parse(fromIso); t < Date.parse(toIso); t += 60_000) {
        const date = todayIn(NY, new Date(t));
        expect(date >= previous).toBe(true);
        previous = date;
        counts.set(date, (counts.get(date) ?? 0) + 1);
      }
      return counts;
    };
    const spring = minutesPerDate("2026-03-07T05:00:00Z", "2026-03-10T04:00:00Z");
    expect([spring.get("2026-03-07"), spring.get("2026-03-08"), spring.get("2026-03-09")]).toEqual([
      24 * 60,
      23 * 60,
      24 * 60,
    ]);
    const fall = minutesPerDate("2026-10-31T04:00:00Z", "2026-11-03T05:00:00Z");
    expect([fall.get("2026-10-31"), fall.get("2026-11-01"), fall.get("2026-11-02")]).toEqual([
      24 * 60,
      25 * 60,
      24 * 60,
    ]);
  });

  it("is the UTC date shifted by New York's offset (4 or 5 hours) for any instant", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) }), (ms) => {
        const date = todayIn(NY, new Date(ms));
        expect([isoOf(ms - 4 * 3_600_000), isoOf(ms - 5 * 3_600_000)]).toContain(date);
        expect(todayIn("UTC", new Date(ms))).toBe(isoOf(ms));
      }),
      { numRuns: 2000 },
    );
  });

  it("rejects unknown time zones and invalid instants", () => {
    expect(() => todayIn("Mars/Olympus_Mons", new Date())).toThrow(RangeError);
    expect(() => todayIn(NY, new Date(Number.NaN))).toThrow(RangeError);
  });
});
