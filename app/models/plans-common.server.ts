// Plans: what the plan modules share (the live plan, its installments, the policy in force).
import { and, asc, eq, notInArray } from "drizzle-orm";
import type { PlanPolicy } from "~/lib/policy";
import { type Installment } from "~/lib/schedule";
import { schema, type Db, type Tx } from "~/utils/db.server";
import { effectivePolicy } from "./policy.server";
import { ENDED_PLAN_STATUSES, OPEN_INSTALLMENT_STATUSES } from "./status-sets.server";

export type PlanStatus = (typeof schema.PLAN_STATUSES)[number];
export type PlanRow = typeof schema.plans.$inferSelect;
export type InstallmentRow = typeof schema.installments.$inferSelect;

export type Conn = Db | Tx;

export async function livePlanOf(conn: Conn, accountId: string): Promise<PlanRow | null> {
  const [plan] = await conn
    .select()
    .from(schema.plans)
    .where(
      and(
        eq(schema.plans.accountId, accountId),
        notInArray(schema.plans.status, [...ENDED_PLAN_STATUSES]),
      ),
    )
    .limit(1);
  return plan ?? null;
}

export function policyFor(
  account: typeof schema.accounts.$inferSelect,
  creditor: typeof schema.creditors.$inferSelect,
): PlanPolicy {
  return effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
}
export async function installmentsOf(conn: Conn, planId: string): Promise<InstallmentRow[]> {
  return conn
    .select()
    .from(schema.installments)
    .where(eq(schema.installments.planId, planId))
    .orderBy(asc(schema.installments.seq));
}

export function openInstallments(rows: InstallmentRow[]): Installment[] {
  return rows
    .filter((r) => (OPEN_INSTALLMENT_STATUSES as readonly string[]).includes(r.status))
    .map((r) => ({ seq: r.seq, dueDate: r.dueDate, amountCents: r.amountCents }));
}
