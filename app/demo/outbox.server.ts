// Demo mode: the outbox as a page. Every message that would have gone out, rendered from
// its row, so a newcomer can read the "email" and click its link.
import { inArray } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import type { Rendered } from "~/services/templates/render.server";
import { splitInlineStyles } from "~/services/templates/preview.server";
import { processOutbox, transportsFromEnv } from "~/workers/outbox-worker.server";
import { getOutboxMessage, getSenderForMessage, listOutbox } from "../models/outbox-reads.server";
import { renderOutboxMessage, senderOf } from "../models/outbox-delivery.server";
import { type OutboxMessage } from "../models/outbox.server";

export type DemoOutboxRow = {
  id: string;
  createdAt: string;
  channel: "email" | "sms";
  recipient: string | null;
  template: OutboxMessage["template"];
  status: OutboxMessage["status"];
  reason: string | null;
  nextAttemptAt: string;
  provider: string | null;
  sentAt: string | null;
  subject: string | null;
  text: string | null;
};

/** Whether this was the debtor's first message (the longer debt-collector disclosure). */
function firstFlags(rows: OutboxMessage[]): Map<string, boolean> {
  const flags = new Map<string, boolean>();
  for (const row of rows) {
    const earlier = rows.some(
      (other) =>
        other.id !== row.id &&
        other.debtorId === row.debtorId &&
        other.status === "sent" &&
        other.sentAt !== null &&
        (row.sentAt === null || other.sentAt < row.sentAt),
    );
    flags.set(row.id, Boolean(row.debtorId) && !earlier);
  }
  return flags;
}

function tryRender(
  row: OutboxMessage,
  sender: Parameters<typeof renderOutboxMessage>[1],
  first: boolean,
): Rendered | null {
  try {
    return renderOutboxMessage(row, sender, first);
  } catch {
    return null; // suppressed before a link was minted, or the secrets were cleared
  }
}

export async function demoOutbox(limit = 100): Promise<DemoOutboxRow[]> {
  const rows = await listOutbox(limit);
  const creditorIds = [
    ...new Set(rows.map((r) => r.creditorId).filter((id): id is string => Boolean(id))),
  ];
  const creditors = creditorIds.length
    ? await db().select().from(schema.creditors).where(inArray(schema.creditors.id, creditorIds))
    : [];
  const senders = new Map(creditors.map((c) => [c.id, senderOf(c)]));
  const first = firstFlags(rows);
  return rows.map((row) => {
    const rendered = tryRender(
      row,
      row.creditorId ? (senders.get(row.creditorId) ?? null) : null,
      first.get(row.id) ?? false,
    );
    return {
      id: row.id,
      createdAt: row.createdAt.toISOString(),
      channel: row.channel,
      recipient: row.recipient,
      template: row.template,
      status: row.status,
      reason: row.lastError,
      nextAttemptAt: row.nextAttemptAt.toISOString(),
      provider: row.provider,
      sentAt: row.sentAt?.toISOString() ?? null,
      subject: rendered?.channel === "email" ? rendered.subject : null,
      text: rendered ? (rendered.channel === "email" ? rendered.text : rendered.body) : null,
    };
  });
}

/** The HTML email as a standalone page under our CSP: styles moved to a stylesheet. */
export async function demoEmailPreview(
  id: string,
  cssHref: string,
): Promise<{ html: string; css: string } | null> {
  const row = await getOutboxMessage(id);
  if (!row || row.channel !== "email") return null;
  const rendered = tryRender(row, await getSenderForMessage(row), false);
  if (!rendered || rendered.channel !== "email") return null;
  return splitInlineStyles(rendered.html, cssHref);
}

/** "Deliver due messages now": one worker pass, with every rule applied as usual. */
export async function deliverDueMessagesNow() {
  const transports = transportsFromEnv();
  try {
    return await processOutbox({ transports });
  } finally {
    transports.close?.();
  }
}
