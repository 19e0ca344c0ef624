// Payments, Stripe → ledger: money that goes back (refunds, bank disputes), each posted
// once per Stripe object, and the account's status following the balance.
import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { db, schema, type Tx } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";
import { audit } from "./audit.server";
import { followBalance, pausePlan } from "./account-state.server";
import { balanceOf } from "./ledger.server";
import { PAYMENT_METHOD_PLAN_STATUSES } from "./status-sets.server";

async function auditOnce(
  tx: Tx,
  input: Parameters<typeof audit>[0] & {
    details: { stripeObject: string } & Record<string, string | number | boolean | null>;
  },
) {
  const [seen] = await tx
    .select({ id: schema.auditEvents.id })
    .from(schema.auditEvents)
    .where(
      and(
        eq(schema.auditEvents.action, input.action),
        sql`${schema.auditEvents.details}->>'stripeObject' = ${input.details.stripeObject}`,
      ),
    )
    .limit(1);
  if (seen) return false;
  await audit(input, tx);
  return true;
}

/**
 * A charge's refunds, as Stripe has them now. A succeeded refund reverses its amount (once);
 * one that failed later (a bank refund to a closed account) undoes that reversal (once),
 * so the money counts as the creditor's again, and the creditor is told: the debtor did
 * not get it back and needs it some other way.
 */
export async function syncCharge(chargeId: string) {
  const charge = await stripe().charges.retrieve(chargeId);
  const piId =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return;
  const refunds = await stripe().refunds.list({ charge: chargeId, limit: 100 });
  await db().transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.stripePaymentIntentId, piId))
      .for("update");
    if (!payment) return;
    const [account] = await tx
      .select({ creditorId: schema.accounts.creditorId })
      .from(schema.accounts)
      .where(eq(schema.accounts.id, payment.accountId));
    let refunded = 0;
    let changed = false;
    for (const refund of refunds.data) {
      if (refund.status === "succeeded") {
        refunded += refund.amount;
        const posted = await tx
          .insert(schema.ledgerEntries)
          .values({
            accountId: payment.accountId,
            kind: "payment_reversal",
            amountCents: refund.amount,
            currency: refund.currency,
            occurredAt: new Date(refund.created * 1000),
            source: "stripe_refund",
            sourceId: refund.id,
          })
          .onConflictDoNothing()
          .returning({ id: schema.ledgerEntries.id });
        changed ||= posted.length > 0;
        continue;
      }
      if (refund.status !== "failed" && refund.status !== "canceled") continue;
      const [reversal] = await tx
        .select({ id: schema.ledgerEntries.id })
        .from(schema.ledgerEntries)
        .where(
          and(
            eq(schema.ledgerEntries.source, "stripe_refund"),
            eq(schema.ledgerEntries.sourceId, refund.id),
            eq(schema.ledgerEntries.kind, "payment_reversal"),
          ),
        );
      if (reversal) {
        const undone = await tx
          .insert(schema.ledgerEntries)
          .values({
            accountId: payment.accountId,
            kind: "payment",
            amountCents: -refund.amount,
            currency: refund.currency,
            occurredAt: new Date(),
            source: "stripe_refund",
            sourceId: refund.id,
            memo: `refund ${refund.status}: ${refund.failure_reason ?? "unknown"}`,
          })
          .onConflictDoNothing()
          .returning({ id: schema.ledgerEntries.id });
        changed ||= undone.length > 0;
      }
      const told = await auditOnce(tx, {
        actorType: "system",
        creditorId: account?.creditorId ?? null,
        action: "refund.failed",
        targetType: "account",
        targetId: payment.accountId,
        details: {
          stripeObject: refund.id,
          amountCents: refund.amount,
          currency: refund.currency,
          reason: refund.failure_reason ?? "unknown",
        },
      });
      if (told)
        log("warn", "refund failed: the debtor did not get the money back", {
          accountId: payment.accountId,
          refundId: refund.id,
          reason: refund.failure_reason ?? "unknown",
        });
    }
    const status =
      refunded >= payment.amountCents
        ? "refunded"
        : payment.status === "refunded"
          ? "succeeded"
          : payment.status;
    if (refunded !== payment.refundedCents || status !== payment.status) {
      await tx
        .update(schema.payments)
        .set({ refundedCents: refunded, status })
        .where(eq(schema.payments.id, payment.id));
      changed = true;
    }
    if (changed) await refreshAccountStatus(tx, payment.accountId);
  });
}

/**
 * A dispute, as Stripe has it now. An inquiry (`warning_*`) moves no money: the ledger is
 * left alone and the creditor is told. A chargeback's money moves are read from its
 * balance transactions, whatever order the events came in: the withdrawal reverses the
 * payment (once), a reinstatement (won) re-posts it (once).
 */
export async function syncDispute(disputeId: string) {
  const dispute = await stripe().disputes.retrieve(disputeId);
  const chargeId = typeof dispute.charge === "string" ? dispute.charge : dispute.charge.id;
  const charge = await stripe().charges.retrieve(chargeId);
  const piId =
    typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return;
  const inquiry = dispute.status.startsWith("warning_");
  const moves = (dispute.balance_transactions ?? []).filter(
    (t) => typeof t === "object" && t !== null,
  ) as Stripe.BalanceTransaction[];
  const withdrawal = moves.find((t) => t.amount < 0);
  const reinstatement = moves.find((t) => t.amount > 0);
  // Older records without balance transactions: a chargeback took the money, a won one gave it back.
  const withdrawn = Boolean(withdrawal) || (!inquiry && moves.length === 0);
  const reinstated = Boolean(reinstatement) || dispute.status === "won";
  await db().transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.stripePaymentIntentId, piId))
      .for("update");
    if (!payment) return;
    const [account] = await tx
      .select({ creditorId: schema.accounts.creditorId })
      .from(schema.accounts)
      .where(eq(schema.accounts.id, payment.accountId));
    const creditorId = account?.creditorId ?? null;
    if (inquiry && !withdrawn) {
      await auditOnce(tx, {
        actorType: "system",
        creditorId,
        action: "payment.inquiry",
        targetType: "account",
        targetId: payment.accountId,
        details: { stripeObject: dispute.id, status: dispute.status },
      });
      return;
    }
    if (withdrawn) {
      const reversed = await tx
        .insert(schema.ledgerEntries)
        .values({
          accountId: payment.accountId,
          kind: "payment_reversal",
          amountCents: dispute.amount,
          currency: dispute.currency,
          occurredAt: new Date((withdrawal?.created ?? dispute.created) * 1000),
          source: "stripe_dispute",
          sourceId: dispute.id,
        })
        .onConflictDoNothing()
        .returning({ id: schema.ledgerEntries.id });
      if (reversed.length > 0)
        await audit(
          {
            actorType: "system",
            creditorId,
            action: "payment.dispute_funds_withdrawn",
            targetType: "account",
            targetId: payment.accountId,
            details: { amountCents: dispute.amount },
          },
          tx,
        );
    }
    if (reinstated) {
      const reposted = await tx
        .insert(schema.ledgerEntries)
        .values({
          accountId: payment.accountId,
          kind: "payment",
          amountCents: -dispute.amount,
          currency: dispute.currency,
          occurredAt: reinstatement ? new Date(reinstatement.created * 1000) : new Date(),
          source: "stripe_dispute",
          sourceId: dispute.id,
        })
        .onConflictDoNothing()
        .returning({ id: schema.ledgerEntries.id });
      if (reposted.length > 0)
        await audit(
          {
            actorType: "system",
            creditorId,
            action: "payment.dispute_funds_reinstated",
            targetType: "account",
            targetId: payment.accountId,
            details: { amountCents: dispute.amount },
          },
          tx,
        );
      await tx
        .update(schema.payments)
        .set({ status: "succeeded" })
        .where(eq(schema.payments.id, payment.id));
    } else if (withdrawn) {
      await tx
        .update(schema.payments)
        .set({ status: "disputed" })
        .where(eq(schema.payments.id, payment.id));
      if (payment.planId) {
        // Only a running plan pauses (a hardship pause keeps its end date).
        const [plan] = await tx
          .select({
            id: schema.plans.id,
            status: schema.plans.status,
            pauseUntil: schema.plans.pauseUntil,
          })
          .from(schema.plans)
          .where(eq(schema.plans.id, payment.planId));
        if (plan?.status === "active") await pausePlan(tx, plan, creditorId, plan.pauseUntil);
      }
    }
    await refreshAccountStatus(tx, payment.accountId);
  });
}

async function refreshAccountStatus(tx: Tx, accountId: string) {
  const [account] = await tx
    .select()
    .from(schema.accounts)
    .where(eq(schema.accounts.id, accountId))
    .for("update");
  if (!account || account.status === "on_hold" || account.status === "settled") return;
  const balance = await balanceOf(tx, accountId);
  const [live] =
    balance > 0 && account.status === "paid"
      ? await tx
          .select({ id: schema.plans.id })
          .from(schema.plans)
          .where(
            and(
              eq(schema.plans.accountId, accountId),
              inArray(schema.plans.status, PAYMENT_METHOD_PLAN_STATUSES),
            ),
          )
      : [];
  await followBalance(tx, account, balance, Boolean(live));
}
