// Creditor sign-in, step 1: email and password. Step 2 (the code) is /creditor/two-factor.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { FormError, Notice, PageTitle } from "~/components/creditor/ui";
import { passErrorHeaders } from "~/lib/route-headers";
import { creditorRedirect } from "~/lib/creditor-paths";
import { signInWithPassword } from "~/models/creditor-auth.server";
import { getCreditorSession } from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const found = await getCreditorSession(request);
  if (found?.session.secondFactorAt) throw redirect("/creditor");
  const reason = new URL(request.url).searchParams.get("reason");
  return { reason: reason === "expired" || reason === "signed-out" ? reason : null };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  const redirectTo = creditorRedirect(form.get("redirectTo"));
  if (!email.trim() || !password) {
    return data(
      {
        email,
        message: null,
        errors: {
          email: email.trim() ? null : "Enter your email address.",
          password: password ? null : "Enter your password.",
        },
      },
      { status: 400 },
    );
  }
  const outcome = await signInWithPassword({ email, password, ip: context.clientIp });
  if (outcome.kind === "second-factor") {
    const next = outcome.enrolled ? "/creditor/two-factor" : "/creditor/two-factor/setup";
    const query = redirectTo !== "/creditor" ? `?redirectTo=${encodeURIComponent(redirectTo)}` : "";
    throw redirect(`${next}${query}`, { headers: { "Set-Cookie": outcome.setCookie } });
  }
  return data(
    { email, message: outcome.message, errors: { email: null, password: null } },
    { status: outcome.kind === "paused" ? 429 : 400 },
  );
}

export default function CreditorSignIn() {
  const { reason } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div lang="en" className="mx-auto max-w-md space-y-6">
      <PageTitle description="For creditors and their teams. Debtors: use the link or code you received.">
        Sign in to the creditor area
      </PageTitle>
      {reason === "expired" ? (
        <Notice tone="info">
          You were signed out after a while without activity. Please sign in again.
        </Notice>
      ) : null}
      {reason === "signed-out" ? <Notice>You're signed out.</Notice> : null}
      <Form method="post" className="card space-y-5" noValidate>
        {result?.message ? <FormError id="sign-in-error">{result.message}</FormError> : null}
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <Field
          id="email"
          label="Email address"
          error={result?.errors.email}
          inputProps={{
            name: "email",
            type: "email",
            autoComplete: "username",
            required: true,
            defaultValue: result?.email ?? "",
            spellCheck: false,
            autoCapitalize: "none",
          }}
        />
        <Field
          id="password"
          label="Password"
          error={result?.errors.password}
          inputProps={{
            name: "password",
            type: "password",
            autoComplete: "current-password",
            required: true,
          }}
        />
        <button type="submit" className="btn-primary w-full sm:w-auto">
          Continue
        </button>
      </Form>
      <p className="text-sm text-slate-700">
        Forgot your password or lost your phone? An owner of your account can remove your access and
        invite you again.
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
