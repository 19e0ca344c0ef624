// What one hosted Checkout for a plan charges, by its purpose: the server's amount, from the
// plan's installments, never from the browser (an extra payment's amount is the debtor's,
// checked against the plan by app/models/pay-now.server.ts before it gets here). Pure.
import { compare, type CalendarDate } from "./calendar-date";
import {
  isInProgressInstallment,
  isOpenInstallment,
  type InstallmentStatus,
} from "./account-state";

/** Kept in step with db/schema/payments.ts CHECKOUT_PURPOSES (tests/unit/checkout-charge.test.ts). */
export const CHECKOUT_PURPOSE_NAMES = [
  "plan_start",
  "installment",
  "update_card",
  "payoff",
  "extra",
  "catch_up",
] as const;
export type CheckoutPurpose = (typeof CHECKOUT_PURPOSE_NAMES)[number];

/**
 * Purposes whose payment is applied to the plan's oldest open installments first
 * (applyPaymentToPlan): paying off the rest, an extra payment, catching up.
 */
export const APPLIED_TO_PLAN: readonly CheckoutPurpose[] = ["payoff", "extra", "catch_up"];

export type ChargeInstallment = {
  id: string;
  seq: number;
  dueDate: CalendarDate;
  amountCents: number;
  status: InstallmentStatus;
  attempts: number;
};

export type CheckoutCharge =
  | {
      ok: true;
      purpose: CheckoutPurpose;
      mode: "payment" | "setup";
      amountCents: number | null;
      installmentId: string | null;
    }
  | { ok: false; reason: "no_plan" | "processing" | "nothing_due" };

/** The open installments due on or before `today` (what a broken plan is behind by). */
export function overdueInstallments<T extends ChargeInstallment>(
  installments: readonly T[],
  today: CalendarDate,
): T[] {
  return installments.filter((i) => isOpenInstallment(i.status) && compare(i.dueDate, today) <= 0);
}

/**
 * What to charge. No purpose: finishing a plan's set-up, else the next installment when due,
 * else a new card. `installment` pays the next one now, due or early; `payoff` every open
 * one; `catch_up` what is overdue (or, with nothing overdue, the next one); `extra` the
 * debtor's amount; `update_card` only saves a method.
 */
export function checkoutCharge(
  plan: { status: string },
  installments: readonly ChargeInstallment[],
  today: CalendarDate,
  asked?: CheckoutPurpose,
  extraCents?: number,
): CheckoutCharge {
  const sorted = [...installments].sort((a, b) => a.seq - b.seq);
  const next = sorted.find((i) => i.status === "scheduled" || i.status === "failed");
  const open = sorted.filter((i) => isOpenInstallment(i.status));
  const purpose: CheckoutPurpose =
    asked ??
    (plan.status === "pending_payment_method"
      ? "plan_start"
      : next && compare(next.dueDate, today) <= 0
        ? "installment"
        : "update_card");
  if (
    purpose !== "plan_start" &&
    purpose !== "update_card" &&
    plan.status === "pending_payment_method"
  )
    return { ok: false, reason: "no_plan" };
  // A bank payment still being verified or processed: no second payment meanwhile.
  if (purpose !== "update_card" && sorted.some((i) => i.status === "processing"))
    return { ok: false, reason: "processing" };
  // An installment being charged by the worker: paying an amount now could pay it twice.
  if (APPLIED_TO_PLAN.includes(purpose) && sorted.some((i) => isInProgressInstallment(i.status)))
    return { ok: false, reason: "processing" };
  const sum = (rows: readonly ChargeInstallment[]) => rows.reduce((s, i) => s + i.amountCents, 0);
  let amountCents: number | null = null;
  let installmentId: string | null = null;
  switch (purpose) {
    case "update_card":
      break;
    case "plan_start":
      if (next && compare(next.dueDate, today) <= 0) {
        amountCents = next.amountCents;
        installmentId = next.id;
      }
      break;
    case "installment":
      if (!next) return { ok: false, reason: "nothing_due" };
      amountCents = next.amountCents;
      installmentId = next.id;
      break;
    case "payoff":
      if (!next) return { ok: false, reason: "nothing_due" };
      amountCents = sum(open);
      break;
    case "catch_up": {
      if (!next) return { ok: false, reason: "nothing_due" };
      const overdue = sum(overdueInstallments(open, today));
      amountCents = overdue > 0 ? overdue : open[0].amountCents;
      break;
    }
    case "extra":
      if (!next || !extraCents || extraCents <= 0 || extraCents > sum(open))
        return { ok: false, reason: "nothing_due" };
      amountCents = extraCents;
      break;
  }
  return {
    ok: true,
    purpose,
    mode: amountCents === null ? "setup" : "payment",
    amountCents,
    installmentId,
  };
}
