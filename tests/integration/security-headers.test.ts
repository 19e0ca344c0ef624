// Headers and inline scripts, rendered by the real Remix request handler in process (the
// route tree read from app/routes like the compiler does). Express adds the CSP and the
// other security headers to every response (tests/e2e/foundation.spec.ts checks them on a
// running server); here every page of the debtor's way in and of the account is checked
// for what Express cannot see: each <script> carries this request's nonce, no inline
// event handler or javascript: URL needs 'unsafe-inline', and no route overrides the
// security headers with weaker ones.
import path from "node:path";
import { eq } from "drizzle-orm";
import { createRequestHandler, type ServerBuild } from "@remix-run/node";
import { UNSAFE_flatRoutes } from "@remix-run/dev";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { mintAccessLink } from "../../app/models/access-links.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { debtorCookie } from "../support/security";

const APP = path.resolve(import.meta.dirname, "../../app");
let database: TestDatabase;
let handle: (request: Request, nonce: string) => Promise<Response>;
let alex: typeof schema.accounts.$inferSelect;

async function buildInProcess(): Promise<ServerBuild> {
  const manifest = UNSAFE_flatRoutes(APP, ["**/.*", "**/*.test.*"]) as Record<string, { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean; file: string }>;
  const all = { root: { id: "root", path: "", file: "root.tsx" }, ...manifest } as typeof manifest;
  const routes: Record<string, unknown> = {};
  const assetRoutes: Record<string, unknown> = {};
  for (const [id, r] of Object.entries(all)) {
    const module = (await import(path.join(APP, r.file))) as Record<string, unknown>;
    routes[id] = { id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive, module };
    assetRoutes[id] = {
      id, parentId: r.parentId, path: r.path, index: r.index, caseSensitive: r.caseSensitive,
      module: `/build/${id}.js`, imports: [], hasAction: Boolean(module.action), hasLoader: Boolean(module.loader),
      hasClientAction: false, hasClientLoader: false, hasErrorBoundary: Boolean(module.ErrorBoundary),
    };
  }
  const entry = await import(path.join(APP, "entry.server.tsx"));
  return {
    mode: "production",
    entry: { module: entry },
    routes,
    assets: { version: "test", url: "/build/manifest-test.js", entry: { module: "/build/entry.client.js", imports: [] }, routes: assetRoutes },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true, v3_singleFetch: true },
    isSpaMode: false,
  } as unknown as ServerBuild;
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  [alex] = await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, "BSD-100245"));
  const handler = createRequestHandler(await buildInProcess(), "production");
  handle = (request, nonce) => handler(request, { cspNonce: nonce, clientIp: "127.0.0.1" });
}, 120_000);
afterAll(() => database?.dispose());

const WEAKER = ["content-security-policy", "referrer-policy", "x-frame-options", "x-content-type-options"];

function checkPage(html: string, nonce: string) {
  const problems: string[] = [];
  const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)].map((m) => m[1]);
  if (scripts.length === 0) problems.push("no scripts at all (the check would prove nothing)");
  for (const attrs of scripts) if (!attrs.includes(`nonce="${nonce}"`)) problems.push(`script without the nonce: <script${attrs}>`);
  for (const m of html.matchAll(/<[a-z][^>]*\son[a-z]+\s*=/gi)) problems.push(`inline handler: ${m[0].slice(0, 80)}`);
  if (/(href|src|action)\s*=\s*"\s*javascript:/i.test(html)) problems.push("javascript: URL");
  return problems;
}

describe("pages rendered by Remix", () => {
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
      const nonce = `n${Math.random().toString(36).slice(2)}`;
      nonces.add(nonce);
      const response = await handle(new Request(`http://localhost${url}`, { headers: withCookie ? { cookie: withCookie, "user-agent": "Googlebot" } : { "user-agent": "Googlebot" } }), nonce);
      const html = await response.text();
      if (response.status >= 500) problems.push(`${url}: ${response.status}`);
      if (!html.startsWith("<!DOCTYPE html>")) problems.push(`${url}: not a document (${response.status})`);
      for (const p of checkPage(html, nonce)) problems.push(`${url}: ${p}`);
      for (const name of WEAKER) if (response.headers.has(name)) problems.push(`${url}: the route sets ${name}: ${response.headers.get(name)}`);
      // The link token must not be in the page beyond the form's own action.
      if (url.startsWith("/l/")) {
        const uses = html.split(link.token).length - 1;
        // Own-site links (the form, "is this real?") are fine: no-referrer keeps them from
        // leaving the site. A URL to anywhere else, or a loaded resource, must not carry it.
        for (const m of html.matchAll(/<(a|link|img|script|iframe|form)\b[^>]*/gi)) {
          const urls = [...m[0].matchAll(/(?:href|src|action)="([^"]*)"/g)].map((u) => u[1]);
          for (const u of urls) if (u.includes(link.token) && (/^(https?:)?\/\//.test(u) || m[1] !== "a" && m[1] !== "form")) problems.push(`${url}: token in <${m[1]} ${u}> (${uses} uses)`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(nonces.size).toBe(pages.length);
  });

  it("the check catches a script without the nonce and an inline handler", () => {
    expect(checkPage('<script nonce="a"></script><script src="/x.js"></script>', "a")).toEqual(['script without the nonce: <script src="/x.js">']);
    expect(checkPage('<script nonce="a"></script><button onclick="x()">', "a")).toHaveLength(1);
  });
});
