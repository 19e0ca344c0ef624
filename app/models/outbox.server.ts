// The outbox: every email and SMS is a row written in the transaction of its cause, then
// delivered by the worker. This module is the one place that applies the sending rules
// (app/lib/message-rules.ts): at enqueue, and again by the worker right before sending.
// Templates receive only the sender, the link, the code and the opt-out (OutboxPayload).
import { and, desc, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { AccountStatus } from "~/lib/account-rules";
import type { Lang } from "~/lib/i18n";
import {
  decideSend,
  effectiveCadence,
  isResponse,
  TEMPLATE_POLICY,
  type Cadence,
  type Channel,
  type Contact,
  type Initiator,
  type SendContext,
  type SendDecision,
  type TemplateName,
} from "~/lib/message-rules";
import { normalizePhone } from "~/lib/opt-out";
import { debtorZones } from "~/lib/timezones";
import { randomUUID } from "node:crypto";
import { openSecret, randomUrlToken, sealSecret, sha256Hex } from "~/utils/crypto.server";
import { db, schema, type Db, type Tx } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { renderMessage, type Rendered, type Sender } from "~/services/templates/render.server";
import { mintAccessLink } from "./access-links.server";
import { MESSAGEABLE_ACCOUNT_STATUSES } from "./status-sets.server";

type Executor = Db | Tx;
export type OutboxMessage = typeof schema.outboxMessages.$inferSelect;
export type MessageStatus = OutboxMessage["status"];
type Debtor = typeof schema.debtors.$inferSelect;
type Creditor = typeof schema.creditors.$inferSelect;

export type EnqueueInput = {
  /** One message per cause, ever: e.g. `receipt:pi_123`, `dispute-ack:<disputeId>`. */
  causeKey: string;
  template: TemplateName;
  accountId: string;
  /** Default: the debtor's usable channel, email first (or `preferredChannel` first). */
  channel?: Channel;
  preferredChannel?: Channel;
  initiatedBy: Initiator;
  notBefore?: Date;
  /** The debtor asked for it now (e.g. ticked "email my receipt now"): quiet hours don't hold it. */
  sendNow?: boolean;
  now?: Date;
};

export type EnqueueResult = {
  id: string;
  status: MessageStatus;
  /** Why it is waiting or will not be sent (quiet_hours, opted_out, …). */
  reason: string | null;
  duplicate: boolean;
};

// --- contacts ---

export function contactFor(debtor: Pick<Debtor, "email" | "emailSource" | "emailConsentAt" | "phone" | "phoneSource" | "phoneConsentAt">, channel: Channel): Contact {
  return channel === "email"
    ? { address: debtor.email?.trim() || null, source: debtor.emailSource, consentAt: debtor.emailConsentAt }
    : { address: debtor.phone ? normalizePhone(debtor.phone) : null, source: debtor.phoneSource, consentAt: debtor.phoneConsentAt };
}

function optedOut(debtor: Pick<Debtor, "preferences">, channel: Channel) {
  return channel === "email" ? Boolean(debtor.preferences.optOutEmail) : Boolean(debtor.preferences.optOutSms);
}

export async function isSmsStopped(tx: Executor, phone: string | null): Promise<boolean> {
  if (!phone) return false;
  const [row] = await tx
    .select({ phone: schema.smsSuppressions.phone })
    .from(schema.smsSuppressions)
    .where(eq(schema.smsSuppressions.phone, phone))
    .limit(1);
  return Boolean(row);
}

/** Email when it can be used, else SMS when it can, else email (recorded as suppressed). */
export async function chooseChannel(tx: Executor, debtor: Debtor, preferred?: Channel): Promise<Channel> {
  const phone = contactFor(debtor, "sms").address;
  const stopped = await isSmsStopped(tx, phone);
  return pickChannel(debtor, preferred, (p) => stopped && p === phone);
}

/** `chooseChannel` on facts already loaded (`isStopped`: did this normalized number text STOP). */
export function pickChannel(debtor: Debtor, preferred: Channel | undefined, isStopped: (phone: string) => boolean): Channel {
  const usable = (channel: Channel) => {
    const contact = contactFor(debtor, channel);
    if (!contact.address || !contact.source || optedOut(debtor, channel)) return false;
    if (channel === "sms") return Boolean(contact.consentAt) && !isStopped(contact.address);
    return true;
  };
  const order: Channel[] = preferred === "sms" ? ["sms", "email"] : ["email", "sms"];
  for (const channel of order) if (usable(channel)) return channel;
  return order[0];
}

// --- the context every decision is made from ---

async function loadAccount(tx: Executor, accountId: string) {
  const [row] = await tx
    .select({ account: schema.accounts, debtor: schema.debtors, creditor: { id: schema.creditors.id, linkLifetimeDays: schema.creditors.linkLifetimeDays } })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(eq(schema.accounts.id, accountId))
    .limit(1);
  return row ?? null;
}

/** Times of the messages that count towards this debtor's cadence (sent or in flight). */
async function recentCounted(tx: Executor, debtorId: string, now: Date, exceptId?: string): Promise<Date[]> {
  const rows = await tx
    .select({
      template: schema.outboxMessages.template,
      initiatedBy: schema.outboxMessages.initiatedBy,
      dispatchedAt: schema.outboxMessages.dispatchedAt,
    })
    .from(schema.outboxMessages)
    .where(
      and(
        eq(schema.outboxMessages.debtorId, debtorId),
        inArray(schema.outboxMessages.status, ["sending", "sent"]),
        gt(schema.outboxMessages.dispatchedAt, cadenceWindowStart(now)),
        exceptId ? ne(schema.outboxMessages.id, exceptId) : undefined,
      ),
    );
  return countedTimes(rows);
}

export type DispatchedRow = { template: TemplateName; initiatedBy: Initiator; dispatchedAt: Date | null };

/** Of a debtor's messages sent or in flight in the last 7 days, those that count towards the cadence. */
export function countedTimes(rows: readonly DispatchedRow[]): Date[] {
  return rows.filter((r) => r.dispatchedAt && !isResponse(r.template, r.initiatedBy)).map((r) => r.dispatchedAt as Date);
}

/** The start of the window `recentCounted` reads (the bulk path reads the same). */
export function cadenceWindowStart(now: Date): Date {
  return new Date(now.getTime() - 7 * 86_400_000);
}

async function cadenceFor(tx: Executor, creditorId: string) {
  const [row] = await tx
    .select()
    .from(schema.creditorMessageSettings)
    .where(eq(schema.creditorMessageSettings.creditorId, creditorId))
    .limit(1);
  return cadenceOf(row ?? null);
}

export function cadenceOf(settings: Pick<typeof schema.creditorMessageSettings.$inferSelect, "maxPerDay" | "maxPerWeek"> | null) {
  return effectiveCadence(settings ? { perDay: settings.maxPerDay, perWeek: settings.maxPerWeek } : null);
}

export type Subject = {
  channel: Channel;
  template: TemplateName;
  initiatedBy: Initiator;
  recipient: string | null;
  sendNow: boolean;
  notBefore: Date | null;
  id?: string;
};

async function buildContext(tx: Executor, subject: Subject, debtor: Debtor | null, accountStatus: AccountStatus | null, creditorId: string | null, now: Date): Promise<SendContext> {
  const phone = subject.channel === "sms" ? subject.recipient : null;
  // A response (a receipt, the debtor's own request) is outside the cadence: decideSend
  // never reads these two for it, so they are not queried (one receipt per charge).
  const counted = !isResponse(subject.template, subject.initiatedBy);
  return sendContext(subject, debtor, accountStatus, now, {
    smsStopped: await isSmsStopped(tx, phone),
    recent: debtor && counted ? await recentCounted(tx, debtor.id, now, subject.id) : [],
    cadence: creditorId && counted ? await cadenceFor(tx, creditorId) : effectiveCadence(null),
  });
}

/** What a decision needs beyond the message and the debtor row (loaded one by one above, in sets by the bulk path). */
export type LoadedFacts = { smsStopped: boolean; recent: readonly Date[]; cadence: Cadence };

/** The one way a SendContext is put together, from rows already loaded. */
export function sendContext(subject: Subject, debtor: Debtor | null, accountStatus: AccountStatus | null, now: Date, facts: LoadedFacts): SendContext {
  const zones = debtorZones({
    timezone: debtor?.timezone,
    region: debtor?.region,
    postalCode: debtor?.postalCode,
    phone: debtor?.phone,
  });
  const contact: Contact = debtor
    ? { ...contactFor(debtor, subject.channel), address: subject.recipient }
    : { address: subject.recipient, source: null, consentAt: null };
  return {
    now,
    channel: subject.channel,
    template: subject.template,
    initiatedBy: subject.initiatedBy,
    accountStatus,
    contact,
    optedOut: debtor ? optedOut(debtor, subject.channel) : false,
    smsStopped: facts.smsStopped,
    zones: zones.zones,
    primaryZone: zones.primary,
    ownQuietWindow:
      debtor?.preferences.quietStart && debtor.preferences.quietEnd
        ? { start: debtor.preferences.quietStart, end: debtor.preferences.quietEnd }
        : null,
    sendNow: subject.sendNow,
    notBefore: subject.notBefore,
    recent: facts.recent,
    cadence: facts.cadence,
  };
}

// --- enqueue ---

/**
 * Queues a message in the caller's transaction, so it exists exactly when its cause does.
 * Idempotent per `causeKey`. A message the rules forbid (opted out, no provenance, no SMS
 * consent, account on hold…) is recorded as `suppressed` with the reason, and no link is
 * minted for it; one that must wait is queued for the time it may go.
 */
export async function enqueueMessage(tx: Executor, input: EnqueueInput): Promise<EnqueueResult> {
  const existing = await findByCause(tx, input.causeKey);
  if (existing) return { id: existing.id, status: existing.status, reason: existing.lastError, duplicate: true };
  const now = input.now ?? new Date();
  const loaded = await loadAccount(tx, input.accountId);
  if (!loaded) throw new Error("enqueueMessage: no such account");
  const { account, debtor, creditor } = loaded;
  const policy = TEMPLATE_POLICY[input.template];
  if (policy.keywordReply) throw new Error("enqueueMessage: keyword replies go through enqueueKeywordReply");
  const channel = input.channel ?? (await chooseChannel(tx, debtor, input.preferredChannel));
  const recipient = contactFor(debtor, channel).address;
  const subject: Subject = {
    channel,
    template: input.template,
    initiatedBy: input.initiatedBy,
    recipient,
    sendNow: Boolean(input.sendNow),
    notBefore: input.notBefore ?? null,
  };
  const decision = decideSend(await buildContext(tx, subject, debtor, account.status, creditor.id, now));

  const target = { account, debtor, channel, recipient, template: input.template, initiatedBy: input.initiatedBy, causeKey: input.causeKey, sendNow: Boolean(input.sendNow), notBefore: input.notBefore ?? null };
  if (decision.action === "suppress") return insertOnce(tx, outboxRow(target, decision, null, now));
  const link = policy.link ? await mintAccessLink({ accountId: account.id, channel, now, known: { debtorId: account.debtorId, lifetimeDays: creditor.linkLifetimeDays } }, tx) : null;
  const result = await insertOnce(tx, outboxRow(target, decision, link, now));
  if (result.duplicate && link) {
    // Lost a race for the same cause: the link minted here is never sent.
    await tx.update(schema.accessLinks).set({ revokedAt: now }).where(eq(schema.accessLinks.id, link.id));
  }
  return result;
}

export type MessageTarget = {
  account: Pick<typeof schema.accounts.$inferSelect, "id" | "creditorId">;
  debtor: Pick<Debtor, "id" | "language">;
  channel: Channel;
  recipient: string | null;
  template: TemplateName;
  initiatedBy: Initiator;
  causeKey: string;
  sendNow: boolean;
  notBefore: Date | null;
};

/**
 * The outbox row for a decision (one way, for `enqueueMessage` and the bulk path): a
 * suppressed row carries its reason and no secrets; a queued one carries the link (when
 * the template has one), an unsubscribe token for email, and the time it may go.
 * The payload holds only those secrets, sealed to the row's id (never in plain text, so
 * a message held by quiet hours leaves no live token in the table), and never a detail
 * of the debt. The row's id is made here, for that binding.
 */
export function outboxRow(
  target: MessageTarget,
  decision: SendDecision,
  link: { id: string; token: string; code: string } | null,
  now: Date,
): typeof schema.outboxMessages.$inferInsert & { id: string } {
  const base = {
    id: randomUUID(),
    channel: target.channel,
    recipient: target.recipient,
    creditorId: target.account.creditorId,
    debtorId: target.debtor.id,
    accountId: target.account.id,
    template: target.template,
    language: target.debtor.language,
    initiatedBy: target.initiatedBy,
    causeKey: target.causeKey,
    sendNow: target.sendNow,
    notBefore: target.notBefore ?? now,
    createdAt: now,
    updatedAt: now,
  };
  if (decision.action === "suppress") return { ...base, status: "suppressed", lastError: decision.reason, nextAttemptAt: now };
  const secrets: schema.OutboxSecrets = {};
  let unsubscribeTokenHash: string | null = null;
  if (link) {
    secrets.linkToken = link.token;
    secrets.code = link.code;
  }
  if (target.channel === "email") {
    secrets.unsubscribeToken = randomUrlToken();
    unsubscribeTokenHash = sha256Hex(secrets.unsubscribeToken);
  }
  return {
    ...base,
    payload: sealPayload(base.id, secrets),
    accessLinkId: link?.id ?? null,
    unsubscribeTokenHash,
    status: "queued",
    lastError: decision.action === "defer" ? decision.reason : null,
    nextAttemptAt: decision.action === "defer" ? decision.until : now,
  };
}

// --- the secrets a row keeps until it is sent ---

const SEAL_PURPOSE = "outbox-secrets";

/** The payload column for these secrets: sealed to the row (nothing when there are none). */
export function sealPayload(messageId: string, secrets: schema.OutboxSecrets): schema.OutboxPayload {
  if (!secrets.linkToken && !secrets.code && !secrets.unsubscribeToken) return {};
  return { sealed: sealSecret(SEAL_PURPOSE, messageId, JSON.stringify(secrets)) };
}

/** The secrets of a row (sealed, or in plain text on rows from before sealing); {} when none or unreadable. */
export function outboxSecrets(message: Pick<OutboxMessage, "id" | "payload">): schema.OutboxSecrets {
  const { sealed, linkToken, code, unsubscribeToken } = message.payload ?? {};
  if (!sealed) return { linkToken, code, unsubscribeToken };
  const opened = openSecret(SEAL_PURPOSE, message.id, sealed);
  if (!opened) return {};
  const parsed = JSON.parse(opened) as schema.OutboxSecrets;
  return { linkToken: parsed.linkToken, code: parsed.code, unsubscribeToken: parsed.unsubscribeToken };
}

async function findByCause(tx: Executor, causeKey: string) {
  const [row] = await tx
    .select({ id: schema.outboxMessages.id, status: schema.outboxMessages.status, lastError: schema.outboxMessages.lastError })
    .from(schema.outboxMessages)
    .where(eq(schema.outboxMessages.causeKey, causeKey))
    .limit(1);
  return row ?? null;
}

async function insertOnce(tx: Executor, values: typeof schema.outboxMessages.$inferInsert): Promise<EnqueueResult> {
  const [row] = await tx
    .insert(schema.outboxMessages)
    .values(values)
    .onConflictDoNothing({ target: schema.outboxMessages.causeKey })
    .returning({ id: schema.outboxMessages.id, status: schema.outboxMessages.status, lastError: schema.outboxMessages.lastError });
  if (row) {
    log("info", "outbox.enqueued", { messageId: row.id, template: values.template, channel: values.channel, status: row.status, reason: row.lastError });
    return { id: row.id, status: row.status, reason: row.lastError, duplicate: false };
  }
  const existing = await findByCause(tx, values.causeKey);
  if (!existing) throw new Error("enqueueMessage: cause conflict without a row");
  return { id: existing.id, status: existing.status, reason: existing.lastError, duplicate: true };
}

/** A reply to an inbound text (STOP, HELP, START), to the number that wrote. */
export async function enqueueKeywordReply(
  tx: Executor,
  input: { causeKey: string; template: "sms_opt_out_confirmation" | "sms_help" | "sms_resubscribed"; phone: string; debtor: Debtor | null; language: Lang; now?: Date },
): Promise<EnqueueResult> {
  const existing = await findByCause(tx, input.causeKey);
  if (existing) return { id: existing.id, status: existing.status, reason: existing.lastError, duplicate: true };
  const now = input.now ?? new Date();
  return insertOnce(tx, {
    channel: "sms",
    recipient: input.phone,
    creditorId: input.debtor?.creditorId ?? null,
    debtorId: input.debtor?.id ?? null,
    template: input.template,
    language: input.language,
    initiatedBy: "debtor",
    causeKey: input.causeKey,
    status: "queued",
    nextAttemptAt: now,
    notBefore: now,
    createdAt: now,
    updatedAt: now,
  });
}

// --- what the worker asks right before sending ---

export type Evaluation = { decision: SendDecision; firstMessage: boolean; sender: Sender | null };

/**
 * The rules again, on today's facts (an opt-out, a dispute or the clock may have changed
 * since the message was queued). Call inside a transaction that locked the debtor row.
 */
export async function evaluateMessage(tx: Executor, message: OutboxMessage, now: Date): Promise<Evaluation> {
  const [debtor] = message.debtorId
    ? await tx.select().from(schema.debtors).where(eq(schema.debtors.id, message.debtorId)).limit(1)
    : [];
  const [account] = message.accountId
    ? await tx.select({ status: schema.accounts.status }).from(schema.accounts).where(eq(schema.accounts.id, message.accountId)).limit(1)
    : [];
  const [creditor] = message.creditorId
    ? await tx.select().from(schema.creditors).where(eq(schema.creditors.id, message.creditorId)).limit(1)
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
  const decision = decideSend(await buildContext(tx, subject, debtor ?? null, account?.status ?? null, creditor?.id ?? null, now));
  return { decision, firstMessage: await isFirstMessage(tx, message), sender: creditor ? senderOf(creditor) : null };
}

export function senderOf(creditor: Pick<Creditor, "displayName" | "collectorType" | "accentColor" | "supportPhone" | "supportEmail">): Sender {
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

export function renderOutboxMessage(message: Pick<OutboxMessage, "id" | "template" | "channel" | "language" | "payload">, sender: Sender | null, firstMessage: boolean, appUrl = getEnv().appUrl): Rendered {
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

// --- typed helpers for each cause ---

type Helper<T> = (tx: Executor, input: T & { now?: Date }) => Promise<EnqueueResult>;

/**
 * Link delivery: mints a link and queues it in one transaction. From the creditor area
 * (`initiatedBy: "creditor"`, counts towards the cadence) or the debtor's own "send me a
 * new link" (`"debtor"`).
 */
export async function queueLinkMessage(
  input: { accountId: string; channel?: Channel; preferredChannel?: Channel; initiatedBy: "debtor" | "creditor"; causeKey: string; now?: Date },
  tx?: Executor,
): Promise<EnqueueResult> {
  const run = (t: Executor) => enqueueMessage(t, { ...input, template: "access_link" });
  return tx ? run(tx) : db().transaction((t) => run(t));
}

/** After a successful payment (one per payment intent). */
export const queuePaymentReceipt: Helper<{ accountId: string; paymentIntentId: string; sendNow?: boolean }> = (tx, i) =>
  enqueueMessage(tx, { causeKey: `receipt:${i.paymentIntentId}`, template: "payment_receipt", accountId: i.accountId, initiatedBy: "system", sendNow: i.sendNow, now: i.now });

/** The copy of the plan and its authorization. */
export const queuePlanConfirmation: Helper<{ accountId: string; planId: string }> = (tx, i) =>
  enqueueMessage(tx, { causeKey: `plan-confirmation:${i.planId}`, template: "plan_confirmation", accountId: i.accountId, initiatedBy: "debtor", now: i.now });

/** Three days before a scheduled charge (scheduleReminders queues these). */
export const queuePaymentReminder: Helper<{ accountId: string; installmentId: string; dueDate: string }> = (tx, i) =>
  enqueueMessage(tx, { causeKey: `reminder:${i.installmentId}:${i.dueDate}`, template: "payment_reminder", accountId: i.accountId, initiatedBy: "system", now: i.now });

/** A charge failed: the link lets the debtor fix it. `attemptKey` separates retries (e.g. the payment intent id). */
export const queuePaymentFailedNotice: Helper<{ accountId: string; attemptKey: string }> = (tx, i) =>
  enqueueMessage(tx, { causeKey: `payment-failed:${i.attemptKey}`, template: "payment_failed", accountId: i.accountId, initiatedBy: "system", now: i.now });

/** An off-session charge needs the debtor to confirm with their bank (authentication_required). */
export const queueAuthenticationRequired: Helper<{ accountId: string; attemptKey: string }> = (tx, i) =>
  enqueueMessage(tx, { causeKey: `auth-required:${i.attemptKey}`, template: "authentication_required", accountId: i.accountId, initiatedBy: "system", now: i.now });

/** What the dispute process needs: allowed while the account is on hold. */
export const queueDisputeAcknowledgement: Helper<{ accountId: string; disputeId: string }> = (tx, i) =>
  enqueueMessage(tx, { causeKey: `dispute-ack:${i.disputeId}`, template: "dispute_acknowledgement", accountId: i.accountId, initiatedBy: "debtor", now: i.now });

/**
 * After a hold (dispute answered, hardship pause over): the payment dates moved, or the
 * debtor is asked to choose. One per plan and change (`changeKey`).
 */
export const queueScheduleNotice: Helper<{ accountId: string; planId: string; changeKey: string; kind: "changed" | "paused" }> = (tx, i) =>
  enqueueMessage(tx, {
    causeKey: `schedule-${i.kind}:${i.planId}:${i.changeKey}`,
    template: i.kind === "changed" ? "schedule_changed" : "schedule_paused",
    accountId: i.accountId,
    initiatedBy: "system",
    now: i.now,
  });

// --- reminders ---

/**
 * Queues a reminder for each scheduled installment due in the next 3 days (calendar
 * dates in the creditor's time zone) of an active plan. Idempotent: one per installment
 * and due date, so running it every few minutes is harmless, and a worker that was down
 * catches up.
 */
export async function scheduleReminders(now = new Date(), database: Db = db()): Promise<number> {
  const rows = await database
    .select({
      installmentId: schema.installments.id,
      dueDate: schema.installments.dueDate,
      accountId: schema.plans.accountId,
      timezone: schema.creditors.timezone,
    })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(
      and(
        eq(schema.installments.status, "scheduled"),
        eq(schema.plans.status, "active"),
        inArray(schema.accounts.status, MESSAGEABLE_ACCOUNT_STATUSES), // allowsCollectionMessages
        // A coarse window first; the exact one is per creditor time zone below.
        sql`${schema.installments.dueDate} between ${isoDate(now, "UTC", -1)} and ${isoDate(now, "UTC", 4)}`,
      ),
    );
  let queued = 0;
  for (const row of rows) {
    const today = isoDate(now, row.timezone, 0);
    const inThree = isoDate(now, row.timezone, 3);
    if (row.dueDate <= today || row.dueDate > inThree) continue;
    const result = await database.transaction((tx) =>
      queuePaymentReminder(tx, { accountId: row.accountId, installmentId: row.installmentId, dueDate: row.dueDate, now }),
    );
    if (!result.duplicate) queued++;
  }
  return queued;
}

function isoDate(now: Date, zone: string, plusDays: number): string {
  const local = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
  const [y, m, d] = local.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays)).toISOString().slice(0, 10);
}

// --- reading (demo outbox, tests) ---

export async function listOutbox(limit = 100, database: Db = db()): Promise<OutboxMessage[]> {
  return database.select().from(schema.outboxMessages).orderBy(desc(schema.outboxMessages.createdAt)).limit(limit);
}

export async function getOutboxMessage(id: string, database: Db = db()): Promise<OutboxMessage | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await database.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.id, id)).limit(1);
  return row ?? null;
}

export async function getSenderForMessage(message: Pick<OutboxMessage, "creditorId">, database: Db = db()): Promise<Sender | null> {
  if (!message.creditorId) return null;
  const [creditor] = await database.select().from(schema.creditors).where(eq(schema.creditors.id, message.creditorId)).limit(1);
  return creditor ? senderOf(creditor) : null;
}

