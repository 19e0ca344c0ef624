import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  FREQUENCIES,
  InvalidPolicyError,
  STRIPE_MIN_CHARGE_CENTS,
  longestPlanSpanDays,
  mergePolicy,
  planPolicySchema,
  stripeMinChargeCents,
  type PlanPolicy,
} from "~/lib/policy";

/** The issues of a failed parse as { "path.to.field": message }. */
function issuesOf(input: unknown): Record<string, string> {
  const result = planPolicySchema.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(
    result.error.issues.map((i) => [i.path.map(String).join("."), i.message]),
  );
}

const withPolicy = (changes: Record<string, unknown>) => ({ ...DEFAULT_POLICY, ...changes });

describe("planPolicySchema", () => {
  it("accepts the default policy unchanged", () => {
    expect(planPolicySchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
  });

  it("defaults retryDays to [3, 7]", () => {
    const { retryDays: _omitted, ...rest } = DEFAULT_POLICY;
    expect(planPolicySchema.parse(rest).retryDays).toEqual([3, 7]);
  });

  it("defaults paymentMethods to card and US bank account (stored policies from before the setting)", () => {
    const { paymentMethods: _omitted, ...rest } = DEFAULT_POLICY;
    expect(planPolicySchema.parse(rest).paymentMethods).toEqual(["card", "us_bank_account"]);
  });

  it("allows card, US bank account or both, each once, and at least one", () => {
    expect(
      planPolicySchema.safeParse(withPolicy({ paymentMethods: ["us_bank_account"] })).success,
    ).toBe(true);
    expect(issuesOf(withPolicy({ paymentMethods: [] }))).toEqual({
      paymentMethods: "Allow at least one way to pay: card or US bank account",
    });
    expect(issuesOf(withPolicy({ paymentMethods: ["card", "card"] }))).toEqual({
      paymentMethods: "List each way to pay only once",
    });
    expect(issuesOf(withPolicy({ paymentMethods: ["klarna"] }))).toEqual({
      "paymentMethods.0": "Choose card or US bank account",
    });
  });

  it("accepts a settlement-only or pay-in-full-only policy with no frequencies", () => {
    const settlement = { percentOff: 40, expiresOn: "2026-12-31" };
    expect(
      planPolicySchema.safeParse(withPolicy({ frequencies: [], payInFull: false, settlement }))
        .success,
    ).toBe(true);
    expect(
      planPolicySchema.safeParse(withPolicy({ frequencies: [], payInFull: true })).success,
    ).toBe(true);
  });

  it("says when the minimum number of payments is above the maximum, on the minimum field", () => {
    expect(issuesOf(withPolicy({ minInstallments: 6, maxInstallments: 3 }))).toEqual({
      minInstallments: "The minimum number of payments must not be more than the maximum",
    });
  });

  it("requires at least one way to pay", () => {
    expect(issuesOf(withPolicy({ frequencies: [], payInFull: false, settlement: null }))).toEqual({
      frequencies:
        "A policy must allow at least one option: paying in full, a settlement offer or at least one payment frequency",
    });
  });

  it("says when a frequency's shortest plan cannot fit in the longest plan", () => {
    // 10 weekly payments span 63 days; 10 monthly payments up to 276 days.
    expect(
      issuesOf(
        withPolicy({ minInstallments: 10, maxPlanDays: 60, frequencies: ["weekly", "monthly"] }),
      ),
    ).toEqual({
      maxPlanDays:
        "A plan of 10 weekly or monthly payments can last up to 276 days. Make the longest plan at least 276 days, or lower the minimum number of payments",
    });
    expect(
      planPolicySchema.safeParse(
        withPolicy({ minInstallments: 10, maxPlanDays: 63, frequencies: ["weekly"] }),
      ).success,
    ).toBe(true);
    expect(
      issuesOf(withPolicy({ minInstallments: 10, maxPlanDays: 62, frequencies: ["weekly"] })),
    ).toHaveProperty("maxPlanDays");
  });

  it("requires a pause length when hardship pauses are allowed", () => {
    expect(issuesOf(withPolicy({ hardship: { allowed: true, maxPauseDays: 0 } }))).toEqual({
      "hardship.maxPauseDays":
        "Enter how many days a payment pause may last, or turn hardship pauses off",
    });
    expect(
      planPolicySchema.safeParse(withPolicy({ hardship: { allowed: false, maxPauseDays: 0 } }))
        .success,
    ).toBe(true);
  });

  it.each([
    [
      { settlement: { percentOff: 0, expiresOn: "2026-12-31" } },
      "settlement.percentOff",
      "The settlement discount must be at least 1%",
    ],
    [
      { settlement: { percentOff: 91, expiresOn: "2026-12-31" } },
      "settlement.percentOff",
      "The settlement discount must be 90% or less",
    ],
    [
      { settlement: { percentOff: 12.5, expiresOn: "2026-12-31" } },
      "settlement.percentOff",
      "Enter the settlement discount as a whole percentage",
    ],
    [
      { settlement: { percentOff: 20, expiresOn: "2026-02-30" } },
      "settlement.expiresOn",
      "Enter a real date as YYYY-MM-DD",
    ],
    [{ settlement: { percentOff: 20 } }, "settlement.expiresOn", "Enter a date as YYYY-MM-DD"],
    [{ settlement: "none" }, "settlement", "Enter the settlement offer, or no offer"],
    [{ frequencies: ["daily"] }, "frequencies.0", "Choose weekly, every two weeks or monthly"],
    [{ frequencies: ["weekly", "weekly"] }, "frequencies", "List each payment frequency only once"],
    [
      { minInstallments: 0 },
      "minInstallments",
      "The minimum number of payments must be at least 1",
    ],
    [
      { maxInstallments: 121 },
      "maxInstallments",
      "The maximum number of payments must be 120 or less",
    ],
    [
      { maxInstallments: "12" },
      "maxInstallments",
      "Enter the maximum number of payments as a whole number",
    ],
    [
      { minInstallmentCents: 0 },
      "minInstallmentCents",
      "The smallest payment must be more than zero",
    ],
    [
      { minInstallmentCents: 25.5 },
      "minInstallmentCents",
      "Enter the smallest payment in whole cents",
    ],
    [{ maxPlanDays: 0 }, "maxPlanDays", "The longest plan must be at least 1 day"],
    [
      { latestFirstPaymentDays: -1 },
      "latestFirstPaymentDays",
      "The latest first payment cannot be before today",
    ],
    [
      { latestFirstPaymentDays: 91 },
      "latestFirstPaymentDays",
      "The first payment must be due within 90 days",
    ],
    [{ downPaymentPercent: 91 }, "downPaymentPercent", "The down payment must be 90% or less"],
    [{ downPaymentPercent: -5 }, "downPaymentPercent", "The down payment cannot be negative"],
    [
      { missedPaymentTolerance: 7 },
      "missedPaymentTolerance",
      "A plan must break after at most 6 missed payments",
    ],
    [
      { hardship: { allowed: true, maxPauseDays: 400 } },
      "hardship.maxPauseDays",
      "The longest pause must be 365 days or less",
    ],
    [{ retryDays: [7, 3] }, "retryDays", "List the retry days in increasing order, each once"],
    [{ retryDays: [3, 3] }, "retryDays", "List the retry days in increasing order, each once"],
    [{ retryDays: [0] }, "retryDays.0", "A retry must be at least 1 day after the failed payment"],
    [{ retryDays: [1, 2, 3, 4, 5, 6] }, "retryDays", "Retry a failed payment at most 5 times"],
    [{ payInFull: "yes" }, "payInFull", "Say whether the debtor may pay in full"],
  ])("rejects %j at %s", (changes, path, message) => {
    expect(issuesOf(withPolicy(changes))).toEqual({ [path]: message });
  });

  it("reports a range error and a cross-field error together", () => {
    expect(
      issuesOf(withPolicy({ minInstallments: 20, maxInstallments: 10, maxPlanDays: 30 })),
    ).toEqual({
      minInstallments: "The minimum number of payments must not be more than the maximum",
      maxPlanDays:
        "A plan of 20 weekly, biweekly or monthly payments can last up to 581 days. Make the longest plan at least 581 days, or lower the minimum number of payments",
    });
  });

  it("rejects a non-object", () => {
    expect(issuesOf(null)).toEqual({ "": "Enter the plan policy" });
  });

  const validPolicyArb = fc
    .record({
      payInFull: fc.boolean(),
      settlement: fc.option(
        fc.record({
          percentOff: fc.integer({ min: 1, max: 90 }),
          expiresOn: fc
            .integer({ min: 0, max: 3000 })
            .map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10)),
        }),
      ),
      frequencies: fc.subarray([...FREQUENCIES]),
      minInstallments: fc.integer({ min: 1, max: 120 }),
      extraInstallments: fc.integer({ min: 0, max: 120 }),
      minInstallmentCents: fc.integer({ min: 1, max: 1_000_000 }),
      extraPlanDays: fc.integer({ min: 0, max: 2000 }),
      latestFirstPaymentDays: fc.integer({ min: 0, max: 90 }),
      downPaymentPercent: fc.integer({ min: 0, max: 90 }),
      hardship: fc.oneof(
        fc.record({ allowed: fc.constant(true), maxPauseDays: fc.integer({ min: 1, max: 365 }) }),
        fc.record({ allowed: fc.constant(false), maxPauseDays: fc.integer({ min: 0, max: 365 }) }),
      ),
      missedPaymentTolerance: fc.integer({ min: 0, max: 6 }),
      paymentMethods: fc.constantFrom<PlanPolicy["paymentMethods"]>(
        ["card"],
        ["us_bank_account"],
        ["card", "us_bank_account"],
        ["us_bank_account", "card"],
      ),
      retryDays: fc
        .uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 5 })
        .map((days) => days.sort((a, b) => a - b)),
    })
    .filter((p) => p.frequencies.length > 0 || p.payInFull || p.settlement !== null)
    .map(({ extraInstallments, extraPlanDays, ...p }): PlanPolicy => {
      const maxInstallments = Math.min(120, p.minInstallments + extraInstallments);
      const needed = Math.max(
        0,
        ...p.frequencies.map((f) => longestPlanSpanDays(f, p.minInstallments)),
      );
      return { ...p, maxInstallments, maxPlanDays: Math.max(1, needed + extraPlanDays) };
    });

  it("accepts every policy within the rules, unchanged", () => {
    fc.assert(
      fc.property(validPolicyArb, (policy) => {
        expect(planPolicySchema.parse(policy)).toEqual(policy);
      }),
      { numRuns: 2000 },
    );
  });

  it("always puts min > max on the minimum field", () => {
    fc.assert(
      fc.property(
        validPolicyArb,
        fc.integer({ min: 1, max: 119 }),
        fc.integer({ min: 1, max: 119 }),
        (policy, a, b) => {
          fc.pre(a !== b);
          const issues = issuesOf({
            ...policy,
            minInstallments: Math.max(a, b),
            maxInstallments: Math.min(a, b),
          });
          expect(issues.minInstallments).toBe(
            "The minimum number of payments must not be more than the maximum",
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe("DEFAULT_POLICY", () => {
  it("has the documented values and cannot be mutated by accident", () => {
    expect(DEFAULT_POLICY).toEqual({
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
    expect(Object.isFrozen(DEFAULT_POLICY)).toBe(true);
    expect(() => (DEFAULT_POLICY.frequencies as string[]).push("weekly")).toThrow(TypeError);
  });
});

describe("mergePolicy", () => {
  it("returns the base for no override, as a fresh object", () => {
    const merged = mergePolicy(DEFAULT_POLICY, null);
    expect(merged).toEqual(DEFAULT_POLICY);
    expect(merged).not.toBe(DEFAULT_POLICY);
    merged.frequencies.push("weekly"); // the copy is mutable; the default is untouched
    expect(DEFAULT_POLICY.frequencies).toEqual(["weekly", "biweekly", "monthly"]);
  });

  it("replaces the fields the override sets, and ignores undefined ones", () => {
    const merged = mergePolicy(DEFAULT_POLICY, {
      maxInstallments: 6,
      minInstallmentCents: undefined,
      settlement: { percentOff: 25, expiresOn: "2026-09-30" },
      hardship: { allowed: false, maxPauseDays: 0 },
    });
    expect(merged).toEqual({
      ...DEFAULT_POLICY,
      maxInstallments: 6,
      settlement: { percentOff: 25, expiresOn: "2026-09-30" },
      hardship: { allowed: false, maxPauseDays: 0 },
    });
  });

  it("removes a settlement offer with settlement: null", () => {
    const base = mergePolicy(DEFAULT_POLICY, {
      settlement: { percentOff: 25, expiresOn: "2026-09-30" },
    });
    expect(mergePolicy(base, { settlement: null }).settlement).toBeNull();
  });

  it("throws with the field and message when base and override clash", () => {
    let error: unknown;
    try {
      mergePolicy(DEFAULT_POLICY, { minInstallments: 20 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidPolicyError);
    expect((error as InvalidPolicyError).issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["minInstallments", "The minimum number of payments must not be more than the maximum"],
      [
        "maxPlanDays",
        // weekly (133 days) and biweekly (266 days) fit in 365; monthly does not
        "A plan of 20 monthly payments can last up to 581 days. Make the longest plan at least 581 days, or lower the minimum number of payments",
      ],
    ]);
    expect((error as Error).message).toMatch(
      /^Invalid plan policy: minInstallments: The minimum number/,
    );
  });

  it("drops keys the schema does not know", () => {
    const merged = mergePolicy(DEFAULT_POLICY, { surprise: true } as Partial<PlanPolicy>);
    expect(merged).not.toHaveProperty("surprise");
  });
});

describe("Stripe minimum", () => {
  it("is 50 cents for USD and unknown elsewhere", () => {
    expect(STRIPE_MIN_CHARGE_CENTS).toEqual({ usd: 50 });
    expect(stripeMinChargeCents("USD")).toBe(50);
    expect(stripeMinChargeCents("usd")).toBe(50);
    expect(stripeMinChargeCents("xyz")).toBeNull();
    expect(stripeMinChargeCents("toString")).toBeNull();
  });
});

describe("longestPlanSpanDays", () => {
  it("counts intervals between payments, monthly in the worst case", () => {
    expect(longestPlanSpanDays("weekly", 1)).toBe(0);
    expect(longestPlanSpanDays("weekly", 10)).toBe(63);
    expect(longestPlanSpanDays("biweekly", 3)).toBe(28);
    expect(longestPlanSpanDays("monthly", 2)).toBe(31);
    expect(longestPlanSpanDays("monthly", 13)).toBe(366);
  });
});
