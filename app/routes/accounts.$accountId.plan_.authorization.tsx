// A printable copy of the authorization the debtor accepted: the stored text, word for
// word, with when it was accepted and the text version.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { formatInstant } from "~/lib/i18n";
import { getPlanPage } from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.authorization");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const page = await getPlanPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  // No plan yet: the plan page says so and offers the way to choose one.
  if (!page.plan) throw redirect(`/accounts/${page.account.id}/plan`);
  return {
    accountId: page.account.id,
    reference: page.account.reference,
    creditorName: page.creditor.displayName,
    authorizedAt: page.plan.authorizedAt.toISOString(),
    timeZone: page.creditor.timezone,
    version: page.plan.authorizationVersion,
    text: page.plan.authorizationText,
    textSha256: page.plan.authorizationTextSha256,
  };
}

export default function AuthorizationCopy() {
  const d = useLoaderData<typeof loader>();
  const { t, lang } = useI18n();
  const { date, time } = formatInstant(d.authorizedAt, lang, d.timeZone);
  return (
    <article className="card space-y-4" aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("plans.authPage.title")}
      </h1>
      <p>{t("plans.authPage.account", { reference: d.reference, creditor: d.creditorName })}</p>
      <p data-testid="authorization-text">{d.text}</p>
      <p data-testid="authorization-record">
        {t("plans.plan.authAccepted", {
          date,
          time,
          version: d.version,
        })}
      </p>
      <p className="text-sm break-all text-slate-700">SHA-256: {d.textSha256}</p>
      <p className="no-print text-sm text-slate-700">{t("plans.authPage.hint")}</p>
      <p className="no-print">
        <Link to={`/accounts/${d.accountId}/plan`}>{t("plans.authPage.back")}</Link>
      </p>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
