// Helpers for the security suite (tests/integration/security-*.test.ts), which talks HTTP
// to the real server (tests/support/http-server.ts): the route list as the production
// build serves it, requests with a session cookie and a client address, sessions minted
// straight in the database, the text a page shows, and a digest of every table to prove
// "nothing changed".
import http from "node:http";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import { createDebtorSession, debtorCookieName } from "../../app/utils/session.server";
import { createCreditorSession, creditorCookieName } from "../../app/utils/creditor-session.server";
import { loadBuild } from "./http-server";

export type RouteFile = {
  /** The route module's name, as its file in app/routes is named (`l.$token`). */
  name: string;
  /** Its URL pattern (`/l/:token`), parents included. */
  pattern: string;
  params: string[];
  hasLoader: boolean;
  hasAction: boolean;
};

/** Every route of the production build (so a new file in app/routes is in the list). */
export async function loadRoutes(): Promise<RouteFile[]> {
  const build = await loadBuild();
  const routes = build.routes as unknown as Record<
    string,
    {
      id: string;
      parentId?: string;
      path?: string;
      index?: boolean;
      module: Record<string, unknown>;
    }
  >;
  const full = (id: string): string => {
    const route = routes[id];
    const parent = route.parentId ? full(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  return Object.values(routes)
    .filter((r) => r.id.startsWith("routes/"))
    .map((r) => {
      const pattern = "/" + full(r.id);
      return {
        name: r.id.slice("routes/".length),
        pattern,
        params: [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]),
        hasLoader: typeof r.module.loader === "function",
        hasAction: typeof r.module.action === "function",
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A route's URL with its parameters filled in (a splat becomes `no-such-page`). */
export function urlOf(
  route: Pick<RouteFile, "pattern">,
  params: Record<string, string> = {},
): string {
  return (
    route.pattern
      .replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""))
      .replace(/\*$/, "no-such-page")
      .replace(/\/$/, "") || "/"
  );
}

export type Answer = {
  status: number;
  body: string;
  headers: Headers;
  location: string | null;
  /** The `name=value` of every Set-Cookie. */
  cookies: string[];
};

export type Body = URLSearchParams | FormData | string | null;
export type RequestOptions = {
  cookie?: string;
  ip?: string;
  body?: Body;
  headers?: Record<string, string>;
};

/**
 * Requests to the real server, over node:http (fetch would set Sec-Fetch-Mode itself and
 * resolve dot segments in the path). `ip` becomes X-Forwarded-For, which the server trusts
 * for one hop when started with TRUST_PROXY=1 (the test is the load balancer). Redirects
 * are not followed. A string body is sent as a form (urlencoded), as a browser would; a
 * FormData body as multipart.
 */
export function httpClient(baseUrl: string) {
  const base = new URL(baseUrl);
  const send = async (
    method: "GET" | "POST",
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer> => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.ip) headers["x-forwarded-for"] = options.ip;
    let bytes: Buffer | null = null;
    if (method !== "GET" && options.body !== null && options.body !== undefined) {
      const encoded = new Request("http://encode.invalid", { method: "POST", body: options.body });
      bytes = Buffer.from(await encoded.arrayBuffer());
      const type =
        typeof options.body === "string"
          ? "application/x-www-form-urlencoded"
          : encoded.headers.get("content-type");
      if (type && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type"))
        headers["content-type"] = type;
    }
    if (method !== "GET") headers["content-length"] = String(bytes?.length ?? 0);
    return new Promise((resolve, reject) => {
      // The path as given (a URL object would resolve dot segments and escapes first).
      const req = http.request(
        { host: base.hostname, port: base.port, path, method, headers, agent: false },
        (res) => {
          const parts: Buffer[] = [];
          res.on("data", (c: Buffer) => parts.push(c));
          res.on("end", () => {
            const answerHeaders = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) for (const v of value) answerHeaders.append(name, v);
              else if (value !== undefined) answerHeaders.set(name, value);
            }
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(parts).toString("utf8"),
              headers: answerHeaders,
              location: res.headers.location ?? null,
              cookies: (res.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]),
            });
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(bytes ?? undefined);
    });
  };
  return {
    get: (path: string, options?: Omit<RequestOptions, "body">) => send("GET", path, options),
    post: (path: string, options?: RequestOptions) => send("POST", path, options),
  };
}
export type HttpClient = ReturnType<typeof httpClient>;

/** The cookie a sign-in set, for the next requests: `name=value`, or "" when none. */
export function cookieNamed(answer: Answer, name: string): string {
  return answer.cookies.find((c) => c.startsWith(`${name}=`)) ?? "";
}

/** What a page shows in its <main> (or the whole text of a non-HTML answer). */
export function mainText(answer: Pick<Answer, "body" | "headers">): string {
  if (!(answer.headers.get("content-type") ?? "").includes("html")) return answer.body.trim();
  const main = /<main\b[^>]*>([\s\S]*?)<\/main>/i.exec(answer.body)?.[1] ?? answer.body;
  return decodeEntities(main.replace(/<script\b[\s\S]*?<\/script>/gi, " ").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

export function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

export async function debtorCookie(debtorId: string) {
  const session = await createDebtorSession(debtorId, null);
  return {
    cookie: `${debtorCookieName()}=${encodeURIComponent(session.token)}`,
    token: session.token,
    id: session.id,
  };
}

/** A full session (second factor given) or a pending one (password only). */
export async function creditorCookie(userId: string, full = true) {
  const session = await createCreditorSession(userId, full);
  return {
    cookie: `${creditorCookieName()}=${encodeURIComponent(session.token)}`,
    token: session.token,
    id: session.id,
  };
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
export function changedTables(
  before: Record<string, string>,
  after: Record<string, string>,
): string[] {
  return Object.keys({ ...before, ...after })
    .filter((k) => before[k] !== after[k])
    .sort();
}

function rowsOf<T>(result: unknown): T[] {
  // node-postgres answers { rows }, PGlite's drizzle driver too; be lenient about both.
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
