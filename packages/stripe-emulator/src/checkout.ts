// The Checkout Session lifecycle behind the hosted page: a submitted card or bank account
// becomes a payment method, a payment (or setup) intent is confirmed, a 3-D Secure
// challenge is answered, and the session completes or expires, with Stripe's events.
import { invalidRequest } from "./errors";
import { randomBase62 } from "./ids";
import { newCustomer, newPaymentIntent, newSetupIntent } from "./objects";
import { createPaymentMethod } from "./payment-methods";
import {
  cancelPaymentIntent,
  confirmPaymentIntent,
  confirmSetupIntent,
  failCardPayment,
  failSetupIntent,
  type ConfirmResult,
} from "./payments";
import type { SessionInternal } from "./store";
import {
  AUTHENTICATION_FAILED,
  digitsOnly,
  findTestBankAccount,
  findTestCard,
  luhnValid,
  TEST_BANK_ROUTING,
  type Instrument,
} from "./test-instruments";
import type { CheckoutSession, PaymentMethod } from "./types";
import type { World } from "./world";

export interface CardForm {
  type: "card";
  email: string;
  number: string;
  expiry: string;
  cvc: string;
  name: string;
}

export interface BankForm {
  type: "us_bank_account";
  email: string;
  name: string;
  routing: string;
  account: string;
  accountType: string;
  /** "instant" (the test bank's sign-in) or "microdeposits" (details entered by hand). */
  verification: string;
}

/** A method approved on its own (simulated) page: Klarna, Affirm, Cash App Pay, Link … */
export interface OtherForm {
  type: "other";
  method: string;
  email: string;
}

export type CheckoutForm = CardForm | BankForm | OtherForm;

export type SubmitOutcome =
  | { kind: "completed"; redirectUrl: string }
  | { kind: "requires_action"; token: string }
  | { kind: "declined"; message: string }
  | { kind: "invalid"; message: string; fieldErrors: Record<string, string> };

export function sessionInternals(world: World, session: CheckoutSession): SessionInternal {
  const internal = world.store.sessionInternals.get(session.id);
  if (!internal) throw new Error(`emulator: session ${session.id} has no internals`);
  return internal;
}

/** success_url with Stripe's `{CHECKOUT_SESSION_ID}` template filled in. */
export function successRedirect(world: World, session: CheckoutSession): string {
  if (!session.success_url) return `${world.config.publicUrl}/checkout/${session.id}`;
  return session.success_url.split("{CHECKOUT_SESSION_ID}").join(session.id);
}

export function expireSession(world: World, session: CheckoutSession): void {
  if (session.status !== "open") {
    throw invalidRequest(
      `Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`,
      undefined,
      "checkout_session_unexpected_state",
    );
  }
  world.cancel(`expire:${session.id}`);
  Object.assign(session, { status: "expired", url: null } satisfies Partial<CheckoutSession>);
  sessionInternals(world, session).challenge = null;
  // An abandoned payment attempt is canceled with the session.
  const pi = session.payment_intent
    ? world.store.paymentIntents.get(session.payment_intent)
    : undefined;
  if (pi && (pi.status === "requires_payment_method" || pi.status === "requires_action")) {
    cancelPaymentIntent(world, pi, "abandoned");
  }
  world.emit("checkout.session.expired", session);
}

/** Stripe expires a session once its expires_at passes: an entry on the emulator clock. */
export function scheduleSessionExpiry(world: World, session: CheckoutSession): void {
  world.scheduleAt(`expire:${session.id}`, session.expires_at, () => {
    if (session.status === "open") expireSession(world, session);
  });
}

/** Fires whatever is overdue on the clock (sessions past expires_at among it). */
export function expireOverdueSessions(world: World): void {
  world.clock.tick();
}

function parseExpiry(value: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return null;
  const month = Number(match[1]);
  const year = match[2].length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  if (month < 1 || month > 12) return null;
  return { month, year };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface ValidatedForm {
  instrument: Instrument;
  email: string | null;
  name: string | null;
  expMonth?: number;
  expYear?: number;
  accountType?: "checking" | "savings";
  verification?: "verified" | "pending";
}

function validate(
  world: World,
  session: CheckoutSession,
  form: CheckoutForm,
): ValidatedForm | Extract<SubmitOutcome, { kind: "invalid" | "declined" }> {
  const errors: Record<string, string> = {};
  const email = form.email.trim() || knownEmail(world, session);
  if (!email) errors.email = "Enter your email address.";
  else if (!EMAIL.test(email)) errors.email = "Enter an email address like name@example.com.";
  const formType = form.type === "other" ? form.method : form.type;
  if (!session.payment_method_types.includes(formType)) {
    return {
      kind: "invalid",
      message: "This payment method is not available for this payment.",
      fieldErrors: {},
    };
  }

  if (form.type === "other") {
    if (Object.keys(errors).length > 0) return invalid(errors);
    return { instrument: { kind: "other", type: form.method }, email, name: null };
  }

  if (form.type === "card") {
    const digits = digitsOnly(form.number);
    const expiry = parseExpiry(form.expiry);
    const now = new Date(world.clock.nowMs());
    if (!digits) errors.number = "Enter your card number.";
    else if (!luhnValid(digits)) errors.number = "Your card number is invalid.";
    if (!expiry) errors.expiry = "Enter the expiry date as MM / YY.";
    else if (
      expiry.year < now.getUTCFullYear() ||
      (expiry.year === now.getUTCFullYear() && expiry.month < now.getUTCMonth() + 1)
    ) {
      errors.expiry = "Your card's expiration date is in the past.";
    }
    if (!/^\d{3,4}$/.test(form.cvc.trim())) errors.cvc = "Enter the 3 or 4 digit security code.";
    if (Object.keys(errors).length > 0) return invalid(errors);
    const card = findTestCard(digits);
    if (!card) {
      return {
        kind: "declined",
        message:
          "Your card was declined. This is test mode: use one of the test card numbers listed on this page.",
      };
    }
    return {
      instrument: card,
      email,
      name: form.name.trim() || null,
      expMonth: expiry!.month,
      expYear: expiry!.year,
    };
  }

  const routing = digitsOnly(form.routing);
  const account = digitsOnly(form.account);
  if (!form.name.trim()) errors.name = "Enter the account holder's name.";
  if (!/^\d{9}$/.test(routing)) errors.routing = "Enter the 9 digit routing number.";
  else if (routing !== TEST_BANK_ROUTING)
    errors.routing = `Use the test routing number ${TEST_BANK_ROUTING}.`;
  if (!/^\d{4,17}$/.test(account)) errors.account = "Enter the account number.";
  if (Object.keys(errors).length > 0) return invalid(errors);
  const bank = findTestBankAccount(routing, account);
  if (!bank) {
    return invalid({ account: "Use one of the test account numbers listed on this page." });
  }
  return {
    instrument: bank,
    email,
    name: form.name.trim(),
    accountType: form.accountType === "savings" ? "savings" : "checking",
    verification: form.verification === "microdeposits" ? "pending" : "verified",
  };
}

function invalid(fieldErrors: Record<string, string>): Extract<SubmitOutcome, { kind: "invalid" }> {
  return { kind: "invalid", message: "Please correct the highlighted fields.", fieldErrors };
}

/** The email Checkout would prefill (and lock): the customer's, else customer_email. */
export function knownEmail(world: World, session: CheckoutSession): string | null {
  const customer = session.customer ? world.store.customers.get(session.customer) : undefined;
  return customer?.email ?? session.customer_email ?? null;
}

export function submitCheckoutForm(
  world: World,
  session: CheckoutSession,
  form: CheckoutForm,
): SubmitOutcome {
  const state = sessionState(world, session);
  if (state) return state;
  const result = validate(world, session, form);
  if ("kind" in result) return result;
  const pm = createPaymentMethod(world, result.instrument, result);
  return attempt(world, session, pm, { authenticated: false });
}

/** The tester's answer to the simulated 3-D Secure challenge. */
export function answerChallenge(
  world: World,
  session: CheckoutSession,
  token: string,
  answer: "complete" | "fail",
): SubmitOutcome {
  const state = sessionState(world, session);
  if (state) return state;
  const internal = sessionInternals(world, session);
  const challenge = internal.challenge;
  if (!challenge || challenge.token !== token) {
    return {
      kind: "declined",
      message: "This authentication is no longer pending. Please try again.",
    };
  }
  internal.challenge = null;
  const pm = world.store.paymentMethods.get(challenge.paymentMethodId)!;
  if (answer === "complete") return attempt(world, session, pm, { authenticated: true });

  if (session.mode === "payment") {
    const pi = world.store.paymentIntents.get(session.payment_intent!)!;
    pi.payment_method = pm.id;
    failCardPayment(world, pi, pm, AUTHENTICATION_FAILED, { withCharge: false });
  } else {
    const si = world.store.setupIntents.get(session.setup_intent!)!;
    failSetupIntent(world, si, pm, AUTHENTICATION_FAILED);
  }
  return { kind: "declined", message: AUTHENTICATION_FAILED.message };
}

/** A session that is no longer open answers every submission the same way. */
function sessionState(world: World, session: CheckoutSession): SubmitOutcome | null {
  if (session.status === "complete")
    return { kind: "completed", redirectUrl: successRedirect(world, session) };
  if (session.status === "expired") {
    return { kind: "invalid", message: "This checkout session has expired.", fieldErrors: {} };
  }
  return null;
}

function attempt(
  world: World,
  session: CheckoutSession,
  pm: PaymentMethod,
  opts: { authenticated: boolean },
): SubmitOutcome {
  const customerId = ensureCustomer(world, session, pm);
  const result: ConfirmResult =
    session.mode === "payment"
      ? confirmPaymentIntent(world, checkoutPaymentIntent(world, session, customerId, pm), {
          offSession: false,
          authenticated: opts.authenticated,
          // The hosted page shows the ACH authorization and records its acceptance.
          mandate: { kind: "checkout" },
        })
      : confirmSetupIntent(world, checkoutSetupIntent(world, session, customerId), pm, opts);

  switch (result.status) {
    case "requires_action": {
      const token = randomBase62(20);
      sessionInternals(world, session).challenge = {
        token,
        paymentMethodId: pm.id,
        email: pm.billing_details.email,
        name: pm.billing_details.name,
      };
      return { kind: "requires_action", token };
    }
    case "failed":
      return { kind: "declined", message: result.error.message };
    default:
      complete(world, session, pm, result.status === "succeeded");
      return { kind: "completed", redirectUrl: successRedirect(world, session) };
  }
}

/**
 * Checkout creates a Customer only with `customer_creation: "always"`; otherwise the
 * payment method stays unattached unless the session was given a customer.
 */
function ensureCustomer(world: World, session: CheckoutSession, pm: PaymentMethod): string | null {
  if (session.customer) return session.customer;
  if (session.customer_creation !== "always") return null;
  const customer = newCustomer({
    now: world.now(),
    email: pm.billing_details.email,
    name: pm.billing_details.name,
  });
  world.store.customers.set(customer.id, customer);
  session.customer = customer.id;
  world.emit("customer.created", customer);
  return customer.id;
}

/** The payment intent is created at the first attempt (and reused by retries). */
function checkoutPaymentIntent(
  world: World,
  session: CheckoutSession,
  customerId: string | null,
  pm: PaymentMethod,
) {
  const existing = session.payment_intent
    ? world.store.paymentIntents.get(session.payment_intent)
    : undefined;
  if (existing) {
    Object.assign(existing, {
      payment_method: pm.id,
      customer: customerId,
      status: "requires_confirmation",
    });
    return existing;
  }
  const data = sessionInternals(world, session).paymentIntentData;
  const pi = newPaymentIntent({
    now: world.now(),
    amount: session.amount_total ?? 0,
    currency: session.currency ?? "usd",
    customer: customerId,
    paymentMethod: pm.id,
    paymentMethodTypes: session.payment_method_types,
    allowedPaymentMethodTypes: session.allowed_payment_method_types,
    metadata: data.metadata,
    description: data.description,
    setupFutureUsage: data.setupFutureUsage,
    receiptEmail: data.receiptEmail,
    statementDescriptor: data.statementDescriptor,
    statementDescriptorSuffix: data.statementDescriptorSuffix,
  });
  world.store.paymentIntents.set(pi.id, pi);
  session.payment_intent = pi.id;
  world.emit("payment_intent.created", pi);
  return pi;
}

function checkoutSetupIntent(world: World, session: CheckoutSession, customerId: string | null) {
  const existing = session.setup_intent
    ? world.store.setupIntents.get(session.setup_intent)
    : undefined;
  if (existing) {
    existing.customer = customerId;
    return existing;
  }
  const data = sessionInternals(world, session).setupIntentData;
  const si = newSetupIntent({
    now: world.now(),
    customer: customerId,
    paymentMethodTypes: session.payment_method_types,
    allowedPaymentMethodTypes: session.allowed_payment_method_types,
    metadata: data.metadata,
    description: data.description,
  });
  world.store.setupIntents.set(si.id, si);
  session.setup_intent = si.id;
  world.emit("setup_intent.created", si);
  return si;
}

function complete(world: World, session: CheckoutSession, pm: PaymentMethod, paid: boolean): void {
  world.cancel(`expire:${session.id}`);
  Object.assign(session, {
    status: "complete",
    url: null,
    payment_status: session.mode === "setup" ? "no_payment_required" : paid ? "paid" : "unpaid",
    customer_details: {
      address: null,
      email: pm.billing_details.email,
      name: pm.billing_details.name,
      phone: null,
      tax_exempt: "none",
      tax_ids: [],
    },
  } satisfies Partial<CheckoutSession>);
  world.emit("checkout.session.completed", session);
}
