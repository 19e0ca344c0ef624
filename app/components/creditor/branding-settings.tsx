// The branding and disclosures page (app/routes/creditor.branding.tsx): the settings form
// (names, support contact, mailing address, accent colour with its live contrast, collector
// type, timezone, the fact debtors confirm, link lifetime) and the logo upload.
import { Form } from "@remix-run/react";
import { useState } from "react";
import { Field } from "~/components/forms";
import { FieldError, FormError, Notice, PageTitle } from "~/components/creditor/ui";
import {
  COLLECTOR_TYPE_CHOICES,
  contrastOnWhite,
  formatRatio,
  MIN_TEXT_CONTRAST,
  US_TIMEZONES,
  VERIFICATION_FACT_CHOICES,
} from "~/lib/creditor-branding";
import type { brandingValues } from "~/models/creditor-settings.server";

/** What the page's loader gives the form. */
export type BrandingLoaded = {
  values: ReturnType<typeof brandingValues>;
  logoPath: string | null;
  missing: Record<string, number>;
};

/** The action's answer: the settings form or the logo form. */
export type BrandingResult = {
  kind: "settings" | "logo";
  ok: boolean;
  errors: Record<string, string>;
  values?: Record<string, string>;
  message?: string;
};

export function BrandingSettings({
  loaded,
  result,
}: {
  loaded: BrandingLoaded;
  result: BrandingResult | undefined;
}) {
  const settings = result?.kind === "settings" ? result : undefined;
  const logo = result?.kind === "logo" ? result : undefined;
  const values = { ...loaded.values, ...(settings?.values ?? {}) };
  const errors = settings?.errors ?? {};
  const [color, setColor] = useState(values.accentColor);
  const ratio = contrastOnWhite(color);
  const errorCount = Object.keys(errors).length;
  const text = (
    name: keyof typeof values,
    label: string,
    extra: Record<string, unknown> = {},
    hint?: string,
  ) => (
    <Field
      id={`branding-${name}`}
      label={label}
      hint={hint}
      error={errors[name]}
      inputProps={{ name, type: "text", defaultValue: values[name], ...extra }}
    />
  );

  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle description="What debtors see about you: on every page, in the statement and in messages.">
        Branding and disclosures
      </PageTitle>
      {settings?.ok || logo?.ok ? <Notice>{(settings ?? logo)?.message}</Notice> : null}

      <Form method="post" className="space-y-6" noValidate>
        {errorCount > 0 ? (
          <FormError>
            {errorCount === 1 ? "One field needs attention" : `${errorCount} fields need attention`}
            : see the messages below.
          </FormError>
        ) : null}
        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">Who you are</legend>
          {text(
            "displayName",
            "Display name",
            { autoComplete: "organization" },
            "The name debtors know you by, at the top of every page of theirs.",
          )}
          {text("legalName", "Legal name", {}, "Shown in the statement and disclosures.")}
          <fieldset
            aria-describedby={errors.collectorType ? "branding-collectorType-error" : undefined}
          >
            <legend className="font-semibold">Who is collecting</legend>
            <FieldError id="branding-collectorType-error" message={errors.collectorType} />
            <div className="mt-2 space-y-2">
              {COLLECTOR_TYPE_CHOICES.map((choice) => (
                <div key={choice.value} className="flex items-start gap-3">
                  <input
                    id={`collector-${choice.value}`}
                    type="radio"
                    name="collectorType"
                    value={choice.value}
                    defaultChecked={values.collectorType === choice.value}
                    className="mt-1 size-6 shrink-0 accent-blue-800"
                  />
                  <label htmlFor={`collector-${choice.value}`}>{choice.label}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </fieldset>

        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">How debtors reach you</legend>
          {text("supportEmail", "Support email", {
            type: "email",
            autoComplete: "email",
            spellCheck: false,
          })}
          {text(
            "supportPhone",
            "Support phone",
            { type: "tel", autoComplete: "tel" },
            "Debtors see it on “Is this real?”, to check a message or a code with you.",
          )}
          {text(
            "supportHours",
            "Support hours",
            {},
            "Optional, for example: Monday to Friday, 9:00 to 17:00 Eastern.",
          )}
          <div className="space-y-1">
            <label htmlFor="branding-mailingAddress" className="block font-semibold">
              Mailing address
            </label>
            <p id="branding-mailingAddress-hint" className="text-sm text-slate-700">
              Where debtors can send letters and written disputes.
            </p>
            <FieldError id="branding-mailingAddress-error" message={errors.mailingAddress} />
            <textarea
              id="branding-mailingAddress"
              name="mailingAddress"
              rows={3}
              autoComplete="street-address"
              defaultValue={values.mailingAddress}
              className="input"
              aria-invalid={errors.mailingAddress ? true : undefined}
              aria-describedby={`branding-mailingAddress-hint${errors.mailingAddress ? " branding-mailingAddress-error" : ""}`}
            />
          </div>
        </fieldset>

        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">Look</legend>
          <div className="space-y-1">
            <label htmlFor="branding-accentColor" className="block font-semibold">
              Accent colour
            </label>
            <p id="branding-accentColor-hint" className="text-sm text-slate-700">
              A hex code like #0f766e. Your name at the top of debtors&apos; pages is shown in it.
              It must reach a contrast of 4.5:1 on white, so text in it stays readable.
            </p>
            <FieldError id="branding-accentColor-error" message={errors.accentColor} />
            <div className="flex flex-wrap items-center gap-3">
              <input
                id="branding-accentColor"
                name="accentColor"
                type="text"
                defaultValue={values.accentColor}
                onChange={(e) => setColor(e.currentTarget.value)}
                className="input max-w-40"
                spellCheck={false}
                autoComplete="off"
                aria-invalid={errors.accentColor ? true : undefined}
                aria-describedby={`branding-accentColor-hint branding-accentColor-ratio${errors.accentColor ? " branding-accentColor-error" : ""}`}
              />
              <span id="branding-accentColor-ratio" className="text-sm" aria-live="polite">
                {ratio === null
                  ? "Not a colour code yet."
                  : `Contrast on white: ${formatRatio(ratio)} ${ratio >= MIN_TEXT_CONTRAST ? "(fine)" : "(too light)"}`}
              </span>
            </div>
          </div>
        </fieldset>

        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">Debtors' way in</legend>
          <div className="space-y-1">
            <label htmlFor="branding-timezone" className="block font-semibold">
              Time zone
            </label>
            <p id="branding-timezone-hint" className="text-sm text-slate-700">
              Due dates and "today" follow this time zone.
            </p>
            <FieldError id="branding-timezone-error" message={errors.timezone} />
            <select
              id="branding-timezone"
              name="timezone"
              defaultValue={values.timezone}
              className="input"
              aria-describedby={`branding-timezone-hint${errors.timezone ? " branding-timezone-error" : ""}`}
            >
              {US_TIMEZONES.map((tz) => (
                <option key={tz.value} value={tz.value}>
                  {tz.label}
                </option>
              ))}
            </select>
          </div>
          <fieldset
            aria-describedby={
              errors.verificationFact
                ? "branding-verificationFact-error"
                : "branding-verificationFact-hint"
            }
          >
            <legend className="font-semibold">
              What debtors confirm before they see their account
            </legend>
            <p id="branding-verificationFact-hint" className="text-sm text-slate-700">
              Accounts imported without this fact can't be opened by their debtors.
            </p>
            <FieldError id="branding-verificationFact-error" message={errors.verificationFact} />
            <div className="mt-2 space-y-2">
              {VERIFICATION_FACT_CHOICES.map((choice) => (
                <div key={choice.value} className="flex items-start gap-3">
                  <input
                    id={`fact-${choice.value}`}
                    type="radio"
                    name="verificationFact"
                    value={choice.value}
                    defaultChecked={values.verificationFact === choice.value}
                    className="mt-1 size-6 shrink-0 accent-blue-800"
                  />
                  <label htmlFor={`fact-${choice.value}`}>
                    {choice.label}
                    {loaded.missing[choice.value] > 0
                      ? ` (missing for ${loaded.missing[choice.value]} open accounts)`
                      : ""}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          {text(
            "linkLifetimeDays",
            "Links work for (days)",
            { inputMode: "numeric" },
            "1 to 365. A new link can be sent at any time.",
          )}
        </fieldset>

        <button type="submit" name="intent" value="settings" className="btn-primary">
          Save branding and disclosures
        </button>
      </Form>

      <section aria-labelledby="logo-title" className="card space-y-4">
        <h2 id="logo-title" className="text-lg font-bold">
          Logo
        </h2>
        {loaded.logoPath ? (
          <div className="space-y-3">
            <img
              src={loaded.logoPath}
              alt={`Current logo of ${loaded.values.displayName}`}
              className="max-h-24 max-w-full border border-slate-300 bg-white p-2"
            />
            <Form method="post">
              <button type="submit" name="intent" value="remove-logo" className="btn-secondary">
                Remove the logo
              </button>
            </Form>
          </div>
        ) : (
          <p>No logo yet: the top of debtors&apos; pages shows your display name alone.</p>
        )}
        <Form method="post" encType="multipart/form-data" className="space-y-3" noValidate>
          <Field
            id="logo"
            label="Upload a logo"
            hint="Shown 40 pixels tall beside your display name at the top of debtors' pages. PNG, JPEG or WebP, up to 200 KB and 2000 × 2000 pixels."
            error={logo && !logo.ok ? logo.errors.logo : null}
            inputProps={{ name: "logo", type: "file", accept: "image/png,image/jpeg,image/webp" }}
          />
          <button type="submit" className="btn-secondary">
            Upload logo
          </button>
        </Form>
      </section>
    </section>
  );
}
