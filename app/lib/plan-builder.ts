/**
 * The plan builder's decisions, shared by the server (source of truth) and the browser
 * (live preview): turn what the debtor chose into the exact schedule, or into errors that
 * say what *is* allowed ("the smallest payment for this account is $25; choose 8
 * payments or fewer"). Wraps the schedule engine (app/lib/schedule.ts).
 *
 * Pure: no I/O, safe in the browser.
 */
import { addDays, compare, type CalendarDate } from "./calendar-date";
import type { PlanChoice } from "./forms/plan";
import type { ChoiceError } from "./plan-errors";
import type { Frequency, PlanPolicy } from "./policy";
import { stripeMinChargeCents } from "./policy";
import { buildSchedule, type Installment, type ScheduleReason } from "./schedule";
import { minimumPaymentCents, settlementAmount } from "./installment-amounts";
import { planOptions, type PlanOption } from "./plan-options";

export {
  describeError,
  renderVars,
  type ChoiceError,
  type ChoiceField,
  type MessageValue,
} from "./plan-errors";

/** Everything the builder needs about one account, computed by the server from the ledger. */
export type BuilderContext = {
  balanceCents: number;
  currency: string;
  policy: PlanPolicy;
  /** Today in the creditor's timezone. */
  today: CalendarDate;
};

export type PlanPreview = {
  kind: "full" | "settlement" | "installments";
  frequency: Frequency | null;
  count: number;
  startDate: CalendarDate;
  endDate: CalendarDate;
  installments: Installment[];
  totalCents: number;
  balanceCents: number;
  savingsCents: number;
  downPaymentCents: number;
  currency: string;
};

export type ChoiceResult = { ok: true; plan: PlanPreview } | { ok: false; errors: ChoiceError[] };

/** What the debtor may choose, for the page (radios, hints, input limits). */
export type BuilderOptions = {
  payInFull: boolean;
  settlement: {
    amountCents: number;
    savingsCents: number;
    percentOff: number;
    expiresOn: CalendarDate;
  } | null;
  plans: PlanOption[];
  minPaymentCents: number | null;
  /** Latest first payment date of any plan (for the date input's max). */
  latestStartDate: CalendarDate;
};

export function builderOptions(ctx: BuilderContext): BuilderOptions {
  const stripeMin = stripeMinChargeCents(ctx.currency);
  const settlement = settlementAmount(ctx.balanceCents, ctx.policy, ctx.today);
  const plans = planOptions(ctx.balanceCents, ctx.policy, ctx.today, ctx.currency);
  return {
    payInFull: ctx.policy.payInFull && stripeMin !== null && ctx.balanceCents >= stripeMin,
    settlement:
      settlement !== null && ctx.policy.settlement && stripeMin !== null && settlement >= stripeMin
        ? {
            amountCents: settlement,
            savingsCents: ctx.balanceCents - settlement,
            percentOff: ctx.policy.settlement.percentOff,
            expiresOn: ctx.policy.settlement.expiresOn,
          }
        : null,
    plans,
    minPaymentCents: minimumPaymentCents(ctx.policy, ctx.currency),
    latestStartDate: plans.reduce(
      (latest, p) => (compare(p.latestStartDate, latest) > 0 ? p.latestStartDate : latest),
      ctx.today,
    ),
  };
}

function single(ctx: BuilderContext, kind: "full" | "settlement", totalCents: number): PlanPreview {
  return {
    kind,
    frequency: null,
    count: 1,
    startDate: ctx.today,
    endDate: ctx.today,
    installments: [{ seq: 1, dueDate: ctx.today, amountCents: totalCents }],
    totalCents,
    balanceCents: ctx.balanceCents,
    savingsCents: ctx.balanceCents - totalCents,
    downPaymentCents: 0,
    currency: ctx.currency,
  };
}

/**
 * The schedule for a choice, or why it is not allowed. Paying in full and the settlement
 * are one payment today (made on the next step); a plan follows the policy.
 */
export function evaluateChoice(ctx: BuilderContext, choice: PlanChoice): ChoiceResult {
  const options = builderOptions(ctx);
  if (ctx.balanceCents <= 0) {
    return { ok: false, errors: [{ field: "form", key: "plans.error.nothingOwed" }] };
  }
  if (choice.kind === "full") {
    if (!options.payInFull)
      return { ok: false, errors: [{ field: "kind", key: "plans.error.fullNotOffered" }] };
    return { ok: true, plan: single(ctx, "full", ctx.balanceCents) };
  }
  if (choice.kind === "settlement") {
    if (!options.settlement) {
      return { ok: false, errors: [{ field: "kind", key: "plans.error.settlementNotOffered" }] };
    }
    const result = buildSchedule({
      balanceCents: ctx.balanceCents,
      currency: ctx.currency,
      policy: ctx.policy,
      frequency: "monthly",
      count: 1,
      startDate: ctx.today,
      today: ctx.today,
      settlementPercentOff: options.settlement.percentOff,
    });
    if (!result.ok) return { ok: false, errors: result.reasons.map((r) => explainReason(r, ctx)) };
    return { ok: true, plan: single(ctx, "settlement", result.totalCents) };
  }

  if (options.plans.length === 0) {
    return { ok: false, errors: [{ field: "kind", key: "plans.error.noPlanPossible" }] };
  }
  const result = buildSchedule({
    balanceCents: ctx.balanceCents,
    currency: ctx.currency,
    policy: ctx.policy,
    frequency: choice.frequency,
    count: choice.count,
    startDate: choice.startDate,
    today: ctx.today,
  });
  if (!result.ok) {
    return {
      ok: false,
      errors: mergeCountErrors(result.reasons.map((r) => explainReason(r, ctx, choice.frequency))),
    };
  }
  return {
    ok: true,
    plan: {
      kind: "installments",
      frequency: result.frequency,
      count: result.count,
      startDate: choice.startDate,
      endDate: result.endDate,
      installments: result.installments,
      totalCents: result.totalCents,
      balanceCents: ctx.balanceCents,
      savingsCents: 0,
      downPaymentCents: result.downPaymentCents,
      currency: ctx.currency,
    },
  };
}

/**
 * Several count rules can fail at once: say the tightest one only, with its limit; on a tie,
 * the one that says why (the smallest payment, the plan's end) rather than the bare range.
 */
function mergeCountErrors(errors: ChoiceError[]): ChoiceError[] {
  const countErrors = errors.filter((e) => e.field === "count");
  if (countErrors.length <= 1) return errors;
  const maxOf = (e: ChoiceError) => (typeof e.vars?.max === "number" ? e.vars.max : Infinity);
  const tightest = countErrors.reduce((a, b) =>
    maxOf(b) < maxOf(a) || (maxOf(b) === maxOf(a) && a.key === "plans.error.countRange") ? b : a,
  );
  return errors.filter((e) => e.field !== "count" || e === tightest);
}

function explainReason(
  reason: ScheduleReason,
  ctx: BuilderContext,
  frequency?: Frequency,
): ChoiceError {
  const minCount = ctx.policy.minInstallments;
  switch (reason.code) {
    case "balance_not_payable":
      return { field: "form", key: "plans.error.nothingOwed" };
    case "currency_not_supported":
      return { field: "form", key: "plans.error.currency" };
    case "frequency_not_allowed":
      return {
        field: "frequency",
        key: "plans.error.frequencyNotAllowed",
        vars: { allowed: { frequencies: reason.allowed } },
      };
    case "count_out_of_range": {
      // The range the page offers for this frequency (the balance, the smallest payment and
      // the longest plan narrow the policy's), so the error and the hint say the same.
      const offered = planOptions(ctx.balanceCents, ctx.policy, ctx.today, ctx.currency).find(
        (option) => option.frequency === frequency,
      );
      return {
        field: "count",
        key: "plans.error.countRange",
        vars: {
          min: offered?.minCount ?? reason.minCount,
          max: offered?.maxCount ?? reason.maxCount,
        },
      };
    }
    case "installment_below_minimum":
      return reason.maxCount >= minCount
        ? {
            field: "count",
            key: "plans.error.belowMinimum",
            vars: { min: { money: reason.minCents }, max: reason.maxCount },
          }
        : {
            field: "count",
            key: "plans.error.belowMinimumNoPlan",
            vars: { min: { money: reason.minCents } },
          };
    case "start_date_invalid":
      return { field: "startDate", key: "plans.error.startDateFormat" };
    case "start_date_in_past":
      return {
        field: "startDate",
        key: "plans.error.startDatePast",
        vars: { date: { date: reason.earliestDate } },
      };
    case "start_date_too_late":
      return {
        field: "startDate",
        key: "plans.error.startDateLate",
        vars: { date: { date: reason.latestDate } },
      };
    case "plan_too_long":
      return reason.maxCount >= minCount
        ? {
            field: "count",
            key: "plans.error.tooLong",
            vars: { date: { date: reason.latestEndDate }, max: reason.maxCount },
          }
        : {
            field: "startDate",
            key: "plans.error.tooLongStart",
            vars: { date: { date: reason.latestEndDate } },
          };
    case "settlement_not_offered":
    case "settlement_percent_mismatch":
      return { field: "kind", key: "plans.error.settlementNotOffered" };
    case "settlement_expired":
      return {
        field: "kind",
        key: "plans.error.settlementExpired",
        vars: { date: { date: reason.expiresOn } },
      };
    case "settlement_after_expiry":
      return {
        field: "kind",
        key: "plans.error.settlementExpired",
        vars: { date: { date: reason.expiresOn } },
      };
  }
}

/** A reasonable starting choice: the first allowed frequency, its smallest count, today. */
export function defaultChoice(ctx: BuilderContext): PlanChoice {
  const options = builderOptions(ctx);
  const monthly = options.plans.find((p) => p.frequency === "monthly") ?? options.plans[0];
  if (monthly) {
    return {
      kind: "installments",
      frequency: monthly.frequency,
      count: monthly.minCount,
      startDate: ctx.today,
    };
  }
  return options.settlement ? { kind: "settlement" } : { kind: "full" };
}

/** Latest date a hardship pause may run to, or null when pauses are not allowed. */
export function latestPauseDate(policy: PlanPolicy, today: CalendarDate): CalendarDate | null {
  return policy.hardship.allowed && policy.hardship.maxPauseDays > 0
    ? addDays(today, policy.hardship.maxPauseDays)
    : null;
}
