// Money going back: refunds (and refunds that fail later) and disputes (inquiries and
// chargebacks), each with the events Stripe emits.
import { invalidRequest, noSuch } from "./errors.server";
import { newDispute, newRefund } from "./objects.server";
import type { Charge, Dispute, Metadata, Refund } from "./types.server";
import type { World } from "./world.server";

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
