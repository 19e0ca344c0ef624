// The forms of the debtor's plan page: move one payment, preview an extra payment (a GET),
// cancel the plan. Plain forms; the route's loader and action do the work.
import { Form } from "@remix-run/react";
import { ErrorText, fieldError } from "~/components/plan";
import { useFormat, type ExtraPreview, type Remaining } from "~/components/plan-changes";
import type { ChoiceError } from "~/lib/plan-builder";

export function MovePaymentForm(props: {
  remaining: Remaining;
  latestEndDate: string | null;
  today: string;
  currency: string;
  errors: ChoiceError[];
}) {
  const { remaining, latestEndDate, today, errors: moveErrors } = props;
  const { t, money, date, render } = useFormat(props.currency);
  return (
    <>
      {remaining.length > 0 && latestEndDate ? (
        <section aria-labelledby="move-title" className="card space-y-3">
          <h2 id="move-title" className="text-lg font-bold">
            {t("plans.move.title")}
          </h2>
          <p>{t("plans.move.intro", { date: date(latestEndDate) })}</p>
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="move" />
            <div className="space-y-1">
              <label htmlFor="seq" className="block font-semibold">
                {t("plans.move.seq")}
              </label>
              {fieldError(moveErrors, "seq", render) ? (
                <ErrorText id="seq-error">{fieldError(moveErrors, "seq", render)}</ErrorText>
              ) : null}
              <select
                id="seq"
                name="seq"
                className="input"
                aria-invalid={fieldError(moveErrors, "seq", render) ? true : undefined}
                aria-describedby={fieldError(moveErrors, "seq", render) ? "seq-error" : undefined}
              >
                {remaining.map((i) => (
                  <option key={i.seq} value={i.seq}>
                    {t("plans.move.option", {
                      number: i.seq,
                      amount: money(i.amountCents),
                      date: date(i.dueDate),
                    })}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="newDate" className="block font-semibold">
                {t("plans.move.date")}
              </label>
              {fieldError(moveErrors, "newDate", render) ? (
                <ErrorText id="newDate-error">
                  {fieldError(moveErrors, "newDate", render)}
                </ErrorText>
              ) : null}
              <input
                id="newDate"
                name="newDate"
                type="date"
                min={today}
                max={latestEndDate}
                className="input max-w-60"
                aria-invalid={fieldError(moveErrors, "newDate", render) ? true : undefined}
                aria-describedby={
                  fieldError(moveErrors, "newDate", render) ? "newDate-error" : undefined
                }
              />
            </div>
            <button type="submit" className="btn-secondary">
              {t("plans.move.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

export function ExtraPaymentPreview(props: {
  remaining: Remaining;
  remainingCents: number;
  currency: string;
  extra: ExtraPreview | null;
}) {
  const { remaining, remainingCents, extra } = props;
  const { t, money, date, render } = useFormat(props.currency);
  return (
    <>
      {remaining.length > 0 ? (
        <section aria-labelledby="extra-title" className="card space-y-3">
          <h2 id="extra-title" className="text-lg font-bold">
            {t("plans.extra.title")}
          </h2>
          <p>{t("plans.extra.intro")}</p>
          <Form method="get" className="space-y-4" noValidate>
            <div className="space-y-1">
              <label htmlFor="amount" className="block font-semibold">
                {t("plans.extra.amount")}
              </label>
              <p id="amount-hint" className="text-sm text-slate-700">
                {t("plans.extra.hint", { amount: money(remainingCents) })}
              </p>
              {extra && extra.errors.length ? (
                <ErrorText id="amount-error">{render(extra.errors[0])}</ErrorText>
              ) : null}
              <input
                id="amount"
                name="amount"
                type="text"
                inputMode="decimal"
                defaultValue={extra?.amount ?? ""}
                className="input max-w-60"
                aria-invalid={extra?.errors.length ? true : undefined}
                aria-describedby={["amount-hint", extra?.errors.length ? "amount-error" : ""]
                  .filter(Boolean)
                  .join(" ")}
              />
            </div>
            <button type="submit" className="btn-secondary">
              {t("plans.extra.submit")}
            </button>
          </Form>
          {extra?.result && extra.result.ok ? (
            <div role="status" className="space-y-2" data-testid="extra-preview">
              <ul className="list-disc pl-6">
                {extra.result.changes.map((c) => (
                  <li key={c.seq}>
                    {c.kind === "paid"
                      ? t("plans.extra.paid", { number: c.seq, amount: money(c.amountCents) })
                      : c.kind === "reduced"
                        ? t("plans.extra.reduced", {
                            number: c.seq,
                            from: money(c.fromCents),
                            to: money(c.toCents),
                          })
                        : null}
                  </li>
                ))}
              </ul>
              <p className="font-semibold">
                {extra.result.endDate
                  ? t("plans.extra.after", {
                      amount: money(extra.result.remainingCents),
                      date: date(extra.result.endDate),
                    })
                  : t("plans.extra.paidOff")}
              </p>
              <p>{t("plans.extra.next")}</p>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export function CancelPlanForm({
  currency,
  errors: cancelErrors,
}: {
  currency: string;
  errors: ChoiceError[];
}) {
  const { t, render } = useFormat(currency);
  return (
    <section aria-labelledby="cancel-title" className="card space-y-3">
      <h2 id="cancel-title" className="text-lg font-bold">
        {t("plans.cancel.title")}
      </h2>
      <p>{t("plans.cancel.intro")}</p>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="cancel" />
        {cancelErrors.length ? (
          <ErrorText id="confirm-error">{render(cancelErrors[0])}</ErrorText>
        ) : null}
        <div className="flex items-start gap-3">
          <input
            id="confirm"
            name="confirm"
            type="checkbox"
            className="mt-1 h-6 w-6 shrink-0 accent-blue-800"
            aria-invalid={cancelErrors.length ? true : undefined}
            aria-describedby={cancelErrors.length ? "confirm-error" : undefined}
          />
          <label htmlFor="confirm" className="font-semibold">
            {t("plans.cancel.confirm")}
          </label>
        </div>
        <button type="submit" className="btn-secondary">
          {t("plans.cancel.submit")}
        </button>
      </Form>
    </section>
  );
}
