/**
 * Money as integer minor units (cents) with the currency beside them. Never floats:
 * user input is parsed from its digits, and amounts are split with integer maths.
 *
 * Pure: no I/O, safe in the browser.
 */

export type Money = { amount: number; currency: string };
export type Locale = "en" | "es";

// es-US rather than es-ES: the debtors are in the US, and es-US writes "$1,234.56"
// like en-US, where es-ES would write "1234,56 US$".
const INTL_LOCALE: Record<Locale, string> = { en: "en-US", es: "es-US" };

const formatters = new Map<string, Intl.NumberFormat>();

function currencyFormatter(currency: string, locale: Locale): Intl.NumberFormat {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(INTL_LOCALE[locale], {
      style: "currency",
      currency: currency.toUpperCase(),
    });
    formatters.set(key, formatter);
  }
  return formatter;
}

const digitsOf = new Map<string, number>();

/** Number of minor-unit digits of a currency per ISO 4217 (USD 2, JPY 0). */
export function minorUnitDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = currencyFormatter(currency, "en").resolvedOptions().maximumFractionDigits ?? 2;
    digitsOf.set(currency, digits);
  }
  return digits;
}

function assertCents(cents: number): void {
  if (!Number.isSafeInteger(cents))
    throw new RangeError(`Money amounts are integer minor units, got ${cents}`);
}

/** formatMoney(123456, 'usd', 'en') → "$1,234.56". Negative amounts (credits) keep their sign. */
export function formatMoney(cents: number, currency: string, locale: Locale): string {
  assertCents(cents);
  // Dividing an integer by a power of ten gives the closest double to the exact decimal,
  // and the formatter rounds to the currency's digits, so the printed value is exact.
  return currencyFormatter(currency, locale).format(cents / 10 ** minorUnitDigits(currency));
}

export function formatMoneyValue(money: Money, locale: Locale): string {
  return formatMoney(money.amount, money.currency, locale);
}

// Optional "$", then digits with or without correct thousands commas, then at most two
// decimals. Nothing else: no sign, no exponent, no decimal comma (ambiguous).
const MONEY_INPUT = /^\$?\s*(?:(\d{1,3}(?:,\d{3})+)|(\d+))?(?:\.(\d{1,2}))?$/;
const MAX_INTEGER_DIGITS = 13; // 9,999,999,999,999.99 dollars stays a safe integer in cents

/**
 * Parses what a person typed into cents, for two-decimal currencies.
 * Accepts "25", "$25", "1,234.56", "0.5", ".50", "$ 25.00".
 * Returns null for negatives, more than two decimals, misplaced commas or anything else.
 */
export function parseMoneyInput(text: string): number | null {
  const trimmed = text.replace(/[\s\u00a0\u202f]+/g, " ").trim();
  const match = MONEY_INPUT.exec(trimmed);
  if (!match) return null;
  const [, grouped, plain, fraction] = match;
  const integerDigits = (grouped ?? plain ?? "").replace(/,/g, "");
  if (integerDigits === "" && fraction === undefined) return null; // "$" or ""
  const normalized = integerDigits.replace(/^0+(?=\d)/, "");
  if (normalized.length > MAX_INTEGER_DIGITS) return null;
  const wholeUnits = integerDigits === "" ? 0 : Number(normalized);
  const fractionCents = fraction === undefined ? 0 : Number(fraction.padEnd(2, "0"));
  const cents = wholeUnits * 100 + fractionCents;
  return Number.isSafeInteger(cents) ? cents : null;
}

/**
 * Splits `total` into `n` integer parts that differ by at most one and sum to `total`:
 * q = floor(total / n), r = total − n·q; the first r parts get q + 1, the rest q.
 */
export function splitEvenly(total: number, n: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new RangeError(`splitEvenly needs a non-negative integer total, got ${total}`);
  }
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`splitEvenly needs a positive count, got ${n}`);
  const q = Math.floor(total / n);
  const r = total - n * q;
  return Array.from({ length: n }, (_, i) => (i < r ? q + 1 : q));
}
