// Balances come from the append-only ledger and nowhere else: the balance of an account is
// the sum of its entries' signed amounts. One definition, in three shapes that must agree
// (tests/integration/ledger-balance.test.ts): `balanceOfEntries` over rows already read,
// `BALANCE_SUM` as an aggregate over ledger_entries, `balanceSql` as a subquery per account.
import { eq, inArray, sql, type SQLWrapper } from "drizzle-orm";
import { db, schema, type Db, type Tx } from "~/utils/db.server";

/** The balance of entries already read (the account page's ledger, the statement). */
export function balanceOfEntries(entries: readonly { amountCents: number }[]): number {
  return entries.reduce((sum, e) => sum + e.amountCents, 0);
}

/** The aggregate over `ledger_entries` rows (grouped or filtered by account by the caller). */
export const BALANCE_SUM = sql<string>`coalesce(sum(${schema.ledgerEntries.amountCents}), 0)`;

/** The balance of the account whose id is `accountId` (a column or a value), as a subquery. Use it where Drizzle qualifies the column (a query with a join): a bare "id" would be read as the ledger entry's. */
export function balanceSql(accountId: SQLWrapper) {
  return sql<string>`coalesce((select sum(${schema.ledgerEntries.amountCents}) from ${schema.ledgerEntries} where ${schema.ledgerEntries.accountId} = ${accountId}), 0)`;
}

/** One account's balance, in the caller's transaction (under its lock) or outside one. */
export async function balanceOf(conn: Db | Tx, accountId: string): Promise<number> {
  const [row] = await conn
    .select({ balance: BALANCE_SUM })
    .from(schema.ledgerEntries)
    .where(eq(schema.ledgerEntries.accountId, accountId));
  return Number(row?.balance ?? 0);
}

export async function balancesFor(
  accountIds: string[],
  conn: Db | Tx = db(),
): Promise<Map<string, number>> {
  const result = new Map<string, number>(accountIds.map((id) => [id, 0]));
  if (accountIds.length === 0) return result;
  const rows = await conn
    .select({ accountId: schema.ledgerEntries.accountId, balance: BALANCE_SUM })
    .from(schema.ledgerEntries)
    .where(inArray(schema.ledgerEntries.accountId, accountIds))
    .groupBy(schema.ledgerEntries.accountId);
  for (const row of rows) result.set(row.accountId, Number(row.balance));
  return result;
}
