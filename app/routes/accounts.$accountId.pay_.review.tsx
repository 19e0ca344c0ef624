// Review and authorize an installment plan (WCAG 3.3.4: a review step before anything is
// agreed). The page is a GET of the choice; the server rebuilds the schedule and the
// recurring authorization from the ledger and the policy. The POST stores the plan with the
// accepted text, its version and hash, time, IP and user agent, then redirects to the plan
// page (PRG). Paying in full or the settlement is one payment: pay-now (303), no review.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PlanReview } from "~/components/plans/plan-review";
import { choiceToFields, planAuthorizeSchema, planChoiceSchema } from "~/lib/forms/plan";
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
  // Paying in full and the settlement are one payment: its confirm page, no plan review.
  const kind = query.get("kind");
  if (kind === "full" || kind === "settlement") throw redirect(`${base}/pay-now?kind=${kind}`, 303);
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
  return (
    <PlanReview
      loaded={useLoaderData<typeof loader>()}
      actionData={useActionData<typeof action>()}
    />
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
