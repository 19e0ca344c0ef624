// Issue #16 item 11, through the real server (the production build behind Express): a
// debtor filing dispute after dispute for one account gets a calm 429 page that says how
// to add to the dispute, and nothing more is written.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { DISPUTE_LIMIT } from "../../app/models/disputes.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { debtorCookie } from "../support/security";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  server = await startHttpServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

describe("filing a dispute over HTTP", () => {
  it(`the first ${DISPUTE_LIMIT.max} of a day are filed; the next one gets a calm 429 in the debtor's language`, async () => {
    const [creditor] = await database.db
      .select()
      .from(schema.creditors)
      .where(eq(schema.creditors.slug, "brightside-dental"));
    const [debtor] = await database.db
      .insert(schema.debtors)
      .values({ creditorId: creditor.id, fullName: "Dispute Http", language: "es" })
      .returning();
    const [account] = await database.db
      .insert(schema.accounts)
      .values({
        creditorId: creditor.id,
        debtorId: debtor.id,
        reference: "DISPUTE-HTTP",
        referenceLast4Hash: "x",
        itemizationDate: "2026-01-05",
        itemizationKind: "transaction",
      })
      .returning();
    await database.db.insert(schema.ledgerEntries).values({
      accountId: account.id,
      kind: "itemized_balance",
      amountCents: 9_000,
      currency: "usd",
      occurredAt: new Date(),
      source: "import",
      sourceId: "dispute-http",
    });
    const { cookie } = await debtorCookie(debtor.id);
    const post = () =>
      fetch(`${server.url}/accounts/${account.id}/dispute`, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: `${cookie}; lang=es`,
          "content-type": "application/x-www-form-urlencoded",
          origin: server.url,
          "accept-language": "es",
        },
        body: new URLSearchParams({ reason: "wrong_amount", details: "" }).toString(),
      });
    for (let i = 0; i < DISPUTE_LIMIT.max; i++) {
      const res = await post();
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/accounts/${account.id}/dispute/received`);
    }
    const refused = await post();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(23 * 3600);
    const html = await refused.text();
    expect(html).toContain('data-testid="dispute-limited"');
    expect(html).toContain("Ya tenemos sus disputas de hoy");
    expect(html).toContain(creditor.supportPhone);
    expect(
      await database.db.$count(schema.disputes, eq(schema.disputes.accountId, account.id)),
    ).toBe(DISPUTE_LIMIT.max);
    expect(server.logs.filter((l) => l.level === "error")).toEqual([]);
  });
});
