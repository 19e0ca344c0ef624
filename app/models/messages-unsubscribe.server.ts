// Email unsubscribe: the token in every email's footer (and List-Unsubscribe header)
// names the message; the POST turns email off for its debtor. A GET never changes
// anything (mail scanners follow links).
import { eq, sql } from "drizzle-orm";
import { sha256Hex } from "~/utils/crypto.server";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";

const TOKEN = /^[A-Za-z0-9_-]{20,64}$/;

async function findDebtorForToken(token: string) {
  if (!TOKEN.test(token)) return null;
  const [row] = await db()
    .select({
      debtorId: schema.outboxMessages.debtorId,
      creditorId: schema.outboxMessages.creditorId,
    })
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.unsubscribeTokenHash, sha256Hex(token)))
    .limit(1);
  return row?.debtorId ? { debtorId: row.debtorId, creditorId: row.creditorId } : null;
}

export async function isUnsubscribeTokenValid(token: string): Promise<boolean> {
  return (await findDebtorForToken(token)) !== null;
}

/** Turns email off for the debtor the token was sent to. Idempotent. */
export async function unsubscribeEmail(
  token: string,
  ip: string,
  via: "page" | "one-click",
): Promise<boolean> {
  const found = await findDebtorForToken(token);
  if (!found) return false;
  await db().transaction(async (tx) => {
    await tx
      .update(schema.debtors)
      .set({ preferences: sql`${schema.debtors.preferences} || '{"optOutEmail": true}'::jsonb` })
      .where(eq(schema.debtors.id, found.debtorId));
    await audit(
      {
        actorType: "debtor",
        actorId: found.debtorId,
        creditorId: found.creditorId,
        action: "messages.email_unsubscribed",
        targetType: "debtor",
        targetId: found.debtorId,
        ip,
        details: { via },
      },
      tx,
    );
  });
  return true;
}
