// The outbox's typed helpers, one per cause of a message (a receipt, a link, a reminder …),
// each queuing through enqueueMessage (outbox-enqueue.server.ts), which applies the
// sending rules. The enqueue core is re-exported here: callers import the outbox from here.
import type { Channel } from "~/lib/message-rules";
import { db } from "~/utils/db.server";
import { enqueueMessage, type EnqueueResult, type Executor } from "./outbox-enqueue.server";

export {
  enqueueMessage,
  outboxRow,
  enqueueKeywordReply,
  type OutboxMessage,
  type MessageStatus,
  type EnqueueInput,
  type EnqueueResult,
  type MessageTarget,
} from "./outbox-enqueue.server";

type Helper<T> = (tx: Executor, input: T & { now?: Date }) => Promise<EnqueueResult>;

/**
 * Link delivery: mints a link and queues it in one transaction. From the creditor area
 * (`initiatedBy: "creditor"`, counts towards the cadence) or the debtor's own "send me a
 * new link" (`"debtor"`).
 */
export async function queueLinkMessage(
  input: {
    accountId: string;
    channel?: Channel;
    preferredChannel?: Channel;
    initiatedBy: "debtor" | "creditor";
    causeKey: string;
    now?: Date;
  },
  tx?: Executor,
): Promise<EnqueueResult> {
  const run = (t: Executor) => enqueueMessage(t, { ...input, template: "access_link" });
  return tx ? run(tx) : db().transaction((t) => run(t));
}

/** After a successful payment (one per payment intent). */
export const queuePaymentReceipt: Helper<{
  accountId: string;
  paymentIntentId: string;
  sendNow?: boolean;
}> = (tx, i) =>
  enqueueMessage(tx, {
    causeKey: `receipt:${i.paymentIntentId}`,
    template: "payment_receipt",
    accountId: i.accountId,
    initiatedBy: "system",
    sendNow: i.sendNow,
    now: i.now,
  });

/** The copy of the plan and its authorization. */
export const queuePlanConfirmation: Helper<{ accountId: string; planId: string }> = (tx, i) =>
  enqueueMessage(tx, {
    causeKey: `plan-confirmation:${i.planId}`,
    template: "plan_confirmation",
    accountId: i.accountId,
    initiatedBy: "debtor",
    now: i.now,
  });

/** Three days before a scheduled charge (scheduleReminders queues these). */
export const queuePaymentReminder: Helper<{
  accountId: string;
  installmentId: string;
  dueDate: string;
}> = (tx, i) =>
  enqueueMessage(tx, {
    causeKey: `reminder:${i.installmentId}:${i.dueDate}`,
    template: "payment_reminder",
    accountId: i.accountId,
    initiatedBy: "system",
    now: i.now,
  });

/** A charge failed: the link lets the debtor fix it. `attemptKey` separates retries (e.g. the payment intent id). */
export const queuePaymentFailedNotice: Helper<{ accountId: string; attemptKey: string }> = (
  tx,
  i,
) =>
  enqueueMessage(tx, {
    causeKey: `payment-failed:${i.attemptKey}`,
    template: "payment_failed",
    accountId: i.accountId,
    initiatedBy: "system",
    now: i.now,
  });

/** An off-session charge needs the debtor to confirm with their bank (authentication_required). */
export const queueAuthenticationRequired: Helper<{ accountId: string; attemptKey: string }> = (
  tx,
  i,
) =>
  enqueueMessage(tx, {
    causeKey: `auth-required:${i.attemptKey}`,
    template: "authentication_required",
    accountId: i.accountId,
    initiatedBy: "system",
    now: i.now,
  });

/** What the dispute process needs: allowed while the account is on hold. */
export const queueDisputeAcknowledgement: Helper<{ accountId: string; disputeId: string }> = (
  tx,
  i,
) =>
  enqueueMessage(tx, {
    causeKey: `dispute-ack:${i.disputeId}`,
    template: "dispute_acknowledgement",
    accountId: i.accountId,
    initiatedBy: "debtor",
    now: i.now,
  });

/**
 * After a hold (dispute answered, hardship pause over): the payment dates moved, or the
 * debtor is asked to choose. One per plan and change (`changeKey`).
 */
export const queueScheduleNotice: Helper<{
  accountId: string;
  planId: string;
  changeKey: string;
  kind: "changed" | "paused";
}> = (tx, i) =>
  enqueueMessage(tx, {
    causeKey: `schedule-${i.kind}:${i.planId}:${i.changeKey}`,
    template: i.kind === "changed" ? "schedule_changed" : "schedule_paused",
    accountId: i.accountId,
    initiatedBy: "system",
    now: i.now,
  });
