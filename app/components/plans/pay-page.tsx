// The pay page (app/routes/accounts.$accountId.pay.tsx): the balance, the comparison of
// the ways to pay, the choice form (./pay-choice-form.tsx) and the live preview of the
// schedule. Without JavaScript the loader's preview is shown; with it, react-hook-form and
// the lazily loaded engine (./preview-engine.ts) update the preview as the debtor types.
import { Link, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { useI18n } from "~/components/i18n";
import { ComparisonCards, Notice, ScheduleTable, errorText, fieldError } from "~/components/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError, ChoiceResult } from "~/lib/plan-builder";
import type { ChoiceFormValues } from "~/lib/plan-preview";
import type { PlanBuilder } from "~/models/plans-authorize.server";
import { ChoiceForm } from "./pay-choice-form";
import { choiceResolver, loadEngine, type PreviewEngine } from "./preview-engine";

type FormValues = ChoiceFormValues;

/** What the pay page's loader gives it. */
export type PayPageData = Pick<
  PlanBuilder,
  "account" | "ctx" | "options" | "comparison" | "onHold" | "canAuthorize"
> & {
  creditorName: string;
  values: FormValues;
  submitted: boolean;
  /** The preview of `values`, for the first render (and the only one without JavaScript). */
  preview: ChoiceResult;
};

export function PayChoicePage({ data }: { data: PayPageData }) {
  const { t, lang } = useI18n();
  const submit = useSubmit();
  const form = useForm<FormValues>({
    resolver: choiceResolver,
    defaultValues: data.values,
    values: data.values,
    mode: "onChange",
  });
  const watched = form.watch();
  const dirty = form.formState.isDirty;
  const [preview, setPreview] = useState<PreviewEngine | null>(null);
  // Fetch the preview's code as soon as the debtor reaches the form (focus), at the latest
  // on the first change; a failed load leaves the server's preview and the plain form.
  const warm = useCallback(() => void loadEngine().then(setPreview, () => undefined), []);
  useEffect(() => {
    if (dirty && !preview) warm();
  }, [dirty, preview, warm]);
  const showPreview = data.submitted || dirty;
  // Not dirty: the values are the loader's, and so is their preview.
  const result = dirty && preview ? preview.previewChoice(data.ctx, watched) : data.preview;
  const errors = showPreview && !result.ok ? result.errors : [];
  const currency = data.account.currency;
  const money = (cents: number) => formatMoney(cents, currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const render = (e: ChoiceError) => errorText(t, lang, currency, e);
  const err = (field: string) => fieldError(errors, field, render);
  const base = `/accounts/${data.account.id}`;
  const kind = watched.kind;
  const { options } = data;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const element = event.currentTarget;
    void form.handleSubmit(() => submit(submitter ?? element))(event);
  };

  if (data.ctx.balanceCents <= 0) {
    return (
      <div className="space-y-4">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.pay.title")}
        </h1>
        <p>{t("plans.pay.nothingOwed")}</p>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </div>
    );
  }

  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.pay.title")}
        </h1>
        <p>{t("plans.pay.intro", { creditor: data.creditorName })}</p>
        <p>
          {t("plans.pay.balance")}:{" "}
          <strong data-testid="balance">{money(data.ctx.balanceCents)}</strong>
        </p>
      </div>
      {data.onHold ? (
        <Notice testId="on-hold">{t("plans.pay.onHold", { creditor: data.creditorName })}</Notice>
      ) : null}

      <ComparisonCards
        rows={data.comparison}
        currency={currency}
        t={t}
        lang={lang}
        percentOff={options.settlement?.percentOff ?? null}
      />

      <ChoiceForm
        data={data}
        form={form}
        err={err}
        money={money}
        date={date}
        onSubmit={onSubmit}
        warm={warm}
      />

      <section aria-labelledby="preview-title" className="card space-y-3">
        <h2 id="preview-title" className="text-lg font-bold">
          {t("plans.preview.title")}
        </h2>
        <div aria-live="polite" className="space-y-3" data-testid="preview">
          {!showPreview ? (
            <p>{t("plans.preview.empty")}</p>
          ) : result.ok ? (
            <>
              <p className="font-semibold" data-testid="preview-summary">
                {result.plan.count === 1
                  ? t("plans.preview.summarySingle", {
                      total: money(result.plan.totalCents),
                      date: date(result.plan.startDate),
                    })
                  : t("plans.preview.summary", {
                      count: result.plan.count,
                      total: money(result.plan.totalCents),
                      end: date(result.plan.endDate),
                    })}
              </p>
              {result.plan.savingsCents > 0 ? (
                <p>{t("plans.preview.savings", { amount: money(result.plan.savingsCents) })}</p>
              ) : null}
              {result.plan.downPaymentCents > 0 ? <p>{t("plans.preview.downPayment")}</p> : null}
              <ScheduleTable
                rows={result.plan.installments}
                currency={currency}
                t={t}
                lang={lang}
                totalCents={result.plan.totalCents}
              />
            </>
          ) : (
            <div role="alert" className="space-y-2" data-testid="preview-errors">
              <p className="font-semibold">{t("plans.preview.errorsTitle")}</p>
              <ul className="list-disc space-y-1 pl-6">
                {errors.map((e) => (
                  <li key={`${e.field}-${e.key}`}>
                    {e.field === "form" ? (
                      render(e)
                    ) : (
                      <a
                        href={`#${e.field === "kind" ? "kind-" + kind : e.field === "frequency" ? "frequency-" + (watched.frequency || options.plans[0]?.frequency) : e.field}`}
                      >
                        {render(e)}
                      </a>
                    )}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </section>

      <p className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        <Link to={`${base}/hardship`}>{t("plans.link.hardship")}</Link>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </p>
    </div>
  );
}
