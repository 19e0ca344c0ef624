// Sessions the Lucia way (lucia-auth.com/sessions): the cookie holds `id.secret`; the
// table holds the id and SHA-256(secret); validation compares in constant time; expiry
// slides with activity; deleting the row revokes. Debtor sessions also end after
// SESSION_IDLE_MINUTES without activity (WCAG 2.2.1: the page warns and lets you extend).
// A session remembers the access link it was opened through and lives no longer than it:
// the lookup reads the link's revocation with the session (one primary-key join), so a
// revoked link ends all of its sessions at once, whichever path revoked it, and the
// debtor is told why; the rows go on that request or with the expired ones.
import { eq, getTableColumns, lt, sql } from "drizzle-orm";
import { redirect } from "@remix-run/node";
import { db, preparedPerDatabase, schema } from "./db.server";
import { hexEqual, randomId, sha256Hex } from "./crypto.server";
import { readCookie, serializeCookie } from "./cookies.server";
import { getEnv } from "./env.server";

const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
// Writing last_seen on every request would be a write per page view; a minute is enough.
const TOUCH_EVERY_MS = 60 * 1000;

export function debtorCookieName() {
  return getEnv().secureCookies ? "__Host-portal_session" : "portal_session";
}

export type DebtorSession = typeof schema.debtorSessions.$inferSelect;
/** Why a presented session is not valid (the signed-out page says it calmly). */
export type SessionEnd = "expired" | "link";

function idleMs() {
  return getEnv().SESSION_IDLE_MINUTES * 60 * 1000;
}

export async function createDebtorSession(debtorId: string, accessLinkId: string | null) {
  const id = randomId();
  const secret = randomId();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + idleMs());
  await db()
    .insert(schema.debtorSessions)
    .values({
      id,
      secretHash: sha256Hex(secret),
      debtorId,
      accessLinkId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
    });
  return { token: `${id}.${secret}`, id, expiresAt };
}

// Every signed-in page view runs this lookup: prepared once per database. The link's
// revocation comes with it (a primary-key join, no extra round trip).
const sessionById = preparedPerDatabase((conn) =>
  conn
    .select({
      ...getTableColumns(schema.debtorSessions),
      linkRevokedAt: schema.accessLinks.revokedAt,
    })
    .from(schema.debtorSessions)
    .leftJoin(schema.accessLinks, eq(schema.accessLinks.id, schema.debtorSessions.accessLinkId))
    .where(eq(schema.debtorSessions.id, sql.placeholder("id")))
    .limit(1)
    .prepare("debtor_session_with_link_by_id"),
);

export async function validateDebtorSessionToken(
  token: string,
  now = new Date(),
): Promise<DebtorSession | null> {
  const checked = await checkDebtorSessionToken(token, now);
  return "session" in checked ? checked.session : null;
}

/** The session behind a cookie, or why there is none (`ended` only for a session that existed). */
export async function checkDebtorSessionToken(
  token: string,
  now = new Date(),
): Promise<{ session: DebtorSession } | { ended: SessionEnd | null }> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64)
    return { ended: null };
  const [found] = await sessionById().execute({ id });
  if (!found || !hexEqual(sha256Hex(secret), found.secretHash)) return { ended: null };
  const { linkRevokedAt, ...row } = found;
  // Not deleted here: the page's loaders look up in parallel, and each must read "link"
  // (deleteExpiredSessions removes the row).
  if (linkRevokedAt) return { ended: "link" };
  if (
    row.expiresAt.getTime() <= now.getTime() ||
    row.createdAt.getTime() + ABSOLUTE_LIFETIME_MS <= now.getTime()
  ) {
    await db().delete(schema.debtorSessions).where(eq(schema.debtorSessions.id, id));
    return { ended: "expired" };
  }
  return { session: await touch(row, now) };
}

async function touch(row: DebtorSession, now: Date): Promise<DebtorSession> {
  const id = row.id;
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const expiresAt = new Date(
      Math.min(now.getTime() + idleMs(), row.createdAt.getTime() + ABSOLUTE_LIFETIME_MS),
    );
    await db()
      .update(schema.debtorSessions)
      .set({ lastSeenAt: now, expiresAt })
      .where(eq(schema.debtorSessions.id, id));
    return { ...row, lastSeenAt: now, expiresAt };
  }
  return row;
}

/** Forces the sliding window forward now (the "Stay signed in" button). */
export async function extendDebtorSession(session: DebtorSession, now = new Date()) {
  const expiresAt = new Date(
    Math.min(now.getTime() + idleMs(), session.createdAt.getTime() + ABSOLUTE_LIFETIME_MS),
  );
  await db()
    .update(schema.debtorSessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(eq(schema.debtorSessions.id, session.id));
  return expiresAt;
}

export async function invalidateDebtorSession(sessionId: string) {
  await db().delete(schema.debtorSessions).where(eq(schema.debtorSessions.id, sessionId));
}

export async function deleteExpiredSessions(now = new Date()) {
  await db().delete(schema.debtorSessions).where(lt(schema.debtorSessions.expiresAt, now));
  await db()
    .delete(schema.debtorSessions)
    .where(
      sql`${schema.debtorSessions.accessLinkId} in (select id from access_links where revoked_at is not null)`,
    );
  await db().delete(schema.creditorSessions).where(lt(schema.creditorSessions.expiresAt, now));
}

export function debtorSessionCookie(token: string) {
  // A browser-session cookie: gone when the browser closes (shared phones, library PCs).
  return serializeCookie(debtorCookieName(), token, { secure: getEnv().secureCookies });
}

export function clearDebtorSessionCookie() {
  return serializeCookie(debtorCookieName(), "", {
    secure: getEnv().secureCookies,
    maxAgeSeconds: 0,
  });
}

// One lookup per request: the root loader and the page's loader run at the same time and
// share the lookup in flight for their cookie. (Remix hands each loader its own copy of
// the Request, so the Request cannot be the key.) Only lookups in flight are shared:
// the next request looks again.
type Checked = Awaited<ReturnType<typeof checkDebtorSessionToken>>;
const inFlight = new Map<string, Promise<Checked>>();

function checkRequest(request: Request): Promise<Checked> {
  const token = readCookie(request, debtorCookieName());
  if (!token) return Promise.resolve({ ended: null });
  let checked = inFlight.get(token);
  if (!checked) {
    checked = checkDebtorSessionToken(token).finally(() => inFlight.delete(token));
    inFlight.set(token, checked);
  }
  return checked;
}

export async function getDebtorSession(request: Request): Promise<DebtorSession | null> {
  const checked = await checkRequest(request);
  return "session" in checked ? checked.session : null;
}

/** The signed-in debtor's session, or a redirect to the calm "signed out" page. */
export async function requireDebtor(request: Request): Promise<DebtorSession> {
  const checked = await checkRequest(request);
  if (!("session" in checked)) {
    // A session ended because its link was withdrawn says so; anything else reads as the
    // usual idle sign-out (a stale or foreign cookie says nothing more).
    throw redirect(`/signed-out?reason=${checked.ended === "link" ? "link" : "expired"}`, {
      headers: { "Set-Cookie": clearDebtorSessionCookie() },
    });
  }
  return checked.session;
}
