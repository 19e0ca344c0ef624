// The forms of the debtor's plan page: move one payment, preview an extra payment (a GET),
// cancel the plan. Plain forms; the route's loader and action do the work. A move that is
// refused shows the GOV.UK error summary at the top of its section (focused; a link to
// each field), and the dates a payment can move to come from the rule the server checks
// (moveWindows, app/lib/reschedule.ts): in each choice, the hint and the input's limits.
import { Form } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary } from "~/components/error-summary";
import { ErrorText, fieldError } from "~/components/plan";
import { useFormat, type Remaining } from "~/components/plan-changes";
import type { ChoiceError } from "~/lib/plan-builder";
import { moveWindows } from "~/lib/reschedule";

const MOVE_FIELDS: Record<string, `#${string}`> = { seq: "#seq", newDate: "#newDate" };

export function MovePaymentForm(props: {
  remaining: Remaining;
  latestEndDate: string | null;
  today: string;
  currency: string;
  errors: ChoiceError[];
}) {
  const { remaining, latestEndDate, today, errors: moveErrors } = props;
  const { t, money, date, render } = useFormat(props.currency);
  const windows = latestEndDate ? moveWindows(remaining, { today, latestEndDate }) : [];
  const [seq, setSeq] = useState<number | undefined>(undefined);
  const chosen = windows.find((w) => w.seq === seq) ?? windows[0];
  const seqError = fieldError(moveErrors, "seq", render);
  const dateError = fieldError(moveErrors, "newDate", render);
  if (!latestEndDate || !chosen) return null;
  const byseq = new Map(remaining.map((i) => [i.seq, i]));
  return (
    <section aria-labelledby="move-title" className="card space-y-3">
      <ErrorSummary
        id="move-error-summary"
        items={moveErrors.map((e) => ({ href: MOVE_FIELDS[e.field], text: render(e) }))}
      />
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
          {seqError ? <ErrorText id="seq-error">{seqError}</ErrorText> : null}
          <select
            id="seq"
            name="seq"
            className="input w-full max-w-full"
            value={chosen.seq}
            onChange={(e) => setSeq(Number(e.target.value))}
            aria-invalid={seqError ? true : undefined}
            aria-describedby={seqError ? "seq-error" : undefined}
          >
            {windows.map((w) => {
              const item = byseq.get(w.seq);
              return item ? (
                <option key={w.seq} value={w.seq}>
                  {t("plans.move.optionWindow", {
                    number: w.seq,
                    amount: money(item.amountCents),
                    date: date(item.dueDate),
                    earliest: date(w.earliestDate),
                    latest: date(w.latestDate),
                  })}
                </option>
              ) : null;
            })}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="newDate" className="block font-semibold">
            {t("plans.move.date")}
          </label>
          <p id="newDate-hint" className="text-sm text-slate-700" data-testid="move-window">
            {t("plans.move.window", {
              number: chosen.seq,
              earliest: date(chosen.earliestDate),
              latest: date(chosen.latestDate),
            })}
          </p>
          {dateError ? <ErrorText id="newDate-error">{dateError}</ErrorText> : null}
          <input
            id="newDate"
            name="newDate"
            type="date"
            min={chosen.earliestDate}
            max={chosen.latestDate}
            className="input max-w-60"
            aria-invalid={dateError ? true : undefined}
            aria-describedby={["newDate-hint", dateError ? "newDate-error" : ""]
              .filter(Boolean)
              .join(" ")}
          />
        </div>
        <button type="submit" className="btn-secondary">
          {t("plans.move.submit")}
        </button>
      </Form>
    </section>
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
