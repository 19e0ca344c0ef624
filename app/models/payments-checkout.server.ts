// Payments, the way in: one Stripe Customer per debtor, and hosted Checkout for what is
// due (app/models/payments.server.ts lists the payment modules).
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { todayIn } from "~/lib/calendar-date";
import { APPLIED_TO_PLAN, checkoutCharge, type CheckoutPurpose } from "~/lib/checkout-charge";
import { db, schema } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";
import { getAccountForDebtor } from "./accounts.server";
import { audit } from "./audit.server";
import { CHECKOUT_PLAN_STATUSES } from "./status-sets.server";
import { effectivePolicy } from "./policy.server";
import { syncCheckoutSession } from "./payments-sync.server";

// ---------------------------------------------------------------------------
// Customers and Checkout
// ---------------------------------------------------------------------------

/** One Stripe Customer per debtor, created once (idempotency key) and remembered. */
export async function ensureCustomer(debtorId: string): Promise<string> {
  const [known] = await db()
    .select()
    .from(schema.stripeCustomers)
    .where(eq(schema.stripeCustomers.debtorId, debtorId));
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
    {
      idempotencyKey: known
        ? `customer:${debtorId}:recreate:${Date.now()}`
        : `customer:${debtorId}`,
    },
  );
  await db()
    .insert(schema.stripeCustomers)
    .values({ debtorId, stripeCustomerId: customer.id })
    .onConflictDoNothing();
  const [row] = await db()
    .select()
    .from(schema.stripeCustomers)
    .where(eq(schema.stripeCustomers.debtorId, debtorId));
  return row.stripeCustomerId;
}

export type CheckoutStart =
  | { ok: true; url: string }
  | { ok: false; reason: "no_plan" | "on_hold" | "nothing_due" | "processing" | "unavailable" };

/**
 * Sends the debtor to hosted Checkout for the plan (the live one, or a broken one a payment
 * brings back; `planId` names it): finishing its set-up, or a payment now
 * (app/lib/checkout-charge.ts says what each purpose charges). One open Checkout per
 * account, reused only for the same purpose, amount and installment (a double click, a
 * second tab); any other open one is expired first, so "update my card" never lands on an
 * old "Pay $42.25" page. Checkout offers only the ways to pay the creditor's policy allows.
 */
export async function startCheckout(input: {
  debtorId: string;
  accountId: string;
  appUrl: string;
  purpose?: CheckoutPurpose;
  /** `extra` only: the amount the debtor chose, already checked against the plan. */
  extraCents?: number;
  planId?: string;
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
    .where(
      and(
        eq(schema.plans.accountId, account.id),
        inArray(schema.plans.status, CHECKOUT_PLAN_STATUSES),
        input.planId ? eq(schema.plans.id, input.planId) : undefined,
      ),
    )
    // The newest: a plan made after an older one broke is the one that governs.
    .orderBy(desc(schema.plans.createdAt))
    .limit(1);
  if (!plan) return { ok: false, reason: "no_plan" };
  const installments = await db()
    .select()
    .from(schema.installments)
    .where(eq(schema.installments.planId, plan.id))
    .orderBy(asc(schema.installments.seq));
  const next = installments.find((i) => i.status === "scheduled" || i.status === "failed");
  const charge = checkoutCharge(plan, installments, today, input.purpose, input.extraCents);
  if (!charge.ok) return charge;
  const { purpose, amountCents } = charge;
  const payNow = charge.mode === "payment";
  const wanted = {
    purpose,
    mode: charge.mode,
    amountCents: charge.amountCents,
    installmentId: charge.installmentId,
  };
  const sameAsWanted = (row: typeof schema.checkoutSessions.$inferSelect) =>
    row.purpose === wanted.purpose &&
    row.mode === wanted.mode &&
    row.amountCents === wanted.amountCents &&
    row.installmentId === wanted.installmentId &&
    row.planId === plan.id;

  const [open] = await db()
    .select()
    .from(schema.checkoutSessions)
    .where(
      and(
        eq(schema.checkoutSessions.accountId, account.id),
        eq(schema.checkoutSessions.status, "open"),
      ),
    );
  if (open && sameAsWanted(open) && open.expiresAt.getTime() > now.getTime() + 60_000)
    return { ok: true, url: open.url };
  if (open) {
    // Another purpose, another amount or installment, or about to expire: it must not be
    // paid any more. Expired at Stripe first, then recorded from Stripe's answer.
    await expireCheckout(open.stripeSessionId);
  }

  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const methods = [...policy.paymentMethods];
  // Saved for later installments only where a plan's recurring authorization covers them:
  // never for a single payment (paying in full, the settlement), paying off or paying extra.
  const recurring =
    plan.kind === "installments" &&
    installments.length > 1 &&
    (purpose === "plan_start" || purpose === "installment" || purpose === "catch_up");
  const customer = await ensureCustomer(input.debtorId);
  const metadata: Record<string, string> = { account_id: account.id, plan_id: plan.id, purpose };
  if (wanted.installmentId) metadata.installment_id = wanted.installmentId;
  const base = `${input.appUrl}/accounts/${account.id}`;
  const attemptKey = `checkout:${plan.id}:${purpose}:${next?.id ?? "none"}:${next?.attempts ?? 0}:${APPLIED_TO_PLAN.includes(purpose) ? amountCents : ""}:${methods.join("+")}:${open ? open.stripeSessionId : "first"}`;
  // A single payment (no plan for the debtor to see) goes back to its confirm page.
  const cancelUrl =
    plan.kind === "installments"
      ? `${base}/plan?checkout=cancelled`
      : `${base}/pay-now?kind=${plan.kind}&checkout=cancelled`;

  let session: Stripe.Checkout.Session;
  try {
    session = await stripe().checkout.sessions.create(
      {
        mode: wanted.mode,
        customer,
        client_reference_id: account.id,
        locale: input.lang,
        success_url: `${base}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: cancelUrl,
        metadata,
        // Only the ways to pay the creditor chose (card, US bank account): without the list
        // Stripe offers every method enabled in the Dashboard. On this API version
        // (stripe-node 23) `allowed_payment_method_types` replaces `payment_method_types`.
        allowed_payment_method_types: methods,
        ...(payNow && amountCents !== null
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
    log("warn", "checkout create failed", {
      accountId: account.id,
      error: (error as Error).name,
      errorCode: (error as { code?: string }).code ?? null,
    });
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
    .where(
      and(
        eq(schema.checkoutSessions.accountId, account.id),
        eq(schema.checkoutSessions.status, "open"),
      ),
    );
  if (winner && !sameAsWanted(winner)) {
    log("warn", "checkout: an older open session could not be expired", { accountId: account.id });
    return { ok: false, reason: "unavailable" };
  }
  await audit({
    actorType: "debtor",
    actorId: input.debtorId,
    creditorId: account.creditorId,
    action: "checkout.started",
    targetType: "account",
    targetId: account.id,
    details: { purpose },
  });
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
