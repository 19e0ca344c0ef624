// Stripe conformance: one named test per rule of Stripe's that the emulator follows (each
// beside its Stripe docs page in packages/stripe-emulator/README.md). Written against
// the real stripe-node client only, so `npm run test:stripe` runs the same file against
// Stripe's test mode; tests that need the emulator's controls or clock say why and are
// skipped there.
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  emulatorOf,
  emulatorOnly,
  eventsSince,
  eventually,
  ON_STRIPE,
  startStripeTarget,
  type StripeTarget,
} from "./stripe-target";

let target: StripeTarget;
let stripe: Stripe;

beforeAll(async () => {
  target = await startStripeTarget();
  stripe = target.stripe;
});
afterAll(async () => {
  await target?.stop();
});

// Why a test cannot run on Stripe's test mode (npm run test:stripe lists each with its reason).
const onClock = emulatorOnly(
  "moves the emulator's clock: Stripe's test mode cannot move time for payments",
);
const onControls = emulatorOnly(
  "uses an emulator control (injected fault or latency) that Stripe has no API for",
);
const onDashboard = emulatorOnly(
  "changes the account's Dashboard payment methods, which the API cannot",
);
const onPage = emulatorOnly(
  "drives the hosted Checkout page through the emulator's control; on Stripe that needs a browser",
);
const onReceiver = emulatorOnly(
  "reads the webhooks the emulator delivered to a local endpoint; Stripe cannot reach it",
);
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
  onClock(
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

  onClock("clock: advanced over HTTP with POST /_emulator/advance-clock", async () => {
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
  onControls(
    "idempotency: the first result is replayed whatever it was, a 500 raised after the endpoint ran included",
    async () => {
      const controls = emulatorOf(target).controls;
      const k = key("500");
      const email = `five-hundred-${Date.now()}@example.com`;
      controls.setFaults({ rate: 1, kinds: ["500_after"] });
      const first = await stripe.customers
        .create({ email }, { idempotencyKey: k })
        .catch((e: unknown) => e);
      controls.setFaults(null);
      expect(first).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(first).toMatchObject({ statusCode: 500, type: "StripeAPIError" });
      // The request ran: the customer exists.
      expect((await stripe.customers.list({ email })).data).toHaveLength(1);
      // The same key replays the 500 (and Stripe tells the client not to retry it).
      const again = (await stripe.customers
        .create({ email }, { idempotencyKey: k })
        .catch((e: unknown) => e)) as Stripe.errors.StripeAPIError;
      expect(again).toBeInstanceOf(Stripe.errors.StripeAPIError);
      expect(again.statusCode).toBe(500);
      expect(again.headers?.["idempotent-replayed"]).toBe("true");
      expect(again.headers?.["stripe-should-retry"]).toBe("false");
      expect((await stripe.customers.list({ email })).data).toHaveLength(1);
      // After 24 h on the clock the key is new again: the request runs.
      controls.advanceClock(DAY);
      const later = await stripe.customers.create({ email }, { idempotencyKey: k });
      expect(later.id).toMatch(/^cus_/);
      expect((await stripe.customers.list({ email })).data).toHaveLength(2);
    },
  );

  it("idempotency: a request that failed validation is not saved, so the corrected request runs under the same key", async () => {
    const k = key("validation");
    await expect(
      stripe.customers.create({ emial: "typo@example.com" } as Stripe.CustomerCreateParams, {
        idempotencyKey: k,
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: "parameter_unknown",
    });
    const created = await stripe.customers.create(
      { email: "typo@example.com" },
      { idempotencyKey: k },
    );
    expect(created.id).toMatch(/^cus_/);
    expect(created.lastResponse.headers["idempotent-replayed"]).toBeUndefined();
  });

  it("idempotency: the same key with other parameters answers idempotency_error", async () => {
    const k = key("params");
    const first = await stripe.customers.create(
      { email: "same@example.com" },
      { idempotencyKey: k },
    );
    expect(
      (await stripe.customers.create({ email: "same@example.com" }, { idempotencyKey: k })).id,
    ).toBe(first.id);
    const other = await stripe.customers
      .create({ email: "other@example.com" }, { idempotencyKey: k })
      .catch((e: unknown) => e);
    expect(other).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(other).toMatchObject({ statusCode: 400, rawType: "idempotency_error" });
  });

  onControls(
    "idempotency: a request while another with the same key is executing gets 409 idempotency_key_in_use, and is not saved",
    async () => {
      const controls = emulatorOf(target).controls;
      const k = key("in-use");
      controls.setLatency(400);
      const [a, b] = await Promise.allSettled([
        stripe.customers.create({ email: "race@example.com" }, { idempotencyKey: k }),
        new Promise((r) => setTimeout(r, 100)).then(() =>
          stripe.customers.create({ email: "race@example.com" }, { idempotencyKey: k }),
        ),
      ]);
      controls.setLatency(null);
      expect(a.status).toBe("fulfilled");
      expect(b.status).toBe("rejected");
      const conflict = (b as PromiseRejectedResult).reason as Stripe.errors.StripeError;
      expect(conflict).toMatchObject({
        statusCode: 409,
        code: "idempotency_key_in_use",
        rawType: "invalid_request_error",
      });
      // The 409 was not saved: the key replays the first request's answer.
      const replay = await stripe.customers.create(
        { email: "race@example.com" },
        { idempotencyKey: k },
      );
      expect(replay.id).toBe((a as PromiseFulfilledResult<Stripe.Customer>).value.id);
      expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
    },
  );

  onClock(
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

const RETURN_URL_REQUIRED =
  "A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.";

/** A customer with a saved card (Stripe's test token), as a later installment charges it. */
async function customerWithCard() {
  const customer = await stripe.customers.create({});
  const pm = await stripe.paymentMethods.attach("pm_card_visa", { customer: customer.id });
  return { customer: customer.id, paymentMethod: pm.id };
}

describe("PaymentIntent confirmation", () => {
  it("confirm: without payment method types, allow_redirects=never or return_url, Stripe refuses it (off_session or not), with its message", async () => {
    const { customer, paymentMethod } = await customerWithCard();
    const base = {
      amount: 2_000,
      currency: "usd",
      customer,
      payment_method: paymentMethod,
      confirm: true,
    } as const;
    for (const extra of [{ off_session: true }, {}]) {
      const error = await stripe.paymentIntents
        .create({ ...base, ...extra })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error).toMatchObject({
        statusCode: 400,
        rawType: "invalid_request_error",
        message: RETURN_URL_REQUIRED,
      });
    }
    // The same rule on POST /v1/payment_intents/:id/confirm.
    const unconfirmed = await stripe.paymentIntents.create({
      amount: 2_000,
      currency: "usd",
      customer,
      payment_method: paymentMethod,
    });
    await expect(
      stripe.paymentIntents.confirm(unconfirmed.id, { off_session: true }),
    ).rejects.toMatchObject({ statusCode: 400, message: RETURN_URL_REQUIRED });
    expect(
      (
        await stripe.paymentIntents.confirm(unconfirmed.id, {
          off_session: true,
          return_url: "https://portal.example/return",
        })
      ).status,
    ).toBe("succeeded");
    // The shapes Stripe accepts for a saved card.
    const never = await stripe.paymentIntents.create({
      ...base,
      off_session: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    expect(never.status).toBe("succeeded");
    expect(never.automatic_payment_methods).toEqual({ enabled: true, allow_redirects: "never" });
    const withReturn = await stripe.paymentIntents.create({
      ...base,
      off_session: true,
      return_url: "https://portal.example/return",
    });
    expect(withReturn.status).toBe("succeeded");
    const cardsOnly = await stripe.paymentIntents.create({
      ...base,
      off_session: true,
      allowed_payment_method_types: ["card"],
    });
    expect(cardsOnly.status).toBe("succeeded");
    expect(cardsOnly.payment_method_types).toEqual(["card"]);
  });

  onDashboard(
    "confirm: an account whose Dashboard has no redirect-based method needs no return_url (the control that models the Dashboard)",
    async () => {
      const controls = emulatorOf(target).controls;
      const { customer, paymentMethod } = await customerWithCard();
      expect(controls.dashboardPaymentMethods()).toEqual(
        expect.arrayContaining(["card", "us_bank_account", "klarna", "affirm"]),
      );
      controls.setDashboardPaymentMethods(["card", "us_bank_account"]);
      try {
        const pi = await stripe.paymentIntents.create({
          amount: 2_000,
          currency: "usd",
          customer,
          payment_method: paymentMethod,
          confirm: true,
          off_session: true,
        });
        expect(pi.status).toBe("succeeded");
        expect(pi.payment_method_types).toEqual(["card", "us_bank_account"]);
      } finally {
        controls.setDashboardPaymentMethods([
          "card",
          "us_bank_account",
          "link",
          "cashapp",
          "affirm",
          "klarna",
          "amazon_pay",
        ]);
      }
    },
  );

  it("payment method types: an unknown type is refused as Stripe refuses it", async () => {
    const invalid =
      /^The payment method type provided: bogus_pay is invalid\. Please ensure the provided type is activated in your dashboard/;
    await expect(
      stripe.paymentIntents.create({
        amount: 2_000,
        currency: "usd",
        allowed_payment_method_types: ["bogus_pay"],
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(invalid),
    });
    // The classic explicit list (payment_method_types, which stripe-node 23 no longer types).
    await expect(
      stripe.paymentIntents.create({
        amount: 2_000,
        currency: "usd",
        payment_method_types: ["card", "bogus_pay"],
      } as Stripe.PaymentIntentCreateParams),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringMatching(invalid),
    });
  });

  it("payment method types: a payment method whose type is not among the intent's is refused", async () => {
    const { customer, paymentMethod } = await customerWithCard();
    const error = await stripe.paymentIntents
      .create({
        amount: 2_000,
        currency: "usd",
        customer,
        payment_method: paymentMethod,
        confirm: true,
        off_session: true,
        allowed_payment_method_types: ["us_bank_account"],
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((error as Error).message).toBe(
      'The PaymentMethod provided (card) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: us_bank_account. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "card".',
    );
  });

  it("mandate: an off-session us_bank_account debit without a mandate is refused; mandate_data authorizes it", async () => {
    const customer = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.attach("pm_usBankAccount_success", {
      customer: customer.id,
    });
    const debit = {
      amount: 2_000,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
      allowed_payment_method_types: ["us_bank_account"],
    };
    const error = (await stripe.paymentIntents
      .create(debit)
      .catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.message).toBe(
      "This PaymentIntent requires a mandate, but no existing mandate was found. Collect mandate acceptance from the customer and try again, providing acceptance data in the mandate_data parameter.",
    );
    expect(error.payment_intent?.status).toBe("requires_confirmation");
    const authorized = await stripe.paymentIntents.create({
      ...debit,
      mandate_data: { customer_acceptance: { type: "offline" } },
    });
    expect(authorized.status).toBe("processing");
    const charge = await stripe.charges.retrieve(authorized.latest_charge as string);
    const mandate = await stripe.mandates.retrieve(
      charge.payment_method_details!.us_bank_account!.mandate as string,
    );
    expect(mandate).toMatchObject({
      object: "mandate",
      status: "active",
      payment_method: pm.id,
      customer_acceptance: { type: "offline" },
    });
  });

  onPage(
    "mandate: a bank account saved through Checkout (setup mode) carries a multi-use mandate that later off-session debits use",
    async () => {
      const controls = emulatorOf(target).controls;
      const customer = await stripe.customers.create({ email: "ach-saver@example.com" });
      const setup = await stripe.checkout.sessions.create({
        mode: "setup",
        customer: customer.id,
        currency: "usd",
        allowed_payment_method_types: ["card", "us_bank_account"],
        success_url: "https://portal.example/saved",
      });
      expect(
        controls.completeCheckoutSession(setup.id, { bank: { account: "000123456789" } }).outcome,
      ).toBe("completed");
      const si = (await stripe.checkout.sessions.retrieve(setup.id, { expand: ["setup_intent"] }))
        .setup_intent as Stripe.SetupIntent;
      expect(si.status).toBe("succeeded");
      const mandate = await stripe.mandates.retrieve(si.mandate as string);
      expect(mandate).toMatchObject({
        type: "multi_use",
        status: "active",
        payment_method: si.payment_method,
      });
      const later = await stripe.paymentIntents.create({
        amount: 2_000,
        currency: "usd",
        customer: customer.id,
        payment_method: si.payment_method as string,
        confirm: true,
        off_session: true,
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
      });
      expect(later.status).toBe("processing");
      const charge = await stripe.charges.retrieve(later.latest_charge as string);
      expect(charge.payment_method_details?.us_bank_account?.mandate).toBe(mandate.id);
    },
  );
});

describe("Checkout offers only what was asked", () => {
  const lineItems = [
    {
      quantity: 1,
      price_data: { currency: "usd", unit_amount: 2_500, product_data: { name: "Conformance" } },
    },
  ];

  it("Checkout: an explicit list of payment method types is what the session offers, and unknown types are refused", async () => {
    const explicit = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: lineItems,
      payment_method_types: ["card", "us_bank_account"],
      success_url: "https://portal.example/done",
    } as Stripe.Checkout.SessionCreateParams);
    expect(explicit.payment_method_types).toEqual(["card", "us_bank_account"]);
    const filtered = await paymentSession();
    expect(filtered.payment_method_types).toContain("card");
    expect(
      filtered.payment_method_types.every((t) => t === "card" || t === "us_bank_account"),
    ).toBe(true);

    const invalid =
      /^The payment method type provided: bogus_pay is invalid\. Please ensure the provided type is activated in your dashboard/;
    await expect(
      paymentSession({ allowed_payment_method_types: ["bogus_pay"] }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(invalid) });
    await expect(
      stripe.checkout.sessions.create({
        mode: "payment",
        line_items: lineItems,
        payment_method_types: ["card", "bogus_pay"],
        success_url: "https://portal.example/done",
      } as Stripe.Checkout.SessionCreateParams),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(invalid) });
  });

  onPage(
    "Checkout: the hosted page shows only the methods asked for; without a list it offers the Dashboard's, pay-later included",
    async () => {
      const controls = emulatorOf(target).controls;
      const asked = await stripe.checkout.sessions.create({
        mode: "payment",
        line_items: lineItems,
        payment_method_types: ["card", "us_bank_account"],
        success_url: "https://portal.example/done",
      } as Stripe.Checkout.SessionCreateParams);
      const askedPage = await (await fetch(asked.url!)).text();
      expect(askedPage).toContain('name="payment_method_type" value="card"');
      expect(askedPage).toContain('name="payment_method_type" value="us_bank_account"');
      expect(askedPage).not.toMatch(/Klarna|Affirm|Cash App|Amazon Pay|Link/);
      // A method it did not ask for cannot be used on it.
      const refused = await fetch(asked.url!, {
        method: "POST",
        body: new URLSearchParams({ payment_method_type: "klarna", email: "d@example.com" }),
      });
      expect(await refused.text()).toContain(
        "This payment method is not available for this payment.",
      );
      expect((await stripe.checkout.sessions.retrieve(asked.id)).status).toBe("open");

      const dashboard = await stripe.checkout.sessions.create({
        mode: "payment",
        line_items: lineItems,
        success_url: "https://portal.example/done",
      });
      expect(dashboard.payment_method_types).toEqual(
        expect.arrayContaining(["card", "us_bank_account", "klarna", "affirm", "cashapp"]),
      );
      const page = await (await fetch(dashboard.url!)).text();
      for (const label of [
        "Continue with Klarna",
        "Continue with Affirm",
        "Continue with Cash App Pay",
      ])
        expect(page).toContain(label);
      // A debtor can pay with what the page offers: here a pay-later method, approved on its page.
      const paid = controls.completeCheckoutSession(dashboard.id, {
        method: "klarna",
        email: "paylater@example.com",
      });
      expect(paid.outcome).toBe("completed");
      const pi = await stripe.paymentIntents.retrieve(
        (await stripe.checkout.sessions.retrieve(dashboard.id)).payment_intent as string,
        { expand: ["latest_charge"] },
      );
      expect(pi.status).toBe("succeeded");
      expect((pi.latest_charge as Stripe.Charge).payment_method_details?.type).toBe("klarna");
    },
  );
});

describe("US bank accounts (ACH)", () => {
  const acceptance = {
    customer_acceptance: {
      type: "online" as const,
      online: { ip_address: "203.0.113.7", user_agent: "conformance-suite" },
    },
  };

  /** A bank debit of an account entered by hand, verified with Stripe's test code SM11AA. */
  async function verifiedDebit(account: string) {
    const pm = await stripe.paymentMethods.create({
      type: "us_bank_account",
      us_bank_account: {
        routing_number: "110000000",
        account_number: account,
        account_holder_type: "individual",
      },
      billing_details: { name: "Dee Btor" },
    });
    const pi = await stripe.paymentIntents.create({
      amount: 2_000,
      currency: "usd",
      payment_method: pm.id,
      confirm: true,
      allowed_payment_method_types: ["us_bank_account"],
      mandate_data: acceptance,
    });
    expect(pi.status).toBe("requires_action");
    expect(pi.next_action?.type).toBe("verify_with_microdeposits");
    expect(pi.next_action?.verify_with_microdeposits?.hosted_verification_url).toMatch(
      /^https?:\/\//,
    );
    const verified = await stripe.paymentIntents.verifyMicrodeposits(pi.id, {
      descriptor_code: "SM11AA",
    });
    expect(verified.status).toBe("processing");
    return verified;
  }

  /** Lets the ACH debit settle: the emulator's clock moves past its 4 business days; Stripe's test mode settles by itself. */
  async function settled(piId: string) {
    if (target.kind === "emulator") target.emulator.controls.advanceClock(7 * DAY);
    return eventually(
      () => stripe.paymentIntents.retrieve(piId, { expand: ["latest_charge"] }),
      (pi) => pi.status !== "processing",
    );
  }

  it("ACH: an account entered by hand is verified with micro-deposits (SM11AA), then the debit is processing until it settles and succeeds", async () => {
    const processing = await verifiedDebit("000123456789");
    const charge = await stripe.charges.retrieve(processing.latest_charge as string);
    expect(charge.status).toBe("pending");
    const done = await settled(processing.id);
    expect(done.status).toBe("succeeded");
    expect((done.latest_charge as Stripe.Charge).status).toBe("succeeded");
  });

  it("ACH returns: the account's return code is the charge's failure_code and the intent's last_payment_error code", async () => {
    const returns = {
      "000222222227": "insufficient_funds",
      "000111111113": "account_closed",
      "000111111116": "no_account",
      "000333333335": "debit_not_authorized",
    };
    const debits = await Promise.all(Object.keys(returns).map((account) => verifiedDebit(account)));
    if (target.kind === "emulator") target.emulator.controls.advanceClock(7 * DAY);
    for (const [i, code] of Object.values(returns).entries()) {
      const pi = await eventually(
        () => stripe.paymentIntents.retrieve(debits[i].id, { expand: ["latest_charge"] }),
        (p) => p.status !== "processing",
      );
      expect(pi.status).toBe("requires_payment_method");
      expect(pi.last_payment_error).toMatchObject({
        code,
        type: "card_error",
        payment_method: { type: "us_bank_account" },
      });
      const charge = pi.latest_charge as Stripe.Charge;
      expect(charge).toMatchObject({ status: "failed", failure_code: code });
      expect(charge.failure_message).toBeTruthy();
    }
  });

  onPage(
    "ACH via Checkout: completed with payment_status unpaid, processing for 4 business days on the clock, then async_payment_succeeded (or _failed with the return code)",
    async () => {
      const controls = emulatorOf(target).controls;
      const start = controls.now();
      const good = await paymentSession();
      const bad = await paymentSession();
      controls.completeCheckoutSession(good.id, { bank: { account: "000123456789" } });
      controls.completeCheckoutSession(bad.id, { bank: { account: "000222222227" } });
      for (const id of [good.id, bad.id]) {
        const session = await stripe.checkout.sessions.retrieve(id, { expand: ["payment_intent"] });
        expect(session).toMatchObject({ status: "complete", payment_status: "unpaid" });
        expect((session.payment_intent as Stripe.PaymentIntent).status).toBe("processing");
      }
      controls.advanceClock(3 * DAY);
      expect((await stripe.checkout.sessions.retrieve(good.id)).payment_status).toBe("unpaid");
      controls.advanceClock(4 * DAY);
      expect((await stripe.checkout.sessions.retrieve(good.id)).payment_status).toBe("paid");
      const events = await eventsSince(stripe, start, [
        "checkout.session.completed",
        "payment_intent.processing",
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "checkout.session.async_payment_succeeded",
        "checkout.session.async_payment_failed",
      ]);
      const goodPi = (await stripe.checkout.sessions.retrieve(good.id)).payment_intent as string;
      const badPi = (await stripe.checkout.sessions.retrieve(bad.id)).payment_intent as string;
      const typesFor = (sessionId: string, piId: string) =>
        events
          .filter((e) => [sessionId, piId].includes((e.data.object as { id: string }).id))
          .map((e) => e.type);
      expect(typesFor(good.id, goodPi)).toEqual([
        "payment_intent.processing",
        "checkout.session.completed",
        "payment_intent.succeeded",
        "checkout.session.async_payment_succeeded",
      ]);
      expect(typesFor(bad.id, badPi)).toEqual([
        "payment_intent.processing",
        "checkout.session.completed",
        "payment_intent.payment_failed",
        "checkout.session.async_payment_failed",
      ]);
      const failed = await stripe.paymentIntents.retrieve(badPi);
      expect(failed.last_payment_error).toMatchObject({
        type: "card_error",
        code: "insufficient_funds",
      });
    },
  );

  onPage(
    "micro-deposits via Checkout: the session completes unpaid, the intent waits in requires_action/verify_with_microdeposits until the debtor verifies on the hosted page",
    async () => {
      const controls = emulatorOf(target).controls;
      const session = await paymentSession();
      expect(
        controls.completeCheckoutSession(session.id, {
          bank: { account: "000123456789", verification: "microdeposits" },
        }).outcome,
      ).toBe("completed");
      const done = await stripe.checkout.sessions.retrieve(session.id, {
        expand: ["payment_intent"],
      });
      expect(done).toMatchObject({ status: "complete", payment_status: "unpaid" });
      const pi = done.payment_intent as Stripe.PaymentIntent;
      expect(pi.status).toBe("requires_action");
      const next = pi.next_action!.verify_with_microdeposits!;
      expect(next.microdeposit_type).toBe("descriptor_code");
      expect(next.arrival_date).toBeGreaterThan(controls.now());
      // Nothing moves on its own: the money is not taken until the account is verified.
      controls.advanceClock(2 * DAY);
      expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("requires_action");
      // The hosted verification page (as the debtor's email links to it).
      const page = await fetch(next.hosted_verification_url);
      expect(await page.text()).toContain('name="descriptor_code"');
      const wrong = await fetch(next.hosted_verification_url, {
        method: "POST",
        body: new URLSearchParams({ descriptor_code: "SM99ZZ" }),
      });
      expect(await wrong.text()).toMatch(/do not match .* 9 verification attempts remaining/);
      const right = await fetch(next.hosted_verification_url, {
        method: "POST",
        body: new URLSearchParams({ descriptor_code: "SM11AA" }),
      });
      expect(await right.text()).toContain("Bank account verified");
      expect((await stripe.paymentIntents.retrieve(pi.id)).status).toBe("processing");
      controls.advanceClock(7 * DAY);
      expect((await stripe.checkout.sessions.retrieve(session.id)).payment_status).toBe("paid");
    },
  );

  onPage(
    "micro-deposits that fail: too many attempts (SM33CC), never verified within 10 days, or never sent (000666666661) fail the payment with Stripe's codes",
    async () => {
      const controls = emulatorOf(target).controls;
      const sessions = await Promise.all([paymentSession(), paymentSession(), paymentSession()]);
      const accounts = ["000123456789", "000123456789", "000666666661"];
      for (const [i, s] of sessions.entries())
        controls.completeCheckoutSession(s.id, {
          bank: { account: accounts[i], verification: "microdeposits" },
        });
      const intents = await Promise.all(
        sessions.map(
          async (s) => (await stripe.checkout.sessions.retrieve(s.id)).payment_intent as string,
        ),
      );
      const exceeded = await stripe.paymentIntents
        .verifyMicrodeposits(intents[0], { descriptor_code: "SM33CC" })
        .catch((e: unknown) => e);
      expect(exceeded).toMatchObject({
        statusCode: 400,
        code: "payment_method_microdeposit_verification_attempts_exceeded",
      });
      controls.advanceClock(2 * DAY); // the deposits of the third one could not be sent
      controls.advanceClock(12 * DAY); // the second one was never verified
      const codes = await Promise.all(
        intents.map(
          async (id) => (await stripe.paymentIntents.retrieve(id)).last_payment_error?.code,
        ),
      );
      expect(codes).toEqual([
        "payment_method_microdeposit_verification_attempts_exceeded",
        "payment_method_microdeposit_verification_timeout",
        "payment_method_microdeposit_failed",
      ]);
      for (const id of intents)
        expect((await stripe.paymentIntents.retrieve(id)).status).toBe("requires_payment_method");
      const failed = (
        await eventsSince(stripe, controls.now() - 20 * DAY, [
          "checkout.session.async_payment_failed",
        ])
      ).map((e) => (e.data.object as { id: string }).id);
      for (const s of sessions) expect(failed).toContain(s.id);
    },
  );
});

describe("disputes and refunds", () => {
  /** A card payment with one of Stripe's test tokens, confirmed as the charge worker does. */
  function pay(paymentMethod: string, amount = 5_700) {
    return stripe.paymentIntents.create({
      amount,
      currency: "usd",
      payment_method: paymentMethod,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
  }
  const disputeOf = (piId: string) =>
    eventually(
      async () => (await stripe.disputes.list({ payment_intent: piId })).data[0],
      (d) => d !== undefined,
    );

  it("inquiry: the bank's inquiry (warning_needs_response) moves no money: no balance transactions", async () => {
    const pi = await pay("pm_card_createDisputeInquiry");
    const inquiry = await disputeOf(pi.id);
    expect(inquiry).toMatchObject({
      status: "warning_needs_response",
      amount: 5_700,
      payment_method_details: { card: { case_type: "inquiry" } },
    });
    expect(inquiry.balance_transactions).toEqual([]);
  });

  onClock(
    "inquiry: closing it leaves warning_closed and still no money moved; unanswered, it escalates to a chargeback on the clock",
    async () => {
      const controls = emulatorOf(target).controls;
      const closed = await disputeOf((await pay("pm_card_createDisputeInquiry")).id);
      controls.closeDispute(closed.id, "won");
      expect(await stripe.disputes.retrieve(closed.id)).toMatchObject({
        status: "warning_closed",
        balance_transactions: [],
      });
      const ignored = await disputeOf((await pay("pm_card_createDisputeInquiry")).id);
      controls.advanceClock(8 * DAY);
      const escalated = await stripe.disputes.retrieve(ignored.id);
      expect(escalated.status).toBe("needs_response");
      expect(
        escalated.balance_transactions.map((t) => (t as Stripe.BalanceTransaction).amount),
      ).toEqual([-5_700]);
    },
  );

  it("chargeback: the funds are withdrawn at once (a negative balance transaction); winning evidence reinstates them", async () => {
    const pi = await pay("pm_card_createDispute");
    const dispute = await disputeOf(pi.id);
    expect(dispute).toMatchObject({
      status: "needs_response",
      payment_method_details: { card: { case_type: "chargeback" } },
    });
    expect(
      dispute.balance_transactions.map((t) => (t as Stripe.BalanceTransaction).amount),
    ).toEqual([-5_700]);
    await stripe.disputes.update(dispute.id, {
      evidence: { uncategorized_text: "winning_evidence" },
      submit: true,
    });
    const won = await eventually(
      () => stripe.disputes.retrieve(dispute.id),
      (d) => d.status === "won",
    );
    expect(
      won.balance_transactions
        .map((t) => (t as Stripe.BalanceTransaction).amount)
        .sort((a, b) => a - b),
    ).toEqual([-5_700, 5_700]);
    const events = await eventsSince(stripe, dispute.created - 5, [
      "charge.dispute.funds_withdrawn",
      "charge.dispute.funds_reinstated",
    ]);
    expect(
      events.filter((e) => (e.data.object as Stripe.Dispute).id === dispute.id).map((e) => e.type),
    ).toEqual(["charge.dispute.funds_withdrawn", "charge.dispute.funds_reinstated"]);
  });

  it("refund.failed: a refund that succeeded can fail later, with failure_reason, and the refund.failed event", async () => {
    const pi = await pay("pm_card_refundFailure");
    const refund = await stripe.refunds.create({ payment_intent: pi.id });
    expect(["succeeded", "pending"]).toContain(refund.status);
    if (target.kind === "emulator") target.emulator.controls.advanceClock(HOUR);
    const failed = await eventually(
      () => stripe.refunds.retrieve(refund.id),
      (r) => r.status === "failed",
    );
    expect(failed.status).toBe("failed");
    expect(failed.failure_reason).toBeTruthy();
    const events = await eventually(
      () => eventsSince(stripe, refund.created - 5, ["refund.failed"]),
      (list) => list.some((e) => (e.data.object as Stripe.Refund).id === refund.id),
    );
    expect(events.some((e) => (e.data.object as Stripe.Refund).id === refund.id)).toBe(true);
  });

  onClock(
    "refund.failed: a bank refund fails on the clock through the control, and the charge counts it as not refunded",
    async () => {
      const controls = emulatorOf(target).controls;
      const session = await paymentSession();
      controls.completeCheckoutSession(session.id, { bank: { account: "000123456789" } });
      controls.advanceClock(7 * DAY);
      const piId = (await stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
      const refund = await stripe.refunds.create({ payment_intent: piId, amount: 1_000 });
      controls.failRefund(refund.id, { afterSeconds: 2 * DAY });
      controls.advanceClock(DAY);
      expect((await stripe.refunds.retrieve(refund.id)).status).toBe("succeeded");
      controls.advanceClock(DAY);
      expect(await stripe.refunds.retrieve(refund.id)).toMatchObject({
        status: "failed",
        failure_reason: "unknown",
      });
      const charge = await stripe.charges.retrieve(refund.charge as string);
      expect(charge).toMatchObject({ amount_refunded: 0, refunded: false });
    },
  );
});

describe("what a webhook handler relies on", () => {
  it("bad webhook input: an object Stripe does not know answers 404 resource_missing (so an event naming it can be ignored, not retried)", async () => {
    for (const read of [
      () => stripe.paymentIntents.retrieve("pi_doesnotexist0000"),
      () => stripe.charges.retrieve("ch_doesnotexist0000"),
      () => stripe.disputes.retrieve("dp_doesnotexist0000"),
    ]) {
      await expect(read()).rejects.toMatchObject({
        type: "StripeInvalidRequestError",
        statusCode: 404,
        code: "resource_missing",
      });
    }
  });

  onReceiver(
    "bad webhook input: events are signed as Stripe signs them; a tampered or re-signed payload does not verify",
    async () => {
      if (target.kind !== "emulator") return;
      const { receiver, webhookSecret } = target;
      await stripe.customers.create({ email: "signed@example.com" });
      await target.emulator.controls.waitForWebhooks();
      const delivery = receiver.received.at(-1)!;
      expect(
        stripe.webhooks.constructEvent(delivery.body, delivery.signature, webhookSecret).type,
      ).toBe("customer.created");
      expect(() =>
        stripe.webhooks.constructEvent(
          delivery.body.replace("signed@", "forged@"),
          delivery.signature,
          webhookSecret,
        ),
      ).toThrow();
      expect(() =>
        stripe.webhooks.constructEvent(delivery.body, delivery.signature, "whsec_someone_else"),
      ).toThrow();
    },
  );
});

it("runs against the target it says", () => {
  expect(target.kind).toBe(ON_STRIPE ? "stripe" : "emulator");
});
