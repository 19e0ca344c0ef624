// The data of a creditor's account page (app/routes/creditor.accounts.$accountId.tsx) as
// its sections receive it, the action's answers, and the labels the sections show.
import type { FlatErrors, PolicyFormValues } from "~/lib/creditor-policy-form";
import type { getAccountForCreditor } from "~/models/creditor-accounts.server";
import type { ChargeProblem } from "~/models/charge-problems.server";

type Found = NonNullable<Awaited<ReturnType<typeof getAccountForCreditor>>>;

/** What the page's loader gives these sections. */
export type AccountPage = Omit<Found, "account" | "policy" | "basePolicy"> & {
  account: Pick<
    Found["account"],
    "id" | "reference" | "status" | "originalCreditor" | "itemizationDate" | "itemizationKind"
  >;
  chargeProblems: ChargeProblem[];
  policyValues: PolicyFormValues;
  today: string;
  canEditPolicy: boolean;
  demo: boolean;
};

export type AccountActionResult =
  | { kind: "link"; ok: true; channel: "letter"; token: string; code: string; expiresAt: string }
  | {
      kind: "link";
      ok: true;
      channel: "email" | "sms";
      messageId: string;
      sent: boolean;
      note: string;
    }
  | { kind: "link"; ok: false; message: string }
  | { kind: "revoked" }
  | {
      kind: "override";
      ok: boolean;
      errors?: FlatErrors;
      message?: string;
      values?: PolicyFormValues;
    }
  | { kind: "dispute"; ok: boolean; message?: string; disputeId?: string }
  | { kind: "retry-charges"; released: number };

export const KIND_LABELS: Record<string, string> = {
  itemized_balance: "Amount on the itemization date",
  interest: "Interest",
  fee: "Fees",
  payment: "Payment",
  credit: "Credit",
  payment_reversal: "Payment reversed",
  adjustment: "Adjustment",
  settlement_writeoff: "Settlement write-off",
};

export const SOURCE_LABELS: Record<string, string> = {
  debtor_provided: "from the debtor",
  creditor_records: "from your records",
  original_creditor: "from the original creditor",
  third_party: "from a third party",
};

export const CHANNEL_LABELS: Record<string, string> = {
  email: "Email",
  sms: "Text message",
  letter: "Shared by hand",
  demo: "Demo",
  cli: "Command line",
};
export const DISPUTE_LABELS: Record<string, string> = {
  not_my_debt: "Not my debt",
  wrong_amount: "The amount is wrong",
  original_creditor: "Asked for the original creditor's name and address",
  other: "Other",
};
