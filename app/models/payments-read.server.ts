// Payments, the debtor's reads: history, receipts, the calendar's installments.
import { and, asc, eq, inArray } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor, isUuid } from "./accounts.server";
import { balancesFor } from "./ledger.server";
import { LIVE_PLAN_STATUSES, UNPAID_INSTALLMENT_STATUSES } from "./status-sets.server";

// ---------------------------------------------------------------------------
// Debtor-side reads
// ---------------------------------------------------------------------------

export async function listPaymentsForDebtor(debtorId: string, accountId: string) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const rows = await db()
    .select()
    .from(schema.payments)
    .where(eq(schema.payments.accountId, accountId))
    .orderBy(asc(schema.payments.createdAt));
  return { account: found.account, creditor: found.creditor, payments: rows };
}

export async function getReceipt(debtorId: string, accountId: string, paymentId: string) {
  if (!isUuid(paymentId)) return null;
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const [payment] = await db()
    .select()
    .from(schema.payments)
    .where(and(eq(schema.payments.id, paymentId), eq(schema.payments.accountId, accountId)));
  if (!payment) return null;
  const balance = (await balancesFor([accountId])).get(accountId) ?? 0;
  const { planSummaryForAccount } = await import("./plans.server");
  const plan = await planSummaryForAccount(accountId);
  return {
    payment,
    account: found.account,
    creditor: found.creditor,
    debtorName: found.debtor.fullName,
    remainingCents: balance,
    next: plan?.nextDueDate ? { date: plan.nextDueDate, amountCents: plan.nextAmountCents } : null,
  };
}

/** The payment row for a PaymentIntent of this account (already owner-checked by the caller). */
export async function paymentForIntent(accountId: string, paymentIntentId: string) {
  const [row] = await db()
    .select({ id: schema.payments.id })
    .from(schema.payments)
    .where(
      and(
        eq(schema.payments.accountId, accountId),
        eq(schema.payments.stripePaymentIntentId, paymentIntentId),
      ),
    );
  return row ?? null;
}

/** The open installments of the account's live plan, for the calendar file. */
export async function upcomingInstallments(debtorId: string, accountId: string) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const rows = await db()
    .select({
      id: schema.installments.id,
      seq: schema.installments.seq,
      dueDate: schema.installments.dueDate,
      amountCents: schema.installments.amountCents,
    })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .where(
      and(
        eq(schema.plans.accountId, accountId),
        inArray(schema.plans.status, LIVE_PLAN_STATUSES),
        inArray(schema.installments.status, UNPAID_INSTALLMENT_STATUSES),
      ),
    )
    .orderBy(asc(schema.installments.dueDate));
  return { account: found.account, installments: rows };
}
