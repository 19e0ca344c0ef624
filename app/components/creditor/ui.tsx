// Small pieces shared by the creditor pages (English only, like the whole creditor area).
import type { ReactNode } from "react";
import { formatMoney } from "~/lib/money";

export const STATUS_LABELS: Record<string, string> = {
  open: "Open",
  in_plan: "In a plan",
  on_hold: "On hold",
  paid: "Paid",
  settled: "Settled",
  closed: "Closed",
};

export function money(cents: number, currency = "usd") {
  return formatMoney(cents, currency, "en");
}

/** "Mar 3, 2025, 2:04 PM" in the creditor's timezone. */
export function dateTime(iso: string, timeZone: string) {
  return new Intl.DateTimeFormat("en-US", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}

/** A calendar date "2025-03-03" → "Mar 3, 2025" (no timezone shift). */
export function calendarDate(date: string) {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function PageTitle({
  children,
  description,
}: {
  children: ReactNode;
  description?: ReactNode;
}) {
  return (
    <div className="space-y-2">
      <h1 id="page-title" className="text-2xl font-bold">
        {children}
      </h1>
      {description ? <p className="break-words text-slate-700">{description}</p> : null}
    </div>
  );
}

/** A success or information message, announced politely. */
export function Notice({
  children,
  tone = "success",
}: {
  children: ReactNode;
  tone?: "success" | "info" | "warning";
}) {
  const colours = {
    success: "border-green-700 bg-green-50 text-green-950",
    info: "border-blue-800 bg-blue-50 text-blue-950",
    warning: "border-amber-700 bg-amber-50 text-amber-950",
  }[tone];
  return (
    <div role="status" className={`rounded-md border-l-4 p-3 ${colours}`}>
      {children}
    </div>
  );
}

/** A form-level error (not tied to one field), announced at once. */
export function FormError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p
      id={id}
      role="alert"
      className="rounded-md border-l-4 border-red-700 bg-red-50 p-3 font-semibold text-red-900"
    >
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} role="alert" className="text-sm font-semibold text-red-800">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="inline-block rounded border border-slate-500 px-2 py-0.5 text-sm font-semibold text-slate-900">
      {STATUS_LABELS[status] ?? status}
    </span>
  );
}

/** Human words for audit actions; unknown ones show as they are. */
export const AUDIT_LABELS: Record<string, string> = {
  "link.created": "Link created to share by hand",
  "link.sent": "Link sent",
  "link.not_sent": "Link not sent (sending rules)",
  "link.revoked": "Link revoked",
  "link.opened": "Debtor opened a link",
  "link.resend_requested": "Debtor asked for a new link",
  "verification.succeeded": "Debtor confirmed their identity",
  "verification.failed": "Debtor's identity check failed",
  "verification.locked": "Link paused after wrong answers",
  "account.policy_override_set": "Plan settings for this account changed",
  "account.policy_override_removed": "Plan settings for this account reset to the policy",
  "dispute.filed": "Debtor filed a dispute",
  "payment.refused_by_stripe":
    "A scheduled payment was refused by the payment processor (needs attention)",
  "payment.retry_after_fix": "Refused payments released to be charged again",
  "dispute.answered": "Dispute answered",
  "payment.inquiry": "The debtor's bank asked about a payment (an inquiry: no money moved)",
  "payment.dispute_funds_withdrawn":
    "A payment was disputed with the debtor's bank: the money was taken back",
  "payment.dispute_funds_reinstated": "A disputed payment was won: the money came back",
  "refund.failed": "A refund did not reach the debtor (returned by their bank or card issuer)",
};

/** A creditor sign-in paused after too many wrong codes: the reason, and the way back. */
export function SignInPaused({ message }: { message: string }) {
  return (
    <div lang="en" className="mx-auto max-w-md space-y-4">
      <PageTitle>Sign-in paused</PageTitle>
      <p role="alert" className="card">
        {message}
      </p>
      <p>
        <a href="/creditor/sign-in">Back to sign in</a>
      </p>
    </div>
  );
}
