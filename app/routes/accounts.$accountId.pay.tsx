// Choose how to pay: pay in full, the settlement (when offered) or a plan. The form is a
// GET: without JavaScript, "Show my schedule" reloads the page with the server-rendered
// preview; with JavaScript, react-hook-form and the same schema update the preview live.
// The preview's code (schedule engine, policy, schema: app/lib/plan-preview.ts) is loaded
// by the browser when the debtor first touches the form, to keep the page's first load
// within the JavaScript budget; until then the server's preview is shown.
// Nothing is stored here: the review step (pay/review) asks for the authorization.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PayChoicePage } from "~/components/plans/pay-page";
import { loadEngine } from "~/components/plans/preview-engine";
import type { ChoiceKind } from "~/lib/forms/plan";
import type { ChoiceFormValues } from "~/lib/plan-preview";
import { getPlanBuilder } from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.pay");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const builder = await getPlanBuilder(session.debtorId, params.accountId ?? "");
  if (!builder) throw notFound();
  if (builder.livePlanId) throw redirect(`/accounts/${builder.account.id}/plan`);
  const { defaultChoice, previewChoice } = await loadEngine();
  const query = new URL(request.url).searchParams;
  const fallback = defaultChoice(builder.ctx);
  const values: ChoiceFormValues = {
    kind: (["full", "settlement", "installments"].includes(query.get("kind") ?? "")
      ? query.get("kind")
      : fallback.kind) as ChoiceKind,
    frequency:
      query.get("frequency") ?? (fallback.kind === "installments" ? fallback.frequency : ""),
    count: query.get("count") ?? (fallback.kind === "installments" ? String(fallback.count) : ""),
    startDate: query.get("startDate") ?? builder.ctx.today,
  };
  return {
    account: builder.account,
    creditorName: builder.creditor.displayName,
    ctx: builder.ctx,
    options: builder.options,
    comparison: builder.comparison,
    onHold: builder.onHold,
    canAuthorize: builder.canAuthorize,
    values,
    submitted: query.has("kind"),
    /** The preview of `values`, for the first render (and the only one without JavaScript). */
    preview: previewChoice(builder.ctx, values),
  };
}

export default function PayPage() {
  return <PayChoicePage data={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
