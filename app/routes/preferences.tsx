// Communication preferences and E-SIGN consent for the signed-in debtor.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, useSchemaForm } from "~/components/forms";
import { useI18n } from "~/components/i18n";
import { preferencesFormSchema, type PreferencesForm } from "~/lib/forms/preferences";
import { LANG_COOKIE } from "~/lib/i18n";
import { getPreferences, setEsignConsent, updatePreferences } from "~/models/preferences.server";
import { serializeCookie } from "~/utils/cookies.server";
import { getEnv } from "~/utils/env.server";
import { parseForm, readForm } from "~/utils/forms.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.preferences");

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const preferences = await getPreferences(session.debtorId);
  if (!preferences) throw notFound();
  const url = new URL(request.url);
  return { preferences, saved: url.searchParams.get("saved") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "consent" || intent === "withdraw" || intent === "paper") {
    await setEsignConsent(session.debtorId, intent, context.clientIp);
    throw redirect("/preferences?saved=esign");
  }
  const parsed = parseForm(preferencesFormSchema, form);
  if (parsed.errors) return data({ errors: parsed.errors }, { status: 400 });
  await updatePreferences(session.debtorId, parsed.data, context.clientIp);
  // The site follows the language chosen for messages.
  const cookie = serializeCookie(LANG_COOKIE, parsed.data.language, {
    secure: getEnv().secureCookies,
    maxAgeSeconds: 365 * 24 * 3600,
  });
  throw redirect("/preferences?saved=preferences", { headers: { "Set-Cookie": cookie } });
}

export default function PreferencesPage() {
  const { preferences: p, saved } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const { register, onSubmit, errorKey } = useSchemaForm<PreferencesForm>(
    preferencesFormSchema,
    actionData?.errors,
  );
  const startError = errorKey("quietStart");
  const endError = errorKey("quietEnd");
  return (
    <div className="space-y-6">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("preferences.title")}
      </h1>
      {saved ? (
        <p
          role="status"
          className="rounded-md border-2 border-green-800 bg-green-50 p-3 font-semibold"
        >
          {t(saved === "esign" ? "esign.saved" : "preferences.saved")}
        </p>
      ) : null}
      <section aria-labelledby="prefs-title" className="card">
        <h2 id="prefs-title" className="sr-only">
          {t("preferences.title")}
        </h2>
        <p>{t("preferences.intro")}</p>
        <Form method="post" noValidate onSubmit={onSubmit} className="mt-4 space-y-6">
          <fieldset className="space-y-2">
            <legend className="font-semibold">{t("preferences.channels.legend")}</legend>
            <Check
              label={t("preferences.optOutEmail")}
              defaultChecked={p.optOutEmail}
              {...register("optOutEmail")}
            />
            <Check
              label={t("preferences.optOutSms")}
              defaultChecked={p.optOutSms}
              {...register("optOutSms")}
            />
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="font-semibold">{t("preferences.language.legend")}</legend>
            {(["en", "es"] as const).map((lang) => (
              <label key={lang} className="flex min-h-11 items-center gap-3" lang={lang}>
                <input
                  type="radio"
                  value={lang}
                  defaultChecked={p.language === lang}
                  className="h-6 w-6 accent-blue-800"
                  {...register("language")}
                />
                {lang === "en" ? "English" : "Español"}
              </label>
            ))}
          </fieldset>
          <fieldset className="space-y-3">
            <legend className="font-semibold">{t("preferences.quiet.legend")}</legend>
            <p className="text-sm text-slate-700">{t("preferences.quiet.hint")}</p>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field
                id="quietStart"
                label={t("preferences.quietStart")}
                error={startError ? t(startError) : null}
                inputProps={{
                  ...register("quietStart"),
                  defaultValue: p.quietStart,
                  inputMode: "numeric",
                  placeholder: "12:00",
                  autoComplete: "off",
                }}
              />
              <Field
                id="quietEnd"
                label={t("preferences.quietEnd")}
                error={endError ? t(endError) : null}
                inputProps={{
                  ...register("quietEnd"),
                  defaultValue: p.quietEnd,
                  inputMode: "numeric",
                  placeholder: "14:00",
                  autoComplete: "off",
                }}
              />
            </div>
          </fieldset>
          <button type="submit" name="intent" value="save" className="btn-primary">
            {t("preferences.save")}
          </button>
        </Form>
      </section>
      <section aria-labelledby="esign-title" className="card space-y-3">
        <h2 id="esign-title" className="text-lg font-bold">
          {t("esign.title")}
        </h2>
        <p>{t("esign.body")}</p>
        <p>{t("esign.requirements")}</p>
        <p className="font-semibold" data-testid="esign-state">
          {t(
            p.esignActive
              ? "esign.active"
              : p.paperRequested
                ? "esign.paperRequested"
                : "esign.inactive",
          )}
        </p>
        <Form method="post" className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
          {p.esignActive ? (
            <button type="submit" name="intent" value="withdraw" className="btn-secondary">
              {t("esign.withdraw")}
            </button>
          ) : (
            <button type="submit" name="intent" value="consent" className="btn-primary">
              {t("esign.consent")}
            </button>
          )}
          {!p.paperRequested ? (
            <button type="submit" name="intent" value="paper" className="btn-secondary">
              {t("esign.paper")}
            </button>
          ) : null}
        </Form>
      </section>
    </div>
  );
}

function Check({
  label,
  ...input
}: { label: string } & React.InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="flex min-h-11 items-center gap-3">
      <input type="checkbox" className="h-6 w-6 shrink-0 accent-blue-800" {...input} />
      {label}
    </label>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
