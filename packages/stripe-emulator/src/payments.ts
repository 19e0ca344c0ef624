// Confirming payment and setup intents against the test instruments (cards, and methods
// approved on their own page), with the events Stripe emits. Bank debits (ACH) are in
// bank.ts, refunds and disputes in refunds-disputes.ts.
import { cardError, invalidRequest } from "./errors";
import { newId } from "./ids";
import { newCharge, snapshot } from "./objects";
import { confirmBankDebit, setupBankAccount, type MandateSource } from "./bank";
import {
  assertReusable,
  attachPaymentMethod,
  declineToError,
  internalsOf,
  markUsed,
  saveForFutureUse,
} from "./payment-methods";
import { openDispute } from "./refunds-disputes";
import type { PaymentMethodInternal } from "./store";
import { AUTHENTICATION_REQUIRED, type CardInstrument, type Decline } from "./test-instruments";
import type { Charge, PaymentError, PaymentIntent, PaymentMethod, SetupIntent } from "./types";
import type { World } from "./world";

export type ConfirmResult =
  | { status: "succeeded" | "processing" }
  | { status: "requires_action" }
  /** A bank account entered by hand waits for its micro-deposits to be verified. */
  | { status: "requires_verification" }
  | { status: "failed"; error: PaymentError };

function needsOffSessionAuth(instrument: CardInstrument, internal: PaymentMethodInternal): boolean {
  if (instrument.offSessionAuth === "always") return true;
  return instrument.offSessionAuth === "auth_unless_set_up" && !internal.setUp;
}

/**
 * Confirms a payment intent that has a payment method. Off-session, a card that needs
 * authentication fails with `authentication_required`; on-session (Checkout) it asks
 * for a 3-D Secure challenge, answered by calling again with `authenticated`.
 */
export function confirmPaymentIntent(
  world: World,
  pi: PaymentIntent,
  opts: { offSession: boolean; authenticated?: boolean; mandate?: MandateSource },
): ConfirmResult {
  const pm = world.store.paymentMethods.get(pi.payment_method ?? "");
  if (!pm) throw invalidRequest("You must provide a payment method to confirm.", "payment_method");
  assertReusable(world, pm);
  const internal = internalsOf(world, pm);
  const { instrument } = internal;

  if (instrument.kind === "us_bank_account") {
    return confirmBankDebit(world, pi, pm, instrument, opts.mandate ?? null);
  }

  if (instrument.kind === "other") {
    // Approved on the method's own page (a redirect, or Link's sign-in); once set up for
    // later use, an off-session charge needs nothing more.
    if (!opts.authenticated && !(opts.offSession && internal.setUp)) {
      if (opts.offSession) {
        return failCardPayment(world, pi, pm, AUTHENTICATION_REQUIRED, { withCharge: false });
      }
      pi.status = "requires_action";
      pi.next_action = {
        type: "redirect_to_url",
        redirect_to_url: { url: approvalUrl(world, pi.id), return_url: null },
      };
      world.emit("payment_intent.requires_action", pi);
      return { status: "requires_action" };
    }
    return succeedPayment(world, pi, pm, { authenticated: false });
  }

  const needsAuth = opts.offSession
    ? needsOffSessionAuth(instrument, internal)
    : instrument.onSessionAuth && !opts.authenticated;
  if (needsAuth && !opts.offSession) {
    pi.status = "requires_action";
    pi.next_action = {
      type: "use_stripe_sdk",
      use_stripe_sdk: { type: "three_d_secure_redirect", source: newId("src") },
    };
    world.emit("payment_intent.requires_action", pi);
    return { status: "requires_action" };
  }
  const decline = needsAuth
    ? AUTHENTICATION_REQUIRED
    : instrument.charge === "succeed"
      ? null
      : instrument.charge;
  if (decline) return failCardPayment(world, pi, pm, decline, { withCharge: true });
  const result = succeedPayment(world, pi, pm, { authenticated: Boolean(opts.authenticated) });
  if (instrument.disputes === "inquiry") {
    openDispute(world, pi.latest_charge!, { reason: "fraudulent", inquiry: true });
  } else if (instrument.disputes) {
    openDispute(world, pi.latest_charge!, { reason: instrument.disputes });
  }
  return result;
}

/** The charge goes through at once (cards, and approved redirect-based methods). */
function succeedPayment(
  world: World,
  pi: PaymentIntent,
  pm: PaymentMethod,
  opts: { authenticated: boolean },
): ConfirmResult {
  const charge = newCharge({
    now: world.now(),
    paymentIntent: pi,
    paymentMethod: pm,
    status: "succeeded",
    mandate: null,
    authenticated: opts.authenticated,
  });
  world.store.charges.set(charge.id, charge);
  Object.assign(pi, {
    status: "succeeded",
    amount_received: pi.amount,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
  } satisfies Partial<PaymentIntent>);
  saveForFutureUse(world, pi, pm);
  markUsed(world, pm);
  world.emit("charge.succeeded", charge);
  world.emit("payment_intent.succeeded", pi);
  return { status: "succeeded" };
}

/** The hosted page's simulated approval step for the Checkout Session behind an intent. */
function approvalUrl(world: World, intentId: string): string {
  for (const session of world.store.sessions.values()) {
    if (session.payment_intent === intentId || session.setup_intent === intentId) {
      return `${world.config.publicUrl}/checkout/${session.id}/authenticate`;
    }
  }
  return `${world.config.publicUrl}/checkout`;
}

/** A failed attempt: the intent goes back to requires_payment_method with the reason. */
export function failCardPayment(
  world: World,
  pi: PaymentIntent,
  pm: PaymentMethod,
  decline: Decline,
  opts: { withCharge: boolean },
): ConfirmResult {
  let chargeId: string | undefined;
  let charge: Charge | undefined;
  if (opts.withCharge) {
    charge = newCharge({
      now: world.now(),
      paymentIntent: pi,
      paymentMethod: pm,
      status: "failed",
      mandate: null,
      authenticated: false,
      failure: { code: decline.code, message: decline.message, declineCode: decline.decline_code },
    });
    world.store.charges.set(charge.id, charge);
    chargeId = charge.id;
    pi.latest_charge = charge.id;
  }
  const error = declineToError(decline, pm, chargeId);
  Object.assign(pi, {
    status: "requires_payment_method",
    payment_method: null,
    next_action: null,
    last_payment_error: error,
  } satisfies Partial<PaymentIntent>);
  if (charge) world.emit("charge.failed", charge);
  world.emit("payment_intent.payment_failed", pi);
  return { status: "failed", error };
}

/** The 402 Stripe answers when an API confirmation fails. */
export function paymentFailureResponse(pi: PaymentIntent, error: PaymentError) {
  return cardError({
    code: error.code ?? "card_declined",
    ...(error.decline_code ? { decline_code: error.decline_code } : {}),
    message: error.message,
    ...(error.param ? { param: error.param } : {}),
    ...(error.charge ? { charge: error.charge } : {}),
    payment_intent: snapshot(pi),
    ...(error.payment_method ? { payment_method: error.payment_method } : {}),
  });
}

export function confirmSetupIntent(
  world: World,
  si: SetupIntent,
  pm: PaymentMethod,
  opts: { authenticated: boolean },
): ConfirmResult {
  const internal = internalsOf(world, pm);
  const { instrument } = internal;
  if (instrument.kind === "other" && !opts.authenticated) {
    si.status = "requires_action";
    si.next_action = {
      type: "redirect_to_url",
      redirect_to_url: { url: approvalUrl(world, si.id), return_url: null },
    };
    world.emit("setup_intent.requires_action", si);
    return { status: "requires_action" };
  }
  if (instrument.kind === "card") {
    if (instrument.onSessionAuth && !opts.authenticated) {
      si.status = "requires_action";
      world.emit("setup_intent.requires_action", si);
      return { status: "requires_action" };
    }
    if (instrument.setup !== "succeed") {
      return failSetupIntent(world, si, pm, instrument.setup);
    }
  }
  if (instrument.kind === "us_bank_account") return setupBankAccount(world, si, pm, instrument);
  Object.assign(si, {
    status: "succeeded",
    payment_method: pm.id,
    last_setup_error: null,
  } satisfies Partial<SetupIntent>);
  if (si.customer) attachPaymentMethod(world, pm, si.customer, { setUp: true, validate: false });
  else internal.setUp = true;
  world.emit("setup_intent.succeeded", si);
  return { status: "succeeded" };
}

export function failSetupIntent(
  world: World,
  si: SetupIntent,
  pm: PaymentMethod,
  decline: Decline,
): ConfirmResult {
  const error = declineToError(decline, pm);
  Object.assign(si, {
    status: "requires_payment_method",
    payment_method: null,
    last_setup_error: error,
  } satisfies Partial<SetupIntent>);
  world.emit("setup_intent.setup_failed", si);
  return { status: "failed", error };
}

export function cancelPaymentIntent(world: World, pi: PaymentIntent, reason: string | null): void {
  if (pi.status === "succeeded" || pi.status === "processing" || pi.status === "canceled") {
    throw invalidRequest(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  }
  Object.assign(pi, {
    status: "canceled",
    canceled_at: world.now(),
    cancellation_reason: reason,
    next_action: null,
  } satisfies Partial<PaymentIntent>);
  world.emit("payment_intent.canceled", pi);
}
