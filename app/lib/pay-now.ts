// One payment now, straight to Stripe's page (/accounts/:id/pay-now?kind=…): the kinds, the
// one-time authorization's words, and which plan rows are a single payment in waiting (a
// plan row of kind full/settlement is how the ledger records a single payment; the debtor
// never sees it as a plan). Pure: no I/O, safe in the browser.
import { format, formatDate, type Lang, type Messages } from "./i18n";
import { en, es } from "./i18n/pay-now";
import { formatMoney } from "./money";

export const PAY_NOW_KINDS = ["full", "settlement", "next", "payoff", "extra"] as const;
export type PayNowKind = (typeof PAY_NOW_KINDS)[number];

export function isPayNowKind(value: unknown): value is PayNowKind {
  return typeof value === "string" && (PAY_NOW_KINDS as readonly string[]).includes(value);
}

/** A single payment (full, settlement) waiting on Stripe's page: not a plan to the debtor. */
export function isWaitingOneOff(plan: { kind: string; status: string } | null | undefined) {
  return Boolean(plan && plan.kind !== "installments" && plan.status === "pending_payment_method");
}

/** Change the words → bump this, so each stored consent says which words it accepted. */
export const ONE_TIME_AUTHORIZATION_VERSION = "one-time-2026-1";

const DICTIONARIES: Record<Lang, Messages> = { en, es };

/**
 * The one-time authorization shown above the button and, for a single payment that pays
 * the account (full, settlement), stored with it: one amount, one date, nothing recurring.
 */
export function oneTimeAuthorization(
  input: {
    kind: PayNowKind;
    debtorName: string;
    creditorName: string;
    reference: string;
    amountCents: number;
    balanceCents: number;
    currency: string;
    date: string;
  },
  lang: Lang,
): string {
  const money = (cents: number) => formatMoney(cents, input.currency, lang);
  const vars = {
    name: input.debtorName,
    creditor: input.creditorName,
    reference: input.reference,
    amount: money(input.amountCents),
    balance: money(input.balanceCents),
    date: formatDate(input.date, lang),
  };
  const messages = DICTIONARIES[lang];
  const key =
    input.kind === "settlement"
      ? "payNow.auth.settlement"
      : input.kind === "full"
        ? "payNow.auth.full"
        : "payNow.auth.plan";
  return format(messages, key, vars);
}
