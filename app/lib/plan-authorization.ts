/**
 * The recurring-payment authorization, in plain words (compliance.md "Recurring
 * authorization"): amount, dates, frequency, method, how to cancel. The review page
 * shows exactly this text and the server stores exactly this text, its SHA-256 and the
 * version of the wording. Change the wording → bump AUTHORIZATION_VERSION, so every
 * stored consent still says which wording it accepted.
 *
 * Pure: no I/O, safe in the browser.
 */
import { format, formatDate, type Lang, type Messages } from "./i18n";
import { formatMoney } from "./money";
import { en, es } from "./i18n/plan-review";
import type { PlanPreview } from "./plan-builder";

export const AUTHORIZATION_VERSION = "plan-auth-2025-1";

export type AuthorizationParties = {
  debtorName: string;
  creditorName: string;
  supportPhone: string;
  supportEmail: string;
};

const DICTIONARIES: Record<Lang, Messages> = { en, es };

export function authorizationText(
  plan: PlanPreview,
  parties: AuthorizationParties,
  lang: Lang,
): string {
  const messages = DICTIONARIES[lang];
  const money = (cents: number) => formatMoney(cents, plan.currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const common = {
    name: parties.debtorName,
    creditor: parties.creditorName,
    phone: parties.supportPhone,
    email: parties.supportEmail,
    total: money(plan.totalCents),
  };
  if (plan.kind === "full") {
    return format(messages, "plans.auth.single", { ...common, date: date(plan.startDate) });
  }
  if (plan.kind === "settlement" && plan.count === 1) {
    return format(messages, "plans.auth.settlement", {
      ...common,
      date: date(plan.startDate),
      balance: money(plan.balanceCents),
    });
  }
  const schedule = plan.installments
    .map((i) =>
      format(messages, "plans.auth.item", { date: date(i.dueDate), amount: money(i.amountCents) }),
    )
    .join("; ");
  return format(messages, "plans.auth.recurring", {
    ...common,
    count: plan.count,
    every: format(messages, `plans.every.${plan.frequency ?? "monthly"}`),
    start: date(plan.startDate),
    end: date(plan.endDate),
    schedule,
  });
}
