// What a creditor's account page shows: the summary, payments that could not be charged,
// contact details, the ledger and the audit trail.
import { Form } from "@remix-run/react";
import {
  AUDIT_LABELS,
  calendarDate,
  dateTime,
  money,
  Notice,
  StatusBadge,
} from "~/components/creditor/ui";
import {
  CHANNEL_LABELS,
  KIND_LABELS,
  SOURCE_LABELS,
  type AccountActionResult,
  type AccountPage,
} from "./account-page";

export function AccountSummary({ d }: { d: AccountPage }) {
  // Refunds that bounced: the debtor did not get the money; it needs returning another way.
  const failedRefunds = d.audit.filter((e) => e.action === "refund.failed");
  return (
    <>
      {failedRefunds.length > 0 ? (
        <Notice tone="warning">
          <p className="font-semibold" data-testid="refund-failed">
            Needs attention:{" "}
            {failedRefunds.length === 1 ? "a refund" : `${failedRefunds.length} refunds`} did not
            reach the debtor
          </p>
          <ul className="list-disc pl-6">
            {failedRefunds.map((e) => (
              <li key={e.id}>
                {typeof e.details.amountCents === "number"
                  ? money(
                      e.details.amountCents,
                      typeof e.details.currency === "string" ? e.details.currency : d.currency,
                    )
                  : "A refund"}{" "}
                on {dateTime(e.at, d.timezone)}: their bank or card issuer sent it back. The balance
                counts it as paid again; return it to the debtor another way.
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
      <dl className="card grid gap-3 sm:grid-cols-3">
        <div>
          <dt className="text-sm text-slate-700">Debtor</dt>
          <dd className="font-semibold break-words">{d.debtor.fullName}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">Balance</dt>
          <dd className="text-xl font-bold" data-testid="balance">
            {money(d.balanceCents, d.currency)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">Status</dt>
          <dd>
            <StatusBadge status={d.account.status} />
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">Original creditor</dt>
          <dd>{d.account.originalCreditor ?? "None (you)"}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">Itemization date</dt>
          <dd>
            {calendarDate(d.account.itemizationDate)} (
            {d.account.itemizationKind.replace(/_/g, " ")})
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">Identity check</dt>
          <dd>
            {[
              d.debtor.hasDob ? "date of birth" : null,
              d.debtor.hasPostalCode ? "ZIP code" : null,
              "last 4 of the reference",
            ]
              .filter(Boolean)
              .join(", ")}{" "}
            on file
          </dd>
        </div>
      </dl>
    </>
  );
}
export function ChargeProblems({
  d,
  result,
}: {
  d: AccountPage;
  result: AccountActionResult | undefined;
}) {
  return (
    <>
      {result?.kind === "retry-charges" ? (
        <Notice>
          {result.released > 0
            ? `${result.released} payment${result.released === 1 ? "" : "s"} will be charged again with the next payment run, within a few minutes.`
            : "Nothing was waiting to be charged again."}
        </Notice>
      ) : null}
      {d.chargeProblems.length > 0 ? (
        <section
          aria-labelledby="charge-problems-title"
          className="card space-y-3 border-l-4 border-amber-700"
          data-testid="charge-problems"
        >
          <h2 id="charge-problems-title" className="text-lg font-bold">
            Needs attention: scheduled payments that could not be charged
          </h2>
          <p>
            The payment processor refused the charge request itself (the reason is below). That is a
            problem on our side or in the setup, not the debtor&apos;s: nothing is retried, nothing
            counts as a missed payment and the debtor is not told the payment failed. Once the cause
            is fixed, charge them again.
          </p>
          <ul className="space-y-1">
            {d.chargeProblems.map((p) => (
              <li key={p.installmentId}>
                Payment {p.seq}, due {calendarDate(p.dueDate)}, {money(p.amountCents, p.currency)}:
                refused
                {p.at ? ` ${dateTime(p.at, d.timezone)}` : ""} (
                {[p.errorType, p.errorCode].filter(Boolean).join(", ") || "no code given"})
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="retry-charges" />
            <button type="submit" className="btn-primary">
              Charge {d.chargeProblems.length === 1 ? "this payment" : "these payments"} again
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
export function ContactDetails({ d }: { d: AccountPage }) {
  return (
    <>
      <section aria-labelledby="contact-title" className="card space-y-2">
        <h2 id="contact-title" className="text-lg font-bold">
          Contact details
        </h2>
        <dl className="grid gap-2 sm:grid-cols-[auto_1fr] sm:gap-x-4">
          <dt className="font-semibold">Email</dt>
          <dd className="break-all">
            {d.debtor.email
              ? `${d.debtor.email} (${SOURCE_LABELS[d.debtor.emailSource ?? ""] ?? "source unknown"}${d.debtor.emailConsentAt ? `, agreed ${dateTime(d.debtor.emailConsentAt, d.timezone)}` : ""})`
              : "None"}
          </dd>
          <dt className="font-semibold">Phone</dt>
          <dd>
            {d.debtor.phone
              ? `${d.debtor.phone} (${SOURCE_LABELS[d.debtor.phoneSource ?? ""] ?? "source unknown"}${d.debtor.phoneConsentAt ? `, agreed to texts ${dateTime(d.debtor.phoneConsentAt, d.timezone)}` : ", no consent to texts"})`
              : "None"}
          </dd>
          <dt className="font-semibold">Address</dt>
          <dd>{d.debtor.address || "None"}</dd>
          <dt className="font-semibold">Language</dt>
          <dd>{d.debtor.language === "es" ? "Spanish" : "English"}</dd>
        </dl>
      </section>
    </>
  );
}
export function AccountLedger({ d }: { d: AccountPage }) {
  return (
    <>
      <section aria-labelledby="ledger-title" className="card space-y-2">
        <h2 id="ledger-title" className="text-lg font-bold">
          Ledger
        </h2>
        <table className="w-full text-left">
          <caption className="sr-only">Ledger entries, oldest first</caption>
          <thead>
            <tr className="border-b border-slate-300">
              <th scope="col" className="py-1 pr-2">
                Date
              </th>
              <th scope="col" className="py-1 pr-2">
                What
              </th>
              <th scope="col" className="py-1 text-right">
                Amount
              </th>
            </tr>
          </thead>
          <tbody>
            {d.ledger.map((entry) => (
              <tr key={entry.id} className="border-b border-slate-200 align-top">
                <td className="py-1 pr-2">{calendarDate(entry.occurredAt.slice(0, 10))}</td>
                <td className="py-1 pr-2 break-words">
                  {KIND_LABELS[entry.kind] ?? entry.kind}
                  {entry.memo ? `: ${entry.memo}` : ""}
                </td>
                <td className="py-1 text-right tabular-nums">
                  {money(entry.amountCents, d.currency)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2} className="py-1 pr-2">
                Balance
              </th>
              <td className="py-1 text-right font-bold tabular-nums">
                {money(d.balanceCents, d.currency)}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>
    </>
  );
}
export function AuditTrail({ d }: { d: AccountPage }) {
  return (
    <>
      <section aria-labelledby="audit-title" className="card space-y-2">
        <h2 id="audit-title" className="text-lg font-bold">
          Audit trail
        </h2>
        {d.audit.length === 0 ? (
          <p>Nothing recorded yet.</p>
        ) : (
          <ol className="space-y-1" data-testid="audit-trail">
            {d.audit.map((event) => (
              <li key={event.id}>
                {dateTime(event.at, d.timezone)}: {AUDIT_LABELS[event.action] ?? event.action}
                {typeof event.details.channel === "string"
                  ? ` (${CHANNEL_LABELS[event.details.channel] ?? event.details.channel})`
                  : ""}{" "}
                · {event.actor}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
