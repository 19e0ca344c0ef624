// Disputes: filing one puts the account on hold (no reminders, no scheduled charges, see
// app/lib/account-rules.ts) until the creditor answers; answering restores the status.
import { and, eq } from "drizzle-orm";
import type { DisputeForm } from "~/lib/forms/dispute";
import { db, schema } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { queueDisputeAcknowledgement } from "./outbox.server";

export async function fileDispute(input: { debtorId: string; accountId: string; form: DisputeForm; ip: string }) {
  if (!isUuid(input.accountId)) return null;
  return db().transaction(async (tx) => {
    const [account] = await tx
      .select()
      .from(schema.accounts)
      .where(and(eq(schema.accounts.id, input.accountId), eq(schema.accounts.debtorId, input.debtorId)))
      .for("update");
    if (!account) return null;
    // A second dispute while one is open keeps the first one's "status before".
    const [open] = await tx
      .select({ statusBeforeHold: schema.disputes.statusBeforeHold })
      .from(schema.disputes)
      .where(and(eq(schema.disputes.accountId, account.id), eq(schema.disputes.status, "open")))
      .limit(1);
    const [dispute] = await tx
      .insert(schema.disputes)
      .values({
        accountId: account.id,
        debtorId: account.debtorId,
        creditorId: account.creditorId,
        reason: input.form.reason,
        details: input.form.details || null,
        channel: "web",
        statusBeforeHold: open?.statusBeforeHold ?? account.status,
      })
      .returning();
    await tx.update(schema.accounts).set({ status: "on_hold" }).where(eq(schema.accounts.id, account.id));
    await audit(
      { actorType: "debtor", actorId: account.debtorId, creditorId: account.creditorId, action: "dispute.filed", targetType: "account", targetId: account.id, ip: input.ip, details: { reason: input.form.reason } },
      tx,
    );
    await queueDisputeAcknowledgement(tx, { accountId: account.id, disputeId: dispute.id });
    return dispute;
  });
}

/** The creditor answers: the hold ends and the account returns to its earlier status. */
export async function answerDispute(input: { creditorId: string; disputeId: string; response: string; actorId: string; ip?: string }) {
  if (!isUuid(input.disputeId)) return null;
  return db().transaction(async (tx) => {
    const [dispute] = await tx
      .select()
      .from(schema.disputes)
      .where(and(eq(schema.disputes.id, input.disputeId), eq(schema.disputes.creditorId, input.creditorId), eq(schema.disputes.status, "open")))
      .for("update");
    if (!dispute) return null;
    const now = new Date();
    await tx
      .update(schema.disputes)
      .set({ status: "answered", response: input.response, respondedAt: now })
      .where(and(eq(schema.disputes.accountId, dispute.accountId), eq(schema.disputes.status, "open")));
    await tx.update(schema.accounts).set({ status: dispute.statusBeforeHold }).where(eq(schema.accounts.id, dispute.accountId));
    await audit({ actorType: "creditor_user", actorId: input.actorId, creditorId: input.creditorId, action: "dispute.answered", targetType: "account", targetId: dispute.accountId, ip: input.ip }, tx);
    return { accountId: dispute.accountId, restoredStatus: dispute.statusBeforeHold };
  });
}
