// The statement: what is owed and why, computed from the ledger only, plus the rights and
// the dated "what happens next" for this account.
import { and, eq, inArray, ne, notInArray, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { addDays, compare, todayIn } from "~/lib/calendar-date";
import { isWaitingOneOff } from "~/lib/pay-now";
import { itemize, type LedgerKind } from "~/lib/itemization";
import { settlementAmount } from "~/lib/installment-amounts";
import { validationPeriodEnd } from "~/lib/validation-period";
import { offersPayment } from "~/lib/account-rules";
import { offersDispute, topCard } from "~/lib/statement-top";
import { preparedPerDatabase, schema, type Db } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { ENDED_PLAN_STATUSES, OPEN_INSTALLMENT_STATUSES } from "./plans.server";

// The plan the statement tells of: the live one, or the newest if it broke (a way back is
// offered); a completed or cancelled plan is history. One live plan at a time, and a newer
// plan replaces a broken one, so the newest of these is the one.
const SETTLED_PLAN_STATUSES = ENDED_PLAN_STATUSES.filter((s) => s !== "broken");
import { effectivePolicy } from "./policy.server";

export type TimelineItem =
  | { kind: "on_hold"; date: string }
  | { kind: "next_payment"; date: string; amountCents: number }
  | { kind: "reminder"; date: string }
  | { kind: "plan_waiting"; date: string }
  | { kind: "validation_end"; date: string }
  | { kind: "settlement_end"; date: string }
  | { kind: "nothing_scheduled"; date: string };

const {
  accounts,
  creditors,
  debtors,
  ledgerEntries: ledger,
  disputes,
  plans,
  installments,
} = schema;

// Everything a statement shows comes from one SQL statement (one round trip, one pooled
// connection): the account of this debtor with its creditor and the debtor's name, and,
// as JSON from correlated subqueries, its ledger, its open dispute and its live plan with
// the next open installment. The same rules as planSummaryForAccount (live plan, open
// installments, earliest due first). Prepared once per database (PostgreSQL then parses
// and plans it once per connection).
function statementFields() {
  return {
    account: {
      id: accounts.id,
      reference: accounts.reference,
      originalCreditor: accounts.originalCreditor,
      itemizationDate: accounts.itemizationDate,
      itemizationKind: accounts.itemizationKind,
      noticeSentOn: accounts.noticeSentOn,
      validationEndsOn: accounts.validationEndsOn,
      status: accounts.status,
      currency: accounts.currency,
      policyOverride: accounts.policyOverride,
    },
    creditor: {
      id: creditors.id,
      displayName: creditors.displayName,
      legalName: creditors.legalName,
      collectorType: creditors.collectorType,
      timezone: creditors.timezone,
      mailingAddress: creditors.mailingAddress,
      supportEmail: creditors.supportEmail,
      supportPhone: creditors.supportPhone,
      supportHours: creditors.supportHours,
      planPolicy: creditors.planPolicy,
    },
    consumerName: debtors.fullName,
    // [kind, amount in cents, occurred at (ISO text)], oldest first.
    entries: sql<[LedgerKind, number, string][]>`(
      select coalesce(json_agg(json_build_array(${ledger.kind}, ${ledger.amountCents}, ${ledger.occurredAt}) order by ${ledger.occurredAt}), '[]'::json)
      from ${ledger} where ${ledger.accountId} = ${accounts.id})`,
    openDispute: sql<{
      reason: (typeof schema.DISPUTE_REASONS)[number];
      createdAt: string;
    } | null>`(
      select json_build_object('reason', ${disputes.reason}, 'createdAt', ${disputes.createdAt})
      from ${disputes} where ${and(eq(disputes.accountId, accounts.id), eq(disputes.status, "open"))}
      order by ${disputes.createdAt} desc limit 1)`,
    plan: sql<{
      kind: (typeof schema.PLAN_KINDS)[number];
      status: (typeof schema.PLAN_STATUSES)[number];
      pauseUntil: string | null;
      next: [string, number] | null;
    } | null>`(
      select json_build_object('kind', ${plans.kind}, 'status', ${plans.status}, 'pauseUntil', ${plans.pauseUntil}, 'next', (
        select json_build_array(${installments.dueDate}, ${installments.amountCents}) from ${installments}
        where ${and(eq(installments.planId, plans.id), inArray(installments.status, [...OPEN_INSTALLMENT_STATUSES]))}
        order by ${installments.dueDate}, ${installments.seq} limit 1))
      from ${plans} where ${and(eq(plans.accountId, accounts.id), notInArray(plans.status, [...SETTLED_PLAN_STATUSES]))}
      order by ${plans.createdAt} desc limit 1)`,
  };
}

const ofThisDebtor = () =>
  and(
    eq(accounts.id, sql.placeholder("accountId")),
    eq(accounts.debtorId, sql.placeholder("debtorId")),
  );

const statementQuery = preparedPerDatabase((conn: Db) =>
  conn
    .select(statementFields())
    .from(accounts)
    .innerJoin(creditors, eq(creditors.id, accounts.creditorId))
    .innerJoin(debtors, eq(debtors.id, accounts.debtorId))
    .where(ofThisDebtor())
    .limit(1)
    .prepare("statement"),
);

const otherAccount = alias(accounts, "other_account");
const otherCreditor = alias(creditors, "other_creditor");

// The statement page also lists the debtor's other accounts (scoped by the same debtor id).
const statementPageQuery = preparedPerDatabase((conn: Db) =>
  conn
    .select({
      ...statementFields(),
      // [id, creditor name, reference], in the order of listAccountsForDebtor.
      others: sql<[string, string, string][]>`(
        select coalesce(json_agg(json_build_array(${otherAccount.id}, ${otherCreditor.displayName}, ${otherAccount.reference})
          order by ${otherAccount.createdAt}, ${otherAccount.reference}), '[]'::json)
        from ${accounts} ${otherAccount} inner join ${creditors} ${otherCreditor} on ${eq(otherCreditor.id, otherAccount.creditorId)}
        where ${and(eq(otherAccount.debtorId, sql.placeholder("debtorId")), ne(otherAccount.id, accounts.id))})`,
    })
    .from(accounts)
    .innerJoin(creditors, eq(creditors.id, accounts.creditorId))
    .innerJoin(debtors, eq(debtors.id, accounts.debtorId))
    .where(ofThisDebtor())
    .limit(1)
    .prepare("statement_page"),
);

type StatementRow = Awaited<ReturnType<ReturnType<typeof statementQuery>["execute"]>>[number];

/** The statement of one account of this debtor, or null: never another debtor's. */
export async function getStatement(debtorId: string, accountId: string, now = new Date()) {
  if (!isUuid(accountId)) return null;
  const [row] = await statementQuery().execute({ debtorId, accountId });
  return row ? buildStatement(row, now) : null;
}

/** The statement page: the statement and the debtor's other accounts, in one query. */
export async function getStatementPage(debtorId: string, accountId: string, now = new Date()) {
  if (!isUuid(accountId)) return null;
  const [row] = await statementPageQuery().execute({ debtorId, accountId });
  if (!row) return null;
  return {
    statement: buildStatement(row, now),
    others: row.others.map(([id, creditorName, reference]) => ({ id, creditorName, reference })),
  };
}

function buildStatement(row: StatementRow, now: Date) {
  const { account, creditor } = row;
  const entries = row.entries.map(([kind, amountCents, occurredAt]) => ({
    kind,
    amountCents,
    occurredAt: new Date(occurredAt),
  }));
  const openDispute = row.openDispute
    ? { reason: row.openDispute.reason, createdAt: new Date(row.openDispute.createdAt) }
    : null;
  // A single payment left on Stripe's page (pay-now) is no plan to the debtor.
  const plan =
    row.plan && !isWaitingOneOff(row.plan)
      ? {
          kind: row.plan.kind,
          status: row.plan.status,
          nextDueDate: row.plan.next?.[0] ?? null,
          nextAmountCents: row.plan.next?.[1] ?? null,
          pauseUntil: row.plan.pauseUntil,
        }
      : null;
  const itemization = itemize(entries);
  const today = todayIn(creditor.timezone, now);
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const settlementCents =
    account.status === "open" ? settlementAmount(itemization.currentCents, policy, today) : null;
  const settlementOffer =
    settlementCents !== null && policy.settlement
      ? {
          amountCents: settlementCents,
          savingsCents: itemization.currentCents - settlementCents,
          expiresOn: policy.settlement.expiresOn,
        }
      : null;
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
    consumerName: row.consumerName,
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
        // The day in the creditor's time zone, as everywhere on the statement (not UTC's).
        date: todayIn(creditor.timezone, e.occurredAt),
        amountCents: -e.amountCents,
        reversal: e.kind === "payment_reversal",
      })),
    settlement: settlementOffer,
    validationEndsOn,
    openDispute: openDispute
      ? { reason: openDispute.reason, filedOn: todayIn(creditor.timezone, openDispute.createdAt) }
      : null,
    canPay: offersPayment(account.status, itemization.currentCents),
    plan: plan ? { status: plan.status, kind: plan.kind } : null,
    top: topCard({
      accountStatus: account.status,
      balanceCents: itemization.currentCents,
      plan,
      settlement: settlementOffer,
      payInFull: policy.payInFull,
      disputeOpen: openDispute !== null,
    }),
    offersDispute: offersDispute({
      accountStatus: account.status,
      disputeOpen: openDispute !== null,
    }),
    timeline,
    today,
  };
}

export type Statement = NonNullable<Awaited<ReturnType<typeof getStatement>>>;
