// Proxies, through the real server (issue #16 item 2): behind one trusted hop (the test
// plays the load balancer, which appends the address it saw to X-Forwarded-For), a client
// that writes its own X-Forwarded-For entries cannot change the address the rate limits,
// the audit rows and the payment authorization see. With the proxies given as addresses
// (TRUST_PROXY=loopback) the same holds; and TRUST_PROXY=true does not start.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { todayIn } from "../../app/lib/calendar-date";
import { choiceToFields, type PlanChoice } from "../../app/lib/forms/plan";
import { evaluateChoice } from "../../app/lib/plan-builder";
import { mintAccessLink } from "../../app/models/access-links.server";
import { getPlanBuilder, reviewFor } from "../../app/models/plans.server";
import { getEnv, parseEnv } from "../../app/utils/env.server";
import { LIMITS, resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { ipHash } from "../../app/utils/request.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { httpClient, type HttpClient } from "../support/security";

let database: TestDatabase;
const limit = (name: keyof typeof LIMITS) =>
  Math.max(1, Math.floor(LIMITS[name].max * getEnv().RATE_LIMIT_MULTIPLIER));
const byRef = async (reference: string) =>
  (
    await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference))
  )[0];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
}, 120_000);
afterAll(() => database?.dispose());
beforeEach(() => resetRateLimitsForTests());

/** What the load balancer sends on: whatever the client wrote, then the address it saw. */
const forwarded = (forged: string, real: string) => `${forged}, ${real}`;

for (const trust of ["1", "loopback"]) {
  describe(`TRUST_PROXY=${trust}`, () => {
    let server: HttpServer;
    let http: HttpClient;
    beforeAll(async () => {
      server = await startHttpServer({ env: { TRUST_PROXY: trust } });
      http = httpClient(server.url);
    }, 60_000);
    afterAll(() => server?.stop());

    it("forged X-Forwarded-For entries do not move the rate limit: the address the proxy saw is counted", async () => {
      const real = trust === "1" ? "203.0.113.41" : "203.0.113.51";
      const statuses: number[] = [];
      for (let i = 0; i <= limit("codeEntry"); i++) {
        // A different forged address every time, even a list of them.
        const forged = `10.${i}.0.1, 192.0.2.${i}`;
        statuses.push(
          (
            await http.post("/code", {
              headers: { "x-forwarded-for": forwarded(forged, real) },
              body: `intent=code&code=ZZZZ-ZZZZ-${i}`,
            })
          ).status,
        );
      }
      expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      // The forged address itself, sent as the real one, is untouched.
      expect(
        (
          await http.post("/code", {
            headers: { "x-forwarded-for": forwarded("203.0.113.41", "10.0.0.1") },
            body: "intent=code&code=ZZZZ",
          })
        ).status,
      ).toBe(400);
    });

    it("audit rows and the payment authorization keep the address the proxy saw, not the forged one", async () => {
      const real = trust === "1" ? "203.0.113.42" : "203.0.113.52";
      const xff = forwarded("6.6.6.6", real);
      const account = await byRef(trust === "1" ? "NRS-55012873" : "BSD-100245");
      const answer = account.reference === "NRS-55012873" ? "78701" : "03/14/1985";
      const { token } = await mintAccessLink({ accountId: account.id, channel: "email" });
      await http.post(`/l/${token}`, {
        headers: { "x-forwarded-for": xff },
        body: "intent=continue",
      });
      await http.post(`/l/${token}`, {
        headers: { "x-forwarded-for": xff },
        body: "intent=verify&answer=wrong",
      });
      const signedIn = await http.post(`/l/${token}`, {
        headers: { "x-forwarded-for": xff },
        body: `intent=verify&answer=${encodeURIComponent(answer)}`,
      });
      expect(signedIn.status).toBe(302);
      const events = await database.db.select().from(schema.auditEvents);
      const mine = events.filter((e) => e.ipHash === ipHash(real));
      expect(mine.length).toBeGreaterThanOrEqual(2);
      expect(events.filter((e) => e.ipHash === ipHash("6.6.6.6"))).toEqual([]);

      // The payment authorization (recurring, or one-time) stores the address too.
      const cookie = signedIn.cookies.find((c) => /session=/.test(c))!;
      if (account.reference === "NRS-55012873") {
        const builder = (await getPlanBuilder(account.debtorId, account.id))!;
        const choice: PlanChoice = {
          kind: "installments",
          frequency: "monthly",
          count: 6,
          startDate: todayIn("America/Chicago", new Date()),
        };
        const evaluated = evaluateChoice(builder.ctx, choice);
        if (!evaluated.ok) throw new Error("the demo policy allows this plan");
        const review = reviewFor(builder, evaluated.plan, "en");
        const authorized = await http.post(`/accounts/${account.id}/pay/review`, {
          cookie,
          headers: { "x-forwarded-for": xff },
          body: String(
            new URLSearchParams({
              ...choiceToFields(choice),
              accountId: account.id,
              scheduleDigest: review.digest,
              textVersion: review.version,
              authorize: "on",
            }),
          ),
        });
        expect(authorized.status).toBe(302);
      } else {
        // Paying in full: the one-time authorization is stored with the address too.
        const paid = await http.post(`/accounts/${account.id}/pay-now`, {
          cookie,
          headers: { "x-forwarded-for": xff },
          body: "kind=full&expect=8450",
        });
        expect(paid.status).toBe(303);
      }
      const [plan] = await database.db
        .select()
        .from(schema.plans)
        .where(eq(schema.plans.accountId, account.id));
      expect(plan.authorizationIp).toBe(real);
    });
  });
}

describe("a proxy setting that trusts everyone", () => {
  it("does not start: TRUST_PROXY=true would make the client's own entry its address", () => {
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY=true/);
  });
});
