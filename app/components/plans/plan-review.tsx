// The review step of an installment plan (app/routes/accounts.$accountId.pay_.review.tsx):
// the plan's summary and schedule, the recurring authorization exactly as it will be
// stored, and the tick box that agrees to it; a review without a choice only links back to
// the pay page. Paying in full and the settlement never come here (pay-now).
import { Form, Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ErrorText, Notice, ScheduleTable, errorText } from "~/components/plan";
import type { choiceToFields } from "~/lib/forms/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError, ChoiceResult } from "~/lib/plan-builder";
import type { PlanBuilder } from "~/models/plans-authorize.server";
import type { reviewFor } from "~/models/plans.server";

/** What the page's loader gives it: nothing chosen, or the choice to review. */
export type ReviewPageData =
  | { accountId: string; empty: true }
  | {
      accountId: string;
      empty: false;
      creditor: PlanBuilder["creditor"];
      plan: Extract<ChoiceResult, { ok: true }>["plan"];
      review: ReturnType<typeof reviewFor>;
      fields: ReturnType<typeof choiceToFields>;
      canAuthorize: boolean;
      onHold: boolean;
      query: string;
    };

/** The action's answer: what went wrong, and whether only the tick box was missing. */
export type ReviewActionData = { errors: ChoiceError[]; tick: boolean };

export function PlanReview({
  loaded,
  actionData,
}: {
  loaded: ReviewPageData;
  actionData: ReviewActionData | undefined;
}) {
  const { t, lang } = useI18n();
  if (loaded.empty) {
    return (
      <div className="space-y-6">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.review.title")}
        </h1>
        {actionData?.errors.length ? (
          <Notice tone="error" testId="review-errors">
            {errorText(t, lang, "usd", actionData.errors[0])}
          </Notice>
        ) : null}
        <Link to={`/accounts/${loaded.accountId}/pay`} className="btn-primary">
          {t("plans.link.pay")}
        </Link>
      </div>
    );
  }
  return <Review d={loaded} actionData={actionData} />;
}

function Review({
  d,
  actionData,
}: {
  d: Extract<ReviewPageData, { empty: false }>;
  actionData: ReviewActionData | undefined;
}) {
  const { t, lang } = useI18n();
  const currency = d.plan.currency;
  const money = (cents: number) => formatMoney(cents, currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const errors = actionData?.errors ?? [];
  const tickError = actionData?.tick ? errorText(t, lang, currency, errors[0]) : null;
  const formErrors = actionData?.tick ? [] : errors;
  const base = `/accounts/${d.accountId}`;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.review.title")}
        </h1>
        <p>{t("plans.review.intro")}</p>
      </div>
      {formErrors.length > 0 ? (
        <Notice tone="error" testId="review-errors">
          <ul className="space-y-1">
            {formErrors.map((e) => (
              <li key={e.key}>{errorText(t, lang, currency, e)}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {d.onHold ? (
        <Notice>{t("plans.error.onHold", { creditor: d.creditor.displayName })}</Notice>
      ) : null}

      <section aria-labelledby="summary-title" className="card space-y-4">
        <h2 id="summary-title" className="text-lg font-bold">
          {t("plans.review.summary")}
        </h2>
        <dl className="grid gap-3 sm:grid-cols-2" data-testid="review-summary">
          <Item label={t("plans.review.kind")} value={t(`plans.kindName.${d.plan.kind}`)} />
          <Item
            label={t("plans.review.total")}
            value={money(d.plan.totalCents)}
            testId="review-total"
          />
          {d.plan.frequency ? (
            <Item
              label={t("plans.review.frequency")}
              value={t(`plans.frequency.${d.plan.frequency}`)}
            />
          ) : null}
          <Item label={t("plans.review.payments")} value={String(d.plan.count)} />
          <Item label={t("plans.review.first")} value={date(d.plan.startDate)} />
          <Item label={t("plans.review.last")} value={date(d.plan.endDate)} />
          <Item label={t("plans.review.method")} value={t("plans.review.methodValue")} />
          <Item
            label={t("plans.review.cancel")}
            value={t("plans.review.cancelValue", {
              creditor: d.creditor.displayName,
              phone: d.creditor.supportPhone,
              email: d.creditor.supportEmail,
            })}
          />
        </dl>
        <ScheduleTable
          rows={d.plan.installments}
          currency={currency}
          t={t}
          lang={lang}
          totalCents={d.plan.totalCents}
        />
      </section>

      <section aria-labelledby="auth-title" className="card space-y-4">
        <h2 id="auth-title" className="text-lg font-bold">
          {t("plans.review.authTitle")}
        </h2>
        <p className="text-sm text-slate-700">{t("plans.review.authHint")}</p>
        <p
          className="rounded-md border border-slate-400 bg-slate-50 p-4"
          data-testid="authorization-text"
        >
          {d.review.text}
        </p>
        {d.canAuthorize ? (
          <Form method="post" className="space-y-4 no-print" noValidate>
            {Object.entries(d.fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="accountId" value={d.accountId} />
            <input type="hidden" name="scheduleDigest" value={d.review.digest} />
            <input type="hidden" name="textVersion" value={d.review.version} />
            {tickError ? <ErrorText id="authorize-error">{tickError}</ErrorText> : null}
            <div className="flex items-start gap-3">
              <input
                id="authorize"
                name="authorize"
                type="checkbox"
                className="mt-1 h-6 w-6 shrink-0 accent-blue-800"
                aria-invalid={tickError ? true : undefined}
                aria-describedby={tickError ? "authorize-error" : undefined}
                autoFocus={Boolean(tickError)}
              />
              <label htmlFor="authorize" className="font-semibold">
                {t("plans.review.agree")}
              </label>
            </div>
            <div className="flex flex-col gap-3 sm:flex-row">
              <button type="submit" className="btn-primary">
                {t("plans.review.submit")}
              </button>
              <Link to={`${base}/pay?${d.query}`} className="btn-secondary">
                {t("plans.review.change")}
              </Link>
            </div>
          </Form>
        ) : (
          <Link to={`${base}/pay?${d.query}`} className="btn-secondary">
            {t("plans.review.change")}
          </Link>
        )}
      </section>
    </div>
  );
}

function Item({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
