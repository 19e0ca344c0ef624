// The debtor's account overview (the full statement grows here with its own issue).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatMoney } from "~/lib/money";
import { getAccountForDebtor, listAccountsForDebtor } from "~/models/accounts.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";

export const meta: MetaFunction = () => [{ title: "Your account" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const others = (await listAccountsForDebtor(session.debtorId)).filter((a) => a.id !== found.account.id);
  return {
    creditorName: found.creditor.displayName,
    firstName: found.debtor.fullName.split(" ")[0],
    reference: found.account.reference,
    status: found.account.status,
    currency: found.account.currency,
    balanceCents: found.balanceCents,
    others: others.map((o) => ({ id: o.id, creditorName: o.creditor.displayName, reference: o.reference })),
  };
}

export default function AccountPage() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <div>
        <p>{t("account.greeting", { name: d.firstName })}</p>
        <h1 id="page-title" className="text-2xl font-bold">
          {t("account.title", { creditor: d.creditorName })}
        </h1>
      </div>
      <dl className="card grid gap-3 sm:grid-cols-3">
        <div>
          <dt className="text-sm text-slate-700">{t("account.reference")}</dt>
          <dd className="font-semibold">{d.reference}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("account.balance")}</dt>
          <dd className="text-xl font-bold" data-testid="balance">
            {formatMoney(d.balanceCents, d.currency, lang)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-700">{t("account.status")}</dt>
          <dd className="font-semibold">{t(`account.status.${d.status}`)}</dd>
        </div>
      </dl>
      {d.others.length > 0 ? (
        <div>
          <h2 className="text-lg font-bold">{t("account.others")}</h2>
          <ul className="mt-2 list-disc pl-6">
            {d.others.map((o) => (
              <li key={o.id}>
                <Link to={`/accounts/${o.id}`}>
                  {o.creditorName} · {o.reference}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
