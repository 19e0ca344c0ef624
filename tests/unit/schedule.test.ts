import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { todayIn } from "~/lib/calendar-date";
import {
  DEFAULT_POLICY,
  FREQUENCIES,
  planPolicySchema,
  type Frequency,
  type PlanPolicy,
} from "~/lib/policy";
import {
  buildSchedule,
  type Installment,
  type ScheduleInput,
  type ScheduleResult,
} from "~/lib/schedule";
import { compareOptions, planOptions } from "~/lib/plan-options";
import { rescheduleRemaining } from "~/lib/reschedule";
import { settlementAmount } from "~/lib/installment-amounts";

// ---------------------------------------------------------------------------
// Independent oracles: UTC Date arithmetic and BigInt, not the library's own helpers.
// ---------------------------------------------------------------------------
const DAY_MS = 86_400_000;
const utcMs = (date: string) => {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
};
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plusDays = (date: string, n: number) => isoOf(utcMs(date) + n * DAY_MS);
const daysFrom = (from: string, to: string) => (utcMs(to) - utcMs(from)) / DAY_MS;
const plusMonthsClamped = (date: string, months: number) => {
  const [y, m, d] = date.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return isoOf(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay)));
};
const oracleDueDate = (start: string, frequency: Frequency, i: number) =>
  frequency === "weekly"
    ? plusDays(start, 7 * i)
    : frequency === "biweekly"
      ? plusDays(start, 14 * i)
      : plusMonthsClamped(start, i);
const ceilPercent = (amount: number, percent: number) =>
  Number((BigInt(amount) * BigInt(percent) + 99n) / 100n);
const floorPercent = (amount: number, percent: number) =>
  Number((BigInt(amount) * BigInt(percent)) / 100n);
const split = (total: number, n: number) => {
  const q = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => (i < total - q * n ? q + 1 : q));
};
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The spec, written out plainly: the schedule for a request, or null when a rule forbids it. */
function oracleSchedule(input: ScheduleInput): Installment[] | null {
  const { balanceCents: total, policy, frequency, count: n, startDate, today } = input;
  const minCents = Math.max(policy.minInstallmentCents, 50);
  if (total <= 0 || !policy.frequencies.includes(frequency)) return null;
  if (!Number.isInteger(n) || n < policy.minInstallments || n > policy.maxInstallments) return null;
  if (startDate < today || startDate > plusDays(today, policy.latestFirstPaymentDays)) return null;
  const pct = policy.downPaymentPercent;
  const down = pct > 0 && n >= 2 ? Math.min(total, Math.max(ceilPercent(total, pct), minCents)) : 0;
  const amounts = down > 0 ? [down, ...split(total - down, n - 1)] : split(total, n);
  if (n === 1 ? total < 50 : amounts.some((a) => a < minCents)) return null;
  const dates = amounts.map((_, i) => oracleDueDate(startDate, frequency, i));
  if (daysFrom(today, dates[dates.length - 1]) > policy.maxPlanDays) return null;
  return amounts.map((amountCents, i) => ({ seq: i + 1, dueDate: dates[i], amountCents }));
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------
/** Any date from 1990-01-01 to about 2089, leap days and month ends included. */
const todayArb = fc.integer({ min: 0, max: 36_500 }).map((n) => plusDays("1990-01-01", n));

/** Valid policies (checked against the schema) with at least one frequency. */
const policyArb: fc.Arbitrary<PlanPolicy> = fc
  .record({
    frequencies: fc.subarray([...FREQUENCIES], { minLength: 1 }),
    minInstallments: fc.integer({ min: 1, max: 12 }),
    extraInstallments: fc.integer({ min: 0, max: 48 }),
    minInstallmentCents: fc.oneof(
      fc.constantFrom(1, 50, 2500, 10_000),
      fc.integer({ min: 1, max: 50_000 }),
    ),
    extraPlanDays: fc.oneof(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 1500 })),
    latestFirstPaymentDays: fc.integer({ min: 0, max: 90 }),
    downPaymentPercent: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 90 })),
  })
  .map(({ extraInstallments, extraPlanDays, ...p }) => {
    const needed = p.minInstallments - 1;
    const longest = Math.max(
      ...p.frequencies.map((f) => (f === "weekly" ? 7 : f === "biweekly" ? 14 : 31) * needed),
    );
    return planPolicySchema.parse({
      ...DEFAULT_POLICY,
      ...p,
      maxInstallments: Math.min(120, p.minInstallments + extraInstallments),
      maxPlanDays: Math.max(1, longest + 2 + extraPlanDays),
    });
  });

const balanceArb = fc.oneof(
  fc.integer({ min: 1, max: 200 }),
  fc.integer({ min: 1, max: 500_000 }),
  fc.integer({ min: 1, max: 10_000_000 }),
  fc.integer({ min: 1, max: 5_000_000_000 }),
);

/**
 * Requests around the policy's limits: mostly within each limit (so that a fair share is
 * valid), sometimes anywhere (so that each rule is crossed on its own, at its boundary).
 */
const requestArb = fc
  .record({ policy: policyArb, today: todayArb })
  .chain(({ policy: p, today }) => {
    const mostly = <T>(inside: fc.Arbitrary<T>, anywhere: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 5, arbitrary: inside }, { weight: 1, arbitrary: anywhere });
    const minCents = Math.max(p.minInstallmentCents, 50);
    return fc
      .record({
        balanceCents: mostly(
          fc
            .tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 0, max: minCents }))
            .map(([k, j]) => Math.max(1, k * minCents + j)),
          balanceArb,
        ),
        frequency: mostly(fc.constantFrom(...p.frequencies), fc.constantFrom(...FREQUENCIES)),
        count: mostly(
          fc.integer({ min: p.minInstallments, max: p.maxInstallments }),
          fc.integer({ min: -1, max: 125 }),
        ),
        startDate: mostly(
          fc.integer({ min: 0, max: p.latestFirstPaymentDays }),
          fc.integer({ min: -3, max: 93 }),
        ).map((n) => plusDays(today, n)),
      })
      .map((r): ScheduleInput => ({ ...r, policy: p, today, currency: "usd" }));
  });

/** A plan picked from planOptions: frequency and count as offered, start in the offered window. */
const offeredPlanArb = fc
  .record({
    policy: policyArb,
    balanceCents: balanceArb,
    today: todayArb,
    pick: fc.nat(),
    countPick: fc.nat(),
    startPick: fc.nat(),
  })
  .map(({ policy, balanceCents, today, pick, countPick, startPick }) => {
    const options = planOptions(balanceCents, policy, today, "usd");
    if (options.length === 0) return null;
    const option = options[pick % options.length];
    const startSpan = daysFrom(option.earliestStartDate, option.latestStartDate) + 1;
    const input: ScheduleInput = {
      balanceCents,
      currency: "usd",
      policy,
      frequency: option.frequency,
      count: option.counts[countPick % option.counts.length],
      startDate: plusDays(today, startPick % startSpan),
      today,
    };
    return input;
  })
  .filter((input): input is ScheduleInput => input !== null);

const okSchedule = (result: ScheduleResult) => {
  if (!result.ok) throw new Error(`expected a schedule, got ${JSON.stringify(result.reasons)}`);
  return result;
};

const base = (changes: Partial<ScheduleInput>): ScheduleInput => ({
  balanceCents: 100_000,
  currency: "usd",
  policy: DEFAULT_POLICY,
  frequency: "monthly",
  count: 3,
  startDate: "2026-01-31",
  today: "2026-01-20",
  ...changes,
});
const policy = (changes: Partial<PlanPolicy>): PlanPolicy =>
  planPolicySchema.parse({ ...DEFAULT_POLICY, ...changes });
const rows = (installments: Installment[]) =>
  installments.map((i) => [i.seq, i.dueDate, i.amountCents]);

// ---------------------------------------------------------------------------
describe("buildSchedule: exact schedules", () => {
  it("splits 1,000.00 into three monthly payments from Jan 31, clamped to month ends", () => {
    const result = okSchedule(buildSchedule(base({})));
    expect(rows(result.installments)).toEqual([
      [1, "2026-01-31", 33334],
      [2, "2026-02-28", 33333],
      [3, "2026-03-31", 33333],
    ]);
    expect(result).toMatchObject({
      totalCents: 100_000,
      downPaymentCents: 0,
      savingsCents: 0,
      endDate: "2026-03-31",
    });
  });

  it("lands on 2028-02-29 in a leap year", () => {
    const result = okSchedule(
      buildSchedule(
        base({ balanceCents: 10_001, count: 4, startDate: "2028-01-31", today: "2028-01-15" }),
      ),
    );
    expect(rows(result.installments)).toEqual([
      [1, "2028-01-31", 2501],
      [2, "2028-02-29", 2500],
      [3, "2028-03-31", 2500],
      [4, "2028-04-30", 2500],
    ]);
  });

  it("keeps a Feb 29 start on the 29th, and clamps to Feb 28 a year later", () => {
    const result = okSchedule(
      buildSchedule(
        base({
          policy: policy({ maxInstallments: 24, maxPlanDays: 400 }),
          balanceCents: 130_000,
          count: 13,
          startDate: "2028-02-29",
          today: "2028-02-20",
        }),
      ),
    );
    expect(result.installments.map((i) => i.dueDate)).toEqual([
      "2028-02-29",
      "2028-03-29",
      "2028-04-29",
      "2028-05-29",
      "2028-06-29",
      "2028-07-29",
      "2028-08-29",
      "2028-09-29",
      "2028-10-29",
      "2028-11-29",
      "2028-12-29",
      "2029-01-29",
      "2029-02-28",
    ]);
    expect(result.installments.every((i) => i.amountCents === 10_000)).toBe(true);
  });

  it("steps weekly by 7 calendar days across the fall DST change", () => {
    const result = okSchedule(
      buildSchedule(
        base({
          balanceCents: 50_000,
          frequency: "weekly",
          count: 6,
          startDate: "2026-10-28",
          today: "2026-10-20",
        }),
      ),
    );
    expect(rows(result.installments)).toEqual([
      [1, "2026-10-28", 8334],
      [2, "2026-11-04", 8334],
      [3, "2026-11-11", 8333],
      [4, "2026-11-18", 8333],
      [5, "2026-11-25", 8333],
      [6, "2026-12-02", 8333],
    ]);
  });

  it("steps every two weeks across a year end", () => {
    const result = okSchedule(
      buildSchedule(
        base({
          balanceCents: 100_003,
          frequency: "biweekly",
          count: 5,
          startDate: "2026-12-24",
          today: "2026-12-20",
        }),
      ),
    );
    expect(rows(result.installments)).toEqual([
      [1, "2026-12-24", 20001],
      [2, "2027-01-07", 20001],
      [3, "2027-01-21", 20001],
      [4, "2027-02-04", 20000],
      [5, "2027-02-18", 20000],
    ]);
    expect(result.endDate).toBe("2027-02-18");
  });

  it("takes the down payment first (rounded up to the cent), then splits the rest", () => {
    const result = okSchedule(
      buildSchedule(
        base({
          policy: policy({ downPaymentPercent: 10 }),
          balanceCents: 100_005,
          count: 4,
          startDate: "2026-03-15",
          today: "2026-03-10",
        }),
      ),
    );
    expect(rows(result.installments)).toEqual([
      [1, "2026-03-15", 10001],
      [2, "2026-04-15", 30002],
      [3, "2026-05-15", 30001],
      [4, "2026-06-15", 30001],
    ]);
    expect(result.downPaymentCents).toBe(10001);
  });

  it("raises a down payment below the minimum payment to the minimum", () => {
    const result = okSchedule(
      buildSchedule(
        base({
          policy: policy({ downPaymentPercent: 10 }),
          balanceCents: 20_000,
          count: 3,
          startDate: "2026-01-20",
        }),
      ),
    );
    expect(result.installments.map((i) => i.amountCents)).toEqual([2500, 8750, 8750]);
    expect(result.downPaymentCents).toBe(2500);
  });

  it("allows one payment of a balance below the creditor minimum (but not below Stripe's)", () => {
    const onePayment = policy({ minInstallments: 1 });
    const result = okSchedule(
      buildSchedule(
        base({ policy: onePayment, balanceCents: 1000, count: 1, startDate: "2026-01-20" }),
      ),
    );
    expect(rows(result.installments)).toEqual([[1, "2026-01-20", 1000]]);
    expect(
      buildSchedule(
        base({ policy: onePayment, balanceCents: 30, count: 1, startDate: "2026-01-20" }),
      ),
    ).toEqual({
      ok: false,
      reasons: [{ code: "installment_below_minimum", minCents: 2500, maxCount: 0 }],
      allowedCounts: null,
    });
  });
});

describe("buildSchedule: refusals say why and what would work", () => {
  it("the smallest payment is $25: choose 8 payments or fewer", () => {
    expect(
      buildSchedule(
        base({ balanceCents: 20_000, frequency: "weekly", count: 12, startDate: "2026-01-20" }),
      ),
    ).toEqual({
      ok: false,
      reasons: [{ code: "installment_below_minimum", minCents: 2500, maxCount: 8 }],
      allowedCounts: { min: 2, max: 8 },
    });
  });

  it("never goes under Stripe's 50-cent minimum, whatever the creditor allows", () => {
    const tiny = policy({ minInstallmentCents: 10 });
    expect(
      buildSchedule(
        base({
          policy: tiny,
          balanceCents: 200,
          frequency: "weekly",
          count: 5,
          startDate: "2026-01-20",
        }),
      ),
    ).toEqual({
      ok: false,
      reasons: [{ code: "installment_below_minimum", minCents: 50, maxCount: 4 }],
      allowedCounts: { min: 2, max: 4 },
    });
  });

  it("refuses a frequency the creditor does not offer", () => {
    expect(
      buildSchedule(base({ policy: policy({ frequencies: ["monthly"] }), frequency: "weekly" })),
    ).toEqual({
      ok: false,
      reasons: [{ code: "frequency_not_allowed", frequency: "weekly", allowed: ["monthly"] }],
      allowedCounts: null,
    });
  });

  it.each([1, 13, 2.5, 0, -3])("refuses %d payments (policy: 2 to 12)", (count) => {
    expect(
      buildSchedule(
        base({ balanceCents: 1_000_000, frequency: "weekly", count, startDate: "2026-01-20" }),
      ),
    ).toEqual({
      ok: false,
      reasons: [{ code: "count_out_of_range", minCount: 2, maxCount: 12 }],
      allowedCounts: { min: 2, max: 12 },
    });
  });

  it("refuses a first payment in the past or after the latest first date", () => {
    expect(buildSchedule(base({ startDate: "2026-01-19" }))).toEqual({
      ok: false,
      reasons: [{ code: "start_date_in_past", earliestDate: "2026-01-20" }],
      allowedCounts: null,
    });
    expect(buildSchedule(base({ startDate: "2026-02-20" }))).toEqual({
      ok: false,
      reasons: [{ code: "start_date_too_late", latestDate: "2026-02-19" }],
      allowedCounts: null,
    });
    expect(buildSchedule(base({ startDate: "2026-02-19" })).ok).toBe(true);
    expect(buildSchedule(base({ startDate: "2026-01-20" })).ok).toBe(true);
    expect(buildSchedule(base({ startDate: "2026-02-30" }))).toMatchObject({
      ok: false,
      reasons: [{ code: "start_date_invalid" }],
    });
  });

  it("refuses a plan that ends more than maxPlanDays after today", () => {
    const longer = policy({ maxInstallments: 24 });
    const input = base({
      policy: longer,
      balanceCents: 1_300_000,
      startDate: "2026-01-31",
      today: "2026-01-01",
    });
    expect(okSchedule(buildSchedule({ ...input, count: 12 })).endDate).toBe("2026-12-31");
    expect(buildSchedule({ ...input, count: 13 })).toEqual({
      ok: false,
      reasons: [
        { code: "plan_too_long", maxPlanDays: 365, latestEndDate: "2027-01-01", maxCount: 12 },
      ],
      allowedCounts: { min: 2, max: 12 },
    });
  });

  it("lists every broken rule at once", () => {
    const result = buildSchedule(
      base({
        policy: policy({ frequencies: ["monthly"] }),
        frequency: "weekly",
        count: 0,
        startDate: "2026-01-01",
      }),
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        { code: "frequency_not_allowed", frequency: "weekly", allowed: ["monthly"] },
        { code: "count_out_of_range", minCount: 2, maxCount: 12 },
        { code: "start_date_in_past", earliestDate: "2026-01-20" },
      ],
      allowedCounts: null,
    });
  });

  it("refuses nothing owed and unsupported currencies", () => {
    expect(buildSchedule(base({ balanceCents: 0 }))).toMatchObject({
      ok: false,
      reasons: [{ code: "balance_not_payable", balanceCents: 0 }],
    });
    expect(buildSchedule(base({ balanceCents: -100 }))).toMatchObject({
      ok: false,
      reasons: [{ code: "balance_not_payable" }],
    });
    expect(buildSchedule(base({ currency: "eur" }))).toMatchObject({
      ok: false,
      reasons: [{ code: "currency_not_supported", currency: "eur" }],
    });
  });

  it("throws on programmer errors instead of returning a reason", () => {
    expect(() => buildSchedule(base({ balanceCents: 100.5 }))).toThrow(RangeError);
    expect(() => buildSchedule(base({ today: "2026-13-01" }))).toThrow(RangeError);
  });
});

describe("settlement", () => {
  const offer = policy({
    settlement: { percentOff: 30, expiresOn: "2026-03-31" },
    downPaymentPercent: 10,
  });

  it("rounds in the debtor's favour: the discount is rounded up", () => {
    expect(settlementAmount(10_005, offer, "2026-03-10")).toBe(7003); // 70% of 10005 = 7003.5 → 7003
    expect(settlementAmount(10_000, offer, "2026-03-10")).toBe(7000);
    expect(settlementAmount(10_005, offer, "2026-03-31")).toBe(7003); // valid through the expiry date
    expect(settlementAmount(10_005, offer, "2026-04-01")).toBeNull();
    expect(settlementAmount(10_005, DEFAULT_POLICY, "2026-03-10")).toBeNull();
    expect(settlementAmount(0, offer, "2026-03-10")).toBeNull();
  });

  it("is floor(balance × (100 − p) / 100) for any balance and percentage", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9_000_000_000_000 }),
        fc.integer({ min: 1, max: 90 }),
        (balance, percentOff) => {
          const p = policy({ settlement: { percentOff, expiresOn: "2026-12-31" } });
          const payable = settlementAmount(balance, p, "2026-06-01")!;
          expect(payable).toBe(floorPercent(balance, 100 - percentOff));
          // The discount is at least the advertised percentage.
          expect(BigInt(balance - payable) * 100n >= BigInt(balance) * BigInt(percentOff)).toBe(
            true,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("schedules the settlement as one payment, without a down payment", () => {
    const result = okSchedule(
      buildSchedule(
        base({
          policy: offer,
          balanceCents: 10_005,
          count: 1,
          startDate: "2026-03-20",
          today: "2026-03-10",
          settlementPercentOff: 30,
        }),
      ),
    );
    expect(result).toMatchObject({
      kind: "settlement",
      totalCents: 7003,
      savingsCents: 3002,
      downPaymentCents: 0,
    });
    expect(rows(result.installments)).toEqual([[1, "2026-03-20", 7003]]);
  });

  it("may be split when every payment falls before the offer expires", () => {
    const input = base({
      policy: offer,
      balanceCents: 100_000,
      startDate: "2026-03-10",
      today: "2026-03-10",
      settlementPercentOff: 30,
    });
    const weekly = okSchedule(buildSchedule({ ...input, frequency: "weekly", count: 3 }));
    expect(rows(weekly.installments)).toEqual([
      [1, "2026-03-10", 23334],
      [2, "2026-03-17", 23333],
      [3, "2026-03-24", 23333],
    ]);
    expect(buildSchedule({ ...input, frequency: "monthly", count: 2 })).toEqual({
      ok: false,
      reasons: [{ code: "settlement_after_expiry", expiresOn: "2026-03-31", maxCount: 1 }],
      allowedCounts: null, // at most 1 payment fits before expiry, fewer than the plan minimum of 2
    });
  });

  it("refuses a stale, expired or missing offer", () => {
    const input = base({
      policy: offer,
      balanceCents: 10_005,
      count: 1,
      startDate: "2026-03-20",
      today: "2026-03-10",
    });
    expect(buildSchedule({ ...input, settlementPercentOff: 35 })).toMatchObject({
      ok: false,
      reasons: [{ code: "settlement_percent_mismatch", percentOff: 30 }],
    });
    expect(
      buildSchedule({
        ...input,
        today: "2026-04-01",
        startDate: "2026-04-01",
        settlementPercentOff: 30,
      }),
    ).toMatchObject({
      ok: false,
      reasons: [{ code: "settlement_expired", expiresOn: "2026-03-31" }],
    });
    expect(
      buildSchedule({ ...input, policy: DEFAULT_POLICY, settlementPercentOff: 30 }),
    ).toMatchObject({
      ok: false,
      reasons: [{ code: "settlement_not_offered" }],
    });
  });
});

describe("buildSchedule: properties", () => {
  it("agrees with the plain-spelled rules on every request (accepts exactly the valid plans, to the cent)", () => {
    fc.assert(
      fc.property(requestArb, (input) => {
        const expected = oracleSchedule(input);
        const result = buildSchedule(input);
        if (expected === null) {
          expect(result.ok).toBe(false);
          if (!result.ok) expect(result.reasons.length).toBeGreaterThan(0);
        } else {
          expect(okSchedule(result).installments).toEqual(expected);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("every offered plan: sum = balance, amounts within policy, dates strictly increasing and within the maximum length", () => {
    fc.assert(
      fc.property(offeredPlanArb, (input) => {
        const result = buildSchedule(input);
        // A later start can leave room for fewer payments: that is the only refusal allowed here.
        if (!result.ok) {
          expect(result.reasons.map((r) => r.code)).toEqual(["plan_too_long"]);
          return;
        }
        const { policy: p, balanceCents, today, startDate } = input;
        const amounts = result.installments.map((i) => i.amountCents);
        const dates = result.installments.map((i) => i.dueDate);
        // Sum = balance, to the cent.
        expect(sum(amounts)).toBe(balanceCents);
        expect(result.totalCents).toBe(balanceCents);
        // Count within the policy.
        expect(amounts).toHaveLength(input.count);
        expect(input.count >= p.minInstallments && input.count <= p.maxInstallments).toBe(true);
        // Every payment at least the minimum (a single payment is the whole balance).
        const minCents = Math.max(p.minInstallmentCents, 50);
        if (amounts.length === 1) expect(amounts[0]).toBe(balanceCents);
        else expect(Math.min(...amounts)).toBeGreaterThanOrEqual(minCents);
        // After the down payment, amounts differ by at most a cent, larger first.
        const regular = result.downPaymentCents > 0 ? amounts.slice(1) : amounts;
        expect(Math.max(...regular) - Math.min(...regular)).toBeLessThanOrEqual(1);
        expect(regular.every((a, i) => i === 0 || a <= regular[i - 1])).toBe(true);
        if (p.downPaymentPercent > 0 && amounts.length > 1) {
          expect(result.downPaymentCents).toBe(amounts[0]);
          expect(
            BigInt(amounts[0]) * 100n >= BigInt(balanceCents) * BigInt(p.downPaymentPercent),
          ).toBe(true);
        }
        // Dates: from the start, strictly increasing, as the calendar says.
        expect(dates[0]).toBe(startDate);
        expect(dates.every((d, i) => i === 0 || d > dates[i - 1])).toBe(true);
        expect(dates).toEqual(dates.map((_, i) => oracleDueDate(startDate, input.frequency, i)));
        // First date within the window, last date within the maximum length.
        expect(startDate >= today).toBe(true);
        expect(daysFrom(today, startDate)).toBeLessThanOrEqual(p.latestFirstPaymentDays);
        expect(daysFrom(today, result.endDate)).toBeLessThanOrEqual(p.maxPlanDays);
        expect(result.endDate).toBe(dates[dates.length - 1]);
      }),
      { numRuns: 3000 },
    );
  });

  it("monthly plans starting on the 28th–31st follow month ends and leap years", () => {
    const monthEndStart = fc
      .record({
        year: fc.integer({ min: 1995, max: 2085 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 28, max: 31 }),
      })
      .map(({ year, month, day }) => {
        const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
        return isoOf(Date.UTC(year, month - 1, Math.min(day, lastDay)));
      });
    fc.assert(
      fc.property(monthEndStart, fc.integer({ min: 2, max: 60 }), (startDate, count) => {
        const p = policy({
          maxInstallments: 60,
          maxPlanDays: 1900,
          minInstallmentCents: 100,
          frequencies: ["monthly"],
        });
        const result = okSchedule(
          buildSchedule({
            balanceCents: 1_000_000,
            currency: "usd",
            policy: p,
            frequency: "monthly",
            count,
            startDate,
            today: startDate,
          }),
        );
        const startDay = Number(startDate.slice(8));
        // Each due day is the start day, or the month's last day when shorter: never drifts.
        const days = result.installments.map((i) => Number(i.dueDate.slice(8)));
        const expectedDays = result.installments.map(({ dueDate }) => {
          const [y, m] = dueDate.split("-").map(Number);
          return Math.min(startDay, new Date(Date.UTC(y, m, 0)).getUTCDate());
        });
        expect(days).toEqual(expectedDays);
        // A Feb 29 appears exactly when the start day is ≥ 29 and the plan crosses a leap February.
        const leapFebs = result.installments.filter((i) => i.dueDate.endsWith("-02-29")).length;
        const crossedLeapFebs = result.installments.filter((i) => {
          const [y, m] = i.dueDate.split("-").map(Number);
          return m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
        }).length;
        expect(leapFebs).toBe(startDay >= 29 ? crossedLeapFebs : 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("timezone and DST do not change a schedule", () => {
  const NY = "America/New_York";
  const originalTz = process.env.TZ;
  afterEach(() => {
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it("any instant of a New York day gives that day's schedule, around both 2026 DST changes", () => {
    const instants = fc.oneof(
      fc.integer({
        min: Date.parse("2026-03-07T05:00:00Z"),
        max: Date.parse("2026-03-10T03:59:59Z"),
      }),
      fc.integer({
        min: Date.parse("2026-10-31T04:00:00Z"),
        max: Date.parse("2026-11-03T04:59:59Z"),
      }),
    );
    fc.assert(
      fc.property(
        instants,
        fc.constantFrom(...FREQUENCIES),
        fc.integer({ min: 2, max: 12 }),
        (ms, frequency, count) => {
          const today = todayIn(NY, new Date(ms));
          // Oracle for the local date: New York is UTC−5 in winter, UTC−4 in summer.
          const dstStart = Date.parse("2026-03-08T07:00:00Z");
          const dstEnd = Date.parse("2026-11-01T06:00:00Z");
          const offsetHours = ms >= dstStart && ms < dstEnd ? 4 : 5;
          expect(today).toBe(isoOf(ms - offsetHours * 3_600_000));
          const result = okSchedule(
            buildSchedule({
              balanceCents: 600_000,
              currency: "usd",
              policy: DEFAULT_POLICY,
              frequency,
              count,
              startDate: today,
              today,
            }),
          );
          result.installments.forEach((i, n) =>
            expect(i.dueDate).toBe(oracleDueDate(today, frequency, n)),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("gives the same schedules whatever the server's own timezone", () => {
    const inputs = [
      base({}),
      base({ frequency: "weekly", count: 8, startDate: "2026-03-04", today: "2026-03-01" }),
      base({ frequency: "biweekly", count: 6, startDate: "2026-10-25", today: "2026-10-20" }),
      base({ startDate: "2028-01-31", today: "2028-01-30", count: 12 }),
    ];
    const run = () =>
      JSON.stringify([
        inputs.map(buildSchedule),
        planOptions(250_000, DEFAULT_POLICY, "2026-03-08"),
      ]);
    process.env.TZ = "UTC";
    const reference = run();
    for (const tz of [
      "America/New_York",
      "Pacific/Auckland",
      "Asia/Kolkata",
      "America/Los_Angeles",
    ]) {
      process.env.TZ = tz;
      expect(run()).toBe(reference);
    }
  });
});

describe("planOptions", () => {
  it("lists each allowed frequency with its counts and latest first date", () => {
    const p = policy({ maxPlanDays: 120 });
    expect(planOptions(1_000_000, p, "2026-01-20")).toEqual([
      {
        frequency: "weekly",
        minCount: 2,
        maxCount: 12,
        counts: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        earliestStartDate: "2026-01-20",
        latestStartDate: "2026-02-19",
      },
      {
        frequency: "biweekly",
        minCount: 2,
        maxCount: 9,
        counts: [2, 3, 4, 5, 6, 7, 8, 9],
        earliestStartDate: "2026-01-20",
        latestStartDate: "2026-02-19",
      },
      {
        frequency: "monthly",
        minCount: 2,
        maxCount: 5,
        counts: [2, 3, 4, 5],
        earliestStartDate: "2026-01-20",
        latestStartDate: "2026-02-19",
      },
    ]);
  });

  it("limits counts by the smallest payment", () => {
    expect(
      planOptions(20_000, DEFAULT_POLICY, "2026-01-20").map((o) => [
        o.frequency,
        o.minCount,
        o.maxCount,
      ]),
    ).toEqual([
      ["weekly", 2, 8],
      ["biweekly", 2, 8],
      ["monthly", 2, 8],
    ]);
    expect(planOptions(4_999, DEFAULT_POLICY, "2026-01-20")).toEqual([]); // two payments of $25 do not fit
    expect(planOptions(0, DEFAULT_POLICY, "2026-01-20")).toEqual([]);
    expect(planOptions(100_000, DEFAULT_POLICY, "2026-01-20", "eur")).toEqual([]);
  });

  it("pulls the latest first date in when the shortest plan would otherwise run too long", () => {
    const p = policy({ maxPlanDays: 40, latestFirstPaymentDays: 30 });
    const options = planOptions(1_000_000, p, "2026-01-20");
    expect(options.find((o) => o.frequency === "monthly")).toEqual({
      frequency: "monthly",
      minCount: 2,
      maxCount: 2,
      counts: [2],
      earliestStartDate: "2026-01-20",
      latestStartDate: "2026-02-01", // + 1 month = Mar 1 = today + 40 days
    });
    expect(options.find((o) => o.frequency === "weekly")?.latestStartDate).toBe("2026-02-19");
  });

  it("offers only plans buildSchedule accepts, and nothing beyond them", () => {
    fc.assert(
      fc.property(policyArb, balanceArb, todayArb, (p, balanceCents, today) => {
        const options = planOptions(balanceCents, p, today);
        const attempt = (frequency: Frequency, count: number, startDate: string) =>
          buildSchedule({
            balanceCents,
            currency: "usd",
            policy: p,
            frequency,
            count,
            startDate,
            today,
          });
        for (const frequency of FREQUENCIES) {
          const option = options.find((o) => o.frequency === frequency);
          if (!option) {
            expect(attempt(frequency, p.minInstallments, today).ok).toBe(false);
            continue;
          }
          expect(option.counts).toEqual(
            Array.from(
              { length: option.maxCount - option.minCount + 1 },
              (_, i) => option.minCount + i,
            ),
          );
          expect(attempt(frequency, option.minCount, today).ok).toBe(true);
          expect(attempt(frequency, option.maxCount, today).ok).toBe(true);
          if (option.maxCount < 120)
            expect(attempt(frequency, option.maxCount + 1, today).ok).toBe(false);
          expect(attempt(frequency, option.minCount, option.latestStartDate).ok).toBe(true);
          expect(attempt(frequency, option.minCount, plusDays(option.latestStartDate, 1)).ok).toBe(
            false,
          );
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe("compareOptions", () => {
  it("compares paying in full, the settlement and the longest plan of each frequency", () => {
    const p = policy({ settlement: { percentOff: 30, expiresOn: "2026-03-31" } });
    expect(compareOptions(20_000, p, "2026-01-20")).toEqual([
      {
        kind: "full",
        frequency: null,
        paymentCount: 1,
        downPaymentCents: 0,
        paymentCents: 20_000,
        totalCents: 20_000,
        endDate: "2026-01-20",
        savingsCents: 0,
      },
      {
        kind: "settlement",
        frequency: null,
        paymentCount: 1,
        downPaymentCents: 0,
        paymentCents: 14_000,
        totalCents: 14_000,
        endDate: "2026-01-20",
        savingsCents: 6_000,
      },
      {
        kind: "plan",
        frequency: "weekly",
        paymentCount: 8,
        downPaymentCents: 0,
        paymentCents: 2_500,
        totalCents: 20_000,
        endDate: "2026-03-10",
        savingsCents: 0,
      },
      {
        kind: "plan",
        frequency: "biweekly",
        paymentCount: 8,
        downPaymentCents: 0,
        paymentCents: 2_500,
        totalCents: 20_000,
        endDate: "2026-04-28",
        savingsCents: 0,
      },
      {
        kind: "plan",
        frequency: "monthly",
        paymentCount: 8,
        downPaymentCents: 0,
        paymentCents: 2_500,
        totalCents: 20_000,
        endDate: "2026-08-20",
        savingsCents: 0,
      },
    ]);
  });

  it("shows the down payment and the regular payment, and leaves out what the policy does not allow", () => {
    const p = policy({ payInFull: false, downPaymentPercent: 20 });
    expect(compareOptions(100_000, p, "2026-01-20")).toEqual([
      {
        kind: "plan",
        frequency: "weekly",
        paymentCount: 12,
        downPaymentCents: 20_000,
        paymentCents: 7_273,
        totalCents: 100_000,
        endDate: "2026-04-07",
        savingsCents: 0,
      },
      {
        kind: "plan",
        frequency: "biweekly",
        paymentCount: 12,
        downPaymentCents: 20_000,
        paymentCents: 7_273,
        totalCents: 100_000,
        endDate: "2026-06-23",
        savingsCents: 0,
      },
      {
        kind: "plan",
        frequency: "monthly",
        paymentCount: 12,
        downPaymentCents: 20_000,
        paymentCents: 7_273,
        totalCents: 100_000,
        endDate: "2026-12-20",
        savingsCents: 0,
      },
    ]);
    expect(
      compareOptions(
        100_000,
        policy({ settlement: { percentOff: 30, expiresOn: "2026-01-19" } }),
        "2026-01-20",
      ).map((r) => r.kind),
    ).toEqual(["full", "plan", "plan", "plan"]); // expired offer left out
  });
});

describe("rescheduleRemaining", () => {
  const remaining: Installment[] = [
    { seq: 3, dueDate: "2026-03-15", amountCents: 10_000 },
    { seq: 4, dueDate: "2026-04-15", amountCents: 10_000 },
    { seq: 5, dueDate: "2026-05-15", amountCents: 9_999 },
  ];
  const context = {
    policy: DEFAULT_POLICY,
    currency: "usd",
    today: "2026-03-01",
    planCreatedOn: "2026-01-10",
  };

  it("applies a payment to the oldest installment first and reduces only the partly paid one", () => {
    expect(
      rescheduleRemaining(remaining, { kind: "payment", amountCents: 15_000 }, context),
    ).toEqual({
      ok: true,
      remaining: [
        { seq: 4, dueDate: "2026-04-15", amountCents: 5_000 },
        { seq: 5, dueDate: "2026-05-15", amountCents: 9_999 },
      ],
      changes: [
        { seq: 3, kind: "paid", amountCents: 10_000 },
        { seq: 4, kind: "reduced", fromCents: 10_000, toCents: 5_000 },
      ],
      remainingCents: 14_999,
      endDate: "2026-05-15",
    });
  });

  it("pays the next installment early, and pays off the plan", () => {
    const next = rescheduleRemaining(
      [...remaining].reverse(),
      { kind: "payment", amountCents: 10_000 },
      context,
    );
    expect(next).toMatchObject({
      ok: true,
      remaining: remaining.slice(1),
      changes: [{ seq: 3, kind: "paid", amountCents: 10_000 }],
    });
    expect(
      rescheduleRemaining(remaining, { kind: "payment", amountCents: 29_999 }, context),
    ).toMatchObject({
      ok: true,
      remaining: [],
      remainingCents: 0,
      endDate: null,
    });
  });

  it("refuses payments it cannot apply cleanly", () => {
    const pay = (amountCents: number) =>
      rescheduleRemaining(remaining, { kind: "payment", amountCents }, context);
    expect(pay(30_000)).toEqual({
      ok: false,
      reasons: [{ code: "payment_exceeds_remaining", remainingCents: 29_999 }],
    });
    expect(pay(0)).toEqual({ ok: false, reasons: [{ code: "payment_not_positive" }] });
    expect(pay(30)).toEqual({
      ok: false,
      reasons: [{ code: "payment_below_minimum", minCents: 50 }],
    });
    expect(pay(9_970)).toEqual({
      ok: false,
      reasons: [{ code: "leftover_below_minimum", minCents: 50, payAllCents: 10_000 }],
    });
  });

  it("moves one installment within its window, amount unchanged", () => {
    expect(
      rescheduleRemaining(remaining, { kind: "move", seq: 4, newDueDate: "2026-04-20" }, context),
    ).toEqual({
      ok: true,
      remaining: [
        remaining[0],
        { seq: 4, dueDate: "2026-04-20", amountCents: 10_000 },
        remaining[2],
      ],
      changes: [{ seq: 4, kind: "moved", fromDate: "2026-04-15", toDate: "2026-04-20" }],
      remainingCents: 29_999,
      endDate: "2026-05-15",
    });
    const move = (seq: number, newDueDate: string) =>
      rescheduleRemaining(remaining, { kind: "move", seq, newDueDate }, context);
    expect(move(4, "2026-05-15")).toEqual({
      ok: false,
      reasons: [
        { code: "move_outside_window", earliestDate: "2026-03-16", latestDate: "2026-05-14" },
      ],
    });
    expect(move(5, "2027-01-10").ok).toBe(true); // plan agreed 2026-01-10 + 365 days
    expect(move(5, "2027-01-11")).toEqual({
      ok: false,
      reasons: [
        { code: "move_outside_window", earliestDate: "2026-04-16", latestDate: "2027-01-10" },
      ],
    });
    expect(move(3, "2026-02-28")).toEqual({
      ok: false,
      reasons: [
        { code: "move_outside_window", earliestDate: "2026-03-01", latestDate: "2026-04-14" },
      ],
    });
    expect(move(9, "2026-04-01")).toEqual({
      ok: false,
      reasons: [{ code: "installment_not_found", seq: 9 }],
    });
    expect(move(4, "2026-04-31")).toEqual({ ok: false, reasons: [{ code: "move_date_invalid" }] });
  });

  it("a payment keeps the total right and touches nothing but what it pays", () => {
    const planArb = offeredPlanArb
      .map((input) => buildSchedule(input))
      .filter((r): r is Extract<ScheduleResult, { ok: true }> => r.ok);
    fc.assert(
      fc.property(planArb, fc.double({ min: 0, max: 1, noNaN: true }), (plan, fraction) => {
        const before = plan.installments;
        const total = sum(before.map((i) => i.amountCents));
        const amountCents = Math.max(1, Math.round(fraction * total));
        const result = rescheduleRemaining(
          before,
          { kind: "payment", amountCents },
          { ...context, today: before[0].dueDate, planCreatedOn: before[0].dueDate },
        );
        if (!result.ok) {
          expect(["payment_below_minimum", "leftover_below_minimum"]).toContain(
            result.reasons[0].code,
          );
          return;
        }
        expect(result.remainingCents).toBe(total - amountCents);
        expect(sum(result.remaining.map((i) => i.amountCents))).toBe(total - amountCents);
        // The remaining installments are the last ones, unchanged except possibly the first.
        const tail = before.slice(before.length - result.remaining.length);
        expect(result.remaining.slice(1)).toEqual(tail.slice(1));
        if (result.remaining.length > 0) {
          expect(result.remaining[0].seq).toBe(tail[0].seq);
          expect(result.remaining[0].dueDate).toBe(tail[0].dueDate);
          expect(result.remaining[0].amountCents).toBeLessThanOrEqual(tail[0].amountCents);
          expect(result.remaining[0].amountCents).toBeGreaterThanOrEqual(50);
        }
        expect(result.changes.filter((c) => c.kind === "reduced").length).toBeLessThanOrEqual(1);
        const paid = sum(
          result.changes.map((c) =>
            c.kind === "paid" ? c.amountCents : c.kind === "reduced" ? c.fromCents - c.toCents : 0,
          ),
        );
        expect(paid).toBe(amountCents);
      }),
      { numRuns: 2000 },
    );
  });
});
