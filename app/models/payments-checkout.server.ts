// Payments, the way in: one Stripe Customer per debtor, and hosted Checkout for what is
// due (app/models/payments.server.ts lists the payment modules).
import { and, asc, eq, inArray } from "drizzle-orm";
import type Stripe from "stripe";
import { compare, todayIn } from "~/lib/calendar-date";
import { db, schema } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { stripe } from "~/services/stripe.server";
import { getAccountForDebtor } from "./accounts.server";
import { audit } from "./audit.server";
import {
  CHECKOUT_PLAN_STATUSES,
  IN_PROGRESS_INSTALLMENT_STATUSES,
  OPEN_INSTALLMENT_STATUSES,
} from "./status-sets.server";
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
    .where(
      and(
        eq(schema.plans.accountId, account.id),
        inArray(schema.plans.status, CHECKOUT_PLAN_STATUSES),
      ),
    )
    .orderBy(asc(schema.plans.createdAt))
    .limit(1);
  if (!plan) return { ok: false, reason: "no_plan" };
  const installments = await db()
    .select()
    .from(schema.installments)
    .where(eq(schema.installments.planId, plan.id))
    .orderBy(asc(schema.installments.seq));
  const next = installments.find((i) => i.status === "scheduled" || i.status === "failed");

  const purpose =
    input.purpose ??
    (plan.status === "pending_payment_method"
      ? "plan_start"
      : next && compare(next.dueDate, today) <= 0
        ? "installment"
        : "update_card");
  // Starting a plan pays now when its first installment is due today; "installment" pays
  // the next one now, due or early; "payoff" pays every open installment at once;
  // "update_card" only saves a method.
  const openInstallments = installments.filter((i) =>
    (OPEN_INSTALLMENT_STATUSES as readonly string[]).includes(i.status),
  );
  if (
    (purpose === "installment" || purpose === "payoff") &&
    plan.status === "pending_payment_method"
  )
    return { ok: false, reason: "no_plan" };
  // A bank payment still being verified or processed: no second payment meanwhile.
  if (purpose !== "update_card" && installments.some((i) => i.status === "processing"))
    return { ok: false, reason: "processing" };
  // An installment being charged by the worker: paying everything now could pay it twice.
  if (
    purpose === "payoff" &&
    installments.some((i) =>
      (IN_PROGRESS_INSTALLMENT_STATUSES as readonly string[]).includes(i.status),
    )
  )
    return { ok: false, reason: "processing" };
  const payNow =
    next !== undefined &&
    (purpose === "installment" ||
      purpose === "payoff" ||
      (purpose === "plan_start" && compare(next.dueDate, today) <= 0));
  if ((purpose === "installment" || purpose === "payoff") && !payNow)
    return { ok: false, reason: "nothing_due" };
  // The amount is always the server's: the next installment, or the sum of the open ones.
  const amountCents =
    purpose === "payoff"
      ? openInstallments.reduce((sum, i) => sum + i.amountCents, 0)
      : (next?.amountCents ?? 0);
  const wanted = {
    purpose,
    mode: payNow ? ("payment" as const) : ("setup" as const),
    amountCents: payNow ? amountCents : null,
    installmentId: payNow && purpose !== "payoff" ? (next?.id ?? null) : null,
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
