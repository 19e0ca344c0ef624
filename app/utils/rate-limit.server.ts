// Fixed-window counters in memory. One web process enforces its own share; behind a load
// balancer with N processes the effective limit is N times higher, which still stops
// brute force (verification also locks the link in the database after 5 wrong answers).
// See docs/decisions/rate-limits.md.
import { getEnv } from "./env.server";

type Window = { count: number; resetAt: number };
// On globalThis so the server entry, the Remix bundle and tests share one set of counters.
const KEY = Symbol.for("debtor-portal.rate-limits");
const windows: Map<string, Window> = ((globalThis as { [KEY]?: Map<string, Window> })[KEY] ??=
  new Map());

export const LIMITS = {
  // per IP, every request that reaches the app (static files excluded)
  request: { max: 600, windowMs: 60_000 },
  linkOpen: { max: 30, windowMs: 10 * 60_000 },
  verifyIp: { max: 30, windowMs: 10 * 60_000 },
  verifyLink: { max: 10, windowMs: 10 * 60_000 },
  codeEntry: { max: 10, windowMs: 10 * 60_000 },
  resend: { max: 5, windowMs: 60 * 60_000 },
  signIn: { max: 10, windowMs: 10 * 60_000 },
  // creditor area (per email / user / IP; the account also locks in the database)
  creditorSecondFactor: { max: 10, windowMs: 15 * 60_000 },
  creditorInvite: { max: 20, windowMs: 60 * 60_000 },
  creditorUpload: { max: 30, windowMs: 10 * 60_000 },
  creditorLinkSend: { max: 200, windowMs: 60 * 60_000 },
  // Stripe webhook deliveries whose signature failed, per IP. Signed deliveries are never
  // counted (Stripe sends bursts from a few addresses); once an address has sent this many
  // bad ones, the edge refuses its next ones before reading their bodies.
  webhookRefused: { max: 60, windowMs: 10 * 60_000 },
} as const;

export type LimitName = keyof typeof LIMITS;

export type RateResult = { ok: boolean; retryAfterSeconds: number; remaining: number };

/** Counts one hit for `key` under `name`; RATE_LIMIT_MULTIPLIER scales every limit. */
export function hit(name: LimitName, key: string, now = Date.now()): RateResult {
  const { max, windowMs } = LIMITS[name];
  const limit = Math.max(1, Math.floor(max * getEnv().RATE_LIMIT_MULTIPLIER));
  const id = `${name}:${key}`;
  let w = windows.get(id);
  if (!w || w.resetAt <= now) {
    w = { count: 0, resetAt: now + windowMs };
    windows.set(id, w);
  }
  w.count += 1;
  if (windows.size > 50_000) sweep(now);
  return {
    ok: w.count <= limit,
    retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000),
    remaining: Math.max(0, limit - w.count),
  };
}

/** Whether `key` is already over `name`'s limit, without counting a hit. */
export function peek(name: LimitName, key: string, now = Date.now()): RateResult {
  const { max } = LIMITS[name];
  const limit = Math.max(1, Math.floor(max * getEnv().RATE_LIMIT_MULTIPLIER));
  const w = windows.get(`${name}:${key}`);
  if (!w || w.resetAt <= now) return { ok: true, retryAfterSeconds: 0, remaining: limit };
  return {
    ok: w.count < limit,
    retryAfterSeconds: Math.ceil((w.resetAt - now) / 1000),
    remaining: Math.max(0, limit - w.count),
  };
}

function sweep(now: number) {
  for (const [id, w] of windows) if (w.resetAt <= now) windows.delete(id);
}

export function resetRateLimitsForTests() {
  windows.clear();
}

/** Throws a calm 429 (rendered by the error boundary) when over the limit. */
export function enforce(name: LimitName, key: string) {
  const result = hit(name, key);
  if (!result.ok) {
    throw new Response("Too many requests", {
      status: 429,
      headers: { "Retry-After": String(result.retryAfterSeconds) },
    });
  }
}
