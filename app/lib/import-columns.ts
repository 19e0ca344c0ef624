// The documented columns of the account import file (shown on the import page, checked by
// the importer, written by the export), and the columns only the export adds. Pure.

export const ITEMIZATION_KIND_VALUES = [
  "last_statement",
  "charge_off",
  "last_payment",
  "transaction",
  "judgment",
] as const;

export const CONTACT_SOURCES = [
  "debtor_provided",
  "creditor_records",
  "original_creditor",
  "third_party",
] as const;

export type ColumnDoc = {
  name: string;
  required: boolean | "fact";
  description: string;
  example: string;
};

export const IMPORT_COLUMNS: ColumnDoc[] = [
  {
    name: "reference",
    required: true,
    description:
      "Your account reference: unique per account; importing it again changes nothing. At least 4 letters or digits.",
    example: "BSD-100245",
  },
  {
    name: "full_name",
    required: true,
    description: "The debtor's full name.",
    example: "Alex Rivera",
  },
  {
    name: "itemization_date",
    required: true,
    description: "The itemization date (YYYY-MM-DD). Never changes for the account.",
    example: "2025-01-31",
  },
  {
    name: "itemization_kind",
    required: true,
    description: "One of last_statement, charge_off, last_payment, transaction, judgment.",
    example: "last_statement",
  },
  {
    name: "itemized_amount",
    required: true,
    description: "The amount owed on the itemization date, in dollars.",
    example: "79.50",
  },
  {
    name: "interest",
    required: false,
    description: "Interest added since the itemization date, in dollars.",
    example: "0",
  },
  {
    name: "fees",
    required: false,
    description: "Fees added since the itemization date, in dollars.",
    example: "5.00",
  },
  {
    name: "payments",
    required: false,
    description: "Payments made since the itemization date, in dollars.",
    example: "0",
  },
  {
    name: "credits",
    required: false,
    description: "Credits given since the itemization date, in dollars.",
    example: "0",
  },
  {
    name: "original_creditor",
    required: false,
    description: "The original creditor, when it is not you.",
    example: "Summit Card Bank",
  },
  {
    name: "notice_sent_on",
    required: false,
    description: "When the validation notice was sent (YYYY-MM-DD).",
    example: "2025-02-03",
  },
  {
    name: "dob",
    required: "fact",
    description:
      "Date of birth (YYYY-MM-DD or MM/DD/YYYY). Required when debtors confirm their date of birth. Stored only as a keyed hash.",
    example: "1985-03-14",
  },
  {
    name: "postal_code",
    required: "fact",
    description: "5-digit ZIP code. Required when debtors confirm their ZIP code.",
    example: "10001",
  },
  { name: "email", required: false, description: "Email address.", example: "alex@example.com" },
  {
    name: "email_source",
    required: false,
    description:
      "Where the email came from (required with an email): debtor_provided, creditor_records, original_creditor or third_party.",
    example: "creditor_records",
  },
  {
    name: "email_consent_at",
    required: false,
    description: "When the debtor agreed to email (YYYY-MM-DD or an ISO date-time).",
    example: "2024-11-02",
  },
  {
    name: "phone",
    required: false,
    description: "US mobile or landline number.",
    example: "(212) 555-0101",
  },
  {
    name: "phone_source",
    required: false,
    description: "Where the number came from (required with a phone), same values as email_source.",
    example: "debtor_provided",
  },
  {
    name: "phone_consent_at",
    required: false,
    description: "When the debtor agreed to text messages. Without it no SMS is sent.",
    example: "2024-11-02",
  },
  {
    name: "address_line1",
    required: false,
    description: "Street address.",
    example: "100 Demo Street",
  },
  { name: "address_line2", required: false, description: "Apartment, suite.", example: "Apt 4" },
  { name: "city", required: false, description: "City.", example: "New York" },
  { name: "region", required: false, description: "State (2 letters).", example: "NY" },
  {
    name: "country",
    required: false,
    description: "Country (2 letters), US by default.",
    example: "US",
  },
  {
    name: "timezone",
    required: false,
    description: "The debtor's time zone (IANA name), for quiet hours.",
    example: "America/New_York",
  },
  { name: "language", required: false, description: "en or es; en by default.", example: "en" },
];

export const COLUMN_NAMES = new Set(IMPORT_COLUMNS.map((c) => c.name));

/**
 * Columns the export adds for the reader (the current status and balance, the currency,
 * when the account was created). An import accepts them and ignores them, so an exported
 * file can be imported again as it is.
 */
export const EXPORT_ONLY_COLUMNS = ["status", "balance", "currency", "created_at"] as const;
const EXPORT_ONLY = new Set<string>(EXPORT_ONLY_COLUMNS);
export function isExportOnlyColumn(name: string): boolean {
  return EXPORT_ONLY.has(name);
}
