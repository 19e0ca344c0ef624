// US bank accounts (ACH Direct Debit) as they really behave
// (https://docs.stripe.com/payments/ach-direct-debit/accept-a-payment):
//
// - a debit is made under a mandate (Checkout's page collects it; a saved account carries
//   the multi-use mandate of its setup; otherwise mandate_data);
// - an account entered by hand is verified with micro-deposits first: the intent waits in
//   `requires_action` with `next_action.verify_with_microdeposits` (arrival in 1 business
//   day, 10 days to verify, 10 attempts; Stripe's test codes SM11AA / SM33CC / SM44DD and
//   amounts 32+45 / 10+11 / 40+41), and a Checkout Session completes meanwhile, unpaid;
// - the debit stays `processing` for ACH_SETTLEMENT_BUSINESS_DAYS on the emulator clock,
//   then succeeds or is returned with the account's ACH return code
//   (`charge.failure_code`, `last_payment_error.code`);
// - each step emits what Stripe emits, Checkout's async_payment_succeeded / _failed
//   included.
import { addBusinessDays } from "./clock";
import { StripeApiError, invalidRequest, noSuch } from "./errors";
import { newId } from "./ids";
import { newCharge, newMandate, snapshot } from "./objects";
import {
  attachPaymentMethod,
  internalsOf,
  markUsed,
  revokeMandate,
  saveForFutureUse,
} from "./payment-methods";
import { openDispute } from "./refunds-disputes";
import { BANK_FAILURE_MESSAGES, type BankInstrument } from "./test-instruments";
import type {
  BankFailureCode,
  Charge,
  CheckoutSession,
  Mandate,
  PaymentIntent,
  PaymentMethod,
  SetupIntent,
} from "./types";
import type { World } from "./world";

/** Business days an ACH debit stays `processing` before it settles or is returned. */
export const ACH_SETTLEMENT_BUSINESS_DAYS = 4;
/** Micro-deposits reach the account this many business days after it was entered. */
export const MICRODEPOSIT_ARRIVAL_BUSINESS_DAYS = 1;
/** Days after the micro-deposits arrive to verify them, and attempts allowed. */
export const MICRODEPOSIT_VERIFY_DAYS = 10;
export const MICRODEPOSIT_MAX_ATTEMPTS = 10;

type BankResult =
  { status: "processing" } | { status: "requires_verification" } | { status: "succeeded" };

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

/** Confirms a bank debit: for an account entered by hand, its micro-deposits come first. */
export function confirmBankDebit(
  world: World,
  pi: PaymentIntent,
  pm: PaymentMethod,
  instrument: BankInstrument,
  source: MandateSource,
): BankResult {
  const mandate = mandateFor(world, pi, pm, source);
  const internal = internalsOf(world, pm);
  if (internal.verification === "failed") {
    pi.status = "requires_payment_method";
    throw invalidRequest(
      "This bank account could not be verified and cannot be used. Please use another payment method.",
      "payment_method",
      "payment_method_unexpected_state",
    );
  }
  if (internal.verification === "pending") {
    awaitMicrodeposits(world, pi, pm, mandate.id);
    return { status: "requires_verification" };
  }
  startBankDebit(world, pi, pm, instrument, mandate.id);
  return { status: "processing" };
}

function startBankDebit(
  world: World,
  pi: PaymentIntent,
  pm: PaymentMethod,
  instrument: BankInstrument,
  mandateId: string | null,
): void {
  const charge = newCharge({
    now: world.now(),
    paymentIntent: pi,
    paymentMethod: pm,
    status: "pending",
    mandate: mandateId,
    authenticated: false,
  });
  world.store.charges.set(charge.id, charge);
  Object.assign(pi, {
    status: "processing",
    payment_method: pm.id,
    latest_charge: charge.id,
    last_payment_error: null,
    next_action: null,
  } satisfies Partial<PaymentIntent>);
  saveForFutureUse(world, pi, pm);
  markUsed(world, pm);
  world.emit("charge.pending", charge);
  world.emit("payment_intent.processing", pi);
  scheduleBankSettlement(world, pi, instrument);
}

/**
 * Saves a bank account (a SetupIntent: Checkout's setup mode), with the customer's
 * multi-use mandate; an account entered by hand is verified with micro-deposits first.
 */
export function setupBankAccount(
  world: World,
  si: SetupIntent,
  pm: PaymentMethod,
  _instrument: BankInstrument,
): BankResult {
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
  si.mandate = mandate.id;
  if (internalsOf(world, pm).verification === "pending") {
    si.payment_method = pm.id;
    awaitMicrodeposits(world, si, pm, mandate.id);
    return { status: "requires_verification" };
  }
  completeBankSetup(world, si, pm);
  return { status: "succeeded" };
}

function completeBankSetup(world: World, si: SetupIntent, pm: PaymentMethod): void {
  const internal = internalsOf(world, pm);
  internal.mandate = si.mandate;
  Object.assign(si, {
    status: "succeeded",
    payment_method: pm.id,
    last_setup_error: null,
    next_action: null,
  } satisfies Partial<SetupIntent>);
  if (si.customer) attachPaymentMethod(world, pm, si.customer, { setUp: true, validate: false });
  else internal.setUp = true;
  world.emit("setup_intent.succeeded", si);
}

// ---------------------------------------------------------------------------
// Micro-deposits

/**
 * Stripe sends two micro-deposits (here: one with the descriptor code SM11AA); the
 * intent waits in requires_action until the customer verifies them. On the clock: at
 * arrival, an account that cannot receive them fails; 10 days later, an unverified one
 * times out.
 */
function awaitMicrodeposits(
  world: World,
  intent: PaymentIntent | SetupIntent,
  pm: PaymentMethod,
  mandateId: string,
): void {
  const internal = internalsOf(world, pm);
  const arrivesAtMs = addBusinessDays(world.clock.nowMs(), MICRODEPOSIT_ARRIVAL_BUSINESS_DAYS);
  internal.microdeposits = { intentId: intent.id, attempts: 0, mandate: mandateId };
  Object.assign(intent, {
    status: "requires_action",
    next_action: {
      type: "verify_with_microdeposits",
      verify_with_microdeposits: {
        arrival_date: Math.floor(arrivesAtMs / 1000),
        hosted_verification_url: `${world.config.publicUrl}/verify/${intent.id}`,
        microdeposit_type: "descriptor_code",
      },
    },
  } satisfies Partial<PaymentIntent | SetupIntent>);
  world.emit(`${intent.object}.requires_action`, intent);
  const instrument = internal.instrument as BankInstrument;
  world.clock.at(`microdeposits-arrive:${intent.id}`, arrivesAtMs, () => {
    if (instrument.microdeposits === "fail_to_send" && stillWaiting(world, intent, pm)) {
      failVerification(world, intent, pm, "payment_method_microdeposit_failed");
    }
  });
  world.clock.at(
    `microdeposits-timeout:${intent.id}`,
    arrivesAtMs + MICRODEPOSIT_VERIFY_DAYS * 24 * 3600 * 1000,
    () => {
      if (stillWaiting(world, intent, pm)) {
        failVerification(world, intent, pm, "payment_method_microdeposit_verification_timeout");
      }
    },
  );
}

function stillWaiting(world: World, intent: PaymentIntent | SetupIntent, pm: PaymentMethod) {
  return (
    intent.status === "requires_action" &&
    intent.next_action?.type === "verify_with_microdeposits" &&
    internalsOf(world, pm).verification === "pending"
  );
}

const VERIFICATION_MESSAGES: Record<string, string> = {
  payment_method_microdeposit_failed:
    "Microdeposit transfers failed. Please check the account, institution and transit numbers.",
  payment_method_microdeposit_verification_attempts_exceeded:
    "You have exceeded the number of allowed verification attempts.",
  payment_method_microdeposit_verification_timeout:
    "Payment method should be verified with microdeposits within the required period.",
};

/** The bank account cannot be verified: the intent fails (Checkout: async_payment_failed). */
function failVerification(
  world: World,
  intent: PaymentIntent | SetupIntent,
  pm: PaymentMethod,
  code: string,
): void {
  const internal = internalsOf(world, pm);
  internal.verification = "failed";
  internal.microdeposits = null;
  world.cancel(`microdeposits-arrive:${intent.id}`);
  world.cancel(`microdeposits-timeout:${intent.id}`);
  const error = {
    type: "invalid_request_error" as const,
    code,
    message: VERIFICATION_MESSAGES[code],
    doc_url: `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}`,
    payment_method: snapshot(pm),
    payment_method_type: "us_bank_account",
  };
  if (intent.object === "payment_intent") {
    Object.assign(intent, {
      status: "requires_payment_method",
      payment_method: null,
      next_action: null,
      last_payment_error: error,
    } satisfies Partial<PaymentIntent>);
    world.emit("payment_intent.payment_failed", intent);
    const session = sessionOf(world, intent.id);
    if (session) world.emit("checkout.session.async_payment_failed", session);
  } else {
    Object.assign(intent, {
      status: "requires_payment_method",
      payment_method: null,
      next_action: null,
      last_setup_error: error,
    } satisfies Partial<SetupIntent>);
    world.emit("setup_intent.setup_failed", intent);
  }
}

export interface MicrodepositAnswer {
  descriptorCode?: string;
  amounts?: number[];
}

/**
 * The customer's answer (the API's verify_microdeposits, the hosted verification page or
 * the control). Stripe's test values: SM11AA or 32 + 45 verify; SM33CC or 10 + 11 exceed
 * the attempts; SM44DD or 40 + 41 time out; anything else is a mismatch (10 allowed).
 */
export function verifyMicrodeposits(
  world: World,
  intentId: string,
  answer: MicrodepositAnswer,
): PaymentIntent | SetupIntent {
  const intent = intentId.startsWith("seti_")
    ? world.store.setupIntents.get(intentId)
    : world.store.paymentIntents.get(intentId);
  if (!intent)
    throw noSuch(intentId.startsWith("seti_") ? "setup_intent" : "payment_intent", intentId);
  const pm = intent.payment_method
    ? world.store.paymentMethods.get(intent.payment_method)
    : undefined;
  if (
    !pm ||
    intent.status !== "requires_action" ||
    intent.next_action?.type !== "verify_with_microdeposits"
  ) {
    throw invalidRequest(
      `This ${intent.object === "payment_intent" ? "PaymentIntent" : "SetupIntent"} is not waiting for its micro-deposits to be verified (status: ${intent.status}).`,
      undefined,
      `${intent.object}_unexpected_state`,
    );
  }
  const { descriptorCode, amounts } = answer;
  if ((descriptorCode === undefined) === (amounts === undefined)) {
    throw invalidRequest(
      "You must provide exactly one of these parameters: amounts, descriptor_code.",
    );
  }
  if (amounts && (amounts.length !== 2 || !amounts.every((a) => Number.isInteger(a) && a > 0))) {
    throw invalidRequest("amounts must be two positive integers, in cents.", "amounts");
  }
  const said =
    descriptorCode?.trim().toUpperCase() ?? [...amounts!].sort((a, b) => a - b).join("+");
  const outcome: "verified" | "exceeded" | "timeout" | "mismatch" =
    said === "SM11AA" || said === "32+45"
      ? "verified"
      : said === "SM33CC" || said === "10+11"
        ? "exceeded"
        : said === "SM44DD" || said === "40+41"
          ? "timeout"
          : "mismatch";
  const internal = internalsOf(world, pm);
  if (outcome === "mismatch") {
    const progress = internal.microdeposits!;
    progress.attempts++;
    const left = MICRODEPOSIT_MAX_ATTEMPTS - progress.attempts;
    if (left > 0) {
      const code = descriptorCode
        ? "payment_method_microdeposit_verification_descriptor_code_mismatch"
        : "payment_method_microdeposit_verification_amounts_mismatch";
      throw invalidRequest(
        `The ${descriptorCode ? "descriptor code" : "amounts"} provided do not match the microdeposit${descriptorCode ? "" : "s"} sent to the bank account. You have ${left} verification attempt${left === 1 ? "" : "s"} remaining.`,
        descriptorCode ? "descriptor_code" : "amounts",
        code,
      );
    }
  }
  if (outcome !== "verified") {
    const code =
      outcome === "timeout"
        ? "payment_method_microdeposit_verification_timeout"
        : "payment_method_microdeposit_verification_attempts_exceeded";
    failVerification(world, intent, pm, code);
    throw invalidRequest(VERIFICATION_MESSAGES[code], undefined, code);
  }
  const mandateId = internal.microdeposits?.mandate ?? null;
  internal.verification = "verified";
  internal.microdeposits = null;
  world.cancel(`microdeposits-arrive:${intent.id}`);
  world.cancel(`microdeposits-timeout:${intent.id}`);
  if (intent.object === "payment_intent") {
    startBankDebit(world, intent, pm, internal.instrument as BankInstrument, mandateId);
  } else {
    completeBankSetup(world, intent, pm);
  }
  return intent;
}

// ---------------------------------------------------------------------------
// Settlement

/**
 * ACH debits resolve days later: by default ACH_SETTLEMENT_BUSINESS_DAYS business days
 * after they start processing on the emulator clock (Stripe: "typically 4 business days"),
 * or after `bankSettlementDelayMs` when set (the demo: seconds). Controls settle or fail
 * one at once. An account that "stays processing" is never settled by the clock.
 */
function scheduleBankSettlement(world: World, pi: PaymentIntent, instrument: BankInstrument): void {
  const outcome = instrument.settles;
  if (outcome === "never") return;
  const delay = world.config.bankSettlementDelayMs;
  const dueAtMs =
    delay !== null
      ? world.clock.nowMs() + delay
      : addBusinessDays(world.clock.nowMs(), ACH_SETTLEMENT_BUSINESS_DAYS);
  world.clock.at(`settle:${pi.id}`, dueAtMs, () => {
    if (pi.status === "processing") settleBankPayment(world, pi.id, outcome);
  });
}

function sessionOf(world: World, piId: string): CheckoutSession | undefined {
  for (const session of world.store.sessions.values()) {
    if (session.payment_intent === piId) return session;
  }
  return undefined;
}

/** A processing ACH debit succeeds, or is returned with an ACH return code. */
export function settleBankPayment(
  world: World,
  paymentIntentId: string,
  outcome: "succeed" | BankFailureCode,
): PaymentIntent {
  const pi = world.store.paymentIntents.get(paymentIntentId);
  if (!pi) throw noSuch("payment_intent", paymentIntentId);
  if (pi.status !== "processing") {
    throw invalidRequest(
      `PaymentIntent ${pi.id} has status ${pi.status}; only a processing bank payment can settle or fail.`,
    );
  }
  world.cancel(`settle:${pi.id}`);
  const charge = world.store.charges.get(pi.latest_charge ?? "");
  const pm = world.store.paymentMethods.get(pi.payment_method ?? "");
  if (!charge || !pm) throw new Error(`emulator: processing intent ${pi.id} has no charge`);
  const session = sessionOf(world, pi.id);

  if (outcome === "succeed") {
    Object.assign(charge, {
      status: "succeeded",
      paid: true,
      captured: true,
      amount_captured: charge.amount,
      balance_transaction: newId("txn"),
      // The bank's reference, available once the debit succeeded.
      payment_method_details: {
        ...charge.payment_method_details,
        us_bank_account: {
          ...(charge.payment_method_details as { us_bank_account: object }).us_bank_account,
          payment_reference: `${charge.id.slice(-15).toUpperCase()}`,
        },
      },
    } as Partial<Charge>);
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
    const instrument = world.store.paymentMethodInternals.get(pm.id)?.instrument;
    if (instrument?.kind === "us_bank_account" && instrument.disputes) {
      openDispute(world, charge.id, { reason: "unrecognized" });
    }
    return pi;
  }

  // An ACH return: Stripe reports the return reason as the charge's failure_code and the
  // intent's last_payment_error.code (a payment error, type card_error).
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
      reason: null,
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
      type: "card_error",
      code: outcome,
      message,
      charge: charge.id,
      doc_url: `https://stripe.com/docs/error-codes/${outcome.replace(/_/g, "-")}`,
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
