// The one writer of the account status and the plan status
// (docs/decisions/0013-one-writer-for-account-and-plan-state.md). Each change is a named
// transition of app/lib/account-state.ts, checked before it is written, and written with
// its audit event in the caller's transaction (every function takes it), so callers keep
// their locks and their atomicity. tests/unit/state-owner-rule.test.ts fails when any
// other module writes either column. A change the debtor must hear of (a plan set up or
// cancelled, an account paid in full or settled) queues its confirmation in the same
// transaction (confirmations.server.ts, docs/decisions/0022-every-money-decision-confirmed.md).
import { eq, sql } from "drizzle-orm";
import {
  checkAccountTransition,
  checkPlanTransition,
  type AccountStatus,
  type AccountTransition,
  type PlanStatus,
  type PlanTransition,
} from "~/lib/account-state";
import { schema, type Db, type Tx } from "~/utils/db.server";
import { audit, type AuditInput } from "./audit.server";
import { confirmAccountChange, confirmPlanChange } from "./confirmations.server";

type Conn = Db | Tx;
export type AccountRef = { id: string; status: AccountStatus; creditorId: string | null };
export type PlanRef = { id: string; status: PlanStatus };
/** Who made the change (the system unless told). */
export type Actor = Pick<AuditInput, "actorType" | "actorId" | "ip">;
const SYSTEM: Actor = { actorType: "system" };

export class StateTransitionError extends Error {
  constructor(kind: "account" | "plan", name: string, from: string, to: string) {
    super(`${kind} transition ${name} may not go from ${from} to ${to}`);
    this.name = "StateTransitionError";
  }
}

/**
 * `ifAllowed`: a guard (e.g. "break it only while active"): a refused change writes nothing
 * instead of throwing. `history`: the demo's seed, writing a past, not a decision: no
 * confirmation is queued.
 */
type Options = { actor?: Actor; ifAllowed?: boolean; history?: boolean };

async function moveAccount(
  conn: Conn,
  name: AccountTransition,
  account: AccountRef,
  to: AccountStatus,
  options: Options = {},
): Promise<boolean> {
  const verdict = checkAccountTransition(name, account.status, to);
  if (verdict === "same") return false;
  if (verdict === "refused") {
    if (options.ifAllowed) return false;
    throw new StateTransitionError("account", name, account.status, to);
  }
  await conn.update(schema.accounts).set({ status: to }).where(eq(schema.accounts.id, account.id));
  const actor = options.actor ?? SYSTEM;
  const eventId = await audit(
    {
      ...actor,
      creditorId: account.creditorId,
      action: "account.status_changed",
      targetType: "account",
      targetId: account.id,
      details: { transition: name, from: account.status, to },
    },
    conn,
  );
  if (!options.history) await confirmAccountChange(conn, name, account.id, eventId);
  return true;
}

/** Columns written with a plan's status change (never its status). */
type PlanColumns = Partial<
  Pick<
    typeof schema.plans.$inferInsert,
    "pauseUntil" | "cancelledAt" | "stripeCustomerId" | "stripePaymentMethodId"
  >
>;

async function movePlan(
  conn: Conn,
  name: PlanTransition,
  plan: PlanRef,
  to: PlanStatus,
  creditorId: string | null,
  options: Options & { also?: PlanColumns; now?: Date } = {},
): Promise<boolean> {
  const verdict = checkPlanTransition(name, plan.status, to);
  if (verdict === "refused") {
    if (options.ifAllowed) return false;
    throw new StateTransitionError("plan", name, plan.status, to);
  }
  const now = options.now ?? new Date();
  const changed = verdict === "change";
  if (!changed && !options.also) return false;
  await conn
    .update(schema.plans)
    .set({ ...options.also, ...(changed ? { status: to } : {}), updatedAt: now })
    .where(eq(schema.plans.id, plan.id));
  if (!changed) return false;
  const actor = options.actor ?? SYSTEM;
  await audit(
    {
      ...actor,
      creditorId,
      action: "plan.status_changed",
      targetType: "plan",
      targetId: plan.id,
      details: { transition: name, from: plan.status, to },
    },
    conn,
  );
  if (!options.history) await confirmPlanChange(conn, name, plan.id, plan.status, now);
  return true;
}

// --- accounts ---

/** A new account (the demo's seed): `open`. Returns the row. */
export async function openAccount(
  conn: Conn,
  values: Omit<typeof schema.accounts.$inferInsert, "status">,
) {
  const [row] = await conn
    .insert(schema.accounts)
    .values({ ...values, status: "open" })
    .returning();
  return row;
}

/**
 * The accounts of a finished import, from its staged rows: each `open`, or `paid` when the
 * imported amounts leave nothing owed. The import's own audit event (`accounts.imported`)
 * records them, in the same transaction.
 */
export async function openImportedAccounts(
  tx: Tx,
  input: { importId: string; creditorId: string; currency: string },
) {
  await tx.execute(sql`
      insert into accounts (id, creditor_id, debtor_id, reference, reference_last4_hash, original_creditor, itemization_date,
        itemization_kind, notice_sent_on, currency, status)
      select account_id, ${input.creditorId}::uuid, debtor_id, reference, reference_last4_hash, original_creditor, itemization_date,
        itemization_kind, notice_sent_on, ${input.currency},
        case when itemized_cents + interest_cents + fees_cents - payments_cents - credits_cents = 0 then 'paid' else 'open' end
      from account_import_rows where import_id = ${input.importId}::uuid order by row_number`);
}

export const enterPlan = (conn: Conn, account: AccountRef, options?: Options) =>
  moveAccount(conn, "enterPlan", account, "in_plan", options);
export const leavePlan = (conn: Conn, account: AccountRef, options?: Options) =>
  moveAccount(conn, "leavePlan", account, "open", options);
export const markPaid = (conn: Conn, account: AccountRef, options?: Options) =>
  moveAccount(conn, "markPaid", account, "paid", options);
export const reopenAccount = (
  conn: Conn,
  account: AccountRef,
  to: "open" | "in_plan",
  options?: Options,
) => moveAccount(conn, "reopen", account, to, options);
export const settleAccount = (conn: Conn, account: AccountRef, options?: Options) =>
  moveAccount(conn, "settle", account, "settled", options);
export const putOnHold = (conn: Conn, account: AccountRef, options?: Options) =>
  moveAccount(conn, "putOnHold", account, "on_hold", options);
export const releaseHold = (
  conn: Conn,
  account: AccountRef,
  to: AccountStatus,
  options?: Options,
) => moveAccount(conn, "releaseHold", account, to, options);

/**
 * After money moved (a payment, a refund, a bank dispute): the status the balance says,
 * for an account that is not on hold: nothing owed → paid; owed again after being paid →
 * in a plan when one with a payment method runs (`inPlan`), else open. A closed account
 * stays closed (markPaid does not start from it).
 */
export async function followBalance(
  conn: Conn,
  account: AccountRef,
  balanceCents: number,
  inPlan: boolean,
  options?: Options,
) {
  if (balanceCents <= 0) return markPaid(conn, account, { ...options, ifAllowed: true });
  if (account.status === "paid")
    return reopenAccount(conn, account, inPlan ? "in_plan" : "open", options);
  return false;
}

// --- plans ---

/** A new plan, waiting for its payment method: `pending_payment_method`. Returns the row. */
export async function proposePlan(
  conn: Conn,
  values: Omit<typeof schema.plans.$inferInsert, "status">,
) {
  const [row] = await conn
    .insert(schema.plans)
    .values({ ...values, status: "pending_payment_method" })
    .returning();
  return row;
}

type PlanOptions = Options & { now?: Date };

export const activatePlanState = (
  conn: Conn,
  plan: PlanRef,
  creditorId: string | null,
  options: PlanOptions & { also?: PlanColumns } = {},
) => movePlan(conn, "activatePlan", plan, "active", creditorId, options);
export const completePlan = (
  conn: Conn,
  plan: PlanRef,
  creditorId: string | null,
  options: PlanOptions = {},
) => movePlan(conn, "completePlan", plan, "completed", creditorId, options);
export const breakPlan = (
  conn: Conn,
  plan: PlanRef,
  creditorId: string | null,
  options: PlanOptions = {},
) => movePlan(conn, "breakPlan", plan, "broken", creditorId, options);
/** `pauseUntil`: the day payments resume (a hardship pause), or null: until someone decides. */
export const pausePlan = (
  conn: Conn,
  plan: PlanRef,
  creditorId: string,
  pauseUntil: string | null,
  options: PlanOptions = {},
) => movePlan(conn, "pausePlan", plan, "paused", creditorId, { ...options, also: { pauseUntil } });
export const resumePlan = (
  conn: Conn,
  plan: PlanRef,
  creditorId: string | null,
  options: PlanOptions = {},
) =>
  movePlan(conn, "resumePlan", plan, "active", creditorId, {
    ...options,
    also: { pauseUntil: null },
  });
export const cancelPlanState = (
  conn: Conn,
  plan: PlanRef,
  creditorId: string | null,
  options: PlanOptions = {},
) =>
  movePlan(conn, "cancelPlan", plan, "cancelled", creditorId, {
    ...options,
    also: { cancelledAt: options.now ?? new Date() },
  });
