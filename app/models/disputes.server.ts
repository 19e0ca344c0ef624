// Disputes: filing one puts the account on hold (no reminders, no scheduled charges, see
// app/lib/account-rules.ts) until the creditor answers. Answering ends the hold: the
// account's status is recomputed from its ledger and plan (not restored: a plan may have
// been cancelled or paid meanwhile), and payments that fell due during the hold are moved
// forward, with a notice, before any charge (app/models/holds.server.ts).
// Filing is limited per account (DISPUTE_LIMIT), so a script cannot flood the creditor's
// queue or the debtor's outbox; the debtor is told calmly how to add to their dispute.
import { and, count, eq, gt, sql } from "drizzle-orm";
import type { DisputeForm } from "~/lib/forms/dispute";
import { db, schema } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { putOnHold, releaseHold } from "./account-state.server";
import { audit } from "./audit.server";
import { rescheduleAfterHold, statusFromLedgerAndPlan } from "./holds.server";
import { queueDisputeAcknowledgement } from "./outbox.server";

/**
 * Disputes one account may file in a rolling window (the creditor answers them all at once):
 * room for each of the four kinds once, and one more to add to one, so no debtor with a real
 * reason is ever refused.
 */
export const DISPUTE_LIMIT = { max: 5, windowMs: 24 * 3_600_000 } as const;

/** Thrown by fileDispute past DISPUTE_LIMIT: the route answers a calm 429. */
export class DisputeLimitError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("dispute limit reached for this account");
    this.name = "DisputeLimitError";
  }
}

export async function fileDispute(input: {
  debtorId: string;
  accountId: string;
  form: DisputeForm;
  ip: string;
  now?: Date;
}): Promise<typeof schema.disputes.$inferSelect | null> {
  if (!isUuid(input.accountId)) return null;
  const now = input.now ?? new Date();
  return db().transaction(async (tx) => {
    const [account] = await tx
      .select()
      .from(schema.accounts)
      .where(
        and(eq(schema.accounts.id, input.accountId), eq(schema.accounts.debtorId, input.debtorId)),
      )
      .for("update");
    if (!account) return null;
    // Counted under the account's lock, so concurrent posts cannot slip past the limit.
    const since = new Date(now.getTime() - DISPUTE_LIMIT.windowMs);
    const recent = await tx
      .select({ n: count(), oldest: sql<Date | null>`min(${schema.disputes.createdAt})` })
      .from(schema.disputes)
      .where(and(eq(schema.disputes.accountId, account.id), gt(schema.disputes.createdAt, since)));
    if ((recent[0]?.n ?? 0) >= DISPUTE_LIMIT.max) {
      const oldest = recent[0]?.oldest ? new Date(recent[0].oldest) : now;
      throw new DisputeLimitError(
        Math.max(60, Math.ceil((oldest.getTime() + DISPUTE_LIMIT.windowMs - now.getTime()) / 1000)),
      );
    }
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
        createdAt: now,
      })
      .returning();
    await putOnHold(tx, account, {
      actor: { actorType: "debtor", actorId: account.debtorId, ip: input.ip },
    });
    await audit(
      {
        actorType: "debtor",
        actorId: account.debtorId,
        creditorId: account.creditorId,
        action: "dispute.filed",
        targetType: "account",
        targetId: account.id,
        ip: input.ip,
        details: { reason: input.form.reason },
      },
      tx,
    );
    await queueDisputeAcknowledgement(tx, { accountId: account.id, disputeId: dispute.id });
    return dispute;
  });
}

/**
 * The creditor answers: the hold ends. The account's status is recomputed from its ledger
 * and plan (open / in_plan / paid / settled), and a plan whose payments fell due during
 * the hold has its schedule moved forward (or the debtor is asked) before any charge.
 */
export async function answerDispute(input: {
  creditorId: string;
  disputeId: string;
  response: string;
  actorId: string;
  ip?: string;
  now?: Date;
}) {
  if (!isUuid(input.disputeId)) return null;
  const now = input.now ?? new Date();
  return db().transaction(async (tx) => {
    const [dispute] = await tx
      .select()
      .from(schema.disputes)
      .where(
        and(
          eq(schema.disputes.id, input.disputeId),
          eq(schema.disputes.creditorId, input.creditorId),
          eq(schema.disputes.status, "open"),
        ),
      )
      .for("update");
    if (!dispute) return null;
    const [account] = await tx
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.id, dispute.accountId))
      .for("update");
    await tx
      .update(schema.disputes)
      .set({ status: "answered", response: input.response, respondedAt: now })
      .where(
        and(eq(schema.disputes.accountId, dispute.accountId), eq(schema.disputes.status, "open")),
      );
    const status = await statusFromLedgerAndPlan(tx, account);
    await releaseHold(tx, account, status, {
      actor: { actorType: "creditor_user", actorId: input.actorId, ip: input.ip },
    });
    const schedule =
      status === "in_plan"
        ? await rescheduleAfterHold(tx, { accountId: account.id, reason: "dispute_answered", now })
        : null;
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: "dispute.answered",
        targetType: "account",
        targetId: dispute.accountId,
        ip: input.ip,
        details: { status, schedule },
      },
      tx,
    );
    return { accountId: dispute.accountId, restoredStatus: status, schedule };
  });
}
