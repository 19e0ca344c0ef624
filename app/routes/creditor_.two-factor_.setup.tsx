// Setting up the second factor (first sign-in, or after an invitation): scan the QR code
// or type the key, confirm with a code, then keep the recovery codes. The GET generates a
// key and stores nothing; the key is saved only once a code made from it checks out.
//
// The recovery codes exist only in the answer to that POST (never stored in a readable
// form, never on a GET, `Cache-Control: no-store`): a reload re-posts with the new session
// and is sent on to /creditor, a new visit is too, so they are shown exactly once. Without
// JavaScript the browser's POST is answered by the action *and then this loader*, which
// still sees the pending cookie the action just replaced: it must recognise the promotion
// (wasJustPromoted) instead of signing the user out, which it used to do.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { PageTitle } from "~/components/creditor/ui";
import { creditorRedirect } from "~/lib/creditor-paths";
import { passErrorHeaders } from "~/lib/route-headers";
import { enrolTotp } from "~/models/creditor-auth.server";
import {
  decodeTotpKey,
  encodeTotpKey,
  newTotpKey,
  totpKeyUri,
  totpQrSvg,
} from "~/models/creditor-credentials.server";
import {
  clearCreditorSessionCookie,
  getCreditorSession,
  requirePendingCreditorSession,
  wasJustPromoted,
} from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Set up two-step sign-in: creditor area" }];

function enrolmentView(email: string, keyBase32?: string) {
  const key = keyBase32 ?? encodeTotpKey(newTotpKey());
  return { email, key, qrSvg: totpQrSvg(totpKeyUri(email, decodeTotpKey(key)!)) };
}

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const found = await getCreditorSession(request);
  // The page right after a successful enrolment without JavaScript (see above): the
  // action's answer (the codes, the new cookie) is what the browser shows.
  if (!found && (await wasJustPromoted(request))) return { state: "enrolled" as const };
  const pending = await requirePendingCreditorSession(request);
  if (pending.user.totpEnabledAt) throw redirect("/creditor/two-factor");
  return { state: "setup" as const, ...enrolmentView(pending.user.email) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await requirePendingCreditorSession(request);
  const form = await readForm(request);
  const key = String(form.get("key") ?? "")
    .replace(/[^A-Z2-7]/gi, "")
    .toUpperCase();
  const outcome = await enrolTotp(pending, key, String(form.get("code") ?? ""), context.clientIp);
  if (outcome.kind === "enrolled") {
    return data(
      {
        state: "done" as const,
        recoveryCodes: outcome.recoveryCodes,
        next: creditorRedirect(form.get("redirectTo")),
      },
      { headers: { "Set-Cookie": outcome.setCookie, ...NO_STORE } },
    );
  }
  if (outcome.kind === "paused") {
    return data(
      { state: "paused" as const, message: outcome.message },
      { status: 429, headers: { "Set-Cookie": clearCreditorSessionCookie(), ...NO_STORE } },
    );
  }
  return data(
    {
      state: "error" as const,
      message: outcome.message,
      view: enrolmentView(pending.user.email, /^[A-Z2-7]{32}$/.test(key) ? key : undefined),
    },
    { status: 400, headers: NO_STORE },
  );
}

// After enrolment the session is full, and this loader would send the browser on before
// the recovery codes are read: the page keeps the action's answer instead.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod === "POST" ? false : defaultShouldRevalidate);

export default function TwoFactorSetup() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
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
    return (
      <div lang="en" className="mx-auto max-w-md space-y-4">
        <PageTitle>Sign-in paused</PageTitle>
        <p role="alert" className="card">
          {result.message}
        </p>
        <p>
          <a href="/creditor/sign-in">Back to sign in</a>
        </p>
      </div>
    );
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

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
