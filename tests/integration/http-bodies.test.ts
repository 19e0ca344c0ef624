// Bodies at the edge, through the real server (issue #16 item 1, #15 item 8): every body
// is capped before Remix reads it, on Content-Length (refused at once) and on the bytes
// as they stream (chunked: refused as soon as the cap passes, the rest never read), 64 KB
// for forms, 1 MB for webhooks, the CSV import and the logo at their own caps; 413 with
// the calm page; the rate limits the URL and address decide run before the body is read;
// explicit server timeouts; and the Stripe webhook takes bursts from one address, refuses
// bad signatures with a clear 4xx and oversize bodies before any parsing.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import {
  BODY_RULES,
  FORM_MAX_BYTES,
  IMPORT_FILE_MAX_BYTES,
  LOGO_FILE_MAX_BYTES,
  MULTIPART_ALLOWANCE,
  WEBHOOK_MAX_BYTES,
} from "../../app/server/body-limits.server";
import { IMPORT_MAX_BYTES } from "../../app/lib/import-limits";
import { LOGO_MAX_BYTES } from "../../app/models/creditor-settings.server";
import { stripe } from "../../app/services/stripe.server";
import { getEnv } from "../../app/utils/env.server";
import { LIMITS, resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { sendBody, startHttpServer, type HttpServer } from "../support/http-server";
import { changedTables, creditorCookie, digest } from "../support/security";

const WEBHOOK_SECRET = "whsec_http_bodies";
const MB = 1024 * 1024;
let database: TestDatabase;
let server: HttpServer;
let owner: string;
let ipCounter = 0;
/** A fresh client address per use (one trusted proxy hop: X-Forwarded-For decides). */
const freshIp = () => `198.51.100.${++ipCounter}`;
const limit = (name: keyof typeof LIMITS) =>
  Math.max(1, Math.floor(LIMITS[name].max * getEnv().RATE_LIMIT_MULTIPLIER));
const form = "application/x-www-form-urlencoded";

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  server = await startHttpServer({ env: { TRUST_PROXY: "1" }, webhookSecret: WEBHOOK_SECRET });
  [{ id: owner }] = await database.db
    .select()
    .from(schema.creditorUsers)
    .where(eq(schema.creditorUsers.email, "owner@brightside-dental.example"));
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});
beforeEach(() => resetRateLimitsForTests());

const logsFor = (path: string) => server.logs.filter((l) => l.msg === "request" && l.path === path);

describe("forms: 64 KB", () => {
  it("a Content-Length over 64 KB is refused with 413 and the calm page before Remix runs; 64 KB exactly is read", async () => {
    const before = await digest(database.db);
    const logged = server.logs.length;
    const over = await sendBody(`${server.url}/code`, {
      headers: {
        "content-type": form,
        "content-length": String(FORM_MAX_BYTES + 1),
        "x-forwarded-for": freshIp(),
      },
      total: FORM_MAX_BYTES + 1,
      fill: "a",
    });
    expect(over.status).toBe(413);
    expect(over.headers["content-type"]).toMatch(/text\/html/);
    expect(over.body).toContain("That was more than this page can take");
    expect(over.body).toContain('<html lang="en"');
    expect(over.headers["cache-control"]).toBe("no-store");
    expect(over.headers["content-security-policy"]).toMatch(/nonce-/);
    // The app never saw it: no action ran, nothing written, no error logged.
    expect(server.logs.slice(logged).filter((l) => l.level === "error")).toEqual([]);
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const body = `intent=code&code=${"A".repeat(FORM_MAX_BYTES - "intent=code&code=".length)}`;
    expect(body.length).toBe(FORM_MAX_BYTES);
    const exact = await fetch(`${server.url}/code`, {
      method: "POST",
      headers: { "content-type": form, "x-forwarded-for": freshIp() },
      body,
    });
    expect(exact.status).toBe(400); // read, and the code is not one we know
  });

  it("in Spanish for a Spanish browser", async () => {
    const res = await fetch(`${server.url}/preferences`, {
      method: "POST",
      headers: {
        "content-type": form,
        "accept-language": "es-MX,es;q=0.9",
        "x-forwarded-for": freshIp(),
      },
      body: "x=".padEnd(FORM_MAX_BYTES + 10, "b"),
    });
    expect(res.status).toBe(413);
    const html = await res.text();
    expect(html).toContain('<html lang="es"');
    expect(html).toContain("Eso es más de lo que esta página puede recibir");
  });

  it("a chunked body is counted as it streams: 413 as soon as the cap passes, the rest never read", async () => {
    const before = await digest(database.db);
    const answer = await sendBody(`${server.url}/code`, {
      headers: { "content-type": form, "x-forwarded-for": freshIp() },
      total: 100 * MB,
      chunkSize: 16 * 1024,
    });
    expect(answer.status).toBe(413);
    // The client was still sending when the answer came: far short of 100 MB.
    expect(answer.sent).toBeLessThan(10 * MB);
    expect(changedTables(before, await digest(database.db))).toEqual([]);
    expect(logsFor("/code").some((l) => l.status === 413 && l.refused === "form")).toBe(true);
  });

  it("an `Expect: 100-continue` request over the cap is refused before the client sends its body", async () => {
    const answer = await sendBody(`${server.url}/code`, {
      headers: {
        "content-type": form,
        "content-length": String(200 * MB),
        "x-forwarded-for": freshIp(),
      },
      total: 200 * MB,
      expectContinue: true,
    });
    expect(answer.status).toBe(413);
    expect(answer.continued).toBe(false);
    expect(answer.sent).toBe(0);
  });
});

describe("uploads at their own caps, streamed", () => {
  it("the edge's caps are the routes' own file caps plus the multipart framing", () => {
    expect(IMPORT_FILE_MAX_BYTES).toBe(IMPORT_MAX_BYTES);
    expect(LOGO_FILE_MAX_BYTES).toBe(LOGO_MAX_BYTES);
    expect(BODY_RULES["/creditor/accounts/import"].rule).toMatchObject({
      maxBytes: IMPORT_MAX_BYTES + MULTIPART_ALLOWANCE,
      mode: "stream",
    });
    expect(BODY_RULES["/creditor/branding"].rule).toMatchObject({
      maxBytes: LOGO_MAX_BYTES + MULTIPART_ALLOWANCE,
      mode: "stream",
    });
  });

  it("CSV import: a file larger than a form reaches the importer; a declared 65 MB is refused at once, a streamed one when it passes the cap", async () => {
    const { cookie } = await creditorCookie(owner);
    // 6,000 rows without a name (~100 KB, over the 64 KB form cap): read and rejected by the importer.
    const csv =
      "reference,full_name\n" +
      Array.from({ length: 6000 }, (_, i) => `EDGE-${String(i).padStart(10, "0")},`).join("\n") +
      "\n";
    expect(csv.length).toBeGreaterThan(FORM_MAX_BYTES);
    const upload = new FormData();
    upload.append("file", new Blob([csv], { type: "text/csv" }), "edge.csv");
    const accepted = await fetch(`${server.url}/creditor/accounts/import`, {
      method: "POST",
      headers: { cookie },
      body: upload,
      redirect: "manual",
    });
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toMatch(/^\/creditor\/imports\//);

    const boundary = "----edgeboundary";
    const declared = await sendBody(`${server.url}/creditor/accounts/import`, {
      headers: {
        cookie,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(65 * MB),
      },
      total: 65 * MB,
      expectContinue: true,
    });
    expect(declared.status).toBe(413);
    expect(declared.sent).toBe(0);

    const imports = await database.db.select().from(schema.accountImports);
    const streamed = await sendBody(`${server.url}/creditor/accounts/import`, {
      headers: { cookie, "content-type": `multipart/form-data; boundary=${boundary}` },
      total: 80 * MB,
      chunkSize: 256 * 1024,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.sent).toBeLessThan(80 * MB);
    expect(streamed.sent).toBeGreaterThan(IMPORT_MAX_BYTES);
    // A body that is not even multipart framing: the importer never started.
    expect((await database.db.select().from(schema.accountImports)).length).toBe(imports.length);
  });

  it("a route that answers without reading a streamed upload (no session): the answer comes at once and the connection closes", async () => {
    const answer = await sendBody(`${server.url}/creditor/accounts/import`, {
      headers: { "content-type": "multipart/form-data; boundary=x", "x-forwarded-for": freshIp() },
      total: 60 * MB,
      chunkSize: 64 * 1024,
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.location).toMatch(/^\/creditor\/sign-in/);
    expect(answer.headers.connection).toBe("close");
    expect(answer.sent).toBeLessThan(30 * MB);
  });

  it("logo: over the route's 200 KB the route explains; over the edge's cap the edge refuses", async () => {
    const { cookie } = await creditorCookie(owner);
    const post = (bytes: number) => {
      const upload = new FormData();
      upload.append("logo", new Blob([Buffer.alloc(bytes, 1)], { type: "image/png" }), "logo.png");
      return fetch(`${server.url}/creditor/branding`, {
        method: "POST",
        headers: { cookie },
        body: upload,
        redirect: "manual",
      });
    };
    const routeRefusal = await post(LOGO_MAX_BYTES + 10 * 1024);
    expect(routeRefusal.status).toBe(400);
    expect(await routeRefusal.text()).toContain("200 KB or smaller");
    expect((await post(LOGO_MAX_BYTES + MULTIPART_ALLOWANCE + 1024)).status).toBe(413);
  });
});

describe("rate limits run before the body is read", () => {
  it("typed codes: past the limit, a post is refused with 429 while its (endless) body is still arriving", async () => {
    const ip = freshIp();
    for (let i = 0; i < limit("codeEntry"); i++) {
      const res = await fetch(`${server.url}/code`, {
        method: "POST",
        headers: { "content-type": form, "x-forwarded-for": ip },
        body: `intent=code&code=ZZZZ-ZZZZ-${i}`,
      });
      expect(res.status).toBe(400);
    }
    const answer = await sendBody(`${server.url}/code`, {
      headers: { "content-type": form, "x-forwarded-for": ip },
      total: Infinity,
      chunkSize: 1024,
      pauseMs: 20,
    });
    expect(answer.status).toBe(429);
    expect(Number(answer.headers["retry-after"])).toBeGreaterThan(0);
    expect(answer.body).toContain("Please wait a moment");
    // A body that is not a form is no code attempt: the route refuses it from its type alone.
    expect(
      (
        await fetch(`${server.url}/code`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": ip },
          body: "{}",
        })
      ).status,
    ).toBe(415);
    // Another address is not affected.
    expect(
      (
        await fetch(`${server.url}/code`, {
          method: "POST",
          headers: { "content-type": form, "x-forwarded-for": freshIp() },
          body: "intent=code&code=ZZZZ",
        })
      ).status,
    ).toBe(400);
  });

  it("creditor sign-in: an address past its limit is refused before its body is read", async () => {
    const ip = freshIp();
    for (let i = 0; i < limit("signIn"); i++) {
      await fetch(`${server.url}/creditor/sign-in`, {
        method: "POST",
        headers: { "content-type": form, "x-forwarded-for": ip },
        body: `email=nobody${i}%40example.com&password=wrong+password+${i}`,
      });
    }
    const answer = await sendBody(`${server.url}/creditor/sign-in`, {
      headers: { "content-type": form, "x-forwarded-for": ip },
      total: Infinity,
      chunkSize: 1024,
      pauseMs: 20,
    });
    expect(answer.status).toBe(429);
  });
});

describe("server timeouts", () => {
  it("are set explicitly on the server: headers 20 s, whole request 300 s, keep-alive 5 s", async () => {
    expect([
      server.server.headersTimeout,
      server.server.requestTimeout,
      server.server.keepAliveTimeout,
    ]).toEqual([20_000, 300_000, 5_000]);
  });
});

describe("the Stripe webhook endpoint (issue #15 item 8)", () => {
  const sign = (payload: string) =>
    stripe().webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
  const event = (id: string, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      id,
      object: "event",
      type: "customer.created",
      created: 1_700_000_000,
      data: { object: { id: `cus_${id}`, object: "customer", ...extra } },
    });
  const deliver = (payload: string, signature: string | null, ip: string) =>
    fetch(`${server.url}/webhooks/stripe`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": ip,
        ...(signature === null ? {} : { "stripe-signature": signature }),
      },
      body: payload,
    });

  it("a burst of signed deliveries from one address, more than the per-address request limit, is never rate-limited", async () => {
    const ip = "203.0.113.200";
    const count = limit("request") + 100;
    const statuses: Record<number, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < count) {
          const id = `evt_burst_${next++}`;
          const payload = event(id);
          const res = await deliver(payload, sign(payload), ip);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          await res.arrayBuffer();
        }
      }),
    );
    expect(statuses).toEqual({ 200: count });
    // The same address's pages are not held back by the burst either.
    expect((await fetch(`${server.url}/code`, { headers: { "x-forwarded-for": ip } })).status).toBe(
      200,
    );
  }, 120_000);

  it("garbage bodies and wrong signatures get a clear 400; an address that keeps sending them is refused unread", async () => {
    const ip = freshIp();
    const before = await digest(database.db);
    for (const [payload, signature] of [
      ["not json at all", null],
      ["{}", "t=1,v1=00"],
      [event("evt_forged"), sign(event("evt_other"))],
      [
        event("evt_foreign"),
        stripe().webhooks.generateTestHeaderString({
          payload: event("evt_foreign"),
          secret: "whsec_someone_else",
        }),
      ],
    ] as const) {
      const res = await deliver(payload, signature, ip);
      expect(res.status).toBe(400);
      expect(await res.text()).toMatch(/Invalid signature/);
    }
    expect(changedTables(before, await digest(database.db))).toEqual([]);
    for (let i = 4; i < limit("webhookRefused"); i++)
      await (await deliver("x", null, ip)).arrayBuffer();
    const refused = await sendBody(`${server.url}/webhooks/stripe`, {
      headers: {
        "content-type": "application/json",
        "x-forwarded-for": ip,
        "stripe-signature": "t=1,v1=00",
      },
      total: Infinity,
      chunkSize: 1024,
      pauseMs: 20,
    });
    expect(refused.status).toBe(429);
    expect(refused.headers["content-type"]).toMatch(/text\/plain/);
    // Signed deliveries from other addresses still go through.
    const payload = event("evt_after_refusals");
    expect((await deliver(payload, sign(payload), freshIp())).status).toBe(200);
  });

  it("a body over 1 MB is a 413 before any parsing (declared or streamed); a signed 900 KB event is handled", async () => {
    const before = await digest(database.db);
    const logged = server.logs.length;
    const big = event("evt_too_big", { description: "x".repeat(WEBHOOK_MAX_BYTES) });
    const declared = await deliver(big, sign(big), freshIp());
    expect(declared.status).toBe(413);
    expect(declared.headers.get("content-type")).toMatch(/text\/plain/);
    const streamed = await sendBody(`${server.url}/webhooks/stripe`, {
      headers: {
        "content-type": "application/json",
        "stripe-signature": sign("{}"),
        "x-forwarded-for": freshIp(),
      },
      total: 50 * MB,
    });
    expect(streamed.status).toBe(413);
    expect(streamed.sent).toBeLessThan(50 * MB);
    // Neither reached the route: no signature was checked, nothing recorded.
    expect(
      server.logs
        .slice(logged)
        .filter((l) => l.msg === "stripe webhook refused" || l.msg === "stripe webhook failed"),
    ).toEqual([]);
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const large = event("evt_large_ok", { description: "y".repeat(900 * 1024) });
    expect(large.length).toBeLessThan(WEBHOOK_MAX_BYTES);
    expect((await deliver(large, sign(large), freshIp())).status).toBe(200);
  });
});
