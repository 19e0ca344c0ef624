// The ledger's one balance, in its shapes (app/models/ledger.server.ts): the SQL aggregate,
// the per-account subquery, balanceOf/balancesFor and the sum of rows already read agree.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import {
  balanceOf,
  balanceOfEntries,
  balanceSql,
  balancesFor,
} from "../../app/models/ledger.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
});
afterAll(() => database?.dispose());

describe("one balance", () => {
  it("every shape gives the same balance for every demo account", async () => {
    const accounts = await database.db
      .select({ id: schema.accounts.id, viaSql: balanceSql(schema.accounts.id) })
      .from(schema.accounts)
      // A join makes Drizzle qualify the column (alone, it renders a bare "id", which the subquery would read as its own).
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId));
    expect(accounts.length).toBeGreaterThan(3);
    const many = await balancesFor(
      accounts.map((a) => a.id),
      database.db,
    );
    const seen = new Set<number>();
    for (const account of accounts) {
      const entries = await database.db
        .select({ amountCents: schema.ledgerEntries.amountCents })
        .from(schema.ledgerEntries)
        .where(eq(schema.ledgerEntries.accountId, account.id));
      const fromRows = balanceOfEntries(entries);
      seen.add(fromRows);
      expect(Number(account.viaSql)).toBe(fromRows);
      expect(await balanceOf(database.db, account.id)).toBe(fromRows);
      expect(many.get(account.id)).toBe(fromRows);
    }
    // The demo has owed and paid accounts: the check compares different balances, not only zeros.
    expect(seen.size).toBeGreaterThan(1);
    expect([...seen].some((b) => b > 0)).toBe(true);
  });
});
