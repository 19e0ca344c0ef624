import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatDate } from "~/lib/i18n";
import { getStatement } from "~/models/statement.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.disputeReceived");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const statement = await getStatement(session.debtorId, params.accountId ?? "");
  if (!statement) throw notFound();
  // Nothing open (already answered): the statement says where things stand.
  if (!statement.openDispute) throw redirect(`/accounts/${statement.account.id}`);
  return {
    accountId: statement.account.id,
    creditorName: statement.creditor.displayName,
    filedOn: statement.openDispute.filedOn,
  };
}

export default function DisputeReceived() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="page-title" className="card space-y-4">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("dispute.sent.title")}
      </h1>
      <p role="status">
        {t("dispute.sent.body", { date: formatDate(d.filedOn, lang), creditor: d.creditorName })}
      </p>
      <p>
        <Link to={`/accounts/${d.accountId}`}>{t("dispute.back")}</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
