// The forms and records of the debtor's plan page (app/routes/accounts.$accountId.plan.tsx)
// beside its status: the stored authorization, moving one payment, previewing an extra
// payment, cancelling; and the page when there is no live plan. Plain forms; the route's
// loader and action do the work.
import { Form, Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { ErrorText, Notice, errorText, fieldError } from "~/components/plan";
import { formatDate, LOCALES } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";
import type { previewExtraPayment } from "~/models/plans.server";

/** The extra-payment preview the loader makes from `?amount=` (a GET: nothing changes). */
export type ExtraPreview = {
  amount: string;
  errors: ChoiceError[];
  result: ReturnType<typeof previewExtraPayment> | null;
};
type Remaining = { seq: number; amountCents: number; dueDate: string }[];

function useFormat(currency: string) {
  const { t, lang } = useI18n();
  return {
    t,
    lang,
    money: (cents: number) => formatMoney(cents, currency, lang),
    date: (iso: string) => formatDate(iso, lang),
    render: (e: ChoiceError) => errorText(t, lang, currency, e),
  };
}

export function NoLivePlan({
  plan,
  done,
  base,
}: {
  plan: { status: string; cancelledAt: string | null } | null;
  done: string | null;
  base: string;
}) {
  const { t, lang } = useI18n();
  const date = (iso: string) => formatDate(iso, lang);
  return (
    <div className="space-y-6">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("plans.plan.title")}
      </h1>
      {done ? (
        <Notice tone="success" testId="done">
          {done}
        </Notice>
      ) : null}
      {plan?.status === "completed" ? (
        <Notice tone="success" testId="plan-completed">
          {t("plans.plan.completed")}
        </Notice>
      ) : (
        <p>{t("plans.plan.none")}</p>
      )}
      {plan?.cancelledAt ? (
        <p>{t("plans.plan.lastCancelled", { date: date(plan.cancelledAt.slice(0, 10)) })}</p>
      ) : null}
      <p className="flex flex-col gap-3 sm:flex-row">
        {plan?.status === "completed" ? null : (
          <Link to={`${base}/pay`} className="btn-primary">
            {t("plans.link.pay")}
          </Link>
        )}
        <Link to={base} className="btn-secondary">
          {t("plans.back.statement")}
        </Link>
      </p>
    </div>
  );
}

/** Paying from the plan page: the next payment, paying off, a new card or finishing set-up (each through Checkout). */
export function PlanPayButtons(props: {
  status: string;
  canPay: boolean;
  next: { amountCents: number } | null;
  remainingCount: number;
  remainingCents: number;
  base: string;
  currency: string;
}) {
  const { status, canPay, next, remainingCount, remainingCents, base } = props;
  const { t, money } = useFormat(props.currency);
  return (
    <>
      {status === "active" ||
      (canPay && (status === "pending_payment_method" || status === "broken")) ? (
        <Form method="post" action={`${base}/checkout`} className="no-print">
          {status === "active" ? <input type="hidden" name="purpose" value="update_card" /> : null}
          <button type="submit" className={status === "active" ? "btn-secondary" : "btn-primary"}>
            {t(status === "active" ? "checkout.updateCard" : "checkout.continue")}
          </button>
        </Form>
      ) : null}
      {canPay && (status === "active" || status === "broken") && next ? (
        <Form method="post" action={`${base}/checkout`} className="no-print">
          <input type="hidden" name="purpose" value="installment" />
          <button type="submit" className="btn-primary">
            {t("checkout.payNext", { amount: money(next.amountCents) })}
          </button>
        </Form>
      ) : null}
      {canPay &&
      (status === "active" || status === "broken" || status === "paused") &&
      remainingCount > 1 ? (
        <Form method="post" action={`${base}/checkout`} className="no-print space-y-2">
          <input type="hidden" name="purpose" value="payoff" />
          <p id="payoff-hint" className="text-sm text-slate-700">
            {t("checkout.payOffHint")}
          </p>
          <button
            type="submit"
            className="btn-secondary"
            aria-describedby="payoff-hint"
            data-testid="pay-off"
          >
            {t("checkout.payOff", { amount: money(remainingCents) })}
          </button>
        </Form>
      ) : null}
    </>
  );
}

export function AuthorizationRecord({
  plan,
  base,
}: {
  plan: { authorizedAt: string; authorizationVersion: string; authorizationText: string };
  base: string;
}) {
  const { t, lang } = useI18n();
  const date = (iso: string) => formatDate(iso, lang);
  const authorizedAt = new Date(plan.authorizedAt);
  const time = new Intl.DateTimeFormat(LOCALES[lang], {
    hour: "numeric",
    minute: "2-digit",
    timeZone: "UTC",
    timeZoneName: "short",
  }).format(authorizedAt);
  return (
    <section aria-labelledby="auth-title" className="card space-y-3">
      <h2 id="auth-title" className="text-lg font-bold">
        {t("plans.plan.authTitle")}
      </h2>
      <p data-testid="authorization-record">
        {t("plans.plan.authAccepted", {
          date: date(plan.authorizedAt.slice(0, 10)),
          time,
          version: plan.authorizationVersion,
        })}
      </p>
      <p
        className="rounded-md border border-slate-400 bg-slate-50 p-4"
        data-testid="authorization-text"
      >
        {plan.authorizationText}
      </p>
      <Link to={`${base}/plan/authorization`}>{t("plans.plan.authPrint")}</Link>
    </section>
  );
}

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
