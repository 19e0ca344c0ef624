// Creditor sign-in, step 2: the code from the authenticator app, or a recovery code.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { PageTitle, SignInPaused } from "~/components/creditor/ui";
import { creditorRedirect } from "~/lib/creditor-paths";
import { passErrorHeaders } from "~/lib/route-headers";
import { verifySecondFactor } from "~/models/creditor-auth.server";
import {
  clearCreditorSessionCookie,
  requirePendingCreditorSession,
} from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Enter your code: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const pending = await requirePendingCreditorSession(request);
  if (!pending.user.totpEnabledAt) throw redirect("/creditor/two-factor/setup");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await requirePendingCreditorSession(request);
  if (!pending.user.totpEnabledAt) throw redirect("/creditor/two-factor/setup");
  const form = await readForm(request);
  const outcome = await verifySecondFactor(
    pending,
    String(form.get("code") ?? ""),
    context.clientIp,
  );
  if (outcome.kind === "signed-in") {
    let to = creditorRedirect(form.get("redirectTo"));
    if (outcome.recoveryCodesLeft !== undefined)
      to = `/creditor?recovery=${outcome.recoveryCodesLeft}`;
    throw redirect(to, { headers: { "Set-Cookie": outcome.setCookie } });
  }
  if (outcome.kind === "paused") {
    // The pending session is gone: back to the start, with the reason.
    return data(
      { message: outcome.message, paused: true },
      { status: 429, headers: { "Set-Cookie": clearCreditorSessionCookie() } },
    );
  }
  return data({ message: outcome.message, paused: false }, { status: 400 });
}

export default function TwoFactor() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  if (result?.paused) {
    return <SignInPaused message={result.message} />;
  }
  return (
    <div lang="en" className="mx-auto max-w-md space-y-6">
      <PageTitle description="Open your authenticator app and enter the 6-digit code it shows for the payment portal.">
        Enter your code
      </PageTitle>
      <Form method="post" className="card space-y-5" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          id="code"
          label="Code"
          hint="6 digits from your app, or one of your recovery codes (like ABCD-EFGH-JK)."
          error={result?.message}
          inputProps={{
            name: "code",
            type: "text",
            inputMode: "text",
            autoComplete: "one-time-code",
            required: true,
            autoFocus: true,
            spellCheck: false,
            autoCapitalize: "characters",
            maxLength: 20,
          }}
        />
        <button type="submit" className="btn-primary w-full sm:w-auto">
          Sign in
        </button>
      </Form>
      <form method="post" action="/creditor/sign-out">
        <button type="submit" className="btn-link">
          Cancel and sign in as someone else
        </button>
      </form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
