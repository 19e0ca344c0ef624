// Creditor sessions, the Lucia way like the debtor's (app/utils/session.server.ts) but in
// their own table and cookie. A session starts "pending" after the password (10 minutes to
// give the second factor, good for nothing else) and becomes full when the TOTP or a
// recovery code is accepted, under a new id (no fixation). Full sessions slide with
// activity (60 idle minutes, warned before the end) and end after 12 hours regardless.
import { and, eq, gt, isNull } from "drizzle-orm";
import { redirect } from "@remix-run/node";
import { db, schema } from "./db.server";
import { hexEqual, randomId, sha256Hex } from "./crypto.server";
import { readCookie, serializeCookie } from "./cookies.server";
import { getEnv } from "./env.server";

export const PENDING_LIFETIME_MS = 10 * 60 * 1000;
export const IDLE_MS = 60 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
const TOUCH_EVERY_MS = 60 * 1000;

export type CreditorUser = typeof schema.creditorUsers.$inferSelect;
export type CreditorSessionRow = typeof schema.creditorSessions.$inferSelect;
export type CreditorSession = { session: CreditorSessionRow; user: CreditorUser };
export type SignedInCreditor = CreditorSession & {
  creditor: { id: string; displayName: string; timezone: string; currency: string };
};

export function creditorCookieName() {
  return getEnv().secureCookies ? "__Host-creditor_session" : "creditor_session";
}

export async function createCreditorSession(
  userId: string,
  secondFactor: boolean,
  now = new Date(),
  promotedFrom: string | null = null,
) {
  const id = randomId();
  const secret = randomId();
  const expiresAt = new Date(now.getTime() + (secondFactor ? IDLE_MS : PENDING_LIFETIME_MS));
  await db()
    .insert(schema.creditorSessions)
    .values({
      id,
      secretHash: sha256Hex(secret),
      userId,
      secondFactorAt: secondFactor ? now : null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      promotedFrom,
    });
  return { token: `${id}.${secret}`, id, expiresAt };
}

export async function validateCreditorSessionToken(
  token: string,
  now = new Date(),
): Promise<CreditorSession | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return null;
  const [row] = await db()
    .select({ session: schema.creditorSessions, user: schema.creditorUsers })
    .from(schema.creditorSessions)
    .innerJoin(schema.creditorUsers, eq(schema.creditorUsers.id, schema.creditorSessions.userId))
    .where(eq(schema.creditorSessions.id, id))
    .limit(1);
  if (!row || !hexEqual(sha256Hex(secret), row.session.secretHash)) return null;
  const { session, user } = row;
  const expired =
    session.expiresAt.getTime() <= now.getTime() ||
    session.createdAt.getTime() + ABSOLUTE_LIFETIME_MS <= now.getTime() ||
    user.disabledAt !== null;
  if (expired) {
    await db().delete(schema.creditorSessions).where(eq(schema.creditorSessions.id, id));
    return null;
  }
  if (session.secondFactorAt && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    const expiresAt = slidExpiry(session, now);
    await db()
      .update(schema.creditorSessions)
      .set({ lastSeenAt: now, expiresAt })
      .where(eq(schema.creditorSessions.id, id));
    return { session: { ...session, lastSeenAt: now, expiresAt }, user };
  }
  return row;
}

function slidExpiry(session: CreditorSessionRow, now: Date) {
  return new Date(
    Math.min(now.getTime() + IDLE_MS, session.createdAt.getTime() + ABSOLUTE_LIFETIME_MS),
  );
}

/** "Stay signed in": moves the idle deadline now. */
export async function extendCreditorSession(session: CreditorSessionRow, now = new Date()) {
  const expiresAt = slidExpiry(session, now);
  await db()
    .update(schema.creditorSessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(eq(schema.creditorSessions.id, session.id));
  return expiresAt;
}

export async function invalidateCreditorSession(sessionId: string) {
  await db().delete(schema.creditorSessions).where(eq(schema.creditorSessions.id, sessionId));
}

export async function invalidateCreditorUserSessions(userId: string) {
  await db().delete(schema.creditorSessions).where(eq(schema.creditorSessions.userId, userId));
}

/** Deletes the user's pending (password-only) sessions: after a lock-out, for instance. */
export async function invalidatePendingSessions(userId: string) {
  await db()
    .delete(schema.creditorSessions)
    .where(
      and(
        eq(schema.creditorSessions.userId, userId),
        isNull(schema.creditorSessions.secondFactorAt),
      ),
    );
}

export function creditorSessionCookie(token: string) {
  // A browser-session cookie, like the debtor's.
  return serializeCookie(creditorCookieName(), token, { secure: getEnv().secureCookies });
}

export function clearCreditorSessionCookie() {
  return serializeCookie(creditorCookieName(), "", {
    secure: getEnv().secureCookies,
    maxAgeSeconds: 0,
  });
}

export async function getCreditorSession(request: Request): Promise<CreditorSession | null> {
  const token = readCookie(request, creditorCookieName());
  return token ? validateCreditorSessionToken(token) : null;
}

function signInRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const to =
    back === "/creditor" || back === "/creditor/"
      ? "/creditor/sign-in"
      : `/creditor/sign-in?redirectTo=${encodeURIComponent(back)}`;
  return redirect(to, { headers: { "Set-Cookie": clearCreditorSessionCookie() } });
}

/** A fully signed-in creditor user (password and second factor), or a redirect to sign in. */
export async function requireCreditorUser(request: Request): Promise<SignedInCreditor> {
  const found = await getCreditorSession(request);
  if (!found) throw signInRedirect(request);
  if (!found.session.secondFactorAt) {
    throw redirect(
      found.user.totpEnabledAt ? "/creditor/two-factor" : "/creditor/two-factor/setup",
    );
  }
  const [creditor] = await db()
    .select({
      id: schema.creditors.id,
      displayName: schema.creditors.displayName,
      timezone: schema.creditors.timezone,
      currency: schema.creditors.currency,
    })
    .from(schema.creditors)
    .where(eq(schema.creditors.id, found.user.creditorId));
  if (!creditor) throw signInRedirect(request);
  return { ...found, creditor };
}

/** Owners only (policy, branding, users): staff get a 403. */
export async function requireCreditorOwner(request: Request): Promise<SignedInCreditor> {
  const signedIn = await requireCreditorUser(request);
  if (signedIn.user.role !== "owner")
    throw new Response("Only an owner can do this", { status: 403 });
  return signedIn;
}

const JUST_PROMOTED_MS = 2 * 60_000;

/**
 * Whether the pending session named by this request's cookie was promoted to a full one in
 * the last two minutes. A form posted without JavaScript is answered by the action and then
 * the page's loaders, which still see the old cookie (the new one is in the answer): they
 * must not take the promotion for a lost session and sign the user out.
 */
export async function wasJustPromoted(request: Request, now = new Date()): Promise<boolean> {
  const token = readCookie(request, creditorCookieName());
  const [id, secret, extra] = (token ?? "").split(".");
  if (!id || !secret || extra !== undefined || id.length > 64 || secret.length > 64) return false;
  const [row] = await db()
    .select({ id: schema.creditorSessions.id })
    .from(schema.creditorSessions)
    .where(
      and(
        eq(
          schema.creditorSessions.promotedFrom,
          promotionMark({ id, secretHash: sha256Hex(secret) }),
        ),
        gt(schema.creditorSessions.createdAt, new Date(now.getTime() - JUST_PROMOTED_MS)),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** What a full session records of the pending one it replaced: its id and secret hash (so only that cookie's holder can ask). */
export function promotionMark(pending: Pick<CreditorSessionRow, "id" | "secretHash">): string {
  return `${pending.id}:${pending.secretHash}`;
}

/** The session between the password and the second factor. */
export async function requirePendingCreditorSession(request: Request): Promise<CreditorSession> {
  const found = await getCreditorSession(request);
  if (!found)
    throw redirect("/creditor/sign-in", {
      headers: { "Set-Cookie": clearCreditorSessionCookie() },
    });
  if (found.session.secondFactorAt) throw redirect("/creditor");
  return found;
}
