// Issue #15 item 7 and issue #16 item 11: holds that end without surprises, and disputes.
// Payments that fell due during a dispute hold or a hardship pause are not charged the
// moment the hold ends: the schedule moves forward (amounts and spacing kept, within the
// plan's maximum length, or the debtor is asked) and the debtor is told through the outbox
// before any charge. Answering a dispute recomputes the account's status from the ledger
// and the plan; filing disputes is limited per account. PGlite and PostgreSQL, the real
// worker against the emulator.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { addDays, addMonthsClamped, daysBetween, todayIn } from "../../app/lib/calendar-date";
import { HOLD_NOTICE_DAYS } from "../../app/lib/hold-schedule";
import {
  answerDispute,
  DISPUTE_LIMIT,
  DisputeLimitError,
  fileDispute,
} from "../../app/models/disputes.server";
import { requestPause } from "../../app/models/hardship.server";
import { cancelPlan } from "../../app/models/plans.server";
import { chargeDueInstallments } from "../../app/workers/charge-worker.server";
import { renderOutboxMessage } from "../../app/models/outbox-delivery.server";
import { stripe } from "../../app/services/stripe.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import {
  createPlan,
  installmentsOf,
  startPaymentsKit,
  type PaymentsKit,
} from "../support/payments";

let database: TestDatabase;
let kit: PaymentsKit;
let creditorId: string;
const DAY = 86_400_000;
// Brightside Dental is in New York: due dates are its calendar dates.
const today = (now = new Date()) => todayIn("America/New_York", now);
const daysLater = (days: number) => new Date(Date.now() + days * DAY);
const form = { reason: "not_my_debt" as const, details: "" };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  kit = await startPaymentsKit();
  [{ id: creditorId }] = await database.db
    .select({ id: schema.creditors.id })
    .from(schema.creditors)
    .where(eq(schema.creditors.slug, "brightside-dental"));
});
afterAll(async () => {
  await kit?.stop();
  await database?.dispose();
});

/** A debtor in a plan of these installments on a saved card (the account owes their sum). */
async function inPlan(
  tag: string,
  installments: { dueDate: string; amountCents: number }[],
  override: Record<string, unknown> | null = null,
) {
  const total = installments.reduce((sum, i) => sum + i.amountCents, 0);
  const [debtor] = await database.db
    .insert(schema.debtors)
    .values({
      creditorId,
      fullName: `Hold ${tag}`,
      email: `hold-${tag.toLowerCase()}@example.com`,
      emailSource: "creditor_records",
      language: tag.endsWith("ES") ? "es" : "en",
    })
    .returning();
  const [account] = await database.db
    .insert(schema.accounts)
    .values({
      creditorId,
      debtorId: debtor.id,
      reference: `HOLD-${tag}`,
      referenceLast4Hash: "x",
      itemizationDate: today(),
      itemizationKind: "transaction",
      status: "in_plan",
      policyOverride: override,
    })
    .returning();
  await database.db.insert(schema.ledgerEntries).values({
    accountId: account.id,
    kind: "itemized_balance",
    amountCents: total,
    currency: "usd",
    occurredAt: new Date(),
    source: "import",
    sourceId: `hold:${tag}`,
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
  return { debtor, account, plan };
}

const intentsFor = (installmentId: string) =>
  kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: installmentId } });
const accountRow = async (id: string) =>
  (await database.db.select().from(schema.accounts).where(eq(schema.accounts.id, id)))[0];
const planRow = async (id: string) =>
  (await database.db.select().from(schema.plans).where(eq(schema.plans.id, id)))[0];
const messagesOf = (accountId: string) =>
  database.db
    .select()
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.accountId, accountId));

describe("a dispute hold that ends", () => {
  it("moves what fell due during the hold forward, tells the debtor the dates changed (no amounts), and charges nothing before the new dates", async () => {
    const { debtor, account, plan } = await inPlan("DISPUTE-ES", [
      { dueDate: addDays(today(), -10), amountCents: 5_000 },
      { dueDate: addDays(today(), 20), amountCents: 5_000 },
      { dueDate: addDays(today(), 50), amountCents: 6_000 },
    ]);
    const dispute = await fileDispute({
      debtorId: debtor.id,
      accountId: account.id,
      form,
      ip: "127.0.0.1",
    });
    const [first] = await installmentsOf(database.db, plan.id);
    await chargeDueInstallments();
    expect(intentsFor(first.id)).toBe(0);

    const answered = await answerDispute({
      creditorId,
      disputeId: dispute!.id,
      response: "Checked: the amount is right.",
      actorId: "reviewer",
    });
    expect(answered).toMatchObject({ restoredStatus: "in_plan", schedule: "moved" });
    const moved = await installmentsOf(database.db, plan.id);
    // The same 20-day shift for all: the first lands after the notice, spacing and amounts kept.
    expect(moved.map((i) => [i.dueDate, i.amountCents, i.originalDueDate])).toEqual([
      [addDays(today(), HOLD_NOTICE_DAYS), 5_000, addDays(today(), -10)],
      [addDays(today(), 40), 5_000, addDays(today(), 20)],
      [addDays(today(), 70), 6_000, addDays(today(), 50)],
    ]);
    const [notice] = (await messagesOf(account.id)).filter(
      (m) => m.template === "schedule_changed",
    );
    expect(notice).toMatchObject({ language: "es", status: "queued" });
    const rendered = renderOutboxMessage(
      { ...notice, payload: { linkToken: "t0ken", code: "C0DE", unsubscribeToken: "uns" } },
      {
        displayName: "Brightside Dental",
        collectorType: "first_party",
        accentColor: "#1d4ed8",
        supportPhone: "555-0100",
        supportEmail: "help@example.com",
      },
      false,
      "https://portal.example",
    );
    const text =
      rendered.channel === "email" ? `${rendered.subject}\n${rendered.text}` : rendered.body;
    expect(text).toContain("cambiaron las fechas");
    expect(text).not.toMatch(/\$|50\.00|HOLD-/);

    // Nothing is charged the moment the hold ends, nor before the new first date.
    await chargeDueInstallments();
    await chargeDueInstallments({ now: daysLater(HOLD_NOTICE_DAYS - 1) });
    expect(intentsFor(first.id)).toBe(0);
    await chargeDueInstallments({ now: daysLater(HOLD_NOTICE_DAYS) });
    await kit.emulator.controls.waitForWebhooks();
    expect(intentsFor(first.id)).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
  });

  it("asks the debtor, and charges nothing, when the moved schedule would not fit the plan's maximum length", async () => {
    // A policy of at most 40 days from the agreed date (the first due date here).
    const { debtor, account, plan } = await inPlan(
      "ASK",
      [
        { dueDate: addDays(today(), -10), amountCents: 5_000 },
        { dueDate: addDays(today(), 20), amountCents: 5_000 },
      ],
      { maxPlanDays: 40 },
    );
    const dispute = await fileDispute({
      debtorId: debtor.id,
      accountId: account.id,
      form,
      ip: "127.0.0.1",
    });
    expect(
      await answerDispute({
        creditorId,
        disputeId: dispute!.id,
        response: "Answered.",
        actorId: "reviewer",
      }),
    ).toMatchObject({ restoredStatus: "in_plan", schedule: "ask" });
    expect(await planRow(plan.id)).toMatchObject({ status: "paused", pauseUntil: null });
    // The dates are not touched; the debtor is asked to choose.
    expect((await installmentsOf(database.db, plan.id)).map((i) => i.dueDate)).toEqual([
      addDays(today(), -10),
      addDays(today(), 20),
    ]);
    expect((await messagesOf(account.id)).map((m) => m.template)).toContain("schedule_paused");
    await chargeDueInstallments({ now: daysLater(25) });
    const [first, second] = await installmentsOf(database.db, plan.id);
    expect(intentsFor(first.id) + intentsFor(second.id)).toBe(0);
  });
});

describe("answering a dispute recomputes the account's status from the ledger and the plan", () => {
  it("paid when the balance was cleared during the hold, open when the plan was cancelled, in_plan with a live plan", async () => {
    const cleared = await inPlan("CLEARED", [
      { dueDate: addDays(today(), 5), amountCents: 5_000 },
      { dueDate: addDays(today(), 35), amountCents: 5_000 },
    ]);
    const d1 = await fileDispute({
      debtorId: cleared.debtor.id,
      accountId: cleared.account.id,
      form,
      ip: "127.0.0.1",
    });
    // The creditor credits the whole balance while it reviews the dispute.
    await database.db.insert(schema.ledgerEntries).values({
      accountId: cleared.account.id,
      kind: "credit",
      amountCents: -10_000,
      currency: "usd",
      occurredAt: new Date(),
      source: "creditor",
      sourceId: "credit:cleared",
    });
    expect(
      await answerDispute({
        creditorId,
        disputeId: d1!.id,
        response: "We wrote it off.",
        actorId: "reviewer",
      }),
    ).toMatchObject({ restoredStatus: "paid" });
    expect((await accountRow(cleared.account.id)).status).toBe("paid");

    const cancelled = await inPlan("CANCELLED", [
      { dueDate: addDays(today(), 5), amountCents: 5_000 },
      { dueDate: addDays(today(), 35), amountCents: 5_000 },
    ]);
    const d2 = await fileDispute({
      debtorId: cancelled.debtor.id,
      accountId: cancelled.account.id,
      form,
      ip: "127.0.0.1",
    });
    await cancelPlan({ debtorId: cancelled.debtor.id, accountId: cancelled.account.id });
    expect(
      await answerDispute({
        creditorId,
        disputeId: d2!.id,
        response: "Answered.",
        actorId: "reviewer",
      }),
    ).toMatchObject({ restoredStatus: "open" });

    const live = await inPlan("LIVE", [
      { dueDate: addDays(today(), 5), amountCents: 5_000 },
      { dueDate: addDays(today(), 35), amountCents: 5_000 },
    ]);
    const d3 = await fileDispute({
      debtorId: live.debtor.id,
      accountId: live.account.id,
      form,
      ip: "127.0.0.1",
    });
    // Nothing fell due during this hold: the schedule stands, no notice.
    expect(
      await answerDispute({
        creditorId,
        disputeId: d3!.id,
        response: "Answered.",
        actorId: "reviewer",
      }),
    ).toMatchObject({ restoredStatus: "in_plan", schedule: "unchanged" });
    expect(
      (await messagesOf(live.account.id)).filter((m) => m.template.startsWith("schedule_")),
    ).toEqual([]);
  });
});

describe("filing disputes is limited per account", () => {
  it(`accepts ${DISPUTE_LIMIT.max} a day for one account, refuses the next calmly, and accepts again a day later`, async () => {
    const { debtor, account } = await inPlan("LIMIT", [
      { dueDate: addDays(today(), 5), amountCents: 5_000 },
      { dueDate: addDays(today(), 35), amountCents: 5_000 },
    ]);
    const now = new Date();
    for (let i = 0; i < DISPUTE_LIMIT.max; i++)
      expect(
        await fileDispute({
          debtorId: debtor.id,
          accountId: account.id,
          form,
          ip: "127.0.0.1",
          now,
        }),
      ).toMatchObject({ status: "open" });
    const refused = await fileDispute({
      debtorId: debtor.id,
      accountId: account.id,
      form,
      ip: "127.0.0.1",
      now,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DisputeLimitError);
    expect((refused as DisputeLimitError).retryAfterSeconds).toBeGreaterThan(23 * 3600);
    const filed = await database.db
      .select()
      .from(schema.disputes)
      .where(eq(schema.disputes.accountId, account.id));
    expect(filed).toHaveLength(DISPUTE_LIMIT.max);
    const acks = (await messagesOf(account.id)).filter(
      (m) => m.template === "dispute_acknowledgement",
    );
    expect(acks).toHaveLength(DISPUTE_LIMIT.max);
    // Another account of another debtor is not affected.
    const other = await inPlan("LIMIT-OTHER", [
      { dueDate: addDays(today(), 5), amountCents: 5_000 },
      { dueDate: addDays(today(), 35), amountCents: 5_000 },
    ]);
    expect(
      await fileDispute({
        debtorId: other.debtor.id,
        accountId: other.account.id,
        form,
        ip: "127.0.0.1",
        now,
      }),
    ).toMatchObject({ status: "open" });
    expect(
      await fileDispute({
        debtorId: debtor.id,
        accountId: account.id,
        form,
        ip: "127.0.0.1",
        now: new Date(now.getTime() + DISPUTE_LIMIT.windowMs + 1_000),
      }),
    ).toMatchObject({ status: "open" });
  });
});

describe("a hardship pause", () => {
  it("confirms the pause (which tells of the new dates); payments resume on the plan's day of the month, charged on that day (not before, not a day late)", async () => {
    const { debtor, account, plan } = await inPlan("PAUSE", [
      { dueDate: addDays(today(), 5), amountCents: 5_000 },
      { dueDate: addDays(today(), 35), amountCents: 5_000 },
    ]);
    const pauseUntil = addDays(today(), 15);
    expect(
      await requestPause({ debtorId: debtor.id, accountId: account.id, pauseUntil }),
    ).toMatchObject({ ok: true });
    // A monthly plan: every payment one month later, on its own day of the month.
    const newFirst = addMonthsClamped(addDays(today(), 5), 1);
    expect((await installmentsOf(database.db, plan.id)).map((i) => i.dueDate)).toEqual([
      newFirst,
      addMonthsClamped(addDays(today(), 35), 1),
    ]);
    // One confirmation of the pause (this debtor is reached by email only), which tells of
    // the new dates too: no second message about them.
    expect((await messagesOf(account.id)).map((m) => [m.template, m.channel])).toEqual([
      ["plan_paused", "email"],
    ]);
    const [first] = await installmentsOf(database.db, plan.id);
    await chargeDueInstallments({ now: daysLater(14) });
    expect(intentsFor(first.id)).toBe(0);
    // On the pause's end date the plan runs again; nothing is due until the plan's day.
    await chargeDueInstallments({ now: daysLater(15) });
    expect(await planRow(plan.id)).toMatchObject({ status: "active", pauseUntil: null });
    const dueIn = daysBetween(today(), newFirst);
    await chargeDueInstallments({ now: daysLater(dueIn - 1) });
    expect(intentsFor(first.id)).toBe(0);
    await chargeDueInstallments({ now: daysLater(dueIn) });
    await kit.emulator.controls.waitForWebhooks();
    expect(intentsFor(first.id)).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
  });

  it("a retry that fell due during the pause is moved forward with a notice when the pause ends, not charged at once", async () => {
    const { account, plan } = await inPlan("RETRY", [
      { dueDate: addDays(today(), -20), amountCents: 5_000 },
      { dueDate: addDays(today(), 40), amountCents: 5_000 },
    ]);
    // Declined before, waiting for its retry; then the plan was paused (as a pause started
    // elsewhere would leave it) and the retry date passed meanwhile.
    await database.db
      .update(schema.installments)
      .set({ status: "failed", attempts: 1, nextRetryAt: new Date(Date.now() - 2 * DAY) })
      .where(and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, 1)));
    await database.db
      .update(schema.plans)
      .set({ status: "paused", pauseUntil: today() })
      .where(eq(schema.plans.id, plan.id));
    const [first] = await installmentsOf(database.db, plan.id);
    await chargeDueInstallments();
    expect(intentsFor(first.id)).toBe(0);
    expect(await planRow(plan.id)).toMatchObject({ status: "active", pauseUntil: null });
    const [retry] = await installmentsOf(database.db, plan.id);
    expect(todayIn("America/New_York", retry.nextRetryAt!)).toBe(
      addDays(today(), HOLD_NOTICE_DAYS),
    );
    expect((await messagesOf(account.id)).map((m) => m.template)).toContain("schedule_changed");
  });
});
