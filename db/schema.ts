// The database schema. Rules that must never be broken live here as constraints
// (one ledger entry per Stripe object, one session per id, one account per reference).
import { sql } from "drizzle-orm";
import {
  customType,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
    // --- creditor area ---
    // The last TOTP time step accepted: a code is never accepted twice (replay).
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    // An invitation: SHA-256 of the one-time token; cleared when the password is set.
    inviteTokenHash: text("invite_token_hash"),
    inviteExpiresAt: tstz("invite_expires_at"),
    invitedBy: uuid("invited_by"),
    lastSignInAt: tstz("last_sign_in_at"),
    disabledAt: tstz("disabled_at"),
  },
  (t) => [
    uniqueIndex("creditor_users_email").on(sql`lower(${t.email})`),
    check("creditor_users_role", inList("role", CREDITOR_ROLES)),
    uniqueIndex("creditor_users_invite").on(t.inviteTokenHash),
  ],
);

// Password attempts at the creditor sign-in, counted per (email, client address) pair and
// per email, keyed by a keyed hash of the string typed (so an unknown email is counted
// exactly like a known one, and no address or email is stored). See
// docs/decisions/0011-creditor-sign-in-throttling.md.
export const signInThrottles = pgTable(
  "sign_in_throttles",
  {
    key: text("key").primaryKey(),
    scope: text("scope", { enum: ["pair", "email"] }).notNull(),
    failures: integer("failures").notNull().default(0),
    windowStartedAt: tstz("window_started_at").notNull(),
    lockedUntil: tstz("locked_until"),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("sign_in_throttles_updated").on(t.updatedAt),
    check("sign_in_throttles_scope", inList("scope", ["pair", "email"])),
    check("sign_in_throttles_failures", sql`failures >= 0`),
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
    // The pending session this full one replaced, as `id:secret_hash` (the second step gives
    // a new id): lets
    // the page a browser without JavaScript is shown after its enrolment POST know that
    // the pending cookie it still carries was just promoted, not lost.
    promotedFrom: text("promoted_from"),
  },
  (t) => [
    index("creditor_sessions_user").on(t.userId),
    index("creditor_sessions_promoted_from").on(t.promotedFrom),
  ],
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

// --- creditor area ---

/** Binary data (logo images): Buffer in, Buffer out. */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const IMPORT_STATUSES = ["running", "imported", "rejected", "failed"] as const;

// One CSV upload. All or nothing: `rejected` means no row of the file was written, and
// `rejections` says why (capped, see app/models/creditor-import.server.ts). `running`
// holds the creditor's one import slot (a partial unique index) while the file streams in;
// `heartbeat_at` moves with it, so a slot left by a crashed process can be taken over.
export const accountImports = pgTable(
  "account_imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    userId: uuid("user_id").references(() => creditorUsers.id),
    filename: text("filename").notNull(),
    status: text("status", { enum: IMPORT_STATUSES }).notNull(),
    totalRows: integer("total_rows").notNull().default(0),
    createdRows: integer("created_rows").notNull().default(0),
    unchangedRows: integer("unchanged_rows").notNull().default(0),
    rejectedRows: integer("rejected_rows").notNull().default(0),
    rejections: jsonb("rejections")
      .$type<{ row: number; reference: string; column: string; message: string }[]>()
      .notNull()
      .default([]),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
    heartbeatAt: tstz("heartbeat_at"),
  },
  (t) => [
    index("account_imports_creditor").on(t.creditorId, t.createdAt),
    check("account_imports_status", inList("status", IMPORT_STATUSES)),
    uniqueIndex("account_imports_one_running")
      .on(t.creditorId)
      .where(sql`status = 'running'`),
  ],
);

// The checked rows of an import while its file streams in: nothing reaches debtors,
// accounts or the ledger until the whole file has been read and found valid; then one
// short transaction copies them over (insert … select) and they are deleted.
export const accountImportRows = pgTable(
  "account_import_rows",
  {
    importId: uuid("import_id")
      .notNull()
      .references(() => accountImports.id, { onDelete: "cascade" }),
    rowNumber: integer("row_number").notNull(),
    debtorId: uuid("debtor_id").notNull(),
    accountId: uuid("account_id").notNull(),
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
    country: text("country").notNull(),
    timezone: text("timezone"),
    language: text("language").notNull(),
    dobHash: text("dob_hash"),
    postalCodeHash: text("postal_code_hash"),
    reference: text("reference").notNull(),
    referenceLast4Hash: text("reference_last4_hash").notNull(),
    originalCreditor: text("original_creditor"),
    itemizationDate: date("itemization_date", { mode: "string" }).notNull(),
    itemizationKind: text("itemization_kind").notNull(),
    noticeSentOn: date("notice_sent_on", { mode: "string" }),
    itemizedCents: bigint("itemized_cents", { mode: "number" }).notNull(),
    interestCents: bigint("interest_cents", { mode: "number" }).notNull(),
    feesCents: bigint("fees_cents", { mode: "number" }).notNull(),
    paymentsCents: bigint("payments_cents", { mode: "number" }).notNull(),
    creditsCents: bigint("credits_cents", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);

// The creditor's logo, in the database so web processes stay stateless. Served by
// /creditor-logos/<file> with its checked content type; `sha256` names the version.
export const creditorLogos = pgTable("creditor_logos", {
  creditorId: uuid("creditor_id")
    .primaryKey()
    .references(() => creditors.id),
  contentType: text("content_type").notNull(),
  bytes: bytea("bytes").notNull(),
  sha256: text("sha256").notNull(),
  width: integer("width"),
  height: integer("height"),
  createdAt: createdAt(),
});

// --- plans ---

export const PLAN_KINDS = ["full", "installments", "settlement"] as const;
export const PLAN_FREQUENCIES = ["weekly", "biweekly", "monthly"] as const;
export const PLAN_STATUSES = [
  "pending_payment_method",
  "active",
  "paused",
  "completed",
  "broken",
  "cancelled",
] as const;
// `charging`: the worker has recorded an attempt and may be asking Stripe (charge_attempts);
// `needs_attention`: Stripe refused the charge request itself (our defect, not the debtor's):
// nothing more is tried until someone retries it after the fix.
export const INSTALLMENT_STATUSES = [
  "scheduled",
  "processing",
  "paid",
  "failed",
  "skipped",
  "charging",
  "needs_attention",
] as const;
export const HARDSHIP_KINDS = ["pause", "proposal"] as const;
export const HARDSHIP_STATUSES = ["pending", "accepted", "declined"] as const;

// A way to pay an account the debtor agreed to: one payment (full, settlement) or a
// schedule. The server computes every amount (app/lib/schedule.ts); the authorization
// columns are the evidence of the recurring-payment consent (Reg E / Nacha).
export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: text("kind", { enum: PLAN_KINDS }).notNull(),
    frequency: text("frequency", { enum: PLAN_FREQUENCIES }),
    installmentCount: integer("installment_count").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    // The creditor-timezone date the plan was agreed: its maximum length counts from there.
    agreedOn: date("agreed_on", { mode: "string" }).notNull(),
    totalCents: bigint("total_cents", { mode: "number" }).notNull(),
    // The balance when agreed; total < balance for a settlement (the rest is written off on payment).
    balanceCents: bigint("balance_cents", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: PLAN_STATUSES }).notNull().default("pending_payment_method"),
    pauseUntil: date("pause_until", { mode: "string" }),
    stripeCustomerId: text("stripe_customer_id"),
    stripePaymentMethodId: text("stripe_payment_method_id"),
    // What the debtor accepted: the text version, the exact words shown (and their SHA-256),
    // when, from where. Kept for as long as the plan record (proof of authorization).
    authorizationVersion: text("authorization_version").notNull(),
    authorizationText: text("authorization_text").notNull(),
    authorizationTextSha256: text("authorization_text_sha256").notNull(),
    authorizationLanguage: text("authorization_language", { enum: ["en", "es"] }).notNull(),
    authorizedAt: tstz("authorized_at").notNull(),
    authorizationIp: text("authorization_ip"),
    authorizationUserAgent: text("authorization_user_agent"),
    cancelledAt: tstz("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // One live plan per account: a second tab or a double submit cannot create two.
    uniqueIndex("plans_one_live_per_account")
      .on(t.accountId)
      .where(sql`status not in ('cancelled', 'completed', 'broken')`),
    index("plans_account").on(t.accountId, t.createdAt),
    index("plans_status").on(t.status),
    check("plans_kind", inList("kind", PLAN_KINDS)),
    check("plans_status_check", inList("status", PLAN_STATUSES)),
    check("plans_frequency", sql`frequency is null or ${inList("frequency", PLAN_FREQUENCIES)}`),
    check("plans_count", sql`installment_count between 1 and 120`),
    check("plans_total_positive", sql`total_cents > 0 and total_cents <= balance_cents`),
    check(
      "plans_schedule_shape",
      sql`kind = 'installments' or installment_count = 1 or frequency is not null`,
    ),
    check("plans_authorization_language", inList("authorization_language", ["en", "es"])),
  ],
);

export const installments = pgTable(
  "installments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    seq: integer("seq").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    // What was agreed, before any early payment reduced it (shown so nothing changes silently).
    originalAmountCents: bigint("original_amount_cents", { mode: "number" }).notNull(),
    originalDueDate: date("original_due_date", { mode: "string" }).notNull(),
    status: text("status", { enum: INSTALLMENT_STATUSES }).notNull().default("scheduled"),
    attempts: integer("attempts").notNull().default(0),
    nextRetryAt: tstz("next_retry_at"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    paidAt: tstz("paid_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("installments_plan_seq").on(t.planId, t.seq),
    uniqueIndex("installments_payment_intent").on(t.stripePaymentIntentId),
    // The charge worker's queue: due, scheduled installments by date.
    index("installments_due").on(t.status, t.dueDate),
    // The worker's claim, in its order (due date, id): each batch reads the rows it locks
    // instead of joining and sorting the whole queue (which made a run quadratic).
    index("installments_claim")
      .on(t.dueDate, t.id)
      .where(sql`status in ('scheduled', 'failed')`),
    check("installments_status", inList("status", INSTALLMENT_STATUSES)),
    check("installments_amount_positive", sql`amount_cents > 0 and original_amount_cents > 0`),
    check("installments_seq_positive", sql`seq >= 1`),
    check("installments_attempts", sql`attempts >= 0`),
  ],
);

export const CHARGE_ATTEMPT_STATUSES = [
  "in_flight",
  "unknown",
  "charged",
  "declined",
  "defect",
  "not_reached",
] as const;

// One off-session charge attempt of an installment, recorded (with its idempotency key) in
// the worker's claim transaction before Stripe is asked, and closed in another once the
// answer is applied. Stripe keeps a key about 24 hours: exactly-once rests on this row, not
// on the key. `in_flight`: the call may be under way (or its worker died); `unknown`: the
// call ended without an answer. Both are resolved by finding the attempt's PaymentIntent
// at Stripe (charge-worker's reconciler): `charged` / `declined` when it exists,
// `not_reached` when it does not. `defect`: Stripe refused the request (invalid_request_error).
export const chargeAttempts = pgTable(
  "charge_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    installmentId: uuid("installment_id")
      .notNull()
      .references(() => installments.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    number: integer("number").notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    status: text("status", { enum: CHARGE_ATTEMPT_STATUSES }).notNull().default("in_flight"),
    // The installment's status when claimed (scheduled or failed): where "not reached" puts it back.
    fromStatus: text("from_status", { enum: INSTALLMENT_STATUSES }).notNull(),
    // Where the reconciler looks for the attempt's PaymentIntent.
    stripeCustomerId: text("stripe_customer_id").notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    // Stripe's error type and code (e.g. invalid_request_error / parameter_unknown); never a message.
    errorType: text("error_type"),
    errorCode: text("error_code"),
    startedAt: tstz("started_at").notNull(),
    endedAt: tstz("ended_at"),
    resolvedAt: tstz("resolved_at"),
  },
  (t) => [
    uniqueIndex("charge_attempts_installment_number").on(t.installmentId, t.number),
    // The reconciler's queue: attempts still open.
    index("charge_attempts_open")
      .on(t.startedAt)
      .where(sql`status in ('in_flight', 'unknown')`),
    index("charge_attempts_account").on(t.accountId, t.startedAt),
    check("charge_attempts_status", inList("status", CHARGE_ATTEMPT_STATUSES)),
    check("charge_attempts_number", sql`number >= 1`),
  ],
);

// "I can't pay right now": a pause within policy (accepted at once) or a proposal the
// creditor accepts or declines.
export const hardshipRequests = pgTable(
  "hardship_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    kind: text("kind", { enum: HARDSHIP_KINDS }).notNull(),
    pauseUntil: date("pause_until", { mode: "string" }),
    amountCents: bigint("amount_cents", { mode: "number" }),
    frequency: text("frequency", { enum: PLAN_FREQUENCIES }),
    note: text("note"),
    status: text("status", { enum: HARDSHIP_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    decidedAt: tstz("decided_at"),
    decidedBy: uuid("decided_by"),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("hardship_requests_account").on(t.accountId, t.createdAt),
    index("hardship_requests_creditor_status").on(t.creditorId, t.status),
    // One open proposal per account: the creditor answers one thing at a time.
    uniqueIndex("hardship_requests_one_pending")
      .on(t.accountId)
      .where(sql`status = 'pending'`),
    check("hardship_requests_kind", inList("kind", HARDSHIP_KINDS)),
    check("hardship_requests_status", inList("status", HARDSHIP_STATUSES)),
    check(
      "hardship_requests_shape",
      sql`(kind = 'pause' and pause_until is not null) or (kind = 'proposal' and amount_cents > 0 and frequency is not null)`,
    ),
    check(
      "hardship_requests_frequency",
      sql`frequency is null or ${inList("frequency", PLAN_FREQUENCIES)}`,
    ),
    check("hardship_requests_note_length", sql`note is null or length(note) <= 2000`),
  ],
);

// --- payments ---

export const PAYMENT_STATUSES = [
  "processing",
  "succeeded",
  "failed",
  "refunded",
  "disputed",
] as const;
export const CHECKOUT_PURPOSES = ["plan_start", "installment", "update_card", "payoff"] as const;
export const CHECKOUT_STATUSES = ["open", "completed", "expired"] as const;

// Every Stripe event we have handled: the id is recorded in the same transaction as its
// effect, so a redelivered event changes nothing.
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: tstz("received_at").notNull().defaultNow(),
  processedAt: tstz("processed_at"),
});

export const stripeCustomers = pgTable("stripe_customers", {
  debtorId: uuid("debtor_id")
    .primaryKey()
    .references(() => debtors.id),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  createdAt: createdAt(),
});

// One open hosted Checkout per account: a double click or a second tab reuses it.
export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    planId: uuid("plan_id").references(() => plans.id),
    installmentId: uuid("installment_id").references(() => installments.id),
    purpose: text("purpose", { enum: CHECKOUT_PURPOSES }).notNull(),
    mode: text("mode", { enum: ["payment", "setup"] }).notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }),
    stripeSessionId: text("stripe_session_id").notNull().unique(),
    url: text("url").notNull(),
    status: text("status", { enum: CHECKOUT_STATUSES }).notNull().default("open"),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("checkout_sessions_one_open")
      .on(t.accountId)
      .where(sql`status = 'open'`),
    check("checkout_sessions_status", inList("status", CHECKOUT_STATUSES)),
    check("checkout_sessions_purpose", inList("purpose", CHECKOUT_PURPOSES)),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    planId: uuid("plan_id").references(() => plans.id),
    installmentId: uuid("installment_id").references(() => installments.id),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    refundedCents: bigint("refunded_cents", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull(),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
    // "Visa ending 4242" style: brand or bank + last 4. Never a full number.
    methodBrand: text("method_brand"),
    methodLast4: text("method_last4"),
    stripePaymentIntentId: text("stripe_payment_intent_id").notNull().unique(),
    stripeChargeId: text("stripe_charge_id"),
    receiptNumber: text("receipt_number").notNull().unique(),
    failureCode: text("failure_code"),
    createdAt: createdAt(),
    succeededAt: tstz("succeeded_at"),
  },
  (t) => [
    index("payments_account").on(t.accountId, t.createdAt),
    check("payments_status", inList("status", PAYMENT_STATUSES)),
    check("payments_amount_positive", sql`amount_cents > 0`),
  ],
);

// --- messages ---

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
