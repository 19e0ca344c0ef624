// Plans, the reads: the debtor's plan page, the statement's one-line summary, the creditor's list.
import { and, desc, eq, sql } from "drizzle-orm";
import { type AccountStatus } from "~/lib/account-rules";
import { addDays, compare, todayIn, type CalendarDate } from "~/lib/calendar-date";
import type { Installment } from "~/lib/schedule";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor, isUuid } from "./accounts.server";
import {
  ENDED_PLAN_STATUSES,
  LIVE_PLAN_STATUSES,
  OPEN_INSTALLMENT_STATUSES,
  inSql,
} from "./status-sets.server";
import {
  livePlanOf,
  policyFor,
  installmentsOf,
  openInstallments,
  type Conn,
  type PlanStatus,
} from "./plans-common.server";

// ---------------------------------------------------------------------------
// The plan page
// ---------------------------------------------------------------------------

/** The debtor's plan for an account (the live one, else the latest), with its schedule. */
export async function getPlanPage(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor } = found;
  const [plan] = await db()
    .select()
    .from(schema.plans)
    .where(eq(schema.plans.accountId, account.id))
    .orderBy(
      sql`case when ${inSql(schema.plans.status, ENDED_PLAN_STATUSES)} then 1 else 0 end`,
      desc(schema.plans.createdAt),
    )
    .limit(1);
  const today = todayIn(creditor.timezone, now);
  const policy = policyFor(account, creditor);
  const base = {
    account: {
      id: account.id,
      reference: account.reference,
      status: account.status as AccountStatus,
      currency: account.currency,
    },
    creditor: {
      displayName: creditor.displayName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
      timezone: creditor.timezone,
    },
    balanceCents: found.balanceCents,
    today,
    policy,
  };
  if (!plan)
    return { ...base, plan: null, installments: [], live: false, remaining: [] as Installment[] };
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
export async function planSummaryForAccount(
  accountId: string,
  conn: Conn = db(),
): Promise<PlanSummary | null> {
  if (!isUuid(accountId)) return null;
  const plan = await livePlanOf(conn, accountId);
  if (!plan) return null;
  const open = openInstallments(await installmentsOf(conn, plan.id)).sort((a, b) =>
    compare(a.dueDate, b.dueDate),
  );
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

/** The creditor area: plans of this creditor's accounts, newest first, with their next payment. */
export async function listPlansForCreditor(
  creditorId: string,
  options: { status?: PlanStatus; limit?: number } = {},
) {
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
      nextDueDate: sql<
        string | null
      >`(select min(i.due_date)::text from installments i where i.plan_id = ${schema.plans.id} and ${inSql(sql.raw("i.status"), OPEN_INSTALLMENT_STATUSES)})`,
    })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        options.status ? eq(schema.plans.status, options.status) : undefined,
      ),
    )
    .orderBy(desc(schema.plans.createdAt))
    .limit(options.limit ?? 200);
  return rows.map((r) => ({ ...r, paidCents: Number(r.paidCents) }));
}
