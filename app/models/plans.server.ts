// Plans and installments. The server decides everything: a plan is rebuilt from the
// ledger balance and the effective policy (app/lib/plan-builder.ts); nothing the form
// says about amounts, counts or accounts is trusted. Every debtor function is scoped by
// the debtor; creditor reads are scoped by the creditor.
//
// Status: a new plan is `pending_payment_method` and the account stays `open` until the
// Stripe step saves a payment method (activatePlan → `active`, account `in_plan`).
import { createHash } from "node:crypto";
import { and, asc, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { isOnHold, type AccountStatus } from "~/lib/account-rules";
import { addDays, compare, todayIn, type CalendarDate } from "~/lib/calendar-date";
import type { PlanChoice } from "~/lib/forms/plan";
import type { Lang } from "~/lib/i18n";
import { AUTHORIZATION_VERSION, authorizationText } from "~/lib/plan-authorization";
import {
  builderOptions,
  evaluateChoice,
  type BuilderContext,
  type ChoiceError,
  type PlanPreview,
} from "~/lib/plan-builder";
import type { PlanPolicy } from "~/lib/policy";
import { compareOptions } from "~/lib/plan-options";
import { rescheduleRemaining, type RescheduleReason } from "~/lib/reschedule";
import type { Installment } from "~/lib/schedule";
import { db, schema, type Db, type Tx } from "~/utils/db.server";
import { getAccountForDebtor, isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { lastPausedDay, rescheduleAfterHold } from "./holds.server";
import { effectivePolicy } from "./policy.server";

export type PlanStatus = (typeof schema.PLAN_STATUSES)[number];
export type PlanRow = typeof schema.plans.$inferSelect;
export type InstallmentRow = typeof schema.installments.$inferSelect;

/** A plan that still governs the account (the partial unique index allows one). */
export const LIVE_PLAN_STATUSES = ["pending_payment_method", "active", "paused"] as const;
export const ENDED_PLAN_STATUSES = ["cancelled", "completed", "broken"] as const;
/**
 * Installments that are still owed and not being charged right now (`needs_attention`:
 * Stripe refused its charge request as our defect; it waits for a retry after the fix).
 */
export const OPEN_INSTALLMENT_STATUSES = ["scheduled", "failed", "needs_attention"] as const;
/** Being charged: the worker has an attempt open (`charging`) or a bank debit is settling. */
export const IN_PROGRESS_INSTALLMENT_STATUSES = ["charging", "processing"] as const;

type Conn = Db | Tx;

async function balanceOf(conn: Conn, accountId: string): Promise<number> {
  const [row] = await conn
    .select({ balance: sql<string>`coalesce(sum(${schema.ledgerEntries.amountCents}), 0)` })
    .from(schema.ledgerEntries)
    .where(eq(schema.ledgerEntries.accountId, accountId));
  return Number(row?.balance ?? 0);
}

async function livePlanOf(conn: Conn, accountId: string): Promise<PlanRow | null> {
  const [plan] = await conn
    .select()
    .from(schema.plans)
    .where(and(eq(schema.plans.accountId, accountId), notInArray(schema.plans.status, [...ENDED_PLAN_STATUSES])))
    .limit(1);
  return plan ?? null;
}

function policyFor(account: typeof schema.accounts.$inferSelect, creditor: typeof schema.creditors.$inferSelect): PlanPolicy {
  return effectivePolicy(creditor.planPolicy, account.policyOverride, { creditorId: creditor.id, accountId: account.id });
}

// ---------------------------------------------------------------------------
// Choosing and authorizing
// ---------------------------------------------------------------------------

/** The builder page's data: options, comparison, and whether anything may be set up. */
export async function getPlanBuilder(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor, debtor, balanceCents } = found;
  const ctx: BuilderContext = {
    balanceCents,
    currency: account.currency,
    policy: policyFor(account, creditor),
    today: todayIn(creditor.timezone, now),
  };
  const livePlan = await livePlanOf(db(), account.id);
  return {
    account: { id: account.id, reference: account.reference, status: account.status as AccountStatus, currency: account.currency },
    creditor: {
      displayName: creditor.displayName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
    },
    debtorName: debtor.fullName,
    ctx,
    options: builderOptions(ctx),
    comparison: compareOptions(ctx.balanceCents, ctx.policy, ctx.today, ctx.currency),
    livePlanId: livePlan?.id ?? null,
    onHold: isOnHold(account.status as AccountStatus),
    /** A plan may be set up: something is owed, no dispute hold, no live plan. */
    canAuthorize: account.status === "open" && balanceCents > 0 && !livePlan,
  };
}

export type PlanBuilder = NonNullable<Awaited<ReturnType<typeof getPlanBuilder>>>;

/** What the review page shows and the action compares against: same inputs, same text. */
export function reviewFor(builder: PlanBuilder, plan: PlanPreview, lang: Lang) {
  const text = authorizationText(
    plan,
    {
      debtorName: builder.debtorName,
      creditorName: builder.creditor.displayName,
      supportPhone: builder.creditor.supportPhone,
      supportEmail: builder.creditor.supportEmail,
    },
    lang,
  );
  return { text, version: AUTHORIZATION_VERSION, digest: scheduleDigest(builder.account.id, plan) };
}

/**
 * Fingerprint of exactly what the debtor was shown: account, kind, every date and
 * amount. The review form carries it; the action recomputes it from the ledger, so a
 * changed amount, a changed balance or another account's form cannot be authorized.
 */
export function scheduleDigest(accountId: string, plan: PlanPreview): string {
  const canonical = JSON.stringify([
    accountId,
    plan.kind,
    plan.frequency,
    plan.currency,
    plan.totalCents,
    plan.installments.map((i) => [i.seq, i.dueDate, i.amountCents]),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export type AuthorizeInput = {
  debtorId: string;
  accountId: string;
  form: { choice: PlanChoice; accountId: string; scheduleDigest: string; textVersion: string };
  lang: Lang;
  ip?: string;
  userAgent?: string | null;
  now?: Date;
};

export type AuthorizeResult =
  | { ok: true; planId: string }
  | { ok: false; status: 400 | 409; errors: ChoiceError[] };

/**
 * Stores the plan the debtor authorized, with the authorization evidence, after
 * rebuilding it from the ledger and the policy. Returns null when the account is not
 * this debtor's (→ 404). Nothing is written unless everything checks out.
 */
export async function authorizePlan(input: AuthorizeInput): Promise<AuthorizeResult | null> {
  if (!isUuid(input.accountId)) return null;
  const now = input.now ?? new Date();
  const fail = (status: 400 | 409, key: string, vars?: ChoiceError["vars"]): AuthorizeResult => ({
    ok: false,
    status,
    errors: [{ field: "form", key, vars }],
  });
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .select({ account: schema.accounts, creditor: schema.creditors, debtor: schema.debtors })
        .from(schema.accounts)
        .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
        .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
        .where(and(eq(schema.accounts.id, input.accountId), eq(schema.accounts.debtorId, input.debtorId)))
        .for("update", { of: schema.accounts });
      if (!row) return null;
      const { account, creditor, debtor } = row;
      // The form names the account it was shown for: another account's form is refused.
      if (input.form.accountId !== account.id) return fail(400, "plans.error.tampered");
      if (isOnHold(account.status as AccountStatus)) return fail(400, "plans.error.onHold", { creditor: creditor.displayName });
      if (await livePlanOf(tx, account.id)) return fail(409, "plans.error.planExists");
      if (account.status !== "open") return fail(400, "plans.error.nothingOwed");

      const ctx: BuilderContext = {
        balanceCents: await balanceOf(tx, account.id),
        currency: account.currency,
        policy: policyFor(account, creditor),
        today: todayIn(creditor.timezone, now),
      };
      const result = evaluateChoice(ctx, input.form.choice);
      if (!result.ok) return { ok: false as const, status: 400 as const, errors: result.errors };
      const plan = result.plan;
      if (scheduleDigest(account.id, plan) !== input.form.scheduleDigest || input.form.textVersion !== AUTHORIZATION_VERSION) {
        return fail(400, "plans.error.changed");
      }
      const text = authorizationText(
        plan,
        { debtorName: debtor.fullName, creditorName: creditor.displayName, supportPhone: creditor.supportPhone, supportEmail: creditor.supportEmail },
        input.lang,
      );
      const textSha256 = createHash("sha256").update(text).digest("hex");
      const [created] = await tx
        .insert(schema.plans)
        .values({
          accountId: account.id,
          kind: plan.kind,
          frequency: plan.frequency,
          installmentCount: plan.count,
          startDate: plan.startDate,
          agreedOn: ctx.today,
          totalCents: plan.totalCents,
          balanceCents: plan.balanceCents,
          currency: plan.currency,
          status: "pending_payment_method",
          authorizationVersion: AUTHORIZATION_VERSION,
          authorizationText: text,
          authorizationTextSha256: textSha256,
          authorizationLanguage: input.lang,
          authorizedAt: now,
          authorizationIp: input.ip ?? null,
          authorizationUserAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
        })
        .returning({ id: schema.plans.id });
      await tx.insert(schema.installments).values(
        plan.installments.map((i) => ({
          planId: created.id,
          seq: i.seq,
          dueDate: i.dueDate,
          originalDueDate: i.dueDate,
          amountCents: i.amountCents,
          originalAmountCents: i.amountCents,
        })),
      );
      await audit(
        {
          actorType: "debtor",
          actorId: debtor.id,
          creditorId: creditor.id,
          action: "plan.authorized",
          targetType: "plan",
          targetId: created.id,
          ip: input.ip,
          details: {
            accountId: account.id,
            kind: plan.kind,
            count: plan.count,
            totalCents: plan.totalCents,
            authorizationVersion: AUTHORIZATION_VERSION,
            authorizationTextSha256: textSha256,
            language: input.lang,
          },
        },
        tx,
      );
      return { ok: true as const, planId: created.id };
    });
  } catch (error) {
    // Two tabs at once: the partial unique index lets only one live plan through.
    if (isUniqueViolation(error)) return fail(409, "plans.error.planExists");
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// The plan page
// ---------------------------------------------------------------------------

async function installmentsOf(conn: Conn, planId: string): Promise<InstallmentRow[]> {
  return conn.select().from(schema.installments).where(eq(schema.installments.planId, planId)).orderBy(asc(schema.installments.seq));
}

function openInstallments(rows: InstallmentRow[]): Installment[] {
  return rows
    .filter((r) => (OPEN_INSTALLMENT_STATUSES as readonly string[]).includes(r.status))
    .map((r) => ({ seq: r.seq, dueDate: r.dueDate, amountCents: r.amountCents }));
}

/** The debtor's plan for an account (the live one, else the latest), with its schedule. */
export async function getPlanPage(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor } = found;
  const [plan] = await db()
    .select()
    .from(schema.plans)
    .where(eq(schema.plans.accountId, account.id))
    .orderBy(sql`case when ${schema.plans.status} in ('cancelled', 'completed', 'broken') then 1 else 0 end`, desc(schema.plans.createdAt))
    .limit(1);
  const today = todayIn(creditor.timezone, now);
  const policy = policyFor(account, creditor);
  const base = {
    account: { id: account.id, reference: account.reference, status: account.status as AccountStatus, currency: account.currency },
    creditor: { displayName: creditor.displayName, supportPhone: creditor.supportPhone, supportEmail: creditor.supportEmail },
    balanceCents: found.balanceCents,
    today,
    policy,
  };
  if (!plan) return { ...base, plan: null, installments: [], live: false, remaining: [] as Installment[] };
  const rows = await installmentsOf(db(), plan.id);
  const live = (LIVE_PLAN_STATUSES as readonly string[]).includes(plan.status);
  return {
    ...base,
    plan,
    installments: rows,
    live,
    remaining: live ? openInstallments(rows) : [],
    /** The plan's maximum length counts from the day it was agreed. */
    latestEndDate: addDays(plan.agreedOn, policy.maxPlanDays),
  };
}

export type PlanPage = NonNullable<Awaited<ReturnType<typeof getPlanPage>>>;

/** What an extra payment of `amountCents` would change (a preview: nothing is stored). */
export function previewExtraPayment(page: PlanPage, amountCents: number) {
  if (!page.plan || !page.live) return { ok: false as const, reasons: [] as RescheduleReason[] };
  return rescheduleRemaining(page.remaining, { kind: "payment", amountCents }, {
    policy: page.policy,
    currency: page.plan.currency,
    today: page.today,
    planCreatedOn: page.plan.agreedOn,
  });
}

type ChangeResult = { ok: true } | { ok: false; errors: ChoiceError[] } | null;

async function lockLivePlan(tx: Tx, debtorId: string, accountId: string) {
  if (!isUuid(accountId)) return null;
  const [row] = await tx
    .select({ account: schema.accounts, creditor: schema.creditors })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(and(eq(schema.accounts.id, accountId), eq(schema.accounts.debtorId, debtorId)))
    .for("update", { of: schema.accounts });
  if (!row) return null;
  const plan = await livePlanOf(tx, row.account.id);
  return { ...row, plan };
}

/** Moves one scheduled payment to a new date within the policy (amount unchanged). */
export async function movePayment(input: {
  debtorId: string;
  accountId: string;
  seq: number;
  newDate: CalendarDate;
  ip?: string;
  now?: Date;
}): Promise<ChangeResult> {
  return db().transaction(async (tx) => {
    const locked = await lockLivePlan(tx, input.debtorId, input.accountId);
    if (!locked) return null;
    const { account, creditor, plan } = locked;
    if (!plan) return { ok: false, errors: [{ field: "form", key: "plans.error.notLive" }] };
    const rows = await installmentsOf(tx, plan.id);
    const open = openInstallments(rows);
    if (!open.some((i) => i.seq === input.seq)) {
      return { ok: false, errors: [{ field: "seq", key: "plans.error.moveNotFound" }] };
    }
    const result = rescheduleRemaining(open, { kind: "move", seq: input.seq, newDueDate: input.newDate }, {
      policy: policyFor(account, creditor),
      currency: plan.currency,
      today: todayIn(creditor.timezone, input.now ?? new Date()),
      planCreatedOn: plan.agreedOn,
    });
    if (!result.ok) return { ok: false, errors: result.reasons.map(explainReschedule) };
    for (const change of result.changes) {
      if (change.kind !== "moved") continue;
      await tx
        .update(schema.installments)
        .set({ dueDate: change.toDate, updatedAt: new Date() })
        .where(and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, change.seq)));
      await audit(
        {
          actorType: "debtor",
          actorId: input.debtorId,
          creditorId: creditor.id,
          action: "plan.payment_moved",
          targetType: "plan",
          targetId: plan.id,
          ip: input.ip,
          details: { seq: change.seq, from: change.fromDate, to: change.toDate },
        },
        tx,
      );
    }
    await tx.update(schema.plans).set({ updatedAt: new Date() }).where(eq(schema.plans.id, plan.id));
    return { ok: true };
  });
}

/** Errors of a reschedule, as the plan page's fields. */
export function explainReschedule(reason: RescheduleReason): ChoiceError {
  switch (reason.code) {
    case "move_outside_window":
      return { field: "newDate", key: "plans.error.moveWindow", vars: { earliest: { date: reason.earliestDate }, latest: { date: reason.latestDate } } };
    case "move_date_invalid":
      return { field: "newDate", key: "plans.error.dateFormat" };
    case "installment_not_found":
      return { field: "seq", key: "plans.error.moveNotFound" };
    case "payment_exceeds_remaining":
      return { field: "amount", key: "plans.error.payTooMuch", vars: { amount: { money: reason.remainingCents } } };
    case "payment_below_minimum":
      return { field: "amount", key: "plans.error.payBelowMinimum", vars: { amount: { money: reason.minCents } } };
    case "leftover_below_minimum":
      return { field: "amount", key: "plans.error.payLeftover", vars: { min: { money: reason.minCents }, all: { money: reason.payAllCents } } };
    case "payment_not_positive":
      return { field: "amount", key: "plans.error.amount" };
    case "currency_not_supported":
      return { field: "form", key: "plans.error.currency" };
  }
}

/** Cancels the live plan: no more charges. Payments made stay; the balance is still owed. */
export async function cancelPlan(input: { debtorId: string; accountId: string; ip?: string; now?: Date }): Promise<ChangeResult> {
  return db().transaction(async (tx) => {
    const locked = await lockLivePlan(tx, input.debtorId, input.accountId);
    if (!locked) return null;
    const { account, creditor, plan } = locked;
    if (!plan) return { ok: false, errors: [{ field: "form", key: "plans.error.notLive" }] };
    const now = input.now ?? new Date();
    await tx.update(schema.plans).set({ status: "cancelled", cancelledAt: now, updatedAt: now }).where(eq(schema.plans.id, plan.id));
    await tx
      .update(schema.installments)
      .set({ status: "skipped", updatedAt: now })
      .where(and(eq(schema.installments.planId, plan.id), inArray(schema.installments.status, [...OPEN_INSTALLMENT_STATUSES])));
    if (account.status === "in_plan") {
      await tx.update(schema.accounts).set({ status: "open" }).where(eq(schema.accounts.id, account.id));
    } else if (account.status === "on_hold") {
      // Answering the dispute restores the status from before the hold: not a plan any more.
      await tx
        .update(schema.disputes)
        .set({ statusBeforeHold: "open" })
        .where(and(eq(schema.disputes.accountId, account.id), eq(schema.disputes.status, "open"), eq(schema.disputes.statusBeforeHold, "in_plan")));
    }
    await audit(
      { actorType: "debtor", actorId: input.debtorId, creditorId: creditor.id, action: "plan.cancelled", targetType: "plan", targetId: plan.id, ip: input.ip },
      tx,
    );
    return { ok: true };
  });
}

// ---------------------------------------------------------------------------
// For the statement, the Stripe step and the worker
// ---------------------------------------------------------------------------

export type PlanSummary = {
  planId: string;
  kind: (typeof schema.PLAN_KINDS)[number];
  status: PlanStatus;
  nextDueDate: CalendarDate | null;
  nextAmountCents: number | null;
  remainingCents: number;
  pauseUntil: CalendarDate | null;
  currency: string;
};

/** The live plan of an account in one line (statement timeline), or null. Not debtor-scoped: call it after the account check. */
export async function planSummaryForAccount(accountId: string, conn: Conn = db()): Promise<PlanSummary | null> {
  if (!isUuid(accountId)) return null;
  const plan = await livePlanOf(conn, accountId);
  if (!plan) return null;
  const open = openInstallments(await installmentsOf(conn, plan.id)).sort((a, b) => compare(a.dueDate, b.dueDate));
  return {
    planId: plan.id,
    kind: plan.kind,
    status: plan.status,
    nextDueDate: open[0]?.dueDate ?? null,
    nextAmountCents: open[0]?.amountCents ?? null,
    remainingCents: open.reduce((sum, i) => sum + i.amountCents, 0),
    pauseUntil: plan.pauseUntil,
    currency: plan.currency,
  };
}

/**
 * The Stripe step saved a payment method: the plan starts and the account is in a plan.
 * Idempotent (a replayed webhook changes nothing). Refuses while the account is on hold.
 */
export async function activatePlan(input: { planId: string; stripeCustomerId: string; stripePaymentMethodId: string }, conn: Db = db()) {
  return conn.transaction(async (tx) => {
    const [plan] = await tx.select().from(schema.plans).where(eq(schema.plans.id, input.planId)).for("update");
    if (!plan || plan.status !== "pending_payment_method") return plan ?? null;
    const [account] = await tx.select().from(schema.accounts).where(eq(schema.accounts.id, plan.accountId)).for("update");
    const [updated] = await tx
      .update(schema.plans)
      .set({ status: "active", stripeCustomerId: input.stripeCustomerId, stripePaymentMethodId: input.stripePaymentMethodId, updatedAt: new Date() })
      .where(eq(schema.plans.id, plan.id))
      .returning();
    if (account.status === "open") await tx.update(schema.accounts).set({ status: "in_plan" }).where(eq(schema.accounts.id, account.id));
    return updated;
  });
}

/**
 * A payment outside the schedule (paying early, paying off) applied to the oldest open
 * installments first; the rest of the schedule is recomputed by rescheduleRemaining and
 * every change is returned so the receipt can show it. The plan completes when nothing
 * is left.
 */
export async function applyPaymentToPlan(planId: string, amountCents: number, conn: Conn = db(), now = new Date()) {
  return conn.transaction(async (tx) => {
    const [plan] = await tx.select().from(schema.plans).where(eq(schema.plans.id, planId)).for("update");
    if (!plan || !(LIVE_PLAN_STATUSES as readonly string[]).includes(plan.status)) return { ok: false as const, reasons: [] };
    const [account] = await tx
      .select({ account: schema.accounts, creditor: schema.creditors })
      .from(schema.accounts)
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(eq(schema.accounts.id, plan.accountId));
    const rows = await installmentsOf(tx, plan.id);
    const result = rescheduleRemaining(openInstallments(rows), { kind: "payment", amountCents }, {
      policy: policyFor(account.account, account.creditor),
      currency: plan.currency,
      today: todayIn(account.creditor.timezone, now),
      planCreatedOn: plan.agreedOn,
    });
    if (!result.ok) return result;
    for (const change of result.changes) {
      const where = and(eq(schema.installments.planId, plan.id), eq(schema.installments.seq, change.seq));
      if (change.kind === "paid") await tx.update(schema.installments).set({ status: "paid", paidAt: now, updatedAt: now }).where(where);
      if (change.kind === "reduced") await tx.update(schema.installments).set({ amountCents: change.toCents, updatedAt: now }).where(where);
    }
    if (result.remaining.length === 0 && !rows.some((r) => (IN_PROGRESS_INSTALLMENT_STATUSES as readonly string[]).includes(r.status))) {
      await tx.update(schema.plans).set({ status: "completed", updatedAt: now }).where(eq(schema.plans.id, plan.id));
    }
    return result;
  });
}

/**
 * Worker (every run): hardship pauses that end today or earlier, by each creditor's
 * calendar, run again; payments resume on the pause's last date, as the debtor chose.
 * Anything that fell due during the pause anyway (a retry, a payment the pause did not
 * move) is moved forward with a notice instead of being charged at once
 * (rescheduleAfterHold). A plan paused without an end (a bank dispute, a schedule waiting
 * for the debtor's choice) stays paused.
 */
export async function resumePausedPlans(now: Date = new Date(), conn: Db = db()) {
  const due = await conn
    .select({ id: schema.plans.id, accountId: schema.plans.accountId, pauseUntil: schema.plans.pauseUntil, accountStatus: schema.accounts.status })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(
      and(
        eq(schema.plans.status, "paused"),
        sql`${schema.plans.pauseUntil} is not null`,
        sql`${schema.plans.pauseUntil} <= (${now.toISOString()}::timestamptz at time zone ${schema.creditors.timezone})::date`,
      ),
    );
  const resumed: { id: string }[] = [];
  for (const plan of due) {
    await conn.transaction(async (tx) => {
      const [locked] = await tx.select({ status: schema.plans.status, pauseUntil: schema.plans.pauseUntil }).from(schema.plans).where(eq(schema.plans.id, plan.id)).for("update");
      if (locked?.status !== "paused" || locked.pauseUntil !== plan.pauseUntil) return;
      if (plan.accountStatus === "on_hold") {
        // A dispute holds the account: answering it reschedules what fell due.
        await tx.update(schema.plans).set({ status: "active", pauseUntil: null, updatedAt: now }).where(eq(schema.plans.id, plan.id));
      } else {
        await rescheduleAfterHold(tx, { accountId: plan.accountId, heldThrough: lastPausedDay(plan.pauseUntil!), reason: "pause_ended", now });
      }
      resumed.push({ id: plan.id });
    });
  }
  return resumed;
}

/** The creditor area: plans of this creditor's accounts, newest first, with their next payment. */
export async function listPlansForCreditor(creditorId: string, options: { status?: PlanStatus; limit?: number } = {}) {
  if (!isUuid(creditorId)) return [];
  const rows = await db()
    .select({
      id: schema.plans.id,
      accountId: schema.accounts.id,
      reference: schema.accounts.reference,
      debtorName: schema.debtors.fullName,
      kind: schema.plans.kind,
      status: schema.plans.status,
      frequency: schema.plans.frequency,
      installmentCount: schema.plans.installmentCount,
      totalCents: schema.plans.totalCents,
      currency: schema.plans.currency,
      authorizedAt: schema.plans.authorizedAt,
      pauseUntil: schema.plans.pauseUntil,
      paidCents: sql<string>`coalesce((select sum(i.original_amount_cents) from installments i where i.plan_id = ${schema.plans.id} and i.status = 'paid'), 0)`,
      nextDueDate: sql<string | null>`(select min(i.due_date)::text from installments i where i.plan_id = ${schema.plans.id} and i.status in ('scheduled', 'failed', 'needs_attention'))`,
    })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(and(eq(schema.accounts.creditorId, creditorId), options.status ? eq(schema.plans.status, options.status) : undefined))
    .orderBy(desc(schema.plans.createdAt))
    .limit(options.limit ?? 200);
  return rows.map((r) => ({ ...r, paidCents: Number(r.paidCents) }));
}
