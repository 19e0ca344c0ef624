// A receipt: amount, date, method (brand + last 4), account reference, what remains and
// the next installment. Printable.
import { todayIn } from "~/lib/calendar-date";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { getReceipt } from "~/models/payments.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.receipt");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const r = await getReceipt(session.debtorId, params.accountId ?? "", params.paymentId ?? "");
  if (!r) throw notFound();
  return {
    accountId: r.account.id,
    receiptNumber: r.payment.receiptNumber,
    creditorName: r.creditor.displayName,
    reference: r.account.reference,
    amountCents: r.payment.amountCents,
    currency: r.payment.currency,
    status: r.payment.status,
    // The creditor's calendar day (a payment at 8 PM in Chicago is not tomorrow's).
    date: todayIn(r.creditor.timezone, r.payment.succeededAt ?? r.payment.createdAt),
    method: r.payment.methodBrand
      ? { brand: r.payment.methodBrand, last4: r.payment.methodLast4 ?? "" }
      : null,
    remainingCents: Math.max(0, r.remainingCents),
    next: r.next,
  };
}

export default function Receipt() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  const money = (c: number) => formatMoney(c, d.currency, lang);
  const rows: [string, string][] = [
    [t("receipt.paidTo"), d.creditorName],
    [t("receipt.amount"), money(d.amountCents)],
    [t("receipt.date"), formatDate(d.date, lang)],
    [t("receipt.status"), t(`payment.status.${d.status}`)],
    [
      t("receipt.method"),
      d.method
        ? t("receipt.methodValue", { brand: capitalize(d.method.brand), last4: d.method.last4 })
        : "—",
    ],
    [t("receipt.reference"), d.reference],
    [t("receipt.remaining"), money(d.remainingCents)],
    [
      t("receipt.next"),
      d.next?.amountCents
        ? t("receipt.nextValue", {
            amount: money(d.next.amountCents),
            date: formatDate(d.next.date, lang),
          })
        : t("receipt.noNext"),
    ],
  ];
  return (
    <section aria-labelledby="page-title" className="card space-y-4">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("receipt.title", { number: d.receiptNumber })}
      </h1>
      <dl className="space-y-2" data-testid="receipt">
        {rows.map(([term, value]) => (
          <div key={term} className="sm:grid sm:grid-cols-[12rem_1fr] sm:gap-3">
            <dt className="text-sm text-slate-700">{term}</dt>
            <dd className="font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="no-print text-sm text-slate-700">{t("receipt.print")}</p>
      <p className="no-print">
        <Link to={`/accounts/${d.accountId}/receipts`}>{t("receipts.title")}</Link>
      </p>
    </section>
  );
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const ErrorBoundary = GeneralErrorBoundary;
