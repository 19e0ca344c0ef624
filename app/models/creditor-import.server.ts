// CSV import of accounts: streamed (csv-parse reads the upload as it arrives), checked row
// by row (app/lib/creditor-csv.ts), all or nothing per file, idempotent on the account
// reference (a row already imported with the same figures changes nothing).
//
// Nothing reaches debtors, accounts or the ledger before the whole file has been read and
// found valid: checked rows are staged in `account_import_rows` (2,000 per statement, no
// transaction held while the upload streams in), and only a file without a rejected row is
// copied over, in one short transaction (insert … select), then its staged rows go. One
// import per creditor at a time: the import row holds the slot (status `running`, a
// partial unique index), and a second upload hears that one is already running.
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { CsvError, parse } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import {
  checkHeader,
  checkRow,
  cleanCell,
  csvLine,
  isExportOnlyColumn,
  normalizeHeader,
  type ImportRow,
  type RowError,
} from "~/lib/creditor-csv";
import { db, schema } from "~/utils/db.server";
import { columns, insertUnnest, type Column } from "~/utils/bulk-insert.server";
import { errorFields, log } from "~/utils/log.server";
import { verificationHash } from "./access-links.server";
import { isUuid } from "./accounts.server";
import { openImportedAccounts } from "./account-state.server";
import { audit } from "./audit.server";
import { creditorToday, getCreditor } from "./creditor-settings.server";

export const IMPORT_MAX_BYTES = 64 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 250_000;
const CHUNK = 2000;
/** Problems kept for the report; the counts stay exact beyond it. */
const MAX_STORED_REJECTIONS = 10_000;
/** The running import proves it is alive this often… */
const HEARTBEAT_MS = 15_000;
/** …and a slot silent for this long was left by a process that died: it may be taken over. */
export const STALE_IMPORT_MS = 2 * 60_000;

export const IMPORT_BUSY_MESSAGE =
  "An import is already running for your accounts. When it has finished it shows in the list on this page; then upload your file again.";

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

/** Thrown when another import of the same creditor holds the slot (the file was not read). */
export class ImportAlreadyRunning extends Error {
  constructor() {
    super(IMPORT_BUSY_MESSAGE);
    this.name = "ImportAlreadyRunning";
  }
}

// The staged rows (db/schema.ts accountImportRows), written with unnest like the other bulk inserts.
const STAGE_COLUMNS: Column[] = [
  ["import_id", "uuid"], ["row_number", "int4"], ["debtor_id", "uuid"], ["account_id", "uuid"], ["full_name", "text"],
  ["email", "text"], ["email_source", "text"], ["email_consent_at", "timestamptz"], ["phone", "text"], ["phone_source", "text"],
  ["phone_consent_at", "timestamptz"], ["address_line1", "text"], ["address_line2", "text"], ["city", "text"], ["region", "text"],
  ["postal_code", "text"], ["country", "text"], ["timezone", "text"], ["language", "text"], ["dob_hash", "text"],
  ["postal_code_hash", "text"], ["reference", "text"], ["reference_last4_hash", "text"], ["original_creditor", "text"],
  ["itemization_date", "date"], ["itemization_kind", "text"], ["notice_sent_on", "date"], ["itemized_cents", "int8"],
  ["interest_cents", "int8"], ["fees_cents", "int8"], ["payments_cents", "int8"], ["credits_cents", "int8"],
];

type Pending = { rowNumber: number; row: ImportRow };
type Amounts = ImportRow["amounts"];

const LEDGER_OF: { key: keyof Amounts; kind: (typeof schema.LEDGER_KINDS)[number]; sign: 1 | -1 }[] = [
  { key: "itemized", kind: "itemized_balance", sign: 1 },
  { key: "interest", kind: "interest", sign: 1 },
  { key: "fees", kind: "fee", sign: 1 },
  { key: "payments", kind: "payment", sign: -1 },
  { key: "credits", kind: "credit", sign: -1 },
];

/** An upload that stopped before its end (connection dropped, damaged multipart body). */
export class UploadInterrupted extends Error {
  readonly code = "UPLOAD_INTERRUPTED";
}

/** A file that went past IMPORT_MAX_BYTES (counted as the bytes arrive). */
export class FileTooLarge extends Error {
  readonly code = "FILE_TOO_LARGE";
}

/**
 * Takes the creditor's one import slot (an import row in `running`), or null when another
 * import holds it. A slot whose heartbeat stopped (its process died) is closed as failed
 * and taken over.
 */
async function claimSlot(creditorId: string, userId: string | null, filename: string): Promise<string | null> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const now = new Date();
    const [claimed] = await db()
      .insert(schema.accountImports)
      .values({ creditorId, userId, filename, status: "running", heartbeatAt: now })
      .onConflictDoNothing()
      .returning({ id: schema.accountImports.id });
    if (claimed) return claimed.id;
    const stale = await db()
      .update(schema.accountImports)
      .set({
        status: "failed",
        heartbeatAt: null,
        rejections: [{ row: 0, reference: "", column: "(file)", message: "This import stopped before it finished (our server restarted). Nothing was imported; please upload the file again." }],
      })
      .where(
        and(
          eq(schema.accountImports.creditorId, creditorId),
          eq(schema.accountImports.status, "running"),
          lt(schema.accountImports.heartbeatAt, new Date(now.getTime() - STALE_IMPORT_MS)),
        ),
      )
      .returning({ id: schema.accountImports.id });
    if (stale.length === 0) return null;
    await db().delete(schema.accountImportRows).where(inArray(schema.accountImportRows.importId, stale.map((s) => s.id)));
    log("warn", "account import taken over", { creditorId, importId: stale[0].id });
  }
  return null;
}

export async function isImportRunning(creditorId: string): Promise<boolean> {
  const [row] = await db()
    .select({ id: schema.accountImports.id, heartbeatAt: schema.accountImports.heartbeatAt })
    .from(schema.accountImports)
    .where(and(eq(schema.accountImports.creditorId, creditorId), eq(schema.accountImports.status, "running")))
    .limit(1);
  return Boolean(row && row.heartbeatAt && row.heartbeatAt.getTime() > Date.now() - STALE_IMPORT_MS);
}

const QUOTE_PROBLEM =
  'A quotation mark in this row is not where CSV expects one. Put the whole cell in double quotes and double each quotation mark inside it, like "Jane ""JJ"" Doe", or save the file again as "CSV UTF-8".';

/** The row's own text breaks CSV's quoting rules (read leniently so the rows after it stay right). */
function badlyQuoted(raw: string): boolean {
  if (!raw.includes('"')) return false;
  try {
    parseSync(raw.replace(/\r?\n?$/, ""), { relax_column_count: true });
    return false;
  } catch {
    return true;
  }
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

  const importId = await claimSlot(input.creditorId, input.userId, filename);
  if (!importId) {
    // Read and dropped, so the rest of the request can be answered.
    input.source.on("error", () => {});
    input.source.resume();
    throw new ImportAlreadyRunning();
  }
  const heartbeat = setInterval(() => {
    db()
      .update(schema.accountImports)
      .set({ heartbeatAt: new Date() })
      .where(and(eq(schema.accountImports.id, importId), eq(schema.accountImports.status, "running")))
      .catch(() => {});
  }, HEARTBEAT_MS);
  heartbeat.unref?.();

  const rejections: Rejection[] = [];
  let rejectedRows = 0;
  let totalRows = 0;
  let createdRows = 0;
  let unchangedRows = 0;
  let staged = 0;
  const reject = (rowNumber: number, reference: string, errors: RowError[]) => {
    rejectedRows += 1;
    for (const e of errors) {
      if (rejections.length < MAX_STORED_REJECTIONS) rejections.push({ row: rowNumber, reference, column: e.column, message: e.message });
    }
  };

  // Quotes read leniently (a stray quote inside a cell does not derail every row after
  // it); each row that has a quotation mark is checked strictly on its own and rejected,
  // with its number, when its quoting is wrong.
  const parser = parse({ bom: true, skip_empty_lines: true, relax_column_count: true, relax_quotes: true, raw: true, max_record_size: 64 * 1024 });
  input.source.on("error", (error) => parser.destroy(error));
  // The parser may fail before the loop below has started: keep the error instead of
  // leaving the 'error' event unhandled, and raise it inside the loop's try.
  let earlyError: unknown = null;
  parser.on("error", (error) => {
    earlyError ??= error;
  });
  input.source.pipe(parser);

  /** Checks a batch against accounts already imported (read only) and stages the new ones. */
  async function flush(batch: Pending[]) {
    if (batch.length === 0) return;
    const references = batch.map((p) => p.row.reference);
    const existing = await db()
      .select({
        id: schema.accounts.id,
        reference: schema.accounts.reference,
        itemizationDate: schema.accounts.itemizationDate,
        itemizationKind: schema.accounts.itemizationKind,
      })
      .from(schema.accounts)
      .where(and(eq(schema.accounts.creditorId, input.creditorId), inArray(schema.accounts.reference, references)));
    let toStage = batch;
    if (existing.length > 0) {
      const entries = await db()
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
      toStage = [];
      for (const pending of batch) {
        const before = byReference.get(pending.row.reference);
        if (!before) {
          toStage.push(pending);
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
    if (rejectedRows > 0 || toStage.length === 0) return;
    const rows = columns(STAGE_COLUMNS);
    for (const { rowNumber, row } of toStage) {
      rows.push([
        importId, String(rowNumber), randomUUID(), randomUUID(), row.fullName,
        row.email, row.email ? row.emailSource : null, row.email ? (row.emailConsentAt?.toISOString() ?? null) : null,
        row.phone, row.phone ? row.phoneSource : null, row.phone ? (row.phoneConsentAt?.toISOString() ?? null) : null,
        row.addressLine1, row.addressLine2, row.city, row.region, row.postalCode, row.country, row.timezone, row.language,
        row.dob ? verificationHash("dob", row.dob) : null, row.postalCode ? verificationHash("postal_code", row.postalCode) : null,
        row.reference, verificationHash("account_last4", row.last4), row.originalCreditor, row.itemizationDate, row.itemizationKind,
        row.noticeSentOn, String(row.amounts.itemized), String(row.amounts.interest), String(row.amounts.fees),
        String(row.amounts.payments), String(row.amounts.credits),
      ]);
    }
    await db().execute(insertUnnest("account_import_rows", rows));
    staged += toStage.length;
  }

  let status: "imported" | "rejected" | "failed" = "imported";
  try {
    let header: string[] | null = null;
    let rowNumber = 1;
    const seen = new Map<string, number>();
    let batch: Pending[] = [];
    try {
      for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
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
        if (badlyQuoted(raw)) {
          const at = header.indexOf("reference");
          reject(rowNumber, at >= 0 ? cleanCell(record[at] ?? "").slice(0, 64) : "", [{ column: "(row)", message: QUOTE_PROBLEM }]);
          continue;
        }
        if (record.length !== header.length) {
          reject(rowNumber, "", [{ column: "(row)", message: `This row has ${record.length} cells but the header has ${header.length}. Check for a missing or extra comma.` }]);
          continue;
        }
        const fields: Record<string, string> = {};
        header.forEach((name, i) => {
          if (!isExportOnlyColumn(name)) fields[name] = record[i];
        });
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
          await flush(batch);
          batch = [];
        }
      }
      if (earlyError) throw earlyError;
    } catch (error) {
      if (error instanceof FileTooLarge || (error as { code?: string }).code === "FILE_TOO_LARGE") {
        reject(rowNumber + 1, "", [{ column: "(file)", message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.` }]);
      } else if (error instanceof UploadInterrupted) {
        reject(rowNumber + 1, "", [{ column: "(file)", message: "The upload stopped before the end of the file (the connection may have dropped). Nothing was imported; please upload the file again." }]);
      } else if (error instanceof CsvError) {
        const unclosed = error.code === "CSV_QUOTE_NOT_CLOSED";
        reject(rowNumber + 1, "", [{ column: "(file)", message: `The file can't be read after row ${rowNumber}${unclosed ? ": a quotation mark is not closed" : ""}. Save it again as "CSV UTF-8" and try again.` }]);
      } else throw error;
    }
    if (!header) reject(1, "", [{ column: "(file)", message: "The file is empty. Start with a header row naming the columns." }]);
    else if (totalRows === 0 && rejectedRows === 0) reject(2, "", [{ column: "(file)", message: "The file has a header but no accounts." }]);
    await flush(batch);
    if (rejectedRows > 0) {
      status = "rejected";
    } else {
      createdRows = staged;
      await swapIn(importId, input.creditorId, creditor.currency, now, {
        totalRows,
        createdRows,
        unchangedRows,
        durationMs: Date.now() - started,
        userId: input.userId,
        ip: input.ip,
      });
    }
  } catch (error) {
    log("error", "account import failed", { creditorId: input.creditorId, importId, ...errorFields(error) });
    status = "failed";
  } finally {
    clearInterval(heartbeat);
    if (status !== "imported") {
      input.source.unpipe(parser);
      parser.destroy();
      input.source.on("error", () => {});
      input.source.resume();
    }
  }

  if (status !== "imported") {
    createdRows = 0;
    await db().delete(schema.accountImportRows).where(eq(schema.accountImportRows.importId, importId));
    await db()
      .update(schema.accountImports)
      .set({
        status,
        totalRows,
        createdRows: 0,
        unchangedRows: 0,
        rejectedRows,
        heartbeatAt: null,
        rejections:
          status === "failed"
            ? [{ row: 0, reference: "", column: "(file)", message: "Something went wrong on our side while importing. Nothing was imported; please try again." }]
            : rejections,
        durationMs: Date.now() - started,
      })
      .where(eq(schema.accountImports.id, importId));
    await audit({ actorType: "creditor_user", actorId: input.userId, creditorId: input.creditorId, action: status === "failed" ? "accounts.import_failed" : "accounts.import_rejected", targetType: "account_import", targetId: importId, ip: input.ip, details: { totalRows, rejectedRows } });
  }
  return { id: importId, status, totalRows, createdRows, unchangedRows: status === "imported" ? unchangedRows : 0, rejectedRows, durationMs: Date.now() - started };
}

/**
 * The whole file was valid: its staged rows become debtors, accounts and ledger entries in
 * one transaction, which also closes the import (only while it still holds its slot).
 */
async function swapIn(
  importId: string,
  creditorId: string,
  currency: string,
  now: Date,
  counts: { totalRows: number; createdRows: number; unchangedRows: number; durationMs: number; userId: string | null; ip?: string },
) {
  await db().transaction(async (tx) => {
    const [ours] = await tx
      .update(schema.accountImports)
      .set({ status: "imported", totalRows: counts.totalRows, createdRows: counts.createdRows, unchangedRows: counts.unchangedRows, rejectedRows: 0, durationMs: counts.durationMs, heartbeatAt: null })
      .where(and(eq(schema.accountImports.id, importId), eq(schema.accountImports.status, "running")))
      .returning({ id: schema.accountImports.id });
    if (!ours) throw new Error("the import lost its slot before it finished");
    await tx.execute(sql`
      insert into debtors (id, creditor_id, full_name, email, email_source, email_consent_at, phone, phone_source, phone_consent_at,
        address_line1, address_line2, city, region, postal_code, country, timezone, language, dob_hash, postal_code_hash)
      select debtor_id, ${creditorId}::uuid, full_name, email, email_source, email_consent_at, phone, phone_source, phone_consent_at,
        address_line1, address_line2, city, region, postal_code, country, timezone, language, dob_hash, postal_code_hash
      from account_import_rows where import_id = ${importId}::uuid order by row_number`);
    await openImportedAccounts(tx, { importId, creditorId, currency });
    // The itemized amount is dated on the itemization date; later changes are totals
    // "since then", recorded when imported.
    await tx.execute(sql`
      insert into ledger_entries (account_id, kind, amount_cents, currency, occurred_at, source, source_id)
      select r.account_id, v.kind, v.cents, ${currency},
        case when v.kind = 'itemized_balance' then (r.itemization_date::text || 'T12:00:00Z')::timestamptz else ${now.toISOString()}::timestamptz end,
        'import', ${creditorId} || ':' || r.reference
      from account_import_rows r
      cross join lateral (values
        ('itemized_balance', r.itemized_cents), ('interest', r.interest_cents), ('fee', r.fees_cents),
        ('payment', -r.payments_cents), ('credit', -r.credits_cents)) as v(kind, cents)
      where r.import_id = ${importId}::uuid and v.cents <> 0
      order by r.row_number`);
    await tx.delete(schema.accountImportRows).where(eq(schema.accountImportRows.importId, importId));
    await audit({ actorType: "creditor_user", actorId: counts.userId, creditorId, action: "accounts.imported", targetType: "account_import", targetId: importId, ip: counts.ip, details: { totalRows: counts.totalRows, createdRows: counts.createdRows, unchangedRows: counts.unchangedRows } }, tx);
  });
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
