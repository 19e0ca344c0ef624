/**
 * The creditor's plan policy: which ways to pay a debtor may choose, and the limits of
 * an installment plan. One schema validates the creditor's settings form (client and
 * server), the stored JSON and per-account overrides.
 *
 * Built with zod/mini: the full zod build is too heavy for the browser bundle. zod/mini
 * ships no default English messages, so every check states its own.
 *
 * Pure: no I/O, safe in the browser.
 */
// A namespace import, so the bundler keeps only what is used (~5 KB, not ~85 KB).
import * as z from "zod/mini";
import { isValidDate, longestMonthsSpanDays } from "./calendar-date";

export const FREQUENCIES = ["weekly", "biweekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export const MAX_INSTALLMENTS = 120;

/**
 * The ways a debtor may pay through hosted Checkout (Stripe's payment method types). Only
 * these are asked for: without the list Stripe offers every method enabled in the
 * Dashboard, pay-later services included.
 */
export const PAYMENT_METHODS = ["card", "us_bank_account"] as const;
export type PaymentMethodType = (typeof PAYMENT_METHODS)[number];

/**
 * Stripe's smallest charge per currency (lower-case ISO code), in minor units.
 * A plan never schedules a charge Stripe would refuse.
 */
export const STRIPE_MIN_CHARGE_CENTS: Readonly<Record<string, number>> = Object.freeze({ usd: 50 });

/** Stripe's minimum for `currency`, or null when we do not charge in that currency. */
export function stripeMinChargeCents(currency: string): number | null {
  const key = currency.toLowerCase();
  return Object.hasOwn(STRIPE_MIN_CHARGE_CENTS, key) ? STRIPE_MIN_CHARGE_CENTS[key] : null;
}

/**
 * Longest span in days, for *any* start date, of a plan with `count` payments:
 * (count − 1) intervals. Monthly intervals vary (28–31 days), so take the worst case.
 */
export function longestPlanSpanDays(frequency: Frequency, count: number): number {
  const intervals = Math.max(0, count - 1);
  if (frequency === "weekly") return 7 * intervals;
  if (frequency === "biweekly") return 14 * intervals;
  return longestMonthsSpanDays(intervals);
}

const wholeNumber = (message: string) => z.int(message);

const calendarDate = z
  .string("Enter a date as YYYY-MM-DD")
  .check(z.refine((value) => isValidDate(value), "Enter a real date as YYYY-MM-DD"));

const FREQUENCY_LABELS: Record<Frequency, string> = {
  weekly: "weekly",
  biweekly: "biweekly",
  monthly: "monthly",
};

/** ["a", "b", "c"] → "a, b or c" */
function listInEnglish(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
}

const isWhole = (value: unknown, min: number, max: number): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

export const planPolicySchema = z
  .object(
    {
      payInFull: z.boolean("Say whether the debtor may pay in full"),
      settlement: z.nullable(
        z.object(
          {
            percentOff: wholeNumber("Enter the settlement discount as a whole percentage").check(
              z.minimum(1, "The settlement discount must be at least 1%"),
              z.maximum(90, "The settlement discount must be 90% or less"),
            ),
            expiresOn: calendarDate,
          },
          "Enter the settlement offer, or no offer",
        ),
      ),
      frequencies: z
        .array(
          z.enum(FREQUENCIES, "Choose weekly, every two weeks or monthly"),
          "Choose the payment frequencies",
        )
        .check(
          z.refine(
            (list) => new Set(list).size === list.length,
            "List each payment frequency only once",
          ),
        ),
      minInstallments: wholeNumber("Enter the minimum number of payments as a whole number").check(
        z.minimum(1, "The minimum number of payments must be at least 1"),
        z.maximum(
          MAX_INSTALLMENTS,
          `The minimum number of payments must be ${MAX_INSTALLMENTS} or less`,
        ),
      ),
      maxInstallments: wholeNumber("Enter the maximum number of payments as a whole number").check(
        z.minimum(1, "The maximum number of payments must be at least 1"),
        z.maximum(
          MAX_INSTALLMENTS,
          `The maximum number of payments must be ${MAX_INSTALLMENTS} or less`,
        ),
      ),
      minInstallmentCents: wholeNumber("Enter the smallest payment in whole cents").check(
        z.minimum(1, "The smallest payment must be more than zero"),
      ),
      maxPlanDays: wholeNumber("Enter the longest plan length as a whole number of days").check(
        z.minimum(1, "The longest plan must be at least 1 day"),
      ),
      latestFirstPaymentDays: wholeNumber(
        "Enter the latest first payment as a whole number of days",
      ).check(
        z.minimum(0, "The latest first payment cannot be before today"),
        z.maximum(90, "The first payment must be due within 90 days"),
      ),
      downPaymentPercent: wholeNumber("Enter the down payment as a whole percentage").check(
        z.minimum(0, "The down payment cannot be negative"),
        z.maximum(90, "The down payment must be 90% or less"),
      ),
      hardship: z.object(
        {
          allowed: z.boolean("Say whether hardship pauses are allowed"),
          maxPauseDays: wholeNumber("Enter the longest pause as a whole number of days").check(
            z.minimum(0, "The longest pause cannot be negative"),
            z.maximum(365, "The longest pause must be 365 days or less"),
          ),
        },
        "Enter the hardship pause settings",
      ),
      missedPaymentTolerance: wholeNumber(
        "Enter the number of missed payments as a whole number",
      ).check(
        z.minimum(0, "The number of missed payments cannot be negative"),
        z.maximum(6, "A plan must break after at most 6 missed payments"),
      ),
      // Stored policies from before this setting allow both.
      paymentMethods: z._default(
        z
          .array(
            z.enum(PAYMENT_METHODS, "Choose card or US bank account"),
            "Choose the ways debtors may pay",
          )
          .check(
            z.minLength(1, "Allow at least one way to pay: card or US bank account"),
            z.refine(
              (list) => new Set(list).size === list.length,
              "List each way to pay only once",
            ),
          ),
        () => [...PAYMENT_METHODS],
      ),
      // Days after a failed charge on which to retry it, e.g. [3, 7]. Increasing, so the
      // worker can walk the list; at most 5 retries within 30 days of the failure.
      retryDays: z._default(
        z
          .array(
            wholeNumber("Enter each retry day as a whole number").check(
              z.minimum(1, "A retry must be at least 1 day after the failed payment"),
              z.maximum(30, "A retry must be within 30 days of the failed payment"),
            ),
            "Enter the retry days as a list of numbers",
          )
          .check(
            z.maxLength(5, "Retry a failed payment at most 5 times"),
            z.refine(
              (days) => days.every((day, i) => i === 0 || day > days[i - 1]),
              "List the retry days in increasing order, each once",
            ),
          ),
        () => [3, 7],
      ),
    },
    "Enter the plan policy",
  )
  .check(
    // Cross-field rules. They also run when a single field failed its own range check
    // (those issues do not abort), so each rule checks the shape of what it reads.
    z.superRefine((policy, ctx) => {
      const { minInstallments: min, maxInstallments: max } = policy;
      if (isWhole(min, 1, MAX_INSTALLMENTS) && isWhole(max, 1, MAX_INSTALLMENTS) && min > max) {
        ctx.addIssue({
          code: "custom",
          path: ["minInstallments"],
          message: "The minimum number of payments must not be more than the maximum",
        });
      }

      if (policy.frequencies.length === 0 && !policy.payInFull && policy.settlement === null) {
        ctx.addIssue({
          code: "custom",
          path: ["frequencies"],
          message:
            "A policy must allow at least one option: paying in full, a settlement offer or at least one payment frequency",
        });
      }

      if (policy.hardship.allowed && policy.hardship.maxPauseDays === 0) {
        ctx.addIssue({
          code: "custom",
          path: ["hardship", "maxPauseDays"],
          message: "Enter how many days a payment pause may last, or turn hardship pauses off",
        });
      }

      // A frequency whose shortest allowed plan can never fit in the maximum length
      // would be offered to nobody; say so instead of silently hiding it from debtors.
      if (
        isWhole(min, 1, MAX_INSTALLMENTS) &&
        isWhole(policy.maxPlanDays, 1, Number.MAX_SAFE_INTEGER)
      ) {
        const tooLong = policy.frequencies.filter(
          (f) => longestPlanSpanDays(f, min) > policy.maxPlanDays,
        );
        if (tooLong.length > 0) {
          const needed = Math.max(...tooLong.map((f) => longestPlanSpanDays(f, min)));
          ctx.addIssue({
            code: "custom",
            path: ["maxPlanDays"],
            message:
              `A plan of ${min} ${listInEnglish(tooLong.map((f) => FREQUENCY_LABELS[f]))} payments can last up to ${needed} days. ` +
              `Make the longest plan at least ${needed} days, or lower the minimum number of payments`,
          });
        }
      }
    }),
  );

export type PlanPolicy = z.output<typeof planPolicySchema>;
/** What a form or stored JSON may hold before parsing (retryDays optional). */
export type PlanPolicyInput = z.input<typeof planPolicySchema>;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A sensible starting policy for a new creditor (frozen: copy it, do not mutate it). */
export const DEFAULT_POLICY: PlanPolicy = deepFreeze({
  payInFull: true,
  settlement: null,
  frequencies: ["weekly", "biweekly", "monthly"],
  minInstallments: 2,
  maxInstallments: 12,
  minInstallmentCents: 2500,
  maxPlanDays: 365,
  latestFirstPaymentDays: 30,
  downPaymentPercent: 0,
  hardship: { allowed: true, maxPauseDays: 60 },
  missedPaymentTolerance: 2,
  paymentMethods: ["card", "us_bank_account"],
  retryDays: [3, 7],
});

export class InvalidPolicyError extends Error {
  readonly issues: readonly { path: PropertyKey[]; message: string }[];
  constructor(issues: readonly { path: PropertyKey[]; message: string }[]) {
    super(
      `Invalid plan policy: ${issues.map((i) => `${i.path.map(String).join(".") || "(policy)"}: ${i.message}`).join("; ")}`,
    );
    this.name = "InvalidPolicyError";
    this.issues = issues;
  }
}

/**
 * The creditor policy with a per-account override on top. Shallow: a field present in
 * the override replaces the base field whole (`settlement: null` removes an offer,
 * `hardship` replaces both of its values); `undefined` fields are ignored.
 * The result is validated, because a valid base and a valid override can still clash
 * (e.g. the override's minimum above the base's maximum): throws InvalidPolicyError.
 */
export function mergePolicy(
  base: PlanPolicy,
  override: Partial<PlanPolicy> | null | undefined,
): PlanPolicy {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override ?? {})) {
    if (value !== undefined) merged[key] = value;
  }
  const result = planPolicySchema.safeParse(merged);
  if (!result.success) throw new InvalidPolicyError(result.error.issues);
  return result.data;
}
