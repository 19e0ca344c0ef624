// How an amount owed divides into payments: the smallest payment, the down payment, the
// split into installments, the most payments an amount allows, the settlement amount.
// Integer cents throughout. Pure: no I/O (schedule.ts builds schedules from these).
import { compare, type CalendarDate } from "./calendar-date";
import { splitEvenly } from "./money";
import { MAX_INSTALLMENTS, stripeMinChargeCents, type PlanPolicy } from "./policy";

/** The smallest payment we schedule: the creditor's minimum, never under Stripe's. */
export function minimumPaymentCents(policy: PlanPolicy, currency: string): number | null {
  const stripeMin = stripeMinChargeCents(currency);
  return stripeMin === null ? null : Math.max(policy.minInstallmentCents, stripeMin);
}

/** ceil(amount × percent / 100) without overflowing for large amounts. */
function percentOfCeil(amount: number, percent: number): number {
  const hundreds = Math.floor(amount / 100);
  const rest = amount - hundreds * 100;
  return hundreds * percent + Math.ceil((rest * percent) / 100);
}

/** floor(amount × percent / 100) without overflowing for large amounts. */
function percentOfFloor(amount: number, percent: number): number {
  const hundreds = Math.floor(amount / 100);
  const rest = amount - hundreds * 100;
  return hundreds * percent + Math.floor((rest * percent) / 100);
}

/**
 * Down payment of a plan of `count` payments on `total`.
 * Rounded *up* to the cent so it is never under the stated percentage, and raised to
 * the minimum payment so that it, like every installment, meets the minimum. A single
 * payment is the whole amount: no separate down payment.
 */
export function downPaymentFor(
  total: number,
  count: number,
  percent: number,
  minCents: number,
): number {
  if (count < 2 || percent === 0) return 0;
  return Math.min(total, Math.max(percentOfCeil(total, percent), minCents));
}

export function amountsFor(total: number, count: number, downPayment: number): number[] {
  if (downPayment === 0) return splitEvenly(total, count);
  return [downPayment, ...splitEvenly(total - downPayment, count - 1)];
}

/**
 * Most payments such that none is under `minCents` (0 when even one payment is
 * impossible). One payment of the whole amount is allowed under the creditor minimum
 * (nobody can pay more than they owe) but never under Stripe's minimum.
 */
export function maxCountForAmount(
  total: number,
  percent: number,
  minCents: number,
  stripeMin: number,
): number {
  if (total < stripeMin) return 0;
  let max: number;
  if (percent === 0) {
    max = Math.floor(total / minCents);
  } else {
    // n ≥ 2: the down payment d, then n − 1 payments of at least floor((total − d)/(n − 1)).
    const rest = total - downPaymentFor(total, 2, percent, minCents);
    max = 1 + Math.floor(rest / minCents);
  }
  return Math.min(MAX_INSTALLMENTS, Math.max(1, max));
}

/**
 * The amount that settles the account under the policy's offer, or null when there is
 * no offer, it has expired (valid through `expiresOn`), or nothing is owed.
 *
 * Rounding is in the debtor's favour: the discount is rounded up to the cent, i.e.
 * payable = floor(balance × (100 − percentOff) / 100). E.g. 30% off $100.05 (10005¢):
 * discount 3001.5¢ → 3002¢, payable 7003¢.
 */
export function settlementAmount(
  balanceCents: number,
  policy: PlanPolicy,
  today: CalendarDate,
): number | null {
  assertCents(balanceCents, "balanceCents");
  const offer = policy.settlement;
  if (!offer || balanceCents <= 0 || compare(today, offer.expiresOn) > 0) return null;
  return percentOfFloor(balanceCents, 100 - offer.percentOff);
}

export function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be integer cents, got ${value}`);
}
