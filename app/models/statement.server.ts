// The statement: what is owed and why, computed from the ledger only, plus the rights and
// the dated "what happens next" for this account.
import { and, asc, desc, eq } from "drizzle-orm";
import { addDays, compare, todayIn } from "~/lib/calendar-date";
import { itemize } from "~/lib/itemization";
import { settlementAmount } from "~/lib/schedule";
import { validationPeriodEnd } from "~/lib/validation-period";
import { offersPayment } from "~/lib/account-rules";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor } from "./accounts.server";
import { planSummaryForAccount } from "./plans.server";
import { effectivePolicy } from "./policy.server";

export type TimelineItem =
  | { kind: "on_hold"; date: string }
  | { kind: "next_payment"; date: string; amountCents: number }
  | { kind: "reminder"; date: string }
  | { kind: "plan_waiting"; date: string }
  | { kind: "validation_end"; date: string }
  | { kind: "settlement_end"; date: string }
  | { kind: "nothing_scheduled"; date: string };

export async function getStatement(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor, debtor } = found;
  // Independent reads, side by side.
  const [entries, [openDispute], plan] = await Promise.all([
    db()
      .select({
        kind: schema.ledgerEntries.kind,
        amountCents: schema.ledgerEntries.amountCents,
        occurredAt: schema.ledgerEntries.occurredAt,
        source: schema.ledgerEntries.source,
      })
      .from(schema.ledgerEntries)
      .where(eq(schema.ledgerEntries.accountId, account.id))
      .orderBy(asc(schema.ledgerEntries.occurredAt)),
    db()
      .select({ reason: schema.disputes.reason, createdAt: schema.disputes.createdAt })
      .from(schema.disputes)
      .where(and(eq(schema.disputes.accountId, account.id), eq(schema.disputes.status, "open")))
      .orderBy(desc(schema.disputes.createdAt))
      .limit(1),
    planSummaryForAccount(account.id),
  ]);
  const itemization = itemize(entries);
  const today = todayIn(creditor.timezone, now);
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const settlementCents =
    account.status === "open" ? settlementAmount(itemization.currentCents, policy, today) : null;
  const thirdParty = creditor.collectorType === "third_party";
  const validationEndsOn =
    thirdParty && (account.validationEndsOn ?? account.noticeSentOn)
      ? (account.validationEndsOn ?? validationPeriodEnd(account.noticeSentOn!))
      : null;
  const timeline: TimelineItem[] = [];
  if (account.status === "on_hold") timeline.push({ kind: "on_hold", date: today });
  if (plan?.status === "pending_payment_method")
    timeline.push({ kind: "plan_waiting", date: today });
  if (
    plan?.status === "active" &&
    account.status !== "on_hold" &&
    plan.nextDueDate &&
    plan.nextAmountCents
  ) {
    timeline.push({
      kind: "next_payment",
      date: plan.nextDueDate,
      amountCents: plan.nextAmountCents,
    });
    // The reminder goes out three days before each charge (compliance.md), never in the past.
    const reminder = addDays(plan.nextDueDate, -3);
    if (compare(reminder, today) > 0) timeline.push({ kind: "reminder", date: reminder });
  }
  if (validationEndsOn && compare(validationEndsOn, today) >= 0)
    timeline.push({ kind: "validation_end", date: validationEndsOn });
  if (settlementCents !== null && policy.settlement)
    timeline.push({ kind: "settlement_end", date: policy.settlement.expiresOn });
  if (timeline.length === 0) timeline.push({ kind: "nothing_scheduled", date: today });
  timeline.sort((a, b) => compare(a.date, b.date));

  return {
    creditor: {
      displayName: creditor.displayName,
      legalName: creditor.legalName,
      collectorType: creditor.collectorType,
      mailingAddress: creditor.mailingAddress,
      supportEmail: creditor.supportEmail,
      supportPhone: creditor.supportPhone,
      supportHours: creditor.supportHours,
    },
    consumerName: debtor.fullName,
    account: {
      id: account.id,
      reference: account.reference,
      originalCreditor: account.originalCreditor,
      itemizationDate: account.itemizationDate,
      itemizationKind: account.itemizationKind,
      status: account.status,
      currency: account.currency,
    },
    itemization,
    payments: entries
      .filter((e) => e.kind === "payment" || e.kind === "payment_reversal")
      .map((e) => ({
        date: e.occurredAt.toISOString().slice(0, 10),
        amountCents: -e.amountCents,
        reversal: e.kind === "payment_reversal",
      })),
    settlement:
      settlementCents !== null && policy.settlement
        ? {
            amountCents: settlementCents,
            savingsCents: itemization.currentCents - settlementCents,
            expiresOn: policy.settlement.expiresOn,
          }
        : null,
    validationEndsOn,
    openDispute: openDispute
      ? { reason: openDispute.reason, filedOn: openDispute.createdAt.toISOString().slice(0, 10) }
      : null,
    canPay: offersPayment(account.status, itemization.currentCents),
    plan: plan ? { status: plan.status, kind: plan.kind } : null,
    timeline,
    today,
  };
}

export type Statement = NonNullable<Awaited<ReturnType<typeof getStatement>>>;
