// Stripe webhooks: raw body, signature verified, each event handled once. Failures answer
// 500 so Stripe retries; a bad signature answers 400.
import type { ActionFunctionArgs } from "@remix-run/node";
import type Stripe from "stripe";
import { handleStripeEvent } from "~/models/payments.server";
import { stripe, stripeWebhookSecret } from "~/services/stripe.server";
import { errorFields, log } from "~/utils/log.server";

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const payload = await request.text();
  const signature = request.headers.get("stripe-signature") ?? "";
  let event: Stripe.Event;
  try {
    event = stripe().webhooks.constructEvent(payload, signature, stripeWebhookSecret());
  } catch {
    return new Response("Invalid signature", { status: 400 });
  }
  try {
    const result = await handleStripeEvent(event);
    return Response.json({ received: true, result });
  } catch (error) {
    log("error", "stripe webhook failed", { eventId: event.id, type: event.type, ...errorFields(error) });
    return new Response("Webhook handler failed", { status: 500 });
  }
}

export function loader() {
  return new Response("Method not allowed", { status: 405 });
}
