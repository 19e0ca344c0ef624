// Creditor CSV imports: the upload and its staged rows.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz, inList } from "./columns";
import { creditors, creditorUsers } from "./creditors";

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
