import { todayIn } from "~/lib/calendar-date";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { listPaymentsForDebtor } from "~/models/payments.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.receipts");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await listPaymentsForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const status = found.account.status;
  return {
    accountId: found.account.id,
    // The letter that says so, while the account is paid in full or settled.
    letter: status === "paid" || status === "settled" ? status : null,
    payments: found.payments.map((p) => ({
      id: p.id,
      receiptNumber: p.receiptNumber,
      amountCents: p.amountCents,
      currency: p.currency,
      status: p.status,
      // The creditor's calendar day, as on the receipt itself (not UTC's).
      date: todayIn(found.creditor.timezone, p.createdAt),
    })),
  };
}

export default function Receipts() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  return (
    <section aria-labelledby="page-title" className="card space-y-4">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("receipts.title")}
      </h1>
      {d.letter ? (
        <p>
          <a href={`/accounts/${d.accountId}/letter.html`} download data-testid="letter-link">
            {t(`letter.download.${d.letter}`)}
          </a>
        </p>
      ) : null}
      {d.payments.length === 0 ? <p>{t("receipts.none")}</p> : null}
      <ul className="space-y-3">
        {d.payments.map((p) => (
          <li key={p.id} className="border-b border-slate-300 pb-2">
            <Link to={`/accounts/${d.accountId}/receipts/${p.id}`}>
              {t("receipts.view", { number: p.receiptNumber })}
            </Link>
            <p>
              {formatDate(p.date, lang)} · {formatMoney(p.amountCents, p.currency, lang)} ·{" "}
              {t(`payment.status.${p.status}`)}
            </p>
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/accounts/${d.accountId}`}>{t("return.back")}</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
