// Checking the debtor's answer to the one fact a link asks for (date of birth, postal code
// or the account's last four), with a lock after too many wrong answers.
import { and, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { hexEqual, pepperedHash } from "~/utils/crypto.server";
import type { VerificationFact } from "~/lib/verification";
import { parseAnswer, type AnswerError } from "~/lib/verification-input";
import { linkStatus, lockMinutesLeft, type AccessLink } from "./access-links.server";
import { getAccountCreditorId } from "./accounts.server";
import { audit } from "./audit.server";

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MINUTES = 30;

export type AnswerResult =
  | { result: "verified"; debtorId: string; accountId: string }
  | { result: "invalid_input"; error: AnswerError }
  | { result: "mismatch"; attemptsLeft: number }
  | { result: "locked"; minutes: number }
  | { result: "unusable" };

/**
 * Checks the answer against the stored keyed hash, in constant time. Five misses lock the
 * link. Each try is *reserved* in one statement before anything is compared: the count
 * goes up first, and a link with five tries counted (or locked) reserves nothing, so
 * answers sent in parallel never get more than five comparisons between them.
 */
export async function checkAnswer(
  link: AccessLink,
  fact: VerificationFact,
  rawAnswer: string,
  ip: string,
  now = new Date(),
): Promise<AnswerResult> {
  const status = linkStatus(link, now);
  if (status === "invalid") return { result: "unusable" };
  if (status === "locked") return { result: "locked", minutes: lockMinutesLeft(link, now) };
  // An answer that can't be read (a two-digit year, no such date) is never compared, so it
  // never counts as a try: only a well-formed wrong answer does.
  const normalized = parseAnswer(fact, rawAnswer, now);
  if (!normalized.ok) return { result: "invalid_input", error: normalized.error };

  const attempt = await reserveAttempt(link.id, now);
  if (attempt === null) {
    // Locked, revoked or expired since the link was read, or five tries already in flight.
    const [fresh] = await db()
      .select()
      .from(schema.accessLinks)
      .where(eq(schema.accessLinks.id, link.id));
    const freshStatus = linkStatus(fresh ?? null, now);
    if (!fresh || freshStatus === "invalid") return { result: "unusable" };
    return {
      result: "locked",
      minutes: freshStatus === "locked" ? lockMinutesLeft(fresh, now) : LOCK_MINUTES,
    };
  }

  const expected = await expectedHash(link, fact);
  const given = pepperedHash(`${fact}:${normalized.value}`);
  const creditorId = await getAccountCreditorId(link.accountId);
  if (expected && hexEqual(given, expected)) {
    await db()
      .update(schema.accessLinks)
      .set({ verifiedAt: now, failedAttempts: 0, lockedUntil: null })
      .where(eq(schema.accessLinks.id, link.id));
    await audit({
      actorType: "debtor",
      actorId: link.debtorId,
      creditorId,
      action: "verification.succeeded",
      targetType: "access_link",
      targetId: link.id,
      ip,
    });
    return { result: "verified", debtorId: link.debtorId, accountId: link.accountId };
  }

  await audit({
    actorType: "debtor",
    actorId: link.debtorId,
    creditorId,
    action: "verification.failed",
    targetType: "access_link",
    targetId: link.id,
    ip,
    details: { attempt },
  });
  if (attempt >= MAX_FAILED_ATTEMPTS) {
    const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    // Only while the count still stands: a right answer in parallel has reset it.
    await db()
      .update(schema.accessLinks)
      .set({ lockedUntil })
      .where(
        and(
          eq(schema.accessLinks.id, link.id),
          sql`${schema.accessLinks.failedAttempts} >= ${MAX_FAILED_ATTEMPTS}`,
        ),
      );
    await audit({
      actorType: "debtor",
      actorId: link.debtorId,
      creditorId,
      action: "verification.locked",
      targetType: "access_link",
      targetId: link.id,
      ip,
    });
    return { result: "locked", minutes: LOCK_MINUTES };
  }
  return { result: "mismatch", attemptsLeft: MAX_FAILED_ATTEMPTS - attempt };
}

/**
 * One try, counted in one statement before the answer is compared; its number, or null
 * when the link may not be tried now. A lock that has run out starts a fresh count of five.
 */
async function reserveAttempt(linkId: string, now: Date): Promise<number | null> {
  const l = schema.accessLinks;
  const iso = now.toISOString();
  const lockOver = sql`(${l.lockedUntil} is not null and ${l.lockedUntil} <= ${iso}::timestamptz)`;
  const [reserved] = await db()
    .update(l)
    .set({
      failedAttempts: sql`case when ${lockOver} then 1 else ${l.failedAttempts} + 1 end`,
      lockedUntil: sql`case when ${lockOver} then null else ${l.lockedUntil} end`,
    })
    .where(
      and(
        eq(l.id, linkId),
        isNull(l.revokedAt),
        sql`${l.expiresAt} > ${iso}::timestamptz`,
        sql`((${l.lockedUntil} is null and ${l.failedAttempts} < ${MAX_FAILED_ATTEMPTS}) or ${lockOver})`,
      ),
    )
    .returning({ attempt: l.failedAttempts });
  return reserved?.attempt ?? null;
}

async function expectedHash(link: AccessLink, fact: VerificationFact): Promise<string | null> {
  if (fact === "account_last4") {
    const [row] = await db()
      .select({ hash: schema.accounts.referenceLast4Hash })
      .from(schema.accounts)
      .where(
        and(eq(schema.accounts.id, link.accountId), eq(schema.accounts.debtorId, link.debtorId)),
      );
    return row?.hash ?? null;
  }
  const [row] = await db()
    .select({ dob: schema.debtors.dobHash, postal: schema.debtors.postalCodeHash })
    .from(schema.debtors)
    .where(eq(schema.debtors.id, link.debtorId));
  if (!row) return null;
  return fact === "dob" ? row.dob : row.postal;
}
