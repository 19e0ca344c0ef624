// The debtor's plan: status, next payment, schedule, the stored authorization; cancel it,
// move one payment, and preview paying extra / paying off (the payment itself is made on
// the Stripe step). Plain forms with Post/Redirect/Get; the extra-payment preview is a GET.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { ErrorText, Notice, ScheduleTable, errorText, fieldError } from "~/components/plan";
import { cancelPlanSchema, movePaymentSchema, payExtraSchema } from "~/lib/forms/plan";
import { formatDate, LOCALES } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ChoiceError } from "~/lib/plan-builder";
import { getAccountForDebtor } from "~/models/accounts.server";
import { cancelPlan, explainReschedule, getPlanPage, movePayment, previewExtraPayment } from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Your plan" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const page = await getPlanPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  const query = new URL(request.url).searchParams;
  let extra: { amount: string; errors: ChoiceError[]; result: ReturnType<typeof previewExtraPayment> | null } | null = null;
  if (query.has("amount") && page.live) {
    const parsed = payExtraSchema.safeParse({ amount: query.get("amount") ?? "" });
    if (!parsed.success) {
      extra = { amount: query.get("amount") ?? "", errors: [{ field: "amount", key: "plans.error.amount" }], result: null };
    } else {
      const result = previewExtraPayment(page, parsed.data.amountCents);
      extra = { amount: query.get("amount") ?? "", errors: result.ok ? [] : result.reasons.map(explainReschedule), result: result.ok ? result : null };
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
  const fields = Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const base = `/accounts/${found.account.id}/plan`;
  if (fields.intent === "cancel") {
    const parsed = cancelPlanSchema.safeParse(fields);
    if (!parsed.success) return data({ intent: "cancel", errors: [{ field: "confirm", key: "plans.error.cancelConfirm" }] as ChoiceError[] }, { status: 400 });
    const result = await cancelPlan({ debtorId: session.debtorId, accountId: found.account.id, ip: context.clientIp });
    if (!result) throw notFound();
    if (!result.ok) return data({ intent: "cancel", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=cancelled`);
  }
  if (fields.intent === "move") {
    const parsed = movePaymentSchema.safeParse(fields);
    if (!parsed.success) {
      const errors: ChoiceError[] = parsed.error.issues.map((i) => ({ field: String(i.path[0]) as ChoiceError["field"], key: i.message }));
      return data({ intent: "move", errors }, { status: 400 });
    }
    const result = await movePayment({ debtorId: session.debtorId, accountId: found.account.id, ...parsed.data, ip: context.clientIp });
    if (!result) throw notFound();
    if (!result.ok) return data({ intent: "move", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=moved&seq=${parsed.data.seq}&date=${parsed.data.newDate}`);
  }
  return data({ intent: "unknown", errors: [{ field: "form", key: "plans.error.tampered" }] as ChoiceError[] }, { status: 400 });
}

const CHECKOUT_NOTICES = ["on_hold", "no_plan", "nothing_due", "processing", "unavailable", "cancelled"];

export default function PlanPage() {
  const [searchParams] = useSearchParams();
  const checkoutNotice = CHECKOUT_NOTICES.find((n) => n === searchParams.get("checkout")) ?? null;
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lang } = useI18n();
  const money = (cents: number) => formatMoney(cents, d.currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const render = (e: ChoiceError) => errorText(t, lang, d.currency, e);
  const moveErrors = actionData?.intent === "move" ? actionData.errors : [];
  const cancelErrors = actionData?.intent === "cancel" ? actionData.errors : [];
  const base = `/accounts/${d.accountId}`;
  const next = d.remaining[0];
  // A bank payment being verified or processed: say so, and offer no second payment meanwhile.
  const bankPending = d.installments.some((i) => i.status === "processing");
  const canPay = !bankPending;

  const done =
    d.done === "authorized" ? t("plans.plan.authorized")
    : d.done === "cancelled" ? t("plans.cancel.done")
    : d.done === "moved" && d.doneSeq && d.doneDate && /^\d{4}-\d{2}-\d{2}$/.test(d.doneDate) ? t("plans.plan.moved", { number: d.doneSeq, date: date(d.doneDate) })
    : null;

  if (!d.plan || !d.live) {
    return (
      <div className="space-y-6">
        <h1 id="page-title" className="text-2xl font-bold">{t("plans.plan.title")}</h1>
        {done ? <Notice tone="success" testId="done">{done}</Notice> : null}
        {d.plan?.status === "completed" ? <Notice tone="success" testId="plan-completed">{t("plans.plan.completed")}</Notice> : <p>{t("plans.plan.none")}</p>}
        {d.plan?.cancelledAt ? <p>{t("plans.plan.lastCancelled", { date: date(d.plan.cancelledAt.slice(0, 10)) })}</p> : null}
        <p className="flex flex-col gap-3 sm:flex-row">
          {d.plan?.status === "completed" ? null : <Link to={`${base}/pay`} className="btn-primary">{t("plans.link.pay")}</Link>}
          <Link to={base} className="btn-secondary">{t("plans.back.statement")}</Link>
        </p>
      </div>
    );
  }

  const authorizedAt = new Date(d.plan.authorizedAt);
  const time = new Intl.DateTimeFormat(LOCALES[lang], { hour: "numeric", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" }).format(authorizedAt);
  return (
    <div className="space-y-6">
      <h1 id="page-title" className="text-2xl font-bold">{t("plans.plan.title")}</h1>
      {done ? <Notice tone="success" testId="done">{done}</Notice> : null}
      {d.accountStatus === "on_hold" ? <Notice>{t("plans.plan.onHold", { creditor: d.creditor.displayName })}</Notice> : null}

      <section aria-labelledby="status-title" className="card space-y-4">
        <h2 id="status-title" className="text-lg font-bold">{t(`plans.kindName.${d.plan.kind}`)}</h2>
        <dl className="grid gap-3 sm:grid-cols-3">
          <div>
            <dt className="text-sm text-slate-700">{t("plans.plan.status")}</dt>
            <dd className="font-semibold" data-testid="plan-status">{t(`plans.status.${d.plan.status}`)}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.plan.next")}</dt>
            <dd className="font-semibold" data-testid="plan-next">{next ? t("plans.plan.nextValue", { amount: money(next.amountCents), date: date(next.dueDate) }) : "—"}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">{t("plans.plan.remaining")}</dt>
            <dd className="font-semibold" data-testid="plan-remaining">{money(d.remainingCents)}</dd>
          </div>
        </dl>
        {bankPending ? (
          <div role="status" className="rounded-md border-2 border-blue-800 bg-blue-50 p-3" data-testid="bank-pending">
            <p className="font-semibold">{t("payment.pending.title")}</p>
            <p>{t("payment.pending.body")}</p>
          </div>
        ) : null}
        {d.plan.status === "pending_payment_method" && canPay ? <p>{t("plans.plan.pendingMethod")}</p> : null}
        {checkoutNotice ? (
          <p role="alert" className="rounded-md border-2 border-amber-700 bg-amber-50 p-3">
            {t(`checkout.error.${checkoutNotice}`)}
          </p>
        ) : null}
        {d.plan.status === "active" || (canPay && (d.plan.status === "pending_payment_method" || d.plan.status === "broken")) ? (
          <Form method="post" action={`${base}/checkout`} className="no-print">
            {d.plan.status === "active" ? <input type="hidden" name="purpose" value="update_card" /> : null}
            <button type="submit" className={d.plan.status === "active" ? "btn-secondary" : "btn-primary"}>
              {t(d.plan.status === "active" ? "checkout.updateCard" : "checkout.continue")}
            </button>
          </Form>
        ) : null}
        {canPay && (d.plan.status === "active" || d.plan.status === "broken") && next ? (
          <Form method="post" action={`${base}/checkout`} className="no-print">
            <input type="hidden" name="purpose" value="installment" />
            <button type="submit" className="btn-primary">
              {t("checkout.payNext", { amount: money(next.amountCents) })}
            </button>
          </Form>
        ) : null}
        {canPay && (d.plan.status === "active" || d.plan.status === "broken" || d.plan.status === "paused") && d.remaining.length > 1 ? (
          <Form method="post" action={`${base}/checkout`} className="no-print space-y-2">
            <input type="hidden" name="purpose" value="payoff" />
            <p id="payoff-hint" className="text-sm text-slate-700">{t("checkout.payOffHint")}</p>
            <button type="submit" className="btn-secondary" aria-describedby="payoff-hint" data-testid="pay-off">
              {t("checkout.payOff", { amount: money(d.remainingCents) })}
            </button>
          </Form>
        ) : null}
        {d.plan.pauseUntil ? <p>{t("plans.plan.paused", { date: date(d.plan.pauseUntil) })}</p> : null}
        <ScheduleTable rows={d.installments} currency={d.currency} t={t} lang={lang} totalCents={d.plan.totalCents} testId="plan-schedule" />
      </section>

      <section aria-labelledby="auth-title" className="card space-y-3">
        <h2 id="auth-title" className="text-lg font-bold">{t("plans.plan.authTitle")}</h2>
        <p data-testid="authorization-record">
          {t("plans.plan.authAccepted", { date: date(d.plan.authorizedAt.slice(0, 10)), time, version: d.plan.authorizationVersion })}
        </p>
        <p className="rounded-md border border-slate-400 bg-slate-50 p-4" data-testid="authorization-text">{d.plan.authorizationText}</p>
        <Link to={`${base}/plan/authorization`}>{t("plans.plan.authPrint")}</Link>
      </section>

      {d.remaining.length > 0 && d.latestEndDate ? (
        <section aria-labelledby="move-title" className="card space-y-3">
          <h2 id="move-title" className="text-lg font-bold">{t("plans.move.title")}</h2>
          <p>{t("plans.move.intro", { date: date(d.latestEndDate) })}</p>
          <Form method="post" className="space-y-4" noValidate>
            <input type="hidden" name="intent" value="move" />
            <div className="space-y-1">
              <label htmlFor="seq" className="block font-semibold">{t("plans.move.seq")}</label>
              {fieldError(moveErrors, "seq", render) ? <ErrorText id="seq-error">{fieldError(moveErrors, "seq", render)}</ErrorText> : null}
              <select id="seq" name="seq" className="input" aria-invalid={fieldError(moveErrors, "seq", render) ? true : undefined} aria-describedby={fieldError(moveErrors, "seq", render) ? "seq-error" : undefined}>
                {d.remaining.map((i) => (
                  <option key={i.seq} value={i.seq}>
                    {t("plans.move.option", { number: i.seq, amount: money(i.amountCents), date: date(i.dueDate) })}
                  </option>
                ))}
              </select>
            </div>
            <div className="space-y-1">
              <label htmlFor="newDate" className="block font-semibold">{t("plans.move.date")}</label>
              {fieldError(moveErrors, "newDate", render) ? <ErrorText id="newDate-error">{fieldError(moveErrors, "newDate", render)}</ErrorText> : null}
              <input id="newDate" name="newDate" type="date" min={d.today} max={d.latestEndDate} className="input max-w-60" aria-invalid={fieldError(moveErrors, "newDate", render) ? true : undefined} aria-describedby={fieldError(moveErrors, "newDate", render) ? "newDate-error" : undefined} />
            </div>
            <button type="submit" className="btn-secondary">{t("plans.move.submit")}</button>
          </Form>
        </section>
      ) : null}

      {d.remaining.length > 0 ? (
        <section aria-labelledby="extra-title" className="card space-y-3">
          <h2 id="extra-title" className="text-lg font-bold">{t("plans.extra.title")}</h2>
          <p>{t("plans.extra.intro")}</p>
          <Form method="get" className="space-y-4" noValidate>
            <div className="space-y-1">
              <label htmlFor="amount" className="block font-semibold">{t("plans.extra.amount")}</label>
              <p id="amount-hint" className="text-sm text-slate-700">{t("plans.extra.hint", { amount: money(d.remainingCents) })}</p>
              {d.extra && d.extra.errors.length ? <ErrorText id="amount-error">{render(d.extra.errors[0])}</ErrorText> : null}
              <input id="amount" name="amount" type="text" inputMode="decimal" defaultValue={d.extra?.amount ?? ""} className="input max-w-60" aria-invalid={d.extra?.errors.length ? true : undefined} aria-describedby={["amount-hint", d.extra?.errors.length ? "amount-error" : ""].filter(Boolean).join(" ")} />
            </div>
            <button type="submit" className="btn-secondary">{t("plans.extra.submit")}</button>
          </Form>
          {d.extra?.result && d.extra.result.ok ? (
            <div role="status" className="space-y-2" data-testid="extra-preview">
              <ul className="list-disc pl-6">
                {d.extra.result.changes.map((c) => (
                  <li key={c.seq}>
                    {c.kind === "paid"
                      ? t("plans.extra.paid", { number: c.seq, amount: money(c.amountCents) })
                      : c.kind === "reduced"
                        ? t("plans.extra.reduced", { number: c.seq, from: money(c.fromCents), to: money(c.toCents) })
                        : null}
                  </li>
                ))}
              </ul>
              <p className="font-semibold">
                {d.extra.result.endDate
                  ? t("plans.extra.after", { amount: money(d.extra.result.remainingCents), date: date(d.extra.result.endDate) })
                  : t("plans.extra.paidOff")}
              </p>
              <p>{t("plans.extra.next")}</p>
            </div>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="cancel-title" className="card space-y-3">
        <h2 id="cancel-title" className="text-lg font-bold">{t("plans.cancel.title")}</h2>
        <p>{t("plans.cancel.intro")}</p>
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="cancel" />
          {cancelErrors.length ? <ErrorText id="confirm-error">{render(cancelErrors[0])}</ErrorText> : null}
          <div className="flex items-start gap-3">
            <input id="confirm" name="confirm" type="checkbox" className="mt-1 h-6 w-6 shrink-0 accent-blue-800" aria-invalid={cancelErrors.length ? true : undefined} aria-describedby={cancelErrors.length ? "confirm-error" : undefined} />
            <label htmlFor="confirm" className="font-semibold">{t("plans.cancel.confirm")}</label>
          </div>
          <button type="submit" className="btn-secondary">{t("plans.cancel.submit")}</button>
        </Form>
      </section>

      <p className="flex flex-col gap-2 sm:flex-row sm:gap-6">
        <Link to={`${base}/hardship`}>{t("plans.link.hardship")}</Link>
        <Link to={base}>{t("plans.back.statement")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
