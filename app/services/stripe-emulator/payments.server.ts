// What happens to money: confirming payment and setup intents against the test
// instruments, ACH settlement, refunds and disputes, each emitting the events Stripe emits.
import { addBusinessDays } from "./clock.server";
import { StripeApiError, cardError, invalidRequest, noSuch } from "./errors.server";
import { newId } from "./ids.server";
import {
  newCharge,
  newDispute,
  newMandate,
  newPaymentMethod,
  newRefund,
  snapshot,
} from "./objects.server";
import type { PaymentMethodInternal } from "./store.server";
import {
  AUTHENTICATION_REQUIRED,
  BANK_FAILURE_MESSAGES,
  type CardInstrument,
  type Decline,
  type Instrument,
} from "./test-instruments.server";
import type {
  BankFailureCode,
  Charge,
  Dispute,
  Mandate,
  Metadata,
  PaymentError,
  PaymentIntent,
  PaymentMethod,
  Refund,
  SetupIntent,
} from "./types.server";
import type { World } from "./world.server";

/** Business days an ACH debit stays `processing` before it settles or is returned. */
export const ACH_SETTLEMENT_BUSINESS_DAYS = 4;

export type ConfirmResult =
  | { status: "succeeded" | "processing" }
  | { status: "requires_action" }
  | { status: "failed"; error: PaymentError };

export function createPaymentMethod(
  world: World,
  instrument: Instrument,
  details: {
    email: string | null;
    name: string | null;
    expMonth?: number;
    expYear?: number;
    accountType?: "checking" | "savings";
  },
): PaymentMethod {
  const pm = newPaymentMethod({ now: world.now(), instrument, ...details });
  world.store.paymentMethods.set(pm.id, pm);
  world.store.paymentMethodInternals.set(pm.id, {
    instrument,
    setUp: false,
    consumed: false,
    mandate: null,
  });
  return pm;
}

export function internalsOf(world: World, pm: PaymentMethod): PaymentMethodInternal {
  const internal = world.store.paymentMethodInternals.get(pm.id);
  if (!internal) throw new Error(`emulator: payment method ${pm.id} has no instrument`);
  return internal;
}

function declineToError(decline: Decline, pm: PaymentMethod, chargeId?: string): PaymentError {
  return {
    type: "card_error",
    code: decline.code,
    ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    ...(chargeId ? { charge: chargeId } : {}),
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, "-")}`,
    payment_method: snapshot(pm),
    payment_method_type: pm.type,
  };
}

/**
 * Attaches a payment method to a customer. From the API (`validate`), Stripe checks the
 * card first, so decline cards cannot be saved (402), while 4000000000000341 can.
 */
export function attachPaymentMethod(
  world: World,
  pm: PaymentMethod,
  customerId: string,
  opts: { setUp: boolean; validate: boolean },
): void {
  assertAttachable(world, pm, customerId, opts);
  const internal = internalsOf(world, pm);
  internal.setUp ||= opts.setUp;
  if (pm.customer === customerId) return;
  pm.customer = customerId;
  world.emit("payment_method.attached", pm);
}

/** Throws Stripe's error if `pm` cannot be attached to the customer. */
export function assertAttachable(
  world: World,
  pm: PaymentMethod,
  customerId: string,
  opts: { validate: boolean },
): void {
  const internal = internalsOf(world, pm);
  if (pm.customer && pm.customer !== customerId) {
    throw invalidRequest(
      `The payment method you provided has already been attached to a customer.`,
      "payment_method",
      "payment_method_unexpected_state",
    );
  }
  assertReusable(world, pm);
  const { instrument } = internal;
  if (opts.validate && instrument.kind === "card" && instrument.setup !== "succeed") {
    const decline = instrument.setup;
    throw cardError({
      code: decline.code,
      ...(decline.decline_code ? { decline_code: decline.decline_code } : {}),
      message: decline.message,
      param: decline.param ?? "",
    });
  }
}

export function detachPaymentMethod(world: World, pm: PaymentMethod): void {
  if (!pm.customer) {
    throw invalidRequest(
      `The payment method ${pm.id} is not attached to a customer so detachment is impossible.`,
      undefined,
      "payment_method_unexpected_state",
    );
  }
  pm.customer = null;
  const internal = internalsOf(world, pm);
  internal.consumed = true;
  internal.setUp = false;
  world.emit("payment_method.detached", pm);
}

/** Stripe refuses a payment method used once without being attached to a customer. */
export function assertReusable(world: World, pm: PaymentMethod): void {
  if (internalsOf(world, pm).consumed && !pm.customer) {
    throw invalidRequest(
      "This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.",
      "payment_method",
      "payment_method_unexpected_state",
    );
  }
}

function needsOffSessionAuth(instrument: CardInstrument, internal: PaymentMethodInternal): boolean {
  if (instrument.offSessionAuth === "always") return true;
  return instrument.offSessionAuth === "auth_unless_set_up" && !internal.setUp;
}

/**
 * ACH debits resolve days later: by default ACH_SETTLEMENT_BUSINESS_DAYS business days
 * after they start processing on the emulator clock (Stripe: "typically 4 business days"),
 * or after `bankSettlementDelayMs` when set (the demo: seconds). Controls settle or fail
 * one at once.
 */
function scheduleBankSettlement(
  world: World,
  pi: PaymentIntent,
  outcome: "succeed" | BankFailureCode,
): void {
  const delay = world.config.bankSettlementDelayMs;
  const dueAtMs =
    delay !== null
      ? world.clock.nowMs() + delay
      : addBusinessDays(world.clock.nowMs(), ACH_SETTLEMENT_BUSINESS_DAYS);
  world.clock.at(`settle:${pi.id}`, dueAtMs, () => {
    if (pi.status === "processing") settleBankPayment(world, pi.id, outcome);
  });
}

/**
 * Where a bank debit's mandate comes from: accepted on the hosted page (Checkout), given
 * as `mandate_data` (online or offline acceptance), an existing `mandate` id, or (null)
 * the multi-use mandate the payment method was set up with.
 */
export type MandateSource =
  | { kind: "checkout" }
  | { kind: "data"; acceptance: "online" | "offline" }
  | { kind: "id"; id: string }
  | null;

/** Stripe's answer to a bank debit without a mandate (ACH docs, "Resolve disputes"). */
export function mandateRequired(pi: PaymentIntent): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    message:
      "This PaymentIntent requires a mandate, but no existing mandate was found. Collect mandate acceptance from the customer and try again, providing acceptance data in the mandate_data parameter.",
    payment_intent: snapshot(pi),
  });
}

/**
 * The mandate a bank debit is made under. ACH needs the customer's authorization: a debit
 * without a new acceptance (`mandate_data`, or Checkout's page) uses the multi-use mandate
 * of the setup (a SetupIntent, or a payment with setup_future_usage), which a saved bank
 * account from Checkout carries. None (attached through the API only, or revoked by a
 * dispute or a debit_not_authorized return) → Stripe's 400, the intent left in
 * requires_confirmation.
 */
function mandateFor(
  world: World,
  pi: PaymentIntent,
  pm: PaymentMethod,
  source: MandateSource,
): Mandate {
  const internal = internalsOf(world, pm);
  if (source?.kind === "id") {
    const mandate = world.store.mandates.get(source.id);
    if (!mandate || mandate.payment_method !== pm.id || mandate.status !== "active") {
      pi.status = "requires_confirmation";
      throw invalidRequest(
        `The mandate ${source.id} is not active for the PaymentMethod ${pm.id}.`,
        "mandate",
        "payment_intent_mandate_invalid",
      );
    }
    return mandate;
  }
  if (source) {
    const multiUse = pi.setup_future_usage !== null;
    const mandate = newMandate({
      now: world.now(),
      paymentMethod: pm.id,
      acceptance: source.kind === "checkout" ? "online" : source.acceptance,
      multiUse,
      amount: pi.amount,
      currency: pi.currency,
    });
    world.store.mandates.set(mandate.id, mandate);
    if (multiUse) internal.mandate = mandate.id;
    return mandate;
  }
  const saved = internal.mandate ? world.store.mandates.get(internal.mandate) : undefined;
  if (!saved || saved.status !== "active") {
    pi.status = "requires_confirmation";
    throw mandateRequired(pi);
  }
  return saved;
}

/** A bank account's authorization ends (debit_not_authorized return, dispute). */
export function revokeMandate(world: World, pm: PaymentMethod | undefined): void {
  if (!pm) return;
  const internal = world.store.paymentMethodInternals.get(pm.id);
  const mandate = internal?.mandate ? world.store.mandates.get(internal.mandate) : undefined;
  if (mandate) mandate.status = "inactive";
  if (internal) internal.mandate = null;
}

/** setup_future_usage saves the method on the customer once the payment went through. */
function saveForFutureUse(world: World, pi: PaymentIntent, pm: PaymentMethod): void {
  if (!pi.setup_future_usage) return;
  if (pi.customer) attachPaymentMethod(world, pm, pi.customer, { setUp: true, validate: false });
  else internalsOf(world, pm).setUp = true;
}

function markUsed(world: World, pm: PaymentMethod): void {
  if (!pm.customer) internalsOf(world, pm).consumed = true;
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
    const mandate = mandateFor(world, pi, pm, opts.mandate ?? null);
    const charge = newCharge({
      now: world.now(),
      paymentIntent: pi,
      paymentMethod: pm,
      status: "pending",
      mandate: mandate.id,
      authenticated: false,
    });
    world.store.charges.set(charge.id, charge);
    Object.assign(pi, {
      status: "processing",
      latest_charge: charge.id,
      last_payment_error: null,
      next_action: null,
    } satisfies Partial<PaymentIntent>);
    saveForFutureUse(world, pi, pm);
    markUsed(world, pm);
    world.emit("charge.pending", charge);
    world.emit("payment_intent.processing", pi);
    scheduleBankSettlement(world, pi, instrument.settles);
    return { status: "processing" };
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
  if (instrument.disputes) openDispute(world, pi.latest_charge!, { reason: instrument.disputes });
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
  let mandateId: string | null = null;
  if (instrument.kind === "us_bank_account") {
    // Checkout's page collects the customer's online authorization for later debits.
    const mandate = newMandate({
      now: world.now(),
      paymentMethod: pm.id,
      acceptance: "online",
      multiUse: true,
      amount: 0,
      currency: "usd",
    });
    world.store.mandates.set(mandate.id, mandate);
    internal.mandate = mandate.id;
    mandateId = mandate.id;
  }
  Object.assign(si, {
    status: "succeeded",
    payment_method: pm.id,
    last_setup_error: null,
    mandate: mandateId,
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

function requirePaymentIntent(world: World, id: string): PaymentIntent {
  const pi = world.store.paymentIntents.get(id);
  if (!pi) throw noSuch("payment_intent", id);
  return pi;
}

function sessionOfPaymentIntent(world: World, piId: string) {
  for (const session of world.store.sessions.values()) {
    if (session.payment_intent === piId) return session;
  }
  return undefined;
}

/** ACH debits resolve days later; tests and the timer decide when and how. */
export function settleBankPayment(
  world: World,
  paymentIntentId: string,
  outcome: "succeed" | BankFailureCode,
): PaymentIntent {
  const pi = requirePaymentIntent(world, paymentIntentId);
  if (pi.status !== "processing") {
    throw invalidRequest(
      `PaymentIntent ${pi.id} has status ${pi.status}; only a processing bank payment can settle or fail.`,
    );
  }
  world.cancel(`settle:${pi.id}`);
  const charge = world.store.charges.get(pi.latest_charge ?? "");
  const pm = world.store.paymentMethods.get(pi.payment_method ?? "");
  if (!charge || !pm) throw new Error(`emulator: processing intent ${pi.id} has no charge`);
  const session = sessionOfPaymentIntent(world, pi.id);

  if (outcome === "succeed") {
    Object.assign(charge, {
      status: "succeeded",
      paid: true,
      captured: true,
      amount_captured: charge.amount,
      balance_transaction: newId("txn"),
    } satisfies Partial<Charge>);
    Object.assign(pi, {
      status: "succeeded",
      amount_received: pi.amount,
    } satisfies Partial<PaymentIntent>);
    world.emit("charge.succeeded", charge);
    world.emit("payment_intent.succeeded", pi);
    if (session) {
      session.payment_status = "paid";
      world.emit("checkout.session.async_payment_succeeded", session);
    }
    return pi;
  }

  const message = BANK_FAILURE_MESSAGES[outcome];
  Object.assign(charge, {
    status: "failed",
    failure_code: outcome,
    failure_message: message,
    outcome: {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: "declined_by_network",
      reason: outcome,
      risk_level: "not_assessed",
      risk_score: 0,
      seller_message: message,
      type: "issuer_declined",
    },
  } satisfies Partial<Charge>);
  Object.assign(pi, {
    status: "requires_payment_method",
    payment_method: null,
    last_payment_error: {
      type: "invalid_request_error",
      code: outcome,
      message,
      charge: charge.id,
      payment_method: snapshot(pm),
      payment_method_type: "us_bank_account",
    },
  } satisfies Partial<PaymentIntent>);
  // The customer told their bank the debit was not authorized: the mandate is revoked.
  if (outcome === "debit_not_authorized") revokeMandate(world, pm);
  world.emit("charge.failed", charge);
  world.emit("payment_intent.payment_failed", pi);
  if (session) world.emit("checkout.session.async_payment_failed", session);
  return pi;
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

/** A charge id, or a payment intent id standing for its latest charge. */
export function resolveCharge(world: World, id: string, param?: string): Charge {
  if (id.startsWith("pi_")) {
    const pi = world.store.paymentIntents.get(id);
    if (!pi) throw noSuch("payment_intent", id, param);
    const charge = pi.latest_charge ? world.store.charges.get(pi.latest_charge) : undefined;
    if (!charge || pi.status !== "succeeded") {
      throw invalidRequest(
        `This PaymentIntent (${id}) does not have a successful charge to refund or dispute.`,
        param,
      );
    }
    return charge;
  }
  const charge = world.store.charges.get(id);
  if (!charge) throw noSuch("charge", id, param);
  return charge;
}

function openDisputeOf(world: World, chargeId: string): Dispute | undefined {
  for (const dispute of world.store.disputes.values()) {
    if (
      dispute.charge === chargeId &&
      (dispute.status === "needs_response" || dispute.status === "under_review")
    ) {
      return dispute;
    }
  }
  return undefined;
}

export function refundCharge(
  world: World,
  charge: Charge,
  input: { amount?: number; reason?: string | null; metadata?: Metadata },
): Refund {
  if (charge.status !== "succeeded") {
    throw invalidRequest(
      `Charge ${charge.id} has not succeeded and cannot be refunded.`,
      undefined,
      "charge_not_refundable",
    );
  }
  // Open or lost disputes block refunds: the money is (or went) back to the cardholder.
  if (
    openDisputeOf(world, charge.id) ||
    [...world.store.disputes.values()].some((d) => d.charge === charge.id && d.status === "lost")
  ) {
    throw invalidRequest(
      `Charge ${charge.id} has been charged back; cannot issue a refund.`,
      undefined,
      "charge_disputed",
    );
  }
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining <= 0) {
    throw invalidRequest(
      `Charge ${charge.id} has already been refunded.`,
      undefined,
      "charge_already_refunded",
    );
  }
  const amount = input.amount ?? remaining;
  if (amount <= 0) throw invalidRequest("Invalid positive integer", "amount");
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`,
      "amount",
      "amount_too_large",
    );
  }
  const refund = newRefund({
    now: world.now(),
    charge,
    amount,
    reason: input.reason ?? null,
    metadata: input.metadata ?? {},
  });
  world.store.refunds.set(refund.id, refund);
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  world.emit("refund.created", refund);
  world.emit("charge.refunded", charge);
  return refund;
}

export function openDispute(
  world: World,
  chargeOrPaymentIntentId: string,
  opts: { reason?: string; amount?: number } = {},
): Dispute {
  const charge = resolveCharge(world, chargeOrPaymentIntentId);
  if (charge.status !== "succeeded") {
    throw invalidRequest(
      `Charge ${charge.id} has not succeeded; only a paid charge can be disputed.`,
    );
  }
  if (openDisputeOf(world, charge.id)) {
    throw invalidRequest(`Charge ${charge.id} already has an open dispute.`);
  }
  const dispute = newDispute({
    now: world.now(),
    charge,
    amount: opts.amount ?? charge.amount - charge.amount_refunded,
    reason: opts.reason ?? "fraudulent",
  });
  world.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  world.emit("charge.dispute.created", dispute);
  world.emit("charge.dispute.funds_withdrawn", dispute);
  return dispute;
}

export function closeDispute(world: World, disputeId: string, outcome: "won" | "lost"): Dispute {
  const dispute = world.store.disputes.get(disputeId);
  if (!dispute) throw noSuch("dispute", disputeId);
  if (dispute.status !== "needs_response" && dispute.status !== "under_review") {
    throw invalidRequest(`Dispute ${dispute.id} is already closed (${dispute.status}).`);
  }
  dispute.status = outcome;
  world.emit("charge.dispute.closed", dispute);
  if (outcome === "won") world.emit("charge.dispute.funds_reinstated", dispute);
  return dispute;
}
