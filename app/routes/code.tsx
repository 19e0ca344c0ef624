// The short code from a letter or another device: an alternative way in to /l/<token>.
import type { ActionFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { AccessScreen } from "~/components/access";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { findLinkByCode } from "~/models/access-links.server";
import { handleAccessAction } from "~/models/debtor-access.server";
import { passErrorHeaders } from "~/lib/route-headers";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.code");

type CodeError = "required" | "invalid";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const rawCode = String(form.get("code") ?? "");
  if (!rawCode.trim())
    return data({ codeError: "required" as CodeError, view: null, code: "" }, { status: 400 });
  // codeEntry is counted per address at the edge, before the body is read
  // (app/server/edge-limits.server.ts).
  const link = await findLinkByCode(rawCode);
  if (form.get("intent") === "code") {
    if (!link)
      return data({ codeError: "invalid" as CodeError, view: null, code: "" }, { status: 400 });
    form.set("intent", "continue");
  }
  const outcome = await handleAccessAction(request, link, form, context.clientIp);
  if (outcome.kind === "signed-in") {
    throw redirect(`/accounts/${outcome.accountId}`, {
      headers: { "Set-Cookie": outcome.setCookie },
    });
  }
  if (outcome.view.state === "invalid") {
    return data({ codeError: "invalid" as CodeError, view: null, code: "" }, { status: 400 });
  }
  return data(
    { codeError: null, view: outcome.view, code: rawCode },
    { status: outcome.status ?? 200 },
  );
}

export default function CodePage() {
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  if (actionData?.view)
    return <AccessScreen view={actionData.view} hidden={{ code: actionData.code }} />;
  const error = actionData?.codeError ? t(`code.error.${actionData.codeError}`) : null;
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("code.title")}
      </h1>
      <p className="mt-3">{t("code.intro")}</p>
      <Form method="post" className="mt-6 space-y-5" noValidate>
        <Field
          id="code"
          label={t("code.label")}
          hint={t("code.hint")}
          error={error}
          inputProps={{
            name: "code",
            type: "text",
            autoComplete: "one-time-code",
            autoCapitalize: "characters",
            spellCheck: false,
            required: true,
            maxLength: 20,
            autoFocus: Boolean(error),
          }}
        />
        <button type="submit" name="intent" value="code" className="btn-primary w-full sm:w-auto">
          {t("code.submit")}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
