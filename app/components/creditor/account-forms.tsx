// The forms of a creditor's account page: links for the debtor, answers to disputes, the
// account's own plan settings. The route's action does the work.
import { Form } from "@remix-run/react";
import { PolicyForm } from "~/components/creditor/policy-form";
import { dateTime, FieldError, FormError, Notice } from "~/components/creditor/ui";
import {
  CHANNEL_LABELS,
  DISPUTE_LABELS,
  type AccountActionResult,
  type AccountPage,
} from "./account-page";

export function AccountLinks({
  d,
  result,
  closed,
}: {
  d: AccountPage;
  result: AccountActionResult | undefined;
  closed: boolean;
}) {
  return (
    <>
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
                  <a
                    href={`/demo/outbox#message-${result.messageId}`}
                    data-testid="outbox-message-link"
                  >
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
        {result?.kind === "revoked" ? (
          <Notice>Link revoked: it no longer opens anything.</Notice>
        ) : null}
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
              <li
                key={link.id}
                className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-200 pt-2"
                data-testid="link-row"
              >
                <span>
                  {CHANNEL_LABELS[link.channel] ?? link.channel},{" "}
                  {dateTime(link.createdAt, d.timezone)}:{" "}
                  <span className="font-semibold">
                    {link.state === "active"
                      ? "active"
                      : link.state === "locked"
                        ? "paused after wrong answers"
                        : link.state}
                  </span>
                  {link.verifiedAt ? " · debtor verified" : link.firstOpenedAt ? " · opened" : ""}
                </span>
                {link.state === "active" || link.state === "locked" ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="linkId" value={link.id} />
                    <button
                      type="submit"
                      className="btn-secondary"
                      aria-label={`Revoke the ${CHANNEL_LABELS[link.channel] ?? link.channel} link of ${dateTime(link.createdAt, d.timezone)}`}
                    >
                      Revoke
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
export function AccountDisputes({
  d,
  result,
}: {
  d: AccountPage;
  result: AccountActionResult | undefined;
}) {
  return (
    <>
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
                  <span className="font-semibold">
                    {DISPUTE_LABELS[dispute.reason] ?? dispute.reason}
                  </span>
                  , {dateTime(dispute.createdAt, d.timezone)}
                  {dispute.status === "open" ? " · waiting for your answer" : " · answered"}
                </p>
                {dispute.details ? (
                  <p className="break-words whitespace-pre-line">“{dispute.details}”</p>
                ) : null}
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
                      message={
                        result?.kind === "dispute" && !result.ok && result.disputeId === dispute.id
                          ? result.message
                          : null
                      }
                    />
                    <textarea
                      id={`response-${dispute.id}`}
                      name="response"
                      rows={4}
                      className="input"
                      aria-describedby={
                        result?.kind === "dispute" && !result.ok && result.disputeId === dispute.id
                          ? `response-${dispute.id}-error`
                          : undefined
                      }
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
    </>
  );
}
export function PolicyOverride({
  d,
  result,
}: {
  d: AccountPage;
  result: AccountActionResult | undefined;
}) {
  return (
    <>
      <section aria-labelledby="override-title" className="space-y-4">
        <h2 id="override-title" className="text-lg font-bold">
          Plan settings for this account
        </h2>
        <p>
          {d.hasOverride
            ? "This account has its own settings; everything not changed here follows your plan policy."
            : "This account follows your plan policy. Change a setting here to give it its own."}
        </p>
        {result?.kind === "override" && result.message ? (
          result.ok ? (
            <Notice>{result.message}</Notice>
          ) : (
            <FormError>{result.message}</FormError>
          )
        ) : null}
        {!d.canEditPolicy ? (
          <Notice tone="info">Only an owner can change plan settings.</Notice>
        ) : null}
        <PolicyForm
          id="override"
          key={
            result?.kind === "override" && result.values
              ? JSON.stringify(result.values)
              : JSON.stringify(d.policyValues)
          }
          defaultValues={
            result?.kind === "override" && result.values ? result.values : d.policyValues
          }
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
    </>
  );
}
