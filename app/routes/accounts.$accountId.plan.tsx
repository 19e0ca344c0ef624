// The debtor's plan: status, next payment, schedule, the stored authorization; cancel it,
// move one payment, and preview paying extra / paying off (the payment itself is made on
// the Stripe step). Plain forms with Post/Redirect/Get; the extra-payment preview is a GET.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { Notice, ScheduleTable } from "~/components/plan";
import {
  AuthorizationRecord,
  CancelPlanForm,
  ExtraPaymentPreview,
  MovePaymentForm,
  NoLivePlan,
  PlanPayButtons,
  type ExtraPreview,
} from "~/components/plan-changes";
import { cancelPlanSchema, movePaymentSchema, payExtraSchema } from "~/lib/forms/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";
import { getAccountForDebtor } from "~/models/accounts.server";
import {
  cancelPlan,
  explainReschedule,
  getPlanPage,
  movePayment,
  previewExtraPayment,
} from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const page = await getPlanPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  const query = new URL(request.url).searchParams;
  let extra: ExtraPreview | null = null;
  if (query.has("amount") && page.live) {
    const parsed = payExtraSchema.safeParse({ amount: query.get("amount") ?? "" });
    if (!parsed.success) {
      extra = {
        amount: query.get("amount") ?? "",
        errors: [{ field: "amount", key: "plans.error.amount" }],
        result: null,
      };
    } else {
      const result = previewExtraPayment(page, parsed.data.amountCents);
      extra = {
        amount: query.get("amount") ?? "",
        errors: result.ok ? [] : result.reasons.map(explainReschedule),
        result: result.ok ? result : null,
      };
    }
  }
  const plan = page.plan;
  return {
    accountId: page.account.id,
    accountStatus: page.account.status,
    currency: page.account.currency,
    creditor: page.creditor,
    today: page.today,
    latestEndDate: "latestEndDate" in page ? page.latestEndDate : null,
    live: page.live,
    plan: plan
      ? {
          id: plan.id,
          kind: plan.kind,
          status: plan.status,
          frequency: plan.frequency,
          totalCents: plan.totalCents,
          pauseUntil: plan.pauseUntil,
          cancelledAt: plan.cancelledAt?.toISOString() ?? null,
          authorizedAt: plan.authorizedAt.toISOString(),
          authorizationVersion: plan.authorizationVersion,
          authorizationText: plan.authorizationText,
        }
      : null,
    installments: page.installments.map((i) => ({
      seq: i.seq,
      dueDate: i.dueDate,
      amountCents: i.amountCents,
      status: i.status,
      originalDueDate: i.originalDueDate,
      originalAmountCents: i.originalAmountCents,
    })),
    remaining: page.remaining,
    remainingCents: page.remaining.reduce((sum, i) => sum + i.amountCents, 0),
    done: query.get("done"),
    doneSeq: query.get("seq"),
    doneDate: query.get("date"),
    extra,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const form = await readForm(request);
  const fields = Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  const base = `/accounts/${found.account.id}/plan`;
  if (fields.intent === "cancel") {
    const parsed = cancelPlanSchema.safeParse(fields);
    if (!parsed.success)
      return data(
        {
          intent: "cancel",
          errors: [{ field: "confirm", key: "plans.error.cancelConfirm" }] as ChoiceError[],
        },
        { status: 400 },
      );
    const result = await cancelPlan({
      debtorId: session.debtorId,
      accountId: found.account.id,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok) return data({ intent: "cancel", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=cancelled`);
  }
  if (fields.intent === "move") {
    const parsed = movePaymentSchema.safeParse(fields);
    if (!parsed.success) {
      const errors: ChoiceError[] = parsed.error.issues.map((i) => ({
        field: String(i.path[0]) as ChoiceError["field"],
        key: i.message,
      }));
      return data({ intent: "move", errors }, { status: 400 });
    }
    const result = await movePayment({
      debtorId: session.debtorId,
      accountId: found.account.id,
      ...parsed.data,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok) return data({ intent: "move", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=moved&seq=${parsed.data.seq}&date=${parsed.data.newDate}`);
  }
  return data(
    {
      intent: "unknown",
      errors: [{ field: "form", key: "plans.error.tampered" }] as ChoiceError[],
    },
    { status: 400 },
  );
}

const CHECKOUT_NOTICES = [
  "on_hold",
  "no_plan",
  "nothing_due",
  "processing",
  "unavailable",
  "cancelled",
];

export default function PlanPage() {
  const [searchParams] = useSearchParams();
  const checkoutNotice = CHECKOUT_NOTICES.find((n) => n === searchParams.get("checkout")) ?? null;
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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

  if (!d.plan || !d.live) return <NoLivePlan plan={d.plan} done={done} base={base} />;

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

      <AuthorizationRecord plan={d.plan} base={base} />

      <MovePaymentForm
        remaining={d.remaining}
        latestEndDate={d.latestEndDate}
        today={d.today}
        currency={d.currency}
        errors={moveErrors}
      />

      <ExtraPaymentPreview
        remaining={d.remaining}
        remainingCents={d.remainingCents}
        currency={d.currency}
        extra={d.extra}
      />

      <CancelPlanForm currency={d.currency} errors={cancelErrors} />

      <p className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        <Link to={`${base}/hardship`}>{t("plans.link.hardship")}</Link>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
