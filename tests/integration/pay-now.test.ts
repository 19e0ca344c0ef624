// One payment now, straight to Stripe (app/models/pay-now.server.ts) on a real database and
// the Stripe emulator: each kind's amount is the server's, what the page showed is what is
// charged (a tampered or stale amount is refused), another debtor's account is not found, a
// kind that does not fit is explained, and paying on Stripe's page posts the payment.
// Each test makes its own debtor (tests/support/factories.ts).
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import { balancesFor } from "../../app/models/ledger.server";
import { getPayNow, startPayNow, type PayNowView } from "../../app/models/pay-now.server";
import { getPlanBuilder, getPlanPage } from "../../app/models/plans.server";
import { getStatement } from "../../app/models/statement.server";
import { createDebtor, type DebtorFixture, type Persona } from "../support/factories";
import { createTestDatabase, type TestDatabase } from "../support/db";
import {
  createPlan,
  installmentsOf,
  startPaymentsKit,
  type PaymentsKit,
} from "../support/payments";

let database: TestDatabase;
let kit: PaymentsKit;

beforeAll(async () => {
  database = await createTestDatabase();
  kit = await startPaymentsKit();
});
afterAll(async () => {
  await kit?.stop();
  await database?.dispose();
});

const APP = "http://app.test";
const balance = async (accountId: string) => (await balancesFor([accountId])).get(accountId)!;
const today = (d: DebtorFixture) => todayIn(d.creditor.timezone, new Date());
const sessionId = (url: string) => url.split("/").pop()!;

async function debtor(persona: Persona = "alex") {
  return createDebtor(database.db, persona);
}

function view(d: DebtorFixture, kind: string | null, amount = "", debtorId = d.debtorId) {
  return getPayNow({
    debtorId,
    accountId: d.accountId,
    kind: kind as never,
    amount,
    lang: "en",
  });
}

function pay(d: DebtorFixture, kind: string, expectCents: number | null, amount = "") {
  return startPayNow({
    debtorId: d.debtorId,
    accountId: d.accountId,
    kind: kind as never,
    amount,
    expectCents,
    lang: "en",
    appUrl: APP,
    ip: "127.0.0.1",
  });
}

const offered = (v: PayNowView | null) => {
  if (!v?.ok) throw new Error(`expected an offer, got ${JSON.stringify(v)}`);
  return v;
};

async function payOnStripe(url: string) {
  const result = kit.emulator.controls.completeCheckoutSession(sessionId(url), {
    card: "4242424242424242",
  });
  expect(result.outcome).toBe("completed");
  await kit.emulator.controls.waitForWebhooks();
}

async function checkoutOf(url: string) {
  const { stripe } = await import("../../app/services/stripe.server");
  return stripe().checkout.sessions.retrieve(sessionId(url), { expand: ["payment_intent"] });
}

/** The paid intent's setup_future_usage (null: nothing saved for later). */
async function futureUsage(url: string) {
  const pi = (await checkoutOf(url)).payment_intent as { setup_future_usage: string | null } | null;
  if (!pi) throw new Error("no payment intent");
  return pi.setup_future_usage ?? null;
}

const plansOf = (accountId: string) =>
  database.db.select().from(schema.plans).where(eq(schema.plans.accountId, accountId));
const accountOf = async (accountId: string) =>
  (await database.db.select().from(schema.accounts).where(eq(schema.accounts.id, accountId)))[0];

/** An installment plan running on a saved card, `status` as given (a test may set any). */
async function inPlan(
  d: DebtorFixture,
  rows: { days: number; cents: number; status?: "failed" | "scheduled" }[],
  status: "active" | "broken" | "paused" = "active",
) {
  const { stripe } = await import("../../app/services/stripe.server");
  const customer = await stripe().customers.create({});
  const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const total = rows.reduce((s, r) => s + r.cents, 0);
  // The account owes exactly the plan's total.
  const owed = await balance(d.accountId);
  if (owed !== total)
    await database.db.insert(schema.ledgerEntries).values({
      accountId: d.accountId,
      kind: "adjustment",
      amountCents: total - owed,
      currency: "usd",
      occurredAt: new Date(),
      source: "creditor",
      sourceId: `test:${d.accountId}`,
    });
  const plan = await createPlan(database.db, {
    accountId: d.accountId,
    kind: "installments",
    balanceCents: total,
    status: "active",
    installments: rows.map((r) => ({ dueDate: addDays(today(d), r.days), amountCents: r.cents })),
  });
  await database.db
    .update(schema.plans)
    .set({ status, stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
    .where(eq(schema.plans.id, plan.id));
  for (const [i, r] of rows.entries())
    if (r.status === "failed")
      await database.db
        .update(schema.installments)
        .set({ status: "failed", attempts: 3 })
        .where(and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, i + 1)));
  await database.db
    .update(schema.accounts)
    .set({ status: "in_plan" })
    .where(eq(schema.accounts.id, d.accountId));
  return plan;
}

describe("pay in full", () => {
  it("the balance, one-time words, Checkout mode=payment with nothing saved; paying marks the account paid", async () => {
    const d = await debtor("alex");
    const v = offered(await view(d, "full"));
    expect(v).toMatchObject({ kind: "full", amountCents: 8450, detail: { type: "full" } });
    expect(v.authorization).toContain("one payment of $84.50");
    expect(v.authorization).not.toMatch(/plan|times|every/i);

    // A tampered amount (or one the page did not show) is refused, with nothing stored.
    expect(await pay(d, "full", 100)).toEqual({ ok: false, notice: "changed" });
    expect(await pay(d, "full", null)).toEqual({ ok: false, notice: "changed" });
    expect(await plansOf(d.accountId)).toHaveLength(0);

    const started = await pay(d, "full", 8450);
    if (!started?.ok) throw new Error(JSON.stringify(started));
    // A double click lands on the same Stripe page, with one single payment recorded.
    expect(await pay(d, "full", 8450)).toEqual(started);
    const plans = await plansOf(d.accountId);
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({
      kind: "full",
      installmentCount: 1,
      totalCents: 8450,
      authorizationVersion: "one-time-2026-1",
      authorizationText: v.authorization,
    });
    const session = await checkoutOf(started.url);
    expect(session.mode).toBe("payment");
    expect(session.amount_total).toBe(8450);
    expect(session.cancel_url).toBe(
      `${APP}/accounts/${d.accountId}/pay-now?kind=full&checkout=cancelled`,
    );
    // Left on Stripe's page: no plan for the debtor anywhere, and any choice stays open.
    expect((await getPlanBuilder(d.debtorId, d.accountId))?.livePlanId).toBeNull();
    expect((await getStatement(d.debtorId, d.accountId))?.plan).toBeNull();

    await payOnStripe(started.url);
    // A single payment: nothing saved for later charges.
    expect(await futureUsage(started.url)).toBeNull();
    expect(await balance(d.accountId)).toBe(0);
    expect((await accountOf(d.accountId)).status).toBe("paid");
    expect((await plansOf(d.accountId))[0].status).toBe("completed");
    expect(await view(d, "full")).toMatchObject({ ok: false, reason: "nothingOwed" });
  });

  it("another debtor's account is not found, for the page and the button", async () => {
    const d = await debtor("alex");
    const other = await debtor("alex");
    expect(await view(d, "full", "", other.debtorId)).toBeNull();
    expect(
      await startPayNow({
        debtorId: other.debtorId,
        accountId: d.accountId,
        kind: "full",
        amount: "",
        expectCents: 8450,
        lang: "en",
        appUrl: APP,
      }),
    ).toBeNull();
    expect(await plansOf(d.accountId)).toHaveLength(0);
  });
});

describe("the settlement", () => {
  it("pays the offered amount; the rest is written off and the account settled", async () => {
    const d = await debtor("maria");
    const v = offered(await view(d, "settlement"));
    expect(v.detail).toMatchObject({ type: "settlement" });
    expect(v.amountCents).toBeLessThan(v.balanceCents);
    const started = await pay(d, "settlement", v.amountCents);
    if (!started?.ok) throw new Error(JSON.stringify(started));
    await payOnStripe(started.url);
    const writeOff = await database.db
      .select()
      .from(schema.ledgerEntries)
      .where(
        and(
          eq(schema.ledgerEntries.accountId, d.accountId),
          eq(schema.ledgerEntries.kind, "settlement_writeoff"),
        ),
      );
    expect(writeOff[0]?.amountCents).toBe(-(v.balanceCents - v.amountCents));
    expect(await balance(d.accountId)).toBe(0);
    expect((await accountOf(d.accountId)).status).toBe("settled");
  });

  it("not offered (or in a plan, on hold, unknown): explained, and the button refuses", async () => {
    const alex = await debtor("alex"); // Brightside offers no settlement
    expect(await view(alex, "settlement")).toMatchObject({
      ok: false,
      reason: "settlementNotOffered",
    });
    expect(await pay(alex, "settlement", 1000)).toEqual({ ok: false, notice: "refused" });
    expect(await view(alex, "bogus")).toMatchObject({ ok: false, reason: "unknownKind" });
    expect(await view(alex, "next")).toMatchObject({ ok: false, reason: "noPlan" });
    expect(await view(alex, "payoff")).toMatchObject({ ok: false, reason: "noPlan" });
    const held = await debtor("jordan"); // a dispute holds the account
    expect(await view(held, "full")).toMatchObject({ ok: false, reason: "onHold" });
    const planned = await debtor("alex");
    await inPlan(planned, [
      { days: 5, cents: 4000 },
      { days: 35, cents: 4450 },
    ]);
    expect(await view(planned, "full")).toMatchObject({ ok: false, reason: "hasPlan" });
    expect(await pay(planned, "full", 8450)).toEqual({ ok: false, notice: "refused" });
    expect(await plansOf(alex.accountId)).toHaveLength(0);
  });
});

describe("in a plan", () => {
  it("next: the next installment now (the saved card refreshed); the plan goes on", async () => {
    const d = await debtor("alex");
    const plan = await inPlan(d, [
      { days: 7, cents: 4000 },
      { days: 37, cents: 4450 },
    ]);
    const v = offered(await view(d, "next"));
    expect(v).toMatchObject({ amountCents: 4000, detail: { type: "next", seq: 1 } });
    const started = await pay(d, "next", 4000);
    if (!started?.ok) throw new Error(JSON.stringify(started));
    await payOnStripe(started.url);
    // Paying a plan's installment on-session refreshes the card its authorization covers.
    expect(await futureUsage(started.url)).toBe("off_session");
    const rows = await installmentsOf(database.db, plan.id);
    expect(rows.map((r) => r.status)).toEqual(["paid", "scheduled"]);
    expect(await balance(d.accountId)).toBe(4450);
    expect((await plansOf(d.accountId))[0].status).toBe("active");
  });

  it("next on a broken plan catches up what is overdue and brings the plan back", async () => {
    const d = await debtor("alex");
    const plan = await inPlan(
      d,
      [
        { days: -20, cents: 2000, status: "failed" },
        { days: -5, cents: 2000, status: "failed" },
        { days: 10, cents: 4450 },
      ],
      "broken",
    );
    const v = offered(await view(d, "next"));
    expect(v).toMatchObject({ amountCents: 4000, detail: { type: "catchUp", count: 2 } });
    expect(await view(d, "extra", "10.00")).toMatchObject({ ok: false, reason: "catchUpFirst" });
    const started = await pay(d, "next", 4000);
    if (!started?.ok) throw new Error(JSON.stringify(started));
    await payOnStripe(started.url);
    const rows = await installmentsOf(database.db, plan.id);
    expect(rows.map((r) => r.status)).toEqual(["paid", "paid", "scheduled"]);
    expect((await plansOf(d.accountId))[0].status).toBe("active");
    expect(await balance(d.accountId)).toBe(4450);
  });

  it("payoff: the sum of what is left; the plan completes and the account is paid", async () => {
    const d = await debtor("alex");
    await inPlan(d, [
      { days: 7, cents: 4000 },
      { days: 37, cents: 4450 },
    ]);
    const v = offered(await view(d, "payoff"));
    expect(v).toMatchObject({ amountCents: 8450, detail: { type: "payoff", count: 2 } });
    const started = await pay(d, "payoff", 8450);
    if (!started?.ok) throw new Error(JSON.stringify(started));
    expect((await checkoutOf(started.url)).mode).toBe("payment");
    await payOnStripe(started.url);
    expect((await plansOf(d.accountId))[0].status).toBe("completed");
    expect((await accountOf(d.accountId)).status).toBe("paid");
  });

  it("extra: the typed amount, checked against the plan; paying it reduces the next payment", async () => {
    const d = await debtor("alex");
    const plan = await inPlan(d, [
      { days: 7, cents: 4000 },
      { days: 37, cents: 4450 },
    ]);
    expect(await view(d, "extra", "")).toMatchObject({ ok: false, reason: "amount", error: null });
    expect(await view(d, "extra", "abc")).toMatchObject({
      reason: "amount",
      error: { key: "payNow.error.amount" },
    });
    expect(await view(d, "extra", "0.10")).toMatchObject({
      reason: "amount",
      error: { key: "payNow.error.belowMin" },
    });
    expect(await view(d, "extra", "500.00")).toMatchObject({
      reason: "amount",
      error: { key: "payNow.error.tooMuch", vars: { amount: 8450 } },
    });
    const v = offered(await view(d, "extra", "25.00"));
    expect(v).toMatchObject({
      amountCents: 2500,
      detail: {
        type: "extra",
        changes: [{ seq: 1, kind: "reduced", fromCents: 4000, toCents: 1500 }],
      },
    });
    // The button re-checks the typed amount: too much, or not what the page showed, is refused.
    expect(await pay(d, "extra", 500_00, "500.00")).toEqual({ ok: false, notice: "refused" });
    expect(await pay(d, "extra", 2500, "30.00")).toEqual({ ok: false, notice: "changed" });
    const started = await pay(d, "extra", 2500, "25.00");
    if (!started?.ok) throw new Error(JSON.stringify(started));
    const session = await checkoutOf(started.url);
    expect(session.amount_total).toBe(2500);
    await payOnStripe(started.url);
    expect(await futureUsage(started.url)).toBeNull();
    const rows = await installmentsOf(database.db, plan.id);
    expect(rows.map((r) => [r.status, r.amountCents])).toEqual([
      ["scheduled", 1500],
      ["scheduled", 4450],
    ]);
    expect(await balance(d.accountId)).toBe(5950);
  });

  it("a paused plan: next and extra are explained, paying off stays possible", async () => {
    const d = await debtor("alex");
    await inPlan(
      d,
      [
        { days: 7, cents: 4000 },
        { days: 37, cents: 4450 },
      ],
      "paused",
    );
    expect(await view(d, "next")).toMatchObject({ ok: false, reason: "paused" });
    expect(await view(d, "extra", "10")).toMatchObject({ ok: false, reason: "paused" });
    expect(await view(d, "payoff")).toMatchObject({ ok: true, amountCents: 8450 });
  });
});

describe("a single payment left on Stripe's page", () => {
  it("gives way to another choice: the settlement replaces pay in full, the plan page sends it back", async () => {
    const d = await debtor("maria");
    const full = offered(await view(d, "full"));
    const first = await pay(d, "full", full.amountCents);
    if (!first?.ok) throw new Error(JSON.stringify(first));
    const page = await getPlanPage(d.debtorId, d.accountId);
    expect(page?.plan?.kind).toBe("full");
    const settle = offered(await view(d, "settlement"));
    const second = await pay(d, "settlement", settle.amountCents);
    if (!second?.ok) throw new Error(JSON.stringify(second));
    expect(second.url).not.toBe(first.url);
    const plans = await plansOf(d.accountId);
    expect(plans.map((p) => [p.kind, p.status]).sort()).toEqual([
      ["full", "cancelled"],
      ["settlement", "pending_payment_method"],
    ]);
    // The old Stripe page can no longer be paid.
    expect((await checkoutOf(first.url)).status).toBe("expired");
  });
});
