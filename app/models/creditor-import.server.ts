// CSV import of accounts: streamed (csv-parse reads the upload as it arrives), checked row
// by row (app/lib/import-row.ts), all or nothing per file, idempotent on the account
// reference (a row already imported with the same figures changes nothing).
//
// Nothing reaches debtors, accounts or the ledger before the whole file has been read and
// found valid: checked rows are staged in `account_import_rows` (2,000 per statement, no
// transaction held while the upload streams in), and only a file without a rejected row is
// copied over, in one short transaction (insert … select), then its staged rows go. One
// import per creditor at a time: the import row holds the slot (status `running`, a
// partial unique index), and a second upload hears that one is already running.
import type { Readable } from "node:stream";
import { parse } from "csv-parse";
import { and, desc, eq } from "drizzle-orm";
import { createRecordChecker, ImportTally, type Pending } from "~/lib/account-import";
import { db, schema } from "~/utils/db.server";
import { errorFields, log } from "~/utils/log.server";
import { isUuid } from "./accounts.server";
import { claimImportSlot, startImportHeartbeat } from "./account-import-slot.server";
import { closeUnsuccessfulImport, stageBatch, swapIn } from "./account-import-staging.server";
import { creditorToday, getCreditor } from "./creditor-settings.server";

/** Checked rows staged per statement. */
const CHUNK = 2000;

export const IMPORT_BUSY_MESSAGE =
  "An import is already running for your accounts. When it has finished it shows in the list on this page; then upload your file again.";

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

/** Reads the rest of an upload and drops it, so the rest of the request can be answered. */
function drain(source: Readable) {
  source.on("error", () => {});
  source.resume();
}

/**
 * Imports one file: takes the creditor's slot, parses the stream, checks each record
 * (app/lib/account-import.ts), stages the checked rows in batches, and at the end swaps
 * them in, or closes the import with its report.
 */
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
  const filename = input.filename.replace(/[^\w .()-]/g, "_").slice(0, 120) || "accounts.csv";

  const importId = await claimImportSlot(input.creditorId, input.userId, filename);
  if (!importId) {
    drain(input.source);
    throw new ImportAlreadyRunning();
  }
  const stopHeartbeat = startImportHeartbeat(importId);
  const tally = new ImportTally();
  const checker = createRecordChecker(
    creditor.verificationFact,
    creditorToday(creditor, now),
    tally,
  );
  let staged = 0;

  // Quotes read leniently (a stray quote inside a cell does not derail every row after
  // it); each row that has a quotation mark is checked strictly on its own and rejected,
  // with its number, when its quoting is wrong.
  const parser = parse({
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    relax_quotes: true,
    raw: true,
    max_record_size: 64 * 1024,
  });
  input.source.on("error", (error) => parser.destroy(error));
  // The parser may fail before the loop below has started: keep the error instead of
  // leaving the 'error' event unhandled, and raise it inside the loop's try.
  let earlyError: unknown = null;
  parser.on("error", (error) => {
    earlyError ??= error;
  });
  input.source.pipe(parser);

  let status: ImportResult["status"] = "imported";
  try {
    let batch: Pending[] = [];
    try {
      for await (const { record, raw } of parser as AsyncIterable<{
        record: string[];
        raw: string;
      }>) {
        const outcome = checker.check(record, raw);
        if (outcome.kind === "stop") break;
        if (outcome.kind === "skip") continue;
        batch.push(outcome.pending);
        if (batch.length >= CHUNK) {
          staged += await stageBatch(importId, input.creditorId, batch, tally);
          batch = [];
        }
      }
      if (earlyError) throw earlyError;
    } catch (error) {
      if (!checker.streamStopped(error)) throw error;
    }
    checker.finish();
    staged += await stageBatch(importId, input.creditorId, batch, tally);
    if (tally.rejectedRows > 0) {
      status = "rejected";
    } else {
      await swapIn(importId, input.creditorId, creditor.currency, now, {
        totalRows: tally.totalRows,
        createdRows: staged,
        unchangedRows: tally.unchangedRows,
        durationMs: Date.now() - started,
        userId: input.userId,
        ip: input.ip,
      });
    }
  } catch (error) {
    log("error", "account import failed", {
      creditorId: input.creditorId,
      importId,
      ...errorFields(error),
    });
    status = "failed";
  } finally {
    stopHeartbeat();
    if (status !== "imported") {
      input.source.unpipe(parser);
      parser.destroy();
      drain(input.source);
    }
  }

  if (status !== "imported") {
    await closeUnsuccessfulImport(importId, status, tally, {
      creditorId: input.creditorId,
      userId: input.userId,
      ip: input.ip,
      durationMs: Date.now() - started,
    });
  }
  return {
    id: importId,
    status,
    totalRows: tally.totalRows,
    createdRows: status === "imported" ? staged : 0,
    unchangedRows: status === "imported" ? tally.unchangedRows : 0,
    rejectedRows: tally.rejectedRows,
    durationMs: Date.now() - started,
  };
}

export async function getImport(creditorId: string, importId: string) {
  if (!isUuid(importId)) return null;
  const [row] = await db()
    .select()
    .from(schema.accountImports)
    .where(
      and(eq(schema.accountImports.id, importId), eq(schema.accountImports.creditorId, creditorId)),
    );
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
