// What a debtor types for the identity check, in every way a phone lets them type it
// (issue #18 item 1): each accepted form gives the canonical value hashed at import time,
// and each refused form says why, so the page can ask calmly without counting a try.
import { describe, expect, it } from "vitest";
import { parseAnswer } from "../../app/lib/verification-input";
import { verifyFormSchema } from "../../app/lib/forms/verify";
import { normalizeAnswer } from "../../app/lib/verification";

// A fixed "now", so "in the future" does not move under the tests.
const NOW = new Date("2026-12-07T12:00:00Z");

describe("date of birth", () => {
  it.each([
    // A phone's numeric keypad has digits only: no "/" key.
    ["03141985", "1985-03-14"],
    ["12011985", "1985-12-01"],
    // 7 digits where only one reading is a real date.
    ["3141985", "1985-03-14"],
    ["1311985", "1985-01-31"],
    ["9051985", "1985-09-05"],
    // Separators of every kind, mixed, and single-digit month or day.
    ["03/14/1985", "1985-03-14"],
    ["3/14/1985", "1985-03-14"],
    ["3/4/1985", "1985-03-04"],
    ["03-14-1985", "1985-03-14"],
    ["03.14.1985", "1985-03-14"],
    ["03 14 1985", "1985-03-14"],
    ["03 / 14 / 1985", "1985-03-14"],
    ["03-14/1985", "1985-03-14"],
    ["  03/14/1985  ", "1985-03-14"],
    // ISO 8601 (what autofill of autocomplete="bday" produces by the HTML standard).
    ["1985-03-14", "1985-03-14"],
    ["1985-3-4", "1985-03-04"],
    ["1985/03/14", "1985-03-14"],
    ["19850314", "1985-03-14"],
    // Month names, as some autofill and password managers write them, in English and Spanish.
    ["March 14, 1985", "1985-03-14"],
    ["Mar 14 1985", "1985-03-14"],
    ["14 March 1985", "1985-03-14"],
    ["14 de marzo de 1985", "1985-03-14"],
    ["14 mar. 1985", "1985-03-14"],
    ["2 de septiembre de 1979", "1979-09-02"],
    ["sept 2 1979", "1979-09-02"],
    ["2 ago 1979", "1979-08-02"],
    // What phone keyboards insert: full-width digits, typographic dashes, invisible marks.
    ["０３１４１９８５", "1985-03-14"],
    ["03–14–1985", "1985-03-14"],
    ["\u200e03/14/1985\u200e", "1985-03-14"],
    ["03\u00a014\u00a01985", "1985-03-14"],
    // Leap day, and today (born today, in some time zone).
    ["02/29/1984", "1984-02-29"],
    ["12/07/2026", "2026-12-07"],
  ])("%j → %s", (input, expected) => {
    expect(parseAnswer("dob", input, NOW)).toEqual({ ok: true, value: expected });
  });

  it.each([
    // Two-digit years: 85 could be 1885, 1985 or 2085.
    ["03/14/85", "year"],
    ["3/14/85", "year"],
    ["031485", "year"],
    ["March 14, 85", "year"],
    // 7 digits that read two ways (1/12/1985 or 11/2/1985), 6 digits and other lengths.
    ["1121985", "digits"],
    ["1111985", "digits"],
    ["341985", "digits"],
    ["0314198", "digits"],
    ["031419855", "digits"],
    ["3145", "digits"],
    // Dates that do not exist, are in the future, or are before 1900; day first.
    ["02/30/1985", "date"],
    ["02301985", "date"],
    ["02/29/1985", "date"],
    ["13/01/1985", "date"],
    ["14/03/1985", "date"],
    ["00/10/1985", "date"],
    ["12/09/2026", "date"],
    ["01/01/2030", "date"],
    ["01/01/1899", "date"],
    ["1985-02-30", "date"],
    // Not a date at all.
    ["yesterday", "format"],
    ["03/14", "format"],
    ["03/14/1985/1", "format"],
    ["1985-03-14T00:00", "format"],
    ["Smarch 14 1985", "format"],
    ["", "required"],
    ["   ", "required"],
  ])("%j is refused: %s", (input, error) => {
    expect(parseAnswer("dob", input, NOW)).toEqual({ ok: false, error });
  });
});

describe("ZIP code", () => {
  it.each([
    ["10001", "10001"],
    [" 10001 ", "10001"],
    ["10001-2345", "10001"],
    ["10001 2345", "10001"],
    ["100012345", "10001"],
    ["02139", "02139"],
    ["０２１３９", "02139"],
  ])("%j → %s", (input, expected) => {
    expect(parseAnswer("postal_code", input, NOW)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["1000", "format"],
    ["1000123", "format"],
    ["10001-23", "format"],
    ["ABCDE", "format"],
    ["", "required"],
  ])("%j is refused: %s", (input, error) => {
    expect(parseAnswer("postal_code", input, NOW)).toEqual({ ok: false, error });
  });
});

describe("last 4 of the account reference", () => {
  it.each([
    ["0245", "0245"],
    ["ab12", "AB12"],
    ["ab-12", "AB12"],
    [" 02 45 ", "0245"],
    // The whole reference, pasted or typed: its last four letters or digits.
    ["BSD-100245", "0245"],
    ["bsd 100245", "0245"],
    ["NRS-55012873", "2873"],
    ["Ref: ACME/2024/00AB12", "AB12"],
  ])("%j → %s", (input, expected) => {
    expect(parseAnswer("account_last4", input, NOW)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["245", "format"],
    ["--", "format"],
    ["", "required"],
  ])("%j is refused: %s", (input, error) => {
    expect(parseAnswer("account_last4", input, NOW)).toEqual({ ok: false, error });
  });
});

describe("one canonical value", () => {
  it("is the value the import hashes, for every fact", () => {
    // The import (import-row.ts) canonicalises with normalizeAnswer: both must agree.
    for (const [fact, typed, imported] of [
      ["dob", "03141985", "1985-03-14"],
      ["dob", "3/14/1985", "03/14/1985"],
      ["postal_code", "100012345", "10001"],
      ["account_last4", "BSD-100245", "0245"],
    ] as const) {
      const fromDebtor = parseAnswer(fact, typed, NOW);
      const fromImport = normalizeAnswer(fact, imported);
      expect(fromDebtor).toEqual(fromImport);
    }
  });
});

describe("the form's schema (browser and server)", () => {
  it("gives the canonical value, or an error key per fact and kind", () => {
    expect(verifyFormSchema("dob", NOW).safeParse({ answer: "03141985" })).toMatchObject({
      success: true,
      data: { answer: "1985-03-14" },
    });
    const messageOf = (fact: "dob" | "postal_code" | "account_last4", answer?: string) => {
      const result = verifyFormSchema(fact, NOW).safeParse(answer === undefined ? {} : { answer });
      return result.success ? null : result.error.issues.map((i) => [i.path, i.message]);
    };
    expect(messageOf("dob", "3/14/85")).toEqual([[["answer"], "verify.error.dob.year"]]);
    expect(messageOf("dob", "1121985")).toEqual([[["answer"], "verify.error.dob.digits"]]);
    expect(messageOf("dob", "02/30/1985")).toEqual([[["answer"], "verify.error.dob.date"]]);
    expect(messageOf("dob", "soon")).toEqual([[["answer"], "verify.error.format.dob"]]);
    expect(messageOf("postal_code", "1234")).toEqual([
      [["answer"], "verify.error.format.postal_code"],
    ]);
    expect(messageOf("account_last4", "12")).toEqual([
      [["answer"], "verify.error.format.account_last4"],
    ]);
    expect(messageOf("dob")).toEqual([[["answer"], "verify.error.required"]]);
    expect(messageOf("postal_code", " ")).toEqual([[["answer"], "verify.error.required"]]);
  });
});
