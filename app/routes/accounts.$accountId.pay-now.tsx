// One payment now, straight to Stripe's page: /accounts/:id/pay-now?kind=full|settlement|
// next|payoff|extra (extra also takes &amount=, as the debtor typed it). GET is the one
// short confirm page (what, to whom, when, the one-time authorization, one button); POST
// records what is needed and redirects (303) to hosted Checkout. The server computes every
// amount (app/models/pay-now.server.ts); a kind that does not fit the account is explained.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PayNowPage, PAY_NOW_NOTICES, type PayNowNotice } from "~/components/pay-now";
import { pageTitle } from "~/lib/i18n/titles";
import { isPayNowKind } from "~/lib/pay-now";
import { pageLanguage } from "~/models/page-language.server";
import { getPayNow, startPayNow } from "~/models/pay-now.server";
import { getEnv } from "~/utils/env.server";
import { readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";

export const meta = pageTitle("title.payNow");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const query = new URL(request.url).searchParams;
  const kind = query.get("kind");
  const view = await getPayNow({
    debtorId: session.debtorId,
    accountId: params.accountId ?? "",
    kind: isPayNowKind(kind) ? kind : null,
    amount: (query.get("amount") ?? "").slice(0, 32),
    lang: await pageLanguage(request, session.debtorId),
  });
  if (!view) throw notFound();
  const notice = PAY_NOW_NOTICES.find((n) => n === query.get("checkout")) ?? null;
  return { view, notice: notice as PayNowNotice | null };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const form = await readForm(request);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, 32) : "";
  };
  const kind = text("kind");
  const expect = /^\d{1,12}$/.test(text("expect")) ? Number(text("expect")) : null;
  const started = await startPayNow({
    debtorId: session.debtorId,
    accountId: params.accountId ?? "",
    kind: isPayNowKind(kind) ? kind : null,
    amount: text("amount"),
    expectCents: expect,
    lang: await pageLanguage(request, session.debtorId),
    appUrl: getEnv().appUrl,
    ip: context.clientIp,
    userAgent: request.headers.get("user-agent"),
  });
  if (!started) throw notFound();
  if (started.ok) throw redirect(started.url, 303);
  // Post/Redirect/Get: the page again, with what happened (or why the payment can't be made).
  const again = new URLSearchParams({ kind });
  if (kind === "extra") again.set("amount", text("amount"));
  if (started.notice !== "refused") again.set("checkout", started.notice);
  throw redirect(`/accounts/${params.accountId}/pay-now?${again}`, 303);
}

export default function PayNow() {
  const { view, notice } = useLoaderData<typeof loader>();
  return <PayNowPage view={view} notice={notice} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
