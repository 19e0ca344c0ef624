// Accounts as a debtor sees them. Every query is scoped by the debtor: an id that is not
// theirs is simply "not found".
import { and, asc, eq } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { balancesFor } from "./ledger.server";

export type DebtorAccountSummary = {
  id: string;
  reference: string;
  status: (typeof schema.ACCOUNT_STATUSES)[number];
  currency: string;
  balanceCents: number;
  creditor: { id: string; displayName: string };
};

export async function listAccountsForDebtor(debtorId: string): Promise<DebtorAccountSummary[]> {
  const rows = await db()
    .select({
      id: schema.accounts.id,
      reference: schema.accounts.reference,
      status: schema.accounts.status,
      currency: schema.accounts.currency,
      creditorId: schema.creditors.id,
      creditorName: schema.creditors.displayName,
    })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(eq(schema.accounts.debtorId, debtorId))
    .orderBy(asc(schema.accounts.createdAt), asc(schema.accounts.reference));
  const balances = await balancesFor(rows.map((r) => r.id));
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    currency: r.currency,
    balanceCents: balances.get(r.id) ?? 0,
    creditor: { id: r.creditorId, displayName: r.creditorName },
  }));
}

/** One account of this debtor, or null: never another debtor's. */
export async function getAccountForDebtor(debtorId: string, accountId: string) {
  if (!isUuid(accountId)) return null;
  const [row] = await db()
    .select({ account: schema.accounts, creditor: schema.creditors, debtor: schema.debtors })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(and(eq(schema.accounts.id, accountId), eq(schema.accounts.debtorId, debtorId)))
    .limit(1);
  if (!row) return null;
  const balances = await balancesFor([row.account.id]);
  return { ...row, balanceCents: balances.get(row.account.id) ?? 0 };
}

export function isUuid(value: string) {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Internal lookups (links, audit): which creditor an account belongs to. */
export async function getAccountCreditorId(accountId: string): Promise<string | null> {
  const [row] = await db()
    .select({ creditorId: schema.accounts.creditorId })
    .from(schema.accounts)
    .where(eq(schema.accounts.id, accountId));
  return row?.creditorId ?? null;
}
