// Through the real server (#18 item 9): a debtor never sees UTC. A plan agreed and paid at
// 9:30 PM in New York (02:30 the next day in UTC) shows that evening's date and time, with
// the creditor's zone named, on the plan page, the printable authorization, the list of
// receipts and the receipt itself.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { todayIn } from "../../app/lib/calendar-date";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import * as schema from "../../db/schema";
import { CookieClient, signInThroughLink } from "../support/auth-fixtures";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createDebtor } from "../support/factories";
import {
  payOnEmulator,
  startHttpServer,
  visibleText,
  type HttpServer,
} from "../support/http-server";
import { createPlan } from "../support/payments";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHttpServer({ env: { RATE_LIMIT_MULTIPLIER: "20" } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

// 9:30 PM on January 14 in New York (EST, UTC−5) is 02:30 on January 15 in UTC.
const EVENING = new Date("2026-01-15T02:30:00Z");

describe("times a debtor sees", () => {
  it("are the creditor's, named, on the plan, its authorization and the receipts; never UTC", async () => {
    resetRateLimitsForTests();
    const alex = await createDebtor(database.db, "alex");
    expect(alex.creditor.timezone).toBe("America/New_York");
    const device = new CookieClient(server.url);
    expect((await signInThroughLink(device, alex.links[0].token, alex.answer)).status).toBe(302);
    const today = todayIn(alex.creditor.timezone, new Date());
    const plan = await createPlan(database.db, {
      accountId: alex.accountId,
      kind: "installments",
      status: "active",
      balanceCents: 8_450,
      installments: [
        { dueDate: today, amountCents: 4_225 },
        { dueDate: today, amountCents: 4_225 },
      ],
    });
    await database.db
      .update(schema.plans)
      .set({ authorizedAt: EVENING })
      .where(eq(schema.plans.id, plan.id));

    for (const path of ["plan", "plan/authorization"]) {
      const page = await visibleText(await device.get(`/accounts/${alex.accountId}/${path}`));
      expect(page, path).toMatch(/January 14, 2026/);
      expect(page, path).toMatch(/9:30\s?PM EST/);
      expect(page, path).not.toMatch(/January 15, 2026|UTC/);
    }

    // A payment made that evening: its receipt is dated the 14th, as the debtor lived it.
    await payOnEmulator(server, alex);
    await server.emulator.controls.waitForWebhooks();
    const [payment] = await database.db
      .update(schema.payments)
      .set({ createdAt: EVENING, succeededAt: EVENING })
      .where(eq(schema.payments.accountId, alex.accountId))
      .returning({ id: schema.payments.id });
    expect(payment).toBeDefined();
    for (const path of ["receipts", `receipts/${payment.id}`]) {
      const page = await visibleText(await device.get(`/accounts/${alex.accountId}/${path}`));
      expect(page, path).toContain("January 14, 2026");
      expect(page, path).not.toMatch(/January 15, 2026|UTC/);
    }
  });
});
