/**
 * The account import file: the check of one data row (the header's check is in
 * import-header.ts, the columns in import-columns.ts, cells in csv-cells.ts). Pure (no
 * I/O), so the column list on the import page and the importer can never disagree.
 *
 * One row = one account of one debtor. Amounts are dollars ("1234.56"); dates are
 * YYYY-MM-DD (a date of birth may also be MM/DD/YYYY).
 */
import { compare, isValidDate } from "./calendar-date";
import { parseMoneyInput } from "./money";
import { normalizeAnswer, referenceLast4, type VerificationFact } from "./verification";
import { cleanCell } from "./csv-cells";
import { CONTACT_SOURCES, ITEMIZATION_KIND_VALUES } from "./import-columns";

/** One problem and its column; the header check (import-header.ts) reports the same shape. */
export type RowError = { column: string; message: string };

export type ContactSource = (typeof CONTACT_SOURCES)[number];

export type ImportRow = {
  reference: string;
  fullName: string;
  itemizationDate: string;
  itemizationKind: (typeof ITEMIZATION_KIND_VALUES)[number];
  amounts: { itemized: number; interest: number; fees: number; payments: number; credits: number };
  originalCreditor: string | null;
  noticeSentOn: string | null;
  /** Canonical values (normalizeAnswer), to be hashed; never stored as they are. */
  dob: string | null;
  postalCode: string | null;
  last4: string;
  email: string | null;
  emailSource: ContactSource | null;
  emailConsentAt: Date | null;
  phone: string | null;
  phoneSource: ContactSource | null;
  phoneConsentAt: Date | null;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  region: string | null;
  country: string;
  timezone: string | null;
  language: "en" | "es";
};

export type RowResult = { ok: true; row: ImportRow } | { ok: false; errors: RowError[] };

const MAX_FIELD = 300;

/** "(212) 555-0101", "212.555.0101", "+1 212 555 0101" → "+12125550101"; null if not a US number. */
export function normalizeUsPhone(input: string): string | null {
  if (!/^[+()\d\s.-]+$/.test(input)) return null;
  const digits = input.replace(/\D/g, "");
  const national = digits.length === 11 && digits.startsWith("1") ? digits.slice(1) : digits;
  if (national.length !== 10 || /^[01]/.test(national) || /^\d{3}[01]/.test(national)) return null;
  return `+1${national}`;
}

const validTimezones = new Map<string, boolean>();
function isTimezone(name: string): boolean {
  let ok = validTimezones.get(name);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: name });
      ok = /\//.test(name);
    } catch {
      ok = false;
    }
    if (validTimezones.size < 1000) validTimezones.set(name, ok);
  }
  return ok;
}

function parseInstant(value: string): Date | null {
  if (isValidDate(value)) return new Date(`${value}T12:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value))
    return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Checks one data row (`record` is keyed by normalized column name). Every problem of
 * the row is reported, each with its column, in words a person can act on.
 */
export function checkRow(
  record: Record<string, string>,
  fact: VerificationFact,
  today: string,
): RowResult {
  const errors: RowError[] = [];
  const get = (name: string) => cleanCell(record[name] ?? "");
  const fail = (column: string, message: string) => errors.push({ column, message });
  for (const [column, value] of Object.entries(record)) {
    if (value.length > MAX_FIELD) fail(column, `Keep ${column} to ${MAX_FIELD} characters.`);
  }

  const reference = get("reference");
  if (!reference) fail("reference", "The account reference is missing.");
  else if (!/^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,63}$/.test(reference)) {
    fail("reference", "Use up to 64 letters, digits, spaces and . _ / - for the reference.");
  } else if (referenceLast4(reference).length < 4) {
    fail("reference", "The reference needs at least 4 letters or digits.");
  }

  const fullName = get("full_name");
  if (!fullName) fail("full_name", "The debtor's name is missing.");

  const itemizationDate = get("itemization_date");
  if (!isValidDate(itemizationDate))
    fail("itemization_date", "Enter the itemization date as YYYY-MM-DD.");
  else if (compare(itemizationDate, today) > 0)
    fail("itemization_date", "The itemization date cannot be in the future.");

  const kind = get("itemization_kind").toLowerCase();
  if (!(ITEMIZATION_KIND_VALUES as readonly string[]).includes(kind)) {
    fail(
      "itemization_kind",
      "Use one of last_statement, charge_off, last_payment, transaction, judgment.",
    );
  }

  const money = (column: string, required: boolean): number => {
    const raw = get(column);
    if (!raw) {
      if (required) fail(column, `The ${column.replace(/_/g, " ")} is missing.`);
      return 0;
    }
    const cents = parseMoneyInput(raw);
    if (cents === null) {
      fail(
        column,
        `Enter the ${column.replace(/_/g, " ")} in dollars, like 1234.56 (no minus sign).`,
      );
      return 0;
    }
    return cents;
  };
  const amounts = {
    itemized: money("itemized_amount", true),
    interest: money("interest", false),
    fees: money("fees", false),
    payments: money("payments", false),
    credits: money("credits", false),
  };
  if (
    get("itemized_amount") &&
    amounts.itemized === 0 &&
    parseMoneyInput(get("itemized_amount")) === 0
  ) {
    fail("itemized_amount", "The itemized amount must be more than zero.");
  }
  const moneyOk = !errors.some((e) =>
    ["itemized_amount", "interest", "fees", "payments", "credits"].includes(e.column),
  );
  const balance =
    amounts.itemized + amounts.interest + amounts.fees - amounts.payments - amounts.credits;
  if (moneyOk && balance < 0) fail("payments", "Payments and credits add up to more than is owed.");

  const noticeSentOn = get("notice_sent_on") || null;
  if (noticeSentOn && !isValidDate(noticeSentOn))
    fail("notice_sent_on", "Enter the notice date as YYYY-MM-DD.");

  let dob: string | null = null;
  if (get("dob")) {
    const n = normalizeAnswer("dob", get("dob"));
    if (n.ok) dob = n.value;
    else fail("dob", "Enter the date of birth as YYYY-MM-DD or MM/DD/YYYY.");
  } else if (fact === "dob")
    fail("dob", "The date of birth is missing: debtors confirm it before they see their account.");

  let postalCode: string | null = null;
  if (get("postal_code")) {
    const n = normalizeAnswer("postal_code", get("postal_code"));
    if (n.ok) postalCode = n.value;
    else fail("postal_code", "Enter a 5-digit ZIP code.");
  } else if (fact === "postal_code")
    fail(
      "postal_code",
      "The ZIP code is missing: debtors confirm it before they see their account.",
    );

  const source = (column: string, present: boolean): ContactSource | null => {
    const raw = get(column).toLowerCase();
    if (!raw) {
      if (present)
        fail(
          column,
          `Say where the ${column.startsWith("email") ? "email" : "phone number"} came from (${CONTACT_SOURCES.join(", ")}).`,
        );
      return null;
    }
    if (!(CONTACT_SOURCES as readonly string[]).includes(raw)) {
      fail(column, `Use one of ${CONTACT_SOURCES.join(", ")}.`);
      return null;
    }
    return raw as ContactSource;
  };
  const instant = (column: string): Date | null => {
    const raw = get(column);
    if (!raw) return null;
    const date = parseInstant(raw);
    if (!date)
      fail(
        column,
        "Enter the consent time as YYYY-MM-DD or an ISO date-time like 2024-11-02T15:04:05Z.",
      );
    return date;
  };

  let email: string | null = get("email").toLowerCase() || null;
  if (email && (!/^[^\s@,;]{1,64}@[^\s@,;]+\.[^\s@,;]{2,}$/.test(email) || email.length > 254)) {
    fail("email", "Enter an email address like name@example.com.");
    email = null;
  }
  const emailSource = source("email_source", Boolean(get("email")));
  const emailConsentAt = instant("email_consent_at");

  let phone: string | null = null;
  if (get("phone")) {
    phone = normalizeUsPhone(get("phone"));
    if (!phone) fail("phone", "Enter a US phone number with area code, like (212) 555-0101.");
  }
  const phoneSource = source("phone_source", Boolean(get("phone")));
  const phoneConsentAt = instant("phone_consent_at");

  const country = (get("country") || "US").toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) fail("country", "Use a 2-letter country code like US.");
  const region = get("region").toUpperCase() || null;
  if (region && !/^[A-Z]{2}$/.test(region)) fail("region", "Use the 2-letter state code, like NY.");
  const timezone = get("timezone") || null;
  if (timezone && !isTimezone(timezone))
    fail("timezone", "Use a time zone name like America/New_York.");
  const language = (get("language") || "en").toLowerCase();
  if (language !== "en" && language !== "es") fail("language", "Use en or es.");

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    row: {
      reference,
      fullName,
      itemizationDate,
      itemizationKind: kind as ImportRow["itemizationKind"],
      amounts,
      originalCreditor: get("original_creditor") || null,
      noticeSentOn,
      dob,
      postalCode,
      last4: referenceLast4(reference),
      email,
      emailSource,
      emailConsentAt,
      phone,
      phoneSource,
      phoneConsentAt,
      addressLine1: get("address_line1") || null,
      addressLine2: get("address_line2") || null,
      city: get("city") || null,
      region,
      country,
      timezone,
      language: language as "en" | "es",
    },
  };
}
