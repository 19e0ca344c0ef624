// Back from hosted Checkout: says honestly whether the payment went through, is pending
// (a bank payment being processed, or a bank account waiting for its micro-deposits to be
// verified), or failed. Read-only: the webhook (and the reconciler) record the outcome.
// While a bank payment is on its way it offers no way to pay again.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatMoney } from "~/lib/money";
import { getAccountForDebtor } from "~/models/accounts.server";
import { paymentForIntent } from "~/models/payments.server";
import { stripe } from "~/services/stripe.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.payment");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  const sessionId = new URL(request.url).searchParams.get("session_id") ?? "";
  if (!found) throw notFound();
  if (!/^cs_[A-Za-z0-9_]+$/.test(sessionId)) throw redirect(`/accounts/${found.account.id}/plan`);
  let checkout;
  try {
    checkout = await stripe().checkout.sessions.retrieve(sessionId, {
      expand: ["payment_intent", "setup_intent"],
    });
  } catch {
    throw notFound();
  }
  // Someone else's Checkout session id is "not found", never a peek.
  if (checkout.metadata?.account_id !== found.account.id) throw notFound();
  const pi = typeof checkout.payment_intent === "object" ? checkout.payment_intent : null;
  const si = typeof checkout.setup_intent === "object" ? checkout.setup_intent : null;
  const verifying = (intent: { status: string; next_action: { type: string } | null } | null) =>
    intent?.status === "requires_action" &&
    intent.next_action?.type === "verify_with_microdeposits";
  let state: "paid" | "processing" | "verifying" | "verifyingSetup" | "saved" | "failed" | "open";
  if (checkout.mode === "setup")
    state =
      checkout.status !== "complete"
        ? "open"
        : verifying(si)
          ? "verifyingSetup"
          : si?.status === "requires_payment_method"
            ? "failed"
            : "saved";
  else if (pi?.status === "succeeded") state = "paid";
  else if (pi?.status === "processing") state = "processing";
  else if (verifying(pi)) state = "verifying";
  else if (checkout.status === "complete" || pi?.last_payment_error) state = "failed";
  else state = "open";
  const payment = pi ? await paymentForIntent(found.account.id, pi.id) : null;
  return {
    accountId: found.account.id,
    state,
    amountCents: pi?.amount ?? 0,
    currency: pi?.currency ?? found.account.currency,
    paymentId: payment?.id ?? null,
  };
}

export default function CheckoutReturn() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  const base = `/accounts/${d.accountId}`;
  return (
    <section aria-labelledby="page-title" className="card space-y-4">
      <h1 id="page-title" className="text-2xl font-bold">
        {t(`return.${d.state}.title`)}
      </h1>
      <p role="status">
        {t(`return.${d.state}.body`, { amount: formatMoney(d.amountCents, d.currency, lang) })}
      </p>
      <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
        {d.paymentId && d.state !== "failed" ? (
          <Link to={`${base}/receipts/${d.paymentId}`} className="btn-primary">
            {t("return.viewReceipt")}
          </Link>
        ) : null}
        {d.state === "failed" || d.state === "open" ? (
          <Form method="post" action={`${base}/checkout`}>
            <button type="submit" className="btn-primary">
              {t("return.tryAgain")}
            </button>
          </Form>
        ) : null}
        <Link to={`${base}/plan`} className="btn-secondary">
          {t("return.viewPlan")}
        </Link>
        <Link to={base} className="btn-secondary">
          {t("return.back")}
        </Link>
      </div>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
