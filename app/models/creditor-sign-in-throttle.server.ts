// How many password guesses the creditor sign-in lets through, designed so that a stranger
// can neither lock a user out for good nor learn which emails exist
// (docs/decisions/0011-creditor-sign-in-throttling.md):
//
// - per (email, client address) pair: 5 free tries, then a pause that doubles with each
//   further failure (1, 2, 4 … 60 minutes); forgotten 24 hours after the first failure.
//   An attacker's address is slowed; the owner, from anywhere else, is not.
// - per email, from every address together: at most 50 failures an hour, then paused until
//   that hour is over. Slower, and it always runs out.
//
// Both count the string typed, known user or not (the key is a keyed hash of it), so an
// unknown email is answered exactly like a known one. An attempt is *reserved* in one
// statement before the password is compared: parallel guesses can never get more
// comparisons than the counts allow. A right password gives its reservation back.
import { sql } from "drizzle-orm";
import { rowsOf } from "~/utils/bulk-insert.server";
import { pepperedHash } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";

export const PAIR_FREE_FAILURES = 5;
export const PAIR_FIRST_PAUSE_MS = 60_000;
export const PAIR_MAX_PAUSE_MS = 60 * 60_000;
export const PAIR_WINDOW_MS = 24 * 60 * 60_000;
export const EMAIL_MAX_FAILURES = 50;
export const EMAIL_WINDOW_MS = 60 * 60_000;

type Scope = "pair" | "email";

/** The pause after the n-th failure of a pair (0 before the 5th). */
export function pairPauseMs(failures: number): number {
  if (failures < PAIR_FREE_FAILURES) return 0;
  return Math.min(PAIR_MAX_PAUSE_MS, PAIR_FIRST_PAUSE_MS * 2 ** (failures - PAIR_FREE_FAILURES));
}

export function throttleKeys(email: string, ip: string) {
  return {
    pair: pepperedHash(`sign-in-pair:${email}\n${ip}`),
    email: pepperedHash(`sign-in-email:${email}`),
  };
}

export type Reservation =
  | {
      ok: true;
      keys: { pair: string; email: string };
      /** The pause this attempt starts if it fails (0: none). */ pauseIfWrongMs: number;
    }
  | { ok: false; retryAfterMs: number };

/**
 * Reserves one password comparison for `email` from `ip`, or says how long to wait.
 * Counted as a failure until `releaseOnSuccess` gives it back.
 */
export async function reserveSignInAttempt(
  email: string,
  ip: string,
  now: Date,
): Promise<Reservation> {
  const keys = throttleKeys(email, ip);
  const byEmail = await reserve(keys.email, "email", now);
  if (!byEmail.ok) return byEmail;
  const byPair = await reserve(keys.pair, "pair", now);
  if (!byPair.ok) {
    // Not compared after all: the email's count gets its reservation back.
    await giveBack(keys.email, now);
    return byPair;
  }
  const emailPause =
    byEmail.failures >= EMAIL_MAX_FAILURES
      ? Math.max(1_000, byEmail.windowEndsAt - now.getTime())
      : 0;
  return { ok: true, keys, pauseIfWrongMs: Math.max(pairPauseMs(byPair.failures), emailPause) };
}

/** The password was right: the pair starts afresh, the email's count loses this attempt. */
export async function releaseOnSuccess(keys: { pair: string; email: string }, now: Date) {
  await db()
    .delete(schema.signInThrottles)
    .where(sql`${schema.signInThrottles.key} = ${keys.pair}`);
  await giveBack(keys.email, now);
}

async function reserve(
  key: string,
  scope: Scope,
  now: Date,
): Promise<
  { ok: true; failures: number; windowEndsAt: number } | { ok: false; retryAfterMs: number }
> {
  // Columns of the row in conflict, under the insert's alias.
  const t = { failures: sql.raw("t.failures"), windowStartedAt: sql.raw("t.window_started_at") };
  const nowIso = now.toISOString();
  const windowMs = scope === "pair" ? PAIR_WINDOW_MS : EMAIL_WINDOW_MS;
  const windowOver = sql`${t.windowStartedAt} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`;
  const next = sql`(case when ${windowOver} then 1 else ${t.failures} + 1 end)`;
  const start = sql`(case when ${windowOver} then ${nowIso}::timestamptz else ${t.windowStartedAt} end)`;
  // The pause this attempt would earn if it fails, set now so parallel guesses see it.
  const lock =
    scope === "pair"
      ? sql`case when ${next} >= ${PAIR_FREE_FAILURES} then ${nowIso}::timestamptz + least(${PAIR_MAX_PAUSE_MS}::float8, ${PAIR_FIRST_PAUSE_MS}::float8 * power(2, ${next} - ${PAIR_FREE_FAILURES})) * interval '1 millisecond' end`
      : sql`case when ${next} >= ${EMAIL_MAX_FAILURES} then ${start} + ${EMAIL_WINDOW_MS}::float8 * interval '1 millisecond' end`;
  const firstLock = scope === "pair" ? pairPauseMs(1) : 0;
  const rows = await db().execute(sql`
    insert into sign_in_throttles as t (key, scope, failures, window_started_at, locked_until, updated_at)
    values (${key}, ${scope}, 1, ${nowIso}::timestamptz, ${firstLock ? new Date(now.getTime() + firstLock).toISOString() : null}::timestamptz, ${nowIso}::timestamptz)
    on conflict (key) do update set
      failures = ${next},
      window_started_at = ${start},
      locked_until = ${lock},
      updated_at = ${nowIso}::timestamptz
    where t.locked_until is null or t.locked_until <= ${nowIso}::timestamptz
    returning t.failures, t.window_started_at`);
  const [row] = rowsOf<{ failures: number; window_started_at: string | Date }>(rows);
  if (row)
    return {
      ok: true,
      failures: Number(row.failures),
      windowEndsAt: new Date(row.window_started_at).getTime() + windowMs,
    };
  const [held] = rowsOf<{ locked_until: string | Date | null }>(
    await db().execute(sql`select locked_until from sign_in_throttles where key = ${key}`),
  );
  const until = held?.locked_until
    ? new Date(held.locked_until).getTime()
    : now.getTime() + PAIR_FIRST_PAUSE_MS;
  return { ok: false, retryAfterMs: Math.max(1_000, until - now.getTime()) };
}

async function giveBack(key: string, now: Date) {
  await db().execute(sql`
    update sign_in_throttles set
      failures = greatest(failures - 1, 0),
      locked_until = case when failures - 1 < ${EMAIL_MAX_FAILURES} and scope = 'email' then null else locked_until end,
      updated_at = ${now.toISOString()}::timestamptz
    where key = ${key}`);
}

/** Forgets counts whose window is over and whose pause has ended (run by the worker). */
export async function deleteStaleThrottles(now = new Date()) {
  const cutoff = new Date(now.getTime() - PAIR_WINDOW_MS).toISOString();
  await db().execute(sql`
    delete from sign_in_throttles
    where window_started_at <= ${cutoff}::timestamptz and (locked_until is null or locked_until <= ${now.toISOString()}::timestamptz)`);
}
