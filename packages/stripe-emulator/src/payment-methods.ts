// Payment methods as Stripe keeps them: created from a test instrument, attached to a
// customer (validated like Stripe: decline cards cannot be saved), detached, refused once
// used without a customer, saved for later by setup_future_usage, and (bank accounts) the
// mandate they were set up with.
import { cardError, invalidRequest } from "./errors";
import { newPaymentMethod, snapshot } from "./objects";
import type { PaymentMethodInternal } from "./store";
import type { Decline, Instrument } from "./test-instruments";
import type { PaymentError, PaymentIntent, PaymentMethod } from "./types";
import type { World } from "./world";

export function createPaymentMethod(
  world: World,
  instrument: Instrument,
  details: {
    email: string | null;
    name: string | null;
    expMonth?: number;
    expYear?: number;
    accountType?: "checking" | "savings";
    /** A bank account entered by hand must be verified with micro-deposits first. */
    verification?: "verified" | "pending";
  },
): PaymentMethod {
  const pm = newPaymentMethod({ now: world.now(), instrument, ...details });
  world.store.paymentMethods.set(pm.id, pm);
  world.store.paymentMethodInternals.set(pm.id, {
    instrument,
    setUp: false,
    consumed: false,
    mandate: null,
    verification: details.verification ?? "verified",
    microdeposits: null,
  });
  return pm;
}

export function internalsOf(world: World, pm: PaymentMethod): PaymentMethodInternal {
  const internal = world.store.paymentMethodInternals.get(pm.id);
  if (!internal) throw new Error(`emulator: payment method ${pm.id} has no instrument`);
  return internal;
}

export function declineToError(
  decline: Decline,
  pm: PaymentMethod,
  chargeId?: string,
): PaymentError {
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

/** setup_future_usage saves the method on the customer once the payment went through. */
export function saveForFutureUse(world: World, pi: PaymentIntent, pm: PaymentMethod): void {
  if (!pi.setup_future_usage) return;
  if (pi.customer) attachPaymentMethod(world, pm, pi.customer, { setUp: true, validate: false });
  else internalsOf(world, pm).setUp = true;
}

export function markUsed(world: World, pm: PaymentMethod): void {
  if (!pm.customer) internalsOf(world, pm).consumed = true;
}

/** A bank account's authorization ends (debit_not_authorized return, dispute). */
export function revokeMandate(world: World, pm: PaymentMethod | undefined): void {
  if (!pm) return;
  const internal = world.store.paymentMethodInternals.get(pm.id);
  const mandate = internal?.mandate ? world.store.mandates.get(internal.mandate) : undefined;
  if (mandate) mandate.status = "inactive";
  if (internal) internal.mandate = null;
}
