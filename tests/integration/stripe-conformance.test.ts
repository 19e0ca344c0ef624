// Stripe conformance: one named test per rule of Stripe's that the emulator follows (each
// beside its Stripe docs page in app/services/stripe-emulator/README.md). Written against
// the real stripe-node client only, so `npm run test:stripe` runs the same file against
// Stripe's test mode; tests that need the emulator's controls or clock say why and are
// skipped there.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emulatorOf,
  emulatorOnly,
  eventsSince,
  ON_STRIPE,
  startStripeTarget,
  type StripeTarget,
} from "../support/stripe-target";

let target: StripeTarget;
let stripe: Stripe;

beforeAll(async () => {
  target = await startStripeTarget();
  stripe = target.stripe;
});
afterAll(async () => {
  await target?.stop();
});

const onEmulator = emulatorOnly("needs the emulator's clock or controls");
const HOUR = 3600;
const DAY = 24 * HOUR;
/** A unique idempotency key per run (Stripe keeps keys for a day). */
const key = (name: string) =>
  `conformance:${name}:${Date.now()}:${Math.random().toString(36).slice(2, 8)}`;

function paymentSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  return stripe.checkout.sessions.create({
    mode: "payment",
    line_items: [
      {
        quantity: 1,
        price_data: { currency: "usd", unit_amount: 2_500, product_data: { name: "Conformance" } },
      },
    ],
    allowed_payment_method_types: ["card", "us_bank_account"],
    success_url: "https://portal.example/done?session={CHECKOUT_SESSION_ID}",
    ...extra,
  });
}

describe("the emulator clock", () => {
  onEmulator(
    "clock: starts at real time; advancing stamps objects and events on the clock and fires what fell due, in order",
    async () => {
      const controls = emulatorOf(target).controls;
      const start = controls.now();
      expect(Math.abs(start - Date.now() / 1000)).toBeLessThanOrEqual(2);

      const soon = await paymentSession({ expires_at: start + 31 * 60 });
      const later = await paymentSession({ expires_at: start + 2 * HOUR });
      // A bank debit settles days later, on the clock.
      const bank = await paymentSession();
      expect(
        controls.completeCheckoutSession(bank.id, { bank: { account: "000123456789" } }).outcome,
      ).toBe("completed");
      const piId = (await stripe.checkout.sessions.retrieve(bank.id)).payment_intent as string;
      expect((await stripe.paymentIntents.retrieve(piId)).status).toBe("processing");

      // Nothing has fallen due yet.
      expect((await stripe.checkout.sessions.retrieve(soon.id)).status).toBe("open");
      const now = controls.advanceClock(7 * DAY);
      expect(now).toBeGreaterThanOrEqual(start + 7 * DAY);
      expect(now - controls.now()).toBeLessThanOrEqual(1);

      expect((await stripe.checkout.sessions.retrieve(soon.id)).status).toBe("expired");
      expect((await stripe.checkout.sessions.retrieve(later.id)).status).toBe("expired");
      expect((await stripe.paymentIntents.retrieve(piId)).status).toBe("succeeded");
      // Each outcome happened at its own due time, in that order.
      const events = await eventsSince(stripe, start, [
        "checkout.session.expired",
        "payment_intent.succeeded",
        "checkout.session.async_payment_succeeded",
      ]);
      const seen = events.map((e) => [e.type, (e.data.object as { id: string }).id, e.created]);
      expect(seen.map(([type, id]) => [type, id])).toEqual([
        ["checkout.session.expired", soon.id],
        ["checkout.session.expired", later.id],
        ["payment_intent.succeeded", piId],
        ["checkout.session.async_payment_succeeded", bank.id],
      ]);
      expect(events[0].created).toBe(soon.expires_at);
      expect(events[1].created).toBe(later.expires_at);
      expect(events[2].created).toBeGreaterThanOrEqual(start + 4 * DAY);
      expect(events[2].created).toBeLessThan(now);
      // What is made now is stamped now.
      const customer = await stripe.customers.create({});
      expect(Math.abs(customer.created - controls.now())).toBeLessThanOrEqual(1);
      // The clock never goes back.
      expect(() => controls.advanceClock(-1)).toThrow();
    },
  );

  onEmulator("clock: advanced over HTTP with POST /_emulator/advance-clock", async () => {
    const emulator = emulatorOf(target);
    const before = emulator.controls.now();
    const res = await fetch(`${emulator.url}/_emulator/advance-clock`, {
      method: "POST",
      body: JSON.stringify({ seconds: 3 * HOUR }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { now: number };
    expect(body.now).toBeGreaterThanOrEqual(before + 3 * HOUR);
    expect(
      (
        (await (await fetch(`${emulator.url}/_emulator/now`, { method: "POST" })).json()) as {
          now: number;
        }
      ).now,
    ).toBeGreaterThanOrEqual(body.now);
  });
});

describe("idempotent requests", () => {
  onEmulator(
    "idempotency: a key expires 24 h after its first use on the clock, then the same key is a new request",
    async () => {
      const controls = emulatorOf(target).controls;
      const k = key("expiry");
      const first = await stripe.customers.create(
        { email: "expiry@example.com" },
        { idempotencyKey: k },
      );
      controls.advanceClock(23 * HOUR);
      const replay = await stripe.customers.create(
        { email: "expiry@example.com" },
        { idempotencyKey: k },
      );
      expect(replay.id).toBe(first.id);
      expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
      controls.advanceClock(1 * HOUR);
      const fresh = await stripe.customers.create(
        { email: "expiry@example.com" },
        { idempotencyKey: k },
      );
      expect(fresh.id).not.toBe(first.id);
      expect(fresh.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
    },
  );
});

it("runs against the target it says", () => {
  expect(target.kind).toBe(ON_STRIPE ? "stripe" : "emulator");
});
