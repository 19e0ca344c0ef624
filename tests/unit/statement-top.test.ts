// The statement's first card: one state per account situation, and the actions it offers.
import { describe, expect, it } from "vitest";
import { offersDispute, topCard, type TopFacts } from "../../app/lib/statement-top";

const open: TopFacts = {
  accountStatus: "open",
  balanceCents: 8450,
  plan: null,
  settlement: null,
  payInFull: true,
  disputeOpen: false,
};
const plan = (status: NonNullable<TopFacts["plan"]>["status"], extra = {}) => ({
  ...open,
  accountStatus: "in_plan" as const,
  plan: { status, nextDueDate: "2026-12-20", nextAmountCents: 20000, pauseUntil: null, ...extra },
});

describe("the statement's first card", () => {
  it("offers an open account the full payment, the settlement and a plan", () => {
    expect(topCard(open)).toEqual({ state: "open", full: true, settlement: null, plan: true });
    const offer = { amountCents: 6000, expiresOn: "2026-12-31" };
    expect(topCard({ ...open, settlement: offer })).toMatchObject({ settlement: offer });
    expect(topCard({ ...open, payInFull: false })).toMatchObject({ state: "open", full: false });
  });

  it("never asks a paid, settled or closed account to choose how to pay", () => {
    expect(topCard({ ...open, accountStatus: "paid", balanceCents: 0 }).state).toBe("paid");
    expect(topCard({ ...open, accountStatus: "settled", balanceCents: 0 }).state).toBe("settled");
    expect(topCard({ ...open, accountStatus: "closed" }).state).toBe("closed");
    // Owed on paper but nothing left: nothing to pay.
    expect(topCard({ ...open, balanceCents: 0 }).state).toBe("paid");
  });

  it("shows a plan's next payment, its pause, its wait for a card and its break", () => {
    expect(topCard(plan("active"))).toEqual({
      state: "in_plan",
      next: { date: "2026-12-20", amountCents: 20000 },
    });
    expect(topCard(plan("active", { nextDueDate: null, nextAmountCents: null }))).toEqual({
      state: "in_plan",
      next: null,
    });
    expect(topCard(plan("paused", { pauseUntil: "2027-01-15" }))).toEqual({
      state: "plan_paused",
      until: "2027-01-15",
    });
    expect(topCard(plan("pending_payment_method")).state).toBe("plan_waiting");
    expect(topCard(plan("broken")).state).toBe("plan_broken");
  });

  it("puts a hold first, whatever the plan", () => {
    expect(topCard({ ...plan("active"), accountStatus: "on_hold", disputeOpen: true }).state).toBe(
      "on_hold",
    );
  });

  it("offers a dispute while something is owed and none is open", () => {
    expect(offersDispute(open)).toBe(true);
    expect(offersDispute({ accountStatus: "in_plan", disputeOpen: false })).toBe(true);
    expect(offersDispute({ accountStatus: "on_hold", disputeOpen: true })).toBe(false);
    expect(offersDispute({ accountStatus: "open", disputeOpen: true })).toBe(false);
    expect(offersDispute({ accountStatus: "paid", disputeOpen: false })).toBe(false);
  });
});
