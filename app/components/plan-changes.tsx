// The records of the debtor's plan page (app/routes/accounts.$accountId.plan.tsx) beside
// its status: the pay buttons, the stored authorization, and the page when there is no live
// plan; with the formatting the plan's forms share (./plans/plan-change-forms.tsx).
import { Form, Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Field } from "~/components/forms";
import { Notice, errorText } from "~/components/plan";
import { formatDate, formatInstant } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";

export type Remaining = { seq: number; amountCents: number; dueDate: string }[];

export function useFormat(currency: string) {
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
  timeZone,
}: {
  plan: { status: string; cancelledAt: string | null } | null;
  done: string | null;
  base: string;
  /** The creditor's: the day the plan was cancelled is theirs, not UTC's. */
  timeZone: string;
}) {
  const { t, lang } = useI18n();
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
        <p>
          {t("plans.plan.lastCancelled", {
            date: formatInstant(plan.cancelledAt, lang, timeZone).date,
          })}
        </p>
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

/**
 * Paying from the plan page: finishing set-up or a new card (through Checkout), and the
 * payments made now (the next one, or catching up; paying off the rest), each on the one
 * confirm page before Stripe's (pay-now).
 */
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
      {status === "active" || (canPay && status === "pending_payment_method") ? (
        <Form method="post" action={`${base}/checkout`} className="no-print">
          {status === "active" ? <input type="hidden" name="purpose" value="update_card" /> : null}
          <button type="submit" className={status === "active" ? "btn-secondary" : "btn-primary"}>
            {t(status === "active" ? "checkout.updateCard" : "checkout.continue")}
          </button>
        </Form>
      ) : null}
      {canPay && (status === "active" || status === "broken") && next ? (
        <p className="no-print">
          <Link to={`${base}/pay-now?kind=next`} className="btn-primary" data-testid="pay-next">
            {status === "broken"
              ? t("payNow.link.catchUp")
              : t("checkout.payNext", { amount: money(next.amountCents) })}
          </Link>
        </p>
      ) : null}
      {canPay &&
      (status === "active" || status === "broken" || status === "paused") &&
      remainingCount > 1 ? (
        <div className="no-print space-y-2">
          <p id="payoff-hint" className="text-sm text-slate-700">
            {t("checkout.payOffHint")}
          </p>
          <Link
            to={`${base}/pay-now?kind=payoff`}
            className="btn-secondary"
            aria-describedby="payoff-hint"
            data-testid="pay-off"
          >
            {t("checkout.payOff", { amount: money(remainingCents) })}
          </Link>
        </div>
      ) : null}
    </>
  );
}

/** Paying an extra amount: the amount goes to the confirm page (a GET: nothing changes yet). */
export function PayExtraForm(props: {
  status: string;
  remainingCount: number;
  remainingCents: number;
  base: string;
  currency: string;
}) {
  const { t, money } = useFormat(props.currency);
  if (props.status !== "active" || props.remainingCount === 0) return null;
  return (
    <section aria-labelledby="extra-title" className="card space-y-3 no-print">
      <h2 id="extra-title" className="text-lg font-bold">
        {t("plans.extra.title")}
      </h2>
      <p>{t("plans.extra.intro")}</p>
      <Form method="get" action={`${props.base}/pay-now`} className="space-y-4" noValidate>
        <input type="hidden" name="kind" value="extra" />
        <Field
          id="amount"
          label={t("plans.extra.amount")}
          hint={t("plans.extra.hint", { amount: money(props.remainingCents) })}
          inputProps={{
            name: "amount",
            type: "text",
            inputMode: "decimal",
            autoComplete: "off",
            className: "input max-w-60",
          }}
        />
        <button type="submit" className="btn-secondary">
          {t("plans.extra.submit")}
        </button>
      </Form>
    </section>
  );
}

export function AuthorizationRecord({
  plan,
  base,
  timeZone,
}: {
  plan: { authorizedAt: string; authorizationVersion: string; authorizationText: string };
  base: string;
  /** The creditor's: the moment of agreement is shown in their zone, named, never UTC. */
  timeZone: string;
}) {
  const { t, lang } = useI18n();
  const { date, time } = formatInstant(plan.authorizedAt, lang, timeZone);
  return (
    <section aria-labelledby="auth-title" className="card space-y-3">
      <h2 id="auth-title" className="text-lg font-bold">
        {t("plans.plan.authTitle")}
      </h2>
      <p data-testid="authorization-record">
        {t("plans.plan.authAccepted", {
          date,
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
