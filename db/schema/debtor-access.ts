// How a debtor reaches the portal: one-time access links and the sessions they open.
import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz } from "./columns";
import { debtors, accounts } from "./accounts";

export const LINK_CHANNELS = ["email", "sms", "letter", "demo", "cli"] as const;

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
