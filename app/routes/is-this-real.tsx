// "Is this real?" without a link: this portal's address, what the payment page looks like,
// and, for a signed-in debtor whose accounts are all with one creditor, how to reach them.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { RealContent } from "~/components/is-this-real";
import { pageTitle } from "~/lib/i18n/titles";
import { soleCreditorContact } from "~/models/page-brand.server";
import { getEnv } from "~/utils/env.server";
import { getDebtorSession } from "~/utils/session.server";

export const meta = pageTitle("title.real");

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getDebtorSession(request);
  return {
    creditor: session ? await soleCreditorContact(session.debtorId) : null,
    portalAddress: new URL(getEnv().appUrl).origin,
  };
}

export default function IsThisRealGeneric() {
  const { creditor, portalAddress } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  return <RealContent creditor={creditor} portalAddress={portalAddress} backTo="/" t={t} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
