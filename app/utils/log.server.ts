// Structured JSON logs, one line each. Only ids and codes: never tokens, secrets,
// names, emails, phone numbers, addresses or answers. `redactPath` strips link tokens.
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

/** Removes secrets that travel in URLs: link tokens and query strings. */
export function redactPath(url: string): string {
  const path = url.split("?")[0];
  return path.replace(/^\/l\/[^/]+/, "/l/[redacted]").replace(/^\/unsubscribe\/[^/]+/, "/unsubscribe/[redacted]");
}

export function errorFields(error: unknown): Fields {
  if (!(error instanceof Error)) return { error: "non-error thrown" };
  // Drizzle's "Failed query: <sql> params: <values>" carries the values (which may be
  // personal data): log the database's own cause instead.
  const cause = error.cause instanceof Error ? (error.cause as Error & { code?: string }) : null;
  if (error.message.startsWith("Failed query")) {
    return { error: "query failed", cause: cause?.message.slice(0, 200) ?? null, pgCode: cause?.code ?? null };
  }
  return { error: error.name, detail: error.message.slice(0, 300), cause: cause?.message.slice(0, 200) ?? null };
}
