// Payments, Stripe → ledger: each sync re-reads the Stripe object's current state, so events
// may come twice, late or out of order; each Stripe object posts at most one ledger entry
// (UNIQUE(source, source_id, kind)). Webhooks, the return page and the reconciler call these.
import { and, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { db, schema, type Tx } from "~/utils/db.server";
import { randomCode } from "~/utils/crypto.server";
import { log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { queuePaymentReceipt, queuePlanConfirmation } from "./outbox.server";
import { applyPaymentToPlan } from "./plans.server";
import {
  breakPlanIfTooManyMisses,
  isVerifyingBankAccount,
  nextRetry,
  notifyPaymentFailed,
  settleAccountAfterPayment,
} from "./payments-sync-outcomes.server";
import { OPEN_INSTALLMENT_STATUSES } from "./status-sets.server";

export type Metadata = {
  account_id?: string;
  plan_id?: string;
  installment_id?: string;
  purpose?: string;
};

// ---------------------------------------------------------------------------

export async function syncCheckoutSession(stripeSessionId: string) {
  const session = await stripe().checkout.sessions.retrieve(stripeSessionId);
  const status =
    session.status === "complete" ? "completed" : session.status === "expired" ? "expired" : "open";
  await db()
    .update(schema.checkoutSessions)
    .set({ status })
    .where(eq(schema.checkoutSessions.stripeSessionId, session.id));
  const piId =
    typeof session.payment_intent === "string"
      ? session.payment_intent
      : session.payment_intent?.id;
  const siId =
    typeof session.setup_intent === "string" ? session.setup_intent : session.setup_intent?.id;
  if (piId) await syncPaymentIntent(piId);
  if (siId) await syncSetupIntent(siId);
  return session;
}

export async function syncSetupIntent(setupIntentId: string) {
  const si = await stripe().setupIntents.retrieve(setupIntentId);
  const meta = si.metadata as Metadata;
  if (si.status !== "succeeded" || !meta.plan_id || !isUuid(meta.plan_id)) return;
  const customer = typeof si.customer === "string" ? si.customer : si.customer?.id;
  const method = typeof si.payment_method === "string" ? si.payment_method : si.payment_method?.id;
  if (!customer || !method) return;
  await savePaymentMethod(meta.plan_id, customer, method);
}

export async function savePaymentMethod(planId: string, customer: string, method: string) {
  const [plan] = await db().select().from(schema.plans).where(eq(schema.plans.id, planId));
  if (!plan) return;
  if (plan.status === "pending_payment_method") {
    const { activatePlan } = await import("./plans.server");
    const activated = await activatePlan({
      planId,
      stripeCustomerId: customer,
      stripePaymentMethodId: method,
    });
    if (activated?.status === "active") {
      await db().transaction((tx) =>
        queuePlanConfirmation(tx, { accountId: plan.accountId, planId }),
      );
    }
  } else if (plan.stripePaymentMethodId !== method) {
    await db()
      .update(schema.plans)
      .set({ stripeCustomerId: customer, stripePaymentMethodId: method, updatedAt: new Date() })
      .where(eq(schema.plans.id, planId));
    await audit({
      actorType: "system",
      creditorId: null,
      action: "plan.payment_method_updated",
      targetType: "plan",
      targetId: planId,
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

/**
 * Brings our records in line with a PaymentIntent's current state: payment row, ledger,
 * installment, plan and account. Safe to call any number of times.
 */
export async function syncPaymentIntent(paymentIntentId: string): Promise<void> {
  const pi = await stripe().paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
  const meta = pi.metadata as Metadata;
  if (!meta.account_id || !isUuid(meta.account_id)) return; // not one of ours
  const followUps = await db().transaction((tx) => applyPaymentIntent(tx, pi, meta));
  for (const followUp of followUps) await followUp();
}

/**
 * syncPaymentIntent for a few intents at once (the charge worker's batches): read from
 * Stripe side by side (an intent passed as an object was just returned by Stripe in a
 * final state, succeeded, and is used as it is), then applied one after the other by the same code in one
 * transaction, which first locks every account concerned (in id order, in one statement,
 * so two such transactions cannot deadlock on accounts), then their payment rows and
 * installments. Throws if the transaction fails (nothing applied): the caller may then
 * sync each intent on its own.
 */
export async function syncPaymentIntents(
  intents: readonly (string | Stripe.PaymentIntent)[],
): Promise<void> {
  const unique = [...new Map(intents.map((x) => [typeof x === "string" ? x : x.id, x])).values()];
  const retrieved = await Promise.all(
    unique.map((x) =>
      typeof x === "string"
        ? stripe().paymentIntents.retrieve(x, { expand: ["latest_charge"] })
        : x,
    ),
  );
  const ours = retrieved.filter((pi) => {
    const meta = pi.metadata as Metadata;
    return Boolean(meta.account_id && isUuid(meta.account_id)); // not one of ours otherwise
  });
  if (ours.length === 0) return;
  const metas = ours.map((pi) => pi.metadata as Metadata);
  const installmentOf = (meta: Metadata) =>
    meta.installment_id && isUuid(meta.installment_id) ? meta.installment_id : null;
  const planOf = (meta: Metadata) => (meta.plan_id && isUuid(meta.plan_id) ? meta.plan_id : null);
  const followUps = await db().transaction(async (tx) => {
    // The locks applyPaymentIntent takes for one intent (account, payment, installment,
    // plan), for all at once and in that order.
    const accountIds = [...new Set(metas.map((m) => m.account_id!))].sort();
    const installmentIds = [
      ...new Set(metas.map(installmentOf).filter((id): id is string => id !== null)),
    ].sort();
    const planIds = [
      ...new Set(metas.map(planOf).filter((id): id is string => id !== null)),
    ].sort();
    const accounts = await tx
      .select()
      .from(schema.accounts)
      .where(inArray(schema.accounts.id, accountIds))
      .orderBy(schema.accounts.id)
      .for("update");
    const payments = await tx
      .select()
      .from(schema.payments)
      .where(
        inArray(
          schema.payments.stripePaymentIntentId,
          ours.map((pi) => pi.id),
        ),
      )
      .orderBy(schema.payments.id)
      .for("update");
    const installments =
      installmentIds.length > 0
        ? await tx
            .select()
            .from(schema.installments)
            .where(inArray(schema.installments.id, installmentIds))
            .orderBy(schema.installments.id)
            .for("update")
        : [];
    const plans =
      planIds.length > 0
        ? await tx
            .select()
            .from(schema.plans)
            .where(inArray(schema.plans.id, planIds))
            .orderBy(schema.plans.id)
            .for("update")
        : [];
    // The rows read above are what applyPaymentIntent would read only while no other intent
    // of this batch can have written them: for an intent that shares its account, its
    // installment or its plan with another, it reads them itself.
    const tally = (values: (string | null)[]) =>
      values.reduce((m, v) => (v ? m.set(v, (m.get(v) ?? 0) + 1) : m), new Map<string, number>());
    const perAccount = tally(metas.map((m) => m.account_id!));
    const perInstallment = tally(metas.map(installmentOf));
    const perPlan = tally(metas.map(planOf));
    const all: (() => Promise<void>)[] = [];
    for (const [i, pi] of ours.entries()) {
      const meta = metas[i];
      const installmentId = installmentOf(meta);
      const planId = planOf(meta);
      const alone =
        perAccount.get(meta.account_id!) === 1 &&
        (!installmentId || perInstallment.get(installmentId) === 1) &&
        (!planId || perPlan.get(planId) === 1);
      const known: Known | undefined = alone
        ? {
            account: accounts.find((a) => a.id === meta.account_id) ?? null,
            payment: payments.find((p) => p.stripePaymentIntentId === pi.id) ?? null,
            installment: installmentId
              ? (installments.find((x) => x.id === installmentId) ?? null)
              : null,
            plan: planId ? (plans.find((x) => x.id === planId) ?? null) : null,
          }
        : undefined;
      all.push(...(await applyPaymentIntent(tx, pi, meta, known)));
    }
    return all;
  });
  for (const followUp of followUps) await followUp();
}

/** Rows this transaction has already read and locked (null: there is none). */
type Known = {
  account: typeof schema.accounts.$inferSelect | null;
  payment: typeof schema.payments.$inferSelect | null;
  installment: typeof schema.installments.$inferSelect | null;
  plan: typeof schema.plans.$inferSelect | null;
};

async function applyPaymentIntent(
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
    if (inst && inst.status !== "paid") {
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
  // "Pay off the rest": the payment covers every open installment. Whatever the worker
  // charged meanwhile makes it an overpayment, refunded below.
  if (meta.purpose === "payoff" && planId) {
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
        log("warn", "payoff not applied to the plan", {
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

/**
 * After a payment: settlement write-off, plan completion, account status. Returns the
 * balance left. `knownPlan`: the plan row already locked in this transaction, if read.
 */
