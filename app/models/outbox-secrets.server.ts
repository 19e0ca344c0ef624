// The secrets an outbox row keeps until it is sent (link token, code, unsubscribe token),
// sealed to the row's id so a message held by quiet hours leaves no live token in the table.
import { openSecret, sealSecret } from "~/utils/crypto.server";
import type { schema } from "~/utils/db.server";

const SEAL_PURPOSE = "outbox-secrets";

/** The payload column for these secrets: sealed to the row (nothing when there are none). */
export function sealPayload(
  messageId: string,
  secrets: schema.OutboxSecrets,
): schema.OutboxPayload {
  if (!secrets.linkToken && !secrets.code && !secrets.unsubscribeToken) return {};
  return { sealed: sealSecret(SEAL_PURPOSE, messageId, JSON.stringify(secrets)) };
}

/** The secrets of a row (sealed, or in plain text on rows from before sealing); {} when none or unreadable. */
export function outboxSecrets(
  message: Pick<typeof schema.outboxMessages.$inferSelect, "id" | "payload">,
): schema.OutboxSecrets {
  const { sealed, linkToken, code, unsubscribeToken } = message.payload ?? {};
  if (!sealed) return { linkToken, code, unsubscribeToken };
  const opened = openSecret(SEAL_PURPOSE, message.id, sealed);
  if (!opened) return {};
  const parsed = JSON.parse(opened) as schema.OutboxSecrets;
  return {
    linkToken: parsed.linkToken,
    code: parsed.code,
    unsubscribeToken: parsed.unsubscribeToken,
  };
}
