// Messages: the outbox every email and SMS goes through, SMS opt-outs and replies,
// and each creditor's cadence.
import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz, inList } from "./columns";
import { creditors } from "./creditors";
import { debtors, accounts } from "./accounts";
import { accessLinks } from "./debtor-access";

export const MESSAGE_CHANNELS = ["email", "sms"] as const;
export const MESSAGE_STATUSES = ["queued", "sending", "sent", "failed", "suppressed"] as const;
export const MESSAGE_TEMPLATES = [
  "access_link",
  "payment_receipt",
  "plan_confirmation",
  "payment_reminder",
  "payment_failed",
  "bank_payment_returned",
  "authentication_required",
  "dispute_acknowledgement",
  "schedule_changed",
  "schedule_paused",
  "plan_changed",
  "plan_paused",
  "plan_cancelled",
  "settlement_accepted",
  "account_paid",
  "account_settled",
  "sms_opt_out_confirmation",
  "sms_help",
  "sms_resubscribed",
] as const;

/** The secrets a template needs (link token, code, unsubscribe token): never an amount, a reference or any debt detail. */
export type OutboxSecrets = { linkToken?: string; code?: string; unsubscribeToken?: string };
/**
 * What an outbox row keeps of its secrets: sealed (AES-256-GCM, bound to the row's id;
 * app/models/outbox.server.ts). Rows written before sealing held them in plain text:
 * still readable (OutboxSecrets' fields), never written any more.
 */
export type OutboxPayload = { sealed?: string } & OutboxSecrets;

// Every email and SMS is a row first, written in the transaction of its cause, then
// delivered by the worker (app/workers/outbox-worker.server.ts). `cause_key` makes each
// cause send at most one message: a replayed payment event finds the row already there.
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: text("channel", { enum: MESSAGE_CHANNELS }).notNull(),
    // Null only on a row suppressed because there was no usable contact.
    recipient: text("recipient"),
    creditorId: uuid("creditor_id").references(() => creditors.id),
    debtorId: uuid("debtor_id").references(() => debtors.id),
    accountId: uuid("account_id").references(() => accounts.id),
    accessLinkId: uuid("access_link_id").references(() => accessLinks.id),
    template: text("template", { enum: MESSAGE_TEMPLATES }).notNull(),
    language: text("language", { enum: ["en", "es"] }).notNull(),
    // Who asked for it: a debtor's own request is not a collection attempt (cadence, hold).
    initiatedBy: text("initiated_by", { enum: ["debtor", "creditor", "system"] }).notNull(),
    // The secrets the template needs until delivery (link token, code, unsubscribe token),
    // sealed; cleared once the message leaves, except in demo mode where the outbox page
    // shows them.
    payload: jsonb("payload").$type<OutboxPayload>().notNull().default({}),
    causeKey: text("cause_key").notNull().unique(),
    // The debtor asked for it now ("email my receipt now"): quiet hours do not hold it back.
    sendNow: boolean("send_now").notNull().default(false),
    notBefore: tstz("not_before").notNull().defaultNow(),
    status: text("status", { enum: MESSAGE_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: tstz("next_attempt_at").notNull().defaultNow(),
    // A reason code (quiet_hours, opted_out, smtp_550 …), never free text with PII.
    lastError: text("last_error"),
    provider: text("provider"),
    providerId: text("provider_id"),
    unsubscribeTokenHash: text("unsubscribe_token_hash").unique(),
    // When a worker took it to send (counts towards the cadence while in flight).
    dispatchedAt: tstz("dispatched_at"),
    // The claim of the worker sending it (status `sending`, until `next_attempt_at`, the
    // lease): only that claim may record the outcome.
    claimToken: text("claim_token"),
    sentAt: tstz("sent_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // The worker's queue.
    index("outbox_messages_due").on(t.status, t.nextAttemptAt),
    // Cadence: what went to this debtor recently.
    index("outbox_messages_debtor").on(t.debtorId, t.dispatchedAt),
    index("outbox_messages_created").on(t.createdAt),
    check("outbox_messages_channel", inList("channel", MESSAGE_CHANNELS)),
    check("outbox_messages_status", inList("status", MESSAGE_STATUSES)),
    check("outbox_messages_template", inList("template", MESSAGE_TEMPLATES)),
    check("outbox_messages_initiated_by", inList("initiated_by", ["debtor", "creditor", "system"])),
    check("outbox_messages_language", inList("language", ["en", "es"])),
    check("outbox_messages_recipient", sql`recipient is not null or status = 'suppressed'`),
    check("outbox_messages_attempts", sql`attempts >= 0`),
  ],
);

// A phone number that texted STOP (or a variant): nothing goes to it until START.
// Keyed by number, not debtor: the opt-out is the phone owner's, whoever's record it is on.
export const smsSuppressions = pgTable("sms_suppressions", {
  phone: text("phone").primaryKey(),
  keyword: text("keyword").notNull(),
  suppressedAt: tstz("suppressed_at").notNull().defaultNow(),
});

// Inbound texts, kept for the audit trail (a reply may be a dispute in the debtor's words).
export const inboundSms = pgTable(
  "inbound_sms",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    providerId: text("provider_id").notNull().unique(),
    fromPhone: text("from_phone").notNull(),
    toPhone: text("to_phone"),
    body: text("body").notNull(),
    keyword: text("keyword", { enum: ["stop", "start", "help", "other"] }).notNull(),
    receivedAt: tstz("received_at").notNull().defaultNow(),
  },
  (t) => [
    index("inbound_sms_from").on(t.fromPhone, t.receivedAt),
    check("inbound_sms_keyword", inList("keyword", ["stop", "start", "help", "other"])),
  ],
);

// A creditor's own message cadence, always under the platform ceiling (app/lib/message-rules.ts).
export const creditorMessageSettings = pgTable(
  "creditor_message_settings",
  {
    creditorId: uuid("creditor_id")
      .primaryKey()
      .references(() => creditors.id),
    maxPerDay: integer("max_per_day").notNull(),
    maxPerWeek: integer("max_per_week").notNull(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  () => [check("creditor_message_settings_positive", sql`max_per_day >= 1 and max_per_week >= 1`)],
);
