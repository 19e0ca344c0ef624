/**
 * Branding and disclosures: the form's schema and the accent colour's contrast check.
 * Pure: no I/O, safe in the browser.
 */
// A namespace import, so the bundler keeps only what is used (~5 KB, not ~85 KB).
import * as z from "zod/mini";
import { contrastOnWhite, MIN_TEXT_CONTRAST, parseHexColor } from "./brand";

export const COLLECTOR_TYPE_CHOICES = [
  {
    value: "first_party",
    label: "We collect our own invoices (first-party creditor)",
  },
  {
    value: "third_party",
    label: "We collect for others (third-party agency: debt-collector rules and disclosures apply)",
  },
] as const;

export const VERIFICATION_FACT_CHOICES = [
  { value: "dob", label: "Date of birth" },
  { value: "postal_code", label: "ZIP code" },
  { value: "account_last4", label: "Last 4 characters of the account reference" },
] as const;

/** US time zones a debtor may live in (IANA names). */
export const US_TIMEZONES = [
  { value: "America/New_York", label: "Eastern (New York)" },
  { value: "America/Chicago", label: "Central (Chicago)" },
  { value: "America/Denver", label: "Mountain (Denver)" },
  { value: "America/Phoenix", label: "Mountain, no daylight saving (Phoenix)" },
  { value: "America/Los_Angeles", label: "Pacific (Los Angeles)" },
  { value: "America/Anchorage", label: "Alaska (Anchorage)" },
  { value: "Pacific/Honolulu", label: "Hawaii (Honolulu)" },
  { value: "America/Puerto_Rico", label: "Atlantic (Puerto Rico)" },
] as const;

export { contrastOnWhite, MIN_TEXT_CONTRAST, parseHexColor } from "./brand";

export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}

const trimmed = (max: number, required: string, tooLong: string) =>
  z
    .pipe(
      z.string(required),
      z.transform((v) => v.trim()),
    )
    .check(
      z.refine((v) => v.length > 0, required),
      z.refine((v) => v.length <= max, tooLong),
    );

export const brandingFormSchema = z.object({
  displayName: trimmed(
    80,
    "Enter the name debtors know you by",
    "Keep the display name to 80 characters",
  ),
  legalName: trimmed(120, "Enter your legal name", "Keep the legal name to 120 characters"),
  supportEmail: z
    .pipe(
      z.string("Enter a support email address"),
      z.transform((v) => v.trim().toLowerCase()),
    )
    .check(
      z.refine(
        (v) => /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/.test(v) && v.length <= 254,
        "Enter a support email address like billing@example.com",
      ),
    ),
  supportPhone: z
    .pipe(
      z.string("Enter a support phone number"),
      z.transform((v) => v.trim()),
    )
    .check(
      z.refine(
        (v) => /^[+()\d\s.-]{7,25}$/.test(v) && v.replace(/\D/g, "").length >= 10,
        "Enter a support phone number with area code, like (212) 555-0140",
      ),
    ),
  supportHours: z.pipe(
    z.optional(z.string()),
    z.transform((v) => (v ?? "").trim().slice(0, 120)),
  ),
  mailingAddress: trimmed(
    300,
    "Enter the mailing address debtors can write to",
    "Keep the mailing address to 300 characters",
  ),
  accentColor: z
    .pipe(
      z.string("Choose an accent colour"),
      z.transform((v) => v.trim().toLowerCase()),
    )
    .check(
      z.refine((v) => parseHexColor(v) !== null, "Enter the colour as a hex code like #0f766e"),
      z.refine((v) => {
        const ratio = contrastOnWhite(v);
        return ratio === null || ratio >= MIN_TEXT_CONTRAST;
      }, "This colour is too light to read on white. Choose a darker one (a contrast of at least 4.5:1)"),
    ),
  collectorType: z.enum(
    ["third_party", "first_party"],
    "Choose whether you collect your own debts or for others",
  ),
  timezone: z.enum(
    US_TIMEZONES.map((t) => t.value) as [string, ...string[]],
    "Choose the time zone you work in",
  ),
  verificationFact: z.enum(
    ["dob", "postal_code", "account_last4"],
    "Choose what debtors confirm before they see their account",
  ),
  linkLifetimeDays: z
    .pipe(
      z.string("Enter how many days a link works"),
      z.transform((v) => (/^\d{1,3}$/.test(v.trim()) ? Number(v.trim()) : Number.NaN)),
    )
    .check(
      z.refine((v) => Number.isInteger(v), "Enter how many days a link works, as a whole number"),
      z.refine(
        (v) => !Number.isInteger(v) || (v >= 1 && v <= 365),
        "A link must work for 1 to 365 days",
      ),
    ),
});

export type BrandingForm = z.output<typeof brandingFormSchema>;
