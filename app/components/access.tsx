// The screens of the way in (link and code): intro, confirm a fact, locked, invalid, resent.
import { Form, Link } from "@remix-run/react";
import type { AccessView } from "~/models/debtor-access.server";
import { Field } from "./forms";
import { useI18n } from "./i18n";

const AUTOCOMPLETE = { dob: "bday", postal_code: "postal-code", account_last4: "off" } as const;
const INPUT_MODE = { dob: "numeric", postal_code: "numeric", account_last4: "text" } as const;

export function AccessScreen({
  view,
  hidden,
  realHref = "/is-this-real",
}: {
  view: AccessView;
  hidden?: Record<string, string>;
  realHref?: string;
}) {
  const { t } = useI18n();
  const hiddenInputs = Object.entries(hidden ?? {}).map(([name, value]) => (
    <input key={name} type="hidden" name={name} value={value} />
  ));
  switch (view.state) {
    case "intro":
      return (
        <section className="card" aria-labelledby="page-title">
          <h1 id="page-title" className="text-2xl font-bold">
            {t("link.title", { creditor: view.creditor.displayName })}
          </h1>
          <p className="mt-3">{t("link.body", { creditor: view.creditor.displayName })}</p>
          <Form method="post" className="mt-6">
            {hiddenInputs}
            <button
              type="submit"
              name="intent"
              value="continue"
              className="btn-primary w-full sm:w-auto"
            >
              {t("link.continue")}
            </button>
          </Form>
          <p className="mt-6">
            <Link to={realHref}>{t("link.isThisReal")}</Link>
          </p>
          <p className="mt-3 text-sm text-slate-700">{t("link.notYou")}</p>
        </section>
      );
    case "verify": {
      const fact = view.creditor.verificationFact;
      const error = view.error
        ? view.error.kind === "mismatch"
          ? t("verify.error.mismatch", { left: view.error.attemptsLeft ?? 0 })
          : view.error.kind === "format"
            ? t(`verify.error.format.${fact}`)
            : t("verify.error.required")
        : null;
      return (
        <section className="card" aria-labelledby="page-title">
          <h1 id="page-title" className="text-2xl font-bold">
            {t("verify.title")}
          </h1>
          <p className="mt-3">{t("verify.intro", { creditor: view.creditor.displayName })}</p>
          <Form method="post" className="mt-6 space-y-5" noValidate>
            {hiddenInputs}
            <Field
              id="answer"
              label={t(`verify.${fact}.label`)}
              hint={t(`verify.${fact}.hint`)}
              error={error}
              inputProps={{
                name: "answer",
                type: "text",
                autoComplete: AUTOCOMPLETE[fact],
                inputMode: INPUT_MODE[fact],
                required: true,
                autoFocus: Boolean(error),
                spellCheck: false,
                autoCapitalize: "characters",
                maxLength: 20,
              }}
            />
            <button
              type="submit"
              name="intent"
              value="verify"
              className="btn-primary w-full sm:w-auto"
            >
              {t("verify.submit")}
            </button>
          </Form>
          <p className="mt-6 text-sm text-slate-700">
            {t("verify.help", {
              creditor: view.creditor.displayName,
              phone: view.creditor.supportPhone,
              email: view.creditor.supportEmail,
            })}
          </p>
        </section>
      );
    }
    case "locked":
      return (
        <section className="card" aria-labelledby="page-title">
          <h1 id="page-title" className="text-2xl font-bold">
            {t("locked.title")}
          </h1>
          <p className="mt-3">
            {t("locked.body", {
              minutes: view.minutes,
              creditor: view.creditor.displayName,
              phone: view.creditor.supportPhone,
              email: view.creditor.supportEmail,
            })}
          </p>
        </section>
      );
    case "invalid":
      return (
        <section className="card" aria-labelledby="page-title">
          <h1 id="page-title" className="text-2xl font-bold">
            {t("invalid.title")}
          </h1>
          <p className="mt-3">{t("invalid.body")}</p>
          <div className="mt-6 flex flex-wrap items-center gap-4">
            <Form method="post">
              {hiddenInputs}
              <button type="submit" name="intent" value="resend" className="btn-primary">
                {t("invalid.resend")}
              </button>
            </Form>
            <Link to="/code">{t("invalid.code")}</Link>
          </div>
        </section>
      );
    case "resent":
      return (
        <section className="card" aria-labelledby="page-title">
          <h1 id="page-title" className="text-2xl font-bold">
            {t("resent.title")}
          </h1>
          <p className="mt-3" role="status">
            {t("resent.body")}
          </p>
        </section>
      );
  }
}
