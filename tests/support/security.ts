// Helpers for the security suite (tests/integration/security-*.test.ts): the route list
// read from app/routes, calling a route's loader or action in process the way Remix
// would, sessions as cookies, and a digest of every table to prove "nothing changed".
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { createDebtorSession, debtorCookieName } from "../../app/utils/session.server";
import { createCreditorSession, creditorCookieName } from "../../app/utils/creditor-session.server";

export const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

type RouteFn = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string; clientIp: string } }) => unknown;
export type RouteModule = { loader?: RouteFn; action?: RouteFn };
export type RouteFile = { file: string; name: string; params: string[]; module: RouteModule };

/** Every route module in app/routes, with the `$param` names of its file name. */
export async function loadRoutes(): Promise<RouteFile[]> {
  const files = fs.readdirSync(ROUTES_DIR).filter((f) => /\.tsx?$/.test(f) && !f.includes(".test."));
  const routes: RouteFile[] = [];
  for (const file of files.sort()) {
    const name = file.replace(/\.tsx?$/, "");
    const params = [...name.matchAll(/\$([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]);
    const module = (await import(path.join(ROUTES_DIR, file))) as RouteModule;
    routes.push({ file, name, params, module });
  }
  return routes;
}

export type Outcome = {
  status: number;
  /** Thrown (a redirect or an error response) rather than returned. */
  thrown: boolean;
  /** What the page would get: the response text or the data, as a string. */
  body: string;
  headers: Headers;
};

/**
 * Runs a loader or action like Remix does: a returned or thrown Response keeps its status,
 * `data(…, { status })` keeps its status, plain data is a 200. Anything else thrown is
 * rethrown: Remix would answer it with a 500.
 */
export async function run(fn: RouteFn, request: Request, params: Record<string, string> = {}, clientIp = "127.0.0.1"): Promise<Outcome> {
  let result: unknown;
  let thrown = false;
  try {
    result = await fn({ request, params, context: { cspNonce: "test-nonce", clientIp } });
  } catch (error) {
    if (!(error instanceof Response) && !isDataWithInit(error)) throw error;
    result = error;
    thrown = true;
  }
  if (result instanceof Response) {
    return { status: result.status, thrown, body: await result.text(), headers: result.headers };
  }
  if (isDataWithInit(result)) {
    return { status: result.init?.status ?? 200, thrown, body: JSON.stringify(result.data) ?? "", headers: new Headers(result.init?.headers) };
  }
  return { status: 200, thrown, body: JSON.stringify(result) ?? "", headers: new Headers() };
}

type DataWithInit = { type: "DataWithResponseInit"; data: unknown; init: ResponseInit | null };
function isDataWithInit(value: unknown): value is DataWithInit {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "DataWithResponseInit";
}

export type Body = URLSearchParams | FormData | string | null;

export function request(method: "GET" | "POST", url: string, options: { cookie?: string; body?: Body; headers?: Record<string, string> } = {}) {
  const headers = new Headers(options.headers);
  if (options.cookie) headers.set("cookie", options.cookie);
  if (typeof options.body === "string" && !headers.has("content-type")) headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(new URL(url, "http://localhost"), { method, headers, body: method === "GET" ? null : options.body });
}

export async function debtorCookie(debtorId: string) {
  const session = await createDebtorSession(debtorId, null);
  return { cookie: `${debtorCookieName()}=${encodeURIComponent(session.token)}`, token: session.token, id: session.id };
}

/** A full session (second factor given) or a pending one (password only). */
export async function creditorCookie(userId: string, full = true) {
  const session = await createCreditorSession(userId, full);
  return { cookie: `${creditorCookieName()}=${encodeURIComponent(session.token)}`, token: session.token, id: session.id };
}

// Columns that move by themselves while a session is used (sliding expiry): a change
// there is not a write by the request under test.
const VOLATILE: Record<string, string> = {
  debtor_sessions: "id, debtor_id, access_link_id, created_at",
  creditor_sessions: "id, user_id, second_factor_at, created_at",
};

let tableNames: string[] | null = null;

/** Row count and an md5 of every row of every table, by table name. */
export async function digest(db: Db): Promise<Record<string, string>> {
  if (!tableNames) {
    const rows = await db.execute<{ name: string }>(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like '%drizzle%' order by 1`,
    );
    tableNames = rowsOf<{ name: string }>(rows).map((r) => r.name);
  }
  const parts = tableNames.map((name) => {
    const source = VOLATILE[name] ? `(select ${VOLATILE[name]} from "${name}")` : `"${name}"`;
    return `select '${name}' as name, count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from ${source} t`;
  });
  const result = await db.execute<{ name: string; h: string }>(sql.raw(parts.join(" union all ")));
  return Object.fromEntries(rowsOf<{ name: string; h: string }>(result).map((r) => [r.name, r.h]));
}

/** The tables whose digest differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).sort();
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres answers { rows }, PGlite's drizzle driver too; be lenient about both.
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
