// The demo's data: the two creditors' plan policies, the debtors and accounts (with their
// ledgers) and the links in special states. seed.server.ts writes them.
import type * as schema from "../../db/schema";
import { planPolicySchema } from "../lib/policy";

export type Policy = Record<string, unknown>;
export const DAY = 86_400_000;
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function daysFromNow(days: number) {
  return new Date(Date.now() + days * DAY);
}

export const brightsidePolicy: Policy = planPolicySchema.parse({
  payInFull: true,
  settlement: null,
  frequencies: ["biweekly", "monthly"],
  minInstallments: 2,
  maxInstallments: 12,
  minInstallmentCents: 2500,
  maxPlanDays: 365,
  latestFirstPaymentDays: 30,
  downPaymentPercent: 0,
  hardship: { allowed: true, maxPauseDays: 60 },
  missedPaymentTolerance: 2,
  retryDays: [3, 7],
});

export const northbridgePolicy = (): Policy =>
  planPolicySchema.parse({
    payInFull: true,
    settlement: { percentOff: 30, expiresOn: isoDay(daysFromNow(45)) },
    frequencies: ["weekly", "biweekly", "monthly"],
    minInstallments: 3,
    maxInstallments: 24,
    minInstallmentCents: 2000,
    maxPlanDays: 540,
    latestFirstPaymentDays: 21,
    downPaymentPercent: 0,
    hardship: { allowed: true, maxPauseDays: 90 },
    missedPaymentTolerance: 1,
    retryDays: [3, 7],
  });

export type DemoAccount = {
  label: string;
  creditor: "brightside" | "northbridge";
  debtor: {
    fullName: string;
    email: string;
    phone: string;
    dob: string;
    postalCode: string;
    city: string;
    region: string;
    language: "en" | "es";
  };
  reference: string;
  originalCreditor?: string;
  itemizationKind: (typeof schema.ITEMIZATION_KINDS)[number];
  status: (typeof schema.ACCOUNT_STATUSES)[number];
  ledger: {
    kind: (typeof schema.LEDGER_KINDS)[number];
    cents: number;
    daysAgo: number;
    memo?: string;
  }[];
};

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    label: "Small balance (first-party business)",
    creditor: "brightside",
    debtor: {
      fullName: "Alex Rivera",
      email: "alex.rivera@example.com",
      phone: "+12125550101",
      dob: "1985-03-14",
      postalCode: "10001",
      city: "New York",
      region: "NY",
      language: "en",
    },
    reference: "BSD-100245",
    itemizationKind: "last_statement",
    status: "open",
    ledger: [
      { kind: "itemized_balance", cents: 7950, daysAgo: 60, memo: "Cleaning and X-rays" },
      { kind: "fee", cents: 500, daysAgo: 30, memo: "Late fee" },
    ],
  },
  {
    label: "Large balance with a settlement offer (agency, Spanish)",
    creditor: "northbridge",
    debtor: {
      fullName: "María González",
      email: "maria.gonzalez@example.com",
      phone: "+15125550102",
      dob: "1979-09-02",
      postalCode: "78701",
      city: "Austin",
      region: "TX",
      language: "es",
    },
    reference: "NRS-55012873",
    originalCreditor: "Summit Card Bank",
    itemizationKind: "charge_off",
    status: "open",
    ledger: [
      { kind: "itemized_balance", cents: 452_000, daysAgo: 120 },
      { kind: "interest", cents: 31_075, daysAgo: 30 },
      { kind: "fee", cents: 3_500, daysAgo: 30 },
      { kind: "payment", cents: -5_000, daysAgo: 20 },
      { kind: "credit", cents: -1_000, daysAgo: 15, memo: "Goodwill credit" },
    ],
  },
  {
    label: "Already in a payment plan (agency)",
    creditor: "northbridge",
    debtor: {
      fullName: "Sam Chen",
      email: "sam.chen@example.com",
      phone: "+14155550103",
      dob: "1992-01-25",
      postalCode: "94110",
      city: "San Francisco",
      region: "CA",
      language: "en",
    },
    reference: "NRS-55019940",
    originalCreditor: "Coastline Mobile",
    itemizationKind: "last_payment",
    status: "in_plan",
    ledger: [
      { kind: "itemized_balance", cents: 120_000, daysAgo: 90 },
      { kind: "payment", cents: -20_000, daysAgo: 31 },
      { kind: "payment", cents: -20_000, daysAgo: 1 },
    ],
  },
  {
    label: "Disputed, on hold (first-party business)",
    creditor: "brightside",
    debtor: {
      fullName: "Jordan Lee",
      email: "jordan.lee@example.com",
      phone: "+16175550104",
      dob: "1990-07-02",
      postalCode: "02139",
      city: "Cambridge",
      region: "MA",
      language: "en",
    },
    reference: "BSD-100311",
    itemizationKind: "transaction",
    status: "on_hold",
    ledger: [{ kind: "itemized_balance", cents: 64_000, daysAgo: 45, memo: "Crown" }],
  },
  {
    label: "Paid in full (first-party business)",
    creditor: "brightside",
    debtor: {
      fullName: "Priya Patel",
      email: "priya.patel@example.com",
      phone: "+13125550105",
      dob: "1978-11-30",
      postalCode: "60614",
      city: "Chicago",
      region: "IL",
      language: "en",
    },
    reference: "BSD-100099",
    itemizationKind: "last_statement",
    status: "paid",
    ledger: [
      { kind: "itemized_balance", cents: 21_000, daysAgo: 100 },
      { kind: "payment", cents: -21_000, daysAgo: 10 },
    ],
  },
];

/** Extra links in special states, so newcomers (and the e2e tests) can see each page. */
export const FIXTURE_LINKS = [
  { label: "Expired link", reference: "BSD-100245", state: "expired" },
  { label: "Revoked link", reference: "BSD-100245", state: "revoked" },
  {
    label: "Link for trying the lock-out (5 wrong answers)",
    reference: "BSD-100311",
    state: "fresh",
  },
] as const;
