// CSV cells both ways: a cell as the import keeps it (controls and bidi marks removed) and a
// cell as the export writes it (quoted, formula-like text guarded, the portal's own values
// as they are). Pure: no I/O.

// Characters that never belong in a cell and can mislead whoever reads it: C0 and C1
// controls (but tab and line breaks, which become spaces) and the Unicode bidirectional
// controls (which can make "evil.exe" display as "exe.live", or reorder a name).
const INVISIBLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

/**
 * A cell as the import keeps it: controls and bidi marks removed, line breaks and tabs as
 * spaces, trimmed; and the apostrophe our export puts before a formula-like text taken off
 * again, so an exported file imports as it was.
 */
export function cleanCell(value: string): string {
  // Most cells have none of it: one test, then only a trim (a 100,000-row file has 2 million cells).
  const text = (
    CLEAN.test(value) ? value.replace(/[\t\r\n]+/g, " ").replace(INVISIBLE, "") : value
  ).trim();
  return text.charCodeAt(0) === 39 /* ' */ && /^'[\s;]*[=+\-@]/.test(text) ? text.slice(1) : text;
}

const CLEAN = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/;

// A spreadsheet runs a cell as a formula when it starts with = + - @, also after leading
// spaces, tabs, line breaks or a ";" (some locales), and a tab or CR at the start is risky
// on its own. Only free text can do that: values the portal itself made (decimal amounts,
// E.164 phone numbers, dates, codes) are checked against their shape instead.
const FORMULA = /^[\s;]*[=+\-@]|^[\t\r\n]/;

/**
 * A free-text cell safe to open in a spreadsheet: one that could run as a formula gets a
 * leading apostrophe. Quotes as RFC 4180.
 */
export function csvCell(value: string | number | null | undefined): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (typeof value === "string" && FORMULA.test(text)) text = `'${text}`;
  return quoted(text);
}

function quoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The shapes a value cell may have: anything else is written as guarded free text. */
export const VALUE_SHAPES = {
  /** centsToDecimal: "1234.56", "-0.05". */
  amount: /^-?\d+\.\d{2}$/,
  /** E.164, as the import stores phone numbers. */
  phone: /^\+[1-9]\d{6,14}$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  instant: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
  /** Lower-case codes and names: status, kind, source, currency, language, country, time zone, reference. */
  code: /^[A-Za-z0-9][A-Za-z0-9 ._/-]*$/,
} as const;

/** A value the portal made, exported as it is (so "+12125550101" and "-5.00" re-import as they were) when it has its shape. */
export function csvValue(
  value: string | number | null | undefined,
  shape: keyof typeof VALUE_SHAPES,
): string {
  if (value === null || value === undefined || value === "") return "";
  const text = String(value);
  return VALUE_SHAPES[shape].test(text) ? quoted(text) : csvCell(text);
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

/** A line of cells already made by csvCell / csvValue. */
export function csvRow(cells: string[]): string {
  return cells.join(",") + "\r\n";
}

/** 123456 → "1234.56", -5 → "-0.05": exact, no floating point. */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
