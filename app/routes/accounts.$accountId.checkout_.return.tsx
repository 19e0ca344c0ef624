// Back from hosted Checkout: says honestly whether the payment went through, is pending
// (a bank payment being processed, or a bank account waiting for its micro-deposits to be
// verified), or failed; what happens next; and the receipt, or that it appears in a
// moment when the webhook has not arrived yet (a refresh link; with JavaScript the page
// asks again a few times, politely). Read-only: the webhook (and the reconciler) record
// the outcome (app/models/checkout-return.server.ts). While a bank payment is on its way
// it offers no way to pay again.
import { useEffect, useRef } from "react";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useRevalidator } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import { checkoutReturn } from "~/models/checkout-return.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.payment");

/** With JavaScript, a waiting page asks again every few seconds, a few times, then stops. */
const POLL_MS = 3_000;
const POLL_TIMES = 10;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  const found = await checkoutReturn(session.debtorId, params.accountId ?? "", sessionId);
  if (!found) throw notFound();
  if (found === "plan") throw redirect(`/accounts/${params.accountId}/plan`);
  return found;
}

export default function CheckoutReturn() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  const location = useLocation();
  const base = `/accounts/${d.accountId}`;
  usePolite(d.waiting);
  const money = (cents: number, currency = d.currency) => formatMoney(cents, currency, lang);
  return (
    <section aria-labelledby="page-title" className="card space-y-4">
      <h1 id="page-title" className="text-2xl font-bold">
        {t(`return.${d.state}.title`)}
      </h1>
      <p role="status">{t(`return.${d.state}.body`, { amount: money(d.amountCents) })}</p>

      {d.receipt ? (
        <section aria-labelledby="receipt-title" className="space-y-2" data-testid="return-receipt">
          <h2 id="receipt-title" className="text-lg font-bold">
            {t("return.receipt.title")}
          </h2>
          <dl className="space-y-1">
            {[
              [t("receipt.amount"), money(d.receipt.amountCents, d.receipt.currency)],
              [t("receipt.date"), formatDate(d.receipt.date, lang)],
              // "Pending (bank payments take a few business days)" for a bank debit on its way.
              [t("receipt.status"), t(`payment.status.${d.receipt.status}`)],
              [
                t("receipt.method"),
                d.receipt.method
                  ? t("receipt.methodValue", {
                      brand: capitalize(d.receipt.method.brand),
                      last4: d.receipt.method.last4,
                    })
                  : "—",
              ],
            ].map(([term, value]) => (
              <div key={term} className="sm:grid sm:grid-cols-[10rem_1fr] sm:gap-3">
                <dt className="text-sm text-slate-700">{term}</dt>
                <dd className="font-semibold">{value}</dd>
              </div>
            ))}
          </dl>
          <p>
            <Link to={`${base}/receipts/${d.receipt.id}`}>{t("return.viewReceipt")}</Link>
          </p>
        </section>
      ) : null}

      {d.waiting ? (
        <p data-testid="return-waiting">
          {d.state === "checking" ? null : <>{t("return.receipt.waiting")} </>}
          <a href={`${location.pathname}${location.search}`}>{t("return.receipt.refresh")}</a>
        </p>
      ) : null}

      {d.next ? (
        <section aria-labelledby="next-title" className="space-y-1" data-testid="return-next">
          <h2 id="next-title" className="text-lg font-bold">
            {t("return.next.title")}
          </h2>
          <p>
            {d.next.kind === "date"
              ? t("return.next.date", {
                  amount: money(d.next.amountCents, d.next.currency),
                  date: formatDate(d.next.date, lang),
                })
              : t(`return.next.${d.next.kind}`)}
          </p>
        </section>
      ) : null}

      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        {(d.state === "failed" || d.state === "open") && d.retryKind ? (
          <Link to={`${base}/pay-now?kind=${d.retryKind}`} className="btn-primary">
            {t("return.tryAgain")}
          </Link>
        ) : d.state === "failed" || d.state === "open" ? (
          <Form method="post" action={`${base}/checkout`}>
            <button type="submit" className="btn-primary">
              {t("return.tryAgain")}
            </button>
          </Form>
        ) : null}
        {d.oneOff ? null : (
          <Link to={`${base}/plan`} className="btn-secondary">
            {t("return.viewPlan")}
          </Link>
        )}
        <Link to={base} className="btn-secondary">
          {t("return.back")}
        </Link>
      </div>
    </section>
  );
}

/** Reloads the data a few times while the receipt is on its way; stops once it is there. */
function usePolite(waiting: boolean) {
  const { revalidate, state } = useRevalidator();
  const asked = useRef(0);
  useEffect(() => {
    if (!waiting || state !== "idle" || asked.current >= POLL_TIMES) return;
    const timer = window.setTimeout(() => {
      asked.current += 1;
      revalidate();
    }, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [waiting, state, revalidate]);
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export const ErrorBoundary = GeneralErrorBoundary;
