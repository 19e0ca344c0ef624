// Creditor sign-in: email + password, then a TOTP code (or a one-time recovery code).
// Password guesses are throttled per (email, client address) pair and per email
// (creditor-sign-in-throttle.server.ts): the same for an unknown email as for a known one,
// so the answers never say whether an email exists, and a stranger's failures never lock
// the owner out for good. The second step is only reached with the right password; five
// wrong codes there pause the account for 15 minutes and end its pending sessions.
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { enforce } from "~/utils/rate-limit.server";
import { randomUrlToken, sha256Hex } from "~/utils/crypto.server";
import {
  createCreditorSession,
  creditorSessionCookie,
  invalidateCreditorSession,
  invalidatePendingSessions,
  promotionMark,
  type CreditorSession,
  type CreditorUser,
} from "~/utils/creditor-session.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import {
  decodeTotpKey,
  decryptTotpKey,
  encryptTotpKey,
  hashPassword,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  passwordNeedsRehash,
  passwordProblem,
  verifyDummyPassword,
  verifyPassword,
} from "./creditor-credentials.server";
import { releaseOnSuccess, reserveSignInAttempt } from "./creditor-sign-in-throttle.server";

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;
export const INVITE_DAYS = 7;

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

async function findUserByEmail(email: string): Promise<CreditorUser | null> {
  const [user] = await db()
    .select()
    .from(schema.creditorUsers)
    .where(sql`lower(${schema.creditorUsers.email}) = ${normalizeEmail(email)}`)
    .limit(1);
  return user ?? null;
}

function minutesLeft(user: CreditorUser, now: Date): number {
  if (!user.lockedUntil || user.lockedUntil.getTime() <= now.getTime()) return 0;
  return Math.max(1, Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 60_000));
}

const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));

/**
 * Reserves one second-factor try in one statement, before the code is compared: parallel
 * guesses can never get more than five comparisons. A lock that has run out starts a
 * fresh count. Null when the account is paused (or five tries are already in flight).
 */
async function reserveCodeAttempt(user: CreditorUser, now: Date): Promise<number | null> {
  const u = schema.creditorUsers;
  const iso = now.toISOString();
  const expired = sql`(${u.lockedUntil} is not null and ${u.lockedUntil} <= ${iso}::timestamptz)`;
  const [reserved] = await db()
    .update(u)
    .set({
      failedSignIns: sql`case when ${expired} then 1 else ${u.failedSignIns} + 1 end`,
      lockedUntil: sql`case when ${expired} then null else ${u.lockedUntil} end`,
    })
    .where(
      and(
        eq(u.id, user.id),
        sql`(${u.lockedUntil} is null and ${u.failedSignIns} < ${MAX_FAILED_SIGN_INS} or ${expired})`,
      ),
    )
    .returning({ attempt: u.failedSignIns });
  return reserved?.attempt ?? null;
}

/** A reserved code try that failed: audited; the fifth pauses the account. */
async function recordCodeFailure(
  user: CreditorUser,
  attempt: number,
  ip: string,
  now = new Date(),
): Promise<boolean> {
  await audit({
    actorType: "creditor_user",
    actorId: user.id,
    creditorId: user.creditorId,
    action: "creditor.sign_in.code_failed",
    targetType: "creditor_user",
    targetId: user.id,
    ip,
    details: { attempt },
  });
  if (attempt < MAX_FAILED_SIGN_INS) return false;
  const u = schema.creditorUsers;
  // Only while the count still stands (a right code in parallel resets it).
  await db()
    .update(u)
    .set({ lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) })
    .where(and(eq(u.id, user.id), sql`${u.failedSignIns} >= ${MAX_FAILED_SIGN_INS}`));
  await invalidatePendingSessions(user.id);
  await audit({
    actorType: "system",
    creditorId: user.creditorId,
    action: "creditor.sign_in.locked",
    targetType: "creditor_user",
    targetId: user.id,
    ip,
  });
  return true;
}

async function pausedFor(
  user: CreditorUser,
  now: Date,
): Promise<{ kind: "paused"; message: string }> {
  const [fresh] = await db()
    .select()
    .from(schema.creditorUsers)
    .where(eq(schema.creditorUsers.id, user.id));
  return {
    kind: "paused",
    message: pausedMessage(fresh ? minutesLeft(fresh, now) || LOCK_MINUTES : LOCK_MINUTES),
  };
}

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

async function completeSignIn(pending: CreditorSession, ip: string, action: string, now: Date) {
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

export type CodeOutcome =
  | { kind: "signed-in"; setCookie: string; recoveryCodesLeft?: number }
  | { kind: "error"; message: string }
  | { kind: "paused"; message: string };

/** The second step: a TOTP code, or one of the recovery codes (used up on use). */
export async function verifySecondFactor(
  pending: CreditorSession,
  rawCode: string,
  ip: string,
  now = new Date(),
): Promise<CodeOutcome> {
  enforce("creditorSecondFactor", pending.user.id);
  const { user } = pending;
  const locked = minutesLeft(user, now);
  if (locked > 0) return { kind: "paused", message: pausedMessage(locked) };
  const code = rawCode.trim();
  if (!code)
    return {
      kind: "error",
      message: "Enter the 6-digit code from your authenticator app, or a recovery code.",
    };
  const attempt = await reserveCodeAttempt(user, now);
  if (attempt === null) return pausedFor(user, now);

  if (looksLikeRecoveryCode(code)) {
    const hash = hashRecoveryCode(code);
    // Removed in the same statement that finds it: a recovery code works once.
    const [used] = await db()
      .update(schema.creditorUsers)
      .set({ recoveryCodeHashes: sql`${schema.creditorUsers.recoveryCodeHashes} - ${hash}::text` })
      .where(
        and(
          eq(schema.creditorUsers.id, user.id),
          sql`${schema.creditorUsers.recoveryCodeHashes} ? ${hash}::text`,
        ),
      )
      .returning({ left: schema.creditorUsers.recoveryCodeHashes });
    if (used) {
      const { cookie } = await completeSignIn(
        pending,
        ip,
        "creditor.signed_in_with_recovery_code",
        now,
      );
      return { kind: "signed-in", setCookie: cookie, recoveryCodesLeft: used.left.length };
    }
  } else {
    const key = user.totpSecret ? decryptTotpKey(user.totpSecret) : null;
    const step = key ? matchTotp(key, code, user.totpLastStep, now.getTime()) : null;
    if (step !== null) {
      // Only a step later than the last accepted one: the same code cannot sign in twice.
      const [claimed] = await db()
        .update(schema.creditorUsers)
        .set({ totpLastStep: step })
        .where(
          and(
            eq(schema.creditorUsers.id, user.id),
            sql`(${schema.creditorUsers.totpLastStep} is null or ${schema.creditorUsers.totpLastStep} < ${step})`,
          ),
        )
        .returning({ id: schema.creditorUsers.id });
      if (claimed) {
        const { cookie } = await completeSignIn(pending, ip, "creditor.signed_in", now);
        return { kind: "signed-in", setCookie: cookie };
      }
    }
  }
  if (await recordCodeFailure(user, attempt, ip, now))
    return { kind: "paused", message: pausedMessage(LOCK_MINUTES) };
  return { kind: "error", message: CODE_MISMATCH };
}

export type EnrolOutcome =
  | { kind: "enrolled"; setCookie: string; recoveryCodes: string[] }
  | { kind: "error"; message: string }
  | { kind: "paused"; message: string };

/**
 * Turns on the second factor. The key travelled in the form (generated by the GET, which
 * stores nothing); it is trusted only once a code made from it checks out.
 */
export async function enrolTotp(
  pending: CreditorSession,
  keyBase32: string,
  rawCode: string,
  ip: string,
  now = new Date(),
): Promise<EnrolOutcome> {
  enforce("creditorSecondFactor", pending.user.id);
  const { user } = pending;
  if (user.totpEnabledAt)
    return {
      kind: "error",
      message: "Two-step sign-in is already set up. Sign in with a code from your app.",
    };
  const locked = minutesLeft(user, now);
  if (locked > 0) return { kind: "paused", message: pausedMessage(locked) };
  const key = decodeTotpKey(keyBase32);
  if (!key)
    return {
      kind: "error",
      message: "The setup key was damaged. Reload the page to get a new one.",
    };
  const attempt = await reserveCodeAttempt(user, now);
  if (attempt === null) {
    return pausedFor(user, now);
  }
  const step = matchTotp(key, rawCode, null, now.getTime());
  if (step === null) {
    if (await recordCodeFailure(user, attempt, ip, now))
      return { kind: "paused", message: pausedMessage(LOCK_MINUTES) };
    return {
      kind: "error",
      message:
        "That code didn't match. Check that your app shows the account you just added, then enter its current 6-digit code.",
    };
  }
  const { codes, hashes } = newRecoveryCodes();
  const [updated] = await db()
    .update(schema.creditorUsers)
    .set({
      totpSecret: encryptTotpKey(key),
      totpEnabledAt: now,
      totpLastStep: step,
      recoveryCodeHashes: hashes,
    })
    .where(and(eq(schema.creditorUsers.id, user.id), isNull(schema.creditorUsers.totpEnabledAt)))
    .returning({ id: schema.creditorUsers.id });
  if (!updated)
    return {
      kind: "error",
      message: "Two-step sign-in is already set up. Sign in with a code from your app.",
    };
  await audit({
    actorType: "creditor_user",
    actorId: user.id,
    creditorId: user.creditorId,
    action: "creditor.totp_enrolled",
    targetType: "creditor_user",
    targetId: user.id,
    ip,
  });
  const { cookie } = await completeSignIn(pending, ip, "creditor.signed_in", now);
  return { kind: "enrolled", setCookie: cookie, recoveryCodes: codes };
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

// ---------------------------------------------------------------------------------------
// Users of one creditor: list, invite, remove access. Every query is scoped by creditor.
// ---------------------------------------------------------------------------------------

export type TeamMember = {
  id: string;
  name: string;
  email: string;
  role: "owner" | "staff";
  state: "active" | "invited" | "invite_expired" | "removed" | "setup_pending";
  lastSignInAt: string | null;
};

export async function listTeam(creditorId: string, now = new Date()): Promise<TeamMember[]> {
  const rows = await db()
    .select()
    .from(schema.creditorUsers)
    .where(eq(schema.creditorUsers.creditorId, creditorId))
    .orderBy(asc(schema.creditorUsers.createdAt));
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    state: u.disabledAt
      ? "removed"
      : u.inviteTokenHash
        ? u.inviteExpiresAt && u.inviteExpiresAt.getTime() > now.getTime()
          ? "invited"
          : "invite_expired"
        : u.totpEnabledAt
          ? "active"
          : "setup_pending",
    lastSignInAt: u.lastSignInAt?.toISOString() ?? null,
  }));
}

export type InviteOutcome =
  { ok: true; userId: string; token: string } | { ok: false; errors: Record<string, string> };

export async function inviteUser(input: {
  creditorId: string;
  actorId: string;
  email: string;
  name: string;
  role: "owner" | "staff";
  ip: string;
  now?: Date;
}): Promise<InviteOutcome> {
  const now = input.now ?? new Date();
  const email = normalizeEmail(input.email);
  const name = input.name.trim();
  const errors: Record<string, string> = {};
  if (!name) errors.name = "Enter the person's name.";
  else if (name.length > 100) errors.name = "Keep the name to 100 characters.";
  if (!/^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(email) || email.length > 254)
    errors.email = "Enter an email address like name@example.com.";
  if (input.role !== "owner" && input.role !== "staff") errors.role = "Choose owner or staff.";
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const existing = await findUserByEmail(email);
  const token = randomUrlToken();
  const invite = {
    inviteTokenHash: sha256Hex(token),
    inviteExpiresAt: new Date(now.getTime() + INVITE_DAYS * 86_400_000),
    invitedBy: input.actorId,
  };
  if (existing && existing.creditorId === input.creditorId && existing.disabledAt) {
    // Someone whose access was removed (or who lost their phone) is invited again: a fresh
    // start, with a new password and a new second factor.
    await db()
      .update(schema.creditorUsers)
      .set({
        ...invite,
        name,
        role: input.role,
        passwordHash: "!",
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        recoveryCodeHashes: [],
        failedSignIns: 0,
        lockedUntil: null,
        disabledAt: null,
      })
      .where(eq(schema.creditorUsers.id, existing.id));
    await audit({
      actorType: "creditor_user",
      actorId: input.actorId,
      creditorId: input.creditorId,
      action: "creditor.user_invited",
      targetType: "creditor_user",
      targetId: existing.id,
      ip: input.ip,
      details: { role: input.role, again: true },
    });
    return { ok: true, userId: existing.id, token };
  }
  if (existing) {
    // Says only that the address is taken, not by whom: users belong to one creditor each.
    return {
      ok: false,
      errors: {
        email: "This email address already has access to the portal. Use another address.",
      },
    };
  }
  const [user] = await db()
    .insert(schema.creditorUsers)
    .values({
      creditorId: input.creditorId,
      email,
      name,
      role: input.role,
      // No password until the invitation is accepted; "!" never matches a scrypt hash.
      passwordHash: "!",
      ...invite,
    })
    .returning({ id: schema.creditorUsers.id });
  await audit({
    actorType: "creditor_user",
    actorId: input.actorId,
    creditorId: input.creditorId,
    action: "creditor.user_invited",
    targetType: "creditor_user",
    targetId: user.id,
    ip: input.ip,
    details: { role: input.role },
  });
  return { ok: true, userId: user.id, token };
}

/** The invitation behind a token, if it is still good (for the GET: changes nothing). */
export async function findInvite(token: string, now = new Date()) {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [row] = await db()
    .select({ user: schema.creditorUsers, creditorName: schema.creditors.displayName })
    .from(schema.creditorUsers)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.creditorUsers.creditorId))
    .where(
      and(
        eq(schema.creditorUsers.inviteTokenHash, sha256Hex(token)),
        gt(schema.creditorUsers.inviteExpiresAt, now),
        isNull(schema.creditorUsers.disabledAt),
      ),
    )
    .limit(1);
  return row
    ? {
        userId: row.user.id,
        email: row.user.email,
        name: row.user.name,
        creditorName: row.creditorName,
      }
    : null;
}

export type AcceptOutcome =
  | { ok: true; setCookie: string }
  | { ok: false; errors: Record<string, string> }
  | { ok: false; invalid: true };

/** Sets the password; the new user then sets up the second factor (a pending session). */
export async function acceptInvite(input: {
  token: string;
  password: string;
  confirm: string;
  ip: string;
  now?: Date;
}): Promise<AcceptOutcome> {
  const now = input.now ?? new Date();
  enforce("creditorInvite", input.ip);
  const invite = await findInvite(input.token, now);
  if (!invite) return { ok: false, invalid: true };
  const problem = passwordProblem(input.password, invite.email);
  if (problem) return { ok: false, errors: { password: problem } };
  if (input.password !== input.confirm)
    return {
      ok: false,
      errors: { confirm: "The two passwords are different. Type the same password twice." },
    };
  const passwordHash = await hashPassword(input.password);
  const [updated] = await db()
    .update(schema.creditorUsers)
    .set({ passwordHash, inviteTokenHash: null, inviteExpiresAt: null })
    .where(
      and(
        eq(schema.creditorUsers.id, invite.userId),
        eq(schema.creditorUsers.inviteTokenHash, sha256Hex(input.token)),
      ),
    )
    .returning({ id: schema.creditorUsers.id, creditorId: schema.creditorUsers.creditorId });
  if (!updated) return { ok: false, invalid: true };
  await audit({
    actorType: "creditor_user",
    actorId: updated.id,
    creditorId: updated.creditorId,
    action: "creditor.invite_accepted",
    targetType: "creditor_user",
    targetId: updated.id,
    ip: input.ip,
  });
  const session = await createCreditorSession(updated.id, false, now);
  return { ok: true, setCookie: creditorSessionCookie(session.token) };
}

/** Ends a user's access (and every session). The last active owner cannot be removed. */
export async function removeUser(input: {
  creditorId: string;
  actorId: string;
  userId: string;
  ip: string;
}): Promise<{ ok: true } | { ok: false; message: string } | null> {
  // A posted id that is not a uuid would make PostgreSQL refuse the query (a 500): not found.
  if (!isUuid(input.userId)) return null;
  return db().transaction(async (tx) => {
    const [target] = await tx
      .select()
      .from(schema.creditorUsers)
      .where(
        and(
          eq(schema.creditorUsers.id, input.userId),
          eq(schema.creditorUsers.creditorId, input.creditorId),
        ),
      )
      .for("update");
    if (!target) return null;
    if (target.disabledAt) return { ok: true as const };
    if (target.id === input.actorId)
      return {
        ok: false as const,
        message: "You can't remove your own access. Ask another owner.",
      };
    if (target.role === "owner") {
      const [{ owners }] = await tx
        .select({ owners: sql<number>`count(*)::int` })
        .from(schema.creditorUsers)
        .where(
          and(
            eq(schema.creditorUsers.creditorId, input.creditorId),
            eq(schema.creditorUsers.role, "owner"),
            isNull(schema.creditorUsers.disabledAt),
          ),
        );
      if (owners <= 1)
        return { ok: false as const, message: "Every account needs at least one owner." };
    }
    await tx
      .update(schema.creditorUsers)
      .set({ disabledAt: new Date(), inviteTokenHash: null, inviteExpiresAt: null })
      .where(eq(schema.creditorUsers.id, target.id));
    await tx.delete(schema.creditorSessions).where(eq(schema.creditorSessions.userId, target.id));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: "creditor.user_removed",
        targetType: "creditor_user",
        targetId: target.id,
        ip: input.ip,
      },
      tx,
    );
    return { ok: true as const };
  });
}

/** One team member of this creditor, or null (another creditor's user is "not found"). */
export async function getTeamMember(creditorId: string, userId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return null;
  const team = await listTeam(creditorId);
  return team.find((m) => m.id === userId) ?? null;
}
