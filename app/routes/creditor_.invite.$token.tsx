// Accepting an invitation: choose a password, then set up two-step sign-in. The GET only
// shows the form; the POST uses the invitation up.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { PageTitle } from "~/components/creditor/ui";
import { passErrorHeaders } from "~/lib/route-headers";
import { acceptInvite, findInvite } from "~/models/creditor-auth.server";
import { PASSWORD_MIN } from "~/models/creditor-credentials.server";
import { enforce } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Accept your invitation: creditor area" }];

export async function loader({ params, context }: LoaderFunctionArgs) {
  enforce("creditorInvite", context.clientIp);
  const invite = await findInvite(params.token ?? "");
  return { invite: invite ? { email: invite.email, name: invite.name, creditorName: invite.creditorName } : null, passwordMin: PASSWORD_MIN };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const outcome = await acceptInvite({
    token: params.token ?? "",
    password: String(form.get("password") ?? ""),
    confirm: String(form.get("confirm") ?? ""),
    ip: context.clientIp,
  });
  if (outcome.ok) throw redirect("/creditor/two-factor/setup", { headers: { "Set-Cookie": outcome.setCookie } });
  if ("invalid" in outcome) return data({ invalid: true, errors: {} as Record<string, string> }, { status: 400 });
  return data({ invalid: false, errors: outcome.errors }, { status: 400 });
}

export default function AcceptInvite() {
  const { invite, passwordMin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!invite || result?.invalid) {
    return (
      <div lang="en" className="mx-auto max-w-md space-y-4">
        <PageTitle>This invitation can't be used</PageTitle>
        <p className="card">Invitations work once and for 7 days. Ask the person who invited you to send a new one.</p>
      </div>
    );
  }
  return (
    <div lang="en" className="mx-auto max-w-md space-y-6">
      <PageTitle description={`${invite.creditorName} invited ${invite.name} (${invite.email}) to the creditor area.`}>
        Choose your password
      </PageTitle>
      <Form method="post" className="card space-y-5" noValidate>
        <input type="text" name="username" autoComplete="username" value={invite.email} readOnly hidden />
        <Field
          id="password"
          label="New password"
          hint={`At least ${passwordMin} characters. A few unrelated words work well.`}
          error={result?.errors.password}
          inputProps={{ name: "password", type: "password", autoComplete: "new-password", required: true, minLength: passwordMin }}
        />
        <Field
          id="confirm"
          label="The same password again"
          error={result?.errors.confirm}
          inputProps={{ name: "confirm", type: "password", autoComplete: "new-password", required: true }}
        />
        <button type="submit" className="btn-primary w-full sm:w-auto">
          Continue
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
