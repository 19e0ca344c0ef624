// Plans and installments, by what they do (each module under 300 lines):
// - plans-authorize.server.ts: the plan builder, review and authorization (a new plan)
// - plans-changes.server.ts: the debtor's changes (move a payment, cancel)
// - plans-lifecycle.server.ts: activation, payments outside the schedule, pauses that end
// - plans-read.server.ts: the plan page, the statement's summary, the creditor's list
// - plans-common.server.ts: what they share
// Statuses change only through app/models/account-state.server.ts (docs/decisions/0013).
export type { InstallmentRow, PlanRow, PlanStatus } from "./plans-common.server";
export * from "./plans-authorize.server";
export * from "./plans-changes.server";
export * from "./plans-lifecycle.server";
export * from "./plans-read.server";
export {
  ENDED_PLAN_STATUSES,
  IN_PROGRESS_INSTALLMENT_STATUSES,
  LIVE_PLAN_STATUSES,
  OPEN_INSTALLMENT_STATUSES,
} from "./status-sets.server";
