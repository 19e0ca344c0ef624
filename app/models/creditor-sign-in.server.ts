// Creditor sign-in, first step: email + password. Password guesses are throttled per
// (email, client address) pair and per email (creditor-sign-in-throttle.server.ts): the same
// for an unknown email as for a known one, so the answers never say whether an email exists,
// and a stranger's failures never lock the owner out for good. The second step
// (creditor-second-factor.server.ts) is only reached with the right password.
import { and, eq, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { enforce } from "~/utils/rate-limit.server";
import {
  createCreditorSession,
  creditorSessionCookie,
  invalidateCreditorSession,
  promotionMark,
  type CreditorSession,
  type CreditorUser,
} from "~/utils/creditor-session.server";
import { audit } from "./audit.server";
import {
  hashPassword,
  passwordNeedsRehash,
  verifyDummyPassword,
  verifyPassword,
} from "./creditor-credentials.server";
import { releaseOnSuccess, reserveSignInAttempt } from "./creditor-sign-in-throttle.server";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

export const SIGN_IN_MISMATCH =
  "That email and password don't match our records. Check both and try again.";
export const CODE_MISMATCH =
  "That code didn't work. Codes change every 30 seconds: enter the one your app shows now, or a recovery code.";

export function pausedMessage(minutes: number) {
  return `For your security, sign-in is paused for ${minutes} minute${minutes === 1 ? "" : "s"} after several unsuccessful tries. Please wait, then try again, or ask an owner of your account for help.`;
}

export function normalizeEmail(email: string) {
  return email.trim().toLowerCase();
}

export async function findUserByEmail(email: string): Promise<CreditorUser | null> {
  const [user] = await db()
    .select()
    .from(schema.creditorUsers)
    .where(sql`lower(${schema.creditorUsers.email}) = ${normalizeEmail(email)}`)
    .limit(1);
  return user ?? null;
}

export function minutesLeft(user: CreditorUser, now: Date): number {
  if (!user.lockedUntil || user.lockedUntil.getTime() <= now.getTime()) return 0;
  return Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000));
}

export const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

export type PasswordOutcome =
  | { kind: "error"; message: string }
  | { kind: "paused"; message: string }
  | { kind: "second-factor"; setCookie: string; enrolled: boolean };

export async function signInWithPassword(input: {
  email: string;
  password: string;
  ip: string;
  now?: Date;
}): Promise<PasswordOutcome> {
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email).slice(0, 254);
  enforce("signIn", input.ip);
  // Reserved before anything is looked up: an unknown email counts and pauses exactly
  // like a known one.
  const reservation = await reserveSignInAttempt(email, input.ip, now);
  if (!reservation.ok)
    return { kind: "paused", message: pausedMessage(minutesOf(reservation.retryAfterMs)) };
  const user = email ? await findUserByEmail(email) : null;
  // A wrong password that starts a pause says so at once (the next try would be refused).
  const wrong = (): PasswordOutcome =>
    reservation.pauseIfWrongMs > 0
      ? { kind: "paused", message: pausedMessage(minutesOf(reservation.pauseIfWrongMs)) }
      : { kind: "error", message: SIGN_IN_MISMATCH };
  if (!user || user.disabledAt || user.inviteTokenHash) {
    // The time of a real check, so the timing says nothing either.
    await verifyDummyPassword(input.password);
    return wrong();
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    await audit({
      actorType: "creditor_user",
      actorId: user.id,
      creditorId: user.creditorId,
      action: "creditor.sign_in.password_failed",
      targetType: "creditor_user",
      targetId: user.id,
      ip: input.ip,
    });
    return wrong();
  }
  await releaseOnSuccess(reservation.keys, now);
  // Only someone with the password learns that the second step is paused.
  const locked = minutesLeft(user, now);
  if (locked > 0) return { kind: "paused", message: pausedMessage(locked) };
  if (passwordNeedsRehash(user.passwordHash)) {
    // Stored under older scrypt parameters: rehashed now, while the password is at hand.
    const passwordHash = await hashPassword(input.password);
    await db()
      .update(schema.creditorUsers)
      .set({ passwordHash })
      .where(
        and(
          eq(schema.creditorUsers.id, user.id),
          eq(schema.creditorUsers.passwordHash, user.passwordHash),
        ),
      );
    await audit({
      actorType: "system",
      creditorId: user.creditorId,
      action: "creditor.password_rehashed",
      targetType: "creditor_user",
      targetId: user.id,
      ip: input.ip,
    });
  }
  const session = await createCreditorSession(user.id, false, now);
  return {
    kind: "second-factor",
    setCookie: creditorSessionCookie(session.token),
    enrolled: user.totpEnabledAt !== null,
  };
}

/** The second step passed: the pending session is replaced by a full one, the count reset. */
export async function completeSignIn(
  pending: CreditorSession,
  ip: string,
  action: string,
  now: Date,
) {
  await invalidateCreditorSession(pending.session.id);
  const session = await createCreditorSession(
    pending.user.id,
    true,
    now,
    promotionMark(pending.session),
  );
  await db()
    .update(schema.creditorUsers)
    .set({ failedSignIns: 0, lockedUntil: null, lastSignInAt: now })
    .where(eq(schema.creditorUsers.id, pending.user.id));
  await audit({
    actorType: "creditor_user",
    actorId: pending.user.id,
    creditorId: pending.user.creditorId,
    action,
    targetType: "creditor_user",
    targetId: pending.user.id,
    ip,
  });
  return { cookie: creditorSessionCookie(session.token), sessionId: session.id };
}

export async function signOutCreditor(found: CreditorSession | null, ip: string) {
  if (!found) return;
  await invalidateCreditorSession(found.session.id);
  await audit({
    actorType: "creditor_user",
    actorId: found.user.id,
    creditorId: found.user.creditorId,
    action: "creditor.signed_out",
    targetType: "creditor_user",
    targetId: found.user.id,
    ip,
  });
}
