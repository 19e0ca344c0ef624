// The Stripe webhook's events, each handled exactly once, dispatched to the syncs.
import { eq } from "drizzle-orm";
import type Stripe from "stripe";
import { db, schema } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import { syncCheckoutSession, syncPaymentIntent, syncSetupIntent } from "./payments-sync.server";
import { syncCharge, syncDispute } from "./payments-sync-reversals.server";

// ---------------------------------------------------------------------------
// Webhook events
// ---------------------------------------------------------------------------

/** Stripe ids are letters, digits and underscores (`pi_…`, `cs_test_…`). */
const STRIPE_ID = /^[A-Za-z0-9_]{3,255}$/;

/**
 * Handles one verified event exactly once: the event id is recorded after its effects
 * succeed (every effect is idempotent, so a crash in between only means a harmless redo).
 * Throws on failure so the endpoint answers non-2xx and Stripe retries. What can never
 * succeed is recorded as "ignored" and logged instead of failing forever: an event whose
 * object has no usable id, or whose object Stripe does not know (retrieve answers
 * resource_missing or another invalid request). Events of types we do not act on, and for
 * objects that are not ours (no account of ours in their metadata), change nothing.
 */
export async function handleStripeEvent(
  event: Stripe.Event,
): Promise<"handled" | "duplicate" | "ignored"> {
  // A signed body that is not an event at all (no id to record it by): nothing to do.
  if (
    typeof event !== "object" ||
    event === null ||
    typeof event.id !== "string" ||
    !STRIPE_ID.test(event.id) ||
    typeof event.type !== "string"
  ) {
    log("warn", "stripe webhook body that is not an event: ignored", {});
    return "ignored";
  }
  const [seen] = await db()
    .select()
    .from(schema.stripeEvents)
    .where(eq(schema.stripeEvents.id, event.id));
  if (seen?.processedAt) return "duplicate";
  const object = (event.data?.object ?? null) as {
    id?: unknown;
    object?: unknown;
    charge?: unknown;
  } | null;
  const id = typeof object?.id === "string" && STRIPE_ID.test(object.id) ? object.id : null;
  let result: "handled" | "ignored" = "handled";
  if (!id) {
    log("warn", "stripe event without a usable object id: ignored", {
      eventId: event.id,
      type: String(event.type).slice(0, 80),
    });
    result = "ignored";
  } else {
    try {
      await applyEvent(event, id, object);
    } catch (error) {
      // Stripe does not know the object (or refuses the request for it): retrying cannot help.
      if (!(
        error instanceof Object && (error as { type?: string }).type === "StripeInvalidRequestError"
      ))
        throw error;
      log("warn", "stripe event for an object Stripe does not know: ignored", {
        eventId: event.id,
        type: event.type,
        stripeCode: (error as { code?: string }).code ?? null,
      });
      result = "ignored";
    }
  }
  await db()
    .insert(schema.stripeEvents)
    .values({ id: event.id, type: String(event.type).slice(0, 200), processedAt: new Date() })
    .onConflictDoUpdate({ target: schema.stripeEvents.id, set: { processedAt: new Date() } });
  return result;
}

async function applyEvent(event: Stripe.Event, id: string, object: { charge?: unknown } | null) {
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded":
    case "checkout.session.async_payment_failed":
    case "checkout.session.expired":
      await syncCheckoutSession(id);
      break;
    case "payment_intent.processing":
    case "payment_intent.requires_action": // a bank account waiting for its micro-deposits
    case "payment_intent.succeeded":
    case "payment_intent.payment_failed":
    case "payment_intent.canceled":
      await syncPaymentIntent(id);
      break;
    case "setup_intent.succeeded":
    case "setup_intent.setup_failed":
      await syncSetupIntent(id);
      break;
    case "charge.refunded":
      await syncCharge(id);
      break;
    case "refund.created":
    case "refund.updated":
    case "refund.failed":
    case "charge.refund.updated": {
      const chargeId =
        typeof object?.charge === "string"
          ? object.charge
          : typeof object?.charge === "object" && object.charge
            ? (object.charge as { id?: string }).id
            : undefined;
      if (chargeId && STRIPE_ID.test(chargeId)) await syncCharge(chargeId);
      break;
    }
    case "charge.dispute.created":
    case "charge.dispute.updated":
    case "charge.dispute.closed":
    case "charge.dispute.funds_withdrawn":
    case "charge.dispute.funds_reinstated":
      await syncDispute(id);
      break;
    default:
      break; // not one we act on; still recorded so it is not retried
  }
}
