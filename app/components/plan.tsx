// UI pieces shared by the plan builder, review, plan and hardship pages. Every text comes
// through `t`; amounts and dates are formatted in the page's language.
import type { ReactNode } from "react";
import type { Lang } from "~/lib/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { renderVars, type ChoiceError } from "~/lib/plan-errors";
import type { OptionRow } from "~/lib/plan-options";

export type T = (key: string, vars?: Record<string, string | number>) => string;

/** The words of an error, with its amounts and dates formatted. */
export function errorText(t: T, lang: Lang, currency: string, error: ChoiceError): string {
  const vars = renderVars(
    { "plans.or": t("plans.or"), ...frequencyWords(t) },
    lang,
    currency,
    error.vars,
  );
  return t(error.key, vars);
}

function frequencyWords(t: T): Record<string, string> {
  return {
    "plans.frequency.weekly": t("plans.frequency.weekly"),
    "plans.frequency.biweekly": t("plans.frequency.biweekly"),
    "plans.frequency.monthly": t("plans.frequency.monthly"),
  };
}

/** Errors for one field, or undefined (first error only: one clear sentence). */
export function fieldError(
  errors: ChoiceError[],
  field: string,
  render: (e: ChoiceError) => string,
): string | undefined {
  const found = errors.find((e) => e.field === field);
  return found ? render(found) : undefined;
}

export function ErrorText({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="text-sm font-semibold text-red-800">
      <span aria-hidden="true">⚠ </span>
      {children}
    </p>
  );
}

export function Notice({
  children,
  tone = "info",
  testId,
}: {
  children: ReactNode;
  tone?: "info" | "success" | "error";
  testId?: string;
}) {
  const styles = {
    info: "border-blue-800 bg-blue-50",
    success: "border-green-800 bg-green-50",
    error: "border-red-800 bg-red-50",
  }[tone];
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={`rounded-md border-2 p-4 ${styles}`}
      data-testid={testId}
    >
      {children}
    </div>
  );
}

type ScheduleRow = {
  seq: number;
  dueDate: string;
  amountCents: number;
  status?: string;
  originalDueDate?: string;
  originalAmountCents?: number;
};

/** The dates and amounts, as a table that stays readable at 320 px (three short columns). */
export function ScheduleTable({
  rows,
  currency,
  t,
  lang,
  totalCents,
  testId = "schedule",
}: {
  rows: ScheduleRow[];
  currency: string;
  t: T;
  lang: Lang;
  totalCents?: number;
  testId?: string;
}) {
  const money = (cents: number) => formatMoney(cents, currency, lang);
  const withStatus = rows.some((r) => r.status);
  return (
    <table className="w-full border-collapse text-left text-sm sm:text-base" data-testid={testId}>
      <caption className="sr-only">{t("plans.schedule.caption")}</caption>
      <thead>
        <tr className="border-b-2 border-slate-800 text-sm">
          <th scope="col" className="py-2 pr-1.5 sm:pr-2">
            {t("plans.schedule.number")}
          </th>
          <th scope="col" className="py-2 pr-1.5 sm:pr-2">
            {t("plans.schedule.date")}
          </th>
          <th scope="col" className="py-2 pr-1.5 sm:pr-2 text-right">
            {t("plans.schedule.amount")}
          </th>
          {withStatus ? (
            <th scope="col" className="hidden py-2 pl-1.5 sm:table-cell sm:pl-2">
              {t("plans.schedule.status")}
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.seq} className="border-b border-slate-300 align-top">
            <td className="py-2 pr-1.5 sm:pr-2">{r.seq}</td>
            <td className="py-2 pr-1.5 sm:pr-2">
              {formatDate(r.dueDate, lang)}
              {/* On a phone the status goes under the date: four columns of long dates don't fit 320 px. */}
              {r.status ? (
                <span className="block text-sm text-slate-700 sm:hidden">
                  {t(`plans.installment.${r.status}`)}
                </span>
              ) : null}
              {r.originalDueDate && r.originalDueDate !== r.dueDate ? (
                <span className="block text-sm text-slate-700">
                  {t("plans.installment.movedFrom", {
                    date: formatDate(r.originalDueDate, lang),
                  })}
                </span>
              ) : null}
            </td>
            <td className="py-2 pr-1.5 sm:pr-2 text-right whitespace-nowrap">
              {money(r.amountCents)}
              {r.originalAmountCents && r.originalAmountCents !== r.amountCents ? (
                <span className="block text-sm text-slate-700">
                  {t("plans.installment.was", { amount: money(r.originalAmountCents) })}
                </span>
              ) : null}
            </td>
            {withStatus ? (
              <td className="hidden py-2 pl-1.5 sm:table-cell sm:pl-2">
                {r.status ? t(`plans.installment.${r.status}`) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
      {totalCents !== undefined ? (
        <tfoot>
          <tr>
            <th scope="row" colSpan={2} className="py-2 pr-1.5 sm:pr-2 font-bold">
              {t("plans.schedule.total")}
            </th>
            <td className="py-2 pr-1.5 sm:pr-2 text-right font-bold whitespace-nowrap">
              {money(totalCents)}
            </td>
            {withStatus ? <td className="hidden sm:table-cell" /> : null}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}

/** Pay in full, settlement and the plans, side by side on wide screens, stacked on phones. */
export function ComparisonCards({
  rows,
  currency,
  t,
  lang,
  percentOff,
}: {
  rows: OptionRow[];
  currency: string;
  t: T;
  lang: Lang;
  percentOff: number | null;
}) {
  const money = (cents: number) => formatMoney(cents, currency, lang);
  const title = (row: OptionRow) =>
    row.kind === "full"
      ? t("plans.compare.full")
      : row.kind === "settlement"
        ? t("plans.compare.settlement", { percent: percentOff ?? 0 })
        : t("plans.compare.plan", {
            frequency: t(`plans.frequency.${row.frequency}`),
            count: row.paymentCount,
          });
  return (
    <section aria-labelledby="compare-title" className="space-y-3">
      <h2 id="compare-title" className="text-lg font-bold">
        {t("plans.compare.title")}
      </h2>
      <ul
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3"
        data-testid="comparison"
        aria-label={t("plans.compare.caption")}
      >
        {rows.map((row) => (
          <li key={`${row.kind}-${row.frequency ?? ""}`} className="card">
            <h3 className="font-bold">{title(row)}</h3>
            <dl className="mt-2 grid grid-cols-2 gap-x-3 gap-y-1 text-sm">
              <dt>{t("plans.compare.payments")}</dt>
              <dd className="text-right font-semibold">{row.paymentCount}</dd>
              <dt>{t("plans.compare.each")}</dt>
              <dd className="text-right font-semibold">
                {row.downPaymentCents > 0
                  ? t("plans.compare.downPayment", {
                      amount: money(row.downPaymentCents),
                      each: money(row.paymentCents),
                    })
                  : money(row.paymentCents)}
              </dd>
              <dt>{t("plans.compare.total")}</dt>
              <dd className="text-right font-semibold">{money(row.totalCents)}</dd>
              <dt>{t("plans.compare.last")}</dt>
              <dd className="text-right font-semibold">{formatDate(row.endDate, lang)}</dd>
              <dt>{t("plans.compare.savings")}</dt>
              <dd className="text-right font-semibold">
                {row.savingsCents > 0 ? money(row.savingsCents) : t("plans.compare.noSavings")}
              </dd>
            </dl>
          </li>
        ))}
      </ul>
      <p className="text-sm text-slate-700">{t("plans.compare.note")}</p>
    </section>
  );
}

/** A radio with a visible label and an optional hint, ≥24 px target. */
export function Radio({
  name,
  value,
  label,
  hint,
  checked,
  defaultChecked,
  inputProps,
  describedBy,
}: {
  name: string;
  value: string;
  label: ReactNode;
  hint?: string;
  checked?: boolean;
  defaultChecked?: boolean;
  describedBy?: string;
  inputProps?: Record<string, unknown>;
}) {
  const id = `${name}-${value}`;
  return (
    <div className="flex items-start gap-3">
      <input
        id={id}
        type="radio"
        name={name}
        value={value}
        className="mt-1 h-6 w-6 shrink-0 accent-blue-800"
        checked={checked}
        defaultChecked={defaultChecked}
        aria-describedby={
          [hint ? `${id}-hint` : "", describedBy ?? ""].filter(Boolean).join(" ") || undefined
        }
        {...inputProps}
      />
      <div>
        <label htmlFor={id} className="inline-block min-h-6 font-semibold">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-sm text-slate-700">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
