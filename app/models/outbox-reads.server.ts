// Reading the outbox (the demo outbox page, tests).
import { desc, eq } from "drizzle-orm";
import { db, schema, type Db } from "~/utils/db.server";
import type { Sender } from "~/services/templates/render.server";
import type { OutboxMessage } from "./outbox.server";
import { senderOf } from "./outbox-delivery.server";

export async function listOutbox(limit = 100, database: Db = db()): Promise<OutboxMessage[]> {
  return database
    .select()
    .from(schema.outboxMessages)
    .orderBy(desc(schema.outboxMessages.createdAt))
    .limit(limit);
}

export async function getOutboxMessage(
  id: string,
  database: Db = db(),
): Promise<OutboxMessage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await database
    .select()
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.id, id))
    .limit(1);
  return row ?? null;
}

export async function getSenderForMessage(
  message: Pick<OutboxMessage, "creditorId">,
  database: Db = db(),
): Promise<Sender | null> {
  if (!message.creditorId) return null;
  const [creditor] = await database
    .select()
    .from(schema.creditors)
    .where(eq(schema.creditors.id, message.creditorId))
    .limit(1);
  return creditor ? senderOf(creditor) : null;
}
