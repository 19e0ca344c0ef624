// Setting up the second factor (app/routes/creditor_.two-factor_.setup.tsx): the QR code
// and the setup key, the form that confirms them with a code, then the recovery codes,
// shown once; or why sign-in is paused.
import { Form, Link, useSearchParams } from "@remix-run/react";
import { Field } from "~/components/forms";
import { PageTitle, SignInPaused } from "~/components/creditor/ui";

/** A key to enrol, as the page shows it (the QR code is an SVG made on the server). */
export type EnrolmentView = { email: string; key: string; qrSvg: string };

/** What the page's loader gives it. */
export type TwoFactorSetupData = { state: "enrolled" } | ({ state: "setup" } & EnrolmentView);

/** The action's answer: the recovery codes, a pause, or the code's error with the same key. */
export type TwoFactorSetupResult =
  | { state: "done"; recoveryCodes: string[]; next: string }
  | { state: "paused"; message: string }
  | { state: "error"; message: string; view: EnrolmentView };

export function TwoFactorSetupSteps({
  loaded,
  result,
}: {
  loaded: TwoFactorSetupData;
  result: TwoFactorSetupResult | undefined;
}) {
  const [params] = useSearchParams();
  if (result?.state === "done") {
    return (
      <div lang="en" className="mx-auto max-w-xl space-y-6">
        <PageTitle description="Two-step sign-in is on.">Save your recovery codes</PageTitle>
        <section className="card space-y-4" aria-labelledby="codes-title">
          <h2 id="codes-title" className="text-lg font-bold">
            Recovery codes
          </h2>
          <p>
            If you lose your phone, each of these codes lets you sign in once instead of a code from
            your app. Keep them somewhere safe, like a password manager. This is the only time they
            are shown.
          </p>
          <ul className="grid grid-cols-2 gap-2 font-mono text-lg" data-testid="recovery-codes">
            {result.recoveryCodes.map((code) => (
              <li key={code}>{code}</li>
            ))}
          </ul>
        </section>
        <p>
          <Link to={result.next} className="btn-primary">
            I've saved them: continue
          </Link>
        </p>
      </div>
    );
  }
  if (result?.state === "paused") {
    return <SignInPaused message={result.message} />;
  }
  if (loaded.state === "enrolled" || !("key" in loaded)) {
    // Only reached with an old cookie and no answer to show (the codes are never shown twice).
    return (
      <div lang="en" className="mx-auto max-w-md space-y-4">
        <PageTitle>Two-step sign-in is on</PageTitle>
        <p>
          <Link to="/creditor" className="btn-primary">
            Continue
          </Link>
        </p>
      </div>
    );
  }
  const view = result?.state === "error" ? result.view : loaded;
  return (
    <div lang="en" className="mx-auto max-w-xl space-y-6">
      <PageTitle description="Creditor accounts need a second step at sign-in: a 6-digit code from an authenticator app on your phone (for example Google Authenticator, Microsoft Authenticator, 1Password or Authy).">
        Set up two-step sign-in
      </PageTitle>
      <section className="card space-y-4" aria-labelledby="scan-title">
        <h2 id="scan-title" className="text-lg font-bold">
          1. Add the portal to your app
        </h2>
        <p>Scan this QR code with your authenticator app.</p>
        <div
          className="w-56 max-w-full border border-slate-300 bg-white p-2 [&>svg]:h-auto [&>svg]:w-full"
          role="img"
          aria-label="QR code for your authenticator app. If you can't scan it, type the setup key shown below."
          // The SVG is generated on the server from our own data (uqr); no user input in it.
          dangerouslySetInnerHTML={{ __html: view.qrSvg }}
        />
        <p>
          Can't scan it? In your app choose to enter a setup key, and type this one (time-based, 6
          digits):
        </p>
        <p className="break-all rounded bg-slate-100 p-2 font-mono text-lg" data-testid="totp-key">
          {view.key.match(/.{1,4}/g)?.join(" ")}
        </p>
      </section>
      <Form method="post" className="card space-y-5" noValidate>
        <h2 className="text-lg font-bold">2. Confirm with a code</h2>
        <input type="hidden" name="key" value={view.key} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          id="code"
          label="6-digit code from your app"
          error={result?.state === "error" ? result.message : null}
          inputProps={{
            name: "code",
            type: "text",
            inputMode: "numeric",
            autoComplete: "one-time-code",
            required: true,
            maxLength: 10,
            spellCheck: false,
          }}
        />
        <button type="submit" className="btn-primary w-full sm:w-auto">
          Turn on two-step sign-in
        </button>
      </Form>
    </div>
  );
}
