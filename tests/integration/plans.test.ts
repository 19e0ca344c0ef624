// Plans on a real database: the server rebuilds every plan, refuses tampered forms with
// nothing written, stores the authorization evidence, and the rules hold as constraints.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { seedDemoPlans } from "../../app/demo/seed-plans.server";
import { addMonthsClamped, todayIn } from "../../app/lib/calendar-date";
import type { PlanChoice } from "../../app/lib/forms/plan";
import { evaluateChoice } from "../../app/lib/plan-builder";
import {
  decideHardshipRequest,
  listHardshipRequestsForCreditor,
} from "../../app/models/hardship-decisions.server";
import { getHardshipPage, requestPause, submitProposal } from "../../app/models/hardship.server";
import {
  applyPaymentToPlan,
  authorizePlan,
  cancelPlan,
  getPlanBuilder,
  getPlanPage,
  listPlansForCreditor,
  movePayment,
  planSummaryForAccount,
  reviewFor,
} from "../../app/models/plans.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
type Account = typeof schema.accounts.$inferSelect;
let alex: Account; // Brightside, $84.50, open
let maria: Account; // Northbridge, $4,805.75, settlement offered
let sam: Account; // Northbridge, in_plan
let jordan: Account; // Brightside, on hold

const byRef = async (reference: string) =>
  (
    await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference))
  )[0];
const count = async (
  table: typeof schema.plans | typeof schema.installments | typeof schema.hardshipRequests,
) => Number((await database.db.select({ n: sql<string>`count(*)` }).from(table))[0].n);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  await seedDemoPlans(database.db);
  await seedDemoPlans(database.db); // idempotent
  [alex, maria, sam, jordan] = await Promise.all(
    ["BSD-100245", "NRS-55012873", "NRS-55019940", "BSD-100311"].map(byRef),
  );
});
afterAll(() => database?.dispose());

/** The review form exactly as the page would render it for this choice. */
async function reviewForm(account: Account, choice: PlanChoice) {
  const builder = await getPlanBuilder(account.debtorId, account.id);
  if (!builder) throw new Error("no builder");
  const result = evaluateChoice(builder.ctx, choice);
  if (!result.ok) throw new Error(`choice not allowed: ${JSON.stringify(result.errors)}`);
  const review = reviewFor(builder, result.plan, "en");
  return {
    choice,
    accountId: account.id,
    scheduleDigest: review.digest,
    textVersion: review.version,
    plan: result.plan,
    text: review.text,
  };
}

describe("seedDemoPlans", () => {
  it("gives Sam Chen an active monthly plan whose paid installments match the ledger payments", async () => {
    const page = await getPlanPage(sam.debtorId, sam.id);
    expect(page?.plan).toMatchObject({
      status: "active",
      kind: "installments",
      frequency: "monthly",
      installmentCount: 6,
      totalCents: 120_000,
    });
    expect(page!.installments.filter((i) => i.status === "paid").map((i) => i.amountCents)).toEqual(
      [20_000, 20_000],
    );
    expect(page!.remaining.reduce((s, i) => s + i.amountCents, 0)).toBe(page!.balanceCents);
    const summary = await planSummaryForAccount(sam.id);
    expect(summary).toMatchObject({
      status: "active",
      nextAmountCents: 20_000,
      remainingCents: 80_000,
    });
    expect(await planSummaryForAccount(alex.id)).toBeNull();
  });
});

describe("authorizePlan", () => {
  it("stores the plan the server computed, with the authorization evidence and an audit event", async () => {
    const form = await reviewForm(alex, {
      kind: "installments",
      frequency: "monthly",
      count: 3,
      startDate: todayIn("America/New_York", new Date()),
    });
    const result = await authorizePlan({
      debtorId: alex.debtorId,
      accountId: alex.id,
      form,
      lang: "en",
      ip: "203.0.113.9",
      userAgent: "Vitest",
    });
    expect(result).toMatchObject({ ok: true });
    if (!result?.ok) return;
    const [plan] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.id, result.planId));
    expect(plan).toMatchObject({
      status: "pending_payment_method",
      totalCents: 8450,
      installmentCount: 3,
      authorizationText: form.text,
      authorizationIp: "203.0.113.9",
      authorizationUserAgent: "Vitest",
    });
    expect(plan.authorizationTextSha256).toMatch(/^[0-9a-f]{64}$/);
    const items = await database.db
      .select()
      .from(schema.installments)
      .where(eq(schema.installments.planId, plan.id));
    expect(items.map((i) => i.amountCents).sort()).toEqual([2816, 2817, 2817]);
    const [event] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(
          eq(schema.auditEvents.action, "plan.authorized"),
          eq(schema.auditEvents.targetId, plan.id),
        ),
      );
    expect(event.details).toMatchObject({
      authorizationTextSha256: plan.authorizationTextSha256,
      totalCents: 8450,
    });
    expect(event.ipHash).not.toContain("203.0.113.9");
    // The account stays open until the Stripe step saves a payment method.
    expect((await byRef("BSD-100245")).status).toBe("open");

    // A second plan (second tab, double submit) is refused.
    const again = await authorizePlan({
      debtorId: alex.debtorId,
      accountId: alex.id,
      form,
      lang: "en",
    });
    expect(again).toMatchObject({ ok: false, status: 409 });

    const cancelled = await cancelPlan({ debtorId: alex.debtorId, accountId: alex.id });
    expect(cancelled).toEqual({ ok: true });
    expect(await planSummaryForAccount(alex.id)).toBeNull();
  });

  it("refuses tampered forms and writes nothing", async () => {
    const form = await reviewForm(maria, {
      kind: "installments",
      frequency: "monthly",
      count: 6,
      startDate: todayIn("America/Chicago", new Date()),
    });
    const before = [await count(schema.plans), await count(schema.installments)];
    const attempts = [
      // a count outside the policy (Northbridge allows 3–24)
      { ...form, choice: { ...form.choice, count: 99 } as PlanChoice },
      // a different count than the one reviewed (digest no longer matches)
      { ...form, choice: { ...form.choice, count: 7 } as PlanChoice },
      // a changed amount: the digest of another schedule
      { ...form, scheduleDigest: "0".repeat(64) },
      // another account's id in the form
      { ...form, accountId: alex.id },
      // an old text version
      { ...form, textVersion: "plan-auth-0" },
    ];
    for (const attempt of attempts) {
      const result = await authorizePlan({
        debtorId: maria.debtorId,
        accountId: maria.id,
        form: attempt,
        lang: "en",
      });
      expect(result, JSON.stringify(attempt.choice)).toMatchObject({ ok: false, status: 400 });
    }
    const tooMany = await authorizePlan({
      debtorId: maria.debtorId,
      accountId: maria.id,
      form: attempts[0],
      lang: "en",
    });
    // The tightest rule is named, with what would work: 18 monthly payments fit in 540 days.
    expect(tooMany).toMatchObject({
      errors: [{ field: "count", key: "plans.error.tooLong", vars: { max: 18 } }],
    });
    // Another debtor's account: not found.
    expect(
      await authorizePlan({ debtorId: alex.debtorId, accountId: maria.id, form, lang: "en" }),
    ).toBeNull();
    expect([await count(schema.plans), await count(schema.installments)]).toEqual(before);
  });

  it("never schedules anything on a disputed account", async () => {
    const builder = await getPlanBuilder(jordan.debtorId, jordan.id);
    expect(builder?.onHold).toBe(true);
    expect(builder?.canAuthorize).toBe(false);
    const form = await reviewForm(jordan, { kind: "full" });
    expect(
      await authorizePlan({ debtorId: jordan.debtorId, accountId: jordan.id, form, lang: "en" }),
    ).toMatchObject({ ok: false, status: 400, errors: [{ key: "plans.error.onHold" }] });
  });

  it("pays in full or settles only as a single payment (pay-now), never as a plan authorized here", async () => {
    const before = await count(schema.plans);
    for (const kind of ["settlement", "full"] as const) {
      const form = await reviewForm(maria, { kind });
      const result = await authorizePlan({
        debtorId: maria.debtorId,
        accountId: maria.id,
        form,
        lang: "es",
      });
      expect(result).toMatchObject({
        ok: false,
        status: 400,
        errors: [{ key: "plans.error.tampered" }],
      });
    }
    expect(await count(schema.plans)).toBe(before);
    expect(await planSummaryForAccount(maria.id)).toBeNull();
  });
});

describe("changing a plan", () => {
  it("moves one payment within the window, and refuses outside it", async () => {
    const page = await getPlanPage(sam.debtorId, sam.id);
    const [next, after] = page!.remaining;
    const outside = await movePayment({
      debtorId: sam.debtorId,
      accountId: sam.id,
      seq: next.seq,
      newDate: after.dueDate,
    });
    expect(outside).toMatchObject({
      ok: false,
      errors: [{ field: "newDate", key: "plans.error.moveWindow" }],
    });
    const target = new Date(`${next.dueDate}T12:00:00Z`);
    target.setUTCDate(target.getUTCDate() + 3);
    const newDate = target.toISOString().slice(0, 10);
    expect(
      await movePayment({ debtorId: sam.debtorId, accountId: sam.id, seq: next.seq, newDate }),
    ).toEqual({ ok: true });
    const moved = (await getPlanPage(sam.debtorId, sam.id))!.installments.find(
      (i) => i.seq === next.seq,
    )!;
    expect(moved).toMatchObject({
      dueDate: newDate,
      originalDueDate: next.dueDate,
      amountCents: next.amountCents,
    });
    // Another debtor cannot touch it.
    expect(
      await movePayment({ debtorId: alex.debtorId, accountId: sam.id, seq: next.seq, newDate }),
    ).toBeNull();
  });

  it("applies an early payment to the oldest installments and recomputes the rest", async () => {
    const page = await getPlanPage(sam.debtorId, sam.id);
    const result = await applyPaymentToPlan(page!.plan!.id, 25_000);
    expect(result.ok).toBe(true);
    const summary = await planSummaryForAccount(sam.id);
    expect(summary).toMatchObject({ remainingCents: 55_000, nextAmountCents: 15_000 });
  });

  it("lists plans for their creditor only", async () => {
    const northbridge = sam.creditorId;
    const plans = await listPlansForCreditor(northbridge);
    expect(plans.some((p) => p.reference === "NRS-55019940")).toBe(true);
    expect(plans.every((p) => p.reference.startsWith("NRS-"))).toBe(true);
    expect(await listPlansForCreditor(alex.creditorId, { status: "active" })).toEqual([]);
  });
});

describe("hardship", () => {
  it("pauses a plan within policy, moving the open payments by whole months (same day of the month)", async () => {
    const before = await getPlanPage(sam.debtorId, sam.id);
    const first = before!.remaining[0].dueDate;
    const pauseUntil = new Date(`${first}T12:00:00Z`);
    pauseUntil.setUTCDate(pauseUntil.getUTCDate() + 20);
    const date = pauseUntil.toISOString().slice(0, 10);
    const tooLong = await requestPause({
      debtorId: sam.debtorId,
      accountId: sam.id,
      pauseUntil: "2099-01-01",
    });
    expect(tooLong).toMatchObject({ ok: false, errors: [{ key: "plans.error.pauseTooLong" }] });
    expect(
      await requestPause({ debtorId: sam.debtorId, accountId: sam.id, pauseUntil: date }),
    ).toMatchObject({ ok: true });
    const after = await getPlanPage(sam.debtorId, sam.id);
    expect(after!.plan).toMatchObject({ status: "paused", pauseUntil: date });
    // Twenty days past the next payment: one month later, on the same day of the month.
    expect(after!.remaining[0].dueDate).toBe(addMonthsClamped(first, 1));
    expect(after!.remaining.map((i) => i.amountCents)).toEqual(
      before!.remaining.map((i) => i.amountCents),
    );
  });

  it("stores a proposal for the creditor; accepting it lets the debtor build that plan", async () => {
    // $4,805.75 at $50 a month: far outside Northbridge's policy (24 payments at most).
    const sent = await submitProposal({
      debtorId: maria.debtorId,
      accountId: maria.id,
      amountCents: 5_000,
      frequency: "monthly",
      note: "Lost my job",
    });
    expect(sent).toMatchObject({ ok: true });
    const again = await submitProposal({
      debtorId: maria.debtorId,
      accountId: maria.id,
      amountCents: 4_000,
      frequency: "monthly",
      note: "",
    });
    expect(again).toMatchObject({ ok: false, errors: [{ key: "plans.error.proposalPending" }] });
    const [request] = await listHardshipRequestsForCreditor(maria.creditorId, {
      status: "pending",
    });
    expect(request).toMatchObject({
      reference: "NRS-55012873",
      amountCents: 5_000,
      note: "Lost my job",
    });
    // Another creditor cannot decide it.
    expect(
      await decideHardshipRequest({
        creditorId: alex.creditorId,
        requestId: request.id,
        decision: "accepted",
        actorId: alex.creditorId,
      }),
    ).toBeNull();
    expect(
      await decideHardshipRequest({
        creditorId: maria.creditorId,
        requestId: request.id,
        decision: "accepted",
        actorId: maria.creditorId,
      }),
    ).toMatchObject({ status: "accepted" });
    const builder = await getPlanBuilder(maria.debtorId, maria.id);
    const today = builder!.ctx.today;
    const result = evaluateChoice(builder!.ctx, {
      kind: "installments",
      frequency: "monthly",
      count: 97,
      startDate: today,
    });
    expect(result.ok).toBe(true);
    expect((await getHardshipPage(maria.debtorId, maria.id))!.latest).toMatchObject({
      status: "accepted",
    });
  });

  it("says when the proposal is already allowed, instead of storing it", async () => {
    const before = await count(schema.hardshipRequests);
    const fits = await submitProposal({
      debtorId: alex.debtorId,
      accountId: alex.id,
      amountCents: 4_300,
      frequency: "monthly",
      note: "",
    });
    expect(fits).toMatchObject({ ok: false, fits: { count: 2, frequency: "monthly" } });
    expect(await count(schema.hardshipRequests)).toBe(before);
  });
});

describe("constraints", () => {
  it("refuse a second live plan, duplicate sequence numbers and non-positive amounts", async () => {
    const [plan] = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.accountId, sam.id));
    const copy = { ...plan, id: undefined, createdAt: undefined, updatedAt: undefined };
    await expect(database.db.insert(schema.plans).values(copy)).rejects.toThrow();
    await expect(
      database.db.insert(schema.installments).values({
        planId: plan.id,
        seq: 1,
        dueDate: "2030-01-01",
        originalDueDate: "2030-01-01",
        amountCents: 100,
        originalAmountCents: 100,
      }),
    ).rejects.toThrow();
    await expect(
      database.db.insert(schema.installments).values({
        planId: plan.id,
        seq: 99,
        dueDate: "2030-01-01",
        originalDueDate: "2030-01-01",
        amountCents: 0,
        originalAmountCents: 100,
      }),
    ).rejects.toThrow();
  });
});
