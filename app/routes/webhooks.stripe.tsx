// Stripe webhooks. The edge caps the body at 1 MB (413 before a byte is parsed) and does
// not count signed deliveries against the per-address limit: Stripe sends bursts from a
// few addresses. Here the signature comes before anything else: a missing or malformed
// Stripe-Signature header is refused before the body is read, a wrong one before the event
// is parsed or touched; each refusal counts against the sender's address (webhookRefused),
// and past that limit the edge refuses its deliveries unread. A verified event is handled
// once; a failure answers 500 so Stripe retries.
import type { ActionFunctionArgs } from "@remix-run/node";
import type Stripe from "stripe";
import { handleStripeEvent } from "~/models/payments.server";
import { stripe, stripeWebhookSecret } from "~/services/stripe.server";
import { errorFields, log } from "~/utils/log.server";
import { hit } from "~/utils/rate-limit.server";

// t=<unix time>,v1=<hex>[,v1=…][,v0=…]: Stripe's header, in the shape constructEvent reads.
const SIGNATURE_SHAPE =
  /^(?=.*(?:^|,)t=\d{1,12}(?:,|$))(?=.*(?:^|,)v1=[0-9a-f]{64}(?:,|$))[\w=,]{1,2000}$/;

function refused(ip: string, reason: "no-signature" | "bad-signature" | "unreadable") {
  hit("webhookRefused", ip);
  log("warn", "stripe webhook refused", { reason });
  return new Response(reason === "unreadable" ? "Unreadable body" : "Invalid signature", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const signature = request.headers.get("stripe-signature") ?? "";
  if (!SIGNATURE_SHAPE.test(signature)) return refused(context.clientIp, "no-signature");
  let payload: string;
  try {
    payload = await request.text();
  } catch {
    return refused(context.clientIp, "unreadable");
  }
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(payload, signature, stripeWebhookSecret());
  } catch {
    return refused(context.clientIp, "bad-signature");
  }
  try {
    const result = await handleStripeEvent(event);
    return Response.json({ received: true, result });
  } catch (error) {
    log("error", "stripe webhook failed", {
      eventId: event.id,
      type: event.type,
      ...errorFields(error),
    });
    return new Response("Webhook handler failed", { status: 500 });
  }
}

export function loader() {
  return new Response("Method not allowed", { status: 405 });
}
