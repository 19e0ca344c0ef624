/**
 * The schedule engine: which plans a debtor may choose, and the exact dates and
 * amounts of each. The server calls it to build the plan it stores; the browser calls
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
  parseDate,
  type CalendarDate,
} from "./calendar-date";
import { splitEvenly } from "./money";
import {
  FREQUENCIES,
  MAX_INSTALLMENTS,
  stripeMinChargeCents,
  type Frequency,
  type PlanPolicy,
} from "./policy";

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
function downPaymentFor(total: number, count: number, percent: number, minCents: number): number {
  if (count < 2 || percent === 0) return 0;
  return Math.min(total, Math.max(percentOfCeil(total, percent), minCents));
}

function amountsFor(total: number, count: number, downPayment: number): number[] {
  if (downPayment === 0) return splitEvenly(total, count);
  return [downPayment, ...splitEvenly(total - downPayment, count - 1)];
}

/**
 * Most payments such that none is under `minCents` (0 when even one payment is
 * impossible). One payment of the whole amount is allowed under the creditor minimum
 * (nobody can pay more than they owe) but never under Stripe's minimum.
 */
function maxCountForAmount(
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

/** Most payments from `start` whose last due date is on or before `lastDate` (capped at 120). */
function maxCountUntil(start: CalendarDate, frequency: Frequency, lastDate: CalendarDate): number {
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

function assertCents(value: number, name: string): void {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${name} must be integer cents, got ${value}`);
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

export type PlanOption = {
  frequency: Frequency;
  /** Allowed numbers of payments when the first payment is today. */
  minCount: number;
  maxCount: number;
  counts: number[];
  earliestStartDate: CalendarDate;
  /**
   * Latest first due date: today + latestFirstPaymentDays, pulled earlier when needed so
   * that the minimum number of payments still ends within the longest plan. A later
   * start can allow fewer payments than `maxCount`: buildSchedule says how many.
   */
  latestStartDate: CalendarDate;
};

/** For each allowed frequency, the plans a debtor may choose (frequencies that fit none are left out). */
export function planOptions(
  balanceCents: number,
  policy: PlanPolicy,
  today: CalendarDate,
  currency = "usd",
): PlanOption[] {
  assertCents(balanceCents, "balanceCents");
  parseDate(today);
  const minCents = minimumPaymentCents(policy, currency);
  const stripeMin = stripeMinChargeCents(currency);
  if (balanceCents <= 0 || minCents === null || stripeMin === null) return [];

  const amountMax = maxCountForAmount(balanceCents, policy.downPaymentPercent, minCents, stripeMin);
  const latestEnd = addDays(today, policy.maxPlanDays);
  const options: PlanOption[] = [];
  for (const frequency of FREQUENCIES) {
    if (!policy.frequencies.includes(frequency)) continue;
    const minCount = policy.minInstallments;
    const maxCount = Math.min(
      policy.maxInstallments,
      amountMax,
      maxCountUntil(today, frequency, latestEnd),
    );
    if (maxCount < minCount) continue;

    let latestStartDate = addDays(today, policy.latestFirstPaymentDays);
    while (compare(dueDateFor(latestStartDate, frequency, minCount - 1), latestEnd) > 0) {
      latestStartDate = addDays(latestStartDate, -1); // stops at today at the latest: maxCount ≥ minCount there
    }
    options.push({
      frequency,
      minCount,
      maxCount,
      counts: Array.from({ length: maxCount - minCount + 1 }, (_, i) => minCount + i),
      earliestStartDate: today,
      latestStartDate,
    });
  }
  return options;
}

export type OptionRow = {
  kind: "full" | "settlement" | "plan";
  frequency: Frequency | null;
  paymentCount: number;
  downPaymentCents: number;
  /** The largest regular payment (after any down payment); amounts differ by at most 1¢. */
  paymentCents: number;
  totalCents: number;
  endDate: CalendarDate;
  /** What the debtor saves against paying the full balance. */
  savingsCents: number;
};

/**
 * Rows for the side-by-side comparison: pay in full today, the settlement today, and
 * per frequency the longest plan starting today (the smallest payments; with no fees
 * or interest every plan costs the same total, so it is also the cheapest per payment).
 */
export function compareOptions(
  balanceCents: number,
  policy: PlanPolicy,
  today: CalendarDate,
  currency = "usd",
): OptionRow[] {
  assertCents(balanceCents, "balanceCents");
  const stripeMin = stripeMinChargeCents(currency);
  if (balanceCents <= 0 || stripeMin === null) return [];
  const rows: OptionRow[] = [];
  const single = (kind: "full" | "settlement", total: number): OptionRow => ({
    kind,
    frequency: null,
    paymentCount: 1,
    downPaymentCents: 0,
    paymentCents: total,
    totalCents: total,
    endDate: today,
    savingsCents: balanceCents - total,
  });

  if (policy.payInFull && balanceCents >= stripeMin) rows.push(single("full", balanceCents));
  const settlement = settlementAmount(balanceCents, policy, today);
  if (settlement !== null && settlement >= stripeMin) rows.push(single("settlement", settlement));

  for (const option of planOptions(balanceCents, policy, today, currency)) {
    const schedule = buildSchedule({
      balanceCents,
      currency,
      policy,
      frequency: option.frequency,
      count: option.maxCount,
      startDate: today,
      today,
    });
    if (!schedule.ok) continue; // cannot happen: planOptions only lists valid plans
    const regular =
      schedule.installments[schedule.downPaymentCents > 0 ? 1 : 0] ?? schedule.installments[0];
    rows.push({
      kind: "plan",
      frequency: option.frequency,
      paymentCount: schedule.count,
      downPaymentCents: schedule.downPaymentCents,
      paymentCents: regular.amountCents,
      totalCents: schedule.totalCents,
      endDate: schedule.endDate,
      savingsCents: 0,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Changing a running plan: paying early / extra, moving one payment.
// ---------------------------------------------------------------------------

export type RescheduleChange =
  /** A payment applied to the oldest unpaid installment first. */
  | { kind: "payment"; amountCents: number }
  /** One installment moved to another date; its amount does not change. */
  | { kind: "move"; seq: number; newDueDate: CalendarDate };

export type RescheduleContext = {
  policy: PlanPolicy;
  currency: string;
  today: CalendarDate;
  /** The `today` on which the plan was agreed: its maximum length counts from there. */
  planCreatedOn: CalendarDate;
};

/** Every change to the schedule, so that the UI can show it (nothing changes silently). */
export type InstallmentChange =
  | { seq: number; kind: "paid"; amountCents: number }
  | { seq: number; kind: "reduced"; fromCents: number; toCents: number }
  | { seq: number; kind: "moved"; fromDate: CalendarDate; toDate: CalendarDate };

export type RescheduleReason =
  | { code: "payment_not_positive" }
  | { code: "payment_below_minimum"; minCents: number }
  | { code: "payment_exceeds_remaining"; remainingCents: number }
  /** Paying this leaves part of an installment Stripe could not charge: pay it all, or less. */
  | { code: "leftover_below_minimum"; minCents: number; payAllCents: number }
  | { code: "installment_not_found"; seq: number }
  | { code: "move_date_invalid" }
  | { code: "move_outside_window"; earliestDate: CalendarDate; latestDate: CalendarDate }
  | { code: "currency_not_supported"; currency: string };

export type RescheduleResult =
  | {
      ok: true;
      remaining: Installment[];
      changes: InstallmentChange[];
      remainingCents: number;
      /** Last due date, or null when the plan is paid off. */
      endDate: CalendarDate | null;
    }
  | { ok: false; reasons: RescheduleReason[] };

function sortedInstallments(remaining: readonly Installment[]): Installment[] {
  for (const item of remaining) {
    assertCents(item.amountCents, "amountCents");
    if (item.amountCents <= 0) throw new RangeError(`Installment ${item.seq} has no amount left`);
    parseDate(item.dueDate);
  }
  return remaining
    .map((item) => ({ ...item }))
    .sort((a, b) => compare(a.dueDate, b.dueDate) || a.seq - b.seq);
}

function summarize(remaining: Installment[], changes: InstallmentChange[]): RescheduleResult {
  return {
    ok: true,
    remaining,
    changes,
    remainingCents: remaining.reduce((sum, item) => sum + item.amountCents, 0),
    endDate: remaining.length > 0 ? remaining[remaining.length - 1].dueDate : null,
  };
}

/**
 * Recomputes the unpaid installments of a running plan after a change.
 *
 * - payment: covers the oldest installments first; fully covered ones leave the
 *   schedule (the plan gets shorter), a partly covered one is reduced, every other
 *   amount and date stays as agreed.
 * - move: one installment to a new date on or after today, strictly between its
 *   neighbours (the order never changes) and within the plan's maximum length.
 *
 * `remaining` holds the unpaid installments (scheduled or failed), in any order.
 */
export function rescheduleRemaining(
  remaining: readonly Installment[],
  change: RescheduleChange,
  context: RescheduleContext,
): RescheduleResult {
  const items = sortedInstallments(remaining);
  const stripeMin = stripeMinChargeCents(context.currency);
  if (stripeMin === null)
    return { ok: false, reasons: [{ code: "currency_not_supported", currency: context.currency }] };

  if (change.kind === "payment") {
    const amount = change.amountCents;
    const remainingCents = items.reduce((sum, item) => sum + item.amountCents, 0);
    if (!Number.isSafeInteger(amount) || amount <= 0)
      return { ok: false, reasons: [{ code: "payment_not_positive" }] };
    if (amount > remainingCents) {
      return { ok: false, reasons: [{ code: "payment_exceeds_remaining", remainingCents }] };
    }
    if (amount < stripeMin && amount !== remainingCents) {
      return { ok: false, reasons: [{ code: "payment_below_minimum", minCents: stripeMin }] };
    }

    const changes: InstallmentChange[] = [];
    const after: Installment[] = [];
    let left = amount;
    for (const item of items) {
      if (left >= item.amountCents) {
        changes.push({ seq: item.seq, kind: "paid", amountCents: item.amountCents });
        left -= item.amountCents;
      } else if (left > 0) {
        const toCents = item.amountCents - left;
        if (toCents < stripeMin) {
          const payAllCents = amount + toCents;
          return {
            ok: false,
            reasons: [{ code: "leftover_below_minimum", minCents: stripeMin, payAllCents }],
          };
        }
        changes.push({ seq: item.seq, kind: "reduced", fromCents: item.amountCents, toCents });
        after.push({ ...item, amountCents: toCents });
        left = 0;
      } else {
        after.push(item);
      }
    }
    return summarize(after, changes);
  }

  const index = items.findIndex((item) => item.seq === change.seq);
  if (index === -1)
    return { ok: false, reasons: [{ code: "installment_not_found", seq: change.seq }] };
  if (!isValidDate(change.newDueDate))
    return { ok: false, reasons: [{ code: "move_date_invalid" }] };

  // Window: not in the past, after the previous installment, before the next one,
  // and no later than the plan's maximum length allows.
  const previous = items[index - 1];
  const next = items[index + 1];
  let earliestDate = context.today;
  if (previous && compare(addDays(previous.dueDate, 1), earliestDate) > 0)
    earliestDate = addDays(previous.dueDate, 1);
  let latestDate = addDays(context.planCreatedOn, context.policy.maxPlanDays);
  if (next && compare(addDays(next.dueDate, -1), latestDate) < 0)
    latestDate = addDays(next.dueDate, -1);
  if (compare(change.newDueDate, earliestDate) < 0 || compare(change.newDueDate, latestDate) > 0) {
    return { ok: false, reasons: [{ code: "move_outside_window", earliestDate, latestDate }] };
  }

  const moved = items[index];
  const changes: InstallmentChange[] =
    moved.dueDate === change.newDueDate
      ? []
      : [{ seq: moved.seq, kind: "moved", fromDate: moved.dueDate, toDate: change.newDueDate }];
  const after = items.map((item, i) =>
    i === index ? { ...item, dueDate: change.newDueDate } : item,
  );
  return summarize(after, changes);
}
