// The Stripe emulator driven by the real stripe-node client: API shapes and errors,
// the hosted checkout page (driven with fetch, as a browser without JavaScript would),
// and signed webhooks verified with stripe.webhooks.constructEvent.
import Stripe from "stripe";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  startStripeEmulator,
  startWebhookReceiver,
  type StripeEmulator,
  type WebhookReceiver,
} from "@portal/stripe-emulator";

const WEBHOOK_SECRET = "whsec_test_emulator_secret";
const API_KEY = "sk_test_emulator_integration";

let emulator: StripeEmulator;
let receiver: WebhookReceiver;
let stripe: Stripe;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emulator = await startStripeEmulator({
    port: 0,
    webhookUrl: receiver.url,
    webhookSecret: WEBHOOK_SECRET,
    webhookRetry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 4 },
  });
  stripe = new Stripe(API_KEY, {
    host: "127.0.0.1",
    port: emulator.port,
    protocol: "http",
    maxNetworkRetries: 0,
  });
});

afterEach(async () => {
  await emulator.controls.waitForWebhooks({ timeoutMs: 5_000 }).catch(() => {});
  emulator.controls.reset();
  receiver.received.length = 0;
  receiver.respondWith(200);
});

afterAll(async () => {
  await emulator?.stop();
  await receiver?.stop();
});

/** Every webhook received so far, verified the way the app's endpoint will. */
function verifiedEvents(): Stripe.Event[] {
  return receiver.received
    .filter((d) => d.status < 300)
    .map((d) => stripe.webhooks.constructEvent(d.body, d.signature, WEBHOOK_SECRET));
}

async function deliveredTypes(): Promise<string[]> {
  await emulator.controls.waitForWebhooks({ timeoutMs: 5_000 });
  return verifiedEvents().map((e) => e.type);
}

async function newPaymentSession(extra: Partial<Stripe.Checkout.SessionCreateParams> = {}) {
  const customer = await stripe.customers.create({
    email: "debtor@example.com",
    metadata: { account_id: "acc_1" },
  });
  const session = await stripe.checkout.sessions.create({
    mode: "payment",
    customer: customer.id,
    client_reference_id: "acc_1",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: "usd",
          unit_amount: 12_345,
          product_data: { name: "Balance on account 1" },
        },
      },
    ],
    allowed_payment_method_types: ["card", "us_bank_account"],
    payment_intent_data: {
      setup_future_usage: "off_session",
      metadata: { account_id: "acc_1", plan_id: "plan_1" },
    },
    metadata: { account_id: "acc_1" },
    success_url: "http://portal.test/pay/done?session={CHECKOUT_SESSION_ID}",
    cancel_url: "http://portal.test/pay/cancel",
    ...extra,
  });
  return { customer, session };
}

/** GETs the hosted page and POSTs the form a tester would submit. */
async function submitPage(sessionUrl: string, fields: Record<string, string>): Promise<Response> {
  const page = await fetch(sessionUrl);
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  expect(action).toBeTruthy();
  return fetch(new URL(action!, sessionUrl), {
    method: "POST",
    body: new URLSearchParams(fields),
    redirect: "manual",
  });
}

const CARD_FIELDS = {
  payment_method_type: "card",
  card_expiry: "12 / 34",
  card_cvc: "123",
  card_name: "Dee Btor",
};

/** A customer with a saved payment method, through Checkout in setup mode. */
async function savedPaymentMethod(card: string | { bank: string }) {
  const customer = await stripe.customers.create({ email: "saver@example.com" });
  const session = await stripe.checkout.sessions.create({
    mode: "setup",
    customer: customer.id,
    currency: "usd",
    allowed_payment_method_types: ["card", "us_bank_account"],
    setup_intent_data: { metadata: { plan_id: "plan_9" } },
    success_url: "http://portal.test/plan/saved",
  });
  const result = emulator.controls.completeCheckoutSession(
    session.id,
    typeof card === "string" ? { card } : { bank: { account: card.bank } },
  );
  expect(result.outcome).toBe("completed");
  const done = await stripe.checkout.sessions.retrieve(session.id, { expand: ["setup_intent"] });
  const setupIntent = done.setup_intent as Stripe.SetupIntent;
  expect(setupIntent.status).toBe("succeeded");
  return { customer, paymentMethodId: setupIntent.payment_method as string };
}

describe("API basics", () => {
  it("rejects a missing or live key with Stripe's 401", async () => {
    const bad = new Stripe("sk_live_nope_1234567890", {
      host: "127.0.0.1",
      port: emulator.port,
      protocol: "http",
      maxNetworkRetries: 0,
    });
    await expect(bad.customers.list()).rejects.toMatchObject({
      type: "StripeAuthenticationError",
      statusCode: 401,
    });
    const raw = await fetch(`${emulator.url}/v1/customers`);
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ error: { type: "invalid_request_error" } });
  });

  it("creates, retrieves, updates and lists customers", async () => {
    const created = await stripe.customers.create({
      email: "a@example.com",
      name: "A Debtor",
      metadata: { account_id: "acc_42", creditor_id: "cr_1" },
    });
    expect(created.id).toMatch(/^cus_/);
    expect(created).toMatchObject({ object: "customer", livemode: false, email: "a@example.com" });
    expect(created.lastResponse.requestId).toMatch(/^req_/);

    const updated = await stripe.customers.update(created.id, {
      name: "A. Debtor",
      metadata: { creditor_id: "" },
    });
    expect(updated.name).toBe("A. Debtor");
    expect(updated.metadata).toEqual({ account_id: "acc_42" });

    const fetched = await stripe.customers.retrieve(created.id);
    expect(fetched).toMatchObject({ id: created.id, name: "A. Debtor" });
    const listed = await stripe.customers.list({ email: "a@example.com" });
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);
  });

  it("answers Stripe's error shapes: 404 resource_missing, parameter_missing, parameter_unknown", async () => {
    await expect(stripe.customers.retrieve("cus_missing")).rejects.toMatchObject({
      type: "StripeInvalidRequestError",
      statusCode: 404,
      code: "resource_missing",
      param: "id",
    });
    await expect(
      stripe.paymentIntents.create({ currency: "usd" } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_missing", param: "amount" });
    await expect(
      stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, code: "parameter_unknown", param: "emial" });
    await expect(
      stripe.paymentIntents.create({ amount: 10, currency: "usd" }),
    ).rejects.toMatchObject({ code: "amount_too_small", param: "amount" });
  });

  it("replays an idempotent request and refuses a key reused with other parameters", async () => {
    const first = await stripe.customers.create(
      { email: "once@example.com" },
      { idempotencyKey: "cust-create-1" },
    );
    const again = await stripe.customers.create(
      { email: "once@example.com" },
      { idempotencyKey: "cust-create-1" },
    );
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers["idempotent-replayed"]).toBe("true");
    expect((await stripe.customers.list()).data).toHaveLength(1);

    await expect(
      stripe.customers.create({ email: "other@example.com" }, { idempotencyKey: "cust-create-1" }),
    ).rejects.toMatchObject({
      type: "StripeIdempotencyError",
      statusCode: 400,
      rawType: "idempotency_error",
    });
    await expect(
      stripe.paymentIntents.create(
        { amount: 500, currency: "usd" },
        { idempotencyKey: "cust-create-1" },
      ),
    ).rejects.toMatchObject({ type: "StripeIdempotencyError" });
  });

  it("paginates lists newest first and serves events", async () => {
    for (let i = 0; i < 5; i++) await stripe.customers.create({ email: `p${i}@example.com` });
    const all = await stripe.customers.list({ limit: 2 }).autoPagingToArray({ limit: 10 });
    expect(all.map((c) => c.email)).toEqual([
      "p4@example.com",
      "p3@example.com",
      "p2@example.com",
      "p1@example.com",
      "p0@example.com",
    ]);
    const events = await stripe.events.list({ type: "customer.created", limit: 3 });
    expect(events.data).toHaveLength(3);
    expect(events.has_more).toBe(true);
    const one = await stripe.events.retrieve(events.data[0].id);
    expect(one).toMatchObject({ object: "event", type: "customer.created", livemode: false });
    expect(one.request?.id).toMatch(/^req_/);
  });
});

describe("hosted checkout page", () => {
  it("takes a card payment end to end: page, redirect, objects and verified webhooks", async () => {
    const { customer, session } = await newPaymentSession();
    expect(session.id).toMatch(/^cs_test_/);
    expect(session).toMatchObject({
      status: "open",
      payment_status: "unpaid",
      amount_total: 12_345,
      currency: "usd",
      payment_intent: null,
      client_reference_id: "acc_1",
      metadata: { account_id: "acc_1" },
    });
    expect(session.url).toBe(`${emulator.url}/checkout/${session.id}`);

    const page = await fetch(session.url!);
    const html = await page.text();
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(html).toContain('<html lang="en">');
    expect(html).toContain("Test mode: no real money");
    expect(html).toContain("$123.45");
    expect(html).not.toMatch(/<script|style=/i);
    // Every visible input has a label.
    for (const [, id] of html.matchAll(/<input id="([^"]+)"/g))
      expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('href="http://portal.test/pay/cancel"');
    expect((await fetch(`${emulator.url}/checkout/assets/checkout.css`)).status).toBe(200);

    const submitted = await submitPage(session.url!, {
      ...CARD_FIELDS,
      card_number: "4242 4242 4242 4242",
    });
    expect(submitted.status).toBe(303);
    expect(submitted.headers.get("location")).toBe(
      `http://portal.test/pay/done?session=${session.id}`,
    );

    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.latest_charge"],
    });
    expect(done).toMatchObject({
      status: "complete",
      payment_status: "paid",
      url: null,
      customer: customer.id,
    });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({
      object: "payment_intent",
      status: "succeeded",
      amount: 12_345,
      amount_received: 12_345,
      customer: customer.id,
      setup_future_usage: "off_session",
      metadata: { account_id: "acc_1", plan_id: "plan_1" },
    });
    const charge = pi.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: "charge",
      paid: true,
      status: "succeeded",
      payment_intent: pi.id,
    });
    expect(charge.id).toMatch(/^ch_/);

    // setup_future_usage saved the card on the customer.
    const methods = await stripe.paymentMethods.list({ customer: customer.id });
    expect(methods.data).toHaveLength(1);
    expect(methods.data[0].card).toMatchObject({ brand: "visa", last4: "4242" });
    expect(methods.data[0].id).toBe(pi.payment_method);

    const bySession = await stripe.checkout.sessions.list({ payment_intent: pi.id });
    expect(bySession.data.map((s) => s.id)).toEqual([session.id]);

    const types = await deliveredTypes();
    expect(types).toEqual(
      expect.arrayContaining([
        "payment_intent.created",
        "payment_method.attached",
        "charge.succeeded",
        "payment_intent.succeeded",
        "checkout.session.completed",
      ]),
    );
    const completed = verifiedEvents().find((e) => e.type === "checkout.session.completed")!;
    expect(completed).toMatchObject({ object: "event", livemode: false, pending_webhooks: 1 });
    expect(completed.id).toMatch(/^evt_/);
    expect(completed.api_version).toBeTruthy();
    expect((completed.data.object as Stripe.Checkout.Session).payment_intent).toBe(pi.id);
    // Tampered payloads do not verify.
    const raw = receiver.received[0];
    expect(() =>
      stripe.webhooks.constructEvent(raw.body + " ", raw.signature, WEBHOOK_SECRET),
    ).toThrow();
  });

  it("shows a decline on the page, keeps the session open and lets the debtor retry", async () => {
    const { session } = await newPaymentSession();
    const declined = await submitPage(session.url!, {
      ...CARD_FIELDS,
      card_number: "4000000000009995",
    });
    expect(declined.status).toBe(200);
    const html = await declined.text();
    expect(html).toContain('role="alert"');
    expect(html).toContain("Your card has insufficient funds.");
    let current = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent"],
    });
    expect(current.status).toBe("open");
    const pi = current.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("requires_payment_method");
    expect(pi.last_payment_error).toMatchObject({
      code: "card_declined",
      decline_code: "insufficient_funds",
    });

    const invalid = await submitPage(session.url!, {
      ...CARD_FIELDS,
      card_number: "4242 4242 4242 4241",
    });
    expect(invalid.status).toBe(200);
    expect(await invalid.text()).toMatch(/id="card-number"[^>]*aria-invalid="true"/);

    const retried = await submitPage(session.url!, {
      ...CARD_FIELDS,
      card_number: "4242424242424242",
    });
    expect(retried.status).toBe(303);
    current = await stripe.checkout.sessions.retrieve(session.id);
    expect(current.payment_intent).toBe(pi.id);
    expect(current.payment_status).toBe("paid");
    expect(await deliveredTypes()).toEqual(
      expect.arrayContaining([
        "payment_intent.payment_failed",
        "charge.failed",
        "payment_intent.succeeded",
      ]),
    );
  });

  it("runs a 3-D Secure challenge, both answers", async () => {
    const customer = await stripe.customers.create({ email: "sca@example.com" });
    const setup = await stripe.checkout.sessions.create({
      mode: "setup",
      customer: customer.id,
      currency: "usd",
      success_url: "http://portal.test/plan/saved?s={CHECKOUT_SESSION_ID}",
    });
    const challenge = await submitPage(setup.url!, {
      ...CARD_FIELDS,
      card_number: "4000002500003155",
    });
    expect(challenge.status).toBe(303);
    const challengeUrl = new URL(challenge.headers.get("location")!, setup.url!);
    expect(challengeUrl.pathname).toBe(`/checkout/${setup.id}/authenticate`);
    const challengePage = await (await fetch(challengeUrl)).text();
    const token = /name="token" value="([^"]+)"/.exec(challengePage)![1];
    const passed = await fetch(challengeUrl, {
      method: "POST",
      body: new URLSearchParams({ token, result: "complete" }),
      redirect: "manual",
    });
    expect(passed.headers.get("location")).toBe(`http://portal.test/plan/saved?s=${setup.id}`);
    const done = await stripe.checkout.sessions.retrieve(setup.id, {
      expand: ["setup_intent.payment_method"],
    });
    expect(done).toMatchObject({ status: "complete", payment_status: "no_payment_required" });
    const si = done.setup_intent as Stripe.SetupIntent;
    expect(si).toMatchObject({ status: "succeeded", customer: customer.id, usage: "off_session" });
    const pm = si.payment_method as Stripe.PaymentMethod;
    expect(pm).toMatchObject({ customer: customer.id, card: { last4: "3155" } });
    // Once set up, this card works off-session.
    const later = await stripe.paymentIntents.create({
      amount: 2_500,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      // Stripe refuses confirm without return_url while Dashboard methods may redirect.
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      off_session: true,
    });
    expect(later.status).toBe("succeeded");

    const { session } = await newPaymentSession();
    await submitPage(session.url!, { ...CARD_FIELDS, card_number: "4000002760003184" });
    const page = await (await fetch(`${emulator.url}/checkout/${session.id}/authenticate`)).text();
    const failToken = /name="token" value="([^"]+)"/.exec(page)![1];
    const failed = await fetch(`${emulator.url}/checkout/${session.id}/authenticate`, {
      method: "POST",
      body: new URLSearchParams({ token: failToken, result: "fail" }),
      redirect: "manual",
    });
    expect(failed.status).toBe(200);
    expect(await failed.text()).toContain("unable to authenticate");
    const pi = await stripe.paymentIntents.retrieve(
      (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string,
    );
    expect(pi.last_payment_error?.code).toBe("payment_intent_authentication_failure");
  });

  it("takes a bank account: processing, then the session's async payment succeeds", async () => {
    const { session } = await newPaymentSession();
    const submitted = await submitPage(session.url!, {
      payment_method_type: "us_bank_account",
      account_holder_name: "Dee Btor",
      routing_number: "110000000",
      account_number: "000123456789",
      account_type: "checking",
    });
    expect(submitted.status).toBe(303);
    const done = await stripe.checkout.sessions.retrieve(session.id, {
      expand: ["payment_intent.payment_method"],
    });
    expect(done).toMatchObject({ status: "complete", payment_status: "unpaid" });
    const pi = done.payment_intent as Stripe.PaymentIntent;
    expect(pi.status).toBe("processing");
    expect((pi.payment_method as Stripe.PaymentMethod).us_bank_account).toMatchObject({
      last4: "6789",
      bank_name: "STRIPE TEST BANK",
    });
    expect(await deliveredTypes()).toEqual(
      expect.arrayContaining(["payment_intent.processing", "checkout.session.completed"]),
    );

    emulator.controls.settleBankPayment(pi.id);
    expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("succeeded");
    expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
    expect(await deliveredTypes()).toEqual(
      expect.arrayContaining([
        "payment_intent.succeeded",
        "charge.succeeded",
        "checkout.session.async_payment_succeeded",
      ]),
    );
  });

  it("expires sessions through the API and the control, with checkout.session.expired", async () => {
    const { session } = await newPaymentSession({
      expires_at: Math.floor(Date.now() / 1000) + 3600,
    });
    const expired = await stripe.checkout.sessions.expire(session.id);
    expect(expired).toMatchObject({ status: "expired", url: null });
    await expect(stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({
      statusCode: 400,
    });
    expect(await (await fetch(session.url!)).text()).toContain("This checkout has expired");

    const { session: other } = await newPaymentSession();
    emulator.controls.expireCheckoutSession(other.id);
    expect((await stripe.checkout.sessions.retrieve(other.id)).status).toBe("expired");
    expect((await deliveredTypes()).filter((t) => t === "checkout.session.expired")).toHaveLength(
      2,
    );
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: { currency: "usd", unit_amount: 500, product_data: { name: "x" } },
          },
        ],
        success_url: "http://portal.test/ok",
        expires_at: Math.floor(Date.now() / 1000) + 60,
      }),
    ).rejects.toMatchObject({ param: "expires_at" });
  });
});

describe("off-session payments (later installments)", () => {
  it("charges a saved card off-session", async () => {
    const { customer, paymentMethodId } = await savedPaymentMethod("4242424242424242");
    const pi = await stripe.paymentIntents.create(
      {
        amount: 5_000,
        currency: "usd",
        customer: customer.id,
        payment_method: paymentMethodId,
        confirm: true,
        // Stripe refuses confirm without return_url while Dashboard methods may redirect.
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        off_session: true,
        metadata: { installment_id: "inst_1" },
      },
      { idempotencyKey: "installment:inst_1:attempt:1" },
    );
    expect(pi).toMatchObject({ status: "succeeded", amount_received: 5_000 });
    expect(pi.id).toMatch(/^pi_/);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount: 5_000, paid: true, payment_method: paymentMethodId });
    expect(emulator.controls.countPaymentIntents({ metadata: { installment_id: "inst_1" } })).toBe(
      1,
    );
    expect(
      (await stripe.paymentIntents.list({ customer: customer.id })).data.map((p) => p.id),
    ).toEqual([pi.id]);
  });

  it("declines with 402 and leaves the intent in requires_payment_method (replayed by key)", async () => {
    const { customer, paymentMethodId } = await savedPaymentMethod("4000000000000341");
    const params: Stripe.PaymentIntentCreateParams = {
      amount: 5_000,
      currency: "usd",
      customer: customer.id,
      payment_method: paymentMethodId,
      confirm: true,
      // Stripe refuses confirm without return_url while Dashboard methods may redirect.
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      off_session: true,
      metadata: { installment_id: "inst_2" },
    };
    const error = await stripe.paymentIntents
      .create(params, { idempotencyKey: "installment:inst_2:attempt:1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = error as Stripe.errors.StripeCardError;
    expect(cardError).toMatchObject({
      statusCode: 402,
      code: "card_declined",
      decline_code: "generic_decline",
    });
    expect(cardError.payment_intent?.status).toBe("requires_payment_method");
    const pi = await stripe.paymentIntents.retrieve(cardError.payment_intent!.id);
    expect(pi.last_payment_error).toMatchObject({ type: "card_error", code: "card_declined" });

    // Same key again: the same decline, not a second attempt.
    await expect(
      stripe.paymentIntents.create(params, { idempotencyKey: "installment:inst_2:attempt:1" }),
    ).rejects.toMatchObject({ payment_intent: { id: pi.id } });
    expect(emulator.controls.countPaymentIntents({ metadata: { installment_id: "inst_2" } })).toBe(
      1,
    );
    expect(await deliveredTypes()).toEqual(
      expect.arrayContaining(["payment_intent.payment_failed", "charge.failed"]),
    );
  });

  it("fails with authentication_required for a card that always needs it", async () => {
    const { customer, paymentMethodId } = await savedPaymentMethod("4000002760003184");
    await expect(
      stripe.paymentIntents.create({
        amount: 5_000,
        currency: "usd",
        customer: customer.id,
        payment_method: paymentMethodId,
        confirm: true,
        // Stripe refuses confirm without return_url while Dashboard methods may redirect.
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        off_session: true,
      }),
    ).rejects.toMatchObject({
      type: "StripeCardError",
      code: "authentication_required",
      decline_code: "authentication_required",
      payment_intent: { status: "requires_payment_method" },
    });
  });

  it("declines insufficient funds and refuses to save decline cards", async () => {
    await expect(
      stripe.paymentIntents.create({
        amount: 5_000,
        currency: "usd",
        payment_method: "pm_card_chargeDeclinedInsufficientFunds",
        confirm: true,
        // Stripe refuses confirm without return_url while Dashboard methods may redirect.
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        off_session: true,
      }),
    ).rejects.toMatchObject({ code: "card_declined", decline_code: "insufficient_funds" });
    const customer = await stripe.customers.create({});
    await expect(
      stripe.paymentMethods.attach("pm_card_chargeDeclined", { customer: customer.id }),
    ).rejects.toMatchObject({ statusCode: 402, code: "card_declined" });
    const attached = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
    expect(attached).toMatchObject({ customer: customer.id, card: { last4: "4242" } });
  });

  it("keeps a bank debit processing until it settles or fails", async () => {
    const { customer, paymentMethodId } = await savedPaymentMethod({ bank: "000111111116" });
    const pi = await stripe.paymentIntents.create({
      amount: 7_500,
      currency: "usd",
      customer: customer.id,
      payment_method: paymentMethodId,
      allowed_payment_method_types: ["us_bank_account"],
      confirm: true,
      off_session: true,
    });
    expect(pi.status).toBe("processing");
    emulator.controls.failBankPayment(pi.id);
    const failed = await stripe.paymentIntents.retrieve(pi.id);
    expect(failed.status).toBe("requires_payment_method");
    expect(failed.last_payment_error?.code).toBe("no_account");
    expect((await stripe.charges.retrieve(failed.latest_charge as string)).status).toBe("failed");
    expect(await deliveredTypes()).toEqual(
      expect.arrayContaining(["payment_intent.processing", "payment_intent.payment_failed"]),
    );
  });
});

describe("refunds and disputes", () => {
  async function paidIntent(card = "4242424242424242") {
    const { customer, paymentMethodId } = await savedPaymentMethod(card);
    return stripe.paymentIntents.create({
      amount: 10_000,
      currency: "usd",
      customer: customer.id,
      payment_method: paymentMethodId,
      confirm: true,
      // Stripe refuses confirm without return_url while Dashboard methods may redirect.
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      off_session: true,
    });
  }

  it("refunds part, then the rest, and refuses more", async () => {
    const pi = await paidIntent();
    const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 2_500 });
    expect(refund).toMatchObject({
      object: "refund",
      status: "succeeded",
      amount: 2_500,
      payment_intent: pi.id,
    });
    expect(refund.id).toMatch(/^re_/);
    await expect(
      stripe.refunds.create({ payment_intent: pi.id, amount: 9_000 }),
    ).rejects.toMatchObject({
      code: "amount_too_large",
    });
    const rest = emulator.controls.refund(pi.id);
    expect(rest.amount).toBe(7_500);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
    expect((await stripe.refunds.list({ payment_intent: pi.id })).data).toHaveLength(2);
    const types = await deliveredTypes();
    expect(types.filter((t) => t === "charge.refunded")).toHaveLength(2);
    expect(types).toContain("refund.created");
  });

  it("opens and closes disputes with their events", async () => {
    const pi = await paidIntent();
    const dispute = emulator.controls.openDispute(pi.id);
    expect(dispute.id).toMatch(/^dp_/);
    const fetched = await stripe.disputes.retrieve(dispute.id);
    expect(fetched).toMatchObject({
      status: "needs_response",
      charge: pi.latest_charge,
      payment_intent: pi.id,
      amount: 10_000,
    });
    await expect(stripe.refunds.create({ payment_intent: pi.id })).rejects.toMatchObject({
      code: "charge_disputed",
    });
    emulator.controls.closeDispute(dispute.id, "won");
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe("won");
    const events = (await deliveredTypes()).filter((t) => t.startsWith("charge.dispute."));
    expect(events).toEqual(
      expect.arrayContaining(["charge.dispute.created", "charge.dispute.closed"]),
    );

    // The documented dispute card opens one by itself.
    const disputed = await paidIntent("4000000000000259");
    expect((await stripe.disputes.list({ payment_intent: disputed.id })).data).toHaveLength(1);
  });
});

describe("webhook delivery", () => {
  it("retries non-2xx answers with backoff and logs every attempt", async () => {
    receiver.respondWith(({ index }) => (index < 2 ? 500 : 200));
    await stripe.customers.create({ email: "retry@example.com" });
    await emulator.controls.waitForWebhooks({ timeoutMs: 5_000 });
    const log = emulator.controls.deliveries();
    expect(log.map((d) => [d.attempt, d.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(verifiedEvents().map((e) => e.type)).toEqual(["customer.created"]);
    // Every attempt was signed, failed ones included.
    for (const d of receiver.received)
      stripe.webhooks.constructEvent(d.body, d.signature, WEBHOOK_SECRET);
    const event = await stripe.events.retrieve(verifiedEvents()[0].id);
    expect(event.pending_webhooks).toBe(0);
  });

  it("gives up after the bounded number of attempts", async () => {
    receiver.respondWith(503);
    await stripe.customers.create({});
    await emulator.controls.waitForWebhooks({ timeoutMs: 5_000 });
    const log = emulator.controls.deliveries();
    expect(log).toHaveLength(4);
    expect(log.at(-1)).toMatchObject({ ok: false, gaveUp: true, status: 503 });
  });
});

describe("demo mode", () => {
  it("bankSettlementDelayMs settles bank debits by themselves after that delay (the clock runs with real time)", async () => {
    const demo = await startStripeEmulator({
      port: 0,
      webhookSecret: WEBHOOK_SECRET,
      bankSettlementDelayMs: 300,
    });
    try {
      const client = new Stripe(API_KEY, {
        host: "127.0.0.1",
        port: demo.port,
        protocol: "http",
        maxNetworkRetries: 0,
      });
      const session = await client.checkout.sessions.create({
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: { currency: "usd", unit_amount: 1_000, product_data: { name: "Demo" } },
          },
        ],
        allowed_payment_method_types: ["card", "us_bank_account"],
        success_url: "http://portal.test/done",
      });
      demo.controls.completeCheckoutSession(session.id, { bank: { account: "000123456789" } });
      const piId = (await client.checkout.sessions.retrieve(session.id)).payment_intent as string;
      expect((await client.paymentIntents.retrieve(piId)).status).toBe("processing");
      await new Promise((r) => setTimeout(r, 600));
      expect((await client.paymentIntents.retrieve(piId)).status).toBe("succeeded");
      expect((await client.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
    } finally {
      await demo.stop();
    }
  });
});
