// The pay page (app/routes/accounts.$accountId.pay.tsx): the balance, the comparison of
// the ways to pay, the choice form (./pay-choice-form.tsx) and the preview of the schedule
// (./pay-preview.tsx). Without JavaScript the loader's preview is shown; with it,
// react-hook-form and the lazily loaded engine (./preview-engine.ts) update the preview as
// the debtor types. A submission that does not fit shows the error summary at the top
// (GOV.UK's pattern): from the loader without JavaScript, from the same checks in the
// browser with it (nothing is sent until the choice fits).
import { Link, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useForm } from "react-hook-form";
import { ErrorSummary, type SummaryItem } from "~/components/error-summary";
import { useInputBeforeHydration } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { ComparisonCards, Notice, errorText, fieldError } from "~/components/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { BuilderOptions, ChoiceError, ChoiceResult } from "~/lib/plan-builder";
import type { ChoiceFormValues } from "~/lib/plan-preview";
import type { PlanBuilder } from "~/models/plans-authorize.server";
import { CHOICE_FORM_ID, ChoiceForm } from "./pay-choice-form";
import { PreviewSection } from "./pay-preview";
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

/** The id of the field an error is about (a radio group: its first radio). */
export function fieldId(
  field: ChoiceError["field"],
  options: BuilderOptions,
  frequency: string,
): `#${string}` | null {
  if (field === "kind") {
    const first = options.payInFull
      ? "full"
      : options.settlement
        ? "settlement"
        : options.plans.length
          ? "installments"
          : null;
    return first ? `#kind-${first}` : null;
  }
  if (field === "frequency") {
    const chosen = options.plans.find((p) => p.frequency === frequency) ?? options.plans[0];
    return chosen ? `#frequency-${chosen.frequency}` : null;
  }
  if (field === "count" || field === "startDate") return `#${field}`;
  return null;
}

export function PayChoicePage({ data }: { data: PayPageData }) {
  const { t, lang } = useI18n();
  const submit = useSubmit();
  const form = useForm<FormValues>({
    resolver: choiceResolver,
    defaultValues: data.values,
    values: data.values,
    mode: "onChange",
  });
  // A choice made before the scripts ran is kept (react-hook-form would reset it).
  const early = useInputBeforeHydration(CHOICE_FORM_ID, data.values);
  useEffect(() => {
    for (const [name, value] of Object.entries(early)) {
      form.setValue(name as keyof FormValues, value, { shouldDirty: true });
    }
  }, [early, form]);
  const watched = form.watch();
  const dirty = form.formState.isDirty;
  const [preview, setPreview] = useState<PreviewEngine | null>(null);
  // Fetch the preview's code as soon as the debtor reaches the form (focus), at the latest
  // on the first change; a failed load leaves the server's preview and the plain form.
  const warm = useCallback(() => void loadEngine().then(setPreview, () => undefined), []);
  useEffect(() => {
    if (dirty && !preview) warm();
  }, [dirty, preview, warm]);
  // The error summary says what was wrong when the form was last submitted (the loader's
  // verdict, or the browser's when it stopped a submission): it does not come and go as
  // the debtor types, and each failed submission focuses it again.
  const serverSummary = data.submitted && !data.preview.ok ? data.preview.errors : [];
  const [summary, setSummary] = useState<ChoiceError[]>(serverSummary);
  const [attempt, setAttempt] = useState(0);
  useEffect(
    () => setSummary(data.submitted && !data.preview.ok ? data.preview.errors : []),
    [data],
  );
  const showPreview = data.submitted || dirty;
  // Not dirty: the values are the loader's, and so is their preview. Changed while the
  // preview's code is still loading: no verdict yet (the loader's was about other values,
  // and showing its errors would flash "choose one way to pay" under the debtor's finger).
  const result = !dirty ? data.preview : preview ? preview.previewChoice(data.ctx, watched) : null;
  const errors = showPreview && result && !result.ok ? result.errors : [];
  const currency = data.account.currency;
  const money = (cents: number) => formatMoney(cents, currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const render = (e: ChoiceError) => errorText(t, lang, currency, e);
  const err = (field: string) => fieldError(errors, field, render);
  const base = `/accounts/${data.account.id}`;
  const { options } = data;
  const items: SummaryItem[] = summary.map((e) => ({
    href: fieldId(e.field, options, watched.frequency) ?? undefined,
    text: render(e),
  }));

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const element = event.currentTarget;
    event.preventDefault();
    // The same checks as the loader's; without the engine (not loaded), the server decides.
    const checked = preview?.previewChoice(data.ctx, form.getValues());
    if (checked && !checked.ok) {
      setSummary(checked.errors);
      setAttempt((n) => n + 1);
      return;
    }
    submit(submitter ?? element, { preventScrollReset: submitter?.value !== "review" });
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
      <ErrorSummary items={items} attempt={attempt} />
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

      <PreviewSection
        result={result}
        shown={showPreview && watched.kind !== ""}
        target={summary.length === 0}
        currency={currency}
        money={money}
        date={date}
        problem={errors[0] ? render(errors[0]) : null}
      />

      <p className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        <Link to={`${base}/hardship`}>{t("plans.link.hardship")}</Link>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </p>
    </div>
  );
}
