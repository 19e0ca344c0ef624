// Users of one creditor: the team list and removing access. Every query is scoped by
// creditor. Invitations are in creditor-invites.server.ts.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";

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
