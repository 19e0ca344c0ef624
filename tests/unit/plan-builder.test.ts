import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays } from "~/lib/calendar-date";
import { planAuthorizeSchema, planChoiceSchema } from "~/lib/forms/plan";
import { en, es } from "~/lib/i18n/plans";
import { AUTHORIZATION_VERSION, authorizationText } from "~/lib/plan-authorization";
import {
  builderOptions,
  defaultChoice,
  describeError,
  evaluateChoice,
  type BuilderContext,
} from "~/lib/plan-builder";
import { DEFAULT_POLICY, FREQUENCIES, planPolicySchema, type PlanPolicy } from "~/lib/policy";
import { formatMoney } from "~/lib/money";
import { formatDate } from "~/lib/i18n";

const policy = (changes: Partial<PlanPolicy> = {}): PlanPolicy =>
  planPolicySchema.parse({ ...DEFAULT_POLICY, ...changes });
const ctx = (changes: Partial<BuilderContext> = {}): BuilderContext => ({
  balanceCents: 20_000,
  currency: "usd",
  policy: policy(),
  today: "2026-01-15",
  ...changes,
});
const parties = {
  debtorName: "Ana Ruiz",
  creditorName: "Acme Dental",
  supportPhone: "(212) 555-0100",
  supportEmail: "help@acme.example",
};

describe("the builder form schema", () => {
  it("reads an installment plan from form strings", () => {
    expect(
      planChoiceSchema.parse({
        kind: "installments",
        frequency: "monthly",
        count: " 6 ",
        startDate: "2026-02-01",
      }),
    ).toEqual({
      kind: "installments",
      frequency: "monthly",
      count: 6,
      startDate: "2026-02-01",
    });
  });
  it("ignores plan fields when paying in full", () => {
    expect(
      planChoiceSchema.parse({ kind: "full", frequency: "yearly", count: "x", startDate: "nope" }),
    ).toEqual({ kind: "full" });
  });
  it("says which field is wrong, as message keys", () => {
    const result = planChoiceSchema.safeParse({
      kind: "installments",
      frequency: "yearly",
      count: "6.5",
      startDate: "2026-02-30",
    });
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(
      result.error!.issues.map((i) => [String(i.path[0]), i.message]),
    );
    expect(byField).toEqual({
      frequency: "plans.error.frequency",
      count: "plans.error.countWhole",
      startDate: "plans.error.startDateFormat",
    });
  });
  it("the review form needs the tick, a digest and a real account id", () => {
    const base = {
      kind: "full",
      accountId: "00000000-0000-4000-8000-000000000000",
      scheduleDigest: "a".repeat(64),
      textVersion: AUTHORIZATION_VERSION,
    };
    expect(planAuthorizeSchema.safeParse({ ...base, authorize: "on" }).success).toBe(true);
    expect(planAuthorizeSchema.safeParse(base).error?.issues.map((i) => i.message)).toEqual([
      "plans.error.authorize",
    ]);
    expect(
      planAuthorizeSchema.safeParse({ ...base, authorize: "on", accountId: "../x" }).success,
    ).toBe(false);
  });
});

describe("evaluateChoice", () => {
  it("pays in full today, and settles with the discount", () => {
    const c = ctx({ policy: policy({ settlement: { percentOff: 30, expiresOn: "2026-02-01" } }) });
    const full = evaluateChoice(c, { kind: "full" });
    expect(full.ok && full.plan).toMatchObject({
      kind: "full",
      count: 1,
      totalCents: 20_000,
      startDate: "2026-01-15",
    });
    const settle = evaluateChoice(c, { kind: "settlement" });
    expect(settle.ok && settle.plan).toMatchObject({
      kind: "settlement",
      totalCents: 14_000,
      savingsCents: 6_000,
    });
  });

  it("says the same range for too few payments as the page's hint for that frequency", () => {
    const c = ctx();
    const offered = builderOptions(c).plans.find((p) => p.frequency === "monthly")!;
    expect(offered.maxCount).toBe(8); // $200 at $25 at least, under the policy's own maximum
    expect(c.policy.maxInstallments).toBeGreaterThan(8);
    const result = evaluateChoice(c, {
      kind: "installments",
      frequency: "monthly",
      count: 1,
      startDate: "2026-01-15",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        field: "count",
        key: "plans.error.countRange",
        vars: { min: offered.minCount, max: offered.maxCount },
      },
    ]);
    expect(describeError(en, "en", "usd", result.errors[0])).toBe(
      `Choose between ${offered.minCount} and 8 payments.`,
    );
  });

  it("explains too many payments by the smallest payment, not by the bare range", () => {
    const result = evaluateChoice(ctx(), {
      kind: "installments",
      frequency: "monthly",
      count: 99,
      startDate: "2026-01-15",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: "count", key: "plans.error.belowMinimum", vars: { min: { money: 2500 }, max: 8 } },
    ]);
  });

  it("explains the smallest payment with the largest count that works", () => {
    const result = evaluateChoice(ctx(), {
      kind: "installments",
      frequency: "monthly",
      count: 12,
      startDate: "2026-01-15",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { field: "count", key: "plans.error.belowMinimum", vars: { min: { money: 2500 }, max: 8 } },
    ]);
    expect(describeError(en, "en", "usd", result.errors[0])).toBe(
      "The smallest payment for this account is $25.00; choose 8 payments or fewer.",
    );
    expect(describeError(es, "es", "usd", result.errors[0])).toBe(
      "El pago más pequeño para esta cuenta es de $25.00; elija 8 pagos o menos.",
    );
  });

  it("refuses a settlement that is not offered, or has ended", () => {
    expect(evaluateChoice(ctx(), { kind: "settlement" })).toMatchObject({
      ok: false,
      errors: [{ key: "plans.error.settlementNotOffered" }],
    });
    const ended = ctx({
      policy: policy({ settlement: { percentOff: 30, expiresOn: "2026-01-14" } }),
    });
    expect(evaluateChoice(ended, { kind: "settlement" }).ok).toBe(false);
  });

  it("names the allowed frequencies in words", () => {
    const c = ctx({ policy: policy({ frequencies: ["biweekly", "monthly"] }) });
    const result = evaluateChoice(c, {
      kind: "installments",
      frequency: "weekly",
      count: 4,
      startDate: "2026-01-15",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(describeError(en, "en", "usd", result.errors[0])).toBe(
      "Choose every two weeks or monthly.",
    );
  });

  it("property: every accepted choice sums to what is owed, stays within the policy and starts in the window", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000_000 }),
        fc.constantFrom(...FREQUENCIES),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: -3, max: 40 }),
        fc.integer({ min: 1, max: 120 }),
        (balanceCents, frequency, startOffset, count, minCents) => {
          const c = ctx({ balanceCents, policy: policy({ minInstallmentCents: minCents * 100 }) });
          const startDate = addDays(c.today, startOffset);
          const result = evaluateChoice(c, { kind: "installments", frequency, count, startDate });
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors)
              expect(en[e.key as keyof typeof en], e.key).toBeTypeOf("string");
            return;
          }
          const p = result.plan;
          expect(p.installments.reduce((s, i) => s + i.amountCents, 0)).toBe(balanceCents);
          expect(p.count).toBeGreaterThanOrEqual(c.policy.minInstallments);
          expect(p.count).toBeLessThanOrEqual(c.policy.maxInstallments);
          for (const i of p.installments)
            expect(i.amountCents).toBeGreaterThanOrEqual(
              Math.max(50, c.policy.minInstallmentCents),
            );
          expect(
            p.startDate >= c.today &&
              p.startDate <= addDays(c.today, c.policy.latestFirstPaymentDays),
          ).toBe(true);
          expect(p.endDate <= addDays(c.today, c.policy.maxPlanDays)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("property: the default choice and every offered count are accepted", () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 10_000_000 }), (balanceCents) => {
        const c = ctx({ balanceCents });
        const first = evaluateChoice(c, defaultChoice(c));
        expect(first.ok).toBe(true);
        for (const option of builderOptions(c).plans) {
          for (const count of [option.minCount, option.maxCount]) {
            expect(
              evaluateChoice(c, {
                kind: "installments",
                frequency: option.frequency,
                count,
                startDate: c.today,
              }).ok,
            ).toBe(true);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the authorization text", () => {
  it("states every date and amount, the total, the frequency and how to cancel, in both languages", () => {
    const c = ctx({ balanceCents: 10_001 });
    const result = evaluateChoice(c, {
      kind: "installments",
      frequency: "monthly",
      count: 3,
      startDate: "2026-01-31",
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const lang of ["en", "es"] as const) {
      const text = authorizationText(result.plan, parties, lang);
      for (const i of result.plan.installments) {
        expect(text).toContain(formatDate(i.dueDate, lang));
        expect(text).toContain(formatMoney(i.amountCents, "usd", lang));
      }
      expect(text).toContain("$100.01");
      expect(text).toContain("(212) 555-0100");
      expect(text).toContain("Ana Ruiz");
      expect(text).not.toMatch(/\{\w+\}/);
    }
    expect(authorizationText(result.plan, parties, "en")).toContain("one every month");
  });

  it("has a single-payment wording for paying in full and settling", () => {
    const c = ctx({ policy: policy({ settlement: { percentOff: 20, expiresOn: "2026-03-01" } }) });
    const full = evaluateChoice(c, { kind: "full" });
    const settle = evaluateChoice(c, { kind: "settlement" });
    if (!full.ok || !settle.ok) throw new Error("expected both to be allowed");
    expect(authorizationText(full.plan, parties, "en")).toContain(
      "once, $200.00 on January 15, 2026",
    );
    expect(authorizationText(settle.plan, parties, "en")).toContain("$160.00");
    expect(authorizationText(settle.plan, parties, "en")).toContain("balance of $200.00");
  });
});

describe("plan texts", () => {
  it("Spanish has exactly the English keys and placeholders", () => {
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[])
      expect(vars(es[key]), key).toEqual(vars(en[key]));
  });
});
