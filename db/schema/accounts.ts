// Debtors, their accounts and each account's ledger; disputes, which hold an account.
// Rules that must never be broken live here as constraints (one ledger entry per Stripe
// object, one account per reference).
import {
  bigint,
  check,
  date,
  index,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz, inList } from "./columns";
import { creditors } from "./creditors";

export const ITEMIZATION_KINDS = [
  "last_statement",
  "charge_off",
  "last_payment",
  "transaction",
  "judgment",
] as const;
export const ACCOUNT_STATUSES = [
  "open",
  "in_plan",
  "on_hold",
  "paid",
  "settled",
  "closed",
] as const;
export const LEDGER_KINDS = [
  "itemized_balance",
  "interest",
  "fee",
  "payment",
  "credit",
  "payment_reversal",
  "adjustment",
  "settlement_writeoff",
] as const;
export const LEDGER_SOURCES = [
  "import",
  "stripe_payment_intent",
  "stripe_refund",
  "stripe_dispute",
  "creditor",
] as const;

export type CommunicationPreferences = {
  optOutEmail?: boolean;
  optOutSms?: boolean;
  quietStart?: string; // "HH:MM" local, the debtor's own wishes inside the legal window
  quietEnd?: string;
};

export const debtors = pgTable(
  "debtors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    fullName: text("full_name").notNull(),
    email: text("email"),
    emailSource: text("email_source"),
    emailConsentAt: tstz("email_consent_at"),
    phone: text("phone"),
    phoneSource: text("phone_source"),
    phoneConsentAt: tstz("phone_consent_at"),
    addressLine1: text("address_line1"),
    addressLine2: text("address_line2"),
    city: text("city"),
    region: text("region"),
    postalCode: text("postal_code"),
    country: text("country").notNull().default("US"),
    timezone: text("timezone"),
    language: text("language", { enum: ["en", "es"] })
      .notNull()
      .default("en"),
    // Keyed hashes (HMAC with the server pepper) of the facts a debtor can be asked for;
    // never shown back, compared in constant time.
    dobHash: text("dob_hash"),
    postalCodeHash: text("postal_code_hash"),
    preferences: jsonb("preferences").$type<CommunicationPreferences>().notNull().default({}),
    esignConsentAt: tstz("esign_consent_at"),
    esignWithdrawnAt: tstz("esign_withdrawn_at"),
    paperRequestedAt: tstz("paper_requested_at"),
    createdAt: createdAt(),
  },
  (t) => [index("debtors_creditor").on(t.creditorId)],
);

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    reference: text("reference").notNull(),
    referenceLast4Hash: text("reference_last4_hash").notNull(),
    originalCreditor: text("original_creditor"),
    itemizationDate: date("itemization_date", { mode: "string" }).notNull(),
    itemizationKind: text("itemization_kind", { enum: ITEMIZATION_KINDS }).notNull(),
    noticeSentOn: date("notice_sent_on", { mode: "string" }),
    validationEndsOn: date("validation_ends_on", { mode: "string" }),
    currency: text("currency").notNull().default("usd"),
    status: text("status", { enum: ACCOUNT_STATUSES }).notNull().default("open"),
    policyOverride: jsonb("policy_override").$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("accounts_creditor_reference").on(t.creditorId, t.reference),
    index("accounts_debtor").on(t.debtorId),
    index("accounts_creditor_status").on(t.creditorId, t.status),
    check("accounts_status", inList("status", ACCOUNT_STATUSES)),
    check("accounts_itemization_kind", inList("itemization_kind", ITEMIZATION_KINDS)),
  ],
);

export const ledgerEntries = pgTable(
  "ledger_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: text("kind", { enum: LEDGER_KINDS }).notNull(),
    // Signed minor units: what the debtor owes goes up (+), payments and credits go down (−).
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    occurredAt: tstz("occurred_at").notNull(),
    source: text("source", { enum: LEDGER_SOURCES }).notNull(),
    sourceId: text("source_id").notNull(),
    memo: text("memo"),
    createdAt: createdAt(),
  },
  (t) => [
    // One entry per outside object: a replayed Stripe event cannot post twice.
    uniqueIndex("ledger_entries_source").on(t.source, t.sourceId, t.kind),
    index("ledger_entries_account").on(t.accountId, t.occurredAt),
    check("ledger_entries_kind", inList("kind", LEDGER_KINDS)),
    check("ledger_entries_source_kind", inList("source", LEDGER_SOURCES)),
  ],
);

export const DISPUTE_REASONS = [
  "not_my_debt",
  "wrong_amount",
  "original_creditor",
  "other",
] as const;
export const DISPUTE_STATUSES = ["open", "answered"] as const;

// An online dispute counts as a written dispute. While one is open the account is on hold.
export const disputes = pgTable(
  "disputes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    reason: text("reason", { enum: DISPUTE_REASONS }).notNull(),
    details: text("details"),
    channel: text("channel").notNull().default("web"),
    status: text("status", { enum: DISPUTE_STATUSES }).notNull().default("open"),
    // What the account was before the hold, so answering the dispute can restore it.
    statusBeforeHold: text("status_before_hold", { enum: ACCOUNT_STATUSES }).notNull(),
    createdAt: createdAt(),
    respondedAt: tstz("responded_at"),
    response: text("response"),
  },
  (t) => [
    index("disputes_account").on(t.accountId, t.createdAt),
    index("disputes_creditor_status").on(t.creditorId, t.status),
    check("disputes_reason", inList("reason", DISPUTE_REASONS)),
    check("disputes_status", inList("status", DISPUTE_STATUSES)),
  ],
);
