// Accepting an invitation. Like /l/<token>, the GET only shows a neutral page (mail
// scanners and link previews fetch invitation links, and the URL is a credential): it names
// no creditor, person or email and changes nothing. "Continue" (a POST) shows whose
// invitation it is and asks for a password; the POST with the password uses it up, and the
// new user goes on to set up two-step sign-in.
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

export const meta: MetaFunction = () => [
  { title: "Your invitation: creditor area" },
  { name: "robots", content: "noindex, nofollow" },
];

type Invite = { email: string; name: string; creditorName: string };
type ActionData =
  { state: "invalid" } | { state: "password"; invite: Invite; errors: Record<string, string> };

export async function loader({ params, context }: LoaderFunctionArgs) {
  enforce("creditorInvite", context.clientIp);
  const invite = await findInvite(params.token ?? "");
  // The password rule lives in a server module: the page gets the number through here.
  return { state: invite ? ("intro" as const) : ("invalid" as const), passwordMin: PASSWORD_MIN };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const token = params.token ?? "";
  if (form.get("intent") === "continue") {
    enforce("creditorInvite", context.clientIp);
    const invite = await findInvite(token);
    if (!invite) return data<ActionData>({ state: "invalid" }, { status: 400 });
    return data<ActionData>({ state: "password", invite: publicInvite(invite), errors: {} });
  }
  const outcome = await acceptInvite({
    token,
    password: String(form.get("password") ?? ""),
    confirm: String(form.get("confirm") ?? ""),
    ip: context.clientIp,
  });
  if (outcome.ok)
    throw redirect("/creditor/two-factor/setup", { headers: { "Set-Cookie": outcome.setCookie } });
  if ("invalid" in outcome) return data<ActionData>({ state: "invalid" }, { status: 400 });
  // Still good (the password was refused): the form again, with who it is for.
  const invite = await findInvite(token);
  if (!invite) return data<ActionData>({ state: "invalid" }, { status: 400 });
  return data<ActionData>(
    { state: "password", invite: publicInvite(invite), errors: outcome.errors },
    { status: 400 },
  );
}

const publicInvite = (invite: Invite): Invite => ({
  email: invite.email,
  name: invite.name,
  creditorName: invite.creditorName,
});

export default function AcceptInvite() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionData | undefined;
  if (result?.state === "invalid" || (!result && loaded.state === "invalid")) {
    return (
      <div lang="en" className="mx-auto max-w-md space-y-4">
        <PageTitle>This invitation can't be used</PageTitle>
        <p className="card">
          Invitations work once and for 7 days. Ask the person who invited you to send a new one.
        </p>
      </div>
    );
  }
  if (result?.state === "password")
    return (
      <PasswordForm
        invite={result.invite}
        errors={result.errors}
        passwordMin={loaded.passwordMin}
      />
    );
  return (
    <div lang="en" className="mx-auto max-w-md space-y-6">
      <PageTitle description="Someone invited you to the creditor area of this portal. Continue to see the invitation and choose your password.">
        Your invitation
      </PageTitle>
      <Form method="post" className="card">
        <button
          type="submit"
          name="intent"
          value="continue"
          className="btn-primary w-full sm:w-auto"
        >
          Continue
        </button>
      </Form>
    </div>
  );
}

function PasswordForm({
  invite,
  errors,
  passwordMin,
}: {
  invite: Invite;
  errors: Record<string, string>;
  passwordMin: number;
}) {
  return (
    <div lang="en" className="mx-auto max-w-md space-y-6">
      <PageTitle
        description={`${invite.creditorName} invited ${invite.name} (${invite.email}) to the creditor area.`}
      >
        Choose your password
      </PageTitle>
      <Form method="post" className="card space-y-5" noValidate>
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={invite.email}
          readOnly
          hidden
        />
        <Field
          id="password"
          label="New password"
          hint={`At least ${passwordMin} characters. A few unrelated words work well.`}
          error={errors.password}
          inputProps={{
            name: "password",
            type: "password",
            autoComplete: "new-password",
            required: true,
            minLength: passwordMin,
            autoFocus: true,
          }}
        />
        <Field
          id="confirm"
          label="The same password again"
          error={errors.confirm}
          inputProps={{
            name: "confirm",
            type: "password",
            autoComplete: "new-password",
            required: true,
          }}
        />
        <button type="submit" name="intent" value="accept" className="btn-primary w-full sm:w-auto">
          Continue
        </button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
