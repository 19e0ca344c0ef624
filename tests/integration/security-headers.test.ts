// Headers through the real server (the production build behind the Express pipeline):
// every page of the debtor's way in and of the account carries this request's CSP nonce on
// each <script>, no inline handler or javascript: URL, and the security headers exactly as
// the edge sets them (no route weakens one); every answer that carries or depends on a
// session is `Cache-Control: no-store`, whatever the route set (every route of the build,
// so a new one is covered); and the origin check cannot be skipped by a path that only
// looks like a webhook's (`/webhooks/%2e%2e/lang` is routed to /lang).
import http from "node:http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { mintAccessLink } from "../../app/models/access-links.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import {
  creditorCookie,
  debtorCookie,
  httpClient,
  loadRoutes,
  urlOf,
  type HttpClient,
  type RouteFile,
} from "../support/security";

let database: TestDatabase;
let server: HttpServer;
let client: HttpClient;
let routes: RouteFile[];
let alex: typeof schema.accounts.$inferSelect;
let paymentId: string;
let importId: string;
let ownerId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  server = await startHttpServer({ env: { RATE_LIMIT_MULTIPLIER: "100" } });
  client = httpClient(server.url);
  routes = await loadRoutes();
  [alex] = await database.db
    .select()
    .from(schema.accounts)
    .where(eq(schema.accounts.reference, "BSD-100245"));
  [{ id: ownerId }] = await database.db
    .select()
    .from(schema.creditorUsers)
    .where(eq(schema.creditorUsers.email, "owner@brightside-dental.example"));
  [{ id: paymentId }] = await database.db
    .insert(schema.payments)
    .values({
      accountId: alex.id,
      amountCents: 1000,
      currency: "usd",
      status: "succeeded",
      stripePaymentIntentId: "pi_headers_1",
      receiptNumber: "R-20300101-HDR1",
      succeededAt: new Date(),
    })
    .returning();
  [{ id: importId }] = await database.db
    .insert(schema.accountImports)
    .values({
      creditorId: alex.creditorId,
      userId: ownerId,
      filename: "headers.csv",
      status: "rejected",
      totalRows: 1,
      rejectedRows: 1,
    })
    .returning();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

function checkPage(html: string, nonce: string) {
  const problems: string[] = [];
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
  if (scripts.length === 0) problems.push("no scripts at all (the check would prove nothing)");
  for (const attrs of scripts)
    if (!attrs.includes(`nonce="${nonce}"`))
      problems.push(`script without the nonce: <script${attrs}>`);
  for (const m of html.matchAll(/<[a-z][^>]*\son[a-z]+\s*=/gi))
    problems.push(`inline handler: ${m[0].slice(0, 80)}`);
  if (/(href|src|action)\s*=\s*"\s*javascript:/i.test(html)) problems.push("javascript: URL");
  return problems;
}

describe("pages served by the real server", () => {
  it("every script has this request's nonce, nothing needs 'unsafe-inline', no route weakens a security header", async () => {
    resetRateLimitsForTests();
    const link = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const { cookie } = await debtorCookie(alex.debtorId);
    const pages: [string, string | undefined][] = [
      ["/", undefined],
      [`/l/${link.token}`, undefined],
      [`/l/${link.token}/real`, undefined],
      ["/code", undefined],
      ["/is-this-real", undefined],
      ["/creditor/sign-in", undefined],
      ["/no-such-page", undefined],
      [`/accounts/${alex.id}`, cookie],
      [`/accounts/${alex.id}/pay`, cookie],
      [`/accounts/${alex.id}/dispute`, cookie],
      ["/preferences", cookie],
    ];
    const problems: string[] = [];
    const nonces = new Set<string>();
    for (const [url, withCookie] of pages) {
      // A bot's user agent: the whole document at once (entry.server.tsx), scripts included.
      const res = await client.get(url, {
        cookie: withCookie,
        headers: { "user-agent": "Googlebot" },
      });
      const csp = res.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
      nonces.add(nonce);
      if (res.status >= 500) problems.push(`${url}: ${res.status}`);
      if (!res.body.startsWith("<!DOCTYPE html>"))
        problems.push(`${url}: not a document (${res.status})`);
      for (const p of checkPage(res.body, nonce)) problems.push(`${url}: ${p}`);
      // One policy, the edge's: a route adding its own would show as a second value.
      if (
        !csp.includes(`script-src 'self' 'nonce-${nonce}'`) ||
        csp.includes("unsafe-inline") ||
        !csp.includes("frame-ancestors 'none'") ||
        csp.includes(", ")
      )
        problems.push(`${url}: CSP ${csp}`);
      const expected = {
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "x-content-type-options": "nosniff",
      };
      for (const [name, value] of Object.entries(expected))
        if (res.headers.get(name) !== value)
          problems.push(`${url}: ${name}: ${res.headers.get(name)}`);
      // The link token must not be in the page beyond the form's own action.
      if (url.startsWith("/l/")) {
        for (const m of res.body.matchAll(/<(a|link|img|script|iframe|form)\b[^>]*/gi)) {
          const urls = [...m[0].matchAll(/(?:href|src|action)="([^"]*)"/g)].map((u) => u[1]);
          for (const u of urls)
            if (
              u.includes(link.token) &&
              (/^(https?:)?\/\//.test(u) || (m[1] !== "a" && m[1] !== "form"))
            )
              problems.push(`${url}: token in <${m[1]} ${u}>`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(nonces.size).toBe(pages.length);
  });

  it("the check catches a script without the nonce and an inline handler", () => {
    expect(checkPage('<script nonce="a"></script><script src="/x.js"></script>', "a")).toEqual([
      'script without the nonce: <script src="/x.js">',
    ]);
    expect(checkPage('<script nonce="a"></script><button onclick="x()">', "a")).toHaveLength(1);
  });
});

describe("Cache-Control: no-store on everything that carries or depends on a session", () => {
  it("every route of the build, asked with a debtor's or a creditor's session (pages and data requests): no-store", async () => {
    const debtor = await debtorCookie(alex.debtorId);
    const creditor = await creditorCookie(ownerId);
    const link = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const params = {
      accountId: alex.id,
      paymentId,
      importId,
      token: link.token,
      file: "none.png",
      id: "00000000-0000-0000-0000-000000000000",
    };
    const stored: string[] = [];
    let asked = 0;
    for (const route of routes.filter((r) => r.hasLoader)) {
      resetRateLimitsForTests();
      const url = urlOf(route, params);
      for (const cookie of [debtor.cookie, creditor.cookie]) {
        for (const target of [url, `${url === "/" ? "/_root" : url}.data`]) {
          const res = await client.get(target, { cookie });
          asked++;
          if (res.headers.get("cache-control") !== "no-store")
            stored.push(`${target} (${res.status}): ${res.headers.get("cache-control")}`);
        }
      }
    }
    expect(asked).toBeGreaterThan(150);
    expect(stored).toEqual([]);
  });

  it("the downloads (statement copy, receipt, calendar, export), sign-ins and the session pages without a cookie too; public pages and assets keep theirs", async () => {
    const debtor = await debtorCookie(alex.debtorId);
    const creditor = await creditorCookie(ownerId);
    const noStore = async (path: string, options: Parameters<HttpClient["get"]>[1] = {}) =>
      (await client.get(path, options)).headers.get("cache-control");
    expect(await noStore(`/accounts/${alex.id}/statement.html`, { cookie: debtor.cookie })).toBe(
      "no-store",
    );
    expect(
      await noStore(`/accounts/${alex.id}/receipts/${paymentId}`, { cookie: debtor.cookie }),
    ).toBe("no-store");
    expect(await noStore(`/accounts/${alex.id}/schedule.ics`, { cookie: debtor.cookie })).toBe(
      "no-store",
    );
    expect(await noStore("/creditor/accounts/export", { cookie: creditor.cookie })).toBe(
      "no-store",
    );
    // Signed out, the session areas still never go into a cache (their redirects neither).
    expect(await noStore(`/accounts/${alex.id}`)).toBe("no-store");
    expect(await noStore("/creditor")).toBe("no-store");
    // An answer that sets a cookie (a sign-in, the language switch) is never stored.
    const link = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const signedIn = await client.post(`/l/${link.token}`, {
      body: "intent=verify&answer=03%2F14%2F1985",
    });
    expect(signedIn.status).toBe(302);
    expect(signedIn.cookies.length).toBeGreaterThan(0);
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    const lang = await client.post("/lang", { body: "lang=es&redirectTo=%2Fis-this-real" });
    expect(lang.headers.get("cache-control")).toBe("no-store");
    // Not everything: a public page without a cookie and the fingerprinted assets.
    expect(await noStore("/is-this-real")).toBeNull();
    const asset = /href="(\/build\/[^"]+\.css)"/.exec(
      (await client.get("/is-this-real")).body,
    )?.[1];
    expect(asset).toBeTruthy();
    expect(await noStore(asset!)).toMatch(/immutable/);
  });
});

/** A raw request: fetch and URL strings (WHATWG URL) would resolve the dot segments before sending. */
function rawPost(
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; location?: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    // `path` as an option, not in a URL string: node:http would resolve the dot segments too.
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path,
        method: "POST",
        headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
        agent: false,
      },
      (res) => {
        res.resume();
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: res.headers["set-cookie"] ?? [],
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("one check for one path", () => {
  const crossSite = {
    "content-type": "application/x-www-form-urlencoded",
    origin: "https://evil.example",
    "sec-fetch-site": "cross-site",
  };

  it("a cross-site post to a path that only looks like a webhook's is refused like any other", async () => {
    resetRateLimitsForTests();
    for (const path of [
      "/webhooks/%2e%2e/lang",
      "/webhooks/%2E%2E/lang",
      "/webhooks/stripe/%2e%2e/%2e%2e/lang",
      "/webhooks/../lang",
      "/WEBHOOKS/%2e%2e/lang",
    ]) {
      const res = await rawPost(path, crossSite, "lang=es&redirectTo=%2F");
      expect(res.status, path).toBe(403);
      expect(res.cookies, path).toEqual([]);
    }
    // The same post to /lang itself: refused too (the check the variants were skipping).
    expect((await rawPost("/lang", crossSite, "lang=es")).status).toBe(403);
  });

  it("the webhooks' exact paths still take cross-site posts (their signatures decide)", async () => {
    resetRateLimitsForTests();
    const stripe = await rawPost(
      "/webhooks/stripe",
      { ...crossSite, "content-type": "application/json" },
      "{}",
    );
    expect(stripe.status).toBe(400);
    // Twilio answers 404 without its auth token configured: past the origin check either way.
    expect((await rawPost("/webhooks/twilio/sms", crossSite, "Body=STOP")).status).not.toBe(403);
  });
});
