// The pay page's choice form: pay in full, the settlement or a plan, and the plan's
// frequency, number of payments and first date. Nothing is preselected: the debtor
// chooses. A GET form of the pay page itself: "Show my schedule" (step=show) reloads it
// at #schedule with the server's preview; "Continue" (step=review) goes on to the review
// step when the choice fits, else back here with the error summary.
import { Form } from "@remix-run/react";
import type { FormEvent } from "react";
import type { UseFormReturn } from "react-hook-form";
import { useI18n } from "~/components/i18n";
import { ErrorText, Radio } from "~/components/plan";
import type { ChoiceFormValues } from "~/lib/plan-preview";
import type { PayPageData } from "./pay-page";

/** The choice form's element id (the pay page reads it as typed before hydration). */
export const CHOICE_FORM_ID = "choice-form";

export function ChoiceForm({
  data,
  form,
  err,
  money,
  date,
  onSubmit,
  warm,
}: {
  data: PayPageData;
  form: UseFormReturn<ChoiceFormValues>;
  err: (field: string) => string | undefined;
  money: (cents: number) => string;
  date: (iso: string) => string;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  warm: () => void;
}) {
  const { t } = useI18n();
  const base = `/accounts/${data.account.id}`;
  const { options } = data;
  const counts = options.plans.flatMap((p) => [p.minCount, p.maxCount]);
  const [minCount, maxCount] = counts.length ? [Math.min(...counts), Math.max(...counts)] : [1, 1];
  return (
    <Form
      id={CHOICE_FORM_ID}
      method="get"
      action={`${base}/pay#schedule`}
      className="card space-y-6"
      noValidate
      onSubmit={onSubmit}
      onFocus={warm}
      aria-labelledby="choose-title"
    >
      <h2 id="choose-title" className="text-lg font-bold">
        {t("plans.form.legend")}
      </h2>
      <fieldset className="space-y-3" aria-describedby={err("kind") ? "kind-error" : undefined}>
        <legend className="sr-only">{t("plans.form.legend")}</legend>
        {err("kind") ? <ErrorText id="kind-error">{err("kind")}</ErrorText> : null}
        {options.payInFull ? (
          <Radio
            name="kind"
            value="full"
            defaultChecked={data.values.kind === "full"}
            label={t("plans.kind.full", { amount: money(data.ctx.balanceCents) })}
            inputProps={form.register("kind")}
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
          />
        ) : null}
        {options.plans.length > 0 ? (
          <Radio
            name="kind"
            value="installments"
            defaultChecked={data.values.kind === "installments"}
            label={t("plans.kind.installments")}
            inputProps={form.register("kind")}
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
        <button type="submit" name="step" value="show" className="btn-secondary">
          {t("plans.preview.submit")}
        </button>
        {data.canAuthorize ? (
          // Without the #schedule anchor: a fragment would ride along the redirects to the
          // review or confirm page.
          <button
            type="submit"
            name="step"
            value="review"
            formAction={`${base}/pay`}
            className="btn-primary"
          >
            {t("plans.preview.continue")}
          </button>
        ) : null}
      </div>
    </Form>
  );
}
