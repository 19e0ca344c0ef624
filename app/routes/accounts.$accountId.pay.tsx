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
  const { initialValues, previewChoice, reviewQuery } = await loadEngine();
  const query = new URL(request.url).searchParams;
  const values = initialValues(builder.ctx, query);
  // "Continue to review" is a GET of this page too: a valid choice goes on to the review,
  // anything else comes back here with the error summary (nothing is stored either way).
  if (query.get("step") === "review") {
    const next = reviewQuery(builder.ctx, values);
    if (next) throw redirect(`/accounts/${builder.account.id}/pay/review?${next}`);
  }
  return {
    account: builder.account,
    creditorName: builder.creditor.displayName,
    ctx: builder.ctx,
    options: builder.options,
    comparison: builder.comparison,
    onHold: builder.onHold,
    canAuthorize: builder.canAuthorize,
    values,
    /** A submitted form ("Show my schedule", "Continue", a link back from the review). */
    submitted: query.has("kind") || query.has("step"),
    /** The preview of `values`, for the first render (and the only one without JavaScript). */
    preview: previewChoice(builder.ctx, values),
  };
}

export default function PayPage() {
  return <PayChoicePage data={useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
