// Review and authorize (WCAG 3.3.4: a review step before anything is agreed). The page is
// a GET of the choice; the server rebuilds the schedule and the authorization text from
// the ledger and the policy. The POST stores the plan with the accepted text, its
// version and hash, time, IP and user agent, then redirects to the plan page (PRG).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { ErrorText, Notice, ScheduleTable, errorText } from "~/components/plan";
import { choiceToFields, planAuthorizeSchema, planChoiceSchema } from "~/lib/forms/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { evaluateChoice, type ChoiceError } from "~/lib/plan-builder";
import { getAccountForDebtor } from "~/models/accounts.server";
import { authorizePlan, getPlanBuilder, reviewFor } from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";
import { pageLanguage } from "~/models/page-language.server";

export const meta = pageTitle("title.review");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const builder = await getPlanBuilder(session.debtorId, params.accountId ?? "");
  if (!builder) throw notFound();
  const base = `/accounts/${builder.account.id}`;
  if (builder.livePlanId) throw redirect(`${base}/plan`);
  const url = new URL(request.url);
  const query = url.searchParams;
  // Nothing chosen (e.g. a form posted to the bare URL): the page only links back.
  if (!query.has("kind")) return { accountId: builder.account.id, empty: true as const };
  const parsed = planChoiceSchema.safeParse(Object.fromEntries(query));
  // Not a valid choice: back to the builder, which says what is wrong.
  if (!parsed.success) throw redirect(`${base}/pay?${query}`);
  const result = evaluateChoice(builder.ctx, parsed.data);
  if (!result.ok) throw redirect(`${base}/pay?${query}`);
  const review = reviewFor(builder, result.plan, await pageLanguage(request, session.debtorId));
  return {
    accountId: builder.account.id,
    empty: false as const,
    creditor: builder.creditor,
    plan: result.plan,
    review,
    fields: choiceToFields(parsed.data),
    canAuthorize: builder.canAuthorize,
    onHold: builder.onHold,
    query: query.toString(),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  // Ownership first: another debtor's account is "not found", whatever the form holds.
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const form = Object.fromEntries(
    [...(await readForm(request))].filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
  const parsed = planAuthorizeSchema.safeParse(form);
  if (!parsed.success) {
    const onlyTick = parsed.error.issues.every((i) => i.path[0] === "authorize");
    const errors: ChoiceError[] = onlyTick
      ? [{ field: "form", key: "plans.error.authorize" }]
      : [{ field: "form", key: "plans.error.tampered" }];
    return data({ errors, tick: onlyTick }, { status: 400 });
  }
  const result = await authorizePlan({
    debtorId: session.debtorId,
    accountId: found.account.id,
    form: parsed.data,
    lang: await pageLanguage(request, session.debtorId),
    ip: context.clientIp,
    userAgent: request.headers.get("user-agent"),
  });
  if (!result) throw notFound();
  if (!result.ok) return data({ errors: result.errors, tick: false }, { status: result.status });
  throw redirect(`/accounts/${found.account.id}/plan?done=authorized`);
}

export default function ReviewPage() {
  const loaded = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lang } = useI18n();
  if (loaded.empty) {
    return (
      <div className="space-y-6">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.review.title")}
        </h1>
        {actionData?.errors.length ? (
          <Notice tone="error" testId="review-errors">
            {errorText(t, lang, "usd", actionData.errors[0])}
          </Notice>
        ) : null}
        <Link to={`/accounts/${loaded.accountId}/pay`} className="btn-primary">
          {t("plans.link.pay")}
        </Link>
      </div>
    );
  }
  return <Review d={loaded} />;
}

function Review({
  d,
}: {
  d: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { empty: false }>;
}) {
  const actionData = useActionData<typeof action>();
  const { t, lang } = useI18n();
  const currency = d.plan.currency;
  const money = (cents: number) => formatMoney(cents, currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const errors = actionData?.errors ?? [];
  const tickError = actionData?.tick ? errorText(t, lang, currency, errors[0]) : null;
  const formErrors = actionData?.tick ? [] : errors;
  const base = `/accounts/${d.accountId}`;
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("plans.review.title")}
        </h1>
        <p>{t("plans.review.intro")}</p>
      </div>
      {formErrors.length > 0 ? (
        <Notice tone="error" testId="review-errors">
          <ul className="space-y-1">
            {formErrors.map((e) => (
              <li key={e.key}>{errorText(t, lang, currency, e)}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {d.onHold ? (
        <Notice>{t("plans.error.onHold", { creditor: d.creditor.displayName })}</Notice>
      ) : null}

      <section aria-labelledby="summary-title" className="card space-y-4">
        <h2 id="summary-title" className="text-lg font-bold">
          {t("plans.review.summary")}
        </h2>
        <dl className="grid gap-3 sm:grid-cols-2" data-testid="review-summary">
          <Item label={t("plans.review.kind")} value={t(`plans.kindName.${d.plan.kind}`)} />
          <Item
            label={t("plans.review.total")}
            value={money(d.plan.totalCents)}
            testId="review-total"
          />
          <Item
            label={t("plans.review.frequency")}
            value={
              d.plan.frequency ? t(`plans.frequency.${d.plan.frequency}`) : t("plans.review.once")
            }
          />
          <Item label={t("plans.review.payments")} value={String(d.plan.count)} />
          <Item label={t("plans.review.first")} value={date(d.plan.startDate)} />
          <Item label={t("plans.review.last")} value={date(d.plan.endDate)} />
          {d.plan.savingsCents > 0 ? (
            <Item label={t("plans.review.savings")} value={money(d.plan.savingsCents)} />
          ) : null}
          <Item label={t("plans.review.method")} value={t("plans.review.methodValue")} />
          <Item
            label={t("plans.review.cancel")}
            value={t("plans.review.cancelValue", {
              creditor: d.creditor.displayName,
              phone: d.creditor.supportPhone,
              email: d.creditor.supportEmail,
            })}
          />
        </dl>
        <ScheduleTable
          rows={d.plan.installments}
          currency={currency}
          t={t}
          lang={lang}
          totalCents={d.plan.totalCents}
        />
      </section>

      <section aria-labelledby="auth-title" className="card space-y-4">
        <h2 id="auth-title" className="text-lg font-bold">
          {t("plans.review.authTitle")}
        </h2>
        <p className="text-sm text-slate-700">{t("plans.review.authHint")}</p>
        <p
          className="rounded-md border border-slate-400 bg-slate-50 p-4"
          data-testid="authorization-text"
        >
          {d.review.text}
        </p>
        {d.canAuthorize ? (
          <Form method="post" className="space-y-4 no-print" noValidate>
            {Object.entries(d.fields).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="accountId" value={d.accountId} />
            <input type="hidden" name="scheduleDigest" value={d.review.digest} />
            <input type="hidden" name="textVersion" value={d.review.version} />
            {tickError ? <ErrorText id="authorize-error">{tickError}</ErrorText> : null}
            <div className="flex items-start gap-3">
              <input
                id="authorize"
                name="authorize"
                type="checkbox"
                className="mt-1 h-6 w-6 shrink-0 accent-blue-800"
                aria-invalid={tickError ? true : undefined}
                aria-describedby={tickError ? "authorize-error" : undefined}
                autoFocus={Boolean(tickError)}
              />
              <label htmlFor="authorize" className="font-semibold">
                {t("plans.review.agree")}
              </label>
            </div>
            <div className="flex flex-col gap-3 sm:flex-row">
              <button type="submit" className="btn-primary">
                {t("plans.review.submit")}
              </button>
              <Link to={`${base}/pay?${d.query}`} className="btn-secondary">
                {t("plans.review.change")}
              </Link>
            </div>
          </Form>
        ) : (
          <Link to={`${base}/pay?${d.query}`} className="btn-secondary">
            {t("plans.review.change")}
          </Link>
        )}
      </section>
    </div>
  );
}

function Item({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
