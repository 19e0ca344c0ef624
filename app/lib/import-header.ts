/**
 * The account import file: the check of its header row (names as people write them, known
 * columns, none twice, the required ones present). Pure (no I/O). One data row:
 * import-row.ts; the columns: import-columns.ts.
 */
import { COLUMN_NAMES, IMPORT_COLUMNS, isExportOnlyColumn } from "./import-columns";
import type { RowError } from "./import-row";
import type { VerificationFact } from "./verification";

const REQUIRED = IMPORT_COLUMNS.filter((c) => c.required === true).map((c) => c.name);

/** Header names as people write them: "Full Name" → "full_name". */
export function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** Problems with the header row itself (the whole file is refused). */
export function checkHeader(header: string[], fact: VerificationFact): RowError[] {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (isExportOnlyColumn(name)) {
      if (seen.has(name))
        errors.push({ column: name, message: `The column "${name}" appears twice.` });
      seen.add(name);
      continue;
    }
    if (!COLUMN_NAMES.has(name)) {
      errors.push({
        column: name || "(empty)",
        message: `Unknown column "${name}". Check its spelling against the column list.`,
      });
    } else if (seen.has(name)) {
      errors.push({ column: name, message: `The column "${name}" appears twice.` });
    }
    seen.add(name);
  }
  for (const name of REQUIRED) {
    if (!seen.has(name))
      errors.push({ column: name, message: `The required column "${name}" is missing.` });
  }
  if (fact === "dob" && !seen.has("dob")) {
    errors.push({
      column: "dob",
      message: 'Debtors confirm their date of birth: the "dob" column is required.',
    });
  }
  if (fact === "postal_code" && !seen.has("postal_code")) {
    errors.push({
      column: "postal_code",
      message: 'Debtors confirm their ZIP code: the "postal_code" column is required.',
    });
  }
  return errors;
}
