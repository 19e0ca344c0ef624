// The confirmation of each money decision, queued in the transaction that makes it
// (docs/decisions/0022-every-money-decision-confirmed.md). The outcomes a status tells
// (a plan set up or cancelled, an account paid in full or settled) are confirmed by the
// one writer of the statuses (account-state.server.ts), whichever page or process changed
// it; the decisions that change no status (a moved payment, a new card, a pause the
// debtor chose) by the function that makes them. Every message goes through
// queueConfirmation: each channel the debtor keeps open, in their language, with a link.
import { eq } from "drizzle-orm";
import type { AccountTransition, PlanStatus, PlanTransition } from "~/lib/account-state";
import { schema, type Db, type Tx } from "~/utils/db.server";
import { queueConfirmation } from "./outbox.server";

type Conn = Db | Tx;

/** After an account's status changed (`eventId`: the audit event of that change). */
export async function confirmAccountChange(
  conn: Conn,
  name: AccountTransition,
  accountId: string,
  eventId: number,
) {
  if (name === "markPaid")
    await queueConfirmation(conn, {
      causeKey: `paid-in-full:${eventId}`,
      template: "account_paid",
      accountId,
    });
  else if (name === "settle")
    await queueConfirmation(conn, {
      causeKey: `settled:${eventId}`,
      template: "account_settled",
      accountId,
    });
}

/** After a plan's status changed from `from`. */
export async function confirmPlanChange(
  conn: Conn,
  name: PlanTransition,
  planId: string,
  from: PlanStatus,
  now: Date,
) {
  // Set up: the Stripe step saved the payment method, or the first payment was made (a
  // broken plan a payment brings back is confirmed by that payment's receipt).
  const setUp = name === "activatePlan" && from === "pending_payment_method";
  if (!setUp && name !== "cancelPlan") return;
  const [plan] = await conn
    .select({ accountId: schema.plans.accountId, kind: schema.plans.kind })
    .from(schema.plans)
    .where(eq(schema.plans.id, planId));
  if (!plan) return;
  if (setUp)
    await queueConfirmation(conn, {
      causeKey: `plan-confirmation:${planId}`,
      template: plan.kind === "settlement" ? "settlement_accepted" : "plan_confirmation",
      accountId: plan.accountId,
      now,
    });
  else
    await queueConfirmation(conn, {
      causeKey: `plan-cancelled:${planId}`,
      template: "plan_cancelled",
      accountId: plan.accountId,
      now,
    });
}

/** The debtor moved a payment (`eventId`: the audit event of the move). */
export const confirmPlanChanged = (
  conn: Conn,
  input: { accountId: string; eventId: number; now?: Date },
) =>
  queueConfirmation(conn, {
    causeKey: `plan-changed:${input.eventId}`,
    template: "plan_changed",
    accountId: input.accountId,
    now: input.now,
  });

/** The debtor paused their payments (`requestId`: the accepted hardship request). */
export const confirmPlanPaused = (
  conn: Conn,
  input: { accountId: string; requestId: string; now?: Date },
) =>
  queueConfirmation(conn, {
    causeKey: `plan-paused:${input.requestId}`,
    template: "plan_paused",
    accountId: input.accountId,
    now: input.now,
  });
