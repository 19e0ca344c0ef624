import { CsvError } from "csv-parse";
import { describe, expect, it } from "vitest";
import {
  badlyQuoted,
  createRecordChecker,
  importedAmounts,
  ImportTally,
  rejectionReportCsv,
  sameAsImported,
} from "../../app/lib/account-import";
import { FileTooLarge, UploadInterrupted } from "../../app/lib/import-limits";

const HEADER = [
  "Reference",
  "Full Name",
  "itemization_date",
  "itemization_kind",
  "itemized_amount",
  "dob",
];
const row = (reference: string, amount = "100.00") => [
  reference,
  "Ana Lopez",
  "2025-01-31",
  "last_statement",
  amount,
  "03/14/1985",
];
const rawOf = (cells: string[]) => cells.join(",") + "\n";

function checkerWith() {
  const tally = new ImportTally();
  return { tally, checker: createRecordChecker("dob", "2025-06-01", tally) };
}

describe("account import: records", () => {
  it("takes the header, then numbers rows as a spreadsheet does and keeps the good ones", () => {
    const { tally, checker } = checkerWith();
    expect(checker.check(HEADER, rawOf(HEADER))).toEqual({ kind: "skip" });
    const outcome = checker.check(row("BSD-1"), rawOf(row("BSD-1")));
    expect(outcome.kind).toBe("row");
    if (outcome.kind !== "row") return;
    expect(outcome.pending.rowNumber).toBe(2);
    expect(outcome.pending.row).toMatchObject({
      reference: "BSD-1",
      dob: "1985-03-14",
      amounts: { itemized: 10000 },
    });
    expect(tally).toMatchObject({ totalRows: 1, rejectedRows: 0 });
  });

  it("stops at a header that misses a required column", () => {
    const { tally, checker } = checkerWith();
    expect(checker.check(["reference", "full_name"], "reference,full_name\n")).toEqual({
      kind: "stop",
    });
    expect(tally.rejectedRows).toBe(1);
    expect(tally.rejections.every((r) => r.row === 1)).toBe(true);
    expect(tally.rejections.map((r) => r.column)).toContain("itemized_amount");
  });

  it("rejects a reference seen earlier in the file, a wrong cell count and a bad row, and goes on", () => {
    const { tally, checker } = checkerWith();
    checker.check(HEADER, rawOf(HEADER));
    checker.check(row("BSD-1"), rawOf(row("BSD-1")));
    expect(checker.check(row("BSD-1"), rawOf(row("BSD-1")))).toEqual({ kind: "skip" });
    expect(checker.check(["BSD-2", "Ana"], "BSD-2,Ana\n")).toEqual({ kind: "skip" });
    expect(checker.check(row("BSD-3", "-5"), rawOf(row("BSD-3", "-5")))).toEqual({ kind: "skip" });
    expect(checker.check(row("BSD-4"), rawOf(row("BSD-4"))).kind).toBe("row");
    expect(tally).toMatchObject({ totalRows: 5, rejectedRows: 3 });
    expect(tally.rejections.map((r) => [r.row, r.reference, r.column])).toEqual([
      [3, "BSD-1", "reference"],
      [4, "", "(row)"],
      [5, "BSD-3", "itemized_amount"],
    ]);
    expect(tally.rejections[0].message).toContain("row 2");
  });

  it("rejects a row whose own quoting is wrong, naming its reference", () => {
    const { tally, checker } = checkerWith();
    checker.check(HEADER, rawOf(HEADER));
    const cells = row("BSD-9");
    cells[1] = 'Jane "JJ" Doe';
    expect(checker.check(cells, rawOf(cells))).toEqual({ kind: "skip" });
    expect(tally.rejections).toMatchObject([{ row: 2, reference: "BSD-9", column: "(row)" }]);
    expect(badlyQuoted('BSD-9,"Jane ""JJ"" Doe",x\n')).toBe(false);
    expect(badlyQuoted("BSD-9,Jane Doe\n")).toBe(false);
  });

  it("rejects an empty file and a header without accounts, once each", () => {
    const empty = checkerWith();
    empty.checker.finish();
    expect(empty.tally.rejections).toMatchObject([{ row: 1, column: "(file)" }]);
    const headerOnly = checkerWith();
    headerOnly.checker.check(HEADER, rawOf(HEADER));
    headerOnly.checker.finish();
    expect(headerOnly.tally.rejections).toMatchObject([{ row: 2, column: "(file)" }]);
    const withRow = checkerWith();
    withRow.checker.check(HEADER, rawOf(HEADER));
    withRow.checker.check(row("BSD-1"), rawOf(row("BSD-1")));
    withRow.checker.finish();
    expect(withRow.tally.rejectedRows).toBe(0);
  });

  it("explains a stream that stopped early, after the last row read, and leaves our own errors to the caller", () => {
    const { tally, checker } = checkerWith();
    checker.check(HEADER, rawOf(HEADER));
    checker.check(row("BSD-1"), rawOf(row("BSD-1")));
    expect(checker.streamStopped(new FileTooLarge())).toBe(true);
    expect(checker.streamStopped(new UploadInterrupted())).toBe(true);
    expect(
      checker.streamStopped(
        new CsvError("CSV_QUOTE_NOT_CLOSED", "x", {} as ConstructorParameters<typeof CsvError>[2]),
      ),
    ).toBe(true);
    expect(checker.streamStopped(new Error("database down"))).toBe(false);
    expect(tally.rejections.map((r) => r.row)).toEqual([3, 3, 3]);
    expect(tally.rejections[0].message).toContain("64 MB");
    expect(tally.rejections[2].message).toContain("after row 2: a quotation mark is not closed");
  });

  it("keeps at most 10,000 problems but counts every rejected row", () => {
    const tally = new ImportTally();
    for (let i = 0; i < 10_001; i++) tally.reject(i + 2, "", [{ column: "a", message: "m" }]);
    expect(tally.rejectedRows).toBe(10_001);
    expect(tally.rejections).toHaveLength(10_000);
  });
});

describe("account import: accounts imported before", () => {
  const amounts = { itemized: 10000, interest: 0, fees: 500, payments: 2000, credits: 0 };

  it("reads back the amounts from the import's ledger entries, with payments and credits as positive amounts", () => {
    expect(
      importedAmounts([
        { kind: "itemized_balance", amountCents: 10000 },
        { kind: "fee", amountCents: 500 },
        { kind: "payment", amountCents: -2000 },
      ]),
    ).toEqual(amounts);
  });

  it("accepts a row only when it says exactly the same", () => {
    const before = {
      itemizationDate: "2025-01-31",
      itemizationKind: "last_statement" as const,
      amounts,
    };
    expect(sameAsImported(before, { ...before, amounts: { ...amounts } })).toBe(true);
    expect(sameAsImported(before, { ...before, amounts: { ...amounts, fees: 501 } })).toBe(false);
    expect(sameAsImported(before, { ...before, itemizationDate: "2025-02-01" })).toBe(false);
  });
});

describe("account import: the rejection report", () => {
  it("lists the kept problems and says how many rows are not shown", () => {
    const csv = rejectionReportCsv(
      [{ row: 3, reference: "BSD-1", column: "reference", message: 'twice, "really"' }],
      4,
    );
    const lines = csv.split(/\r?\n/).filter(Boolean);
    expect(lines[0]).toBe("\ufeffrow,reference,column,problem");
    expect(lines[1]).toBe('3,BSD-1,reference,"twice, ""really"""');
    expect(lines[2]).toContain("3 more rows were rejected");
  });
});
