// The plans a debtor may choose (planOptions) and the creditor's comparison table of them
// (compareOptions), both from the schedule engine in schedule.ts. Pure: no I/O.
import { addDays, compare, parseDate, type CalendarDate } from "./calendar-date";
import { FREQUENCIES, stripeMinChargeCents, type Frequency, type PlanPolicy } from "./policy";
import {
  assertCents,
  maxCountForAmount,
  minimumPaymentCents,
  settlementAmount,
} from "./installment-amounts";
import { buildSchedule, dueDateFor, maxCountUntil } from "./schedule";

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
