/**
 * The schedule engine: the exact dates and amounts of a plan (the amounts come from
 * installment-amounts.ts; the plans a debtor may choose are in plan-options.ts, changes
 * to a running plan in reschedule.ts). The server calls it to build the plan it stores; the browser calls
 * it for the live preview. Same inputs, same schedule, to the cent.
 *
 * Rules (shared/spec/domain.md "Installment schedule"):
 * - amounts: an optional down payment first, then the rest split q/r (the first r
 *   payments get one cent more), so the sum is exactly the amount owed;
 * - dates: weekly start + 7i days, every two weeks start + 14i, monthly
 *   start + i months clamped to the month end, always from the start date;
 * - limits from the creditor policy: allowed frequencies, min/max number of payments,
 *   smallest payment (never under Stripe's minimum charge either), longest plan
 *   (last due date − today ≤ maxPlanDays), first payment between today and
 *   today + latestFirstPaymentDays.
 *
 * All dates are calendar dates in the creditor's timezone ('YYYY-MM-DD'); nothing here
 * reads a clock, so DST and the server's timezone cannot change a schedule.
 * Pure: no I/O, safe in the browser.
 */
import {
  addDays,
  addMonthsClamped,
  compare,
  daysBetween,
  isValidDate,
  type CalendarDate,
} from "./calendar-date";
import {
  FREQUENCIES,
  MAX_INSTALLMENTS,
  stripeMinChargeCents,
  type Frequency,
  type PlanPolicy,
} from "./policy";
import {
  amountsFor,
  assertCents,
  downPaymentFor,
  maxCountForAmount,
  minimumPaymentCents,
  settlementAmount,
} from "./installment-amounts";

export type Installment = { seq: number; dueDate: CalendarDate; amountCents: number };

export type ScheduleInput = {
  balanceCents: number;
  currency: string;
  policy: PlanPolicy;
  frequency: Frequency;
  /** Number of payments, the down payment included. */
  count: number;
  /** First due date. */
  startDate: CalendarDate;
  /** Today in the creditor's timezone (see todayIn). */
  today: CalendarDate;
  /**
   * Set to the offered percentage to schedule the settlement amount instead of the
   * balance. Must match the policy's offer: a stale form cannot claim a bigger discount.
   */
  settlementPercentOff?: number;
};

/**
 * Why a requested plan is not allowed, with the numbers the UI needs to suggest a fix.
 * A `maxCount` of 0 means no number of payments works (e.g. the balance is smaller than
 * the smallest allowed payment): offer paying in full instead.
 */
export type ScheduleReason =
  | { code: "balance_not_payable"; balanceCents: number }
  | { code: "currency_not_supported"; currency: string }
  | { code: "frequency_not_allowed"; frequency: string; allowed: Frequency[] }
  | { code: "count_out_of_range"; minCount: number; maxCount: number }
  | { code: "installment_below_minimum"; minCents: number; maxCount: number }
  | { code: "start_date_invalid" }
  | { code: "start_date_in_past"; earliestDate: CalendarDate }
  | { code: "start_date_too_late"; latestDate: CalendarDate }
  | { code: "plan_too_long"; maxPlanDays: number; latestEndDate: CalendarDate; maxCount: number }
  | { code: "settlement_not_offered" }
  | { code: "settlement_percent_mismatch"; percentOff: number }
  | { code: "settlement_expired"; expiresOn: CalendarDate }
  | { code: "settlement_after_expiry"; expiresOn: CalendarDate; maxCount: number };

export type ScheduleResult =
  | {
      ok: true;
      kind: "installments" | "settlement";
      frequency: Frequency;
      count: number;
      currency: string;
      installments: Installment[];
      /** Amount of installment 1 when a down payment applies, else 0. */
      downPaymentCents: number;
      /** Sum of the installments: the balance, or the settlement amount. */
      totalCents: number;
      /** Balance − total: the settlement discount, 0 for a plain plan. */
      savingsCents: number;
      endDate: CalendarDate;
    }
  | {
      ok: false;
      reasons: ScheduleReason[];
      /** The counts that would work for this frequency and start date, when known. */
      allowedCounts: { min: number; max: number } | null;
    };

/** Due date of payment `index` (0-based), always computed from the start. */
export function dueDateFor(start: CalendarDate, frequency: Frequency, index: number): CalendarDate {
  if (frequency === "weekly") return addDays(start, 7 * index);
  if (frequency === "biweekly") return addDays(start, 14 * index);
  return addMonthsClamped(start, index);
}

/** Most payments from `start` whose last due date is on or before `lastDate` (capped at 120). */
export function maxCountUntil(
  start: CalendarDate,
  frequency: Frequency,
  lastDate: CalendarDate,
): number {
  const span = daysBetween(start, lastDate);
  if (span < 0) return 0;
  if (frequency !== "monthly") {
    return Math.min(MAX_INSTALLMENTS, Math.floor(span / (frequency === "weekly" ? 7 : 14)) + 1);
  }
  let count = 1;
  // Both strings are valid 'YYYY-MM-DD', so string order is date order.
  while (count < MAX_INSTALLMENTS && addMonthsClamped(start, count) <= lastDate) count++;
  return count;
}

/** Builds the schedule for a requested plan, or every reason it is not allowed. */
export function buildSchedule(input: ScheduleInput): ScheduleResult {
  const { balanceCents, currency, policy, frequency, count, startDate, today } = input;
  assertCents(balanceCents, "balanceCents");
  if (!isValidDate(today))
    throw new RangeError(`today must be a calendar date, got ${JSON.stringify(today)}`);

  const reasons: ScheduleReason[] = [];
  const fail = (allowedCounts: { min: number; max: number } | null = null): ScheduleResult => ({
    ok: false,
    reasons,
    allowedCounts,
  });

  if (balanceCents <= 0) {
    reasons.push({ code: "balance_not_payable", balanceCents });
    return fail();
  }
  const minCents = minimumPaymentCents(policy, currency);
  const stripeMin = stripeMinChargeCents(currency);
  if (minCents === null || stripeMin === null) {
    reasons.push({ code: "currency_not_supported", currency });
    return fail();
  }

  // What is being scheduled: the balance, or the settlement amount.
  const isSettlement = input.settlementPercentOff !== undefined;
  let total = balanceCents;
  let expiresOn: CalendarDate | null = null;
  if (isSettlement) {
    const offer = policy.settlement;
    if (!offer) {
      reasons.push({ code: "settlement_not_offered" });
      return fail();
    }
    if (offer.percentOff !== input.settlementPercentOff) {
      reasons.push({ code: "settlement_percent_mismatch", percentOff: offer.percentOff });
    }
    if (compare(today, offer.expiresOn) > 0) {
      reasons.push({ code: "settlement_expired", expiresOn: offer.expiresOn });
      return fail();
    }
    total = settlementAmount(balanceCents, policy, today) ?? balanceCents;
    expiresOn = offer.expiresOn;
  }

  // A settlement paid at once is a lump sum: plan frequencies and counts do not apply.
  const lumpSumSettlement = isSettlement && count === 1;
  const countIsWhole = Number.isInteger(count) && count >= 1 && count <= MAX_INSTALLMENTS;
  if (!lumpSumSettlement && !policy.frequencies.includes(frequency)) {
    reasons.push({ code: "frequency_not_allowed", frequency, allowed: [...policy.frequencies] });
  }
  const frequencyKnown = (FREQUENCIES as readonly string[]).includes(frequency);

  // The settlement's down payment would be moot: it is already a discount.
  const downPercent = isSettlement ? 0 : policy.downPaymentPercent;
  const amountMax = maxCountForAmount(total, downPercent, minCents, stripeMin);
  const policyMin = lumpSumSettlement ? 1 : policy.minInstallments;
  const policyMax = lumpSumSettlement ? 1 : policy.maxInstallments;

  if (!countIsWhole || count < policyMin || count > policyMax) {
    reasons.push({ code: "count_out_of_range", minCount: policyMin, maxCount: policyMax });
  }
  if (countIsWhole && count > amountMax) {
    reasons.push({
      code: "installment_below_minimum",
      minCents,
      maxCount: Math.min(amountMax, policyMax),
    });
  }

  const latestStart = addDays(today, policy.latestFirstPaymentDays);
  const latestEnd = addDays(today, policy.maxPlanDays);
  const startValid = isValidDate(startDate);
  if (!startValid) {
    reasons.push({ code: "start_date_invalid" });
  } else if (compare(startDate, today) < 0) {
    reasons.push({ code: "start_date_in_past", earliestDate: today });
  } else if (compare(startDate, latestStart) > 0) {
    reasons.push({ code: "start_date_too_late", latestDate: latestStart });
  }

  let lengthMax = MAX_INSTALLMENTS;
  let expiryMax = MAX_INSTALLMENTS;
  // A lump sum has a single date, so any frequency gives the same answer.
  const datesFrequency: Frequency | null = lumpSumSettlement
    ? "monthly"
    : frequencyKnown
      ? frequency
      : null;
  if (startValid && datesFrequency !== null) {
    lengthMax = maxCountUntil(startDate, datesFrequency, latestEnd);
    if (countIsWhole && count > lengthMax) {
      reasons.push({
        code: "plan_too_long",
        maxPlanDays: policy.maxPlanDays,
        latestEndDate: latestEnd,
        maxCount: lengthMax,
      });
    }
    if (expiresOn !== null) {
      expiryMax = maxCountUntil(startDate, datesFrequency, expiresOn);
      if (countIsWhole && count > expiryMax) {
        reasons.push({ code: "settlement_after_expiry", expiresOn, maxCount: expiryMax });
      }
    }
  }

  if (reasons.length > 0) {
    const max = Math.min(policyMax, amountMax, lengthMax, expiryMax);
    const startOk =
      startValid && compare(startDate, today) >= 0 && compare(startDate, latestStart) <= 0;
    const known =
      startOk &&
      datesFrequency !== null &&
      (lumpSumSettlement || policy.frequencies.includes(frequency));
    return fail(known && max >= policyMin ? { min: policyMin, max } : null);
  }

  const downPaymentCents = downPaymentFor(total, count, downPercent, minCents);
  const installments = amountsFor(total, count, downPaymentCents).map((amountCents, i) => ({
    seq: i + 1,
    dueDate: dueDateFor(startDate, frequency, i),
    amountCents,
  }));
  return {
    ok: true,
    kind: isSettlement ? "settlement" : "installments",
    frequency,
    count,
    currency,
    installments,
    downPaymentCents,
    totalCents: total,
    savingsCents: balanceCents - total,
    endDate: installments[installments.length - 1].dueDate,
  };
}
