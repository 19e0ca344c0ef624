import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatMoney } from "~/lib/money";
import { listAccountsForDebtor } from "~/models/accounts.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.accounts");

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const accounts = await listAccountsForDebtor(session.debtorId);
  if (accounts.length === 1) throw redirect(`/accounts/${accounts[0].id}`);
  return { accounts };
}

export default function AccountsPage() {
  const { accounts } = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("account.others")}
      </h1>
      <ul className="mt-4 space-y-3">
        {accounts.map((a) => (
          <li key={a.id} className="card">
            <Link to={`/accounts/${a.id}`} className="font-semibold">
              {t("account.title", { creditor: a.creditor.displayName })}
            </Link>
            <p>
              {t("account.reference")}: {a.reference} ·{" "}
              {formatMoney(a.balanceCents, a.currency, lang)}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
