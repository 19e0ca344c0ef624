import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { demoAccess } from "../../app/demo/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { balancesFor } from "../../app/models/ledger.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
});
afterAll(() => database?.dispose());

describe("schema and migrations", () => {
  it("applies every migration and is idempotent on a second run", async () => {
    await database.migrate();
    const tables = await database.db.execute<{ table_name: string }>(
      sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`,
    );
    const names = tables.rows.map((r) => r.table_name);
    for (const t of [
      "creditors",
      "creditor_users",
      "debtors",
      "accounts",
      "ledger_entries",
      "access_links",
      "debtor_sessions",
      "audit_events",
    ]) {
      expect(names).toContain(t);
    }
  });

  it("refuses a second ledger entry for the same outside object", async () => {
    const [account] = await database.db.select().from(schema.accounts).limit(1);
    const entry = {
      accountId: account.id,
      kind: "payment" as const,
      amountCents: -100,
      currency: "usd",
      occurredAt: new Date(),
      source: "stripe_payment_intent" as const,
      sourceId: "pi_unique_test",
    };
    await database.db.insert(schema.ledgerEntries).values(entry);
    await expect(database.db.insert(schema.ledgerEntries).values(entry)).rejects.toThrow();
    await database.db
      .delete(schema.ledgerEntries)
      .where(eq(schema.ledgerEntries.sourceId, "pi_unique_test"));
  });

  it("refuses an itemization kind outside the five of Regulation F", async () => {
    await expect(
      database.db.execute(sql`update accounts set itemization_kind = 'whenever' where true`),
    ).rejects.toThrow();
  });
});

describe("demo seed", () => {
  it("seeds two creditors of different kinds and the interesting cases, once", async () => {
    await seedDemo(database.db); // a second start refreshes links, adds nothing
    const creditors = await database.db.select().from(schema.creditors);
    expect(creditors.map((c) => c.collectorType).sort()).toEqual(["first_party", "third_party"]);
    const accounts = await database.db.select().from(schema.accounts);
    expect(accounts).toHaveLength(5);
    expect(new Set(accounts.map((a) => a.status))).toEqual(
      new Set(["open", "in_plan", "on_hold", "paid"]),
    );
    const balances = await balancesFor(accounts.map((a) => a.id));
    const byRef = Object.fromEntries(accounts.map((a) => [a.reference, balances.get(a.id)]));
    expect(byRef["BSD-100245"]).toBe(8450);
    expect(byRef["NRS-55012873"]).toBe(480_575);
    expect(byRef["BSD-100099"]).toBe(0);
  });

  it("stores no link token, code or verification answer in clear outside the demo tables", async () => {
    const demo = await database.db.select().from(demoAccess);
    const links = await database.db.select().from(schema.accessLinks);
    const debtors = await database.db.select().from(schema.debtors);
    const haystack = JSON.stringify({ links, debtors });
    for (const row of demo) {
      expect(haystack).not.toContain(row.token);
      expect(haystack).not.toContain(row.code);
    }
    expect(haystack).not.toContain("1985-03-14");
  });
});

describe("losing the database server", () => {
  // PGlite runs in-process: there is no connection to lose.
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    "a connection killed while checked out fails its transaction, not the process; the pool carries on (needs TEST_DATABASE_URL: PGlite has no connections to kill)",
    async () => {
      const pg = (await import("pg")).default;
      const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
      await admin.connect();
      try {
        const work = database.db.transaction(async (tx) => {
          const { rows } = await tx.execute<{ pid: number }>(sql`select pg_backend_pid() as pid`);
          await admin.query("select pg_terminate_backend($1)", [rows[0].pid]);
          // The client is checked out and idle when its server goes: pg emits 'error' on it.
          await new Promise((resolve) => setTimeout(resolve, 300));
          await tx.execute(sql`select 1`);
        });
        await expect(work).rejects.toThrow();
        const { rows } = await database.db.execute<{ one: number }>(sql`select 1 as one`);
        expect(rows[0].one).toBe(1);
      } finally {
        await admin.end();
      }
    },
  );
});
