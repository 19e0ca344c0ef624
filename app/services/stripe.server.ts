// The one Stripe client. With STRIPE_SECRET_KEY it talks to Stripe; in demo and tests it
// talks to the local emulator through the very same stripe-node client (payments.md).
import Stripe from "stripe";
import { getEnv } from "~/utils/env.server";

const KEY = Symbol.for("debtor-portal.stripe");
type StripeConfig = { client: Stripe; webhookSecret: string; emulatorUrl: string | null };
type Holder = { [KEY]?: StripeConfig };

/** Called once at start-up (server, worker, tests). */
export function configureStripe(
  options: { emulatorUrl?: string; webhookSecret?: string; maxNetworkRetries?: number } = {},
) {
  const env = getEnv();
  let config: StripeConfig;
  if (env.STRIPE_SECRET_KEY) {
    config = {
      client: new Stripe(env.STRIPE_SECRET_KEY, {
        maxNetworkRetries: options.maxNetworkRetries ?? 2,
        timeout: 20_000,
      }),
      webhookSecret: env.STRIPE_WEBHOOK_SECRET ?? "",
      emulatorUrl: null,
    };
  } else {
    if (!options.emulatorUrl || !options.webhookSecret)
      throw new Error(
        "configureStripe: the emulator URL and webhook secret are needed without STRIPE_SECRET_KEY",
      );
    const url = new URL(options.emulatorUrl);
    config = {
      client: new Stripe("sk_test_emulator", {
        host: url.hostname,
        port: Number(url.port),
        protocol: "http",
        maxNetworkRetries: options.maxNetworkRetries ?? 2,
        timeout: 10_000,
      }),
      webhookSecret: options.webhookSecret,
      emulatorUrl: options.emulatorUrl,
    };
  }
  (globalThis as Holder)[KEY] = config;
  return config;
}

function config(): StripeConfig {
  const c = (globalThis as Holder)[KEY];
  if (!c) throw new Error("Stripe is not configured: call configureStripe() at start-up");
  return c;
}

export function stripe(): Stripe {
  return config().client;
}

export function stripeWebhookSecret(): string {
  return config().webhookSecret;
}

/** The hosted payment page's origin, for the CSP form-action (redirects after a POST). */
export function checkoutOrigin(): string {
  const c = (globalThis as Holder)[KEY];
  return c?.emulatorUrl ? new URL(c.emulatorUrl).origin : "https://checkout.stripe.com";
}

export function isTestMode(): boolean {
  return (
    Boolean((globalThis as Holder)[KEY]?.emulatorUrl) ||
    (getEnv().STRIPE_SECRET_KEY ?? "").startsWith("sk_test_")
  );
}
