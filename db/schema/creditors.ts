// Creditors, their users, and how those users sign in (sessions, throttles); the logo.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz, inList, bytea } from "./columns";

export const COLLECTOR_TYPES = ["third_party", "first_party"] as const;
export const VERIFICATION_FACTS = ["dob", "postal_code", "account_last4"] as const;
export const CREDITOR_ROLES = ["owner", "staff"] as const;

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
