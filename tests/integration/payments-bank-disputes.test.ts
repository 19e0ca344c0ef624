// The app against what the emulator now models as Stripe runs it: ACH debits that take
// days (and micro-deposits), ACH returns, inquiries and chargebacks, refunds that bounce.
// The real webhook route handles every event (tests/support/payments.ts), on the emulator
// clock: nothing waits for real days.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import { balancesFor } from "../../app/models/ledger.server";
import { getAccountForCreditor } from "../../app/models/creditor-accounts.server";
import { getDashboard } from "../../app/models/creditor-dashboard.server";
import { startCheckout } from "../../app/models/payments.server";
import { renderOutboxMessage } from "../../app/models/outbox-delivery.server";
import { chargeDueInstallments } from "../../app/workers/charge-worker.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import {
  createPlan,
  installmentsOf,
  ledgerOf,
  startPaymentsKit,
  type PaymentsKit,
} from "../support/payments";

let database: TestDatabase;
let kit: PaymentsKit;
let creditorId: string;
const DAY = 24 * 3600;
const today = () => todayIn("America/New_York", new Date());
const balance = async (accountId: string) => (await balancesFor([accountId])).get(accountId)!;
const sessionId = (url: string) => url.split("/").pop()!;
const settle = async (days = 7) => {
  kit.emulator.controls.advanceClock(days * DAY);
  await kit.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  [{ id: creditorId }] = await database.db
    .select({ id: schema.creditors.id })
    .from(schema.creditors)
    .where(eq(schema.creditors.slug, "brightside-dental"));
  kit = await startPaymentsKit();
});
afterAll(async () => {
  await kit?.stop();
  await database?.dispose();
});

let seq = 0;
/** A debtor of the demo creditor with one account owing `owed` cents, and a plan for it. */
async function accountWithPlan(
  owed: number,
  installments: { dueDate: string; amountCents: number }[],
  kind: "full" | "installments" = "full",
) {
  const tag = `${Date.now()}-${++seq}`;
  const [debtor] = await database.db
    .insert(schema.debtors)
    .values({
      creditorId,
      fullName: `Bank Test ${tag}`,
      email: `bank-${tag}@example.com`,
      emailSource: "creditor_import",
      emailConsentAt: new Date(),
    })
    .returning();
  const [account] = await database.db
    .insert(schema.accounts)
    .values({
      creditorId,
      debtorId: debtor.id,
      reference: `BK-${tag}`,
      referenceLast4Hash: "x",
      itemizationDate: today(),
      itemizationKind: "transaction",
      status: "open",
    })
    .returning();
  await database.db.insert(schema.ledgerEntries).values({
    accountId: account.id,
    kind: "itemized_balance",
    amountCents: owed,
    currency: "usd",
    occurredAt: new Date(),
    source: "import",
    sourceId: `bk:${tag}`,
  });
  const plan = await createPlan(database.db, {
    accountId: account.id,
    kind,
    balanceCents: owed,
    installments,
  });
  return { debtor, account, plan };
}

async function checkout(debtorId: string, accountId: string) {
  const start = await startCheckout({ debtorId, accountId, appUrl: "http://app.test", lang: "en" });
  expect(start).toMatchObject({ ok: true });
  return sessionId((start as { url: string }).url);
}

const paymentsOf = (accountId: string) =>
  database.db.select().from(schema.payments).where(eq(schema.payments.accountId, accountId));
const messagesOf = (accountId: string) =>
  database.db
    .select()
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.accountId, accountId));

describe("US bank accounts", () => {
  it("a bank payment through Checkout is processing for days: no second payment meanwhile, then it is posted once", async () => {
    const { debtor, account } = await accountWithPlan(6_000, [
      { dueDate: today(), amountCents: 6_000 },
    ]);
    const id = await checkout(debtor.id, account.id);
    expect(
      kit.emulator.controls.completeCheckoutSession(id, { bank: { account: "000123456789" } })
        .outcome,
    ).toBe("completed");
    await kit.emulator.controls.waitForWebhooks();
    expect((await paymentsOf(account.id)).map((p) => p.status)).toEqual(["processing"]);
    expect(await balance(account.id)).toBe(6_000);
    // Meanwhile the debtor is not invited to pay again.
    expect(
      await startCheckout({
        debtorId: debtor.id,
        accountId: account.id,
        appUrl: "http://app.test",
        lang: "en",
      }),
    ).toEqual({ ok: false, reason: "processing" });
    // Three days on, still on its way.
    await settle(3);
    expect((await paymentsOf(account.id))[0].status).toBe("processing");
    await settle(4);
    expect((await paymentsOf(account.id)).map((p) => [p.status, p.methodLast4])).toEqual([
      ["succeeded", "6789"],
    ]);
    expect(await balance(account.id)).toBe(0);
    expect(
      (await messagesOf(account.id)).filter((m) => m.template === "payment_receipt"),
    ).toHaveLength(1);
  });

  it("a bank account entered by hand waits for its micro-deposits: the payment counts as on its way until verified", async () => {
    const { debtor, account } = await accountWithPlan(4_000, [
      { dueDate: today(), amountCents: 4_000 },
    ]);
    const id = await checkout(debtor.id, account.id);
    kit.emulator.controls.completeCheckoutSession(id, {
      bank: { account: "000123456789", verification: "microdeposits" },
    });
    await kit.emulator.controls.waitForWebhooks();
    const [waiting] = await paymentsOf(account.id);
    expect(waiting.status).toBe("processing");
    expect(
      await startCheckout({
        debtorId: debtor.id,
        accountId: account.id,
        appUrl: "http://app.test",
        lang: "en",
      }),
    ).toEqual({ ok: false, reason: "processing" });
    kit.emulator.controls.verifyMicrodeposits(waiting.stripePaymentIntentId, {
      descriptorCode: "SM11AA",
    });
    await settle(7);
    expect((await paymentsOf(account.id))[0].status).toBe("succeeded");
    expect(await balance(account.id)).toBe(0);
  });

  it("an ACH return days later follows the plan's retry rules and tells the debtor with the bank notice (no amount in it)", async () => {
    const due = addDays(today(), 5);
    const { debtor, account, plan } = await accountWithPlan(
      20_000,
      [
        { dueDate: due, amountCents: 10_000 },
        { dueDate: addDays(due, 30), amountCents: 10_000 },
      ],
      "installments",
    );
    // The bank account is saved through Checkout (setup mode: its mandate comes with it).
    const id = await checkout(debtor.id, account.id);
    expect(
      kit.emulator.controls.completeCheckoutSession(id, { bank: { account: "000222222227" } })
        .session.mode,
    ).toBe("setup");
    await kit.emulator.controls.waitForWebhooks();
    const [active] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(active.status).toBe("active");
    await database.db
      .update(schema.installments)
      .set({ dueDate: today() })
      .where(and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, 1)));
    // The worker's off-session debit is accepted (a saved bank account with its mandate) …
    expect(await chargeDueInstallments()).toMatchObject({ charged: 1, deferred: 0 });
    await kit.emulator.controls.waitForWebhooks();
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("processing");
    // … and returned four business days later: insufficient funds.
    await settle(7);
    const [first] = await installmentsOf(database.db, plan.id);
    expect(first).toMatchObject({ status: "failed", attempts: 1 });
    expect(first.nextRetryAt).not.toBeNull(); // the creditor's retry days, as for a card
    const [payment] = (await paymentsOf(account.id)).filter((p) => p.installmentId === first.id);
    expect(payment).toMatchObject({ status: "failed", failureCode: "insufficient_funds" });
    expect(await balance(account.id)).toBe(20_000);
    const notices = (await messagesOf(account.id)).filter(
      (m) => m.template === "bank_payment_returned" || m.template === "payment_failed",
    );
    expect(notices.map((m) => m.template)).toEqual(["bank_payment_returned"]);
    const [creditor] = await database.db
      .select()
      .from(schema.creditors)
      .where(eq(schema.creditors.id, creditorId));
    const rendered = renderOutboxMessage(
      notices[0],
      {
        displayName: creditor.displayName,
        collectorType: creditor.collectorType,
        accentColor: creditor.accentColor,
        supportPhone: creditor.supportPhone,
        supportEmail: creditor.supportEmail,
      },
      false,
      "http://app.test",
    );
    const text = JSON.stringify(rendered);
    expect(text).toContain("did not go through");
    expect(text).not.toMatch(/100\.00|\$|BK-/);
  });
});

describe("disputes", () => {
  async function paidByCard(owed: number) {
    const { debtor, account } = await accountWithPlan(owed, [
      { dueDate: today(), amountCents: owed },
    ]);
    const id = await checkout(debtor.id, account.id);
    const done = kit.emulator.controls.completeCheckoutSession(id, { card: "4242424242424242" });
    await kit.emulator.controls.waitForWebhooks();
    expect(await balance(account.id)).toBe(0);
    return { account, pi: done.session.payment_intent as string };
  }

  it("an inquiry moves no money: the ledger does not change, the creditor is told", async () => {
    const { account, pi } = await paidByCard(3_000);
    const before = await ledgerOf(database.db, account.id);
    const inquiry = kit.emulator.controls.openInquiry(pi);
    expect(inquiry.status).toBe("warning_needs_response");
    await kit.emulator.controls.waitForWebhooks();
    kit.emulator.controls.submitDisputeEvidence(inquiry.id);
    kit.emulator.controls.closeDispute(inquiry.id, "won");
    await kit.emulator.controls.waitForWebhooks();
    expect(await ledgerOf(database.db, account.id)).toEqual(before);
    expect(await balance(account.id)).toBe(0);
    expect((await paymentsOf(account.id))[0].status).toBe("succeeded");
    const page = await getAccountForCreditor(creditorId, account.id);
    expect(page!.audit.filter((e) => e.action === "payment.inquiry")).toHaveLength(1);
  });

  it("an inquiry left unanswered escalates on the clock: the withdrawal reverses the payment once", async () => {
    const { account, pi } = await paidByCard(2_500);
    kit.emulator.controls.openInquiry(pi);
    await settle(8); // past the 7-day deadline: a chargeback now
    expect(await balance(account.id)).toBe(2_500);
    await settle(8); // unanswered chargeback: lost, the reversal stands
    const entries = (await ledgerOf(database.db, account.id)).filter(
      (e) => e.source === "stripe_dispute",
    );
    expect(entries.map((e) => [e.kind, e.amountCents])).toEqual([["payment_reversal", 2_500]]);
    expect((await paymentsOf(account.id))[0].status).toBe("disputed");
  });

  it("funds withdrawn and reinstated post exactly once each, in any order, duplicates harmless", async () => {
    const { account, pi } = await paidByCard(4_200);
    kit.emulator.controls.pauseWebhooks();
    const dispute = kit.emulator.controls.openDispute(pi);
    kit.emulator.controls.closeDispute(dispute.id, "won");
    kit.emulator.controls.deliveryMode({ duplicate: 3, shuffle: true, seed: 11, concurrency: 3 });
    await kit.emulator.controls.flushWebhooks({ timeoutMs: 20_000 });
    kit.emulator.controls.deliveryMode({});
    const entries = (await ledgerOf(database.db, account.id)).filter(
      (e) => e.source === "stripe_dispute",
    );
    expect(entries.map((e) => [e.kind, e.amountCents]).sort()).toEqual([
      ["payment", -4_200],
      ["payment_reversal", 4_200],
    ]);
    expect(await balance(account.id)).toBe(0);
    expect((await paymentsOf(account.id))[0].status).toBe("succeeded");
  });
});

describe("refunds that bounce", () => {
  it("a bank refund that fails later undoes its reversal once and tells the creditor (audit, account page, dashboard)", async () => {
    const { debtor, account } = await accountWithPlan(5_000, [
      { dueDate: today(), amountCents: 5_000 },
    ]);
    const id = await checkout(debtor.id, account.id);
    const done = kit.emulator.controls.completeCheckoutSession(id, {
      bank: { account: "000123456789" },
    });
    await settle(7);
    expect(await balance(account.id)).toBe(0);
    const dashboardBefore = (await getDashboard(creditorId)).refundsFailed;
    const refund = kit.emulator.controls.refund(done.session.payment_intent as string, 1_500);
    await kit.emulator.controls.waitForWebhooks();
    expect(await balance(account.id)).toBe(1_500);
    // The debtor's bank sends it back two days later.
    kit.emulator.controls.failRefund(refund.id, { reason: "unknown", afterSeconds: 2 * DAY });
    await settle(3);
    kit.emulator.controls.redeliverAll();
    await kit.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
    const entries = (await ledgerOf(database.db, account.id)).filter(
      (e) => e.source === "stripe_refund",
    );
    expect(entries.map((e) => [e.kind, e.amountCents]).sort()).toEqual([
      ["payment", -1_500],
      ["payment_reversal", 1_500],
    ]);
    expect(await balance(account.id)).toBe(0);
    const [payment] = await paymentsOf(account.id);
    expect(payment).toMatchObject({ status: "succeeded", refundedCents: 0 });
    const page = await getAccountForCreditor(creditorId, account.id);
    expect(page!.audit.filter((e) => e.action === "refund.failed").map((e) => e.details)).toEqual([
      { stripeObject: refund.id, amountCents: 1_500, currency: "usd", reason: "unknown" },
    ]);
    expect((await getDashboard(creditorId)).refundsFailed).toBe(dashboardBefore + 1);
  });
});
