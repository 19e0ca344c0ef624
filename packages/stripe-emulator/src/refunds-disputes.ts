// Money going back, as Stripe runs it:
//
// - refunds (https://docs.stripe.com/refunds): succeed at once (`refund.created`,
//   `charge.refunded`); a refund can fail later (a closed bank account, a lost card):
//   `status: "failed"` with `failure_reason`, the money back on the business's balance,
//   `refund.updated`, `refund.failed` and `charge.refund.updated`;
// - disputes (https://docs.stripe.com/disputes): an **inquiry** (`warning_needs_response`
//   → `warning_under_review` → `warning_closed`) moves no money; unanswered by its
//   deadline it escalates to a chargeback. A **chargeback** withdraws the amount at once
//   (`charge.dispute.funds_withdrawn`, a negative balance transaction), and is `won` (the
//   funds come back: `charge.dispute.funds_reinstated`, a positive one) or `lost`;
//   unanswered by `evidence_details.due_by` (on the emulator clock) it is lost. Each step
//   emits `charge.dispute.created` / `.updated` / `.closed` as Stripe does.
import { invalidRequest, noSuch } from "./errors";
import { newId } from "./ids";
import { DISPUTE_RESPONSE_DAYS, newDispute, newRefund } from "./objects";
import { revokeMandate } from "./payment-methods";
import type { Charge, Dispute, Metadata, Refund } from "./types";
import type { World } from "./world";

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

const OPEN_STATUSES: ReadonlySet<string> = new Set([
  "warning_needs_response",
  "warning_under_review",
  "needs_response",
  "under_review",
]);

function isInquiry(dispute: Dispute): boolean {
  return dispute.status.startsWith("warning_");
}

function openDisputeOf(world: World, chargeId: string): Dispute | undefined {
  for (const dispute of world.store.disputes.values()) {
    if (dispute.charge === chargeId && OPEN_STATUSES.has(dispute.status)) return dispute;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Refunds

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
  // A chargeback (open or lost) blocks refunds: the money is (or went) back to the payer.
  // An inquiry does not: refunding is one way to settle it.
  const open = openDisputeOf(world, charge.id);
  if (
    (open && !isInquiry(open)) ||
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
  // Stripe's test card 4000000000005126: the refund fails asynchronously.
  const instrument = world.store.paymentMethodInternals.get(
    charge.payment_method ?? "",
  )?.instrument;
  if (instrument?.kind === "card" && instrument.refundFails) {
    failRefund(world, refund.id, { reason: "expired_or_canceled_card", afterSeconds: 60 });
  }
  return refund;
}

/** Stripe's refund failure reasons (Refund.failure_reason). */
export const REFUND_FAILURE_REASONS = [
  "charge_for_pending_refund_disputed",
  "declined",
  "expired_or_canceled_card",
  "insufficient_funds",
  "lost_or_stolen_card",
  "merchant_request",
  "unknown",
] as const;
export type RefundFailureReason = (typeof REFUND_FAILURE_REASONS)[number];

/**
 * A refund that does not reach the customer (a bank refund to a closed account): now, or
 * `afterSeconds` later on the emulator clock. The money returns to the business.
 */
export function failRefund(
  world: World,
  refundId: string,
  opts: { reason?: RefundFailureReason; afterSeconds?: number } = {},
): Refund {
  const refund = world.store.refunds.get(refundId);
  if (!refund) throw noSuch("refund", refundId);
  const reason = opts.reason ?? "unknown";
  if (!(REFUND_FAILURE_REASONS as readonly string[]).includes(reason)) {
    throw invalidRequest(`Invalid failure reason: ${reason}`, "reason");
  }
  if (refund.status === "failed" || refund.status === "canceled") {
    throw invalidRequest(`Refund ${refund.id} has already ${refund.status}.`);
  }
  const fail = () => {
    if (refund.status === "failed" || refund.status === "canceled") return;
    refund.status = "failed";
    refund.failure_reason = reason;
    refund.failure_balance_transaction = newId("txn");
    const charge = world.store.charges.get(refund.charge);
    if (charge) {
      charge.amount_refunded = Math.max(0, charge.amount_refunded - refund.amount);
      charge.refunded = false;
    }
    world.emit("refund.updated", refund);
    world.emit("refund.failed", refund);
    world.emit("charge.refund.updated", refund);
  };
  if (opts.afterSeconds && opts.afterSeconds > 0) {
    world.scheduleAt(`refund-fails:${refund.id}`, world.now() + opts.afterSeconds, fail);
  } else fail();
  return refund;
}

// ---------------------------------------------------------------------------
// Disputes

function balanceTransaction(world: World, dispute: Dispute, amount: number) {
  return {
    id: newId("txn"),
    object: "balance_transaction" as const,
    amount,
    created: world.now(),
    currency: dispute.currency,
    description: `Chargeback ${amount < 0 ? "withdrawal" : "reversal"} for ${dispute.charge}`,
    fee: 0,
    net: amount,
    reporting_category: amount < 0 ? ("dispute" as const) : ("dispute_reversal" as const),
    status: "available" as const,
    type: "adjustment" as const,
  };
}

/** The chargeback takes the money: a withdrawal, and the bank account's mandate ends. */
function withdrawFunds(world: World, dispute: Dispute): void {
  dispute.balance_transactions.push(balanceTransaction(world, dispute, -dispute.amount));
  dispute.is_charge_refundable = false;
  const charge = world.store.charges.get(dispute.charge);
  if (charge?.payment_method_details.type === "us_bank_account") {
    revokeMandate(world, world.store.paymentMethods.get(charge.payment_method ?? ""));
  }
  world.emit("charge.dispute.funds_withdrawn", dispute);
}

/** When an open dispute is past its deadline: an inquiry escalates, a chargeback is lost. */
function scheduleDeadline(world: World, dispute: Dispute): void {
  world.scheduleAt(`dispute-due:${dispute.id}`, dispute.evidence_details.due_by, () => {
    if (dispute.status === "warning_needs_response") {
      escalateInquiry(world, dispute.id);
    } else if (dispute.status === "needs_response") {
      dispute.evidence_details.past_due = true;
      dispute.status = "lost";
      world.emit("charge.dispute.closed", dispute);
    }
  });
}

export function openDispute(
  world: World,
  chargeOrPaymentIntentId: string,
  opts: { reason?: string; amount?: number; inquiry?: boolean } = {},
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
  const inquiry = opts.inquiry ?? false;
  const dispute = newDispute({
    now: world.now(),
    charge,
    amount: opts.amount ?? charge.amount - charge.amount_refunded,
    reason: opts.reason ?? (inquiry ? "general" : "fraudulent"),
    inquiry,
  });
  world.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  world.emit("charge.dispute.created", dispute);
  if (!inquiry) withdrawFunds(world, dispute);
  scheduleDeadline(world, dispute);
  return dispute;
}

function requireOpenDispute(world: World, disputeId: string): Dispute {
  const dispute = world.store.disputes.get(disputeId);
  if (!dispute) throw noSuch("dispute", disputeId);
  if (!OPEN_STATUSES.has(dispute.status)) {
    throw invalidRequest(`Dispute ${dispute.id} is already closed (${dispute.status}).`);
  }
  return dispute;
}

/** An unanswered inquiry becomes a chargeback: the money is withdrawn now. */
export function escalateInquiry(world: World, disputeId: string): Dispute {
  const dispute = requireOpenDispute(world, disputeId);
  if (!isInquiry(dispute)) throw invalidRequest(`Dispute ${dispute.id} is not an inquiry.`);
  dispute.status = "needs_response";
  dispute.evidence_details.due_by = world.now() + DISPUTE_RESPONSE_DAYS * 24 * 3600;
  dispute.evidence_details.past_due = false;
  world.emit("charge.dispute.updated", dispute);
  withdrawFunds(world, dispute);
  scheduleDeadline(world, dispute);
  return dispute;
}

/**
 * The business answered (evidence submitted): the bank reviews it. As in Stripe's test
 * mode, the evidence text "winning_evidence" wins the dispute and "losing_evidence" loses
 * it (https://docs.stripe.com/testing#disputes).
 */
export function submitDisputeEvidence(
  world: World,
  disputeId: string,
  evidenceText?: string | null,
): Dispute {
  const dispute = requireOpenDispute(world, disputeId);
  world.cancel(`dispute-due:${dispute.id}`);
  dispute.evidence_details.has_evidence = true;
  dispute.evidence_details.submission_count++;
  if (evidenceText) dispute.evidence.uncategorized_text = evidenceText as never;
  dispute.status = isInquiry(dispute) ? "warning_under_review" : "under_review";
  world.emit("charge.dispute.updated", dispute);
  if (evidenceText === "winning_evidence") closeDispute(world, dispute.id, "won");
  else if (evidenceText === "losing_evidence") closeDispute(world, dispute.id, "lost");
  return dispute;
}

/**
 * The bank decides. A chargeback `won` brings the money back (funds_reinstated) or is
 * `lost`; an inquiry just closes (`warning_closed`, whatever the outcome: no money moved).
 */
export function closeDispute(world: World, disputeId: string, outcome: "won" | "lost"): Dispute {
  const dispute = requireOpenDispute(world, disputeId);
  world.cancel(`dispute-due:${dispute.id}`);
  if (isInquiry(dispute)) {
    dispute.status = "warning_closed";
    world.emit("charge.dispute.closed", dispute);
    return dispute;
  }
  dispute.status = outcome;
  if (outcome === "won") {
    dispute.balance_transactions.push(balanceTransaction(world, dispute, dispute.amount));
    world.emit("charge.dispute.funds_reinstated", dispute);
  }
  world.emit("charge.dispute.closed", dispute);
  return dispute;
}

/** The business accepts the dispute (POST /v1/disputes/:id/close): lost, or an inquiry closed. */
export function acceptDispute(world: World, disputeId: string): Dispute {
  return closeDispute(world, disputeId, "lost");
}
