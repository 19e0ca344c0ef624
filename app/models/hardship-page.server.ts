// The debtor's hardship page ("I can't pay right now"): what the policy allows, the live
// plan's next payment and the latest request. The requests themselves are hardship.server.ts.
import { and, desc, eq, inArray } from "drizzle-orm";
import { todayIn } from "~/lib/calendar-date";
import { latestPauseDate } from "~/lib/plan-builder";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor } from "./accounts.server";
import { effectivePolicy } from "./policy.server";
import { LIVE_PLAN_STATUSES } from "./plans.server";

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
    latestPauseDate: latestPauseDate(policy, today),
    plan: plan ?? null,
    latest: latest ?? null,
  };
}
