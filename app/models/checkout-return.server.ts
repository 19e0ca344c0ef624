// Back from hosted Checkout: what the debtor is told. Read-only: Stripe says how the
// Checkout ended, our rows (written by the webhook or the reconciler) give the receipt,
// and the plan gives what happens next. A receipt the webhook has not written yet is
// "waiting", never an error.
import { and, eq } from "drizzle-orm";
import Stripe from "stripe";
import { todayIn } from "~/lib/calendar-date";
import type { PayNowKind } from "~/lib/pay-now";
import { stripe } from "~/services/stripe.server";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor } from "./accounts.server";
import { planSummaryForAccount } from "./plans-read.server";

export type ReturnState =
  "paid" | "processing" | "verifying" | "verifyingSetup" | "saved" | "failed" | "open" | "checking";

type Intent = { status: string; next_action: { type: string } | null } | null;
const verifying = (intent: Intent) =>
  intent?.status === "requires_action" && intent.next_action?.type === "verify_with_microdeposits";

function stateOf(checkout: Stripe.Checkout.Session): ReturnState {
  const pi = typeof checkout.payment_intent === "object" ? checkout.payment_intent : null;
  const si = typeof checkout.setup_intent === "object" ? checkout.setup_intent : null;
  if (checkout.mode === "setup")
    return checkout.status !== "complete"
      ? "open"
      : verifying(si)
        ? "verifyingSetup"
        : si?.status === "requires_payment_method"
          ? "failed"
          : "saved";
  if (pi?.status === "succeeded") return "paid";
  if (pi?.status === "processing") return "processing";
  if (verifying(pi)) return "verifying";
  if (checkout.status === "complete" || pi?.last_payment_error) return "failed";
  return "open";
}

/**
 * Null when the account is not this debtor's or the Checkout session is not this
 * account's (→ 404, never a peek); `"plan"` when the address carries no session id.
 */
export async function checkoutReturn(debtorId: string, accountId: string, sessionId: string) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) return "plan" as const;
  let checkout: Stripe.Checkout.Session | null = null;
  try {
    checkout = await stripe().checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent", "setup_intent"],
    });
  } catch (error) {
    if (error instanceof Stripe.errors.StripeInvalidRequestError) return null;
    // The payment service did not answer: say so calmly, and offer a refresh.
  }
  if (checkout && checkout.metadata?.account_id !== found.account.id) return null;
  const pi =
    checkout && typeof checkout.payment_intent === "object" ? checkout.payment_intent : null;
  const state: ReturnState = checkout ? stateOf(checkout) : "checking";
  const payment = pi ? await paymentOf(found.account.id, pi.id) : null;
  const plan = await planSummaryForAccount(found.account.id);
  const paid = checkout ? await paidFor(found.account.id, checkout.metadata ?? {}) : null;
  const receiptReady = payment !== null && payment.status !== "failed";
  // The payment went through but its receipt is not written yet (the webhook is on its way).
  const waiting =
    state === "checking" || ((state === "paid" || state === "processing") && !receiptReady);
  return {
    accountId: found.account.id,
    state,
    amountCents: pi?.amount ?? 0,
    currency: pi?.currency ?? found.account.currency,
    receipt: receiptReady
      ? {
          id: payment.id,
          amountCents: payment.amountCents,
          currency: payment.currency,
          status: payment.status,
          // The day in the creditor's calendar, as on the statement (not UTC's).
          date: todayIn(found.creditor.timezone, payment.succeededAt ?? payment.createdAt),
          method: payment.methodBrand
            ? { brand: payment.methodBrand, last4: payment.methodLast4 ?? "" }
            : null,
        }
      : null,
    waiting,
    next: nextStep(state, waiting, plan, found.balanceCents),
    /** A single payment (pay now): its page to try again, and no plan to link to. */
    oneOff: paid?.oneOff ?? false,
    retryKind: paid?.retryKind ?? null,
  };
}

/**
 * What the Checkout was for, from its metadata and this account's plan row: a single
 * payment's "try again" is its pay-now page (the amount is the server's again), a plan's
 * first payment or card is a new Checkout of the plan.
 */
async function paidFor(
  accountId: string,
  metadata: Record<string, string>,
): Promise<{ oneOff: boolean; retryKind: PayNowKind | null }> {
  const [row] = metadata.plan_id
    ? await db()
        .select({ kind: schema.plans.kind })
        .from(schema.plans)
        .where(and(eq(schema.plans.id, metadata.plan_id), eq(schema.plans.accountId, accountId)))
    : [];
  const oneOff = row?.kind === "full" || row?.kind === "settlement";
  const retryKind: PayNowKind | null = oneOff
    ? row.kind === "full"
      ? "full"
      : "settlement"
    : metadata.purpose === "installment" || metadata.purpose === "catch_up"
      ? "next"
      : metadata.purpose === "payoff"
        ? "payoff"
        : metadata.purpose === "extra"
          ? "extra"
          : null;
  return { oneOff, retryKind };
}

/** Null while the outcome is not known here yet (the plan would still show the payment just made). */
function nextStep(
  state: ReturnState,
  waiting: boolean,
  plan: Awaited<ReturnType<typeof planSummaryForAccount>>,
  balanceCents: number,
) {
  if (waiting || state === "failed" || state === "open" || state === "checking") return null;
  if (plan?.nextDueDate && plan.nextAmountCents)
    return {
      kind: "date" as const,
      date: plan.nextDueDate,
      amountCents: plan.nextAmountCents,
      currency: plan.currency,
    };
  return { kind: balanceCents <= 0 ? ("none" as const) : ("unscheduled" as const) };
}

async function paymentOf(accountId: string, paymentIntentId: string) {
  const [row] = await db()
    .select()
    .from(schema.payments)
    .where(
      and(
        eq(schema.payments.accountId, accountId),
        eq(schema.payments.stripePaymentIntentId, paymentIntentId),
      ),
    );
  return row ?? null;
}
