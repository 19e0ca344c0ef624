/**
 * The plan builder's errors as data (an i18n key with raw amounts and dates) and their
 * words in the debtor's language. Apart from app/lib/plan-builder.ts (which re-exports all
 * of this) so that pages which only *show* errors do not ship the schedule engine and the
 * policy schema (zod) to the browser.
 *
 * Pure: no I/O, safe in the browser.
 */
import type { CalendarDate } from "./calendar-date";
import { formatDate, format, type Lang, type Messages } from "./i18n";
import { formatMoney } from "./money";
import type { Frequency } from "./policy";

export type ChoiceField =
  | "kind"
  | "frequency"
  | "count"
  | "startDate"
  | "form"
  // the plan page and the hardship page
  | "seq"
  | "newDate"
  | "amount"
  | "pauseUntil"
  | "note"
  | "confirm";

/** An error as an i18n key with raw values; `describeError` turns it into words. */
export type ChoiceError = {
  field: ChoiceField;
  key: string;
  vars?: Record<string, MessageValue>;
};

/** Amounts and dates stay raw until the language is known. */
export type MessageValue =
  string | number | { money: number } | { date: CalendarDate } | { frequencies: Frequency[] };

/** Words for one error in the debtor's language. */
export function describeError(
  messages: Messages,
  lang: Lang,
  currency: string,
  error: ChoiceError,
): string {
  return format(messages, error.key, renderVars(messages, lang, currency, error.vars));
}

export function renderVars(
  messages: Messages,
  lang: Lang,
  currency: string,
  vars: Record<string, MessageValue> | undefined,
): Record<string, string | number> | undefined {
  if (!vars) return undefined;
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(vars)) {
    if (typeof value === "string" || typeof value === "number") out[name] = value;
    else if ("money" in value) out[name] = formatMoney(value.money, currency, lang);
    else if ("date" in value) out[name] = formatDate(value.date, lang);
    else
      out[name] = listWords(
        value.frequencies.map((f) => format(messages, `plans.frequency.${f}`).toLowerCase()),
        messages,
      );
  }
  return out;
}

function listWords(words: string[], messages: Messages): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${format(messages, "plans.or")} ${words[words.length - 1]}`;
}
