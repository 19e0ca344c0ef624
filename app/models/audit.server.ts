// The audit trail: who did what to which record, when. Never card data, never the
// verification fact, never a token.
import { db, schema, type Db, type Tx } from "~/utils/db.server";
import { ipHash } from "~/utils/request.server";

export type AuditInput = {
  actorType: "debtor" | "creditor_user" | "system";
  actorId?: string | null;
  creditorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string;
  details?: Record<string, string | number | boolean | null>;
};

/** Writes the event; returns its id (a decision's confirmation is keyed by it). */
export async function audit(event: AuditInput, tx: Db | Tx = db()): Promise<number> {
  const [row] = await tx
    .insert(schema.auditEvents)
    .values({
      actorType: event.actorType,
      actorId: event.actorId ?? null,
      creditorId: event.creditorId ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      ipHash: ipHash(event.ip),
      details: event.details ?? {},
    })
    .returning({ id: schema.auditEvents.id });
  return row.id;
}
