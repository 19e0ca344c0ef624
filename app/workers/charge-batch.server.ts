// (a) + (b) One batch of the charge worker: the claim, then the off-session PaymentIntents,
// a few in flight at once, outside any transaction; each answer sorted into its outcome.
import Stripe from "stripe";
import { eachLimited } from "~/lib/each-limited";
import { stripe } from "~/services/stripe.server";
import { errorFields, log } from "~/utils/log.server";
import {
  idempotencyKey,
  SEND_DEADLINE_MS,
  type Closure,
  type Outcomes,
} from "./charge-attempts.server";
import { claimBatch } from "./charge-claim.server";

export type ChargeRun = {
  /** PaymentIntents created (succeeded, or processing for a bank debit). */
  charged: number;
  /** Declined by the bank or card network (retried later by policy). */
  failed: number;
  /** No answer (timeout, 5xx, 429): the attempt stays open for the reconciler. */
  deferred: number;
  /** Refused by Stripe as a bad request: our defect, waiting for someone to act. */
  defects: number;
  /** Attempts left open earlier whose PaymentIntent was found at Stripe and applied. */
  recovered: number;
  /** Attempts left open earlier that never reached Stripe: closed, the installment free again. */
  notReached: number;
};

/**
 * (a) Claims up to `batchSize` due installments (but not those of `unapplied` accounts) and
 * records an attempt for each, in one short transaction; (b) charges them, a few Stripe
 * calls in flight at once, outside any transaction. `more` is false when there is nothing
 * more to do now (fewer than a batch were due and none waited, or Stripe asked us to stop);
 * `accounts` are those charged.
 */
export async function chargeBatch(input: {
  clock: () => Date;
  batchSize: number;
  limiter: () => Promise<void>;
  concurrency: number;
  totals: ChargeRun;
  unapplied: ReadonlySet<string>;
  /** Attempts of an earlier batch whose outcome is applied: closed in this claim's transaction. */
  closing: Closure[];
}): Promise<{ more: boolean; accounts: Set<string>; outcomes: Outcomes }> {
  const { clock, batchSize, limiter, concurrency, totals, unapplied, closing } = input;
  const outcomes: Outcomes = { now: clock(), intents: [], defects: [], unknown: [], unsent: [] };
  const { due, waiting, claimed } = await claimBatch({
    now: clock(),
    batchSize,
    unapplied,
    closing,
  });
  const claimedAt = performance.now();
  const accounts = new Set<string>();
  let stop = false;
  const tooLate = () => performance.now() - claimedAt > SEND_DEADLINE_MS;
  await eachLimited(claimed, concurrency, async (item) => {
    if (stop || tooLate()) return void outcomes.unsent.push(item);
    await limiter();
    if (stop || tooLate()) return void outcomes.unsent.push(item);
    accounts.add(item.accountId);
    try {
      const pi = await stripe().paymentIntents.create(
        {
          amount: item.amountCents,
          currency: item.currency,
          customer: item.customer,
          payment_method: item.paymentMethod,
          off_session: true,
          confirm: true,
          // A saved card or US bank account, charged while the debtor is away: no redirect
          // can happen, so no redirect-based method may be offered (without this Stripe
          // wants a return_url, see docs/decisions/0009-charge-attempts.md). A bank debit
          // uses the mandate the debtor accepted when the account was saved in Checkout.
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          metadata: {
            account_id: item.accountId,
            plan_id: item.planId,
            installment_id: item.installmentId,
            purpose: "installment",
            // The reconciler finds a lost attempt's intent by installment and attempt.
            attempt: String(item.number),
          },
          expand: ["latest_charge"],
        },
        { idempotencyKey: idempotencyKey(item.installmentId, item.number) },
      );
      // A succeeded intent is final: applied as Stripe returned it, without reading it again.
      outcomes.intents.push({
        claimed: item,
        intent: pi.status === "succeeded" ? pi : pi.id,
        declined: false,
      });
      totals.charged++;
    } catch (error) {
      const raw = (error as { raw?: { payment_intent?: { id?: string } } }).raw;
      const piId = raw?.payment_intent?.id ?? null;
      // Stripe's own error type (invalid_request_error …), not stripe-node's class name.
      const type =
        (error as { rawType?: string }).rawType ?? (error as { type?: string }).type ?? "unknown";
      const code = (error as { code?: string }).code ?? null;
      if (error instanceof Stripe.errors.StripeCardError && piId) {
        // A definitive answer (declined, authentication required): recorded, retried later by policy.
        outcomes.intents.push({ claimed: item, intent: piId, declined: true });
        totals.failed++;
      } else if (
        (error instanceof Stripe.errors.StripeInvalidRequestError ||
          error instanceof Stripe.errors.StripeIdempotencyError) &&
        code !== "idempotency_key_in_use"
      ) {
        // Stripe refused the request itself: a bug or a misconfiguration of ours. Never
        // retried by itself, never counted against the debtor.
        outcomes.defects.push({
          claimed: item,
          errorType: type,
          errorCode: code,
          paymentIntentId: piId,
        });
        totals.defects++;
        log(
          "error",
          "charge refused by Stripe (our defect; the installment waits until someone retries it)",
          {
            installmentId: item.installmentId,
            attemptId: item.attemptId,
            accountId: item.accountId,
            errorType: type,
            errorCode: code,
          },
        );
      } else {
        // Unknown outcome (timeout, 5xx, 429, a key or permission problem): the attempt
        // stays open; the reconciler finds out whether it reached Stripe.
        outcomes.unknown.push({ claimed: item, errorType: type, errorCode: code });
        totals.deferred++;
        const config =
          error instanceof Stripe.errors.StripeAuthenticationError ||
          error instanceof Stripe.errors.StripePermissionError;
        log(config ? "error" : "warn", "charge deferred", {
          installmentId: item.installmentId,
          attemptId: item.attemptId,
          errorType: type,
          errorCode: code,
          ...errorFields(error),
        });
        if (config || error instanceof Stripe.errors.StripeRateLimitError) stop = true;
      }
    }
  });
  outcomes.now = clock();
  return { more: (due === batchSize || waiting > 0) && !stop, accounts, outcomes };
}
