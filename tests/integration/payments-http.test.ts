// Through the real server (production build, Express pipeline): what the Stripe webhook
// endpoint does with bad input (never a 500 loop, the ledger unchanged), and what the
// debtor and the creditor see while a bank payment is on its way or after a refund bounced.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { todayIn } from "../../app/lib/calendar-date";
import { startCheckout } from "../../app/models/payments.server";
import { stripe } from "../../app/services/stripe.server";
import { signPayload } from "@portal/stripe-emulator";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { createPlan } from "../support/payments";
import { changedTables, creditorCookie, debtorCookie, digest } from "../support/security";

const SECRET = "whsec_payments_http";
const DAY = 24 * 3600;
let database: TestDatabase;
let server: HttpServer;
let creditorId: string;
let ownerId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  [{ id: creditorId }] = await database.db
    .select({ id: schema.creditors.id })
    .from(schema.creditors)
    .where(eq(schema.creditors.slug, "brightside-dental"));
  [{ id: ownerId }] = await database.db
    .select({ id: schema.creditorUsers.id })
    .from(schema.creditorUsers)
    .where(eq(schema.creditorUsers.email, "owner@brightside-dental.example"));
  server = await startHttpServer({ webhookSecret: SECRET });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

/** POSTs `body` to the webhook endpoint, signed with the endpoint's secret unless told otherwise. */
function postWebhook(body: string, signature: string | null = signPayload(body, SECRET)) {
  return fetch(`${server.url}/webhooks/stripe`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(signature ? { "stripe-signature": signature } : {}),
    },
    body,
  });
}

const event = (id: string, type: string, object: unknown) =>
  JSON.stringify({
    id,
    object: "event",
    api_version: "2026-10-28.endive",
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
const recorded = async (id: string) =>
  (await database.db.select().from(schema.stripeEvents).where(eq(schema.stripeEvents.id, id)))[0];

describe("bad input to the Stripe webhook endpoint", () => {
  it("refuses garbage and unsigned bodies with 400, writing nothing", async () => {
    const before = await digest(database.db);
    for (const [body, signature] of [
      ["not json at all", null],
      ["not json at all", signPayload("not json at all", SECRET)],
      ["{}", "t=1,v1=deadbeef"],
      [
        event("evt_forged", "payment_intent.succeeded", { id: "pi_x", object: "payment_intent" }),
        signPayload("something else", SECRET),
      ],
    ] as const) {
      const res = await postWebhook(body, signature);
      expect(res.status).toBe(400);
    }
    expect(changedTables(before, await digest(database.db))).toEqual([]);
  });

  it("answers a signed body that is not an event, or an event whose object has no id, with a logged no-op (2xx, never a 500)", async () => {
    const before = await digest(database.db);
    for (const body of [
      JSON.stringify({ hello: "world" }),
      JSON.stringify([1, 2, 3]),
      event("evt_no_object_id", "payment_intent.succeeded", { object: "payment_intent" }),
      event("evt_bad_object_id", "charge.refunded", { id: "ch_../../x", object: "charge" }),
    ]) {
      const res = await postWebhook(body);
      expect(res.status, body).toBeLessThan(300);
    }
    expect(
      server.logs.some((l) => l.msg === "stripe event without a usable object id: ignored"),
    ).toBe(true);
    // Only the event ids are recorded (the ones that had an id), so a redelivery is a duplicate.
    expect(changedTables(before, await digest(database.db))).toEqual(["stripe_events"]);
    expect(await recorded("evt_no_object_id")).toMatchObject({ type: "payment_intent.succeeded" });
    expect(
      (
        await postWebhook(
          event("evt_no_object_id", "payment_intent.succeeded", { object: "payment_intent" }),
        )
      ).status,
    ).toBe(200);
  });

  it("records an event of a type we do not act on and changes nothing else", async () => {
    const before = await digest(database.db);
    const res = await postWebhook(
      event("evt_unknown_type", "issuing_card.created", { id: "ic_123", object: "issuing.card" }),
    );
    expect(res.status).toBe(200);
    expect(await recorded("evt_unknown_type")).toMatchObject({ type: "issuing_card.created" });
    expect(changedTables(before, await digest(database.db))).toEqual(["stripe_events"]);
  });

  it("an event for an object Stripe does not know is a logged no-op, recorded, not retried: no 500 loop", async () => {
    const before = await digest(database.db);
    for (const [id, type, object] of [
      [
        "evt_missing_pi",
        "payment_intent.succeeded",
        { id: "pi_doesnotexist000", object: "payment_intent" },
      ],
      ["evt_missing_charge", "charge.refunded", { id: "ch_doesnotexist000", object: "charge" }],
      [
        "evt_missing_dispute",
        "charge.dispute.funds_withdrawn",
        { id: "dp_doesnotexist000", object: "dispute" },
      ],
      [
        "evt_missing_session",
        "checkout.session.completed",
        { id: "cs_test_doesnotexist", object: "checkout.session" },
      ],
      [
        "evt_missing_refund_charge",
        "refund.failed",
        { id: "re_doesnotexist000", object: "refund", charge: "ch_doesnotexist000" },
      ],
    ] as const) {
      const res = await postWebhook(event(id, type, object));
      expect(res.status, id).toBe(200);
      expect(await res.json()).toMatchObject({ result: "ignored" });
      expect(await recorded(id)).toBeTruthy();
    }
    expect(
      server.logs.filter(
        (l) => l.msg === "stripe event for an object Stripe does not know: ignored",
      ),
    ).toHaveLength(5);
    expect(server.logs.some((l) => l.level === "error" && l.msg === "stripe webhook failed")).toBe(
      false,
    );
    expect(changedTables(before, await digest(database.db))).toEqual(["stripe_events"]);
  });

  it("events for Stripe objects that are not ours change nothing", async () => {
    const customer = await stripe().customers.create({});
    const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const pi = await stripe().paymentIntents.create({
      amount: 1_000,
      currency: "usd",
      customer: customer.id,
      payment_method: pm.id,
      confirm: true,
      off_session: true,
      automatic_payment_methods: { enabled: true, allow_redirects: "never" },
    });
    const dispute = server.emulator.controls.openDispute(pi.id);
    await server.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
    const before = await digest(database.db);
    for (const [id, type, object] of [
      ["evt_foreign_pi", "payment_intent.succeeded", pi],
      ["evt_foreign_charge", "charge.refunded", { id: pi.latest_charge, object: "charge" }],
      ["evt_foreign_dispute", "charge.dispute.funds_withdrawn", dispute],
    ] as const) {
      const res = await postWebhook(event(id, type, object));
      expect(res.status).toBe(200);
    }
    expect(changedTables(before, await digest(database.db))).toEqual(["stripe_events"]);
    // Stripe's own deliveries of those events were all answered 2xx: nothing to retry.
    expect(server.emulator.controls.deliveries().every((d) => d.ok)).toBe(true);
  });
});

describe("what the debtor and the creditor see", () => {
  let seq = 0;
  async function account(owed: number) {
    const tag = `${Date.now()}-${++seq}`;
    const today = todayIn("America/New_York", new Date());
    const [debtor] = await database.db
      .insert(schema.debtors)
      .values({ creditorId, fullName: `Page Test ${tag}` })
      .returning();
    const [row] = await database.db
      .insert(schema.accounts)
      .values({
        creditorId,
        debtorId: debtor.id,
        reference: `PG-${tag}`,
        referenceLast4Hash: "x",
        itemizationDate: today,
        itemizationKind: "transaction",
        status: "open",
      })
      .returning();
    await database.db.insert(schema.ledgerEntries).values({
      accountId: row.id,
      kind: "itemized_balance",
      amountCents: owed,
      currency: "usd",
      occurredAt: new Date(),
      source: "import",
      sourceId: `pg:${tag}`,
    });
    await createPlan(database.db, {
      accountId: row.id,
      kind: "full",
      balanceCents: owed,
      installments: [{ dueDate: today, amountCents: owed }],
    });
    const start = await startCheckout({
      debtorId: debtor.id,
      accountId: row.id,
      appUrl: server.url,
      lang: "en",
    });
    const sessionId = (start as { url: string }).url.split("/").pop()!;
    return { debtorId: debtor.id, accountId: row.id, sessionId };
  }
  const page = async (path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { cookie } });
    expect(res.status, path).toBe(200);
    // React separates text parts with empty comments.
    return (await res.text()).replaceAll("<!-- -->", "");
  };
  const payForms = (html: string) =>
    [...html.matchAll(/<form[^>]*action="[^"]*\/checkout"/g)].length;

  it("a bank account being verified: the return page and the plan page say so (EN and ES) and offer no second payment", async () => {
    const a = await account(7_000);
    server.emulator.controls.completeCheckoutSession(a.sessionId, {
      bank: { account: "000123456789", verification: "microdeposits" },
    });
    await server.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
    const { cookie } = await debtorCookie(a.debtorId);
    const returned = await page(
      `/accounts/${a.accountId}/checkout/return?session_id=${a.sessionId}`,
      cookie,
    );
    expect(returned).toContain("We are verifying your bank account");
    expect(returned).toContain("You don&#x27;t need to pay again");
    expect(payForms(returned)).toBe(0);
    const plan = await page(`/accounts/${a.accountId}/plan`, cookie);
    expect(plan).toContain("A bank payment is on its way");
    expect(payForms(plan)).toBe(0);
    const spanish = await page(
      `/accounts/${a.accountId}/checkout/return?session_id=${a.sessionId}`,
      `${cookie}; lang=es`,
    );
    expect(spanish).toContain("Estamos verificando su cuenta bancaria");
  });

  it("a bank payment processing: the return page says we will email, with no way to pay again", async () => {
    const a = await account(3_000);
    server.emulator.controls.completeCheckoutSession(a.sessionId, {
      bank: { account: "000123456789" },
    });
    await server.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
    const { cookie } = await debtorCookie(a.debtorId);
    const returned = await page(
      `/accounts/${a.accountId}/checkout/return?session_id=${a.sessionId}`,
      cookie,
    );
    expect(returned).toContain("We are processing your bank payment");
    expect(returned).toContain("will email you when it is done");
    expect(payForms(returned)).toBe(0);
    expect(payForms(await page(`/accounts/${a.accountId}/plan`, cookie))).toBe(0);
  });

  it("a refund that bounced: the creditor's account page and dashboard say it needs attention", async () => {
    const a = await account(5_000);
    const done = server.emulator.controls.completeCheckoutSession(a.sessionId, {
      bank: { account: "000123456789" },
    });
    server.emulator.controls.advanceClock(7 * DAY);
    await server.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
    const refund = server.emulator.controls.refund(done.session.payment_intent as string, 2_000);
    server.emulator.controls.failRefund(refund.id);
    await server.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
    const { cookie } = await creditorCookie(ownerId);
    const accountPage = await page(`/creditor/accounts/${a.accountId}`, cookie);
    expect(accountPage).toContain("Needs attention: a refund did not reach the debtor");
    expect(accountPage).toContain(
      "A refund did not reach the debtor (returned by their bank or card issuer)",
    );
    const dashboard = await page("/creditor", cookie);
    expect(dashboard).toMatch(
      /Refunds that did not reach the debtor \(90 days\)<\/dt><dd[^>]*>[1-9]/,
    );
  });
});
