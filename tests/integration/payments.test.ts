import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import { getReceipt, startCheckout } from "../../app/models/payments.server";
import { balancesFor } from "../../app/models/ledger.server";
import {
  chargeDueInstallments,
  IN_FLIGHT_GRACE_MS,
  reconcile,
  type ChargeRun,
} from "../../app/workers/charge-worker.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import {
  accountByRef,
  createPlan,
  installmentsOf,
  ledgerOf,
  startPaymentsKit,
  type PaymentsKit,
} from "../support/payments";

let database: TestDatabase;
let kit: PaymentsKit;
// "Today" where each demo creditor is (a due date is due by the creditor's calendar):
// Brightside (BSD-) is in New York, Northbridge (NRS-) in Chicago, an hour behind.
const today = (timezone = "America/New_York") => todayIn(timezone, new Date());
const CHICAGO = "America/Chicago";
const balance = async (accountId: string) => (await balancesFor([accountId])).get(accountId)!;
const checkoutId = (url: string) => url.split("/").pop()!;
/** A worker run's totals: these counts, every other one zero. */
const run = (counts: Partial<ChargeRun> = {}): ChargeRun => ({
  charged: 0,
  failed: 0,
  deferred: 0,
  defects: 0,
  recovered: 0,
  notReached: 0,
  ...counts,
});

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  kit = await startPaymentsKit();
});
afterAll(async () => {
  await kit?.stop();
  await database?.dispose();
});

describe("pay in full through hosted Checkout", () => {
  it("posts the payment once, marks the account paid and keeps a receipt; replays change nothing", async () => {
    const alex = await accountByRef(database.db, "BSD-100245");
    const plan = await createPlan(database.db, {
      accountId: alex.id,
      kind: "full",
      balanceCents: 8450,
      installments: [{ dueDate: today(), amountCents: 8450 }],
    });
    const start = await startCheckout({
      debtorId: alex.debtorId,
      accountId: alex.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    expect(start).toMatchObject({ ok: true });
    const url = (start as { url: string }).url;
    // A double click reuses the one open Checkout.
    expect(
      await startCheckout({
        debtorId: alex.debtorId,
        accountId: alex.id,
        appUrl: "http://app.test",
        lang: "en",
      }),
    ).toEqual({ ok: true, url });
    // Another debtor cannot start one for this account.
    const maria = await accountByRef(database.db, "NRS-55012873");
    expect(
      await startCheckout({
        debtorId: maria.debtorId,
        accountId: alex.id,
        appUrl: "http://app.test",
        lang: "en",
      }),
    ).toBeNull();

    const result = kit.emulator.controls.completeCheckoutSession(checkoutId(url), {
      card: "4242424242424242",
    });
    expect(result.outcome).toBe("completed");
    expect(result.redirectUrl).toContain(
      `http://app.test/accounts/${alex.id}/checkout/return?session_id=cs_`,
    );
    await kit.emulator.controls.waitForWebhooks();

    expect(await balance(alex.id)).toBe(0);
    expect((await accountByRef(database.db, "BSD-100245")).status).toBe("paid");
    const [payment] = await database.db
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.accountId, alex.id));
    expect(payment).toMatchObject({
      status: "succeeded",
      amountCents: 8450,
      methodBrand: "visa",
      methodLast4: "4242",
    });
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
    const [planRow] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(planRow.status).toBe("completed");
    const receipt = await getReceipt(alex.debtorId, alex.id, payment.id);
    expect(receipt).toMatchObject({
      remainingCents: 0,
      payment: { receiptNumber: expect.stringMatching(/^R-\d{8}-/) },
    });
    expect(await getReceipt(maria.debtorId, alex.id, payment.id)).toBeNull();

    const entriesBefore = (await ledgerOf(database.db, alex.id)).length;
    kit.emulator.controls.redeliverAll();
    await kit.emulator.controls.waitForWebhooks();
    expect((await ledgerOf(database.db, alex.id)).length).toBe(entriesBefore);
    expect(await balance(alex.id)).toBe(0);
  });
});

describe("settlement", () => {
  it("pays the settlement amount and writes off the rest", async () => {
    const maria = await accountByRef(database.db, "NRS-55012873");
    await createPlan(database.db, {
      accountId: maria.id,
      kind: "settlement",
      balanceCents: 480_575,
      installments: [{ dueDate: today(CHICAGO), amountCents: 336_402 }],
    });
    const start = await startCheckout({
      debtorId: maria.debtorId,
      accountId: maria.id,
      appUrl: "http://app.test",
      lang: "es",
    });
    kit.emulator.controls.completeCheckoutSession(checkoutId((start as { url: string }).url), {
      card: "4242424242424242",
    });
    await kit.emulator.controls.waitForWebhooks();
    const entries = await ledgerOf(database.db, maria.id);
    expect(entries.find((e) => e.kind === "settlement_writeoff")?.amountCents).toBe(-144_173);
    expect(await balance(maria.id)).toBe(0);
    expect((await accountByRef(database.db, "NRS-55012873")).status).toBe("settled");
  });
});

describe("an installment plan", () => {
  it("saves the card in setup mode, then the worker charges each due installment exactly once", async () => {
    const sam = await accountByRef(database.db, "NRS-55019940");
    // The seed's plan for this account (if any) is not this test's concern.
    await database.db
      .update(schema.plans)
      .set({ status: "cancelled" })
      .where(eq(schema.plans.accountId, sam.id));
    await database.db
      .update(schema.accounts)
      .set({ status: "open" })
      .where(eq(schema.accounts.id, sam.id));
    const plan = await createPlan(database.db, {
      accountId: sam.id,
      kind: "installments",
      balanceCents: 80_000,
      installments: [
        { dueDate: addDays(today(CHICAGO), 7), amountCents: 40_000 },
        { dueDate: addDays(today(CHICAGO), 37), amountCents: 40_000 },
      ],
    });
    const start = await startCheckout({
      debtorId: sam.debtorId,
      accountId: sam.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    const done = kit.emulator.controls.completeCheckoutSession(
      checkoutId((start as { url: string }).url),
      { card: "4242424242424242" },
    );
    expect(done.session.mode).toBe("setup");
    await kit.emulator.controls.waitForWebhooks();
    const [active] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(active.status).toBe("active");
    expect(active.stripePaymentMethodId).toMatch(/^pm_/);
    expect((await accountByRef(database.db, "NRS-55019940")).status).toBe("in_plan");

    // Nothing is due yet.
    expect(await chargeDueInstallments()).toEqual(run());
    // The first installment falls due; a timeout loses Stripe's answer (the charge happened).
    await database.db
      .update(schema.installments)
      .set({ dueDate: today(CHICAGO) })
      .where(eq(schema.installments.planId, plan.id));
    await database.db
      .update(schema.installments)
      .set({ dueDate: addDays(today(CHICAGO), 30) })
      .where(eq(schema.installments.seq, 2));
    kit.emulator.controls.setFaults({ rate: 1, kinds: ["timeout"], timeoutMs: 50 });
    const lost = await chargeDueInstallments();
    kit.emulator.controls.setFaults(null);
    expect(lost.deferred).toBe(1);
    const first = (await installmentsOf(database.db, plan.id))[0];
    // The attempt stays open (its answer may still come): nothing is tried again meanwhile.
    expect(first.status).toBe("charging");
    expect(await chargeDueInstallments()).toEqual(run());
    // Once no request for it can still be running, the reconciler finds its intent at
    // Stripe and applies it: no second charge.
    expect(
      await chargeDueInstallments({ now: new Date(Date.now() + IN_FLIGHT_GRACE_MS + 1_000) }),
    ).toEqual(run({ recovered: 1 }));
    await kit.emulator.controls.waitForWebhooks();
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
    // The seed's 120,000 less 40,000 paid before, less this installment.
    expect(await balance(sam.id)).toBe(40_000);
    expect(await chargeDueInstallments()).toEqual(run());
  });

  it("a declined off-session charge is retried later by policy, and a hold stops all charges", async () => {
    const jordan = await accountByRef(database.db, "BSD-100311");
    await database.db
      .update(schema.accounts)
      .set({ status: "open" })
      .where(eq(schema.accounts.id, jordan.id));
    const plan = await createPlan(database.db, {
      accountId: jordan.id,
      kind: "installments",
      balanceCents: 64_000,
      installments: [
        { dueDate: addDays(today(), 3), amountCents: 32_000 },
        { dueDate: addDays(today(), 33), amountCents: 32_000 },
      ],
    });
    const start = await startCheckout({
      debtorId: jordan.debtorId,
      accountId: jordan.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    // This card saves fine but every later off-session charge is declined.
    kit.emulator.controls.completeCheckoutSession(checkoutId((start as { url: string }).url), {
      card: "4000000000000341",
    });
    await kit.emulator.controls.waitForWebhooks();
    await database.db
      .update(schema.installments)
      .set({ dueDate: today() })
      .where(eq(schema.installments.seq, 1));

    // On hold (a dispute): nothing is charged.
    await database.db
      .update(schema.accounts)
      .set({ status: "on_hold" })
      .where(eq(schema.accounts.id, jordan.id));
    expect(await chargeDueInstallments()).toEqual(run());
    await database.db
      .update(schema.accounts)
      .set({ status: "in_plan" })
      .where(eq(schema.accounts.id, jordan.id));

    expect(await chargeDueInstallments()).toMatchObject({ failed: 1 });
    await kit.emulator.controls.waitForWebhooks();
    const [failed] = await installmentsOf(database.db, plan.id);
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.nextRetryAt!.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000); // retry after 3 days
    expect(await balance(jordan.id)).toBe(64_000);
    const [payment] = await database.db
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.installmentId, failed.id));
    expect(payment).toMatchObject({ status: "failed", failureCode: "card_declined" });
    expect(await chargeDueInstallments()).toEqual(run());
  });
});

describe("refunds, disputes and chaos", () => {
  it("a refund reverses, a lost dispute reverses and pauses, a won dispute re-posts", async () => {
    const priya = await accountByRef(database.db, "BSD-100099");
    await database.db.insert(schema.ledgerEntries).values({
      accountId: priya.id,
      kind: "fee",
      amountCents: 3_000,
      currency: "usd",
      occurredAt: new Date(),
      source: "creditor",
      sourceId: "test:fee",
    });
    await database.db
      .update(schema.accounts)
      .set({ status: "open" })
      .where(eq(schema.accounts.id, priya.id));
    await createPlan(database.db, {
      accountId: priya.id,
      kind: "full",
      balanceCents: 3_000,
      installments: [{ dueDate: today(), amountCents: 3_000 }],
    });
    const start = await startCheckout({
      debtorId: priya.debtorId,
      accountId: priya.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    const done = kit.emulator.controls.completeCheckoutSession(
      checkoutId((start as { url: string }).url),
      { card: "4242424242424242" },
    );
    await kit.emulator.controls.waitForWebhooks();
    const pi = done.session.payment_intent as string;
    expect(await balance(priya.id)).toBe(0);

    kit.emulator.controls.refund(pi, 1_000);
    await kit.emulator.controls.waitForWebhooks();
    expect(await balance(priya.id)).toBe(1_000);
    expect((await accountByRef(database.db, "BSD-100099")).status).toBe("open");

    const dispute = kit.emulator.controls.openDispute(pi, { amount: 2_000 });
    await kit.emulator.controls.waitForWebhooks();
    expect(await balance(priya.id)).toBe(3_000);
    kit.emulator.controls.closeDispute(dispute.id, "won");
    await kit.emulator.controls.waitForWebhooks();
    expect(await balance(priya.id)).toBe(1_000);
  });

  it("every event delivered three times in random order, with a crash, leaves the ledger exact", async () => {
    // Whatever the events so far left in the ledger, delivering them all again (three
    // times, shuffled, with a crash) changes no balance.
    const accounts = (
      await database.db.select({ id: schema.accounts.id }).from(schema.accounts)
    ).map((a) => a.id);
    const before = await balancesFor(accounts);
    kit.emulator.controls.deliveryMode({ duplicate: 3, shuffle: true, seed: 7, concurrency: 3 });
    kit.crashNext(2);
    kit.emulator.controls.redeliverAll();
    await kit.emulator.controls.waitForWebhooks({ timeoutMs: 30_000 });
    kit.emulator.controls.deliveryMode({ duplicate: 1, shuffle: false, concurrency: 1 });
    expect(kit.deliveries.some((d) => d.status === 500)).toBe(true);
    // Exactly one ledger entry per Stripe object, whatever the delivery order.
    const stripeEntries = (await database.db.select().from(schema.ledgerEntries)).filter((e) =>
      e.source.startsWith("stripe_"),
    );
    const keys = stripeEntries.map((e) => `${e.source}:${e.sourceId}:${e.kind}`);
    expect(new Set(keys).size).toBe(keys.length);
    const payments = await database.db.select().from(schema.payments);
    expect(new Set(payments.map((p) => p.receiptNumber)).size).toBe(payments.length);
    // Every successful payment queued exactly one receipt per channel (the demo's debtors
    // keep email and SMS open).
    const receipts = (await database.db.select().from(schema.outboxMessages)).filter(
      (m) => m.template === "payment_receipt",
    );
    const everSucceeded = payments.filter((p) => p.succeededAt !== null);
    expect(receipts.map((r) => r.causeKey).sort()).toEqual(
      everSucceeded
        .flatMap((p) => ["email", "sms"].map((c) => `receipt:${p.stripePaymentIntentId}:${c}`))
        .sort(),
    );
    expect(payments.length).toBeGreaterThan(0);
    expect(await balancesFor(accounts)).toEqual(before);
    expect(await reconcile()).toMatchObject({ synced: expect.any(Number) });
  });
});

describe("pay off the rest", () => {
  async function planOnSavedCard(
    tag: string,
    installments: { dueDate: string; amountCents: number }[],
  ) {
    const { stripe } = await import("../../app/services/stripe.server");
    const brightside = (
      await database.db
        .select()
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, "brightside-dental"))
    )[0];
    const total = installments.reduce((sum, i) => sum + i.amountCents, 0);
    const [debtor] = await database.db
      .insert(schema.debtors)
      .values({ creditorId: brightside.id, fullName: `Payoff ${tag}` })
      .returning();
    const [account] = await database.db
      .insert(schema.accounts)
      .values({
        creditorId: brightside.id,
        debtorId: debtor.id,
        reference: `PO-${tag}`,
        referenceLast4Hash: "x",
        itemizationDate: today(),
        itemizationKind: "transaction",
        status: "in_plan",
      })
      .returning();
    await database.db.insert(schema.ledgerEntries).values({
      accountId: account.id,
      kind: "itemized_balance",
      amountCents: total,
      currency: "usd",
      occurredAt: new Date(),
      source: "import",
      sourceId: `po:${tag}`,
    });
    const customer = await stripe().customers.create({});
    const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const plan = await createPlan(database.db, {
      accountId: account.id,
      kind: "installments",
      balanceCents: total,
      status: "active",
      installments,
    });
    await database.db
      .update(schema.plans)
      .set({ stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
      .where(eq(schema.plans.id, plan.id));
    return { account, debtor, plan };
  }

  it("one Checkout for the sum of the open installments; the plan completes and the account is paid", async () => {
    const { account, debtor, plan } = await planOnSavedCard("A", [
      { dueDate: addDays(today(), 7), amountCents: 10_000 },
      { dueDate: addDays(today(), 37), amountCents: 10_000 },
      { dueDate: addDays(today(), 67), amountCents: 7_500 },
    ]);
    const start = await startCheckout({
      debtorId: debtor.id,
      accountId: account.id,
      appUrl: "http://app.test",
      lang: "en",
      purpose: "payoff",
    });
    expect(start).toMatchObject({ ok: true });
    const [row] = await database.db
      .select()
      .from(schema.checkoutSessions)
      .where(eq(schema.checkoutSessions.accountId, account.id));
    expect(row).toMatchObject({
      purpose: "payoff",
      mode: "payment",
      amountCents: 27_500,
      installmentId: null,
    });
    const done = kit.emulator.controls.completeCheckoutSession(
      checkoutId((start as { url: string }).url),
      { card: "4242424242424242" },
    );
    expect(done.session.mode).toBe("payment");
    expect(done.session.amount_total).toBe(27_500);
    await kit.emulator.controls.waitForWebhooks();

    expect((await installmentsOf(database.db, plan.id)).map((i) => i.status)).toEqual([
      "paid",
      "paid",
      "paid",
    ]);
    const [planRow] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(planRow.status).toBe("completed");
    expect(await balance(account.id)).toBe(0);
    const [accountRow] = await database.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.id, account.id));
    expect(accountRow.status).toBe("paid");
    const payments = await database.db
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.accountId, account.id));
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      status: "succeeded",
      amountCents: 27_500,
      planId: plan.id,
      installmentId: null,
    });
    expect(await getReceipt(debtor.id, account.id, payments[0].id)).toMatchObject({
      remainingCents: 0,
    });
    // Nothing is left to charge, and no live plan is left to pay off.
    expect(await chargeDueInstallments()).toEqual(run());
    expect(
      await startCheckout({
        debtorId: debtor.id,
        accountId: account.id,
        appUrl: "http://app.test",
        lang: "en",
        purpose: "payoff",
      }),
    ).toEqual({ ok: false, reason: "no_plan" });
  });

  it("the worker charges an installment while the debtor is on the payment page: the excess is refunded, nothing charged twice", async () => {
    const { account, debtor, plan } = await planOnSavedCard("B", [
      { dueDate: today(), amountCents: 10_000 },
      { dueDate: addDays(today(), 30), amountCents: 10_000 },
    ]);
    const start = await startCheckout({
      debtorId: debtor.id,
      accountId: account.id,
      appUrl: "http://app.test",
      lang: "es",
      purpose: "payoff",
    });
    expect(await chargeDueInstallments()).toMatchObject({ charged: 1 });
    await kit.emulator.controls.waitForWebhooks();
    kit.emulator.controls.completeCheckoutSession(checkoutId((start as { url: string }).url), {
      card: "4242424242424242",
    });
    await kit.emulator.controls.waitForWebhooks();

    const rows = await installmentsOf(database.db, plan.id);
    expect(rows.map((i) => i.status)).toEqual(["paid", "paid"]);
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: rows[0].id } }),
    ).toBe(1);
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: rows[1].id } }),
    ).toBe(0);
    const entries = await ledgerOf(database.db, account.id);
    // 20,000 owed − 10,000 (worker) − 20,000 (pay off) + 10,000 refunded = 0.
    expect(
      entries
        .filter((e) => e.kind === "payment")
        .map((e) => e.amountCents)
        .sort(),
    ).toEqual([-10_000, -20_000]);
    expect(await balance(account.id)).toBe(0);
    const [planRow] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(planRow.status).toBe("completed");
  });

  it("is refused while a payment is processing or before the plan has a payment method", async () => {
    const { account, debtor, plan } = await planOnSavedCard("C", [
      { dueDate: addDays(today(), 7), amountCents: 10_000 },
      { dueDate: addDays(today(), 37), amountCents: 10_000 },
    ]);
    await database.db
      .update(schema.installments)
      .set({ status: "processing" })
      .where(eq(schema.installments.planId, plan.id));
    await database.db
      .update(schema.installments)
      .set({ status: "scheduled" })
      .where(eq(schema.installments.seq, 2));
    expect(
      await startCheckout({
        debtorId: debtor.id,
        accountId: account.id,
        appUrl: "http://app.test",
        lang: "en",
        purpose: "payoff",
      }),
    ).toEqual({ ok: false, reason: "processing" });
    await database.db
      .update(schema.installments)
      .set({ status: "scheduled" })
      .where(eq(schema.installments.planId, plan.id));
    await database.db
      .update(schema.plans)
      .set({ status: "pending_payment_method" })
      .where(eq(schema.plans.id, plan.id));
    expect(
      await startCheckout({
        debtorId: debtor.id,
        accountId: account.id,
        appUrl: "http://app.test",
        lang: "en",
        purpose: "payoff",
      }),
    ).toEqual({ ok: false, reason: "no_plan" });
    expect(
      await database.db
        .select()
        .from(schema.checkoutSessions)
        .where(eq(schema.checkoutSessions.accountId, account.id)),
    ).toHaveLength(0);
  });
});

describe("one worker pass, two installments of one account due", () => {
  it("charges both, applies both outcomes (same sync group), completes the plan, and records the card from Stripe's answer", async () => {
    const brightside = (
      await database.db
        .select()
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, "brightside-dental"))
    )[0];
    const [debtor] = await database.db
      .insert(schema.debtors)
      .values({ creditorId: brightside.id, fullName: "Two Due" })
      .returning();
    const [account] = await database.db
      .insert(schema.accounts)
      .values({
        creditorId: brightside.id,
        debtorId: debtor.id,
        reference: "TWO-DUE",
        referenceLast4Hash: "x",
        itemizationDate: today(),
        itemizationKind: "transaction",
        status: "in_plan",
      })
      .returning();
    await database.db.insert(schema.ledgerEntries).values({
      accountId: account.id,
      kind: "itemized_balance",
      amountCents: 10_000,
      currency: "usd",
      occurredAt: new Date(),
      source: "import",
      sourceId: "two-due",
    });
    const { stripe } = await import("../../app/services/stripe.server");
    const customer = await stripe().customers.create({});
    const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const plan = await createPlan(database.db, {
      accountId: account.id,
      kind: "installments",
      balanceCents: 10_000,
      status: "active",
      installments: [
        { dueDate: addDays(today(), -14), amountCents: 5_000 },
        { dueDate: today(), amountCents: 5_000 },
      ],
    });
    await database.db
      .update(schema.plans)
      .set({ stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
      .where(eq(schema.plans.id, plan.id));

    expect(await chargeDueInstallments()).toEqual(run({ charged: 2 }));
    expect((await installmentsOf(database.db, plan.id)).map((i) => i.status)).toEqual([
      "paid",
      "paid",
    ]);
    const payments = await database.db
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.accountId, account.id));
    expect(payments.map((p) => [p.status, p.amountCents, p.methodBrand, p.methodLast4])).toEqual([
      ["succeeded", 5_000, "visa", "4242"],
      ["succeeded", 5_000, "visa", "4242"],
    ]);
    expect(
      (await ledgerOf(database.db, account.id))
        .filter((e) => e.kind === "payment")
        .map((e) => e.amountCents),
    ).toEqual([-5_000, -5_000]);
    expect(await balance(account.id)).toBe(0);
    const [planRow] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(planRow.status).toBe("completed");
    expect((await accountByRef(database.db, "TWO-DUE")).status).toBe("paid");
    const receipts = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.accountId, account.id));
    expect(receipts.filter((m) => m.template === "payment_receipt")).toHaveLength(2);
    // Webhooks for the same intents change nothing.
    await kit.emulator.controls.waitForWebhooks();
    expect(
      (await ledgerOf(database.db, account.id)).filter((e) => e.kind === "payment"),
    ).toHaveLength(2);
    expect(await balance(account.id)).toBe(0);
  });
});

describe("two workers at once", () => {
  // PGlite has a single connection, so row-lock concurrency needs real PostgreSQL.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    "never charge an installment twice (needs TEST_DATABASE_URL: PGlite is one connection, nothing runs concurrently)",
    async () => {
      const brightside = (
        await database.db
          .select()
          .from(schema.creditors)
          .where(eq(schema.creditors.slug, "brightside-dental"))
      )[0];
      const planIds: string[] = [];
      for (let i = 0; i < 12; i++) {
        const [debtor] = await database.db
          .insert(schema.debtors)
          .values({ creditorId: brightside.id, fullName: `Worker Test ${i}` })
          .returning();
        const [account] = await database.db
          .insert(schema.accounts)
          .values({
            creditorId: brightside.id,
            debtorId: debtor.id,
            reference: `WT-${i}`,
            referenceLast4Hash: "x",
            itemizationDate: today(),
            itemizationKind: "transaction",
            status: "in_plan",
          })
          .returning();
        await database.db.insert(schema.ledgerEntries).values({
          accountId: account.id,
          kind: "itemized_balance",
          amountCents: 10_000,
          currency: "usd",
          occurredAt: new Date(),
          source: "import",
          sourceId: `wt:${i}`,
        });
        const customer = await (
          await import("../../app/services/stripe.server")
        )
          .stripe()
          .customers.create({});
        const pm = await (
          await import("../../app/services/stripe.server")
        )
          .stripe()
          .paymentMethods.attach("pm_card_visa", { customer: customer.id });
        const plan = await createPlan(database.db, {
          accountId: account.id,
          kind: "installments",
          balanceCents: 10_000,
          status: "active",
          installments: [
            { dueDate: today(), amountCents: 5_000 },
            { dueDate: addDays(today(), 30), amountCents: 5_000 },
          ],
        });
        await database.db
          .update(schema.plans)
          .set({ stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
          .where(eq(schema.plans.id, plan.id));
        planIds.push(plan.id);
      }
      const [a, b] = await Promise.all([
        chargeDueInstallments({ batchSize: 3 }),
        chargeDueInstallments({ batchSize: 3 }),
      ]);
      expect(a.charged + b.charged).toBe(12);
      for (const planId of planIds) {
        const [first] = await installmentsOf(database.db, planId);
        expect(
          kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
        ).toBe(1);
      }
    },
  );
});

describe("Checkout asks for the ways to pay the creditor chose", () => {
  async function openAccount(tag: string, override: Record<string, unknown> | null) {
    const brightside = (
      await database.db
        .select()
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, "brightside-dental"))
    )[0];
    const [debtor] = await database.db
      .insert(schema.debtors)
      .values({ creditorId: brightside.id, fullName: `Methods ${tag}` })
      .returning();
    const [account] = await database.db
      .insert(schema.accounts)
      .values({
        creditorId: brightside.id,
        debtorId: debtor.id,
        reference: `PM-${tag}`,
        referenceLast4Hash: "x",
        itemizationDate: today(),
        itemizationKind: "transaction",
        status: "open",
        policyOverride: override,
      })
      .returning();
    await database.db.insert(schema.ledgerEntries).values({
      accountId: account.id,
      kind: "itemized_balance",
      amountCents: 5_000,
      currency: "usd",
      occurredAt: new Date(),
      source: "import",
      sourceId: `pm:${tag}`,
    });
    await createPlan(database.db, {
      accountId: account.id,
      kind: "full",
      balanceCents: 5_000,
      installments: [{ dueDate: today(), amountCents: 5_000 }],
    });
    return { account, debtor };
  }

  it("sends the policy's methods (card and US bank account by default); a policy of cards only is offered cards only", async () => {
    const { stripe } = await import("../../app/services/stripe.server");
    const both = await openAccount("BOTH", null);
    const started = await startCheckout({
      debtorId: both.debtor.id,
      accountId: both.account.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    const session = await stripe().checkout.sessions.retrieve(
      checkoutId((started as { url: string }).url),
    );
    expect(session.allowed_payment_method_types).toEqual(["card", "us_bank_account"]);
    expect(session.payment_method_types).toEqual(["card", "us_bank_account"]);

    const cards = await openAccount("CARDS", { paymentMethods: ["card"] });
    const onlyCards = await startCheckout({
      debtorId: cards.debtor.id,
      accountId: cards.account.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    const id = checkoutId((onlyCards as { url: string }).url);
    const cardSession = await stripe().checkout.sessions.retrieve(id);
    expect(cardSession.allowed_payment_method_types).toEqual(["card"]);
    expect(cardSession.payment_method_types).toEqual(["card"]);
    // A bank account is not offered, so the payment page takes none.
    expect(
      kit.emulator.controls.completeCheckoutSession(id, { bank: { account: "000123456789" } })
        .outcome,
    ).not.toBe("completed");
    expect(
      kit.emulator.controls.completeCheckoutSession(id, { card: "4242424242424242" }).outcome,
    ).toBe("completed");
    await kit.emulator.controls.waitForWebhooks();
    expect(await balance(cards.account.id)).toBe(0);
  });
});

describe("one Checkout per purpose", () => {
  it("'update my card' after a paid installment never lands on the old 'Pay $X' page: the old session is expired and a setup session made", async () => {
    const { stripe } = await import("../../app/services/stripe.server");
    const brightside = (
      await database.db
        .select()
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, "brightside-dental"))
    )[0];
    const [debtor] = await database.db
      .insert(schema.debtors)
      .values({ creditorId: brightside.id, fullName: "One Purpose" })
      .returning();
    const [account] = await database.db
      .insert(schema.accounts)
      .values({
        creditorId: brightside.id,
        debtorId: debtor.id,
        reference: "PURPOSE-1",
        referenceLast4Hash: "x",
        itemizationDate: today(),
        itemizationKind: "transaction",
        status: "in_plan",
      })
      .returning();
    await database.db.insert(schema.ledgerEntries).values({
      accountId: account.id,
      kind: "itemized_balance",
      amountCents: 8_450,
      currency: "usd",
      occurredAt: new Date(),
      source: "import",
      sourceId: "purpose-1",
    });
    const customer = await stripe().customers.create({});
    const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
    const plan = await createPlan(database.db, {
      accountId: account.id,
      kind: "installments",
      balanceCents: 8_450,
      status: "active",
      installments: [
        { dueDate: today(), amountCents: 4_225 },
        { dueDate: addDays(today(), 30), amountCents: 4_225 },
      ],
    });
    await database.db
      .update(schema.plans)
      .set({ stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
      .where(eq(schema.plans.id, plan.id));
    const start = (purpose?: "update_card" | "installment") =>
      startCheckout({
        debtorId: debtor.id,
        accountId: account.id,
        appUrl: "http://app.test",
        lang: "en",
        purpose,
      });

    // The debtor opens "Pay $42.25" for the installment due today, and leaves it open.
    const pay = (await start("installment")) as { ok: true; url: string };
    expect(pay.ok).toBe(true);
    // A double click, a second tab: the same page.
    expect(await start("installment")).toEqual(pay);
    // Meanwhile the worker charges that installment.
    expect(await chargeDueInstallments()).toMatchObject({ charged: 1 });
    await kit.emulator.controls.waitForWebhooks();
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");

    // "Update my card": a new setup session; the old payment page is expired.
    const update = (await start("update_card")) as { ok: true; url: string };
    expect(update.ok).toBe(true);
    expect(update.url).not.toBe(pay.url);
    const old = await stripe().checkout.sessions.retrieve(checkoutId(pay.url));
    expect(old.status).toBe("expired");
    const fresh = await stripe().checkout.sessions.retrieve(checkoutId(update.url));
    expect(fresh).toMatchObject({ mode: "setup", status: "open" });
    const rows = await database.db
      .select()
      .from(schema.checkoutSessions)
      .where(eq(schema.checkoutSessions.accountId, account.id));
    expect(rows.map((r) => [r.purpose, r.status]).sort()).toEqual([
      ["installment", "expired"],
      ["update_card", "open"],
    ]);
    // And "pay the next one now" is a page for the next installment, not the setup page.
    const payNext = (await start("installment")) as { ok: true; url: string };
    expect(payNext.url).not.toBe(update.url);
    const nextSession = await stripe().checkout.sessions.retrieve(checkoutId(payNext.url));
    expect(nextSession).toMatchObject({
      mode: "payment",
      amount_total: 4_225,
      metadata: { installment_id: (await installmentsOf(database.db, plan.id))[1].id },
    });
    expect((await stripe().checkout.sessions.retrieve(checkoutId(update.url))).status).toBe(
      "expired",
    );
  });
});
