// Where the Stripe conformance suite runs: the local emulator (default, in `npm test`), or
// Stripe's own test mode when `npm run test:stripe` sets STRIPE_CONFORMANCE_TARGET=stripe
// with an sk_test_ key. Tests are written against the real stripe-node client only; what
// needs the emulator's controls or clock is declared with `emulatorOnly(why)` and skipped
// on Stripe with that reason in its name.
import Stripe from "stripe";
import { it } from "vitest";
import {
  startStripeEmulator,
  startWebhookReceiver,
  type StripeEmulator,
  type WebhookReceiver,
} from "@portal/stripe-emulator";

export const ON_STRIPE = process.env.STRIPE_CONFORMANCE_TARGET === "stripe";

export type StripeTarget =
  | {
      kind: "emulator";
      stripe: Stripe;
      emulator: StripeEmulator;
      receiver: WebhookReceiver;
      webhookSecret: string;
      stop(): Promise<void>;
    }
  | { kind: "stripe"; stripe: Stripe; stop(): Promise<void> };

export async function startStripeTarget(): Promise<StripeTarget> {
  if (ON_STRIPE) {
    const key = process.env.STRIPE_SECRET_KEY ?? "";
    if (!key.startsWith("sk_test_"))
      throw new Error(
        "The conformance suite runs on Stripe only with an sk_test_ key (test mode).",
      );
    return {
      kind: "stripe",
      stripe: new Stripe(key, { maxNetworkRetries: 2 }),
      stop: async () => {},
    };
  }
  const webhookSecret = "whsec_conformance";
  const receiver = await startWebhookReceiver();
  const emulator = await startStripeEmulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret,
    webhookRetry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100 },
  });
  const stripe = new Stripe("sk_test_conformance", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
  return {
    kind: "emulator",
    stripe,
    emulator,
    receiver,
    webhookSecret,
    async stop() {
      await emulator.stop();
      await receiver.stop();
    },
  };
}

/** The emulator of a target, for tests declared `emulatorOnly` (never called on Stripe). */
export function emulatorOf(target: StripeTarget): StripeEmulator {
  if (target.kind !== "emulator") throw new Error("this test needs the emulator's controls");
  return target.emulator;
}

/**
 * A test that needs the emulator's controls or clock. On Stripe it is skipped, and the
 * reason is part of its name (so the run's output says why, line by line).
 */
export function emulatorOnly(why: string) {
  return (name: string, fn: () => Promise<void>, timeout?: number) => {
    if (ON_STRIPE) it.skip(`${name} [skipped on Stripe test mode: ${why}]`, fn);
    else it(name, fn, timeout);
  };
}

/** Events of `types` created since `since` (unix seconds), oldest first: the API's own list, so it reads the same on Stripe. */
export async function eventsSince(
  stripe: Stripe,
  since: number,
  types: string[],
): Promise<Stripe.Event[]> {
  const events = await stripe.events
    .list({ created: { gte: since }, types, limit: 100 })
    .autoPagingToArray({ limit: 1000 });
  return events.reverse();
}

/** Polls `read` until `done` holds (Stripe's test mode settles asynchronously), for up to `timeoutMs`. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
