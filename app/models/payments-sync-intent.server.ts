// One PaymentIntent applied to our rows, inside the caller's transaction: the payment row,
// the ledger entry (at most one per Stripe object), the installment, the plan and the
// account; and a plan's payment method saved once Stripe has it. The syncs in
// payments-sync.server.ts read the intent from Stripe and call these.
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { APPLIED_TO_PLAN, type CheckoutPurpose } from "~/lib/checkout-charge";
import { db, schema, type Tx } from "~/utils/db.server";
import { randomCode } from "~/utils/crypto.server";
import { log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { confirmPlanChanged } from "./confirmations.server";
import { queuePaymentReceipt } from "./outbox.server";
import { applyPaymentToPlan } from "./plans.server";
import {
  breakPlanIfTooManyMisses,
  isScheduledCharge,
  isVerifyingBankAccount,
  nextRetry,
  notifyPaymentFailed,
  settleAccountAfterPayment,
} from "./payments-sync-outcomes.server";
import { type Metadata } from "./payments-sync.server";
import { OPEN_INSTALLMENT_STATUSES } from "./status-sets.server";

export async function savePaymentMethod(planId: string, customer: string, method: string) {
  const [plan] = await db().select().from(schema.plans).where(eq(schema.plans.id, planId));
  if (!plan) return;
  if (plan.status === "pending_payment_method") {
    // The plan is set up: its confirmation is queued with the activation (account-state).
    const { activatePlan } = await import("./plans.server");
    await activatePlan({ planId, stripeCustomerId: customer, stripePaymentMethodId: method });
  } else if (plan.stripePaymentMethodId !== method) {
    await db().transaction(async (tx) => {
      await tx
        .update(schema.plans)
        .set({ stripeCustomerId: customer, stripePaymentMethodId: method, updatedAt: new Date() })
        .where(eq(schema.plans.id, planId));
      const eventId = await audit(
        {
          actorType: "system",
          creditorId: null,
          action: "plan.payment_method_updated",
          targetType: "plan",
          targetId: planId,
        },
        tx,
      );
      // A new card or bank account is a change the debtor made (the plan's first payment
      // method, saved after its first payment set the plan up, is not).
      if (plan.stripePaymentMethodId)
        await confirmPlanChanged(tx, { accountId: plan.accountId, eventId });
    });
  }
}

function methodSummary(pi: Stripe.PaymentIntent): { brand: string | null; last4: string | null } {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge ? pi.latest_charge : null;
  const details = charge?.payment_method_details;
  if (details?.card)
    return { brand: details.card.brand ?? "card", last4: details.card.last4 ?? null };
  if (details?.us_bank_account)
    return {
      brand: details.us_bank_account.bank_name ?? "bank",
      last4: details.us_bank_account.last4 ?? null,
    };
  return { brand: null, last4: null };
}

function newReceiptNumber(now: Date) {
  return `R-${now.toISOString().slice(0, 10).replace(/-/g, "")}-${randomCode().replace(/-/g, "").slice(0, 8)}`;
}

/** Rows this transaction has already read and locked (null: there is none). */
export type Known = {
  account: typeof schema.accounts.$inferSelect | null;
  payment: typeof schema.payments.$inferSelect | null;
  installment: typeof schema.installments.$inferSelect | null;
  plan: typeof schema.plans.$inferSelect | null;
};

export async function applyPaymentIntent(
  tx: Tx,
  pi: Stripe.PaymentIntent,
  meta: Metadata,
  known?: Known,
): Promise<(() => Promise<void>)[]> {
  const followUps: (() => Promise<void>)[] = [];
  const [account] = known
    ? [known.account]
    : await tx
        .select()
        .from(schema.accounts)
        .where(eq(schema.accounts.id, meta.account_id!))
        .for("update");
  if (!account) return followUps;
  const now = new Date();
  const status =
    pi.status === "succeeded"
      ? "succeeded"
      : pi.status === "processing" || isVerifyingBankAccount(pi)
        ? "processing"
        : pi.status === "requires_payment_method" || pi.status === "canceled"
          ? "failed"
          : null;
  if (!status) return followUps;
  const installmentId =
    meta.installment_id && isUuid(meta.installment_id) ? meta.installment_id : null;
  const planId = meta.plan_id && isUuid(meta.plan_id) ? meta.plan_id : null;
  const method = methodSummary(pi);
  const chargeId =
    typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);

  const [existing] = known
    ? [known.payment ?? undefined]
    : await tx
        .select()
        .from(schema.payments)
        .where(eq(schema.payments.stripePaymentIntentId, pi.id))
        .for("update");
  if (
    existing?.status === "succeeded" ||
    existing?.status === "refunded" ||
    existing?.status === "disputed"
  )
    return followUps; // final already
  if (existing) {
    await tx
      .update(schema.payments)
      .set({
        status,
        methodBrand: method.brand ?? existing.methodBrand,
        methodLast4: method.last4 ?? existing.methodLast4,
        stripeChargeId: chargeId ?? existing.stripeChargeId,
        failureCode: pi.last_payment_error?.code ?? null,
        succeededAt: status === "succeeded" ? now : null,
      })
      .where(eq(schema.payments.id, existing.id));
  } else {
    await tx.insert(schema.payments).values({
      accountId: account.id,
      planId,
      installmentId,
      amountCents: pi.amount,
      currency: pi.currency,
      status,
      methodBrand: method.brand,
      methodLast4: method.last4,
      stripePaymentIntentId: pi.id,
      stripeChargeId: chargeId,
      receiptNumber: newReceiptNumber(now),
      failureCode: pi.last_payment_error?.code ?? null,
      succeededAt: status === "succeeded" ? now : null,
    });
  }

  if (installmentId) {
    const instStatus =
      status === "succeeded" ? "paid" : status === "processing" ? "processing" : "failed";
    const [inst] = known
      ? [known.installment ?? undefined]
      : await tx
          .select()
          .from(schema.installments)
          .where(eq(schema.installments.id, installmentId))
          .for("update");
    // A card declined on the Checkout page ("pay my next payment now"): the debtor saw it
    // and may try again there; the installment keeps its date and is no missed payment.
    const seenOnPage =
      instStatus === "failed" && !isScheduledCharge(meta) && inst?.status !== "processing";
    if (inst && inst.status !== "paid" && !seenOnPage) {
      const retry =
        instStatus === "failed" ? await nextRetry(tx, account, inst.attempts, now) : null;
      await tx
        .update(schema.installments)
        .set({
          status: instStatus,
          stripePaymentIntentId: pi.id,
          paidAt: instStatus === "paid" ? now : null,
          nextRetryAt: retry,
          updatedAt: now,
        })
        .where(eq(schema.installments.id, installmentId));
    }
  }

  if (status === "failed") {
    await audit(
      {
        actorType: "system",
        creditorId: account.creditorId,
        action: "payment.failed",
        targetType: "account",
        targetId: account.id,
        details: { code: pi.last_payment_error?.code ?? "unknown" },
      },
      tx,
    );
    // Off-session charges that fail get a calm notice with a way to fix it (once per attempt).
    await notifyPaymentFailed(tx, pi, meta, account.id);
    if (planId) await breakPlanIfTooManyMisses(tx, planId, account);
    return followUps;
  }
  if (status !== "succeeded") return followUps;

  // Post the payment once; the ledger's unique key makes a replay a no-op.
  await tx
    .insert(schema.ledgerEntries)
    .values({
      accountId: account.id,
      kind: "payment",
      amountCents: -pi.amount,
      currency: pi.currency,
      occurredAt: new Date(pi.created * 1000),
      source: "stripe_payment_intent",
      sourceId: pi.id,
    })
    .onConflictDoNothing();
  await audit(
    {
      actorType: "system",
      creditorId: account.creditorId,
      action: "payment.succeeded",
      targetType: "account",
      targetId: account.id,
      details: { amountCents: pi.amount },
    },
    tx,
  );
  await queuePaymentReceipt(tx, { accountId: account.id, paymentIntentId: pi.id });

  // The plan as read with the other rows, unless applying the payment below changes it.
  let knownPlan = known?.plan;
  // Paying off the rest, an extra payment, catching up: applied to the oldest open
  // installments first. Whatever the worker charged meanwhile can make it an overpayment,
  // refunded below.
  if (APPLIED_TO_PLAN.includes(meta.purpose as CheckoutPurpose) && planId) {
    knownPlan = undefined;
    const open = await tx
      .select({ amountCents: schema.installments.amountCents })
      .from(schema.installments)
      .where(
        and(
          eq(schema.installments.planId, planId),
          inArray(schema.installments.status, [...OPEN_INSTALLMENT_STATUSES]),
        ),
      );
    const openCents = open.reduce((sum, i) => sum + i.amountCents, 0);
    if (openCents > 0) {
      const applied = await applyPaymentToPlan(planId, Math.min(pi.amount, openCents), tx, now);
      if (!applied.ok)
        log("warn", "payment not applied to the plan", {
          purpose: meta.purpose,
          planId,
          reasons: applied.reasons.map((r) => r.code).join(","),
        });
    }
  }

  // A card saved for later installments.
  const customer = typeof pi.customer === "string" ? pi.customer : pi.customer?.id;
  const pm = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  if (planId && customer && pm && pi.setup_future_usage)
    followUps.push(() => savePaymentMethod(planId, customer, pm));

  const balance = await settleAccountAfterPayment(tx, account, planId, now, knownPlan);

  // More than was owed (double payment, two tabs): refund the difference automatically.
  if (balance < 0) {
    const excess = Math.min(-balance, pi.amount);
    followUps.push(async () => {
      await stripe().refunds.create(
        {
          payment_intent: pi.id,
          amount: excess,
          metadata: { reason: "overpayment", account_id: account.id },
        },
        { idempotencyKey: `overpayment:${pi.id}` },
      );
      log("info", "overpayment refunded", { accountId: account.id, amountCents: excess });
    });
  }
  return followUps;
}
