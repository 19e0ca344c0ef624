// The database schema. Rules that must never be broken live here as constraints
// (one ledger entry per Stripe object, one session per id, one account per reference).
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });

export const COLLECTOR_TYPES = ["third_party", "first_party"] as const;
export const VERIFICATION_FACTS = ["dob", "postal_code", "account_last4"] as const;
export const ITEMIZATION_KINDS = [
  "last_statement",
  "charge_off",
  "last_payment",
  "transaction",
  "judgment",
] as const;
export const ACCOUNT_STATUSES = ["open", "in_plan", "on_hold", "paid", "settled", "closed"] as const;
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
export const LINK_CHANNELS = ["email", "sms", "letter", "demo", "cli"] as const;
export const CREDITOR_ROLES = ["owner", "staff"] as const;

const inList = (column: string, values: readonly string[]) =>
  sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

export const creditors = pgTable(
  "creditors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    displayName: text("display_name").notNull(),
    legalName: text("legal_name").notNull(),
    collectorType: text("collector_type", { enum: COLLECTOR_TYPES }).notNull(),
    timezone: text("timezone").notNull().default("America/New_York"),
    currency: text("currency").notNull().default("usd"),
    supportEmail: text("support_email").notNull(),
    supportPhone: text("support_phone").notNull(),
    mailingAddress: text("mailing_address").notNull(),
    supportHours: text("support_hours"),
    accentColor: text("accent_color").notNull().default("#1d4ed8"),
    logoPath: text("logo_path"),
    verificationFact: text("verification_fact", { enum: VERIFICATION_FACTS }).notNull(),
    linkLifetimeDays: integer("link_lifetime_days").notNull().default(30),
    // Validated by the plan policy schema (app/lib/policy.ts) wherever it is written.
    planPolicy: jsonb("plan_policy").$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  () => [
    check("creditors_collector_type", inList("collector_type", COLLECTOR_TYPES)),
    check("creditors_verification_fact", inList("verification_fact", VERIFICATION_FACTS)),
    check("creditors_link_lifetime", sql`link_lifetime_days between 1 and 365`),
  ],
);

export const creditorUsers = pgTable(
  "creditor_users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    totpSecret: text("totp_secret"),
    totpEnabledAt: tstz("totp_enabled_at"),
    recoveryCodeHashes: jsonb("recovery_code_hashes").$type<string[]>().notNull().default([]),
    role: text("role", { enum: CREDITOR_ROLES }).notNull(),
    failedSignIns: integer("failed_sign_ins").notNull().default(0),
    lockedUntil: tstz("locked_until"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("creditor_users_email").on(sql`lower(${t.email})`),
    check("creditor_users_role", inList("role", CREDITOR_ROLES)),
  ],
);

export const creditorSessions = pgTable(
  "creditor_sessions",
  {
    id: text("id").primaryKey(),
    secretHash: text("secret_hash").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => creditorUsers.id, { onDelete: "cascade" }),
    secondFactorAt: tstz("second_factor_at"),
    createdAt: createdAt(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [index("creditor_sessions_user").on(t.userId)],
);

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

export const accessLinks = pgTable(
  "access_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    tokenHash: text("token_hash").notNull().unique(),
    codeHash: text("code_hash").notNull().unique(),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    channel: text("channel", { enum: LINK_CHANNELS }).notNull(),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
    revokedAt: tstz("revoked_at"),
    firstOpenedAt: tstz("first_opened_at"),
    verifiedAt: tstz("verified_at"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    lockedUntil: tstz("locked_until"),
  },
  (t) => [index("access_links_account").on(t.accountId)],
);

export const debtorSessions = pgTable(
  "debtor_sessions",
  {
    id: text("id").primaryKey(),
    secretHash: text("secret_hash").notNull(),
    debtorId: uuid("debtor_id")
      .notNull()
      .references(() => debtors.id, { onDelete: "cascade" }),
    accessLinkId: uuid("access_link_id").references(() => accessLinks.id),
    createdAt: createdAt(),
    lastSeenAt: tstz("last_seen_at").notNull().defaultNow(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [index("debtor_sessions_debtor").on(t.debtorId)],
);

export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: tstz("at").notNull().defaultNow(),
    actorType: text("actor_type", { enum: ["debtor", "creditor_user", "system"] }).notNull(),
    actorId: text("actor_id"),
    creditorId: uuid("creditor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    // A keyed hash of the address: enough to correlate abuse, not to identify anyone.
    ipHash: text("ip_hash"),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    index("audit_events_target").on(t.targetType, t.targetId),
    index("audit_events_creditor").on(t.creditorId, t.at),
  ],
);

// Demo mode only: the plaintext link, code and answer for each seeded account, so the
// demo page can list them. Never written outside demo mode.
export const demoAccess = pgTable("demo_access", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id),
  label: text("label").notNull(),
  token: text("token").notNull(),
  code: text("code").notNull(),
  answer: text("answer").notNull(),
  answerHint: text("answer_hint").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

// Demo mode only: links in special states (expired, revoked, one to try the lock-out on).
export const demoFixtures = pgTable("demo_fixtures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  label: text("label").notNull(),
  token: text("token").notNull(),
  code: text("code").notNull(),
  answer: text("answer").notNull(),
  answerHint: text("answer_hint").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});
