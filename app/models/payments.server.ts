// Payments through Stripe. Stripe is the source of truth: every handler re-reads the
// object's current state, so events may come twice, late or out of order. Each Stripe
// object posts at most one ledger entry (UNIQUE(source, source_id, kind)).
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { addDays, compare, todayIn } from "~/lib/calendar-date";
import { db, schema, type Tx } from "~/utils/db.server";
import { randomCode } from "~/utils/crypto.server";
import { log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";
import { getAccountForDebtor, isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { breakPlan, completePlan, activatePlanState, followBalance, pausePlan, settleAccount, enterPlan, markPaid, reopenAccount } from "./account-state.server";
import { balanceOf, balancesFor } from "./ledger.server";
import { enqueueMessage, queueAuthenticationRequired, queuePaymentFailedNotice, queuePaymentReceipt, queuePlanConfirmation } from "./outbox.server";
import { applyPaymentToPlan } from "./plans.server";
import { CHECKOUT_PLAN_STATUSES, IN_PROGRESS_INSTALLMENT_STATUSES, LIVE_PLAN_STATUSES, OPEN_INSTALLMENT_STATUSES, PAYMENT_METHOD_PLAN_STATUSES, UNPAID_INSTALLMENT_STATUSES } from "./status-sets.server";
import { effectivePolicy } from "./policy.server";

type Metadata = { account_id?: string; plan_id?: string; installment_id?: string; purpose?: string };

// ---------------------------------------------------------------------------
// Customers and Checkout
// ---------------------------------------------------------------------------

/** One Stripe Customer per debtor, created once (idempotency key) and remembered. */
export async function ensureCustomer(debtorId: string): Promise<string> {
  const [known] = await db().select().from(schema.stripeCustomers).where(eq(schema.stripeCustomers.debtorId, debtorId));
  if (known) {
    try {
      const existing = await stripe().customers.retrieve(known.stripeCustomerId);
      if (!("deleted" in existing && existing.deleted)) return known.stripeCustomerId;
    } catch (error) {
      if ((error as { code?: string }).code !== "resource_missing") throw error;
    }
    // Gone on Stripe's side (or a restarted demo emulator): make a new one.
    await db().delete(schema.stripeCustomers).where(eq(schema.stripeCustomers.debtorId, debtorId));
  }
  const customer = await stripe().customers.create(
    { metadata: { debtor_id: debtorId } },
    // Deterministic the first time (a retried request cannot make two customers).
    { idempotencyKey: known ? `customer:${debtorId}:recreate:${Date.now()}` : `customer:${debtorId}` },
  );
  await db()
    .insert(schema.stripeCustomers)
    .values({ debtorId, stripeCustomerId: customer.id })
    .onConflictDoNothing();
  const [row] = await db().select().from(schema.stripeCustomers).where(eq(schema.stripeCustomers.debtorId, debtorId));
  return row.stripeCustomerId;
}

export type CheckoutStart =
  | { ok: true; url: string }
  | { ok: false; reason: "no_plan" | "on_hold" | "nothing_due" | "processing" | "unavailable" };

/**
 * Sends the debtor to hosted Checkout for the live plan waiting for a payment method (or
 * an installment to pay now). One open Checkout per account, reused only for the same
 * purpose, amount and installment (a double click, a second tab); any other open one is
 * expired first, so "update my card" never lands on an old "Pay $42.25" page. Checkout
 * offers only the ways to pay the creditor's policy allows.
 */
export async function startCheckout(input: {
  debtorId: string;
  accountId: string;
  appUrl: string;
  purpose?: "plan_start" | "update_card" | "installment" | "payoff";
  lang: "en" | "es";
  now?: Date;
}): Promise<CheckoutStart | null> {
  const found = await getAccountForDebtor(input.debtorId, input.accountId);
  if (!found) return null;
  const { account, creditor } = found;
  if (account.status === "on_hold") return { ok: false, reason: "on_hold" };
  const now = input.now ?? new Date();
  const today = todayIn(creditor.timezone, now);

  const [plan] = await db()
    .select()
    .from(schema.plans)
    .where(and(eq(schema.plans.accountId, account.id), inArray(schema.plans.status, CHECKOUT_PLAN_STATUSES)))
    .orderBy(asc(schema.plans.createdAt))
    .limit(1);
  if (!plan) return { ok: false, reason: "no_plan" };
  const installments = await db()
    .select()
    .from(schema.installments)
    .where(eq(schema.installments.planId, plan.id))
    .orderBy(asc(schema.installments.seq));
  const next = installments.find((i) => i.status === "scheduled" || i.status === "failed");

  const purpose = input.purpose ?? (plan.status === "pending_payment_method" ? "plan_start" : next && compare(next.dueDate, today) <= 0 ? "installment" : "update_card");
  // Starting a plan pays now when its first installment is due today; "installment" pays
  // the next one now, due or early; "payoff" pays every open installment at once;
  // "update_card" only saves a method.
  const openInstallments = installments.filter((i) => (OPEN_INSTALLMENT_STATUSES as readonly string[]).includes(i.status));
  if ((purpose === "installment" || purpose === "payoff") && plan.status === "pending_payment_method") return { ok: false, reason: "no_plan" };
  // A bank payment still being verified or processed: no second payment meanwhile.
  if (purpose !== "update_card" && installments.some((i) => i.status === "processing")) return { ok: false, reason: "processing" };
  // An installment being charged by the worker: paying everything now could pay it twice.
  if (purpose === "payoff" && installments.some((i) => (IN_PROGRESS_INSTALLMENT_STATUSES as readonly string[]).includes(i.status))) return { ok: false, reason: "processing" };
  const payNow = next !== undefined && (purpose === "installment" || purpose === "payoff" || (purpose === "plan_start" && compare(next.dueDate, today) <= 0));
  if ((purpose === "installment" || purpose === "payoff") && !payNow) return { ok: false, reason: "nothing_due" };
  // The amount is always the server's: the next installment, or the sum of the open ones.
  const amountCents = purpose === "payoff" ? openInstallments.reduce((sum, i) => sum + i.amountCents, 0) : (next?.amountCents ?? 0);
  const wanted = {
    purpose,
    mode: payNow ? ("payment" as const) : ("setup" as const),
    amountCents: payNow ? amountCents : null,
    installmentId: payNow && purpose !== "payoff" ? (next?.id ?? null) : null,
  };
  const sameAsWanted = (row: typeof schema.checkoutSessions.$inferSelect) =>
    row.purpose === wanted.purpose && row.mode === wanted.mode && row.amountCents === wanted.amountCents && row.installmentId === wanted.installmentId && row.planId === plan.id;

  const [open] = await db()
    .select()
    .from(schema.checkoutSessions)
    .where(and(eq(schema.checkoutSessions.accountId, account.id), eq(schema.checkoutSessions.status, "open")));
  if (open && sameAsWanted(open) && open.expiresAt.getTime() > now.getTime() + 60_000) return { ok: true, url: open.url };
  if (open) {
    // Another purpose, another amount or installment, or about to expire: it must not be
    // paid any more. Expired at Stripe first, then recorded from Stripe's answer.
    await expireCheckout(open.stripeSessionId);
  }

  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, { creditorId: creditor.id, accountId: account.id });
  const methods = [...policy.paymentMethods];
  const recurring = plan.kind === "installments" && installments.length > 1 && purpose !== "payoff";
  const customer = await ensureCustomer(input.debtorId);
  const metadata: Record<string, string> = { account_id: account.id, plan_id: plan.id, purpose };
  if (wanted.installmentId) metadata.installment_id = wanted.installmentId;
  const base = `${input.appUrl}/accounts/${account.id}`;
  const attemptKey = `checkout:${plan.id}:${purpose}:${next?.id ?? "none"}:${next?.attempts ?? 0}:${purpose === "payoff" ? amountCents : ""}:${methods.join("+")}:${open ? open.stripeSessionId : "first"}`;

  let session: Stripe.Checkout.Session;
  try {
    session = await stripe().checkout.sessions.create(
      {
        mode: wanted.mode,
        customer,
        client_reference_id: account.id,
        locale: input.lang,
        success_url: `${base}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${base}/plan?checkout=cancelled`,
        metadata,
        // Only the ways to pay the creditor chose (card, US bank account): without the list
        // Stripe offers every method enabled in the Dashboard. On this API version
        // (stripe-node 23) `allowed_payment_method_types` replaces `payment_method_types`.
        allowed_payment_method_types: methods,
        ...(payNow && next
          ? {
              line_items: [
                {
                  quantity: 1,
                  price_data: {
                    currency: plan.currency,
                    unit_amount: amountCents,
                    product_data: { name: `${creditor.displayName} · ${account.reference}` },
                  },
                },
              ],
              payment_intent_data: {
                metadata,
                ...(recurring ? { setup_future_usage: "off_session" as const } : {}),
              },
            }
          : { setup_intent_data: { metadata }, currency: plan.currency }),
      },
      { idempotencyKey: attemptKey },
    );
  } catch (error) {
    log("warn", "checkout create failed", { accountId: account.id, error: (error as Error).name, errorCode: (error as { code?: string }).code ?? null });
    return { ok: false, reason: "unavailable" };
  }
  try {
    await db()
      .insert(schema.checkoutSessions)
      .values({
        accountId: account.id,
        planId: plan.id,
        installmentId: wanted.installmentId,
        purpose,
        mode: wanted.mode,
        amountCents: wanted.amountCents,
        stripeSessionId: session.id,
        url: session.url!,
        expiresAt: new Date(session.expires_at * 1000),
      })
      .onConflictDoNothing();
  } catch (error) {
    log("warn", "checkout record failed", { accountId: account.id, error: (error as Error).name });
  }
  // Two tabs at once: whichever row won is the one open Checkout for the account, if it is
  // for what this debtor asked; an old one that could not be expired is never handed out.
  const [winner] = await db()
    .select()
    .from(schema.checkoutSessions)
    .where(and(eq(schema.checkoutSessions.accountId, account.id), eq(schema.checkoutSessions.status, "open")));
  if (winner && !sameAsWanted(winner)) {
    log("warn", "checkout: an older open session could not be expired", { accountId: account.id });
    return { ok: false, reason: "unavailable" };
  }
  await audit({ actorType: "debtor", actorId: input.debtorId, creditorId: account.creditorId, action: "checkout.started", targetType: "account", targetId: account.id, details: { purpose } });
  return { ok: true, url: winner?.url ?? session.url! };
}

async function expireCheckout(stripeSessionId: string) {
  try {
    await stripe().checkout.sessions.expire(stripeSessionId);
  } catch {
    /* already completed or expired: the sync below settles it */
  }
  await syncCheckoutSession(stripeSessionId);
}

// ---------------------------------------------------------------------------
// Syncing Stripe objects (webhooks, the return page and the reconciler all call these)
// ---------------------------------------------------------------------------

export async function syncCheckoutSession(stripeSessionId: string) {
  const session = await stripe().checkout.sessions.retrieve(stripeSessionId);
  const status = session.status === "complete" ? "completed" : session.status === "expired" ? "expired" : "open";
  await db().update(schema.checkoutSessions).set({ status }).where(eq(schema.checkoutSessions.stripeSessionId, session.id));
  const piId = typeof session.payment_intent === "string" ? session.payment_intent : session.payment_intent?.id;
  const siId = typeof session.setup_intent === "string" ? session.setup_intent : session.setup_intent?.id;
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

async function savePaymentMethod(planId: string, customer: string, method: string) {
  const [plan] = await db().select().from(schema.plans).where(eq(schema.plans.id, planId));
  if (!plan) return;
  if (plan.status === "pending_payment_method") {
    const { activatePlan } = await import("./plans.server");
    const activated = await activatePlan({ planId, stripeCustomerId: customer, stripePaymentMethodId: method });
    if (activated?.status === "active") {
      await db().transaction((tx) => queuePlanConfirmation(tx, { accountId: plan.accountId, planId }));
    }
  } else if (plan.stripePaymentMethodId !== method) {
    await db().update(schema.plans).set({ stripeCustomerId: customer, stripePaymentMethodId: method, updatedAt: new Date() }).where(eq(schema.plans.id, planId));
    await audit({ actorType: "system", creditorId: null, action: "plan.payment_method_updated", targetType: "plan", targetId: planId });
  }
}

function methodSummary(pi: Stripe.PaymentIntent): { brand: string | null; last4: string | null } {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge ? pi.latest_charge : null;
  const details = charge?.payment_method_details;
  if (details?.card) return { brand: details.card.brand ?? "card", last4: details.card.last4 ?? null };
  if (details?.us_bank_account) return { brand: details.us_bank_account.bank_name ?? "bank", last4: details.us_bank_account.last4 ?? null };
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
export async function syncPaymentIntents(intents: readonly (string | Stripe.PaymentIntent)[]): Promise<void> {
  const unique = [...new Map(intents.map((x) => [typeof x === "string" ? x : x.id, x])).values()];
  const retrieved = await Promise.all(unique.map((x) => (typeof x === "string" ? stripe().paymentIntents.retrieve(x, { expand: ["latest_charge"] }) : x)));
  const ours = retrieved.filter((pi) => {
    const meta = pi.metadata as Metadata;
    return Boolean(meta.account_id && isUuid(meta.account_id)); // not one of ours otherwise
  });
  if (ours.length === 0) return;
  const metas = ours.map((pi) => pi.metadata as Metadata);
  const installmentOf = (meta: Metadata) => (meta.installment_id && isUuid(meta.installment_id) ? meta.installment_id : null);
  const planOf = (meta: Metadata) => (meta.plan_id && isUuid(meta.plan_id) ? meta.plan_id : null);
  const followUps = await db().transaction(async (tx) => {
    // The locks applyPaymentIntent takes for one intent (account, payment, installment,
    // plan), for all at once and in that order.
    const accountIds = [...new Set(metas.map((m) => m.account_id!))].sort();
    const installmentIds = [...new Set(metas.map(installmentOf).filter((id): id is string => id !== null))].sort();
    const planIds = [...new Set(metas.map(planOf).filter((id): id is string => id !== null))].sort();
    const accounts = await tx.select().from(schema.accounts).where(inArray(schema.accounts.id, accountIds)).orderBy(schema.accounts.id).for("update");
    const payments = await tx.select().from(schema.payments).where(inArray(schema.payments.stripePaymentIntentId, ours.map((pi) => pi.id))).orderBy(schema.payments.id).for("update");
    const installments = installmentIds.length > 0 ? await tx.select().from(schema.installments).where(inArray(schema.installments.id, installmentIds)).orderBy(schema.installments.id).for("update") : [];
    const plans = planIds.length > 0 ? await tx.select().from(schema.plans).where(inArray(schema.plans.id, planIds)).orderBy(schema.plans.id).for("update") : [];
    // The rows read above are what applyPaymentIntent would read only while no other intent
    // of this batch can have written them: for an intent that shares its account, its
    // installment or its plan with another, it reads them itself.
    const tally = (values: (string | null)[]) => values.reduce((m, v) => (v ? m.set(v, (m.get(v) ?? 0) + 1) : m), new Map<string, number>());
    const perAccount = tally(metas.map((m) => m.account_id!));
    const perInstallment = tally(metas.map(installmentOf));
    const perPlan = tally(metas.map(planOf));
    const all: (() => Promise<void>)[] = [];
    for (const [i, pi] of ours.entries()) {
      const meta = metas[i];
      const installmentId = installmentOf(meta);
      const planId = planOf(meta);
      const alone = perAccount.get(meta.account_id!) === 1 && (!installmentId || perInstallment.get(installmentId) === 1) && (!planId || perPlan.get(planId) === 1);
      const known: Known | undefined = alone
        ? {
            account: accounts.find((a) => a.id === meta.account_id) ?? null,
            payment: payments.find((p) => p.stripePaymentIntentId === pi.id) ?? null,
            installment: installmentId ? (installments.find((x) => x.id === installmentId) ?? null) : null,
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

async function applyPaymentIntent(tx: Tx, pi: Stripe.PaymentIntent, meta: Metadata, known?: Known): Promise<(() => Promise<void>)[]> {
  const followUps: (() => Promise<void>)[] = [];
  const [account] = known ? [known.account] : await tx.select().from(schema.accounts).where(eq(schema.accounts.id, meta.account_id!)).for("update");
  if (!account) return followUps;
  const now = new Date();
  const status =
    pi.status === "succeeded" ? "succeeded" : pi.status === "processing" || isVerifyingBankAccount(pi) ? "processing" : pi.status === "requires_payment_method" || pi.status === "canceled" ? "failed" : null;
  if (!status) return followUps;
  const installmentId = meta.installment_id && isUuid(meta.installment_id) ? meta.installment_id : null;
  const planId = meta.plan_id && isUuid(meta.plan_id) ? meta.plan_id : null;
  const method = methodSummary(pi);
  const chargeId = typeof pi.latest_charge === "string" ? pi.latest_charge : (pi.latest_charge?.id ?? null);

  const [existing] = known ? [known.payment ?? undefined] : await tx.select().from(schema.payments).where(eq(schema.payments.stripePaymentIntentId, pi.id)).for("update");
  if (existing?.status === "succeeded" || existing?.status === "refunded" || existing?.status === "disputed") return followUps; // final already
  if (existing) {
    await tx
      .update(schema.payments)
      .set({ status, methodBrand: method.brand ?? existing.methodBrand, methodLast4: method.last4 ?? existing.methodLast4, stripeChargeId: chargeId ?? existing.stripeChargeId, failureCode: pi.last_payment_error?.code ?? null, succeededAt: status === "succeeded" ? now : null })
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
    const instStatus = status === "succeeded" ? "paid" : status === "processing" ? "processing" : "failed";
    const [inst] = known ? [known.installment ?? undefined] : await tx.select().from(schema.installments).where(eq(schema.installments.id, installmentId)).for("update");
    if (inst && inst.status !== "paid") {
      const retry = instStatus === "failed" ? await nextRetry(tx, account, inst.attempts, now) : null;
      await tx
        .update(schema.installments)
        .set({ status: instStatus, stripePaymentIntentId: pi.id, paidAt: instStatus === "paid" ? now : null, nextRetryAt: retry, updatedAt: now })
        .where(eq(schema.installments.id, installmentId));
    }
  }

  if (status === "failed") {
    await audit({ actorType: "system", creditorId: account.creditorId, action: "payment.failed", targetType: "account", targetId: account.id, details: { code: pi.last_payment_error?.code ?? "unknown" } }, tx);
    // Off-session charges that fail get a calm notice with a way to fix it (once per attempt).
    await notifyPaymentFailed(tx, pi, meta, account.id);
    if (planId) await breakPlanIfTooManyMisses(tx, planId, account);
    return followUps;
  }
  if (status !== "succeeded") return followUps;

  // Post the payment once; the ledger's unique key makes a replay a no-op.
  await tx
    .insert(schema.ledgerEntries)
    .values({ accountId: account.id, kind: "payment", amountCents: -pi.amount, currency: pi.currency, occurredAt: new Date(pi.created * 1000), source: "stripe_payment_intent", sourceId: pi.id })
    .onConflictDoNothing();
  await audit({ actorType: "system", creditorId: account.creditorId, action: "payment.succeeded", targetType: "account", targetId: account.id, details: { amountCents: pi.amount } }, tx);
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
      .where(and(eq(schema.installments.planId, planId), inArray(schema.installments.status, [...OPEN_INSTALLMENT_STATUSES])));
    const openCents = open.reduce((sum, i) => sum + i.amountCents, 0);
    if (openCents > 0) {
      const applied = await applyPaymentToPlan(planId, Math.min(pi.amount, openCents), tx, now);
      if (!applied.ok) log("warn", "payoff not applied to the plan", { planId, reasons: applied.reasons.map((r) => r.code).join(",") });
    }
  }

  // A card saved for later installments.
  const customer = typeof pi.customer === "string" ? pi.customer : pi.customer?.id;
  const pm = typeof pi.payment_method === "string" ? pi.payment_method : pi.payment_method?.id;
  if (planId && customer && pm && pi.setup_future_usage) followUps.push(() => savePaymentMethod(planId, customer, pm));

  const balance = await settleAccountAfterPayment(tx, account, planId, now, knownPlan);

  // More than was owed (double payment, two tabs): refund the difference automatically.
  if (balance < 0) {
    const excess = Math.min(-balance, pi.amount);
    followUps.push(async () => {
      await stripe().refunds.create({ payment_intent: pi.id, amount: excess, metadata: { reason: "overpayment", account_id: account.id } }, { idempotencyKey: `overpayment:${pi.id}` });
      log("info", "overpayment refunded", { accountId: account.id, amountCents: excess });
    });
  }
  return followUps;
}

/**
 * After a payment: settlement write-off, plan completion, account status. Returns the
 * balance left. `knownPlan`: the plan row already locked in this transaction, if read.
 */
async function settleAccountAfterPayment(tx: Tx, account: typeof schema.accounts.$inferSelect, planId: string | null, now: Date, knownPlan?: typeof schema.plans.$inferSelect | null): Promise<number> {
  let plan: typeof schema.plans.$inferSelect | undefined;
  if (planId) {
    [plan] = knownPlan !== undefined ? [knownPlan ?? undefined] : await tx.select().from(schema.plans).where(eq(schema.plans.id, planId)).for("update");
    if (plan) {
      const open = await tx
        .select({ id: schema.installments.id })
        .from(schema.installments)
        .where(and(eq(schema.installments.planId, plan.id), inArray(schema.installments.status, UNPAID_INSTALLMENT_STATUSES)));
      if (open.length === 0 && plan.status !== "cancelled") {
        await completePlan(tx, plan, account.creditorId, { now });
        if (plan.kind === "settlement") {
          const remainder = await balanceOf(tx, account.id);
          let left = remainder;
          if (remainder > 0) {
            const written = await tx
              .insert(schema.ledgerEntries)
              .values({ accountId: account.id, kind: "settlement_writeoff", amountCents: -remainder, currency: plan.currency, occurredAt: now, source: "creditor", sourceId: `settlement:${plan.id}` })
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
async function nextRetry(tx: Tx, account: typeof schema.accounts.$inferSelect, attempts: number, now: Date): Promise<Date | null> {
  const [creditor] = await tx.select().from(schema.creditors).where(eq(schema.creditors.id, account.creditorId));
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, { creditorId: creditor.id, accountId: account.id });
  const days = policy.retryDays[attempts - 1];
  if (days === undefined) return null;
  return new Date(`${addDays(todayIn(creditor.timezone, now), days)}T15:00:00Z`);
}

async function breakPlanIfTooManyMisses(tx: Tx, planId: string, account: typeof schema.accounts.$inferSelect) {
  const [creditor] = await tx.select().from(schema.creditors).where(eq(schema.creditors.id, account.creditorId));
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, { creditorId: creditor.id, accountId: account.id });
  const missed = await tx
    .select({ id: schema.installments.id })
    .from(schema.installments)
    .where(and(eq(schema.installments.planId, planId), eq(schema.installments.status, "failed"), sql`${schema.installments.nextRetryAt} is null`));
  if (missed.length > policy.missedPaymentTolerance) {
    const [plan] = await tx.select({ id: schema.plans.id, status: schema.plans.status }).from(schema.plans).where(eq(schema.plans.id, planId));
    if (plan && (await breakPlan(tx, plan, account.creditorId, { ifAllowed: true }))) {
      await audit({ actorType: "system", creditorId: account.creditorId, action: "plan.broken", targetType: "plan", targetId: planId }, tx);
    }
  }
}

// ---------------------------------------------------------------------------
// Failed payments, refunds and disputes
// ---------------------------------------------------------------------------

/** A bank account entered by hand waits for its micro-deposits: the payment is on its way. */
function isVerifyingBankAccount(pi: Stripe.PaymentIntent): boolean {
  return pi.status === "requires_action" && pi.next_action?.type === "verify_with_microdeposits";
}

/**
 * Tells the debtor a payment did not go through, once per intent. A bank debit that
 * failed (an ACH return days later, or an account that could not be verified) gets the
 * bank notice whatever started it (the debtor left the payment page long ago); an
 * off-session card charge of the worker gets the fix-it link or the authentication notice.
 */
async function notifyPaymentFailed(tx: Tx, pi: Stripe.PaymentIntent, meta: Metadata, accountId: string) {
  const charge = typeof pi.latest_charge === "object" && pi.latest_charge ? pi.latest_charge : null;
  const bank = pi.last_payment_error?.payment_method?.type === "us_bank_account" || charge?.payment_method_details?.type === "us_bank_account";
  if (bank) {
    await enqueueMessage(tx, { causeKey: `bank-returned:${pi.id}`, template: "bank_payment_returned", accountId, initiatedBy: "system" });
    return;
  }
  if (meta.purpose !== "installment") return;
  if (pi.last_payment_error?.code === "authentication_required") await queueAuthenticationRequired(tx, { accountId, attemptKey: pi.id });
  else await queuePaymentFailedNotice(tx, { accountId, attemptKey: pi.id });
}

/** An audit event written once per Stripe object (`key` in its details), under the row lock the caller holds. */
async function auditOnce(tx: Tx, input: Parameters<typeof audit>[0] & { details: { stripeObject: string } & Record<string, string | number | boolean | null> }) {
  const [seen] = await tx
    .select({ id: schema.auditEvents.id })
    .from(schema.auditEvents)
    .where(and(eq(schema.auditEvents.action, input.action), sql`${schema.auditEvents.details}->>'stripeObject' = ${input.details.stripeObject}`))
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
  const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return;
  const refunds = await stripe().refunds.list({ charge: chargeId, limit: 100 });
  await db().transaction(async (tx) => {
    const [payment] = await tx.select().from(schema.payments).where(eq(schema.payments.stripePaymentIntentId, piId)).for("update");
    if (!payment) return;
    const [account] = await tx.select({ creditorId: schema.accounts.creditorId }).from(schema.accounts).where(eq(schema.accounts.id, payment.accountId));
    let refunded = 0;
    let changed = false;
    for (const refund of refunds.data) {
      if (refund.status === "succeeded") {
        refunded += refund.amount;
        const posted = await tx
          .insert(schema.ledgerEntries)
          .values({ accountId: payment.accountId, kind: "payment_reversal", amountCents: refund.amount, currency: refund.currency, occurredAt: new Date(refund.created * 1000), source: "stripe_refund", sourceId: refund.id })
          .onConflictDoNothing()
          .returning({ id: schema.ledgerEntries.id });
        changed ||= posted.length > 0;
        continue;
      }
      if (refund.status !== "failed" && refund.status !== "canceled") continue;
      const [reversal] = await tx
        .select({ id: schema.ledgerEntries.id })
        .from(schema.ledgerEntries)
        .where(and(eq(schema.ledgerEntries.source, "stripe_refund"), eq(schema.ledgerEntries.sourceId, refund.id), eq(schema.ledgerEntries.kind, "payment_reversal")));
      if (reversal) {
        const undone = await tx
          .insert(schema.ledgerEntries)
          .values({ accountId: payment.accountId, kind: "payment", amountCents: -refund.amount, currency: refund.currency, occurredAt: new Date(), source: "stripe_refund", sourceId: refund.id, memo: `refund ${refund.status}: ${refund.failure_reason ?? "unknown"}` })
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
        details: { stripeObject: refund.id, amountCents: refund.amount, currency: refund.currency, reason: refund.failure_reason ?? "unknown" },
      });
      if (told) log("warn", "refund failed: the debtor did not get the money back", { accountId: payment.accountId, refundId: refund.id, reason: refund.failure_reason ?? "unknown" });
    }
    const status = refunded >= payment.amountCents ? "refunded" : payment.status === "refunded" ? "succeeded" : payment.status;
    if (refunded !== payment.refundedCents || status !== payment.status) {
      await tx.update(schema.payments).set({ refundedCents: refunded, status }).where(eq(schema.payments.id, payment.id));
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
  const piId = typeof charge.payment_intent === "string" ? charge.payment_intent : charge.payment_intent?.id;
  if (!piId) return;
  const inquiry = dispute.status.startsWith("warning_");
  const moves = (dispute.balance_transactions ?? []).filter((t) => typeof t === "object" && t !== null) as Stripe.BalanceTransaction[];
  const withdrawal = moves.find((t) => t.amount < 0);
  const reinstatement = moves.find((t) => t.amount > 0);
  // Older records without balance transactions: a chargeback took the money, a won one gave it back.
  const withdrawn = Boolean(withdrawal) || (!inquiry && moves.length === 0);
  const reinstated = Boolean(reinstatement) || dispute.status === "won";
  await db().transaction(async (tx) => {
    const [payment] = await tx.select().from(schema.payments).where(eq(schema.payments.stripePaymentIntentId, piId)).for("update");
    if (!payment) return;
    const [account] = await tx.select({ creditorId: schema.accounts.creditorId }).from(schema.accounts).where(eq(schema.accounts.id, payment.accountId));
    const creditorId = account?.creditorId ?? null;
    if (inquiry && !withdrawn) {
      await auditOnce(tx, { actorType: "system", creditorId, action: "payment.inquiry", targetType: "account", targetId: payment.accountId, details: { stripeObject: dispute.id, status: dispute.status } });
      return;
    }
    if (withdrawn) {
      const reversed = await tx
        .insert(schema.ledgerEntries)
        .values({ accountId: payment.accountId, kind: "payment_reversal", amountCents: dispute.amount, currency: dispute.currency, occurredAt: new Date((withdrawal?.created ?? dispute.created) * 1000), source: "stripe_dispute", sourceId: dispute.id })
        .onConflictDoNothing()
        .returning({ id: schema.ledgerEntries.id });
      if (reversed.length > 0) await audit({ actorType: "system", creditorId, action: "payment.dispute_funds_withdrawn", targetType: "account", targetId: payment.accountId, details: { amountCents: dispute.amount } }, tx);
    }
    if (reinstated) {
      const reposted = await tx
        .insert(schema.ledgerEntries)
        .values({ accountId: payment.accountId, kind: "payment", amountCents: -dispute.amount, currency: dispute.currency, occurredAt: reinstatement ? new Date(reinstatement.created * 1000) : new Date(), source: "stripe_dispute", sourceId: dispute.id })
        .onConflictDoNothing()
        .returning({ id: schema.ledgerEntries.id });
      if (reposted.length > 0) await audit({ actorType: "system", creditorId, action: "payment.dispute_funds_reinstated", targetType: "account", targetId: payment.accountId, details: { amountCents: dispute.amount } }, tx);
      await tx.update(schema.payments).set({ status: "succeeded" }).where(eq(schema.payments.id, payment.id));
    } else if (withdrawn) {
      await tx.update(schema.payments).set({ status: "disputed" }).where(eq(schema.payments.id, payment.id));
      if (payment.planId) {
        // Only a running plan pauses (a hardship pause keeps its end date).
        const [plan] = await tx.select({ id: schema.plans.id, status: schema.plans.status, pauseUntil: schema.plans.pauseUntil }).from(schema.plans).where(eq(schema.plans.id, payment.planId));
        if (plan?.status === "active") await pausePlan(tx, plan, creditorId, plan.pauseUntil);
      }
    }
    await refreshAccountStatus(tx, payment.accountId);
  });
}

async function refreshAccountStatus(tx: Tx, accountId: string) {
  const [account] = await tx.select().from(schema.accounts).where(eq(schema.accounts.id, accountId)).for("update");
  if (!account || account.status === "on_hold" || account.status === "settled") return;
  const balance = await balanceOf(tx, accountId);
  const [live] = balance > 0 && account.status === "paid" ? await tx.select({ id: schema.plans.id }).from(schema.plans).where(and(eq(schema.plans.accountId, accountId), inArray(schema.plans.status, PAYMENT_METHOD_PLAN_STATUSES))) : [];
  await followBalance(tx, account, balance, Boolean(live));
}

// ---------------------------------------------------------------------------
// Webhook events
// ---------------------------------------------------------------------------

/** Stripe ids are letters, digits and underscores (`pi_…`, `cs_test_…`). */
const STRIPE_ID = /^[A-Za-z0-9_]{3,255}$/;

/**
 * Handles one verified event exactly once: the event id is recorded after its effects
 * succeed (every effect is idempotent, so a crash in between only means a harmless redo).
 * Throws on failure so the endpoint answers non-2xx and Stripe retries. What can never
 * succeed is recorded as "ignored" and logged instead of failing forever: an event whose
 * object has no usable id, or whose object Stripe does not know (retrieve answers
 * resource_missing or another invalid request). Events of types we do not act on, and for
 * objects that are not ours (no account of ours in their metadata), change nothing.
 */
export async function handleStripeEvent(event: Stripe.Event): Promise<"handled" | "duplicate" | "ignored"> {
  // A signed body that is not an event at all (no id to record it by): nothing to do.
  if (typeof event !== "object" || event === null || typeof event.id !== "string" || !STRIPE_ID.test(event.id) || typeof event.type !== "string") {
    log("warn", "stripe webhook body that is not an event: ignored", {});
    return "ignored";
  }
  const [seen] = await db().select().from(schema.stripeEvents).where(eq(schema.stripeEvents.id, event.id));
  if (seen?.processedAt) return "duplicate";
  const object = (event.data?.object ?? null) as { id?: unknown; object?: unknown; charge?: unknown } | null;
  const id = typeof object?.id === "string" && STRIPE_ID.test(object.id) ? object.id : null;
  let result: "handled" | "ignored" = "handled";
  if (!id) {
    log("warn", "stripe event without a usable object id: ignored", { eventId: event.id, type: String(event.type).slice(0, 80) });
    result = "ignored";
  } else {
    try {
      await applyEvent(event, id, object);
    } catch (error) {
      // Stripe does not know the object (or refuses the request for it): retrying cannot help.
      if (!(error instanceof Object && (error as { type?: string }).type === "StripeInvalidRequestError")) throw error;
      log("warn", "stripe event for an object Stripe does not know: ignored", { eventId: event.id, type: event.type, stripeCode: (error as { code?: string }).code ?? null });
      result = "ignored";
    }
  }
  await db()
    .insert(schema.stripeEvents)
    .values({ id: event.id, type: String(event.type).slice(0, 200), processedAt: new Date() })
    .onConflictDoUpdate({ target: schema.stripeEvents.id, set: { processedAt: new Date() } });
  return result;
}

async function applyEvent(event: Stripe.Event, id: string, object: { charge?: unknown } | null) {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      await syncCheckoutSession(id);
      break;
    case "payment_intent.processing":
    case "payment_intent.requires_action": // a bank account waiting for its micro-deposits
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
    case "payment_intent.canceled":
      await syncPaymentIntent(id);
      break;
    case "setup_intent.succeeded":
    case "setup_intent.setup_failed":
      await syncSetupIntent(id);
      break;
    case "charge.refunded":
      await syncCharge(id);
      break;
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const chargeId = typeof object?.charge === "string" ? object.charge : typeof object?.charge === "object" && object.charge ? (object.charge as { id?: string }).id : undefined;
      if (chargeId && STRIPE_ID.test(chargeId)) await syncCharge(chargeId);
      break;
    }
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
      await syncDispute(id);
      break;
    default:
      break; // not one we act on; still recorded so it is not retried
  }
}

// ---------------------------------------------------------------------------
// Debtor-side reads
// ---------------------------------------------------------------------------

export async function listPaymentsForDebtor(debtorId: string, accountId: string) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const rows = await db().select().from(schema.payments).where(eq(schema.payments.accountId, accountId)).orderBy(asc(schema.payments.createdAt));
  return { account: found.account, creditor: found.creditor, payments: rows };
}

export async function getReceipt(debtorId: string, accountId: string, paymentId: string) {
  if (!isUuid(paymentId)) return null;
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const [payment] = await db()
    .select()
    .from(schema.payments)
    .where(and(eq(schema.payments.id, paymentId), eq(schema.payments.accountId, accountId)));
  if (!payment) return null;
  const balance = (await balancesFor([accountId])).get(accountId) ?? 0;
  const { planSummaryForAccount } = await import("./plans.server");
  const plan = await planSummaryForAccount(accountId);
  return { payment, account: found.account, creditor: found.creditor, debtorName: found.debtor.fullName, remainingCents: balance, next: plan?.nextDueDate ? { date: plan.nextDueDate, amountCents: plan.nextAmountCents } : null };
}


/** The payment row for a PaymentIntent of this account (already owner-checked by the caller). */
export async function paymentForIntent(accountId: string, paymentIntentId: string) {
  const [row] = await db()
    .select({ id: schema.payments.id })
    .from(schema.payments)
    .where(and(eq(schema.payments.accountId, accountId), eq(schema.payments.stripePaymentIntentId, paymentIntentId)));
  return row ?? null;
}

/** The open installments of the account's live plan, for the calendar file. */
export async function upcomingInstallments(debtorId: string, accountId: string) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const rows = await db()
    .select({ id: schema.installments.id, seq: schema.installments.seq, dueDate: schema.installments.dueDate, amountCents: schema.installments.amountCents })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .where(
      and(
        eq(schema.plans.accountId, accountId),
        inArray(schema.plans.status, LIVE_PLAN_STATUSES),
        inArray(schema.installments.status, UNPAID_INSTALLMENT_STATUSES),
      ),
    )
    .orderBy(asc(schema.installments.dueDate));
  return { account: found.account, installments: rows };
}
