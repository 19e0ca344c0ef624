// The outbox's typed helpers, one per cause of a message (a receipt, a link, a reminder …),
// each queuing through enqueueMessage (outbox-enqueue.server.ts), which applies the
// sending rules. The enqueue core is re-exported here: callers import the outbox from here.
import type { Channel, Initiator, TemplateName } from "~/lib/message-rules";
import { db } from "~/utils/db.server";
import { enqueueMessage, type EnqueueResult, type Executor } from "./outbox-enqueue.server";
import { chooseChannel, loadAccount, usableChannels } from "./send-context.server";

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

/**
 * A confirmation of a money decision (a reply to the debtor's own action, so outside the
 * cadence and allowed on hold): one message per channel the debtor keeps open, cause
 * `<causeKey>:<channel>`, in their language. With no channel open, one row is kept as
 * suppressed with the reason (the channel the usual choice falls to), so "why did they
 * get nothing?" has an answer.
 */
export async function queueConfirmation(
  tx: Executor,
  input: {
    causeKey: string;
    template: ConfirmationTemplate;
    accountId: string;
    initiatedBy?: Initiator;
    /** The debtor asked for it now ("email my receipt now"): quiet hours don't hold it. */
    sendNow?: boolean;
    now?: Date;
  },
): Promise<EnqueueResult[]> {
  const loaded = await loadAccount(tx, input.accountId);
  if (!loaded) throw new Error("queueConfirmation: no such account");
  const open = await usableChannels(tx, loaded.debtor);
  const channels = open.length > 0 ? open : [await chooseChannel(tx, loaded.debtor)];
  const results: EnqueueResult[] = [];
  for (const channel of channels)
    results.push(
      await enqueueMessage(tx, {
        causeKey: `${input.causeKey}:${channel}`,
        template: input.template,
        accountId: input.accountId,
        channel,
        initiatedBy: input.initiatedBy ?? "debtor",
        sendNow: input.sendNow,
        now: input.now,
      }),
    );
  return results;
}

/** The templates that confirm a money decision (queued by queueConfirmation). */
export type ConfirmationTemplate = Extract<
  TemplateName,
  | "payment_receipt"
  | "plan_confirmation"
  | "settlement_accepted"
  | "plan_changed"
  | "plan_paused"
  | "plan_cancelled"
  | "account_paid"
  | "account_settled"
>;

/** After a successful payment (one per payment intent and channel). */
export const queuePaymentReceipt = (
  tx: Executor,
  i: { accountId: string; paymentIntentId: string; sendNow?: boolean; now?: Date },
) =>
  queueConfirmation(tx, {
    causeKey: `receipt:${i.paymentIntentId}`,
    template: "payment_receipt",
    accountId: i.accountId,
    initiatedBy: "system",
    sendNow: i.sendNow,
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
