// Every money decision is confirmed (#18 item 7, docs/decisions/0022): each queues exactly
// one confirmation per channel the debtor keeps open, in the debtor's language, none on a
// channel they opted out of, whichever way the decision was made (hosted Checkout and its
// webhooks, the charge worker, the plan page's functions). And a card declined on the
// Checkout page, which the debtor saw, sends no "a scheduled payment did not go through".
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import { requestPause } from "../../app/models/hardship.server";
import { startCheckout } from "../../app/models/payments.server";
import { savePaymentMethod } from "../../app/models/payments-sync-intent.server";
import { cancelPlan, movePayment } from "../../app/models/plans.server";
import { stripe } from "../../app/services/stripe.server";
import { chargeDueInstallments } from "../../app/workers/charge-worker.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createDebtor, outboxMessageFor, type Persona } from "../support/factories";
import { createPlan, startPaymentsKit, type PaymentsKit } from "../support/payments";

let database: TestDatabase;
let kit: PaymentsKit;
const DAY = 86_400_000;
const daysLater = (days: number) => new Date(Date.now() + days * DAY);

beforeAll(async () => {
  database = await createTestDatabase();
  kit = await startPaymentsKit();
});
afterAll(async () => {
  await kit?.stop();
  await database?.dispose();
});

/** A debtor of a new creditor, with email and SMS (with consent) unless opted out. */
async function debtorWith(persona: Persona, optOut: { email?: boolean; sms?: boolean } = {}) {
  const debtor = await createDebtor(database.db, persona);
  await database.db
    .update(schema.debtors)
    .set({ preferences: { optOutEmail: Boolean(optOut.email), optOutSms: Boolean(optOut.sms) } })
    .where(eq(schema.debtors.id, debtor.debtorId));
  const today = todayIn(debtor.creditor.timezone, new Date());
  return { ...debtor, today };
}

/** "template channel language status" of every message about the account, sorted. */
async function messagesOf(accountId: string) {
  const rows = await database.db
    .select()
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.accountId, accountId));
  return rows.map((m) => `${m.template} ${m.channel} ${m.language} ${m.status}`).sort();
}

async function payOnCheckout(
  debtor: { debtorId: string; accountId: string },
  card: string,
  purpose?: "installment",
) {
  const start = await startCheckout({
    debtorId: debtor.debtorId,
    accountId: debtor.accountId,
    appUrl: "http://app.test",
    lang: "en",
    purpose,
  });
  expect(start).toMatchObject({ ok: true });
  const id = (start as { url: string }).url.split("/").pop()!;
  const result = kit.emulator.controls.completeCheckoutSession(id, { card });
  await kit.emulator.controls.waitForWebhooks();
  return result;
}

/** The account in a plan that runs on a saved card (as the Stripe step leaves it). */
async function activePlanOnCard(
  debtor: { accountId: string },
  installments: { dueDate: string; amountCents: number }[],
  card = "pm_card_visa",
) {
  const customer = await stripe().customers.create({});
  const pm = await stripe().paymentMethods.attach(card, { customer: customer.id });
  const plan = await createPlan(database.db, {
    accountId: debtor.accountId,
    kind: "installments",
    balanceCents: installments.reduce((s, i) => s + i.amountCents, 0),
    status: "active",
    installments,
  });
  await database.db
    .update(schema.plans)
    .set({ stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
    .where(eq(schema.plans.id, plan.id));
  await database.db
    .update(schema.accounts)
    .set({ status: "in_plan" })
    .where(eq(schema.accounts.id, debtor.accountId));
  return plan;
}

describe("a plan set up", () => {
  it("first payment today, Spanish debtor: one receipt and one plan confirmation per channel, in Spanish; replayed events add nothing", async () => {
    const maria = await debtorWith("maria"); // balance 4,805.75
    await createPlan(database.db, {
      accountId: maria.accountId,
      kind: "installments",
      balanceCents: 480_575,
      installments: [
        { dueDate: maria.today, amountCents: 240_000 },
        { dueDate: addDays(maria.today, 30), amountCents: 240_575 },
      ],
    });
    expect((await payOnCheckout(maria, "4242424242424242")).outcome).toBe("completed");
    const expected = [
      "payment_receipt email es queued",
      "payment_receipt sms es queued",
      "plan_confirmation email es queued",
      "plan_confirmation sms es queued",
    ];
    expect(await messagesOf(maria.accountId)).toEqual(expected);
    kit.emulator.controls.redeliverAll();
    await kit.emulator.controls.waitForWebhooks();
    expect(await messagesOf(maria.accountId)).toEqual(expected);
    const newest = await outboxMessageFor(database.db, maria.creditor.id, maria.accountId);
    expect(newest?.text).toMatch(/su (plan|recibo)/i);
  });

  it("a settlement set up for a later date is confirmed as agreed, and as settled once paid; opted out of email → by SMS only", async () => {
    const alex = await debtorWith("alex", { email: true }); // balance 84.50
    await createPlan(database.db, {
      accountId: alex.accountId,
      kind: "settlement",
      balanceCents: 8_450,
      installments: [{ dueDate: addDays(alex.today, 5), amountCents: 6_000 }],
    });
    expect((await payOnCheckout(alex, "4242424242424242")).outcome).toBe("completed");
    expect(await messagesOf(alex.accountId)).toEqual(["settlement_accepted sms en queued"]);
    await chargeDueInstallments({ now: daysLater(5) });
    await kit.emulator.controls.waitForWebhooks();
    const [account] = await database.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.id, alex.accountId));
    expect(account.status).toBe("settled");
    expect(await messagesOf(alex.accountId)).toEqual([
      "account_settled sms en queued",
      "payment_receipt sms en queued",
      "settlement_accepted sms en queued",
    ]);
  });
});

describe("paid in full", () => {
  it("one receipt and one paid-in-full confirmation, by email only when SMS is opted out", async () => {
    const alex = await debtorWith("alex", { sms: true });
    await createPlan(database.db, {
      accountId: alex.accountId,
      kind: "full",
      balanceCents: 8_450,
      installments: [{ dueDate: alex.today, amountCents: 8_450 }],
    });
    expect((await payOnCheckout(alex, "4242424242424242")).outcome).toBe("completed");
    const expected = ["account_paid email en queued", "payment_receipt email en queued"];
    expect(await messagesOf(alex.accountId)).toEqual(expected);
    kit.emulator.controls.redeliverAll();
    await kit.emulator.controls.waitForWebhooks();
    expect(await messagesOf(alex.accountId)).toEqual(expected);
  });
});

describe("the debtor's changes to a running plan", () => {
  it("moving a payment, a new card, pausing and cancelling are each confirmed once per channel", async () => {
    const alex = await debtorWith("alex");
    const plan = await activePlanOnCard(alex, [
      { dueDate: addDays(alex.today, 10), amountCents: 4_000 },
      { dueDate: addDays(alex.today, 40), amountCents: 4_450 },
    ]);
    const who = { debtorId: alex.debtorId, accountId: alex.accountId };
    expect(await movePayment({ ...who, seq: 1, newDate: addDays(alex.today, 12) })).toEqual({
      ok: true,
    });
    expect(await messagesOf(alex.accountId)).toEqual([
      "plan_changed email en queued",
      "plan_changed sms en queued",
    ]);
    // A new card (the update-card Checkout saves it): a change to the plan, confirmed.
    const customer = await stripe().customers.create({});
    const card = await stripe().paymentMethods.attach("pm_card_mastercard", {
      customer: customer.id,
    });
    await savePaymentMethod(plan.id, customer.id, card.id);
    await savePaymentMethod(plan.id, customer.id, card.id); // the webhook again: nothing new
    expect(await messagesOf(alex.accountId)).toEqual([
      "plan_changed email en queued",
      "plan_changed email en queued",
      "plan_changed sms en queued",
      "plan_changed sms en queued",
    ]);
    expect(await requestPause({ ...who, pauseUntil: addDays(alex.today, 20) })).toMatchObject({
      ok: true,
    });
    expect(await cancelPlan(who)).toEqual({ ok: true });
    expect(await cancelPlan(who)).toMatchObject({ ok: false }); // nothing left to cancel
    expect(await messagesOf(alex.accountId)).toEqual([
      "plan_cancelled email en queued",
      "plan_cancelled sms en queued",
      "plan_changed email en queued",
      "plan_changed email en queued",
      "plan_changed sms en queued",
      "plan_changed sms en queued",
      "plan_paused email en queued",
      "plan_paused sms en queued",
    ]);
    const [row] = await database.db.select().from(schema.plans).where(eq(schema.plans.id, plan.id));
    expect(row.status).toBe("cancelled");
  });
});

describe("a payment that did not go through", () => {
  it("declined on the Checkout page (the debtor saw it): no message; declined as a scheduled charge: one notice", async () => {
    const alex = await debtorWith("alex");
    const plan = await activePlanOnCard(
      alex,
      [
        { dueDate: addDays(alex.today, 3), amountCents: 4_000 },
        { dueDate: addDays(alex.today, 33), amountCents: 4_450 },
      ],
      "pm_card_chargeCustomerFail", // saves fine, every charge is declined
    );
    // "Pay my next payment now" on the plan page, with a card that is declined.
    const result = await payOnCheckout(alex, "4000000000000002", "installment");
    expect(result.outcome).toBe("declined");
    const failed = await database.db
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.accountId, alex.accountId));
    expect(failed.map((p) => p.status)).toEqual(["failed"]);
    expect(await messagesOf(alex.accountId)).toEqual([]);
    // The same installment charged off-session on its day, declined: the debtor is told.
    // The installment keeps its date: the attempt on the page was no missed payment.
    const [first] = await database.db
      .select()
      .from(schema.installments)
      .where(eq(schema.installments.planId, plan.id))
      .orderBy(schema.installments.seq);
    expect(first).toMatchObject({ status: "scheduled", attempts: 0 });
    expect(await chargeDueInstallments({ now: daysLater(3) })).toMatchObject({ failed: 1 });
    await kit.emulator.controls.waitForWebhooks();
    expect(await messagesOf(alex.accountId)).toEqual(["payment_failed email en queued"]);
  });
});
