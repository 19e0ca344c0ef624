// One account: the debtor and their contact details (with where they came from), the
// ledger, links (send by email or SMS, create one to share by hand, revoke), disputes
// (answer one to release the hold), this account's own plan settings, and the audit trail.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PolicyForm } from "~/components/creditor/policy-form";
import { AUDIT_LABELS, calendarDate, dateTime, FieldError, FormError, money, Notice, PageTitle, StatusBadge } from "~/components/creditor/ui";
import { formDataToPolicyValues, policyDifference, policyToFormValues, validatePolicyForm, type FlatErrors } from "~/lib/creditor-policy-form";
import { passErrorHeaders } from "~/lib/route-headers";
import {
  createLinkForAccount,
  getAccountForCreditor,
  revokeLinkForAccount,
  setPolicyOverride,
} from "~/models/creditor-accounts.server";
import { creditorToday, getCreditor } from "~/models/creditor-settings.server";
import { answerDispute } from "~/models/disputes.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";
import { getEnv } from "~/utils/env.server";
import { enforce } from "~/utils/rate-limit.server";
import { notFound } from "~/utils/responses.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Account: creditor area" }];

const KIND_LABELS: Record<string, string> = {
  itemized_balance: "Amount on the itemization date",
  interest: "Interest",
  fee: "Fees",
  payment: "Payment",
  credit: "Credit",
  payment_reversal: "Payment reversed",
  adjustment: "Adjustment",
  settlement_writeoff: "Settlement write-off",
};

const SOURCE_LABELS: Record<string, string> = {
  debtor_provided: "from the debtor",
  creditor_records: "from your records",
  original_creditor: "from the original creditor",
  third_party: "from a third party",
};

const CHANNEL_LABELS: Record<string, string> = { email: "Email", sms: "Text message", letter: "Shared by hand", demo: "Demo", cli: "Command line" };
const DISPUTE_LABELS: Record<string, string> = {
  not_my_debt: "Not my debt",
  wrong_amount: "The amount is wrong",
  original_creditor: "Asked for the original creditor's name and address",
  other: "Other",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { creditor, user } = await requireCreditorUser(request);
  const found = await getAccountForCreditor(creditor.id, params.accountId ?? "");
  if (!found) throw notFound();
  const full = await getCreditor(creditor.id);
  return {
    ...found,
    account: {
      id: found.account.id,
      reference: found.account.reference,
      status: found.account.status,
      originalCreditor: found.account.originalCreditor,
      itemizationDate: found.account.itemizationDate,
      itemizationKind: found.account.itemizationKind,
      validationEndsOn: found.account.validationEndsOn,
    },
    policyValues: policyToFormValues(found.policy),
    today: creditorToday(full),
    canEditPolicy: user.role === "owner",
    demo: getEnv().demo,
  };
}

type ActionResult =
  | { kind: "link"; ok: true; channel: "letter"; token: string; code: string; expiresAt: string }
  | { kind: "link"; ok: true; channel: "email" | "sms"; messageId: string; sent: boolean; note: string }
  | { kind: "link"; ok: false; message: string }
  | { kind: "revoked" }
  | { kind: "override"; ok: boolean; errors?: FlatErrors; message?: string; values?: ReturnType<typeof formDataToPolicyValues> }
  | { kind: "dispute"; ok: boolean; message?: string; disputeId?: string };

const HOW: Record<"email" | "sms", string> = { email: "by email", sms: "by text message" };

/** What happened to a link message, in the creditor's words (reasons from the outbox's sending rules). */
function sendNote(channel: "email" | "sms", reason: string | null): string {
  const how = HOW[channel];
  switch (reason) {
    case null:
      return `Link queued ${how}: it goes out with the next message run, within a minute.`;
    case "quiet_hours":
    case "debtor_quiet_window":
      return `Link queued ${how}: it is outside the hours this debtor can be contacted, so it goes out when they open (08:00 to 21:00 their time, or the quiet hours they chose).`;
    case "cadence_day":
    case "cadence_week":
      return `Link queued ${how}: this debtor has had as many messages as the limit allows for now, so it goes out when the limit allows.`;
    case "not_before":
      return `Link queued ${how}: it goes out later.`;
    case "opted_out":
      return `Not sent: the debtor asked not to be contacted ${how}.`;
    case "sms_stopped":
      return "Not sent: this number replied STOP to our texts.";
    case "account_on_hold":
      return "Not sent: the account is on hold while a dispute is answered.";
    case "account_closed":
      return "Not sent: this account is closed, paid or settled.";
    case "no_consent":
      return "Not sent: the debtor has not agreed to be texted on this number.";
    default:
      return `Not sent ${how}: there is no contact detail with a known source for it.`;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorUser(request);
  const accountId = params.accountId ?? "";
  const found = await getAccountForCreditor(creditor.id, accountId);
  if (!found) throw notFound();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const ip = context.clientIp;
  const base = { creditorId: creditor.id, actorId: user.id, accountId: found.account.id, ip };

  if (intent === "send") {
    enforce("creditorLinkSend", user.id);
    const channel = String(form.get("channel") ?? "");
    if (channel !== "email" && channel !== "sms" && channel !== "letter") return data<ActionResult>({ kind: "link", ok: false, message: "Choose how to send the link." }, { status: 400 });
    const outcome = await createLinkForAccount({ ...base, channel });
    if (!outcome) throw notFound();
    if (!outcome.ok) return data<ActionResult>({ kind: "link", ok: false, message: outcome.message }, { status: 400 });
    if (outcome.channel === "letter") return data<ActionResult>({ kind: "link", ok: true, channel: "letter", token: outcome.token, code: outcome.code, expiresAt: outcome.expiresAt });
    const sent = outcome.status !== "suppressed";
    return data<ActionResult>({ kind: "link", ok: true, channel: outcome.channel, messageId: outcome.messageId, sent, note: sendNote(outcome.channel, outcome.reason) });
  }
  if (intent === "revoke") {
    const done = await revokeLinkForAccount({ ...base, linkId: String(form.get("linkId") ?? "") });
    if (done === null) throw notFound();
    if (!done) throw notFound();
    return data<ActionResult>({ kind: "revoked" });
  }
  if (intent === "override" || intent === "clear-override") {
    if (user.role !== "owner") throw new Response("Only an owner can do this", { status: 403 });
    if (intent === "clear-override") {
      await setPolicyOverride({ ...base, override: null });
      return data<ActionResult>({ kind: "override", ok: true, message: "This account follows your plan policy again." });
    }
    const values = formDataToPolicyValues(form);
    const checked = validatePolicyForm(values);
    if (!checked.ok) return data<ActionResult>({ kind: "override", ok: false, errors: checked.errors, values }, { status: 400 });
    if (form.get("submitIntent") === "preview") return data<ActionResult>({ kind: "override", ok: true, values, message: "Preview only: nothing is saved yet." });
    const outcome = await setPolicyOverride({ ...base, override: policyDifference(found.basePolicy, checked.policy) });
    if (!outcome?.ok) return data<ActionResult>({ kind: "override", ok: false, values, message: outcome?.message ?? "That did not work." }, { status: 400 });
    return data<ActionResult>({
      kind: "override",
      ok: true,
      message: outcome.fields.length ? `Saved: this account has its own ${outcome.fields.length === 1 ? "setting" : "settings"} (${outcome.fields.length}).` : "Saved: this account follows your plan policy.",
    });
  }
  if (intent === "answer-dispute") {
    const response = String(form.get("response") ?? "").trim();
    const disputeId = String(form.get("disputeId") ?? "");
    if (!response) return data<ActionResult>({ kind: "dispute", ok: false, disputeId, message: "Write your answer to the debtor." }, { status: 400 });
    if (response.length > 4000) return data<ActionResult>({ kind: "dispute", ok: false, disputeId, message: "Keep the answer to 4,000 characters." }, { status: 400 });
    if (!found.disputes.some((d) => d.id === disputeId && d.status === "open")) throw notFound();
    const done = await answerDispute({ creditorId: creditor.id, disputeId, response, actorId: user.id, ip });
    if (!done) throw notFound();
    return data<ActionResult>({ kind: "dispute", ok: true, disputeId, message: "Answer saved. The hold is released." });
  }
  return data({ kind: "unknown" }, { status: 400 });
}

export default function CreditorAccountPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const closed = ["paid", "settled", "closed"].includes(d.account.status);
  // Refunds that bounced: the debtor did not get the money; it needs returning another way.
  const failedRefunds = d.audit.filter((e) => e.action === "refund.failed");
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle>Account {d.account.reference}</PageTitle>
      {failedRefunds.length > 0 ? (
        <Notice tone="warning">
          <p className="font-semibold" data-testid="refund-failed">
            Needs attention: {failedRefunds.length === 1 ? "a refund" : `${failedRefunds.length} refunds`} did not reach the debtor
          </p>
          <ul className="list-disc pl-6">
            {failedRefunds.map((e) => (
              <li key={e.id}>
                {typeof e.details.amountCents === "number" ? money(e.details.amountCents, typeof e.details.currency === "string" ? e.details.currency : d.currency) : "A refund"} on {dateTime(e.at, d.timezone)}: their bank or card issuer sent it back. The balance counts it as paid again; return it to the debtor another way.
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
            {calendarDate(d.account.itemizationDate)} ({d.account.itemizationKind.replace(/_/g, " ")})
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">Identity check</dt>
          <dd>
            {[d.debtor.hasDob ? "date of birth" : null, d.debtor.hasPostalCode ? "ZIP code" : null, "last 4 of the reference"].filter(Boolean).join(", ")} on file
          </dd>
        </div>
      </dl>

      <section aria-labelledby="contact-title" className="card space-y-2">
        <h2 id="contact-title" className="text-lg font-bold">
          Contact details
        </h2>
        <dl className="grid gap-2 sm:grid-cols-[auto_1fr] sm:gap-x-4">
          <dt className="font-semibold">Email</dt>
          <dd className="break-all">
            {d.debtor.email ? `${d.debtor.email} (${SOURCE_LABELS[d.debtor.emailSource ?? ""] ?? "source unknown"}${d.debtor.emailConsentAt ? `, agreed ${dateTime(d.debtor.emailConsentAt, d.timezone)}` : ""})` : "None"}
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

      <section aria-labelledby="links-title" className="card space-y-4">
        <h2 id="links-title" className="text-lg font-bold">
          Links for the debtor
        </h2>
        {result?.kind === "link" && result.ok && result.channel === "letter" ? (
          <Notice>
            Link created. Works until {dateTime(result.expiresAt, d.timezone)}.
            <span className="mt-2 block">
              Shown once:{" "}
              <a href={`/l/${result.token}`} className="break-all" data-testid="new-link">
                {`/l/${result.token}`}
              </a>{" "}
              · code <span className="font-mono">{result.code}</span>
            </span>
          </Notice>
        ) : null}
        {result?.kind === "link" && result.ok && result.channel !== "letter" ? (
          result.sent ? (
            <Notice>
              {result.note}
              {d.demo ? (
                <span className="mt-2 block">
                  Demo mode: nothing is delivered.{" "}
                  <a href={`/demo/outbox#message-${result.messageId}`} data-testid="outbox-message-link">
                    See the message in the demo outbox
                  </a>
                  .
                </span>
              ) : null}
            </Notice>
          ) : (
            <FormError>{result.note}</FormError>
          )
        ) : null}
        {result?.kind === "link" && !result.ok ? <FormError>{result.message}</FormError> : null}
        {result?.kind === "revoked" ? <Notice>Link revoked: it no longer opens anything.</Notice> : null}
        {closed ? (
          <p>This account is {d.account.status}: no new links.</p>
        ) : (
          <Form method="post" className="flex flex-wrap gap-3">
            <input type="hidden" name="intent" value="send" />
            <button type="submit" name="channel" value="email" className="btn-primary">
              Send a link by email
            </button>
            <button type="submit" name="channel" value="sms" className="btn-secondary">
              Send a link by text message
            </button>
            <button type="submit" name="channel" value="letter" className="btn-secondary">
              Create a link to share by hand
            </button>
          </Form>
        )}
        {d.links.length === 0 ? (
          <p>No links yet.</p>
        ) : (
          <ul className="space-y-2" aria-label="Links">
            {d.links.map((link) => (
              <li key={link.id} className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-2" data-testid="link-row">
                <span>
                  {CHANNEL_LABELS[link.channel] ?? link.channel}, {dateTime(link.createdAt, d.timezone)}:{" "}
                  <span className="font-semibold">{link.state === "active" ? "active" : link.state === "locked" ? "paused after wrong answers" : link.state}</span>
                  {link.verifiedAt ? " · debtor verified" : link.firstOpenedAt ? " · opened" : ""}
                </span>
                {link.state === "active" || link.state === "locked" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="linkId" value={link.id} />
                    <button type="submit" className="btn-secondary" aria-label={`Revoke the ${CHANNEL_LABELS[link.channel] ?? link.channel} link of ${dateTime(link.createdAt, d.timezone)}`}>
                      Revoke
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>

      {d.disputes.length > 0 ? (
        <section aria-labelledby="disputes-title" className="card space-y-4">
          <h2 id="disputes-title" className="text-lg font-bold">
            Disputes
          </h2>
          {result?.kind === "dispute" && result.ok ? <Notice>{result.message}</Notice> : null}
          <ul className="space-y-4">
            {d.disputes.map((dispute) => (
              <li key={dispute.id} className="space-y-2 border-t border-slate-200 pt-2">
                <p>
                  <span className="font-semibold">{DISPUTE_LABELS[dispute.reason] ?? dispute.reason}</span>, {dateTime(dispute.createdAt, d.timezone)}
                  {dispute.status === "open" ? " · waiting for your answer" : " · answered"}
                </p>
                {dispute.details ? <p className="break-words whitespace-pre-line">“{dispute.details}”</p> : null}
                {dispute.status === "answered" ? (
                  <p className="break-words whitespace-pre-line">Your answer: {dispute.response}</p>
                ) : (
                  <Form method="post" className="space-y-2">
                    <input type="hidden" name="intent" value="answer-dispute" />
                    <input type="hidden" name="disputeId" value={dispute.id} />
                    <label htmlFor={`response-${dispute.id}`} className="block font-semibold">
                      Your answer to the debtor
                    </label>
                    <FieldError
                      id={`response-${dispute.id}-error`}
                      message={result?.kind === "dispute" && !result.ok && result.disputeId === dispute.id ? result.message : null}
                    />
                    <textarea
                      id={`response-${dispute.id}`}
                      name="response"
                      rows={4}
                      className="input"
                      aria-describedby={result?.kind === "dispute" && !result.ok && result.disputeId === dispute.id ? `response-${dispute.id}-error` : undefined}
                    />
                    <button type="submit" className="btn-primary">
                      Send answer and release the hold
                    </button>
                  </Form>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

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
                <td className="py-1 text-right tabular-nums">{money(entry.amountCents, d.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={2} className="py-1 pr-2">
                Balance
              </th>
              <td className="py-1 text-right font-bold tabular-nums">{money(d.balanceCents, d.currency)}</td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section aria-labelledby="override-title" className="space-y-4">
        <h2 id="override-title" className="text-lg font-bold">
          Plan settings for this account
        </h2>
        <p>
          {d.hasOverride ? "This account has its own settings; everything not changed here follows your plan policy." : "This account follows your plan policy. Change a setting here to give it its own."}
        </p>
        {result?.kind === "override" && result.message ? (result.ok ? <Notice>{result.message}</Notice> : <FormError>{result.message}</FormError>) : null}
        {!d.canEditPolicy ? <Notice tone="info">Only an owner can change plan settings.</Notice> : null}
        <PolicyForm
          id="override"
          key={result?.kind === "override" && result.values ? JSON.stringify(result.values) : JSON.stringify(d.policyValues)}
          defaultValues={result?.kind === "override" && result.values ? result.values : d.policyValues}
          serverErrors={result?.kind === "override" ? result.errors : null}
          today={d.today}
          currency={d.currency}
          previewBalances={[Math.max(0, d.balanceCents)]}
          readOnly={!d.canEditPolicy}
          intent="override"
          submitLabel="Save settings for this account"
        />
        {d.hasOverride && d.canEditPolicy ? (
          <Form method="post">
            <input type="hidden" name="intent" value="clear-override" />
            <button type="submit" className="btn-secondary">
              Use the plan policy again
            </button>
          </Form>
        ) : null}
      </section>

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
                {typeof event.details.channel === "string" ? ` (${CHANNEL_LABELS[event.details.channel] ?? event.details.channel})` : ""} · {event.actor}
              </li>
            ))}
          </ol>
        )}
      </section>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
