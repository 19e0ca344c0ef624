// The creditor's list of accounts (search, filter, sort, pages) and the CSV export of the
// same selection. Every query is scoped by the creditor id of the signed-in user.
import { and, asc, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import { centsToDecimal, csvCell, csvLine, csvRow, csvValue } from "~/lib/csv-cells";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";
import { balanceSql as accountBalanceSql } from "./ledger.server";

type AccountStatus = (typeof schema.ACCOUNT_STATUSES)[number];
export const ACCOUNT_STATUSES = schema.ACCOUNT_STATUSES;

/** SQL for an account's balance: the sum of its ledger. */
const balanceSql = accountBalanceSql(schema.accounts.id);

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
    status: (ACCOUNT_STATUSES as readonly string[]).includes(status)
      ? (status as AccountStatus)
      : "",
    sort: sort in SORTS ? (sort as SortKey) : "reference",
    page: Number.isInteger(page) && page >= 1 && page <= 100_000 ? page : 1,
  };
}

function listWhere(creditorId: string, query: Pick<ListQuery, "q" | "status">): SQL | undefined {
  const conditions: (SQL | undefined)[] = [eq(schema.accounts.creditorId, creditorId)];
  if (query.status) conditions.push(eq(schema.accounts.status, query.status));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(schema.accounts.reference, like),
        ilike(schema.debtors.fullName, like),
        ilike(schema.debtors.email, like),
      ),
    );
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

export function exportAccountsCsv(
  creditorId: string,
  query: Pick<ListQuery, "q" | "status">,
): ReadableStream<Uint8Array> {
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

export async function recordExport(input: {
  creditorId: string;
  actorId: string;
  ip: string;
  query: Pick<ListQuery, "q" | "status">;
}) {
  await audit({
    actorType: "creditor_user",
    actorId: input.actorId,
    creditorId: input.creditorId,
    action: "accounts.exported",
    targetType: "creditor",
    targetId: input.creditorId,
    ip: input.ip,
    details: { q: input.query.q ? "filtered" : "", status: input.query.status },
  });
}
