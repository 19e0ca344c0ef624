// Payments, Stripe → ledger: what a payment's outcome does to the plan and the account
// (settlement write-off, completion, retries, a broken plan, the debtor's notice). The
// statuses change through the state owner (account-state.server.ts).
import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { addDays, todayIn } from "~/lib/calendar-date";
import { schema, type Tx } from "~/utils/db.server";
import { audit } from "./audit.server";
import {
  breakPlan,
  completePlan,
  activatePlanState,
  settleAccount,
  enterPlan,
  markPaid,
  reopenAccount,
} from "./account-state.server";
import { balanceOf } from "./ledger.server";
import {
  enqueueMessage,
  queueAuthenticationRequired,
  queuePaymentFailedNotice,
} from "./outbox.server";
import { UNPAID_INSTALLMENT_STATUSES } from "./status-sets.server";
import { effectivePolicy } from "./policy.server";
import { type Metadata } from "./payments-sync.server";

/**
 * After a payment: settlement write-off, plan completion, account status. Returns the
 * balance left. `knownPlan`: the plan row already locked in this transaction, if read.
 */
export async function settleAccountAfterPayment(
  tx: Tx,
  account: typeof schema.accounts.$inferSelect,
  planId: string | null,
  now: Date,
  knownPlan?: typeof schema.plans.$inferSelect | null,
): Promise<number> {
  let plan: typeof schema.plans.$inferSelect | undefined;
  if (planId) {
    [plan] =
      knownPlan !== undefined
        ? [knownPlan ?? undefined]
        : await tx.select().from(schema.plans).where(eq(schema.plans.id, planId)).for("update");
    if (plan) {
      const open = await tx
        .select({ id: schema.installments.id })
        .from(schema.installments)
        .where(
          and(
            eq(schema.installments.planId, plan.id),
            inArray(schema.installments.status, UNPAID_INSTALLMENT_STATUSES),
          ),
        );
      if (open.length === 0 && plan.status !== "cancelled") {
        await completePlan(tx, plan, account.creditorId, { now });
        if (plan.kind === "settlement") {
          const remainder = await balanceOf(tx, account.id);
          let left = remainder;
          if (remainder > 0) {
            const written = await tx
              .insert(schema.ledgerEntries)
              .values({
                accountId: account.id,
                kind: "settlement_writeoff",
                amountCents: -remainder,
                currency: plan.currency,
                occurredAt: now,
                source: "creditor",
                sourceId: `settlement:${plan.id}`,
              })
              .onConflictDoNothing()
              .returning({ id: schema.ledgerEntries.id });
            if (written.length > 0) left = 0;
          }
          await settleAccount(tx, account);
          return left;
        }
      } else if (plan.status === "pending_payment_method" || plan.status === "broken") {
        await activatePlanState(tx, plan, account.creditorId, { now });
      }
    }
  }
  const balance = await balanceOf(tx, account.id);
  if (account.status === "on_hold") return balance; // a dispute's hold outlives a payment
  // A closed or settled account is not put back in a plan or paid by a payment (the table refuses it).
  if (balance <= 0) await markPaid(tx, account, { ifAllowed: true });
  else if (plan && plan.kind === "installments") {
    if (account.status === "paid") await reopenAccount(tx, account, "in_plan");
    else await enterPlan(tx, account, { ifAllowed: true });
  }
  return balance;
}

/** Card declined: retry after the creditor's retry days; give up on the plan after its tolerance. */
export async function nextRetry(
  tx: Tx,
  account: typeof schema.accounts.$inferSelect,
  attempts: number,
  now: Date,
): Promise<Date | null> {
  const [creditor] = await tx
    .select()
    .from(schema.creditors)
    .where(eq(schema.creditors.id, account.creditorId));
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const days = policy.retryDays[attempts - 1];
  if (days === undefined) return null;
  return new Date(`${addDays(todayIn(creditor.timezone, now), days)}T15:00:00Z`);
}

export async function breakPlanIfTooManyMisses(
  tx: Tx,
  planId: string,
  account: typeof schema.accounts.$inferSelect,
) {
  const [creditor] = await tx
    .select()
    .from(schema.creditors)
    .where(eq(schema.creditors.id, account.creditorId));
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const missed = await tx
    .select({ id: schema.installments.id })
    .from(schema.installments)
    .where(
      and(
        eq(schema.installments.planId, planId),
        eq(schema.installments.status, "failed"),
        sql`${schema.installments.nextRetryAt} is null`,
      ),
    );
  if (missed.length > policy.missedPaymentTolerance) {
    const [plan] = await tx
      .select({ id: schema.plans.id, status: schema.plans.status })
      .from(schema.plans)
      .where(eq(schema.plans.id, planId));
    if (plan && (await breakPlan(tx, plan, account.creditorId, { ifAllowed: true }))) {
      await audit(
        {
          actorType: "system",
          creditorId: account.creditorId,
          action: "plan.broken",
          targetType: "plan",
          targetId: planId,
        },
        tx,
      );
    }
  }
}

// ---------------------------------------------------------------------------
// Failed payments, refunds and disputes
// ---------------------------------------------------------------------------

/** A bank account entered by hand waits for its micro-deposits: the payment is on its way. */
export function isVerifyingBankAccount(pi: Stripe.PaymentIntent): boolean {
  return pi.status === "requires_action" && pi.next_action?.type === "verify_with_microdeposits";
}

/** An off-session charge of a scheduled payment by the worker (app/workers/charge-batch.server.ts). */
export function isScheduledCharge(meta: Metadata): boolean {
  return meta.purpose === "installment" && Boolean(meta.attempt);
}

/**
 * Tells the debtor a payment did not go through, once per intent. A bank debit that
 * failed (an ACH return days later, or an account that could not be verified) gets the
 * bank notice whatever started it (the debtor left the payment page long ago); an
 * off-session card charge of the worker gets the fix-it link or the authentication notice.
 */
export async function notifyPaymentFailed(
  tx: Tx,
  pi: Stripe.PaymentIntent,
  meta: Metadata,
  accountId: string,
) {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge ? pi.latest_charge : null;
  const bank =
    pi.last_payment_error?.payment_method?.type === "us_bank_account" ||
    charge?.payment_method_details?.type === "us_bank_account";
  if (bank) {
    await enqueueMessage(tx, {
      causeKey: `bank-returned:${pi.id}`,
      template: "bank_payment_returned",
      accountId,
      initiatedBy: "system",
    });
    return;
  }
  // The debtor on the payment page (hosted Checkout) saw it fail and was offered another
  // try there: no message. Only the worker's off-session charge of a scheduled payment,
  // made while the debtor is away, is told (its metadata names the attempt).
  if (!isScheduledCharge(meta)) return;
  if (pi.last_payment_error?.code === "authentication_required")
    await queueAuthenticationRequired(tx, { accountId, attemptKey: pi.id });
  else await queuePaymentFailedNotice(tx, { accountId, attemptKey: pi.id });
}

/** An audit event written once per Stripe object (`key` in its details), under the row lock the caller holds. */
