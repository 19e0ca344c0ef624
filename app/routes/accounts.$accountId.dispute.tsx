// The online dispute: counts as a written dispute and puts the account on hold.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useSchemaForm } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import {
  DISPUTE_DETAILS_MAX,
  DISPUTE_REASONS,
  disputeFormSchema,
  type DisputeForm,
} from "~/lib/forms/dispute";
import { formatDate } from "~/lib/i18n";
import { passErrorHeaders } from "~/lib/route-headers";
import { DisputeLimitError, fileDispute } from "~/models/disputes.server";
import { getStatement } from "~/models/statement.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.dispute");

// The 429's Retry-After reaches the page.
export const headers = passErrorHeaders;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const statement = await getStatement(session.debtorId, params.accountId ?? "");
  if (!statement) throw notFound();
  return {
    accountId: statement.account.id,
    creditorName: statement.creditor.displayName,
    supportPhone: statement.creditor.supportPhone,
    supportEmail: statement.creditor.supportEmail,
    openDisputeOn: statement.openDispute?.filedOn ?? null,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const parsed = parseForm(disputeFormSchema, await readForm(request));
  if (parsed.errors) {
    // Still a 404 for someone else's account, even with a bad form.
    if (!(await getStatement(session.debtorId, params.accountId ?? ""))) throw notFound();
    return data({ errors: parsed.errors }, { status: 400 });
  }
  let dispute;
  try {
    dispute = await fileDispute({
      debtorId: session.debtorId,
      accountId: params.accountId ?? "",
      form: parsed.data,
      ip: context.clientIp,
    });
  } catch (error) {
    // Past the per-account limit: a calm 429 that says how to add to the dispute.
    if (error instanceof DisputeLimitError)
      return data(
        { errors: null, limited: true },
        { status: 429, headers: { "Retry-After": String(error.retryAfterSeconds) } },
      );
    throw error;
  }
  if (!dispute) throw notFound();
  throw redirect(`/accounts/${dispute.accountId}/dispute/received`);
}

export default function DisputePage() {
  const { accountId, openDisputeOn, creditorName, supportPhone, supportEmail } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, lang } = useI18n();
  const { register, onSubmit, errorKey } = useSchemaForm<DisputeForm>(
    disputeFormSchema,
    actionData?.errors ?? undefined,
  );
  const limited = Boolean(actionData && "limited" in actionData && actionData.limited);
  const reasonError = errorKey("reason");
  const detailsError = errorKey("details");
  return (
    <section aria-labelledby="page-title" className="card space-y-4">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("dispute.title")}
      </h1>
      <p>{t("dispute.intro")}</p>
      {openDisputeOn ? (
        <p className="font-semibold">
          {t("dispute.open", { date: formatDate(openDisputeOn, lang) })}
        </p>
      ) : null}
      {limited ? (
        <p
          role="alert"
          className="rounded-md border-2 border-amber-700 bg-amber-50 p-3"
          data-testid="dispute-limited"
        >
          {t("dispute.limited", {
            creditor: creditorName,
            phone: supportPhone,
            email: supportEmail,
          })}
        </p>
      ) : null}
      <Form method="post" noValidate onSubmit={onSubmit} className="space-y-5">
        <fieldset aria-describedby={reasonError ? "reason-error" : undefined}>
          <legend className="font-semibold">{t("dispute.reason.legend")}</legend>
          {reasonError ? (
            <p id="reason-error" role="alert" className="mt-1 text-sm font-semibold text-red-800">
              {t(reasonError)}
            </p>
          ) : null}
          <div className="mt-2 space-y-2">
            {DISPUTE_REASONS.map((reason) => (
              <label
                key={reason}
                className="flex min-h-11 items-center gap-3 rounded-md border-2 border-slate-500 px-3 py-2"
              >
                <input
                  type="radio"
                  value={reason}
                  className="h-6 w-6 shrink-0 accent-blue-800"
                  aria-invalid={reasonError ? true : undefined}
                  {...register("reason")}
                />
                <span>{t(`dispute.reason.${reason}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <div className="space-y-1">
          <label htmlFor="details" className="block font-semibold">
            {t("dispute.details.label")}
          </label>
          <p id="details-hint" className="text-sm text-slate-700">
            {t("dispute.details.hint")}
          </p>
          {detailsError ? (
            <p id="details-error" role="alert" className="text-sm font-semibold text-red-800">
              {t(detailsError)}
            </p>
          ) : null}
          <textarea
            id="details"
            rows={5}
            maxLength={DISPUTE_DETAILS_MAX}
            className="input"
            aria-invalid={detailsError ? true : undefined}
            aria-describedby={detailsError ? "details-hint details-error" : "details-hint"}
            {...register("details")}
          />
        </div>
        <div className="flex flex-wrap items-center gap-4">
          <button type="submit" className="btn-primary">
            {t("dispute.submit")}
          </button>
          <Link to={`/accounts/${accountId}`}>{t("dispute.back")}</Link>
        </div>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
