// What the statement shows first, by the account's state: the one card above the
// itemization that says where the account stands and offers the actions that fit it
// (product.md: the first screen shows the balance, the next date and amount, and the way
// to pay). Pure: app/models/statement.server.ts gives it the facts, the page renders it.
import type { AccountStatus } from "./account-rules";
import type { PlanStatus } from "./account-state";

export type TopFacts = {
  accountStatus: AccountStatus;
  balanceCents: number;
  /** The live plan, or the last plan if it broke and nothing replaced it. */
  plan: {
    status: PlanStatus;
    nextDueDate: string | null;
    nextAmountCents: number | null;
    pauseUntil: string | null;
  } | null;
  /** The settlement the policy offers today, if any. */
  settlement: { amountCents: number; expiresOn: string } | null;
  /** The policy lets the debtor pay the whole balance at once. */
  payInFull: boolean;
  /** A dispute is open (its hold may cover the account). */
  disputeOpen: boolean;
};

export type TopCard =
  | {
      state: "open";
      /** Pay the balance now (absent when the policy does not offer it). */
      full: boolean;
      settlement: { amountCents: number; expiresOn: string } | null;
      /** Set up a plan. */
      plan: true;
    }
  | { state: "in_plan"; next: { date: string; amountCents: number } | null }
  | { state: "plan_waiting" }
  | { state: "plan_paused"; until: string | null }
  | { state: "plan_broken" }
  | { state: "on_hold" }
  | { state: "paid" }
  | { state: "settled" }
  | { state: "closed" };

export function topCard(f: TopFacts): TopCard {
  switch (f.accountStatus) {
    case "paid":
      return { state: "paid" };
    case "settled":
      return { state: "settled" };
    case "closed":
      return { state: "closed" };
    case "on_hold":
      return { state: "on_hold" };
  }
  // Owed (open or in a plan), though a balance of nothing means nothing is left to pay.
  if (f.balanceCents <= 0) return { state: "paid" };
  switch (f.plan?.status) {
    case "active":
      return {
        state: "in_plan",
        next:
          f.plan.nextDueDate && f.plan.nextAmountCents
            ? { date: f.plan.nextDueDate, amountCents: f.plan.nextAmountCents }
            : null,
      };
    case "paused":
      return { state: "plan_paused", until: f.plan.pauseUntil };
    case "pending_payment_method":
      return { state: "plan_waiting" };
    case "broken":
      return { state: "plan_broken" };
  }
  return { state: "open", full: f.payInFull, settlement: f.settlement, plan: true };
}

/** Dispute link on the card: whenever something is owed and no dispute is open. */
export function offersDispute(f: Pick<TopFacts, "accountStatus" | "disputeOpen">): boolean {
  return !f.disputeOpen && (f.accountStatus === "open" || f.accountStatus === "in_plan");
}
