// The hardship page (app/routes/accounts.$accountId.hardship.tsx): pause payments within
// the creditor's limits, or propose what the debtor can afford, with the state of the
// latest request. Never a dead end: a proposal that fits the policy links to the pay page.
import { Form, Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ErrorSummary } from "~/components/error-summary";
import { ErrorText, Notice, Radio, errorText, fieldError } from "~/components/plan";
import { HARDSHIP_NOTE_MAX } from "~/lib/forms/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";
import { FREQUENCIES } from "~/lib/policy";
import type { getHardshipPage } from "~/models/hardship.server";
import { PauseSection, type PausePreviewData } from "./hardship-pause";

/** Where each error's field is, for the error summary's links. */
const FIELDS: Record<string, `#${string}`> = {
  pauseUntil: "#pauseUntil",
  amount: "#amount",
  frequency: `#frequency-${FREQUENCIES[0]}`,
  note: "#note",
};

type Page = NonNullable<Awaited<ReturnType<typeof getHardshipPage>>>;
type Latest = NonNullable<Page["latest"]>;

/** What the page's loader gives it. */
export type HardshipPageData = {
  accountId: string;
  currency: string;
  creditor: Page["creditor"];
  today: string;
  latestPauseDate: Page["latestPauseDate"];
  hasPlan: boolean;
  latest:
    | (Pick<Latest, "kind" | "status" | "amountCents" | "frequency" | "pauseUntil"> & {
        createdOn: string;
      })
    | null;
  done: string | null;
  /** What was typed in "Pause until" for the preview (a GET), and the preview. */
  pauseValue: string;
  pause: PausePreviewData;
};

/** The action's answer: the form's errors, and the pay page's query when a plan would fit. */
export type HardshipActionData = {
  intent: string;
  errors: ChoiceError[];
  fits?: { query: string };
};

export function HardshipOptions({
  d,
  actionData,
}: {
  d: HardshipPageData;
  actionData: HardshipActionData | undefined;
}) {
  const { t, lang } = useI18n();
  const money = (cents: number) => formatMoney(cents, d.currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const render = (e: ChoiceError) => errorText(t, lang, d.currency, e);
  const pauseErrors =
    actionData?.intent === "pause"
      ? actionData.errors
      : d.pause && !d.pause.ok
        ? d.pause.errors
        : [];
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
      <ErrorSummary
        items={[...pauseErrors, ...proposalErrors].map((e) => ({
          href: FIELDS[e.field],
          text: render(e),
        }))}
      />
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

      <PauseSection
        t={t}
        date={date}
        base={base}
        creditor={creditor}
        today={d.today}
        latestPauseDate={d.latestPauseDate}
        hasPlan={d.hasPlan}
        pauseValue={d.pauseValue}
        pause={d.pause}
        error={pauseError}
      />

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
