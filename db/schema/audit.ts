// The audit trail: who did what to which record.
import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tstz } from "./columns";

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: tstz("at").notNull().defaultNow(),
    actorType: text("actor_type", { enum: ["debtor", "creditor_user", "system"] }).notNull(),
    actorId: text("actor_id"),
    creditorId: uuid("creditor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    // A keyed hash of the address: enough to correlate abuse, not to identify anyone.
    ipHash: text("ip_hash"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_target").on(t.targetType, t.targetId),
    index("audit_events_creditor").on(t.creditorId, t.at),
  ],
);
