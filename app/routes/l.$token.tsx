// An access link. GET only shows a neutral page (scanners prefetch links); the POST
// continues, checks the answer and signs the debtor in.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useParams } from "@remix-run/react";
import { AccessScreen } from "~/components/access";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { findLinkByToken } from "~/models/access-links.server";
import { handleAccessAction, viewForLink } from "~/models/debtor-access.server";
import { passErrorHeaders } from "~/lib/route-headers";
import { enforce } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

// Titles and previews reveal nothing: no creditor, no amount (compliance: no disclosure).
export const meta = pageTitle("title.secure", { name: "robots", content: "noindex, nofollow" });

export async function loader({ params, context }: LoaderFunctionArgs) {
  enforce("linkOpen", context.clientIp);
  const link = await findLinkByToken(params.token ?? "");
  return { view: await viewForLink(link) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const link = await findLinkByToken(params.token ?? "");
  const outcome = await handleAccessAction(
    request,
    link,
    await readForm(request),
    context.clientIp,
  );
  if (outcome.kind === "signed-in") {
    throw redirect(`/accounts/${outcome.accountId}`, {
      headers: { "Set-Cookie": outcome.setCookie },
    });
  }
  return data({ view: outcome.view }, { status: outcome.status ?? 200 });
}

export default function LinkPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { token } = useParams();
  return <AccessScreen view={actionData?.view ?? loaderData.view} realHref={`/l/${token}/real`} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
