// The statement: what is owed and why, the rights, and what happens next.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { StatementBody } from "~/components/statement";
import { StatementTop } from "~/components/statement-top";
import { formatDate } from "~/lib/i18n";
import { getStatementPage } from "~/models/statement.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.statement");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  // One query: the statement and the debtor's other accounts.
  const page = await getStatementPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  const { statement, others } = page;
  return { statement, firstName: statement.consumerName.split(" ")[0], others };
}

export default function StatementPage() {
  const { statement: s, firstName, others } = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  const base = `/accounts/${s.account.id}`;
  return (
    <div className="space-y-6">
      <div>
        <p>{t("account.greeting", { name: firstName })}</p>
        <h1 id="page-title" className="text-2xl font-bold">
          {t("statement.title", { creditor: s.creditor.displayName })}
        </h1>
      </div>
      <StatementTop
        top={s.top}
        accountId={s.account.id}
        balanceCents={s.itemization.currentCents}
        currency={s.account.currency}
        creditor={s.creditor.displayName}
        offersDispute={s.offersDispute}
        t={t}
        lang={lang}
      />
      {s.openDispute && s.top.state !== "on_hold" ? (
        <p role="status" className="font-semibold">
          {t("statement.disputeOpen", {
            date: formatDate(s.openDispute.filedOn, lang),
            creditor: s.creditor.displayName,
          })}
        </p>
      ) : null}
      <StatementBody s={s} t={t} lang={lang} onPage />
      <nav aria-labelledby="actions-title" className="card no-print">
        <h2 id="actions-title" className="text-lg font-bold">
          {t("top.more")}
        </h2>
        <ul className="mt-3 flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          {s.plan && s.plan.status !== "broken" ? (
            <li>
              <a href={`${base}/schedule.ics`} download className="btn-secondary">
                {t("ics.download")}
              </a>
            </li>
          ) : null}
          <li>
            <Link to={`${base}/receipts`} className="btn-secondary">
              {t("nav.receipts")}
            </Link>
          </li>
          <li>
            <Link to={`${base}/print`} className="btn-secondary">
              {t("statement.actions.print")}
            </Link>
          </li>
          <li>
            <a href={`${base}/statement.html`} download className="btn-secondary">
              {t("statement.actions.download")}
            </a>
          </li>
          <li>
            <Link to="/preferences" className="btn-secondary">
              {t("statement.actions.preferences")}
            </Link>
          </li>
        </ul>
      </nav>
      {others.length > 0 ? (
        <section aria-labelledby="others-title" className="no-print">
          <h2 id="others-title" className="text-lg font-bold">
            {t("account.others")}
          </h2>
          <ul className="mt-2 list-disc pl-6">
            {others.map((o) => (
              <li key={o.id}>
                <Link to={`/accounts/${o.id}`}>
                  {o.creditorName} · {o.reference}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
