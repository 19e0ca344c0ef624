// Payments, Stripe → ledger: each sync re-reads the Stripe object's current state, so events
// may come twice, late or out of order; each Stripe object posts at most one ledger entry
// (UNIQUE(source, source_id, kind)). Webhooks, the return page and the reconciler call these.
// Applying one PaymentIntent to our rows is payments-sync-intent.server.ts.
import { inArray, eq } from "drizzle-orm";
import type Stripe from "stripe";
import { db, schema } from "~/utils/db.server";
import { stripe } from "~/services/stripe.server";
import { isUuid } from "./accounts.server";
import { applyPaymentIntent, savePaymentMethod, type Known } from "./payments-sync-intent.server";

export type Metadata = {
  account_id?: string;
  plan_id?: string;
  installment_id?: string;
  purpose?: string;
  /** Set by the charge worker only (an off-session attempt's number): never by Checkout. */
  attempt?: string;
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
