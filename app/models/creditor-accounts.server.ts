// Accounts as a creditor sees them: the dashboard figures, the list (search, filter, sort,
// pages), one account with its ledger, links and audit trail, links minted / sent /
// revoked, per-account policy overrides, and the CSV export. Every query is scoped by
// the creditor id of the signed-in user: another creditor's id is simply "not found".
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gte, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import { todayIn } from "~/lib/calendar-date";
import { centsToDecimal, csvCell, csvLine, csvRow, csvValue } from "~/lib/creditor-csv";
import { mergePolicy, type PlanPolicy } from "~/lib/policy";
import { db, schema } from "~/utils/db.server";
import { mintAccessLink, revokeLink } from "./access-links.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { getCreditor, storedPolicy } from "./creditor-settings.server";
import { queueLinkMessage, type MessageStatus } from "./outbox.server";
import { isResolvedAccount } from "~/lib/account-state";
import { BALANCE_SUM, balanceOfEntries, balanceSql as accountBalanceSql } from "./ledger.server";
import { effectivePolicy } from "./policy.server";
import { DASHBOARD_PLAN_STATUSES, OWING_ACCOUNT_STATUSES } from "./status-sets.server";

type AccountStatus = (typeof schema.ACCOUNT_STATUSES)[number];
export const ACCOUNT_STATUSES = schema.ACCOUNT_STATUSES;

/** SQL for an account's balance (the ledger's one definition). */
const balanceSql = accountBalanceSql(schema.accounts.id);

// ---------------------------------------------------------------------------------------
// At a glance
// ---------------------------------------------------------------------------------------

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
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
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
  recentImports: { id: string; filename: string; status: string; createdRows: number; rejectedRows: number; createdAt: string }[];
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
    .where(and(eq(schema.accounts.creditorId, creditorId), inArray(schema.accounts.status, OWING_ACCOUNT_STATUSES)));
  const [disputes] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.disputes)
    .where(and(eq(schema.disputes.creditorId, creditorId), eq(schema.disputes.status, "open")));
  const planRows = await db()
    .select({ status: schema.plans.status, n: sql<number>`count(*)::int` })
    .from(schema.plans)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .where(and(eq(schema.accounts.creditorId, creditorId), inArray(schema.plans.status, DASHBOARD_PLAN_STATUSES)))
    .groupBy(schema.plans.status);
  // Installments whose last charge failed: the debtor may need a nudge or a new card.
  const [failed] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .where(and(eq(schema.accounts.creditorId, creditorId), eq(schema.installments.status, "failed")));
  const [refundsFailed] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.auditEvents)
    // The last 90 days, read through the (creditor, at) index.
    .where(and(eq(schema.auditEvents.creditorId, creditorId), gte(schema.auditEvents.at, new Date(now.getTime() - 90 * 86_400_000)), eq(schema.auditEvents.action, "refund.failed")));
  const [hardship] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.hardshipRequests)
    .where(and(eq(schema.hardshipRequests.creditorId, creditorId), eq(schema.hardshipRequests.status, "pending")));
  const plans = { active: 0, completed: 0, broken: 0 };
  for (const row of planRows) plans[row.status as keyof typeof plans] = row.n;
  const imports = await db()
    .select()
    .from(schema.accountImports)
    .where(eq(schema.accountImports.creditorId, creditorId))
    .orderBy(desc(schema.accountImports.createdAt))
    .limit(5);
  const byStatus = Object.fromEntries(ACCOUNT_STATUSES.map((s) => [s, 0])) as Record<AccountStatus, number>;
  for (const row of statusRows) byStatus[row.status] = row.n;
  return {
    currency: creditor.currency,
    collectedThisMonthCents: Number(collected?.cents ?? 0),
    monthLabel: new Intl.DateTimeFormat("en-US", { month: "long", year: "numeric", timeZone: creditor.timezone }).format(now),
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

// ---------------------------------------------------------------------------------------
// The list
// ---------------------------------------------------------------------------------------

export const SORTS = {
  reference: "Reference (A to Z)",
  name: "Name (A to Z)",
  balance_desc: "Balance (highest first)",
  balance_asc: "Balance (lowest first)",
  newest: "Newest first",
} as const;
export type SortKey = keyof typeof SORTS;
export const PAGE_SIZE = 25;

export type ListQuery = { q: string; status: AccountStatus | ""; sort: SortKey; page: number };

export function parseListQuery(params: URLSearchParams): ListQuery {
  const status = params.get("status") ?? "";
  const sort = params.get("sort") ?? "reference";
  const page = Number(params.get("page") ?? "1");
  return {
    q: (params.get("q") ?? "").trim().slice(0, 100),
    status: (ACCOUNT_STATUSES as readonly string[]).includes(status) ? (status as AccountStatus) : "",
    sort: sort in SORTS ? (sort as SortKey) : "reference",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function listWhere(creditorId: string, query: Pick<ListQuery, "q" | "status">): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(schema.accounts.creditorId, creditorId)];
  if (query.status) conditions.push(eq(schema.accounts.status, query.status));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(schema.accounts.reference, like), ilike(schema.debtors.fullName, like), ilike(schema.debtors.email, like)));
  }
  return and(...conditions);
}

export async function listAccounts(creditorId: string, query: ListQuery) {
  const where = listWhere(creditorId, query);
  const order = {
    reference: [asc(schema.accounts.reference)],
    name: [asc(schema.debtors.fullName), asc(schema.accounts.reference)],
    balance_desc: [desc(balanceSql), asc(schema.accounts.reference)],
    balance_asc: [asc(balanceSql), asc(schema.accounts.reference)],
    newest: [desc(schema.accounts.createdAt), asc(schema.accounts.reference)],
  }[query.sort];
  const [{ total }] = await db()
    .select({ total: sql<number>`count(*)::int` })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(where);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(query.page, pages);
  const rows = await db()
    .select({
      id: schema.accounts.id,
      reference: schema.accounts.reference,
      status: schema.accounts.status,
      currency: schema.accounts.currency,
      name: schema.debtors.fullName,
      balance: balanceSql,
      hasOverride: sql<boolean>`${schema.accounts.policyOverride} is not null`,
    })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(where)
    .orderBy(...order)
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  return {
    total,
    page,
    pages,
    rows: rows.map((r) => ({ ...r, balanceCents: Number(r.balance), balance: undefined })),
  };
}

// ---------------------------------------------------------------------------------------
// One account
// ---------------------------------------------------------------------------------------

async function accountRow(creditorId: string, accountId: string) {
  if (!isUuid(accountId)) return null;
  const [row] = await db()
    .select({ account: schema.accounts, debtor: schema.debtors })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(and(eq(schema.accounts.id, accountId), eq(schema.accounts.creditorId, creditorId)))
    .limit(1);
  return row ?? null;
}

export type LinkState = "active" | "revoked" | "expired" | "locked";

export async function getAccountForCreditor(creditorId: string, accountId: string, now = new Date()) {
  const row = await accountRow(creditorId, accountId);
  if (!row) return null;
  const { account, debtor } = row;
  const ledger = await db()
    .select()
    .from(schema.ledgerEntries)
    .where(eq(schema.ledgerEntries.accountId, account.id))
    .orderBy(asc(schema.ledgerEntries.occurredAt), asc(schema.ledgerEntries.createdAt));
  const links = await db()
    .select()
    .from(schema.accessLinks)
    .where(eq(schema.accessLinks.accountId, account.id))
    .orderBy(desc(schema.accessLinks.createdAt))
    .limit(50);
  const linkIds = links.map((l) => l.id);
  const auditRows = await db()
    .select()
    .from(schema.auditEvents)
    .where(
      // Link events are found by the link ids (already this account's): the debtor's
      // "opened" event carries no creditor id.
      or(
        and(eq(schema.auditEvents.creditorId, creditorId), eq(schema.auditEvents.targetType, "account"), eq(schema.auditEvents.targetId, account.id)),
        linkIds.length > 0 ? and(eq(schema.auditEvents.targetType, "access_link"), inArray(schema.auditEvents.targetId, linkIds)) : undefined,
      ),
    )
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .limit(100);
  const disputes = await db()
    .select()
    .from(schema.disputes)
    .where(and(eq(schema.disputes.accountId, account.id), eq(schema.disputes.creditorId, creditorId)))
    .orderBy(desc(schema.disputes.createdAt));
  const actorIds = [...new Set(auditRows.filter((a) => a.actorType === "creditor_user" && a.actorId).map((a) => a.actorId!))];
  const actors = actorIds.length
    ? await db()
        .select({ id: schema.creditorUsers.id, name: schema.creditorUsers.name })
        .from(schema.creditorUsers)
        .where(and(inArray(schema.creditorUsers.id, actorIds), eq(schema.creditorUsers.creditorId, creditorId)))
    : [];
  const actorName = new Map(actors.map((a) => [a.id, a.name]));
  const balanceCents = balanceOfEntries(ledger);
  const creditor = await getCreditor(creditorId);
  return {
    account,
    debtor: {
      fullName: debtor.fullName,
      email: debtor.email,
      emailSource: debtor.emailSource,
      emailConsentAt: debtor.emailConsentAt?.toISOString() ?? null,
      phone: debtor.phone,
      phoneSource: debtor.phoneSource,
      phoneConsentAt: debtor.phoneConsentAt?.toISOString() ?? null,
      address: [debtor.addressLine1, debtor.addressLine2, [debtor.city, debtor.region, debtor.postalCode].filter(Boolean).join(" ")].filter(Boolean).join(", "),
      language: debtor.language,
      timezone: debtor.timezone,
      hasDob: debtor.dobHash !== null,
      hasPostalCode: debtor.postalCodeHash !== null,
    },
    balanceCents,
    ledger: ledger.map((e) => ({ id: e.id, kind: e.kind, amountCents: e.amountCents, occurredAt: e.occurredAt.toISOString(), source: e.source, memo: e.memo })),
    links: links.map((l) => ({
      id: l.id,
      channel: l.channel,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      firstOpenedAt: l.firstOpenedAt?.toISOString() ?? null,
      verifiedAt: l.verifiedAt?.toISOString() ?? null,
      state: (l.revokedAt
        ? "revoked"
        : l.expiresAt.getTime() <= now.getTime()
          ? "expired"
          : l.lockedUntil && l.lockedUntil.getTime() > now.getTime()
            ? "locked"
            : "active") as LinkState,
    })),
    disputes: disputes.map((d) => ({ id: d.id, reason: d.reason, details: d.details, status: d.status, createdAt: d.createdAt.toISOString(), response: d.response, respondedAt: d.respondedAt?.toISOString() ?? null })),
    audit: auditRows.map((a) => ({
      id: a.id,
      at: a.at.toISOString(),
      action: a.action,
      actor: a.actorType === "creditor_user" ? (actorName.get(a.actorId ?? "") ?? "A team member") : a.actorType === "debtor" ? "Debtor" : "System",
      details: a.details,
    })),
    // The same effective policy the debtor's pages use.
    policy: effectivePolicy(creditor.planPolicy, account.policyOverride, { creditorId: creditor.id, accountId: account.id }),
    basePolicy: storedPolicy(creditor).policy,
    hasOverride: account.policyOverride !== null,
    timezone: creditor.timezone,
    currency: account.currency,
  };
}

// ---------------------------------------------------------------------------------------
// Links: mint (to share by hand), send by email or SMS, revoke
// ---------------------------------------------------------------------------------------

export type LinkChannel = "email" | "sms" | "letter";
export type SendOutcome =
  | { ok: true; channel: "letter"; linkId: string; token: string; code: string; expiresAt: string }
  | { ok: true; channel: "email" | "sms"; messageId: string; status: MessageStatus; reason: string | null }
  | { ok: false; message: string }
  | null;

/**
 * A new link for the account. "letter" mints one to print or read out (shown once).
 * "email" and "sms" queue a link message in the outbox, in one transaction with the
 * audit event; the outbox applies the sending rules (provenance, consent, opt-out, quiet
 * hours, cadence, holds), so a message may wait or be refused, and the creditor is told.
 */
export async function createLinkForAccount(input: { creditorId: string; actorId: string; accountId: string; channel: LinkChannel; ip: string }): Promise<SendOutcome> {
  const row = await accountRow(input.creditorId, input.accountId);
  if (!row) return null;
  const { debtor, account } = row;
  if (input.channel === "email" && !(debtor.email && debtor.emailSource)) {
    return { ok: false, message: "There is no email address with a known source for this debtor, so nothing can be sent by email." };
  }
  if (input.channel === "sms" && !(debtor.phone && debtor.phoneSource && debtor.phoneConsentAt)) {
    return { ok: false, message: "Text messages need a phone number the debtor agreed to be texted on. This account has none." };
  }
  if (isResolvedAccount(account.status)) {
    return { ok: false, message: "This account is closed, paid or settled: there is nothing to send a link for." };
  }
  const actor = { actorType: "creditor_user" as const, actorId: input.actorId, creditorId: input.creditorId, targetType: "account", targetId: account.id, ip: input.ip };
  if (input.channel === "letter") {
    const link = await mintAccessLink({ accountId: account.id, channel: "letter" });
    await audit({ ...actor, action: "link.created", details: { channel: "letter", linkId: link.id, delivery: "by hand" } });
    return { ok: true, channel: "letter", linkId: link.id, token: link.token, code: link.code, expiresAt: link.expiresAt.toISOString() };
  }
  const channel = input.channel;
  const queued = await db().transaction(async (tx) => {
    // Every click is its own cause: the creditor asked for one more message.
    const result = await queueLinkMessage({ accountId: account.id, channel, initiatedBy: "creditor", causeKey: `creditor-link:${randomUUID()}` }, tx);
    await audit({ ...actor, action: result.status === "suppressed" ? "link.not_sent" : "link.sent", details: { channel, messageId: result.id, reason: result.reason } }, tx);
    return result;
  });
  return { ok: true, channel, messageId: queued.id, status: queued.status, reason: queued.reason };
}

export async function revokeLinkForAccount(input: { creditorId: string; actorId: string; accountId: string; linkId: string; ip: string }): Promise<boolean | null> {
  if (!isUuid(input.linkId)) return false;
  const row = await accountRow(input.creditorId, input.accountId);
  if (!row) return null;
  const [link] = await db()
    .select({ id: schema.accessLinks.id, revokedAt: schema.accessLinks.revokedAt })
    .from(schema.accessLinks)
    .where(and(eq(schema.accessLinks.id, input.linkId), eq(schema.accessLinks.accountId, row.account.id)));
  if (!link) return false;
  if (link.revokedAt) return true;
  await revokeLink(link.id);
  await audit({ actorType: "creditor_user", actorId: input.actorId, creditorId: input.creditorId, action: "link.revoked", targetType: "account", targetId: row.account.id, ip: input.ip, details: { linkId: link.id } });
  return true;
}

// ---------------------------------------------------------------------------------------
// Per-account policy override
// ---------------------------------------------------------------------------------------

export type OverrideOutcome = { ok: true; fields: string[] } | { ok: false; message: string } | null;

export async function setPolicyOverride(input: { creditorId: string; actorId: string; accountId: string; override: Partial<PlanPolicy> | null; ip: string }): Promise<OverrideOutcome> {
  const row = await accountRow(input.creditorId, input.accountId);
  if (!row) return null;
  const creditor = await getCreditor(input.creditorId);
  const override = input.override && Object.keys(input.override).length > 0 ? input.override : null;
  if (override) {
    try {
      mergePolicy(storedPolicy(creditor).policy, override);
    } catch {
      return { ok: false, message: "These settings clash with your plan policy. Check the numbers and try again." };
    }
  }
  await db().transaction(async (tx) => {
    await tx.update(schema.accounts).set({ policyOverride: override }).where(and(eq(schema.accounts.id, row.account.id), eq(schema.accounts.creditorId, input.creditorId)));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: override ? "account.policy_override_set" : "account.policy_override_removed",
        targetType: "account",
        targetId: row.account.id,
        ip: input.ip,
        details: { fields: Object.keys(override ?? {}).join(",") },
      },
      tx,
    );
  });
  return { ok: true, fields: Object.keys(override ?? {}) };
}

// ---------------------------------------------------------------------------------------
// Export: every account of the creditor as CSV, streamed in pages (keyset on reference).
// The file is one the import takes back as it is: the import's columns, with the amounts
// as they were imported, plus what a reader wants to see (status, current balance,
// currency, created_at), which the import ignores. Free text is guarded against
// spreadsheet formulas; values the portal made (amounts, E.164 phones, dates, codes) are
// written as they are, so "+12125550101" and "-5.00" come back as they left. Dates of
// birth are stored only as keyed hashes: an export cannot carry them.
// ---------------------------------------------------------------------------------------

export const EXPORT_COLUMNS = [
  "reference",
  "full_name",
  "status",
  "balance",
  "currency",
  "original_creditor",
  "itemization_date",
  "itemization_kind",
  "email",
  "email_source",
  "phone",
  "phone_source",
  "created_at",
  "itemized_amount",
  "interest",
  "fees",
  "payments",
  "credits",
  "notice_sent_on",
  "postal_code",
  "email_consent_at",
  "phone_consent_at",
  "address_line1",
  "address_line2",
  "city",
  "region",
  "country",
  "timezone",
  "language",
];

/** The import's own ledger entries of an account, summed by kind (as the import wrote them). */
const importedSum = (kind: string, sign: 1 | -1) =>
  sql<string>`coalesce((select ${sql.raw(sign === 1 ? "" : "-")}sum(le.amount_cents) from ledger_entries le where le.account_id = ${schema.accounts.id} and le.source = 'import' and le.kind = ${kind}), 0)`;

const amount = (cents: string | number) => csvValue(centsToDecimal(Number(cents)), "amount");
const instant = (value: Date | null) => csvValue(value ? value.toISOString() : null, "instant");

export function exportAccountsCsv(creditorId: string, query: Pick<ListQuery, "q" | "status">): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode("\ufeff" + csvLine(EXPORT_COLUMNS)));
        return;
      }
      const where = listWhere(creditorId, query);
      const rows = await db()
        .select({
          account: schema.accounts,
          debtor: schema.debtors,
          balance: balanceSql,
          itemized: importedSum("itemized_balance", 1),
          interest: importedSum("interest", 1),
          fees: importedSum("fee", 1),
          payments: importedSum("payment", -1),
          credits: importedSum("credit", -1),
        })
        .from(schema.accounts)
        .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
        .where(after === null ? where : and(where, sql`${schema.accounts.reference} > ${after}`))
        .orderBy(asc(schema.accounts.reference))
        .limit(1000);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = rows[rows.length - 1].account.reference;
      const text = rows
        .map(({ account: a, debtor: d, ...sums }) =>
          csvRow([
            csvValue(a.reference, "code"),
            csvCell(d.fullName),
            csvValue(a.status, "code"),
            amount(sums.balance),
            csvValue(a.currency, "code"),
            csvCell(a.originalCreditor),
            csvValue(a.itemizationDate, "date"),
            csvValue(a.itemizationKind, "code"),
            csvCell(d.email),
            csvValue(d.emailSource, "code"),
            csvValue(d.phone, "phone"),
            csvValue(d.phoneSource, "code"),
            instant(a.createdAt),
            amount(sums.itemized),
            amount(sums.interest),
            amount(sums.fees),
            amount(sums.payments),
            amount(sums.credits),
            csvValue(a.noticeSentOn, "date"),
            csvValue(d.postalCode, "code"),
            instant(d.emailConsentAt),
            instant(d.phoneConsentAt),
            csvCell(d.addressLine1),
            csvCell(d.addressLine2),
            csvCell(d.city),
            csvValue(d.region, "code"),
            csvValue(d.country, "code"),
            csvValue(d.timezone, "code"),
            csvValue(d.language, "code"),
          ]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
    },
  });
}

export async function recordExport(input: { creditorId: string; actorId: string; ip: string; query: Pick<ListQuery, "q" | "status"> }) {
  await audit({ actorType: "creditor_user", actorId: input.actorId, creditorId: input.creditorId, action: "accounts.exported", targetType: "creditor", targetId: input.creditorId, ip: input.ip, details: { q: input.query.q ? "filtered" : "", status: input.query.status } });
}

