// "Is this real?": reachable before verification from a link. Shows only who is writing,
// how to reach them independently, this portal's address and what the payment page looks
// like; nothing about the debt.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useParams } from "@remix-run/react";
import { RealContent } from "~/components/is-this-real";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { findLinkByToken } from "~/models/access-links.server";
import { viewForLink } from "~/models/debtor-access.server";
import { getEnv } from "~/utils/env.server";
import { enforce } from "~/utils/rate-limit.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.real", { name: "robots", content: "noindex, nofollow" });

export async function loader({ params, context }: LoaderFunctionArgs) {
  enforce("linkOpen", context.clientIp);
  const view = await viewForLink(await findLinkByToken(params.token ?? ""));
  const creditor = view.state === "intro" || view.state === "locked" ? view.creditor : null;
  return {
    creditor: creditor
      ? { name: creditor.displayName, phone: creditor.supportPhone, email: creditor.supportEmail }
      : null,
    portalAddress: new URL(getEnv().appUrl).origin,
  };
}

export default function IsThisReal() {
  const { creditor, portalAddress } = useLoaderData<typeof loader>();
  const { token } = useParams();
  const { t } = useI18n();
  return (
    <RealContent creditor={creditor} portalAddress={portalAddress} backTo={`/l/${token}`} t={t} />
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
