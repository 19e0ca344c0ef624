// Demo mode only: every message that would have gone out (email and SMS), rendered, so a
// newcomer can open the link in an "email". Nothing here is sent anywhere.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { deliverDueMessagesNow, demoOutbox, type DemoOutboxRow } from "~/demo/outbox.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Demo: outbox" }];

export async function loader(_: LoaderFunctionArgs) {
  if (!getEnv().demo) throw notFound();
  return { messages: await demoOutbox(100) };
}

/** "Deliver due messages now": one worker pass, with every rule applied as usual. */
export async function action(_: ActionFunctionArgs) {
  if (!getEnv().demo) throw notFound();
  return { pass: await deliverDueMessagesNow() };
}

const TEMPLATE_LABELS: Record<DemoOutboxRow["template"], string> = {
  access_link: "Link",
  payment_receipt: "Receipt",
  plan_confirmation: "Plan confirmation",
  payment_reminder: "Reminder",
  payment_failed: "Failed payment",
  bank_payment_returned: "Bank payment returned",
  authentication_required: "Authentication required",
  dispute_acknowledgement: "Dispute acknowledgement",
  schedule_changed: "Payment dates changed",
  schedule_paused: "Payments paused: choose new dates",
  plan_changed: "Plan change confirmed",
  plan_paused: "Pause confirmed",
  plan_cancelled: "Plan cancellation confirmed",
  settlement_accepted: "Settlement confirmed",
  account_paid: "Paid in full",
  account_settled: "Settled",
  sms_opt_out_confirmation: "Opt-out confirmation",
  sms_help: "Help reply",
  sms_resubscribed: "Resubscribed",
};

const REASONS: Record<string, string> = {
  not_before: "waiting for its scheduled time",
  quiet_hours: "waiting: quiet hours (08:00–21:00 in the debtor's time)",
  debtor_quiet_window: "waiting: the debtor's own quiet window",
  cadence_day: "waiting: at most one message a day",
  cadence_week: "waiting: at most three messages a week",
  no_contact: "not sent: no contact on file",
  no_provenance: "not sent: the contact has no provenance",
  no_consent: "not sent: no consent to texts",
  opted_out: "not sent: the debtor opted out of this channel",
  sms_stopped: "not sent: the number replied STOP",
  account_on_hold: "not sent: the account is on hold (dispute)",
  account_closed: "not sent: nothing is owed on this account",
};

const when = (iso: string) => new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";

export default function DemoOutbox() {
  const { messages } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    // A tool for people trying the product, in English only (like /demo).
    <div lang="en" className="space-y-6">
      <section aria-labelledby="page-title" className="card">
        <h1 id="page-title" className="text-2xl font-bold">
          Demo: outbox
        </h1>
        <p className="mt-3">
          Every email and text message the portal would have sent, newest first. In demo mode
          nothing leaves this computer: messages are &quot;delivered&quot; here. Open a link in a
          message to follow it as the debtor would.
        </p>
        <Form method="post" className="mt-4">
          <button type="submit" className="btn-secondary">
            Deliver due messages now
          </button>
        </Form>
        {result ? (
          <p role="status" className="mt-3 text-sm">
            {result.pass.sent} delivered, {result.pass.deferred} waiting, {result.pass.suppressed}{" "}
            not allowed, {result.pass.retried + result.pass.failed} failed.
          </p>
        ) : null}
      </section>
      {messages.length === 0 ? (
        <p className="card">
          No messages yet. Try &quot;Send me a new link&quot; on an expired link from the demo page.
        </p>
      ) : (
        <ul className="space-y-4" aria-label="Messages">
          {messages.map((m) => (
            <MessageCard key={m.id} message={m} />
          ))}
        </ul>
      )}
    </div>
  );
}

function MessageCard({ message: m }: { message: DemoOutboxRow }) {
  const status =
    m.status === "sent"
      ? `delivered ${m.sentAt ? when(m.sentAt) : ""}${m.provider && m.provider !== "demo" ? ` via ${m.provider}` : ""}`
      : m.status === "queued"
        ? `${m.reason ? (REASONS[m.reason] ?? `retrying (${m.reason})`) : "queued"}, next try ${when(m.nextAttemptAt)}`
        : m.status === "suppressed"
          ? (REASONS[m.reason ?? ""] ?? `not sent (${m.reason})`)
          : `${m.status}${m.reason ? ` (${m.reason})` : ""}`;
  return (
    <li
      id={`message-${m.id}`}
      className="card"
      data-testid="outbox-message"
      data-template={m.template}
      data-recipient={m.recipient ?? ""}
      data-status={m.status}
    >
      <h2 className="text-lg font-bold break-words">
        {m.channel === "email" ? "Email" : "Text message"}:{" "}
        {m.subject ?? TEMPLATE_LABELS[m.template]}
      </h2>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt className="font-semibold">To</dt>
        <dd className="break-all">{m.recipient ?? "(no usable contact)"}</dd>
        <dt className="font-semibold">Kind</dt>
        <dd>{TEMPLATE_LABELS[m.template]}</dd>
        <dt className="font-semibold">Status</dt>
        <dd>{status}</dd>
        <dt className="font-semibold">Queued</dt>
        <dd>{when(m.createdAt)}</dd>
      </dl>
      {m.text ? (
        <div
          className="mt-3 rounded border border-slate-300 bg-slate-50 p-3 text-sm whitespace-pre-wrap break-words"
          data-testid="outbox-text"
        >
          <Linkified text={m.text} />
        </div>
      ) : (
        <p className="mt-3 text-sm">The content is not kept for this message.</p>
      )}
      {m.channel === "email" && m.text ? (
        <p className="mt-2 text-sm">
          <a href={`/demo/outbox/${m.id}/email`}>See this email as it looks (HTML)</a>
        </p>
      ) : null}
    </li>
  );
}

function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <a key={i} href={part} className="break-all">
            {part}
          </a>
        ) : (
          <span key={i}>{part}</span>
        ),
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
