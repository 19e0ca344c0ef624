// The debtor's hardship page ("I can't pay right now"): what the policy allows, the live
// plan's next payment and the latest request, and the preview of a pause's new dates (a
// GET: nothing changes). The requests themselves are hardship.server.ts.
import { and, asc, desc, eq, inArray } from "drizzle-orm";
import { compare, todayIn, type CalendarDate } from "~/lib/calendar-date";
import { pauseSchedule, type PauseResult } from "~/lib/pause-schedule";
import { latestPauseDate, type ChoiceError } from "~/lib/plan-builder";
import type { PlanPolicy } from "~/lib/policy";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor } from "./accounts.server";
import { effectivePolicy } from "./policy.server";
import { LIVE_PLAN_STATUSES, OPEN_INSTALLMENT_STATUSES } from "./plans.server";

export type HardshipRow = typeof schema.hardshipRequests.$inferSelect;

/** The hardship page: what is allowed, the live plan's next payment, the latest request. */
export async function getHardshipPage(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor } = found;
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const today = todayIn(creditor.timezone, now);
  const [plan] = await db()
    .select({
      id: schema.plans.id,
      status: schema.plans.status,
      pauseUntil: schema.plans.pauseUntil,
      frequency: schema.plans.frequency,
      startDate: schema.plans.startDate,
    })
    .from(schema.plans)
    .where(
      and(
        eq(schema.plans.accountId, account.id),
        inArray(schema.plans.status, [...LIVE_PLAN_STATUSES]),
      ),
    )
    .limit(1);
  const [latest] = await db()
    .select()
    .from(schema.hardshipRequests)
    .where(eq(schema.hardshipRequests.accountId, account.id))
    .orderBy(desc(schema.hardshipRequests.createdAt))
    .limit(1);
  return {
    account: {
      id: account.id,
      reference: account.reference,
      status: account.status,
      currency: account.currency,
    },
    creditor: {
      displayName: creditor.displayName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
    },
    balanceCents: found.balanceCents,
    today,
    policy,
    latestPauseDate: latestPauseDate(policy, today),
    plan: plan ?? null,
    // The day it was sent, in the creditor's calendar (as every date the debtor reads).
    latest: latest ? { ...latest, createdOn: todayIn(creditor.timezone, latest.createdAt) } : null,
  };
}

/** Why a pause until `pauseUntil` is not allowed (none: it is), the same for preview and pause. */
export function pauseErrors(
  policy: PlanPolicy,
  today: CalendarDate,
  pauseUntil: CalendarDate,
): ChoiceError[] {
  const latest = latestPauseDate(policy, today);
  if (!latest) return [{ field: "pauseUntil", key: "plans.error.pauseNotAllowed" }];
  if (compare(pauseUntil, today) <= 0)
    return [{ field: "pauseUntil", key: "plans.error.pausePast" }];
  if (compare(pauseUntil, latest) > 0)
    return [
      { field: "pauseUntil", key: "plans.error.pauseTooLong", vars: { date: { date: latest } } },
    ];
  return [];
}

export type PausePreview =
  | { ok: true; pauseUntil: CalendarDate; hasPlan: boolean; result: PauseResult }
  | { ok: false; errors: ChoiceError[] };

/**
 * What pausing until `pauseUntil` would do to the live plan's open payments (the same
 * pauseSchedule as requestPause), or why it is not allowed. Reads only.
 */
export async function previewPause(
  page: NonNullable<Awaited<ReturnType<typeof getHardshipPage>>>,
  pauseUntil: CalendarDate,
): Promise<PausePreview> {
  const errors = pauseErrors(page.policy, page.today, pauseUntil);
  if (errors.length) return { ok: false, errors };
  if (!page.plan)
    return { ok: true, pauseUntil, hasPlan: false, result: { moves: [], firstDate: null } };
  const open = await db()
    .select({ seq: schema.installments.seq, dueDate: schema.installments.dueDate })
    .from(schema.installments)
    .where(
      and(
        eq(schema.installments.planId, page.plan.id),
        inArray(schema.installments.status, [...OPEN_INSTALLMENT_STATUSES]),
      ),
    )
    .orderBy(asc(schema.installments.dueDate), asc(schema.installments.seq));
  const result = pauseSchedule({
    open,
    resumeOn: pauseUntil,
    frequency: page.plan.frequency,
    startDate: page.plan.startDate,
  });
  return { ok: true, pauseUntil, hasPlan: true, result };
}
