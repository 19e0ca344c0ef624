import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatMoney, minorUnitDigits, parseMoneyInput, splitEvenly } from "~/lib/money";

describe("formatMoney", () => {
  it.each([
    [123456, "en", "$1,234.56"],
    [123456, "es", "$1,234.56"],
    [0, "en", "$0.00"],
    [5, "en", "$0.05"],
    [50, "es", "$0.50"],
    [-5, "en", "-$0.05"],
    [100_000_000, "en", "$1,000,000.00"],
    [999_999_999_999_99, "en", "$999,999,999,999.99"],
  ] as const)("formats %i cents in %s as %s", (cents, locale, expected) => {
    expect(formatMoney(cents, "usd", locale)).toBe(expected);
  });

  it("uses the locale's own conventions where they differ", () => {
    expect(formatMoney(1250, "EUR", "en")).toBe("€12.50");
    expect(formatMoney(1250, "EUR", "es")).toBe("EUR\u00a012.50"); // no-break space
  });

  it("uses the currency's minor unit (JPY has none)", () => {
    expect(minorUnitDigits("jpy")).toBe(0);
    expect(minorUnitDigits("usd")).toBe(2);
    expect(formatMoney(500, "JPY", "en")).toBe("¥500");
  });

  it("refuses fractional cents instead of rounding them away", () => {
    expect(() => formatMoney(10.5, "usd", "en")).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN, "usd", "en")).toThrow(RangeError);
  });
});

describe("parseMoneyInput", () => {
  it.each([
    ["25", 2500],
    ["$25", 2500],
    ["$ 25", 2500],
    ["  25.00 ", 2500],
    ["1,234.56", 123456],
    ["$1,234.56", 123456],
    ["1234.56", 123456],
    ["1,234,567.8", 123456780],
    ["0.5", 50],
    [".50", 50],
    ["0", 0],
    ["007", 700],
    ["0.01", 1],
    ["9999999999999.99", 999999999999999],
  ])("reads %j as %i cents", (text, cents) => {
    expect(parseMoneyInput(text)).toBe(cents);
  });

  it.each([
    "",
    " ",
    "$",
    ".",
    "-25",
    "$-25",
    "-$25",
    "(25)",
    "+25",
    "25.",
    "25.001",
    "1.234",
    "1,23",
    "12,34.00",
    "1234,567",
    ",123",
    "1,234,56",
    "1.234,56",
    "25 dollars",
    "$$25",
    "25$",
    "1e3",
    "0x10",
    "Infinity",
    "NaN",
    "２５",
    "10000000000000",
  ])("rejects %j", (text) => {
    expect(parseMoneyInput(text)).toBeNull();
  });

  it("reads back every amount it formats (en and es)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999_999_999_99 }),
        fc.constantFrom("en", "es"),
        (cents, locale) => {
          expect(parseMoneyInput(formatMoney(cents, "usd", locale as "en" | "es"))).toBe(cents);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("reads plain dollars.cents text exactly, with no float drift", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 99 }),
        (dollars, cents) => {
          const text = `${dollars}.${String(cents).padStart(2, "0")}`;
          expect(parseMoneyInput(text)).toBe(dollars * 100 + cents);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("splitEvenly", () => {
  it("gives the first r parts one cent more", () => {
    expect(splitEvenly(100, 3)).toEqual([34, 33, 33]);
    expect(splitEvenly(10, 4)).toEqual([3, 3, 2, 2]);
    expect(splitEvenly(100003, 5)).toEqual([20001, 20001, 20001, 20000, 20000]);
    expect(splitEvenly(7, 1)).toEqual([7]);
    expect(splitEvenly(2, 3)).toEqual([1, 1, 0]);
    expect(splitEvenly(0, 2)).toEqual([0, 0]);
  });

  it("refuses impossible splits", () => {
    expect(() => splitEvenly(100, 0)).toThrow(RangeError);
    expect(() => splitEvenly(100, 1.5)).toThrow(RangeError);
    expect(() => splitEvenly(-1, 2)).toThrow(RangeError);
    expect(() => splitEvenly(10.5, 2)).toThrow(RangeError);
  });

  it("sums to the total, parts differ by at most one cent, larger ones first", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000_00 }),
        fc.integer({ min: 1, max: 500 }),
        (total, n) => {
          const parts = splitEvenly(total, n);
          expect(parts).toHaveLength(n);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const q = Math.floor(total / n);
          const r = total - n * q;
          expect(parts).toEqual(Array.from({ length: n }, (_, i) => (i < r ? q + 1 : q)));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
