// The screens of the way in (link and code): intro, confirm a fact, locked, invalid, resent.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { verifyFormSchema, type VerifyForm } from "~/lib/forms/verify";
import type { AccessView } from "~/models/debtor-access.server";
import { Field, useSchemaForm } from "./forms";
import { useI18n } from "./i18n";

// Autofill of "bday" writes the date as YYYY-MM-DD (HTML standard); the parser reads it.
const AUTOCOMPLETE = { dob: "bday", postal_code: "postal-code", account_last4: "off" } as const;
// A numeric keypad has no "/": 03141985 (digits only) is read as 03/14/1985.
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
    case "verify":
      return <VerifyScreen view={view} hiddenInputs={hiddenInputs} />;
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

/**
 * Confirm one fact. With JavaScript, the form's schema reads the answer before posting (an
 * answer that can't be read never leaves the page); without it, the server reads it with
 * the same schema and the page comes back with the error and what was typed.
 */
function VerifyScreen({
  view,
  hiddenInputs,
}: {
  view: Extract<AccessView, { state: "verify" }>;
  hiddenInputs: ReactNode;
}) {
  const { t } = useI18n();
  const fact = view.creditor.verificationFact;
  const serverError = view.error?.message;
  const { register, onSubmit, errorKey } = useSchemaForm<VerifyForm>(
    verifyFormSchema(fact),
    serverError ? { answer: serverError } : undefined,
  );
  const key = errorKey("answer");
  const error = key ? t(key, { left: view.error?.attemptsLeft ?? 0 }) : null;
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("verify.title")}
      </h1>
      <p className="mt-3">{t("verify.intro", { creditor: view.creditor.displayName })}</p>
      <Form method="post" className="mt-6 space-y-5" noValidate onSubmit={onSubmit}>
        {hiddenInputs}
        <Field
          id="answer"
          label={t(`verify.${fact}.label`)}
          hint={t(`verify.${fact}.hint`)}
          error={error}
          inputProps={{
            ...register("answer"),
            defaultValue: view.answer,
            type: "text",
            autoComplete: AUTOCOMPLETE[fact],
            inputMode: INPUT_MODE[fact],
            required: true,
            autoFocus: Boolean(error),
            spellCheck: false,
            autoCapitalize: "characters",
            // Room for a whole account reference pasted, or a date written out.
            maxLength: 80,
          }}
        />
        <button type="submit" name="intent" value="verify" className="btn-primary w-full sm:w-auto">
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
