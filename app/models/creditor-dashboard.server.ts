// The creditor's dashboard: the figures at a glance (accounts by status, balances, this
// month's collections in the creditor's time zone). Scoped by the signed-in creditor.
import { and, desc, eq, gte, inArray, sql } from "drizzle-orm";
import { todayIn } from "~/lib/calendar-date";
import { db, schema } from "~/utils/db.server";
import { getCreditor } from "./creditor-settings.server";
import { BALANCE_SUM } from "./ledger.server";
import { DASHBOARD_PLAN_STATUSES, OWING_ACCOUNT_STATUSES } from "./status-sets.server";

type AccountStatus = (typeof schema.ACCOUNT_STATUSES)[number];

/** The first instant of this month in the creditor's timezone. */
function monthStart(timezone: string, now: Date): Date {
  const today = todayIn(timezone, now);
  const first = `${today.slice(0, 7)}-01`;
  // Midnight in `timezone`: take UTC midnight and correct by the zone's offset then.
  const utcMidnight = new Date(`${first}T00:00:00Z`);
  const offsetMs = zoneOffsetMs(timezone, utcMidnight);
  return new Date(utcMidnight.getTime() - offsetMs);
}

function zoneOffsetMs(timezone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get("year"),
    get("month") - 1,
    get("day"),
    get("hour"),
    get("minute"),
    get("second"),
  );
  return asUtc - at.getTime();
}

export type Dashboard = {
  currency: string;
  collectedThisMonthCents: number;
  monthLabel: string;
  openBalanceCents: number;
  byStatus: Record<AccountStatus, number>;
  totalAccounts: number;
  disputesOpen: number;
  plans: { active: number; completed: number; broken: number };
  failedPayments: number;
  /** Refunds that came back in the last 90 days (refund.failed): the debtor did not get the money. */
  refundsFailed: number;
  hardshipPending: number;
  recentImports: {
    id: string;
    filename: string;
    status: string;
    createdRows: number;
    rejectedRows: number;
    createdAt: string;
  }[];
};

export async function getDashboard(creditorId: string, now = new Date()): Promise<Dashboard> {
  const creditor = await getCreditor(creditorId);
  const since = monthStart(creditor.timezone, now);
  const [collected] = await db()
    .select({ cents: sql<string>`coalesce(-sum(${schema.ledgerEntries.amountCents}), 0)` })
    .from(schema.ledgerEntries)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.ledgerEntries.accountId))
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        inArray(schema.ledgerEntries.kind, ["payment", "payment_reversal"]),
        gte(schema.ledgerEntries.occurredAt, since),
      ),
    );
  const statusRows = await db()
    .select({ status: schema.accounts.status, n: sql<number>`count(*)::int` })
    .from(schema.accounts)
    .where(eq(schema.accounts.creditorId, creditorId))
    .groupBy(schema.accounts.status);
  const [open] = await db()
    .select({ cents: BALANCE_SUM })
    .from(schema.ledgerEntries)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.ledgerEntries.accountId))
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        inArray(schema.accounts.status, OWING_ACCOUNT_STATUSES),
      ),
    );
  const [disputes] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.disputes)
    .where(and(eq(schema.disputes.creditorId, creditorId), eq(schema.disputes.status, "open")));
  const planRows = await db()
    .select({ status: schema.plans.status, n: sql<number>`count(*)::int` })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        inArray(schema.plans.status, DASHBOARD_PLAN_STATUSES),
      ),
    )
    .groupBy(schema.plans.status);
  // Installments whose last charge failed: the debtor may need a nudge or a new card.
  const [failed] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .where(
      and(eq(schema.accounts.creditorId, creditorId), eq(schema.installments.status, "failed")),
    );
  const [refundsFailed] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.auditEvents)
    // The last 90 days, read through the (creditor, at) index.
    .where(
      and(
        eq(schema.auditEvents.creditorId, creditorId),
        gte(schema.auditEvents.at, new Date(now.getTime() - 90 * 86_400_000)),
        eq(schema.auditEvents.action, "refund.failed"),
      ),
    );
  const [hardship] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.hardshipRequests)
    .where(
      and(
        eq(schema.hardshipRequests.creditorId, creditorId),
        eq(schema.hardshipRequests.status, "pending"),
      ),
    );
  const plans = { active: 0, completed: 0, broken: 0 };
  for (const row of planRows) plans[row.status as keyof typeof plans] = row.n;
  const imports = await db()
    .select()
    .from(schema.accountImports)
    .where(eq(schema.accountImports.creditorId, creditorId))
    .orderBy(desc(schema.accountImports.createdAt))
    .limit(5);
  const byStatus = Object.fromEntries(schema.ACCOUNT_STATUSES.map((s) => [s, 0])) as Record<
    AccountStatus,
    number
  >;
  for (const row of statusRows) byStatus[row.status] = row.n;
  return {
    currency: creditor.currency,
    collectedThisMonthCents: Number(collected?.cents ?? 0),
    monthLabel: new Intl.DateTimeFormat("en-US", {
      month: "long",
      year: "numeric",
      timeZone: creditor.timezone,
    }).format(now),
    openBalanceCents: Number(open?.cents ?? 0),
    byStatus,
    totalAccounts: statusRows.reduce((sum, r) => sum + r.n, 0),
    disputesOpen: disputes?.n ?? 0,
    plans,
    failedPayments: failed?.n ?? 0,
    refundsFailed: refundsFailed?.n ?? 0,
    hardshipPending: hardship?.n ?? 0,
    recentImports: imports.map((i) => ({
      id: i.id,
      filename: i.filename,
      status: i.status,
      createdRows: i.createdRows,
      rejectedRows: i.rejectedRows,
      createdAt: i.createdAt.toISOString(),
    })),
  };
}
