// A print-friendly statement: the browser's Print turns it into paper or a PDF.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { StatementBody } from "~/components/statement";
import { formatDate } from "~/lib/i18n";
import { getStatement } from "~/models/statement.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.print");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const statement = await getStatement(session.debtorId, params.accountId ?? "");
  if (!statement) throw notFound();
  return { statement };
}

export default function PrintStatement() {
  const { statement: s } = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  return (
    <div className="space-y-6">
      <p className="no-print">
        <Link to={`/accounts/${s.account.id}`}>{t("print.back")}</Link>
      </p>
      <div>
        <h1 className="text-2xl font-bold">
          {t("print.title", { creditor: s.creditor.displayName })}
        </h1>
        <p>{t("print.prepared", { date: formatDate(s.today, lang) })}</p>
        <p className="no-print mt-2 text-slate-700">{t("print.hint")}</p>
      </div>
      <StatementBody s={s} t={t} lang={lang} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
