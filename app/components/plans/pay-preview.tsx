// The pay page's preview of the schedule (./pay-page.tsx). One short line is the live
// region ("6 payments of $50.00 ($300.00 in total), the last on May 12, 2027."), updated
// once the values have settled, not on each keystroke; the table is outside it, so a
// screen reader hears the line, not the whole schedule, and reads the table when it wants.
// The section is the target of the form's #schedule anchor (without JavaScript, "Show my
// schedule" lands here), except when the error summary is shown: then nothing is the
// target, and the browser gives the focus to the summary at the top (it skips autofocus on
// a page whose address points at an element).
import { useEffect, useState } from "react";
import { useI18n } from "~/components/i18n";
import { ScheduleTable, type T } from "~/components/plan";
import type { ChoiceResult } from "~/lib/plan-builder";

/** How long the values must stay the same before the live line says them. */
export const LIVE_SETTLE_MS = 700;

export function PreviewSection({
  result,
  shown,
  currency,
  money,
  date,
  problem,
  target,
}: {
  /** The preview of the values as they are, or null while its code is still loading. */
  result: ChoiceResult | null;
  /** Whether the debtor has chosen something yet (else the section asks them to). */
  shown: boolean;
  currency: string;
  money: (cents: number) => string;
  date: (iso: string) => string;
  /** The first problem, in words, when the choice does not fit. */
  problem: string | null;
  /** Whether the section is #schedule (not while the error summary should have the focus). */
  target: boolean;
}) {
  const { t, lang } = useI18n();
  const line = !shown
    ? t("plans.preview.choose")
    : !result
      ? t("plans.preview.working")
      : result.ok
        ? summaryLine(t, result.plan, money, date)
        : t("plans.preview.notYet", { problem: problem ?? "" });
  const live = useSettled(line, LIVE_SETTLE_MS);
  return (
    <section
      id={target ? "schedule" : undefined}
      aria-labelledby="preview-title"
      className="card space-y-3"
      data-testid="preview"
    >
      <h2 id="preview-title" className="text-lg font-bold">
        {t("plans.preview.title")}
      </h2>
      <p role="status" className="font-semibold" data-testid="preview-summary">
        {live}
      </p>
      {!shown || !result ? null : result.ok ? (
        <>
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
        <p data-testid="preview-errors">{t("plans.preview.fix")}</p>
      )}
    </section>
  );
}

type Plan = Extract<ChoiceResult, { ok: true }>["plan"];

/** The plan in one short sentence: how many payments, of how much, the last one's date. */
export function summaryLine(
  t: T,
  plan: Plan,
  money: (cents: number) => string,
  date: (iso: string) => string,
): string {
  if (plan.count === 1)
    return t("plans.preview.lineSingle", {
      total: money(plan.totalCents),
      date: date(plan.startDate),
    });
  const amounts = new Set(plan.installments.map((i) => i.amountCents));
  const vars = { count: plan.count, total: money(plan.totalCents), end: date(plan.endDate) };
  return amounts.size === 1
    ? t("plans.preview.line", { ...vars, amount: money(plan.installments[0].amountCents) })
    : t("plans.preview.lineUneven", vars);
}

/** `value` once it has stayed the same for `ms` (the first value at once). */
function useSettled<V>(value: V, ms: number): V {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
