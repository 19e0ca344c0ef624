// "I can't pay right now": pause payments within the creditor's limits, or propose what
// the debtor can afford for the creditor to accept or decline. Never a dead end.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { ErrorText, Notice, Radio, errorText, fieldError } from "~/components/plan";
import { HARDSHIP_NOTE_MAX, hardshipPauseSchema, hardshipProposalSchema } from "~/lib/forms/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";
import { FREQUENCIES } from "~/lib/policy";
import { getAccountForDebtor } from "~/models/accounts.server";
import { getHardshipPage, requestPause, submitProposal } from "~/models/hardship.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.hardship");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const page = await getHardshipPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  const query = new URL(request.url).searchParams;
  const latest = page.latest;
  return {
    accountId: page.account.id,
    currency: page.account.currency,
    creditor: page.creditor,
    today: page.today,
    latestPauseDate: page.latestPauseDate,
    hasPlan: Boolean(page.plan),
    latest: latest
      ? {
          kind: latest.kind,
          status: latest.status,
          amountCents: latest.amountCents,
          frequency: latest.frequency,
          pauseUntil: latest.pauseUntil,
          createdOn: latest.createdAt.toISOString().slice(0, 10),
        }
      : null,
    done: query.get("done"),
  };
}

type ActionData = { intent: string; errors: ChoiceError[]; fits?: { query: string } };

function issues(error: {
  issues: readonly { path: PropertyKey[]; message: string }[];
}): ChoiceError[] {
  return error.issues.map((i) => ({
    field: String(i.path[0] ?? "form") as ChoiceError["field"],
    key: i.message,
  }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const fields = Object.fromEntries(
    [...(await readForm(request))].filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
  const base = `/accounts/${found.account.id}/hardship`;
  if (fields.intent === "pause") {
    const parsed = hardshipPauseSchema.safeParse(fields);
    if (!parsed.success)
      return data<ActionData>({ intent: "pause", errors: issues(parsed.error) }, { status: 400 });
    const result = await requestPause({
      debtorId: session.debtorId,
      accountId: found.account.id,
      pauseUntil: parsed.data.pauseUntil,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok)
      return data<ActionData>({ intent: "pause", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=paused`);
  }
  if (fields.intent === "proposal") {
    const parsed = hardshipProposalSchema.safeParse(fields);
    if (!parsed.success)
      return data<ActionData>(
        { intent: "proposal", errors: issues(parsed.error) },
        { status: 400 },
      );
    const result = await submitProposal({
      debtorId: session.debtorId,
      accountId: found.account.id,
      ...parsed.data,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok) {
      const fits = "fits" in result ? result.fits : undefined;
      const query = fits
        ? new URLSearchParams({
            kind: "installments",
            frequency: fits.frequency,
            count: String(fits.count),
            startDate: fits.today,
          }).toString()
        : undefined;
      return data<ActionData>(
        { intent: "proposal", errors: result.errors, fits: query ? { query } : undefined },
        { status: 400 },
      );
    }
    throw redirect(`${base}?done=proposal`);
  }
  return data<ActionData>(
    { intent: "unknown", errors: [{ field: "form", key: "plans.error.tampered" }] },
    { status: 400 },
  );
}

export default function HardshipPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lang } = useI18n();
  const money = (cents: number) => formatMoney(cents, d.currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const render = (e: ChoiceError) => errorText(t, lang, d.currency, e);
  const pauseErrors = actionData?.intent === "pause" ? actionData.errors : [];
  const proposalErrors = actionData?.intent === "proposal" ? actionData.errors : [];
  const base = `/accounts/${d.accountId}`;
  const latest = d.latest;
  const creditor = d.creditor.displayName;
  const pauseError = fieldError(pauseErrors, "pauseUntil", render);
  const amountError = fieldError(proposalErrors, "amount", render);
  const frequencyError = fieldError(proposalErrors, "frequency", render);
  const noteError = fieldError(proposalErrors, "note", render);
  const formError = fieldError(proposalErrors, "form", render);
  const pending = latest?.kind === "proposal" && latest.status === "pending";

  let status: string | null = null;
  if (d.done === "paused" && latest?.kind === "pause" && latest.pauseUntil) {
    status = d.hasPlan
      ? t("plans.hardship.pause.done", { date: date(latest.pauseUntil) })
      : t("plans.hardship.pause.doneNoPlan", { date: date(latest.pauseUntil) });
  } else if (d.done === "proposal") {
    status = t("plans.hardship.proposal.sent", { creditor });
  }
  const proposalState =
    latest?.kind === "proposal" && latest.amountCents && latest.frequency
      ? latest.status === "pending"
        ? t("plans.hardship.proposal.pending", {
            date: date(latest.createdOn),
            amount: money(latest.amountCents),
            frequency: t(`plans.frequency.${latest.frequency}`).toLowerCase(),
            creditor,
          })
        : latest.status === "accepted"
          ? t("plans.hardship.proposal.accepted", {
              creditor,
              amount: money(latest.amountCents),
              frequency: t(`plans.frequency.${latest.frequency}`).toLowerCase(),
            })
          : t("plans.hardship.proposal.declined", { creditor, date: date(latest.createdOn) })
      : null;

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.hardship.title")}
        </h1>
        <p>
          {t("plans.hardship.intro", {
            creditor,
            phone: d.creditor.supportPhone,
            email: d.creditor.supportEmail,
          })}
        </p>
      </div>
      {status ? (
        <Notice tone="success" testId="done">
          {status}
        </Notice>
      ) : null}

      <section aria-labelledby="pause-title" className="card space-y-3">
        <h2 id="pause-title" className="text-lg font-bold">
          {t("plans.hardship.pause.title")}
        </h2>
        {d.latestPauseDate ? (
          <>
            <p>{t("plans.hardship.pause.intro", { date: date(d.latestPauseDate) })}</p>
            {!d.hasPlan ? <p>{t("plans.hardship.pause.noPlan")}</p> : null}
            <Form method="post" className="space-y-4" noValidate>
              <input type="hidden" name="intent" value="pause" />
              <div className="space-y-1">
                <label htmlFor="pauseUntil" className="block font-semibold">
                  {t("plans.hardship.pause.label")}
                </label>
                {pauseError ? <ErrorText id="pauseUntil-error">{pauseError}</ErrorText> : null}
                <input
                  id="pauseUntil"
                  name="pauseUntil"
                  type="date"
                  min={d.today}
                  max={d.latestPauseDate}
                  className="input max-w-60"
                  aria-invalid={pauseError ? true : undefined}
                  aria-describedby={pauseError ? "pauseUntil-error" : undefined}
                />
              </div>
              <button type="submit" className="btn-secondary">
                {t("plans.hardship.pause.submit")}
              </button>
            </Form>
          </>
        ) : (
          <p>{t("plans.hardship.pause.notAllowed", { creditor })}</p>
        )}
      </section>

      <section aria-labelledby="proposal-title" className="card space-y-3">
        <h2 id="proposal-title" className="text-lg font-bold">
          {t("plans.hardship.proposal.title")}
        </h2>
        {proposalState ? <p data-testid="proposal-state">{proposalState}</p> : null}
        {!pending ? (
          <>
            <p>{t("plans.hardship.proposal.intro", { creditor })}</p>
            {formError ? <Notice tone="error">{formError}</Notice> : null}
            <Form method="post" className="space-y-4" noValidate>
              <input type="hidden" name="intent" value="proposal" />
              <div className="space-y-1">
                <label htmlFor="amount" className="block font-semibold">
                  {t("plans.hardship.proposal.amount")}
                </label>
                <p id="amount-hint" className="text-sm text-slate-700">
                  {t("plans.hardship.proposal.amountHint")}
                </p>
                {amountError ? (
                  <ErrorText id="amount-error">
                    {amountError}{" "}
                    {actionData?.fits ? (
                      <Link to={`${base}/pay?${actionData.fits.query}`}>{t("plans.link.pay")}</Link>
                    ) : null}
                  </ErrorText>
                ) : null}
                <input
                  id="amount"
                  name="amount"
                  type="text"
                  inputMode="decimal"
                  className="input max-w-60"
                  aria-invalid={amountError ? true : undefined}
                  aria-describedby={["amount-hint", amountError ? "amount-error" : ""]
                    .filter(Boolean)
                    .join(" ")}
                />
              </div>
              <fieldset
                className="space-y-2"
                aria-describedby={frequencyError ? "proposal-frequency-error" : undefined}
              >
                <legend className="font-semibold">{t("plans.frequency.legend")}</legend>
                {frequencyError ? (
                  <ErrorText id="proposal-frequency-error">{frequencyError}</ErrorText>
                ) : null}
                {FREQUENCIES.map((f) => (
                  <Radio
                    key={f}
                    name="frequency"
                    value={f}
                    label={t(`plans.frequency.${f}`)}
                    defaultChecked={f === "monthly"}
                  />
                ))}
              </fieldset>
              <div className="space-y-1">
                <label htmlFor="note" className="block font-semibold">
                  {t("plans.hardship.proposal.note")}
                </label>
                <p id="note-hint" className="text-sm text-slate-700">
                  {t("plans.hardship.proposal.noteHint")}
                </p>
                {noteError ? <ErrorText id="note-error">{noteError}</ErrorText> : null}
                <textarea
                  id="note"
                  name="note"
                  rows={4}
                  maxLength={HARDSHIP_NOTE_MAX}
                  className="input"
                  aria-invalid={noteError ? true : undefined}
                  aria-describedby={["note-hint", noteError ? "note-error" : ""]
                    .filter(Boolean)
                    .join(" ")}
                />
              </div>
              <button type="submit" className="btn-secondary">
                {t("plans.hardship.proposal.submit")}
              </button>
            </Form>
          </>
        ) : null}
      </section>

      <p>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
