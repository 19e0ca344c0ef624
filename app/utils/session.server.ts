// Sessions the Lucia way (lucia-auth.com/sessions): the cookie holds `id.secret`; the
// table holds the id and SHA-256(secret); validation compares in constant time; expiry
// slides with activity; deleting the row revokes. Debtor sessions also end after
// SESSION_IDLE_MINUTES without activity (WCAG 2.2.1: the page warns and lets you extend).
import { eq, lt, sql } from "drizzle-orm";
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

function idleMs() {
  return getEnv().SESSION_IDLE_MINUTES * 60 * 1000;
}

export async function createDebtorSession(debtorId: string, accessLinkId: string | null) {
  const id = randomId();
  const secret = randomId();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + idleMs());
  await db().insert(schema.debtorSessions).values({
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

// Every signed-in page view runs this lookup: prepared once per database.
const sessionById = preparedPerDatabase((conn) =>
  conn
    .select()
    .from(schema.debtorSessions)
    .where(eq(schema.debtorSessions.id, sql.placeholder("id")))
    .limit(1)
    .prepare("debtor_session_by_id"),
);

export async function validateDebtorSessionToken(
  token: string,
  now = new Date(),
): Promise<DebtorSession | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const [row] = await sessionById().execute({ id });
  if (!row || !hexEqual(sha256Hex(secret), row.secretHash)) return null;
  if (row.expiresAt.getTime() <= now.getTime() || row.createdAt.getTime() + ABSOLUTE_LIFETIME_MS <= now.getTime()) {
    await db().delete(schema.debtorSessions).where(eq(schema.debtorSessions.id, id));
    return null;
  }
  if (now.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const expiresAt = new Date(Math.min(now.getTime() + idleMs(), row.createdAt.getTime() + ABSOLUTE_LIFETIME_MS));
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
  const expiresAt = new Date(Math.min(now.getTime() + idleMs(), session.createdAt.getTime() + ABSOLUTE_LIFETIME_MS));
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
  await db().delete(schema.creditorSessions).where(lt(schema.creditorSessions.expiresAt, now));
}

export function debtorSessionCookie(token: string) {
  // A browser-session cookie: gone when the browser closes (shared phones, library PCs).
  return serializeCookie(debtorCookieName(), token, { secure: getEnv().secureCookies });
}

export function clearDebtorSessionCookie() {
  return serializeCookie(debtorCookieName(), "", { secure: getEnv().secureCookies, maxAgeSeconds: 0 });
}

// One lookup per request: the root loader and the page's loader share it (Remix hands
// every loader of a request the same Request; an action's loaders get a new one).
const sessionOfRequest = new WeakMap<Request, Promise<DebtorSession | null>>();

export function getDebtorSession(request: Request): Promise<DebtorSession | null> {
  let session = sessionOfRequest.get(request);
  if (!session) {
    const token = readCookie(request, debtorCookieName());
    session = token ? validateDebtorSessionToken(token) : Promise.resolve(null);
    sessionOfRequest.set(request, session);
  }
  return session;
}

/** The signed-in debtor's session, or a redirect to the calm "signed out" page. */
export async function requireDebtor(request: Request): Promise<DebtorSession> {
  const session = await getDebtorSession(request);
  if (!session) {
    throw redirect("/signed-out?reason=expired", {
      headers: { "Set-Cookie": clearDebtorSessionCookie() },
    });
  }
  return session;
}
