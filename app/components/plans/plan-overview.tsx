// The debtor's plan page (app/routes/accounts.$accountId.plan.tsx): status, next payment,
// schedule and the stored authorization, with the forms to move a payment and cancel
// (./plan-change-forms.tsx); paying the next payment, paying off or paying extra go to the
// one confirm page before Stripe's (pay-now); a page without a live plan says why.
import { Link, useSearchParams } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Notice, ScheduleTable } from "~/components/plan";
import {
  AuthorizationRecord,
  NoLivePlan,
  PayExtraForm,
  PlanPayButtons,
} from "~/components/plan-changes";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";
import type { getPlanPage } from "~/models/plans.server";
import { CancelPlanForm, MovePaymentForm } from "./plan-change-forms";

type Page = NonNullable<Awaited<ReturnType<typeof getPlanPage>>>;
type Plan = NonNullable<Page["plan"]>;

/** What the page's loader gives it. */
export type PlanPageData = {
  accountId: string;
  accountStatus: Page["account"]["status"];
  currency: string;
  creditor: Page["creditor"];
  today: string;
  latestEndDate: string | null;
  live: boolean;
  plan:
    | (Pick<
        Plan,
        | "id"
        | "kind"
        | "status"
        | "frequency"
        | "totalCents"
        | "pauseUntil"
        | "authorizationVersion"
        | "authorizationText"
      > & { cancelledAt: string | null; authorizedAt: string })
    | null;
  installments: Pick<
    Page["installments"][number],
    "seq" | "dueDate" | "amountCents" | "status" | "originalDueDate" | "originalAmountCents"
  >[];
  remaining: Page["remaining"];
  remainingCents: number;
  done: string | null;
  doneSeq: string | null;
  doneDate: string | null;
};

/** The action's answer: which form failed, and why. */
export type PlanActionData = { intent: string; errors: ChoiceError[] };

const CHECKOUT_NOTICES = [
  "on_hold",
  "no_plan",
  "nothing_due",
  "processing",
  "unavailable",
  "cancelled",
];

export function PlanOverview({
  d,
  actionData,
}: {
  d: PlanPageData;
  actionData: PlanActionData | undefined;
}) {
  const [searchParams] = useSearchParams();
  const checkoutNotice = CHECKOUT_NOTICES.find((n) => n === searchParams.get("checkout")) ?? null;
  const { t, lang } = useI18n();
  const money = (cents: number) => formatMoney(cents, d.currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const moveErrors = actionData?.intent === "move" ? actionData.errors : [];
  const cancelErrors = actionData?.intent === "cancel" ? actionData.errors : [];
  const base = `/accounts/${d.accountId}`;
  const next = d.remaining[0];
  // A bank payment being verified or processed: say so, and offer no second payment meanwhile.
  const bankPending = d.installments.some((i) => i.status === "processing");
  const canPay = !bankPending;

  const done =
    d.done === "authorized"
      ? t("plans.plan.authorized")
      : d.done === "cancelled"
        ? t("plans.cancel.done")
        : d.done === "moved" && d.doneSeq && d.doneDate && /^\d{4}-\d{2}-\d{2}$/.test(d.doneDate)
          ? t("plans.plan.moved", { number: d.doneSeq, date: date(d.doneDate) })
          : null;

  if (!d.plan || !d.live)
    return <NoLivePlan plan={d.plan} done={done} base={base} timeZone={d.creditor.timezone} />;

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
      {d.accountStatus === "on_hold" ? (
        <Notice>{t("plans.plan.onHold", { creditor: d.creditor.displayName })}</Notice>
      ) : null}

      <section aria-labelledby="status-title" className="card space-y-4">
        <h2 id="status-title" className="text-lg font-bold">
          {t(`plans.kindName.${d.plan.kind}`)}
        </h2>
        <dl className="grid gap-3 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-slate-700">{t("plans.plan.status")}</dt>
            <dd className="font-semibold" data-testid="plan-status">
              {t(`plans.status.${d.plan.status}`)}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.plan.next")}</dt>
            <dd className="font-semibold" data-testid="plan-next">
              {next
                ? t("plans.plan.nextValue", {
                    amount: money(next.amountCents),
                    date: date(next.dueDate),
                  })
                : "—"}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.plan.remaining")}</dt>
            <dd className="font-semibold" data-testid="plan-remaining">
              {money(d.remainingCents)}
            </dd>
          </div>
        </dl>
        {bankPending ? (
          <div
            role="status"
            className="rounded-md border-2 border-blue-800 bg-blue-50 p-3"
            data-testid="bank-pending"
          >
            <p className="font-semibold">{t("payment.pending.title")}</p>
            <p>{t("payment.pending.body")}</p>
          </div>
        ) : null}
        {d.plan.status === "pending_payment_method" && canPay ? (
          <p>{t("plans.plan.pendingMethod")}</p>
        ) : null}
        {checkoutNotice ? (
          <p role="alert" className="rounded-md border-2 border-amber-700 bg-amber-50 p-3">
            {t(`checkout.error.${checkoutNotice}`)}
          </p>
        ) : null}
        <PlanPayButtons
          status={d.plan.status}
          canPay={canPay}
          next={next ?? null}
          remainingCount={d.remaining.length}
          remainingCents={d.remainingCents}
          base={base}
          currency={d.currency}
        />
        {d.plan.pauseUntil ? (
          <p>{t("plans.plan.paused", { date: date(d.plan.pauseUntil) })}</p>
        ) : d.plan.status === "paused" ? (
          <p data-testid="plan-paused-choose">
            {t("plans.plan.pausedChoose", { phone: d.creditor.supportPhone })}
          </p>
        ) : null}
        <ScheduleTable
          rows={d.installments}
          currency={d.currency}
          t={t}
          lang={lang}
          totalCents={d.plan.totalCents}
          testId="plan-schedule"
        />
      </section>

      <AuthorizationRecord plan={d.plan} base={base} timeZone={d.creditor.timezone} />

      <MovePaymentForm
        remaining={d.remaining}
        latestEndDate={d.latestEndDate}
        today={d.today}
        currency={d.currency}
        errors={moveErrors}
      />

      <PayExtraForm
        status={d.plan.status}
        remainingCount={d.remaining.length}
        remainingCents={d.remainingCents}
        base={base}
        currency={d.currency}
      />

      <CancelPlanForm currency={d.currency} errors={cancelErrors} />

      <p className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        <Link to={`${base}/hardship`}>{t("plans.link.hardship")}</Link>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </p>
    </div>
  );
}
