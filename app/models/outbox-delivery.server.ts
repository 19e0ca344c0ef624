// What the outbox worker asks right before sending: the rules again on today's facts,
// and the rendered message.
import { and, eq, ne } from "drizzle-orm";
import { decideSend, type SendDecision } from "~/lib/message-rules";
import { schema, type Db, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { renderMessage, type Rendered, type Sender } from "~/services/templates/render.server";
import type { OutboxMessage } from "./outbox.server";
import { outboxSecrets } from "./outbox-secrets.server";
import { buildContext, type Subject } from "./send-context.server";

type Executor = Db | Tx;
type Creditor = typeof schema.creditors.$inferSelect;

export type Evaluation = { decision: SendDecision; firstMessage: boolean; sender: Sender | null };

/**
 * The rules again, on today's facts (an opt-out, a dispute or the clock may have changed
 * since the message was queued). Call inside a transaction that locked the debtor row.
 */
export async function evaluateMessage(
  tx: Executor,
  message: OutboxMessage,
  now: Date,
): Promise<Evaluation> {
  const [debtor] = message.debtorId
    ? await tx.select().from(schema.debtors).where(eq(schema.debtors.id, message.debtorId)).limit(1)
    : [];
  const [account] = message.accountId
    ? await tx
        .select({ status: schema.accounts.status })
        .from(schema.accounts)
        .where(eq(schema.accounts.id, message.accountId))
        .limit(1)
    : [];
  const [creditor] = message.creditorId
    ? await tx
        .select()
        .from(schema.creditors)
        .where(eq(schema.creditors.id, message.creditorId))
        .limit(1)
    : [];
  const subject: Subject = {
    id: message.id,
    channel: message.channel,
    template: message.template,
    initiatedBy: message.initiatedBy,
    recipient: message.recipient,
    sendNow: message.sendNow,
    notBefore: message.notBefore,
  };
  const decision = decideSend(
    await buildContext(
      tx,
      subject,
      debtor ?? null,
      account?.status ?? null,
      creditor?.id ?? null,
      now,
    ),
  );
  return {
    decision,
    firstMessage: await isFirstMessage(tx, message),
    sender: creditor ? senderOf(creditor) : null,
  };
}

export function senderOf(
  creditor: Pick<
    Creditor,
    "displayName" | "collectorType" | "accentColor" | "supportPhone" | "supportEmail"
  >,
): Sender {
  return {
    displayName: creditor.displayName,
    collectorType: creditor.collectorType,
    accentColor: creditor.accentColor,
    supportPhone: creditor.supportPhone,
    supportEmail: creditor.supportEmail,
  };
}

async function isFirstMessage(tx: Executor, message: OutboxMessage): Promise<boolean> {
  if (!message.debtorId) return false;
  const [row] = await tx
    .select({ id: schema.outboxMessages.id })
    .from(schema.outboxMessages)
    .where(
      and(
        eq(schema.outboxMessages.debtorId, message.debtorId),
        eq(schema.outboxMessages.status, "sent"),
        ne(schema.outboxMessages.id, message.id),
      ),
    )
    .limit(1);
  return !row;
}

export function renderOutboxMessage(
  message: Pick<OutboxMessage, "id" | "template" | "channel" | "language" | "payload">,
  sender: Sender | null,
  firstMessage: boolean,
  appUrl = getEnv().appUrl,
): Rendered {
  const secrets = outboxSecrets(message);
  return renderMessage({
    template: message.template,
    channel: message.channel,
    language: message.language,
    sender,
    firstMessage,
    appUrl,
    linkToken: secrets.linkToken,
    code: secrets.code,
    unsubscribeToken: secrets.unsubscribeToken,
  });
}
