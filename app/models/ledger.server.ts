// Balances come from the append-only ledger and nowhere else.
import { inArray, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";

export async function balancesFor(accountIds: string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>(accountIds.map((id) => [id, 0]));
  if (accountIds.length === 0) return result;
  const rows = await db()
    .select({
      accountId: schema.ledgerEntries.accountId,
      balance: sql<string>`coalesce(sum(${schema.ledgerEntries.amountCents}), 0)`,
    })
    .from(schema.ledgerEntries)
    .where(inArray(schema.ledgerEntries.accountId, accountIds))
    .groupBy(schema.ledgerEntries.accountId);
  for (const row of rows) result.set(row.accountId, Number(row.balance));
  return result;
}
