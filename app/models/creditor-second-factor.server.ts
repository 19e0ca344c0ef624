// Creditor sign-in, second step: a TOTP code (or a one-time recovery code), and enrolling
// the authenticator app. Five wrong codes pause the account for 15 minutes and end its
// pending sessions.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { enforce } from "~/utils/rate-limit.server";
import {
  invalidatePendingSessions,
  type CreditorSession,
  type CreditorUser,
} from "~/utils/creditor-session.server";
import { audit } from "./audit.server";
import {
  decodeTotpKey,
  decryptTotpKey,
  encryptTotpKey,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
} from "./creditor-credentials.server";
import {
  CODE_MISMATCH,
  completeSignIn,
  LOCK_MINUTES,
  MAX_FAILED_SIGN_INS,
  minutesLeft,
  pausedMessage,
} from "./creditor-sign-in.server";

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
