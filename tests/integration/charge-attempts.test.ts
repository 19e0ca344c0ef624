// Issue #15 items 1 and 5: installment charges in a shape Stripe accepts for a saved card
// and a saved US bank account; a request Stripe refuses (invalid_request_error) is our
// defect: logged at error level, counted, recorded, shown to the creditor, never retried
// by itself and never a missed payment; and the reconciler of open attempts: an attempt
// whose PaymentIntent exists at Stripe is applied (no second charge, even after Stripe has
// forgotten its key), one whose intent does not exist is closed as never reached and only
// then tried again with a new key. PGlite and PostgreSQL; the real stripe-node client
// against the emulator.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import {
  chargeProblemsForAccount,
  chargeProblemsForCreditor,
  retryChargeProblems,
} from "../../app/models/charge-problems.server";
import { startCheckout } from "../../app/models/payments.server";
import {
  chargeDueInstallments,
  idempotencyKey,
  IN_FLIGHT_GRACE_MS,
  resolveOpenAttempts,
  type ChargeRun,
} from "../../app/workers/charge-worker.server";
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
const today = () => todayIn("America/New_York", new Date());
const run = (counts: Partial<ChargeRun> = {}): ChargeRun => ({
  charged: 0,
  failed: 0,
  deferred: 0,
  defects: 0,
  recovered: 0,
  notReached: 0,
  ...counts,
});
const later = (ms: number) => new Date(Date.now() + ms);
const checkoutId = (url: string) => url.split("/").pop()!;

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
  kit?.emulator.controls.setFaults(null);
  await kit?.stop();
  await database?.dispose();
});

/** A debtor with an account of `total` owed, in a plan of these installments. */
async function account(
  tag: string,
  installments: { dueDate: string; amountCents: number }[],
  status: "pending_payment_method" | "active" = "active",
) {
  const total = installments.reduce((sum, i) => sum + i.amountCents, 0);
  const [debtor] = await database.db
    .insert(schema.debtors)
    .values({
      creditorId,
      fullName: `Attempt ${tag}`,
      email: `${tag.toLowerCase()}@example.com`,
      emailSource: "creditor_records",
    })
    .returning();
  const [row] = await database.db
    .insert(schema.accounts)
    .values({
      creditorId,
      debtorId: debtor.id,
      reference: `CA-${tag}`,
      referenceLast4Hash: "x",
      itemizationDate: today(),
      itemizationKind: "transaction",
      status: status === "active" ? "in_plan" : "open",
    })
    .returning();
  await database.db.insert(schema.ledgerEntries).values({
    accountId: row.id,
    kind: "itemized_balance",
    amountCents: total,
    currency: "usd",
    occurredAt: new Date(),
    source: "import",
    sourceId: `ca:${tag}`,
  });
  const plan = await createPlan(database.db, {
    accountId: row.id,
    kind: "installments",
    balanceCents: total,
    status,
    installments,
  });
  return { account: row, debtor, plan };
}

/** …with a card saved through the API (as Checkout would have saved it). */
async function onSavedCard(tag: string, installments: { dueDate: string; amountCents: number }[]) {
  const made = await account(tag, installments);
  const customer = await stripe().customers.create({ metadata: { debtor_id: made.debtor.id } });
  const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
  await database.db
    .update(schema.plans)
    .set({ stripeCustomerId: customer.id, stripePaymentMethodId: pm.id })
    .where(eq(schema.plans.id, made.plan.id));
  return { ...made, customer: customer.id };
}

async function attemptsFor(installmentId: string) {
  return database.db
    .select()
    .from(schema.chargeAttempts)
    .where(eq(schema.chargeAttempts.installmentId, installmentId))
    .orderBy(schema.chargeAttempts.number);
}

/** The lines the app logs at warn or error (stderr) while `work` runs. */
async function stderrDuring<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lines: Record<string, unknown>[] }> {
  const lines: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    lines.push(String(chunk));
    return write(chunk, ...rest);
  }) as typeof process.stderr.write;
  try {
    const result = await work();
    return {
      result,
      lines: lines
        .flatMap((l) => l.split("\n"))
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    };
  } finally {
    process.stderr.write = write;
  }
}

describe("installment charges Stripe accepts", () => {
  it("a card saved through the API and a US bank account saved through Checkout are both charged off-session", async () => {
    const card = await onSavedCard("CARD", [
      { dueDate: today(), amountCents: 4_000 },
      { dueDate: addDays(today(), 30), amountCents: 4_000 },
    ]);
    // The bank account is saved the way debtors save one: Checkout in setup mode.
    const bank = await account(
      "BANK",
      [
        { dueDate: addDays(today(), 5), amountCents: 6_000 },
        { dueDate: addDays(today(), 35), amountCents: 6_000 },
      ],
      "pending_payment_method",
    );
    const start = await startCheckout({
      debtorId: bank.debtor.id,
      accountId: bank.account.id,
      appUrl: "http://app.test",
      lang: "en",
    });
    const done = kit.emulator.controls.completeCheckoutSession(
      checkoutId((start as { url: string }).url),
      { bank: { account: "000123456789" } },
    );
    expect(done.session.mode).toBe("setup");
    await kit.emulator.controls.waitForWebhooks();
    const [saved] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, bank.plan.id));
    expect(saved).toMatchObject({
      status: "active",
      stripePaymentMethodId: expect.stringMatching(/^pm_/),
    });
    await database.db
      .update(schema.installments)
      .set({ dueDate: today() })
      .where(and(eq(schema.installments.planId, bank.plan.id), eq(schema.installments.seq, 1)));

    expect(await chargeDueInstallments()).toEqual(run({ charged: 2 }));
    await kit.emulator.controls.waitForWebhooks();
    const [cardFirst] = await installmentsOf(database.db, card.plan.id);
    const [bankFirst] = await installmentsOf(database.db, bank.plan.id);
    expect(cardFirst.status).toBe("paid");
    // A bank debit takes days: processing until the bank settles it.
    expect(bankFirst.status).toBe("processing");
    const intent = await stripe().paymentIntents.retrieve(bankFirst.stripePaymentIntentId!);
    expect(intent).toMatchObject({
      status: "processing",
      payment_method: saved.stripePaymentMethodId,
      metadata: { installment_id: bankFirst.id, attempt: "1" },
    });
    kit.emulator.controls.settleBankPayment(intent.id);
    await kit.emulator.controls.waitForWebhooks();
    expect((await installmentsOf(database.db, bank.plan.id))[0].status).toBe("paid");
    expect((await attemptsFor(bankFirst.id)).map((a) => [a.status, a.idempotencyKey])).toEqual([
      ["charged", idempotencyKey(bankFirst.id, 1)],
    ]);
  });
});

describe("attempts in a long run", () => {
  it("are recorded at the time each batch is claimed, not when the run started (another worker's reconciler must never take a fresh attempt for an old one)", async () => {
    const made = await Promise.all(
      ["LONG-1", "LONG-2", "LONG-3"].map((tag) =>
        onSavedCard(tag, [{ dueDate: today(), amountCents: 3_000 }]),
      ),
    );
    // One installment per batch, one call a second: the run lasts about two seconds.
    const started = Date.now();
    expect(await chargeDueInstallments({ batchSize: 1, maxPerSecond: 1 })).toMatchObject({
      charged: 3,
    });
    const times = (
      await Promise.all(
        made.map(async ({ plan }) =>
          (
            await attemptsFor((await installmentsOf(database.db, plan.id))[0].id)
          )[0].startedAt.getTime(),
        ),
      )
    ).sort((a, b) => a - b);
    expect(times[0]).toBeGreaterThanOrEqual(started - 1_000);
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(900);
  });
});

describe("a charge Stripe refuses as a bad request is our defect", () => {
  it("is logged at error level, counted, recorded, shown to the creditor, not retried and not a missed payment, until someone charges it again after the fix", async () => {
    // 30 cents: below Stripe's minimum charge, so Stripe refuses the request (amount_too_small).
    const { account: acc, plan } = await onSavedCard("DEFECT", [
      { dueDate: today(), amountCents: 30 },
      { dueDate: addDays(today(), 30), amountCents: 5_000 },
    ]);
    const { result, lines } = await stderrDuring(() => chargeDueInstallments());
    expect(result).toEqual(run({ defects: 1 }));
    const [first] = await installmentsOf(database.db, plan.id);
    expect(first).toMatchObject({ status: "needs_attention", attempts: 0, nextRetryAt: null });
    expect(
      (await attemptsFor(first.id)).map((a) => [a.number, a.status, a.errorType, a.errorCode]),
    ).toEqual([[1, "defect", "invalid_request_error", "amount_too_small"]]);
    const logged = lines.filter((l) => l.level === "error" && l.installmentId === first.id);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({
      errorType: "invalid_request_error",
      errorCode: "amount_too_small",
      accountId: acc.id,
    });
    // Ids and codes only: nothing of Stripe's message (which may echo what we sent).
    expect(Object.keys(logged[0]).sort()).toEqual([
      "accountId",
      "attemptId",
      "errorCode",
      "errorType",
      "installmentId",
      "level",
      "msg",
      "t",
    ]);

    // Not the debtor's doing: no "payment failed" notice, no missed payment, the plan runs on.
    const notices = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.accountId, acc.id));
    expect(
      notices.filter(
        (m) => m.template === "payment_failed" || m.template === "authentication_required",
      ),
    ).toEqual([]);
    const [planRow] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    expect(planRow.status).toBe("active");
    // Never retried by itself, however much later the worker runs.
    expect(await chargeDueInstallments({ now: later(10 * 86_400_000) })).toEqual(run());
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(0);

    // The creditor sees it: the dashboard, the account page, the audit trail.
    expect(await chargeProblemsForCreditor(creditorId)).toMatchObject({
      installments: 1,
      accounts: [{ accountId: acc.id, reference: "CA-DEFECT", installments: 1 }],
    });
    expect(await chargeProblemsForAccount(creditorId, acc.id)).toMatchObject([
      {
        installmentId: first.id,
        seq: 1,
        errorType: "invalid_request_error",
        errorCode: "amount_too_small",
        attempt: 1,
      },
    ]);
    const [otherCreditor] = await database.db
      .select({ id: schema.creditors.id })
      .from(schema.creditors)
      .where(eq(schema.creditors.slug, "northbridge-recovery"));
    expect(await chargeProblemsForAccount(otherCreditor.id, acc.id)).toEqual([]);
    expect(await retryChargeProblems({ creditorId: otherCreditor.id, accountId: acc.id })).toBe(0);
    const events = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(
          eq(schema.auditEvents.targetId, acc.id),
          eq(schema.auditEvents.action, "payment.refused_by_stripe"),
        ),
      );
    expect(events).toHaveLength(1);

    // The fix (here: the amount corrected), then "charge again": a new attempt, a new key.
    await database.db
      .update(schema.installments)
      .set({ amountCents: 5_000, originalAmountCents: 5_000 })
      .where(eq(schema.installments.id, first.id));
    expect(await retryChargeProblems({ creditorId, accountId: acc.id, actorType: "system" })).toBe(
      1,
    );
    expect(await chargeDueInstallments()).toEqual(run({ charged: 1 }));
    await kit.emulator.controls.waitForWebhooks();
    expect((await installmentsOf(database.db, plan.id))[0]).toMatchObject({
      status: "paid",
      attempts: 1,
    });
    expect(
      (await attemptsFor(first.id)).map((a) => [a.number, a.status, a.idempotencyKey]),
    ).toEqual([
      [1, "defect", idempotencyKey(first.id, 1)],
      [2, "charged", idempotencyKey(first.id, 2)],
    ]);
    expect(await chargeProblemsForCreditor(creditorId)).toMatchObject({ installments: 0 });
  });
});

describe("the reconciler of open attempts", () => {
  it("an attempt whose answer was lost, and whose intent exists at Stripe, is applied from Stripe after the key has expired: charged once", async () => {
    const { plan } = await onSavedCard("LOST", [
      { dueDate: today(), amountCents: 7_000 },
      { dueDate: addDays(today(), 30), amountCents: 7_000 },
    ]);
    // Stripe charges, the answer never arrives.
    kit.emulator.controls.setFaults({ rate: 1, kinds: ["timeout"], timeoutMs: 50 });
    try {
      expect(await chargeDueInstallments()).toEqual(run({ deferred: 1 }));
    } finally {
      kit.emulator.controls.setFaults(null);
    }
    const [first] = await installmentsOf(database.db, plan.id);
    expect(first.status).toBe("charging");
    expect((await attemptsFor(first.id)).map((a) => a.status)).toEqual(["unknown"]);
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    // While a request for it may still be running, it is left alone.
    expect(await chargeDueInstallments()).toEqual(run());

    // 25 hours later: Stripe no longer knows the key, so repeating it would charge again.
    kit.emulator.controls.advanceClock(25 * 3600);
    expect(await chargeDueInstallments({ now: later(25 * 3_600_000) })).toEqual(
      run({ recovered: 1 }),
    );
    await kit.emulator.controls.waitForWebhooks();
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
    const [attempt] = await attemptsFor(first.id);
    expect(attempt).toMatchObject({
      status: "charged",
      stripePaymentIntentId: (await installmentsOf(database.db, plan.id))[0].stripePaymentIntentId,
    });
  });

  it("an attempt whose request failed before it ran (no intent at Stripe) is closed as never reached, then tried again with a new key: charged once", async () => {
    const { plan } = await onSavedCard("NEVER", [
      { dueDate: today(), amountCents: 8_000 },
      { dueDate: addDays(today(), 30), amountCents: 8_000 },
    ]);
    kit.emulator.controls.setFaults({ rate: 1, kinds: ["500"] });
    try {
      expect(await chargeDueInstallments()).toEqual(run({ deferred: 1 }));
    } finally {
      kit.emulator.controls.setFaults(null);
    }
    const [first] = await installmentsOf(database.db, plan.id);
    expect(first).toMatchObject({ status: "charging", attempts: 1 });
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(0);
    // Decided before any new attempt, in the same run: not reached, then attempt 2.
    expect(await chargeDueInstallments({ now: later(IN_FLIGHT_GRACE_MS + 1_000) })).toEqual(
      run({ notReached: 1, charged: 1 }),
    );
    await kit.emulator.controls.waitForWebhooks();
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0]).toMatchObject({
      status: "paid",
      attempts: 1,
    });
    expect(
      (await attemptsFor(first.id)).map((a) => [a.number, a.status, a.idempotencyKey]),
    ).toEqual([
      [1, "not_reached", idempotencyKey(first.id, 1)],
      [2, "charged", idempotencyKey(first.id, 2)],
    ]);
  });

  it("an attempt answered with a 500 Stripe saved for its key (the request ran) is not asked again with that key: its intent is found and applied", async () => {
    const { plan } = await onSavedCard("SAVED500", [
      { dueDate: today(), amountCents: 7_500 },
      { dueDate: addDays(today(), 30), amountCents: 7_500 },
    ]);
    kit.emulator.controls.setFaults({ rate: 1, kinds: ["500_after"] });
    try {
      expect(await chargeDueInstallments()).toEqual(run({ deferred: 1 }));
    } finally {
      kit.emulator.controls.setFaults(null);
    }
    const [first] = await installmentsOf(database.db, plan.id);
    // Repeating the key would only replay the 500 (for a day), then charge again.
    expect(await chargeDueInstallments({ now: later(IN_FLIGHT_GRACE_MS + 1_000) })).toEqual(
      run({ recovered: 1 }),
    );
    await kit.emulator.controls.waitForWebhooks();
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
    const replays = kit.emulator.controls
      .requests()
      .filter((r) => r.idempotencyKey === idempotencyKey(first.id, 1));
    expect(replays).toHaveLength(1);
  });

  /** What a worker's claim leaves when the process dies right after it: an attempt in flight. */
  async function leftInFlight(installmentId: string, customer: string, startedAt: Date) {
    await database.db
      .update(schema.installments)
      .set({ status: "charging", attempts: 1 })
      .where(eq(schema.installments.id, installmentId));
    const [row] = await database.db
      .select({ accountId: schema.plans.accountId })
      .from(schema.installments)
      .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
      .where(eq(schema.installments.id, installmentId));
    await database.db.insert(schema.chargeAttempts).values({
      installmentId,
      accountId: row.accountId,
      number: 1,
      idempotencyKey: idempotencyKey(installmentId, 1),
      fromStatus: "scheduled",
      stripeCustomerId: customer,
      startedAt,
    });
  }

  it("an attempt left in flight by a worker that died after sending it is found at Stripe by its installment and attempt, and applied", async () => {
    const {
      plan,
      customer,
      account: acc,
    } = await onSavedCard("DIED-SENT", [
      { dueDate: today(), amountCents: 9_000 },
      { dueDate: addDays(today(), 30), amountCents: 9_000 },
    ]);
    const [first] = await installmentsOf(database.db, plan.id);
    const startedAt = new Date();
    await leftInFlight(first.id, customer, startedAt);
    // The request the dead worker sent (it reached Stripe; the worker never saw the answer).
    const [planRow] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, plan.id));
    await stripe().paymentIntents.create(
      {
        amount: 9_000,
        currency: "usd",
        customer,
        payment_method: planRow.stripePaymentMethodId!,
        off_session: true,
        confirm: true,
        automatic_payment_methods: { enabled: true, allow_redirects: "never" },
        metadata: {
          account_id: acc.id,
          plan_id: plan.id,
          installment_id: first.id,
          purpose: "installment",
          attempt: "1",
        },
      },
      { idempotencyKey: idempotencyKey(first.id, 1) },
    );
    // Inside the grace period nothing is decided, and nothing new is tried.
    expect(await resolveOpenAttempts({ now: new Date(startedAt.getTime() + 60_000) })).toEqual({
      recovered: 0,
      notReached: 0,
      open: 0,
    });
    expect(await chargeDueInstallments({ now: new Date(startedAt.getTime() + 60_000) })).toEqual(
      run(),
    );
    expect(
      await chargeDueInstallments({
        now: new Date(startedAt.getTime() + IN_FLIGHT_GRACE_MS + 1_000),
      }),
    ).toEqual(run({ recovered: 1 }));
    await kit.emulator.controls.waitForWebhooks();
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
    expect((await attemptsFor(first.id)).map((a) => a.status)).toEqual(["charged"]);
  });

  it("an attempt left in flight by a worker that died before sending it is closed as never reached, and the installment is charged with a new key", async () => {
    const { plan, customer } = await onSavedCard("DIED-UNSENT", [
      { dueDate: today(), amountCents: 9_500 },
      { dueDate: addDays(today(), 30), amountCents: 9_500 },
    ]);
    const [first] = await installmentsOf(database.db, plan.id);
    const startedAt = new Date();
    await leftInFlight(first.id, customer, startedAt);
    expect(await chargeDueInstallments({ now: new Date(startedAt.getTime() + 60_000) })).toEqual(
      run(),
    );
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(0);
    expect(
      await chargeDueInstallments({
        now: new Date(startedAt.getTime() + IN_FLIGHT_GRACE_MS + 1_000),
      }),
    ).toEqual(run({ notReached: 1, charged: 1 }));
    await kit.emulator.controls.waitForWebhooks();
    expect(
      kit.emulator.controls.countPaymentIntents({ metadata: { installment_id: first.id } }),
    ).toBe(1);
    expect((await installmentsOf(database.db, plan.id))[0].status).toBe("paid");
    expect((await attemptsFor(first.id)).map((a) => [a.number, a.status])).toEqual([
      [1, "not_reached"],
      [2, "charged"],
    ]);
  });
});
