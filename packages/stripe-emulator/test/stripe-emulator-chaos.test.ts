// The emulator's chaos controls, seen from the real stripe-node client: injected 500s,
// 429s and timeouts at the configured rate, and webhooks duplicated, shuffled, delayed,
// paused and redelivered. Also the same controls over HTTP (for e2e tests).
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startStripeEmulator,
  startWebhookReceiver,
  type StripeEmulator,
  type WebhookReceiver,
} from "@portal/stripe-emulator";

const WEBHOOK_SECRET = "whsec_test_chaos";

let emulator: StripeEmulator;
let receiver: WebhookReceiver;

function client(options: Partial<Stripe.StripeConfig> = {}): Stripe {
  return new Stripe("sk_test_emulator_chaos", {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
    ...options,
  });
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startStripeEmulator({ webhookUrl: receiver.url, webhookSecret: WEBHOOK_SECRET });
});

afterEach(async () => {
  emulator.controls.setFaults(null);
  await emulator.controls.flushWebhooks({ timeoutMs: 5_000 }).catch(() => {});
  emulator.controls.reset();
  receiver.received.length = 0;
});

afterAll(async () => {
  await emulator?.stop();
  await receiver?.stop();
});

/** Makes `count` requests and reports, in order, what each one threw (or "ok"). */
async function outcomes(stripe: Stripe, count: number): Promise<string[]> {
  const results: string[] = [];
  for (let i = 0; i < count; i++) {
    try {
      await stripe.customers.list({ limit: 1 });
      results.push("ok");
    } catch (error) {
      results.push((error as Stripe.errors.StripeError).type);
    }
  }
  return results;
}

describe("fault injection", () => {
  it("fails requests at the configured rate with StripeAPIError and StripeRateLimitError, reproducibly", async () => {
    const stripe = client();
    emulator.controls.setFaults({ rate: 0.3, kinds: ["500", "429"], seed: 42 });
    const first = await outcomes(stripe, 200);
    const failures = first.filter((o) => o !== "ok");
    expect(failures.length / first.length).toBeGreaterThan(0.2);
    expect(failures.length / first.length).toBeLessThan(0.4);
    expect(new Set(failures)).toEqual(new Set(["StripeAPIError", "StripeRateLimitError"]));

    emulator.controls.setFaults({ rate: 0.3, kinds: ["500", "429"], seed: 42 });
    expect(await outcomes(stripe, 200)).toEqual(first);
    expect(emulator.controls.requests().filter((r) => r.fault !== null)).toHaveLength(
      failures.length * 2,
    );
  });

  it("times out after running the request, and the same idempotency key then replays it", async () => {
    const stripe = client({ timeout: 300 });
    emulator.controls.setFaults({ rate: 1, kinds: ["timeout"], timeoutMs: 5_000 });
    const error = await stripe.customers
      .create({ email: "lost@example.com" }, { idempotencyKey: "create-lost" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeConnectionError);

    emulator.controls.setFaults(null);
    const retried = await stripe.customers.create(
      { email: "lost@example.com" },
      { idempotencyKey: "create-lost" },
    );
    expect(retried.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list()).data.map((c) => c.id)).toEqual([retried.id]);
  });

  it("loses nothing and duplicates nothing when stripe-node retries 30% faults with its keys", async () => {
    const stripe = client({ maxNetworkRetries: 10, timeout: 500 });
    // Fast retries: the point is correctness, not stripe-node's production backoff.
    Object.assign(stripe, {
      getInitialNetworkRetryDelay: () => 0.01,
      getMaxNetworkRetryDelay: () => 0.05,
    });
    emulator.controls.setFaults({
      rate: 0.3,
      kinds: ["500", "timeout"],
      seed: 7,
      timeoutMs: 2_000,
    });
    const customer = await stripe.customers.create({}, { idempotencyKey: "chaos-customer" });
    const pm = await stripe.paymentMethods.attach(
      "pm_card_visa",
      { customer: customer.id },
      { idempotencyKey: "chaos-pm" },
    );
    for (let i = 0; i < 20; i++) {
      const pi = await stripe.paymentIntents.create(
        {
          amount: 1_000 + i,
          currency: "usd",
          customer: customer.id,
          payment_method: pm.id,
          confirm: true,
          // Stripe refuses confirm without return_url while Dashboard methods may redirect.
          automatic_payment_methods: { enabled: true, allow_redirects: "never" },
          off_session: true,
          metadata: { installment_id: `inst_${i}` },
        },
        { idempotencyKey: `installment:inst_${i}:attempt:1` },
      );
      expect(pi.status).toBe("succeeded");
    }
    emulator.controls.setFaults(null);
    for (let i = 0; i < 20; i++) {
      expect(
        emulator.controls.countPaymentIntents({ metadata: { installment_id: `inst_${i}` } }),
      ).toBe(1);
    }
    expect(emulator.controls.requests().some((r) => r.fault === "timeout")).toBe(true);
    expect(emulator.controls.requests().some((r) => r.replayed)).toBe(true);
  });

  it("enforces an optional request rate like Stripe's test mode", async () => {
    const stripe = client();
    emulator.controls.setRateLimit(5);
    const results = await Promise.all(Array.from({ length: 10 }, () => outcomes(stripe, 1)));
    expect(
      results.flat().filter((o) => o === "StripeRateLimitError").length,
    ).toBeGreaterThanOrEqual(5);
  });
});

describe("webhook delivery modes", () => {
  async function makeEvents(stripe: Stripe, customers: number): Promise<void> {
    for (let i = 0; i < customers; i++)
      await stripe.customers.create({ email: `c${i}@example.com` });
  }

  function verify(stripe: Stripe): Stripe.Event[] {
    return receiver.received.map((d) =>
      stripe.webhooks.constructEvent(d.body, d.signature, WEBHOOK_SECRET),
    );
  }

  it("duplicates and shuffles deliveries, each copy signed", async () => {
    const stripe = client();
    emulator.controls.deliveryMode({ duplicate: 3, shuffle: true, seed: 3 });
    emulator.controls.pauseWebhooks();
    await makeEvents(stripe, 10);
    expect(receiver.received).toHaveLength(0);
    await emulator.controls.flushWebhooks();

    const delivered = verify(stripe);
    const created = emulator.controls.events().map((e) => e.id);
    expect(delivered).toHaveLength(30);
    for (const id of created) expect(delivered.filter((e) => e.id === id)).toHaveLength(3);
    const firstSeen = [...new Set(delivered.map((e) => e.id))];
    expect(firstSeen).not.toEqual(created);
  });

  it("delays deliveries and redelivers everything on demand", async () => {
    const stripe = client();
    emulator.controls.deliveryMode({ delayMs: 150 });
    const started = Date.now();
    await makeEvents(stripe, 2);
    await emulator.controls.waitForWebhooks();
    expect(receiver.received[0].at - started).toBeGreaterThanOrEqual(140);

    emulator.controls.deliveryMode({});
    expect(emulator.controls.redeliverAll()).toBe(2);
    await emulator.controls.waitForWebhooks();
    const ids = verify(stripe).map((e) => e.id);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(2);
  });
});

describe("HTTP controls", () => {
  async function control(name: string, body: unknown = {}) {
    const response = await fetch(`${emulator.url}/_emulator/${name}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it("drives the emulator over HTTP, POST and JSON only", async () => {
    const stripe = client();
    const customer = await stripe.customers.create({});
    await stripe.paymentMethods.attach("pm_usBankAccount_success", { customer: customer.id });
    const pi = await stripe.paymentIntents.create({
      amount: 2_000,
      currency: "usd",
      customer: customer.id,
      payment_method: (await stripe.paymentMethods.list({ customer: customer.id })).data[0].id,
      confirm: true,
      // Stripe refuses confirm without return_url while Dashboard methods may redirect.
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      // Attached through the API, the bank account has no mandate from a setup: the
      // debit needs the customer's (here offline) authorization.
      mandate_data: { customer_acceptance: { type: "offline" } },
      off_session: true,
      metadata: { installment_id: "http_1" },
    });
    expect(pi.status).toBe("processing");

    expect(
      await control("count-payment-intents", { metadata: { installment_id: "http_1" } }),
    ).toEqual({
      status: 200,
      body: { count: 1 },
    });
    expect((await control("settle-bank-payment", { paymentIntent: pi.id })).body).toMatchObject({
      status: "succeeded",
    });
    const dispute = await control("open-dispute", { id: pi.id });
    expect(dispute.body).toMatchObject({ object: "dispute", status: "needs_response" });
    expect(
      (await control("close-dispute", { dispute: dispute.body.id, outcome: "lost" })).body,
    ).toMatchObject({ status: "lost" });
    // A charge that lost its dispute cannot be refunded (the money already went back).
    expect((await control("refund", { paymentIntent: pi.id })).status).toBe(400);
    await control("flush-webhooks");
    const events = await control("events", { type: "charge.dispute.closed" });
    expect(Array.isArray(events.body)).toBe(true);

    expect((await control("set-faults", { rate: 1, kinds: ["429"], seed: 1 })).status).toBe(200);
    await expect(stripe.customers.list()).rejects.toMatchObject({ type: "StripeRateLimitError" });
    await control("set-faults", { rate: 0 });
    expect((await stripe.customers.list()).data).toHaveLength(1);

    expect((await fetch(`${emulator.url}/_emulator/events`)).status).toBe(405);
    expect((await control("no-such-control")).status).toBe(404);
    expect((await control("settle-bank-payment", {})).status).toBe(400);
    await control("reset");
    expect((await stripe.customers.list()).data).toHaveLength(0);
  });
});
