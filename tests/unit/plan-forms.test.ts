// The rules behind the plan forms to GOV.UK's standard (#18 items 3 and 6): nothing is
// chosen for the debtor, a payment moves within the range the server checks (and the page
// shows the same range), a pause keeps a monthly payer's day of the month, a proposal above
// the balance is refused, and one date format.
import { describe, expect, it } from "vitest";
import { proposalAboveBalance } from "~/lib/forms/plan";
import { formatDate } from "~/lib/i18n";
import { pauseSchedule } from "~/lib/pause-schedule";
import type { BuilderContext } from "~/lib/plan-builder";
import { initialValues, previewChoice, reviewQuery } from "~/lib/plan-preview";
import { DEFAULT_POLICY, planPolicySchema } from "~/lib/policy";
import { moveWindows, rescheduleRemaining } from "~/lib/reschedule";

const ctx: BuilderContext = {
  balanceCents: 60_000,
  currency: "usd",
  policy: planPolicySchema.parse(DEFAULT_POLICY),
  today: "2026-01-15",
};

describe("the choice page preselects nothing", () => {
  it("leaves the way to pay empty without a query", () => {
    expect(initialValues(ctx, new URLSearchParams()).kind).toBe("");
  });
  it("keeps a choice that came in the query, and ignores one that is not a kind", () => {
    expect(initialValues(ctx, new URLSearchParams("kind=full")).kind).toBe("full");
    expect(initialValues(ctx, new URLSearchParams("kind=everything")).kind).toBe("");
  });
  it("says 'choose one way to pay' when submitted without a choice, and goes nowhere", () => {
    const values = initialValues(ctx, new URLSearchParams("step=show"));
    const result = previewChoice(ctx, values);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([{ field: "kind", key: "plans.error.kind" }]);
    expect(reviewQuery(ctx, values)).toBeNull();
  });
  it("goes on to the review with only the fields of the chosen kind", () => {
    const values = initialValues(
      ctx,
      new URLSearchParams("kind=installments&frequency=monthly&count=3&step=review"),
    );
    expect(reviewQuery(ctx, values)).toBe(
      "kind=installments&frequency=monthly&count=3&startDate=2026-01-15",
    );
    expect(reviewQuery(ctx, { ...values, kind: "full" })).toBe("kind=full");
  });
});

describe("moving a payment: the range shown is the range checked", () => {
  const remaining = [
    { seq: 2, dueDate: "2026-02-15", amountCents: 20_000 },
    { seq: 3, dueDate: "2026-03-15", amountCents: 20_000 },
    { seq: 4, dueDate: "2026-04-15", amountCents: 20_000 },
  ];
  const context = {
    policy: ctx.policy,
    currency: "usd",
    today: "2026-01-20",
    planCreatedOn: "2025-12-15",
  };
  const latestEndDate = "2026-06-13";
  const windows = moveWindows(remaining, { today: context.today, latestEndDate });

  it("is between the neighbours, from today, up to the plan's last day", () => {
    expect(windows).toEqual([
      { seq: 2, earliestDate: "2026-01-20", latestDate: "2026-03-14" },
      { seq: 3, earliestDate: "2026-02-16", latestDate: "2026-04-14" },
      { seq: 4, earliestDate: "2026-03-16", latestDate: latestEndDate },
    ]);
  });
  it("accepts each end of the range and refuses a day beyond it, with the same range", () => {
    const policy = { ...ctx.policy, maxPlanDays: 180 };
    const withPolicy = { ...context, policy };
    for (const w of windows) {
      for (const day of [w.earliestDate, w.latestDate]) {
        const moved = rescheduleRemaining(
          remaining,
          { kind: "move", seq: w.seq, newDueDate: day },
          withPolicy,
        );
        expect(moved.ok, `${w.seq} to ${day}`).toBe(true);
      }
      const beyond = rescheduleRemaining(
        remaining,
        { kind: "move", seq: w.seq, newDueDate: "2026-12-31" },
        withPolicy,
      );
      expect(!beyond.ok && beyond.reasons[0]).toEqual({
        code: "move_outside_window",
        earliestDate: w.earliestDate,
        latestDate: w.latestDate,
      });
    }
  });
  it("leaves out a payment that cannot move (its neighbours are a day either side)", () => {
    const tight = [
      { seq: 1, dueDate: "2026-02-01", amountCents: 100 },
      { seq: 2, dueDate: "2026-02-02", amountCents: 100 },
      { seq: 3, dueDate: "2026-02-03", amountCents: 100 },
    ];
    expect(moveWindows(tight, { today: "2026-01-20", latestEndDate }).map((w) => w.seq)).toEqual([
      1, 3,
    ]);
  });
});

describe("a pause keeps the plan's day", () => {
  const monthly = [
    { seq: 3, dueDate: "2026-02-15" },
    { seq: 4, dueDate: "2026-03-15" },
    { seq: 5, dueDate: "2026-04-15" },
  ];
  it("resumes a monthly plan on its day of the month, not on the pause's last day", () => {
    const result = pauseSchedule({
      open: monthly,
      resumeOn: "2026-03-03",
      frequency: "monthly",
      startDate: "2025-12-15",
    });
    expect(result.moves.map((m) => m.to)).toEqual(["2026-03-15", "2026-04-15", "2026-05-15"]);
    expect(result.firstDate).toBe("2026-03-15");
  });
  it("moves by two months when the pause passes the next month's day", () => {
    const result = pauseSchedule({
      open: monthly,
      resumeOn: "2026-03-20",
      frequency: "monthly",
      startDate: "2025-12-15",
    });
    expect(result.firstDate).toBe("2026-04-15");
  });
  it("keeps a plan on the 31st on the last day of shorter months", () => {
    const result = pauseSchedule({
      open: [
        { seq: 2, dueDate: "2026-02-28" },
        { seq: 3, dueDate: "2026-03-31" },
      ],
      resumeOn: "2026-03-10",
      frequency: "monthly",
      startDate: "2026-01-31",
    });
    expect(result.moves.map((m) => m.to)).toEqual(["2026-03-31", "2026-04-30"]);
  });
  it("keeps a weekly plan on its weekday", () => {
    const result = pauseSchedule({
      open: [
        { seq: 1, dueDate: "2026-02-02" },
        { seq: 2, dueDate: "2026-02-09" },
      ],
      resumeOn: "2026-02-12",
      frequency: "weekly",
      startDate: "2026-02-02",
    });
    expect(result.moves.map((m) => m.to)).toEqual(["2026-02-16", "2026-02-23"]);
  });
  it("changes nothing when no payment falls before the end of the pause", () => {
    const result = pauseSchedule({
      open: monthly,
      resumeOn: "2026-02-10",
      frequency: "monthly",
      startDate: "2025-12-15",
    });
    expect(result.moves.every((m) => m.from === m.to)).toBe(true);
  });
});

describe("a hardship proposal", () => {
  it("above the balance is refused, saying the balance", () => {
    expect(proposalAboveBalance(60_001, 60_000)).toEqual({
      field: "amount",
      key: "plans.error.proposalAboveBalance",
      vars: { balance: { money: 60_000 } },
    });
  });
  it("up to the balance is for the creditor to decide", () => {
    expect(proposalAboveBalance(60_000, 60_000)).toBeNull();
  });
});

describe("one date format", () => {
  it("is the long one, in both languages", () => {
    expect(formatDate("2027-05-12", "en")).toBe("May 12, 2027");
    expect(formatDate("2027-05-12", "es")).toBe("12 de mayo de 2027");
  });
});
