// The pure steps of a creditor's account import (app/models/creditor-import.server.ts reads
// the stream and writes): the tally of one file, the check of each parsed record (header,
// row count, quoting, cell count, the row itself, a reference twice in the file), what a
// stream that stopped early means to the creditor, and the comparison with an account
// imported before. No I/O here.
import { CsvError } from "csv-parse";
import { parse as parseSync } from "csv-parse/sync";
import { checkHeader, normalizeHeader } from "./import-header";
import { checkRow, type ImportRow, type RowError } from "./import-row";
import { cleanCell, csvLine } from "./csv-cells";
import {
  FileTooLarge,
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  UploadInterrupted,
} from "./import-limits";
import { isExportOnlyColumn } from "./import-columns";
import type { VerificationFact } from "./verification";

/** Problems kept for the report; the counts stay exact beyond it. */
const MAX_STORED_REJECTIONS = 10_000;

export type Rejection = { row: number; reference: string; column: string; message: string };
export type Pending = { rowNumber: number; row: ImportRow };
export type Amounts = ImportRow["amounts"];

/** The counts of one file and the problems kept for its report. */
export class ImportTally {
  readonly rejections: Rejection[] = [];
  rejectedRows = 0;
  totalRows = 0;
  unchangedRows = 0;

  reject(rowNumber: number, reference: string, errors: RowError[]) {
    this.rejectedRows += 1;
    for (const e of errors) {
      if (this.rejections.length < MAX_STORED_REJECTIONS)
        this.rejections.push({ row: rowNumber, reference, column: e.column, message: e.message });
    }
  }
}

const QUOTE_PROBLEM =
  'A quotation mark in this row is not where CSV expects one. Put the whole cell in double quotes and double each quotation mark inside it, like "Jane ""JJ"" Doe", or save the file again as "CSV UTF-8".';

/** The row's own text breaks CSV's quoting rules (read leniently so the rows after it stay right). */
export function badlyQuoted(raw: string): boolean {
  if (!raw.includes('"')) return false;
  try {
    parseSync(raw.replace(/\r?\n?$/, ""), { relax_column_count: true });
    return false;
  } catch {
    return true;
  }
}

/** What became of one parsed record: a row to keep, or `stop` (the rest of the file is not read). */
export type RecordOutcome = { kind: "row"; pending: Pending } | { kind: "skip" } | { kind: "stop" };

/**
 * Checks the records of one file in order (the first is the header), counting into the
 * tally. Rows are numbered as the creditor sees them in a spreadsheet (the header is 1).
 */
export function createRecordChecker(fact: VerificationFact, today: string, tally: ImportTally) {
  let header: string[] | null = null;
  let rowNumber = 1;
  const seen = new Map<string, number>();

  function check(record: string[], raw: string): RecordOutcome {
    if (!header) {
      header = record.map(normalizeHeader);
      const problems = checkHeader(header, fact);
      if (problems.length > 0) {
        tally.reject(1, "", problems);
        return { kind: "stop" };
      }
      return { kind: "skip" };
    }
    rowNumber += 1;
    tally.totalRows += 1;
    if (tally.totalRows > IMPORT_MAX_ROWS) {
      tally.reject(rowNumber, "", [
        {
          column: "(file)",
          message: `A file can hold at most ${IMPORT_MAX_ROWS.toLocaleString("en-US")} accounts. Split it into smaller files.`,
        },
      ]);
      return { kind: "stop" };
    }
    if (badlyQuoted(raw)) {
      const at = header.indexOf("reference");
      tally.reject(rowNumber, at >= 0 ? cleanCell(record[at] ?? "").slice(0, 64) : "", [
        { column: "(row)", message: QUOTE_PROBLEM },
      ]);
      return { kind: "skip" };
    }
    if (record.length !== header.length) {
      tally.reject(rowNumber, "", [
        {
          column: "(row)",
          message: `This row has ${record.length} cells but the header has ${header.length}. Check for a missing or extra comma.`,
        },
      ]);
      return { kind: "skip" };
    }
    const fields: Record<string, string> = {};
    header.forEach((name, i) => {
      if (!isExportOnlyColumn(name)) fields[name] = record[i];
    });
    const checked = checkRow(fields, fact, today);
    const reference = (fields.reference ?? "").trim().slice(0, 64);
    if (!checked.ok) {
      tally.reject(rowNumber, reference, checked.errors);
      return { kind: "skip" };
    }
    const earlier = seen.get(checked.row.reference);
    if (earlier !== undefined) {
      tally.reject(rowNumber, reference, [
        {
          column: "reference",
          message: `This reference is already on row ${earlier} of the file. Each account appears once.`,
        },
      ]);
      return { kind: "skip" };
    }
    seen.set(checked.row.reference, rowNumber);
    return { kind: "row", pending: { rowNumber, row: checked.row } };
  }

  /**
   * The stream stopped with `error` after the records checked so far: the creditor's
   * rejection for it, or false when it is ours (the caller rethrows).
   */
  function streamStopped(error: unknown): boolean {
    const next = rowNumber + 1;
    if (error instanceof FileTooLarge || (error as { code?: string }).code === "FILE_TOO_LARGE") {
      tally.reject(next, "", [
        {
          column: "(file)",
          message: `The file is larger than ${IMPORT_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files.`,
        },
      ]);
    } else if (error instanceof UploadInterrupted) {
      tally.reject(next, "", [
        {
          column: "(file)",
          message:
            "The upload stopped before the end of the file (the connection may have dropped). Nothing was imported; please upload the file again.",
        },
      ]);
    } else if (error instanceof CsvError) {
      const unclosed = error.code === "CSV_QUOTE_NOT_CLOSED";
      tally.reject(next, "", [
        {
          column: "(file)",
          message: `The file can't be read after row ${rowNumber}${unclosed ? ": a quotation mark is not closed" : ""}. Save it again as "CSV UTF-8" and try again.`,
        },
      ]);
    } else return false;
    return true;
  }

  /** After the last record: an empty file, or a header without accounts, is rejected. */
  function finish() {
    if (!header)
      tally.reject(1, "", [
        {
          column: "(file)",
          message: "The file is empty. Start with a header row naming the columns.",
        },
      ]);
    else if (tally.totalRows === 0 && tally.rejectedRows === 0)
      tally.reject(2, "", [
        { column: "(file)", message: "The file has a header but no accounts." },
      ]);
  }

  return { check, streamStopped, finish };
}

/** How each imported amount is recorded in the ledger (payments and credits lower the balance). */
export const LEDGER_OF: {
  key: keyof Amounts;
  kind: "itemized_balance" | "interest" | "fee" | "payment" | "credit";
  sign: 1 | -1;
}[] = [
  { key: "itemized", kind: "itemized_balance", sign: 1 },
  { key: "interest", kind: "interest", sign: 1 },
  { key: "fees", kind: "fee", sign: 1 },
  { key: "payments", kind: "payment", sign: -1 },
  { key: "credits", kind: "credit", sign: -1 },
];

/** The amounts an earlier import recorded for an account, from its `import` ledger entries. */
export function importedAmounts(
  entries: readonly { kind: string; amountCents: number }[],
): Amounts {
  const amounts: Amounts = { itemized: 0, interest: 0, fees: 0, payments: 0, credits: 0 };
  for (const entry of entries) {
    const spec = LEDGER_OF.find((l) => l.kind === entry.kind);
    if (spec) amounts[spec.key] += entry.amountCents * spec.sign;
  }
  return amounts;
}

/** A row for an account imported before is accepted only when it says exactly the same. */
export function sameAsImported(
  before: { itemizationDate: string; itemizationKind: string; amounts: Amounts },
  row: Pick<ImportRow, "itemizationDate" | "itemizationKind" | "amounts">,
): boolean {
  return (
    before.itemizationDate === row.itemizationDate &&
    before.itemizationKind === row.itemizationKind &&
    LEDGER_OF.every((l) => before.amounts[l.key] === row.amounts[l.key])
  );
}

export const CHANGED_AFTER_IMPORT: RowError = {
  column: "reference",
  message:
    "This account was imported before with a different itemization or amounts. Imported figures can't be rewritten; remove the row, or correct the account in the portal.",
};

/** The rejected rows as CSV, for the creditor to fix and upload again. */
export function rejectionReportCsv(rejections: Rejection[], rejectedRows: number): string {
  let text = "\ufeff" + csvLine(["row", "reference", "column", "problem"]);
  for (const r of rejections) text += csvLine([r.row, r.reference, r.column, r.message]);
  const shown = new Set(rejections.map((r) => r.row)).size;
  if (shown < rejectedRows) {
    text += csvLine([
      "",
      "",
      "",
      `${rejectedRows - shown} more rows were rejected; fix these and upload again to see them.`,
    ]);
  }
  return text;
}
