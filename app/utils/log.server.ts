// Structured JSON logs, one line each. Only ids and codes: never tokens, secrets,
// names, emails, phone numbers, addresses or answers; never an error's message (it may
// echo input). `pathRedactor` turns request paths into route patterns.
import { getEnv } from "./env.server";

type Level = "debug" | "info" | "warn" | "error";
const ORDER = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
type Fields = Record<string, string | number | boolean | null | undefined>;

// Keys that must never reach a log line, even by mistake.
const FORBIDDEN = /token|secret|password|answer|email|phone|name|address|dob|postal|card|code$/i;
// Error and status codes are not access codes.
const ALLOWED = new Set(["statusCode", "errorCode", "pgCode"]);

export function log(level: Level, msg: string, fields: Fields = {}) {
  const threshold = ORDER[getEnv().LOG_LEVEL];
  if (ORDER[level] < threshold) return;
  const clean: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    clean[key] = FORBIDDEN.test(key) && !ALLOWED.has(key) ? "[redacted]" : value;
  }
  const line = JSON.stringify({ t: new Date().toISOString(), level, msg, ...clean });
  if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export type PathRedactor = (url: string) => string;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * What the request log may show of a URL: the route's pattern. Static segments stay;
 * every dynamic segment becomes its name (`/l/:token`, `/creditor/invite/:token`), except
 * the parameters in `allowed` (ids of owned records, not secrets), which stay when they
 * are UUIDs; a path no route names is `/*`; the query string never appears. `patterns`
 * are the route list's URL patterns (app/server/edge-paths.server.ts, routePatterns), so a
 * new route with a `$param` is redacted from the day it exists.
 */
export function pathRedactor(patterns: string[], allowed: ReadonlySet<string>): PathRedactor {
  const compiled = patterns
    .map((pattern) => ({ pattern, segments: pattern.split("/").filter(Boolean) }))
    // Most specific first: more static segments, then longer, splats last.
    .sort((a, b) => score(b.segments) - score(a.segments));
  return (url) => {
    let path = url.split(/[?#]/)[0];
    const data = path.endsWith(".data");
    if (data) path = path.slice(0, -".data".length);
    const segments = path.split("/").filter(Boolean);
    if (data && segments.length === 1 && segments[0] === "_root") return "/_root.data";
    for (const { segments: pattern } of compiled) {
      const out = matchSegments(pattern, segments, allowed);
      if (out) return "/" + out.join("/") + (data ? ".data" : "");
    }
    return "/*";
  };
}

function score(segments: string[]): number {
  let s = 0;
  for (const seg of segments) s += seg === "*" ? -1000 : seg.startsWith(":") ? 1 : 100;
  return s;
}

function matchSegments(
  pattern: string[],
  segments: string[],
  allowed: ReadonlySet<string>,
): string[] | null {
  const out: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p === "*") return [...out, "*"];
    const seg = segments[i];
    if (seg === undefined) return null;
    if (p.startsWith(":")) {
      const name = p.slice(1).replace(/\?$/, "");
      out.push(allowed.has(name) && UUID.test(seg) ? seg : `:${name}`);
    } else if (decodeSafely(seg).toLowerCase() === p.toLowerCase()) {
      out.push(p);
    } else {
      return null;
    }
  }
  return segments.length === pattern.length ? out : null;
}

function decodeSafely(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * An error as a log may show it: its class, its code, and where in the input it happened
 * (line, column, record number), never its message. Messages echo input: a CSV parser
 * quotes the cell, a header error the redirect value, Drizzle the query's parameters, a
 * mail server the address. The first stack frame says where in our code it was thrown.
 */
export function errorFields(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: "non-error thrown" };
  const fields: Fields = { error: error.name };
  const own = error as Error & Record<string, unknown>;
  const code = own.code;
  if (typeof code === "string" && /^[\w.-]{1,64}$/.test(code)) fields.errorCode = code;
  for (const key of [
    "lines",
    "line",
    "column",
    "records",
    "index",
    "status",
    "statusCode",
  ] as const) {
    const value = own[key];
    if (typeof value === "number" && Number.isFinite(value)) fields[key] = value;
  }
  const at = firstFrame(error.stack);
  if (at) fields.at = at;
  const cause =
    error.cause instanceof Error ? (error.cause as Error & Record<string, unknown>) : null;
  // Drizzle's "Failed query: <sql> params: <values>" carries the values (which may be
  // personal data): log the database's own codes instead.
  if (error.message.startsWith("Failed query")) fields.error = "query failed";
  if (cause) {
    fields.cause = cause.name;
    if (typeof cause.code === "string" && /^[\w.-]{1,64}$/.test(cause.code))
      fields.pgCode = cause.code;
    for (const key of ["constraint", "table", "routine"] as const) {
      if (typeof cause[key] === "string" && /^[\w.]{1,64}$/.test(cause[key] as string))
        fields[`pg_${key}`] = cause[key] as string;
    }
  }
  return fields;
}

function firstFrame(stack: string | undefined): string | null {
  if (!stack) return null;
  for (const line of stack.split("\n").slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+:\d+:\d+)\)?\s*$/.exec(line.trim());
    if (m) return m[1].replace(/^.*\/(app|build|db|node_modules)\//, "$1/").slice(0, 160);
  }
  return null;
}
