// The life of an account and of its plan, as two transition tables: each named change,
// the statuses it may start from and where it may go. Pure: the one writer of both
// statuses (app/models/account-state.server.ts) asks `checkTransition` before it writes,
// and the status sets the queries use are derived from the same rules
// (docs/decisions/0013-one-writer-for-account-and-plan-state.md).
import type { AccountStatus } from "./account-rules";

export type { AccountStatus };
export type PlanStatus =
  "pending_payment_method" | "active" | "paused" | "completed" | "broken" | "cancelled";

type Rule<S extends string> = { from: readonly S[]; to: readonly S[] };

/** Account: open → in plan → paid; on hold and back; settled. */
export const ACCOUNT_TRANSITIONS = {
  /** A plan with a payment method governs the account (or a payment left it owing in a plan). */
  enterPlan: { from: ["open", "paid"], to: ["in_plan"] },
  /** The plan was cancelled: still owed, no plan. */
  leavePlan: { from: ["in_plan"], to: ["open"] },
  /** Nothing is owed any more (a settled account that is paid again counts as paid). */
  markPaid: { from: ["open", "in_plan", "settled"], to: ["paid"] },
  /** A paid account owes again (a refund, a lost bank dispute). */
  reopen: { from: ["paid"], to: ["open", "in_plan"] },
  /** The settlement amount was paid: the rest is written off (a dispute's hold ends with it). */
  settle: { from: ["open", "in_plan", "on_hold", "paid"], to: ["settled"] },
  /** A dispute holds the account: no charges, no collection messages. */
  putOnHold: { from: ["open", "in_plan", "paid", "settled", "closed"], to: ["on_hold"] },
  /** The hold ends: the status comes back from the ledger and the plan. */
  releaseHold: {
    from: ["on_hold", "settled"],
    to: ["open", "in_plan", "paid", "settled", "closed"],
  },
} as const satisfies Record<string, Rule<AccountStatus>>;

/** Plan: pending payment method → active → completed; paused and resumed; broken; cancelled. */
export const PLAN_TRANSITIONS = {
  /** A payment method is saved (or a payment brings a broken plan back). */
  activatePlan: { from: ["pending_payment_method", "broken"], to: ["active"] },
  /** Nothing is left to pay. */
  completePlan: {
    from: ["pending_payment_method", "active", "paused", "broken"],
    to: ["completed"],
  },
  /** Too many missed payments. */
  breakPlan: { from: ["active"], to: ["broken"] },
  /** A hardship pause, a bank dispute, or a schedule waiting for the debtor's choice. */
  pausePlan: { from: ["active"], to: ["paused"] },
  /** Payments resume. */
  resumePlan: { from: ["paused"], to: ["active"] },
  /** The debtor cancels: no more charges. */
  cancelPlan: { from: ["pending_payment_method", "active", "paused"], to: ["cancelled"] },
} as const satisfies Record<string, Rule<PlanStatus>>;

export type AccountTransition = keyof typeof ACCOUNT_TRANSITIONS;
export type PlanTransition = keyof typeof PLAN_TRANSITIONS;

/**
 * `change`: write it; `same`: already there (nothing to write, no audit event);
 * `refused`: this change may not start from here (a bug, or a guard the caller asked for).
 */
export type TransitionCheck = "change" | "same" | "refused";

function check<S extends string>(rule: Rule<S>, from: S, to: S): TransitionCheck {
  if (!rule.to.includes(to)) return "refused";
  if (from === to) return "same";
  return rule.from.includes(from) ? "change" : "refused";
}

export function checkAccountTransition(
  name: AccountTransition,
  from: AccountStatus,
  to: AccountStatus,
): TransitionCheck {
  return check<AccountStatus>(ACCOUNT_TRANSITIONS[name], from, to);
}

export function checkPlanTransition(
  name: PlanTransition,
  from: PlanStatus,
  to: PlanStatus,
): TransitionCheck {
  return check<PlanStatus>(PLAN_TRANSITIONS[name], from, to);
}

// --- status sets: each a rule over one status, so the lists are derived, never typed twice ---

/** A plan that still governs the account (the partial unique index allows one). */
export function isLivePlan(status: PlanStatus): boolean {
  return status === "pending_payment_method" || status === "active" || status === "paused";
}

/** A plan with a payment method that still runs (the account is `in_plan`). */
export function hasPaymentMethodPlan(status: PlanStatus): boolean {
  return status === "active" || status === "paused";
}

/** The checkout for a plan: a live plan, or a broken one a payment may bring back. */
export function acceptsPlanCheckout(status: PlanStatus): boolean {
  return isLivePlan(status) || status === "broken";
}

/** Plans the creditor's dashboard counts: running, done, or broken. */
export function countsOnDashboard(status: PlanStatus): boolean {
  return status === "active" || status === "completed" || status === "broken";
}

/** Scheduled charges run for installments of an active plan only. */
export function chargesPlan(status: PlanStatus): boolean {
  return status === "active";
}

export type InstallmentStatus =
  "scheduled" | "processing" | "paid" | "failed" | "skipped" | "charging" | "needs_attention";

/**
 * Still owed and not being charged right now (`needs_attention`: Stripe refused its charge
 * request as our defect; it waits for a retry after the fix).
 */
export function isOpenInstallment(status: InstallmentStatus): boolean {
  return status === "scheduled" || status === "failed" || status === "needs_attention";
}

/** Being charged: the worker has an attempt open (`charging`) or a bank debit is settling. */
export function isInProgressInstallment(status: InstallmentStatus): boolean {
  return status === "charging" || status === "processing";
}

/** The worker may claim it (the `installments_claim` index covers exactly these). */
export function isClaimableInstallment(status: InstallmentStatus): boolean {
  return status === "scheduled" || status === "failed";
}

/** Something is owed (payment options are offered even on hold). */
export function owes(status: AccountStatus): boolean {
  return status === "open" || status === "in_plan" || status === "on_hold";
}

/** Nothing more is owed or collected. */
export function isResolvedAccount(status: AccountStatus): boolean {
  return !owes(status);
}
