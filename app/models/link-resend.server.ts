// "Send me a new link": a debtor holding an old link asks for a fresh one. Apart from
// access-links.server.ts because it goes through the outbox, which itself mints links
// (access-links → outbox → access-links was an import cycle).
import { db } from "~/utils/db.server";
import type { AccessLink } from "./access-links.server";
import { getAccountCreditorId } from "./accounts.server";
import { audit } from "./audit.server";
import { queueLinkMessage } from "./outbox.server";

/**
 * "Send me a new link": a fresh link to the contact on file, through the outbox (all the
 * sending rules apply there). At most one per old link and day, so pressing the button
 * again, or someone else holding an old link, cannot flood the debtor. The caller shows
 * the same answer whether or not the link was known.
 */
export async function requestFreshLink(link: AccessLink | null, ip: string, now = new Date()) {
  if (!link) return;
  const creditorId = await getAccountCreditorId(link.accountId);
  await db().transaction(async (tx) => {
    const queued = await queueLinkMessage(
      {
        accountId: link.accountId,
        preferredChannel: link.channel === "sms" ? "sms" : "email",
        initiatedBy: "debtor",
        causeKey: `link-request:${link.id}:${now.toISOString().slice(0, 10)}`,
        now,
      },
      tx,
    );
    await audit(
      {
        actorType: "debtor",
        actorId: link.debtorId,
        creditorId,
        action: "link.resend_requested",
        targetType: "access_link",
        targetId: link.id,
        ip,
        details: { messageId: queued.id, status: queued.status },
      },
      tx,
    );
  });
}
