import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { centsToDecimal, cleanCell, csvCell, csvValue } from "../../app/lib/csv-cells";
import { checkHeader, normalizeHeader } from "../../app/lib/import-header";
import { checkRow, normalizeUsPhone } from "../../app/lib/import-row";

const good = {
  reference: "BSD-2001",
  full_name: "Ana Lopez",
  itemization_date: "2025-01-31",
  itemization_kind: "last_statement",
  itemized_amount: "1,200.50",
  fees: "10",
  payments: "100",
  dob: "03/14/1985",
  postal_code: "10001-1234",
  email: "Ana@Example.com",
  email_source: "creditor_records",
  phone: "(212) 555-0101",
  phone_source: "debtor_provided",
  phone_consent_at: "2024-11-02T15:04:05Z",
};

describe("import header", () => {
  it("normalizes names and reports unknown, duplicate and missing columns", () => {
    expect(normalizeHeader(" Full Name ")).toBe("full_name");
    expect(
      checkHeader(
        [
          "reference",
          "full_name",
          "itemization_date",
          "itemization_kind",
          "itemized_amount",
          "dob",
        ],
        "dob",
      ),
    ).toEqual([]);
    const problems = checkHeader(["reference", "emial", "reference"], "postal_code").map(
      (p) => p.column,
    );
    expect(problems).toEqual([
      "emial",
      "reference",
      "full_name",
      "itemization_date",
      "itemization_kind",
      "itemized_amount",
      "postal_code",
    ]);
  });
});

describe("import row", () => {
  it("accepts a good row and canonicalizes what gets hashed", () => {
    const result = checkRow(good, "dob", "2025-06-01");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.row).toMatchObject({
      reference: "BSD-2001",
      dob: "1985-03-14",
      postalCode: "10001",
      last4: "2001",
      email: "ana@example.com",
      phone: "+12125550101",
      amounts: { itemized: 120050, interest: 0, fees: 1000, payments: 10000, credits: 0 },
      language: "en",
      country: "US",
    });
    expect(result.row.phoneConsentAt?.toISOString()).toBe("2024-11-02T15:04:05.000Z");
  });

  it("reports every problem of a row with its column", () => {
    const result = checkRow(
      {
        ...good,
        reference: "A!",
        itemization_date: "2031-01-01",
        itemization_kind: "whenever",
        itemized_amount: "-5",
        dob: "",
        email_source: "",
        phone: "555",
        language: "fr",
      },
      "dob",
      "2025-06-01",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.column)).toEqual([
      "reference",
      "itemization_date",
      "itemization_kind",
      "itemized_amount",
      "dob",
      "email_source",
      "phone",
      "language",
    ]);
  });

  it("refuses payments above what is owed, and a zero itemized amount", () => {
    expect(checkRow({ ...good, payments: "5000" }, "dob", "2025-06-01")).toMatchObject({
      ok: false,
      errors: [{ column: "payments" }],
    });
    expect(
      checkRow({ ...good, itemized_amount: "0", fees: "", payments: "" }, "dob", "2025-06-01"),
    ).toMatchObject({ ok: false, errors: [{ column: "itemized_amount" }] });
  });

  it("never throws on garbage", () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom(...Object.keys(good), "country", "timezone", "region"),
          fc.string({ maxLength: 40 }),
        ),
        (record) => {
          const result = checkRow(record, "postal_code", "2025-06-01");
          expect(typeof result.ok).toBe("boolean");
        },
      ),
    );
  });
});

describe("helpers", () => {
  it("normalizes US phone numbers", () => {
    expect(normalizeUsPhone("+1 (415) 555-0103")).toBe("+14155550103");
    expect(normalizeUsPhone("415.555.0103")).toBe("+14155550103");
    expect(normalizeUsPhone("015 555 0103")).toBeNull();
    expect(normalizeUsPhone("555-0103")).toBeNull();
  });

  it("neutralizes spreadsheet formulas and quotes cells", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
  });

  it("guards formulas led by ; or whitespace too, and only free text", () => {
    for (const formula of ["  =1+1", "\t=cmd", "\r+1", ";=SUM(A1)", " ; @x", "\n-2"])
      expect(csvCell(formula).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell("Jane Doe")).toBe("Jane Doe");
    // Values the portal made keep their shape: they re-import as they were.
    expect(csvValue("+12125550101", "phone")).toBe("+12125550101");
    expect(csvValue("-5.00", "amount")).toBe("-5.00");
    expect(csvValue("2025-01-31", "date")).toBe("2025-01-31");
    // A "value" without its shape is treated as free text.
    expect(csvValue("+1 =cmd", "phone")).toBe("'+1 =cmd");
    expect(csvValue("=1", "amount")).toBe("'=1");
  });

  it("cleans cells at import: controls and bidi marks go, our own formula guard comes off", () => {
    expect(cleanCell("Ali\u202Ece\u2066 Smith\u0007")).toBe("Alice Smith");
    expect(cleanCell("  two\r\nlines\t")).toBe("two lines");
    expect(cleanCell("'=1+1")).toBe("=1+1");
    expect(cleanCell("'+12125550101")).toBe("+12125550101");
    expect(cleanCell("O'Brien")).toBe("O'Brien");
    expect(
      checkRow({ ...good, full_name: "\u202EAna\u200F Lopez" }, "dob", "2025-06-01"),
    ).toMatchObject({ ok: true, row: { fullName: "Ana Lopez" } });
    expect(
      checkHeader(
        [
          "reference",
          "full_name",
          "status",
          "balance",
          "currency",
          "created_at",
          "itemization_date",
          "itemization_kind",
          "itemized_amount",
          "dob",
        ],
        "dob",
      ),
    ).toEqual([]);
  });

  it("formats cents exactly", () => {
    expect(centsToDecimal(123456)).toBe("1234.56");
    expect(centsToDecimal(-5)).toBe("-0.05");
    expect(centsToDecimal(0)).toBe("0.00");
  });
});
