// Inviting a user to a creditor's team, and the invitee setting a password. Every query
// is scoped by creditor (or by the one-time token).
import { and, eq, gt, isNull } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { enforce } from "~/utils/rate-limit.server";
import { randomUrlToken, sha256Hex } from "~/utils/crypto.server";
import { createCreditorSession, creditorSessionCookie } from "~/utils/creditor-session.server";
import { audit } from "./audit.server";
import { hashPassword, passwordProblem } from "./creditor-credentials.server";
import { findUserByEmail, normalizeEmail } from "./creditor-sign-in.server";

export const INVITE_DAYS = 7;

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
