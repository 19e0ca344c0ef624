// Choose how to pay: pay in full, the settlement (when offered) or a plan. The form is a
// GET: without JavaScript, "Show my schedule" reloads the page with the server-rendered
// preview; with JavaScript, react-hook-form and the same schema update the preview live.
// The preview's code (schedule engine, policy, schema: app/lib/plan-preview.ts) is loaded
// by the browser when the debtor first touches the form, to keep the page's first load
// within the JavaScript budget; until then the server's preview is shown.
// Nothing is stored here: the review step (pay/review) asks for the authorization.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useForm, type Resolver } from "react-hook-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import {
  ComparisonCards,
  ErrorText,
  Notice,
  Radio,
  ScheduleTable,
  errorText,
  fieldError,
} from "~/components/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceKind } from "~/lib/forms/plan";
import type { ChoiceError } from "~/lib/plan-builder";
import type { ChoiceFormValues } from "~/lib/plan-preview";
import { getPlanBuilder } from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.pay");

type FormValues = ChoiceFormValues;

type PreviewEngine = typeof import("~/lib/plan-preview");
let engine: Promise<PreviewEngine> | undefined;
/** The preview's code, imported once; a failed load (network) is tried again next time. */
function loadEngine(): Promise<PreviewEngine> {
  engine ??= import("~/lib/plan-preview").catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}

/** The form's schema, through the lazily loaded engine (react-hook-form awaits resolvers). */
const choiceResolver: Resolver<FormValues> = async (values, context, options) =>
  (await loadEngine()).choiceResolver(values, context, options);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const builder = await getPlanBuilder(session.debtorId, params.accountId ?? "");
  if (!builder) throw notFound();
  if (builder.livePlanId) throw redirect(`/accounts/${builder.account.id}/plan`);
  const { defaultChoice, previewChoice } = await loadEngine();
  const query = new URL(request.url).searchParams;
  const fallback = defaultChoice(builder.ctx);
  const values: FormValues = {
    kind: (["full", "settlement", "installments"].includes(query.get("kind") ?? "")
      ? query.get("kind")
      : fallback.kind) as ChoiceKind,
    frequency:
      query.get("frequency") ?? (fallback.kind === "installments" ? fallback.frequency : ""),
    count: query.get("count") ?? (fallback.kind === "installments" ? String(fallback.count) : ""),
    startDate: query.get("startDate") ?? builder.ctx.today,
  };
  return {
    account: builder.account,
    creditorName: builder.creditor.displayName,
    ctx: builder.ctx,
    options: builder.options,
    comparison: builder.comparison,
    onHold: builder.onHold,
    canAuthorize: builder.canAuthorize,
    values,
    submitted: query.has("kind"),
    /** The preview of `values`, for the first render (and the only one without JavaScript). */
    preview: previewChoice(builder.ctx, values),
  };
}

export default function PayPage() {
  const data = useLoaderData<typeof loader>();
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
  const counts = options.plans.flatMap((p) => [p.minCount, p.maxCount]);
  const [minCount, maxCount] = counts.length ? [Math.min(...counts), Math.max(...counts)] : [1, 1];

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

      <Form
        method="get"
        className="card space-y-6"
        noValidate
        onSubmit={onSubmit}
        onFocus={warm}
        aria-labelledby="choose-title"
      >
        <h2 id="choose-title" className="text-lg font-bold">
          {t("plans.form.legend")}
        </h2>
        <fieldset className="space-y-3">
          <legend className="sr-only">{t("plans.form.legend")}</legend>
          {err("kind") ? <ErrorText id="kind-error">{err("kind")}</ErrorText> : null}
          {options.payInFull ? (
            <Radio
              name="kind"
              value="full"
              defaultChecked={data.values.kind === "full"}
              label={t("plans.kind.full", { amount: money(data.ctx.balanceCents) })}
              inputProps={form.register("kind")}
              describedBy={err("kind") ? "kind-error" : undefined}
            />
          ) : null}
          {options.settlement ? (
            <Radio
              name="kind"
              value="settlement"
              defaultChecked={data.values.kind === "settlement"}
              label={t("plans.kind.settlement", {
                amount: money(options.settlement.amountCents),
                savings: money(options.settlement.savingsCents),
                date: date(options.settlement.expiresOn),
              })}
              inputProps={form.register("kind")}
              describedBy={err("kind") ? "kind-error" : undefined}
            />
          ) : null}
          {options.plans.length > 0 ? (
            <Radio
              name="kind"
              value="installments"
              defaultChecked={data.values.kind === "installments"}
              label={t("plans.kind.installments")}
              inputProps={form.register("kind")}
              describedBy={err("kind") ? "kind-error" : undefined}
            />
          ) : null}
        </fieldset>

        {options.plans.length > 0 ? (
          <fieldset
            className="space-y-5 rounded-md border border-slate-400 p-4"
            aria-describedby="details-hint"
          >
            <legend className="px-1 font-bold">{t("plans.form.details")}</legend>
            <p id="details-hint" className="text-sm text-slate-700">
              {t("plans.form.detailsHint")}
            </p>
            <fieldset
              className="space-y-2"
              aria-describedby={err("frequency") ? "frequency-error" : undefined}
            >
              <legend className="font-semibold">{t("plans.frequency.legend")}</legend>
              {err("frequency") ? (
                <ErrorText id="frequency-error">{err("frequency")}</ErrorText>
              ) : null}
              {options.plans.map((p) => (
                <Radio
                  key={p.frequency}
                  name="frequency"
                  value={p.frequency}
                  defaultChecked={data.values.frequency === p.frequency}
                  label={t(`plans.frequency.${p.frequency}`)}
                  hint={t("plans.frequency.range", { min: p.minCount, max: p.maxCount })}
                  inputProps={form.register("frequency")}
                />
              ))}
            </fieldset>
            <div className="space-y-1">
              <label htmlFor="count" className="block font-semibold">
                {t("plans.count.label")}
              </label>
              <p id="count-hint" className="text-sm text-slate-700">
                {t("plans.count.hint", { min: money(options.minPaymentCents ?? 0) })}
              </p>
              {err("count") ? <ErrorText id="count-error">{err("count")}</ErrorText> : null}
              <input
                id="count"
                type="number"
                inputMode="numeric"
                min={minCount}
                max={maxCount}
                className="input max-w-40"
                defaultValue={data.values.count}
                aria-invalid={err("count") ? true : undefined}
                aria-describedby={["count-hint", err("count") ? "count-error" : ""]
                  .filter(Boolean)
                  .join(" ")}
                {...form.register("count")}
              />
            </div>
            <div className="space-y-1">
              <label htmlFor="startDate" className="block font-semibold">
                {t("plans.startDate.label")}
              </label>
              <p id="startDate-hint" className="text-sm text-slate-700">
                {t("plans.startDate.hint", {
                  earliest: date(data.ctx.today),
                  latest: date(options.latestStartDate),
                })}
              </p>
              {err("startDate") ? (
                <ErrorText id="startDate-error">{err("startDate")}</ErrorText>
              ) : null}
              <input
                id="startDate"
                type="date"
                min={data.ctx.today}
                max={options.latestStartDate}
                className="input max-w-60"
                defaultValue={data.values.startDate}
                aria-invalid={err("startDate") ? true : undefined}
                aria-describedby={["startDate-hint", err("startDate") ? "startDate-error" : ""]
                  .filter(Boolean)
                  .join(" ")}
                {...form.register("startDate")}
              />
            </div>
          </fieldset>
        ) : null}

        <div className="flex flex-col gap-3 sm:flex-row">
          <button type="submit" className="btn-secondary">
            {t("plans.preview.submit")}
          </button>
          {data.canAuthorize ? (
            <button type="submit" formAction={`${base}/pay/review`} className="btn-primary">
              {t("plans.preview.continue")}
            </button>
          ) : null}
        </div>
      </Form>

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

export const ErrorBoundary = GeneralErrorBoundary;
