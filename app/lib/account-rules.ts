// What may happen to an account in each status. The worker, the outbox and the pages ask
// these functions, so a disputed account cannot be charged or chased by mistake.
export type AccountStatus = "open" | "in_plan" | "on_hold" | "paid" | "settled" | "closed";

const OWES: ReadonlySet<AccountStatus> = new Set(["open", "in_plan", "on_hold"]);

/** Scheduled charges run only for an account in a plan (never on hold or closed). */
export function allowsScheduledCharges(status: AccountStatus): boolean {
  return status === "in_plan";
}

/** Reminders and collection messages: never while a dispute is open. */
export function allowsCollectionMessages(status: AccountStatus): boolean {
  return status === "open" || status === "in_plan";
}

/** Payment options are offered (never pushed) while something is owed, even on hold. */
export function offersPayment(status: AccountStatus, balanceCents: number): boolean {
  return OWES.has(status) && balanceCents > 0;
}

export function isOnHold(status: AccountStatus): boolean {
  return status === "on_hold";
}
