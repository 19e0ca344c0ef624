// CSV import of accounts: streamed (csv-parse reads the upload as it arrives, rows are
// written in chunks of 1,000), checked row by row (app/lib/creditor-csv.ts), all or
// nothing per file (one transaction, rolled back when any row is rejected), idempotent on
// the account reference (a row already imported with the same figures changes nothing).
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { and, desc, eq, inArray } from "drizzle-orm";
import {
  checkHeader,
  checkRow,
  csvLine,
  normalizeHeader,
  type ImportRow,
  type RowError,
} from "~/lib/creditor-csv";
import { db, schema, type Tx } from "~/utils/db.server";
import { columns, insertUnnest, type Column } from "~/utils/bulk-insert.server";
import { errorFields, log } from "~/utils/log.server";
import { verificationHash } from "./access-links.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { creditorToday, getCreditor } from "./creditor-settings.server";

export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 250_000;
const CHUNK = 2000;
/** Problems kept for the report; the counts stay exact beyond it. */
const MAX_STORED_REJECTIONS = 10_000;

export type Rejection = { row: number; reference: string; column: string; message: string };

export type ImportResult = {
  id: string;
  status: "imported" | "rejected" | "failed";
  totalRows: number;
  createdRows: number;
  unchangedRows: number;
  rejectedRows: number;
  durationMs: number;
};

// Bulk inserts with unnest (app/utils/bulk-insert.server.ts). The column lists follow
// db/schema.ts; the database fills every default (ids of ledger rows, timestamps).
const DEBTOR_COLUMNS: Column[] = [
  ["id", "uuid"], ["creditor_id", "uuid"], ["full_name", "text"], ["email", "text"], ["email_source", "text"],
  ["email_consent_at", "timestamptz"], ["phone", "text"], ["phone_source", "text"], ["phone_consent_at", "timestamptz"],
  ["address_line1", "text"], ["address_line2", "text"], ["city", "text"], ["region", "text"], ["postal_code", "text"],
  ["country", "text"], ["timezone", "text"], ["language", "text"], ["dob_hash", "text"], ["postal_code_hash", "text"],
];
const ACCOUNT_COLUMNS: Column[] = [
  ["id", "uuid"], ["creditor_id", "uuid"], ["debtor_id", "uuid"], ["reference", "text"], ["reference_last4_hash", "text"],
  ["original_creditor", "text"], ["itemization_date", "date"], ["itemization_kind", "text"], ["notice_sent_on", "date"],
  ["currency", "text"], ["status", "text"],
];
const LEDGER_COLUMNS: Column[] = [
  ["account_id", "uuid"], ["kind", "text"], ["amount_cents", "bigint"], ["currency", "text"], ["occurred_at", "timestamptz"],
  ["source", "text"], ["source_id", "text"],
];

class RollBack extends Error {}

type Pending = { rowNumber: number; row: ImportRow };
type Amounts = ImportRow["amounts"];

const LEDGER_OF: { key: keyof Amounts; kind: (typeof schema.LEDGER_KINDS)[number]; sign: 1 | -1 }[] = [
  { key: "itemized", kind: "itemized_balance", sign: 1 },
  { key: "interest", kind: "interest", sign: 1 },
  { key: "fees", kind: "fee", sign: 1 },
  { key: "payments", kind: "payment", sign: -1 },
  { key: "credits", kind: "credit", sign: -1 },
];

function sourceIdFor(creditorId: string, reference: string) {
  return `${creditorId}:${reference}`;
}

export async function importAccountsCsv(input: {
  creditorId: string;
  userId: string | null;
  filename: string;
  source: Readable;
  ip?: string;
  now?: Date;
}): Promise<ImportResult> {
  const started = Date.now();
  const now = input.now ?? new Date();
  const creditor = await getCreditor(input.creditorId);
  const fact = creditor.verificationFact;
  const today = creditorToday(creditor, now);
  const filename = input.filename.replace(/[^\w .()-]/g, "_").slice(0, 120) || "accounts.csv";

  const rejections: Rejection[] = [];
  let rejectedRows = 0;
  let totalRows = 0;
  let createdRows = 0;
  let unchangedRows = 0;
  const reject = (rowNumber: number, reference: string, errors: RowError[]) => {
    rejectedRows += 1;
    for (const e of errors) {
      if (rejections.length < MAX_STORED_REJECTIONS) rejections.push({ row: rowNumber, reference, column: e.column, message: e.message });
    }
  };

  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: 64 * 1024 });
  input.source.on("error", (error) => parser.destroy(error));
  // The parser may fail before the transaction (and so the loop below) has started, e.g.
  // a short broken file on a slow connection: keep the error instead of leaving the
  // 'error' event unhandled, and raise it inside the loop's try.
  let earlyError: unknown = null;
  parser.on("error", (error) => {
    earlyError ??= error;
  });
  input.source.pipe(parser);

  async function flush(tx: Tx, batch: Pending[]) {
    if (batch.length === 0) return;
    const references = batch.map((p) => p.row.reference);
    const existing = await tx
      .select({
        id: schema.accounts.id,
        reference: schema.accounts.reference,
        itemizationDate: schema.accounts.itemizationDate,
        itemizationKind: schema.accounts.itemizationKind,
      })
      .from(schema.accounts)
      .where(and(eq(schema.accounts.creditorId, input.creditorId), inArray(schema.accounts.reference, references)));
    const fresh = batch;
    let toInsert = fresh;
    if (existing.length > 0) {
      const entries = await tx
        .select({ accountId: schema.ledgerEntries.accountId, kind: schema.ledgerEntries.kind, amountCents: schema.ledgerEntries.amountCents })
        .from(schema.ledgerEntries)
        .where(and(inArray(schema.ledgerEntries.accountId, existing.map((e) => e.id)), eq(schema.ledgerEntries.source, "import")));
      const byReference = new Map(existing.map((e) => [e.reference, { ...e, amounts: { itemized: 0, interest: 0, fees: 0, payments: 0, credits: 0 } as Amounts }]));
      const byId = new Map([...byReference.values()].map((e) => [e.id, e]));
      for (const entry of entries) {
        const target = byId.get(entry.accountId);
        const spec = LEDGER_OF.find((l) => l.kind === entry.kind);
        if (target && spec) target.amounts[spec.key] += entry.amountCents * spec.sign;
      }
      toInsert = [];
      for (const pending of fresh) {
        const before = byReference.get(pending.row.reference);
        if (!before) {
          toInsert.push(pending);
          continue;
        }
        const same =
          before.itemizationDate === pending.row.itemizationDate &&
          before.itemizationKind === pending.row.itemizationKind &&
          LEDGER_OF.every((l) => before.amounts[l.key] === pending.row.amounts[l.key]);
        if (same) unchangedRows += 1;
        else {
          reject(pending.rowNumber, pending.row.reference, [
            {
              column: "reference",
              message: "This account was imported before with a different itemization or amounts. Imported figures can't be rewritten; remove the row, or correct the account in the portal.",
            },
          ]);
        }
      }
    }
    // Once a row is rejected nothing will be kept: only keep checking.
    if (rejectedRows > 0 || toInsert.length === 0) return;

    const debtors = columns(DEBTOR_COLUMNS);
    const accounts = columns(ACCOUNT_COLUMNS);
    const ledger = columns(LEDGER_COLUMNS);
    const nowIso = now.toISOString();
    for (const { row } of toInsert) {
      const debtorId = randomUUID();
      const accountId = randomUUID();
      debtors.push([
        debtorId,
        input.creditorId,
        row.fullName,
        row.email,
        row.email ? row.emailSource : null,
        row.email ? (row.emailConsentAt?.toISOString() ?? null) : null,
        row.phone,
        row.phone ? row.phoneSource : null,
        row.phone ? (row.phoneConsentAt?.toISOString() ?? null) : null,
        row.addressLine1,
        row.addressLine2,
        row.city,
        row.region,
        row.postalCode,
        row.country,
        row.timezone,
        row.language,
        row.dob ? verificationHash("dob", row.dob) : null,
        row.postalCode ? verificationHash("postal_code", row.postalCode) : null,
      ]);
      const balance = LEDGER_OF.reduce((sum, l) => sum + l.sign * row.amounts[l.key], 0);
      accounts.push([
        accountId,
        input.creditorId,
        debtorId,
        row.reference,
        verificationHash("account_last4", row.last4),
        row.originalCreditor,
        row.itemizationDate,
        row.itemizationKind,
        row.noticeSentOn,
        creditor.currency,
        balance === 0 ? "paid" : "open",
      ]);
      for (const l of LEDGER_OF) {
        const cents = row.amounts[l.key];
        if (cents === 0) continue;
        ledger.push([
          accountId,
          l.kind,
          String(l.sign * cents),
          creditor.currency,
          // The itemized amount is dated on the itemization date; later changes are totals
          // "since then", recorded when imported.
          l.kind === "itemized_balance" ? `${row.itemizationDate}T12:00:00Z` : nowIso,
          "import",
          sourceIdFor(input.creditorId, row.reference),
        ]);
      }
    }
    await tx.execute(insertUnnest("debtors", debtors));
    await tx.execute(insertUnnest("accounts", accounts));
    await tx.execute(insertUnnest("ledger_entries", ledger));
    createdRows += toInsert.length;
  }

  let importId: string = randomUUID();
  let status: ImportResult["status"] = "imported";
  try {
    await db().transaction(async (tx) => {
      let header: string[] | null = null;
      let rowNumber = 1;
      const seen = new Map<string, number>();
      let batch: Pending[] = [];
      try {
        for await (const record of parser as AsyncIterable<string[]>) {
          if (!header) {
            header = record.map(normalizeHeader);
            const problems = checkHeader(header, fact);
            if (problems.length > 0) {
              reject(1, "", problems);
              break;
            }
            continue;
          }
          rowNumber += 1;
          totalRows += 1;
          if (totalRows > IMPORT_MAX_ROWS) {
            reject(rowNumber, "", [{ column: "(file)", message: `A file can hold at most ${IMPORT_MAX_ROWS.toLocaleString("en-US")} accounts. Split it into smaller files.` }]);
            break;
          }
          if (record.length !== header.length) {
            reject(rowNumber, "", [{ column: "(row)", message: `This row has ${record.length} cells but the header has ${header.length}. Check for a missing or extra comma.` }]);
            continue;
          }
          const fields: Record<string, string> = {};
          header.forEach((name, i) => (fields[name] = record[i]));
          const checked = checkRow(fields, fact, today);
          const reference = (fields.reference ?? "").trim().slice(0, 64);
          if (!checked.ok) {
            reject(rowNumber, reference, checked.errors);
            continue;
          }
          const earlier = seen.get(checked.row.reference);
          if (earlier !== undefined) {
            reject(rowNumber, reference, [{ column: "reference", message: `This reference is already on row ${earlier} of the file. Each account appears once.` }]);
            continue;
          }
          seen.set(checked.row.reference, rowNumber);
          batch.push({ rowNumber, row: checked.row });
          if (batch.length >= CHUNK) {
            await flush(tx, batch);
            batch = [];
          }
        }
        if (earlyError) throw earlyError;
      } catch (error) {
        const code = (error as { code?: string }).code ?? "";
        if (code === "FILE_TOO_LARGE") {
          reject(rowNumber + 1, "", [{ column: "(file)", message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.` }]);
        } else if (code.startsWith("CSV_")) reject(rowNumber + 1, "", [{ column: "(file)", message: `The file can't be read after row ${rowNumber}${code === "CSV_QUOTE_NOT_CLOSED" ? ": a quotation mark is not closed" : ""}. Save it again as "CSV UTF-8" and try again.` }]);
        else throw error;
      }
      if (!header) reject(1, "", [{ column: "(file)", message: "The file is empty. Start with a header row naming the columns." }]);
      else if (totalRows === 0 && rejectedRows === 0) reject(2, "", [{ column: "(file)", message: "The file has a header but no accounts." }]);
      await flush(tx, batch);
      if (rejectedRows > 0) throw new RollBack();
      const [row] = await tx
        .insert(schema.accountImports)
        .values({ creditorId: input.creditorId, userId: input.userId, filename, status: "imported", totalRows, createdRows, unchangedRows, rejectedRows: 0, durationMs: Date.now() - started })
        .returning({ id: schema.accountImports.id });
      importId = row.id;
      await audit({ actorType: "creditor_user", actorId: input.userId, creditorId: input.creditorId, action: "accounts.imported", targetType: "account_import", targetId: row.id, ip: input.ip, details: { totalRows, createdRows, unchangedRows } }, tx);
    });
  } catch (error) {
    input.source.unpipe(parser);
    parser.destroy();
    input.source.resume();
    if (!(error instanceof RollBack)) {
      log("error", "account import failed", { creditorId: input.creditorId, ...errorFields(error) });
      status = "failed";
    } else {
      status = "rejected";
    }
    createdRows = 0;
    const [row] = await db()
      .insert(schema.accountImports)
      .values({
        creditorId: input.creditorId,
        userId: input.userId,
        filename,
        status,
        totalRows,
        createdRows: 0,
        unchangedRows: 0,
        rejectedRows,
        rejections:
          status === "failed"
            ? [{ row: 0, reference: "", column: "(file)", message: "Something went wrong on our side while importing. Nothing was imported; please try again." }]
            : rejections,
        durationMs: Date.now() - started,
      })
      .returning({ id: schema.accountImports.id });
    importId = row.id;
    await audit({ actorType: "creditor_user", actorId: input.userId, creditorId: input.creditorId, action: status === "failed" ? "accounts.import_failed" : "accounts.import_rejected", targetType: "account_import", targetId: row.id, ip: input.ip, details: { totalRows, rejectedRows } });
  }
  return { id: importId, status, totalRows, createdRows, unchangedRows: status === "imported" ? unchangedRows : 0, rejectedRows, durationMs: Date.now() - started };
}

export async function getImport(creditorId: string, importId: string) {
  if (!isUuid(importId)) return null;
  const [row] = await db()
    .select()
    .from(schema.accountImports)
    .where(and(eq(schema.accountImports.id, importId), eq(schema.accountImports.creditorId, creditorId)));
  return row ?? null;
}

export async function listImports(creditorId: string, limit = 10) {
  return db()
    .select({
      id: schema.accountImports.id,
      filename: schema.accountImports.filename,
      status: schema.accountImports.status,
      totalRows: schema.accountImports.totalRows,
      createdRows: schema.accountImports.createdRows,
      rejectedRows: schema.accountImports.rejectedRows,
      createdAt: schema.accountImports.createdAt,
    })
    .from(schema.accountImports)
    .where(eq(schema.accountImports.creditorId, creditorId))
    .orderBy(desc(schema.accountImports.createdAt))
    .limit(limit);
}

/** The rejected rows as CSV, for the creditor to fix and upload again. */
export function rejectionReportCsv(rejections: Rejection[], rejectedRows: number): string {
  let text = "\ufeff" + csvLine(["row", "reference", "column", "problem"]);
  for (const r of rejections) text += csvLine([r.row, r.reference, r.column, r.message]);
  const shown = new Set(rejections.map((r) => r.row)).size;
  if (shown < rejectedRows) {
    text += csvLine(["", "", "", `${rejectedRows - shown} more rows were rejected; fix these and upload again to see them.`]);
  }
  return text;
}
