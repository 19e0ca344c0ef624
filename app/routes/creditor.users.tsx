// The team (owners only): who has access, invite someone (owner or staff), remove access.
// Staff can work with accounts but cannot change policy, branding or the team.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { dateTime, FieldError, FormError, Notice, PageTitle } from "~/components/creditor/ui";
import { passErrorHeaders } from "~/lib/route-headers";
import { INVITE_DAYS, inviteUser, listTeam, removeUser } from "~/models/creditor-auth.server";
import { requireCreditorOwner } from "~/utils/creditor-session.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Team: creditor area" }];

const STATE_LABELS = {
  active: "Active",
  setup_pending: "Has not set up two-step sign-in yet",
  invited: "Invited",
  invite_expired: "Invitation expired",
  removed: "Access removed",
} as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor, user } = await requireCreditorOwner(request);
  return { team: await listTeam(creditor.id), me: user.id, timezone: creditor.timezone };
}

type Result =
  | { kind: "invite"; ok: true; email: string; url: string }
  | { kind: "invite"; ok: false; errors: Record<string, string>; values: Record<string, string> }
  | { kind: "remove"; ok: boolean; message: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorOwner(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "invite") {
    const values = {
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: String(form.get("role") ?? ""),
    };
    const outcome = await inviteUser({
      creditorId: creditor.id,
      actorId: user.id,
      email: values.email,
      name: values.name,
      role: values.role as "owner" | "staff",
      ip: context.clientIp,
    });
    if (!outcome.ok)
      return data<Result>(
        { kind: "invite", ok: false, errors: outcome.errors, values },
        { status: 400 },
      );
    // The invitation travels with the outbox once messages exist; until then the owner
    // passes the link on (shown once, never stored in plain text).
    return data<Result>({
      kind: "invite",
      ok: true,
      email: values.email.trim().toLowerCase(),
      url: `${getEnv().appUrl}/creditor/invite/${outcome.token}`,
    });
  }
  if (intent === "remove") {
    const outcome = await removeUser({
      creditorId: creditor.id,
      actorId: user.id,
      userId: String(form.get("userId") ?? ""),
      ip: context.clientIp,
    });
    if (!outcome) throw notFound();
    return data<Result>(
      {
        kind: "remove",
        ok: outcome.ok,
        message: outcome.ok
          ? "Access removed, and every session of that person ended."
          : outcome.message,
      },
      { status: outcome.ok ? 200 : 400 },
    );
  }
  return data({ kind: "unknown" }, { status: 400 });
}

export default function TeamPage() {
  const { team, me, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const invite = result?.kind === "invite" ? result : undefined;
  const failed = invite && !invite.ok ? invite : undefined;
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle description="Owners manage the plan policy, branding and the team. Staff work with accounts, links and disputes.">
        Team
      </PageTitle>
      {result?.kind === "remove" ? (
        result.ok ? (
          <Notice>{result.message}</Notice>
        ) : (
          <FormError>{result.message}</FormError>
        )
      ) : null}
      <ul className="space-y-2" aria-label="Team members">
        {team.map((member) => (
          <li
            key={member.id}
            className="card flex flex-wrap items-center justify-between gap-3 py-3 sm:py-3"
          >
            <div className="min-w-0">
              <p className="font-semibold break-words">
                {member.name} {member.id === me ? "(you)" : ""}
              </p>
              <p className="break-all text-sm">{member.email}</p>
              <p className="text-sm">
                {member.role === "owner" ? "Owner" : "Staff"} · {STATE_LABELS[member.state]}
                {member.lastSignInAt
                  ? ` · last signed in ${dateTime(member.lastSignInAt, timezone)}`
                  : ""}
              </p>
            </div>
            {member.id !== me && member.state !== "removed" ? (
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="userId" value={member.id} />
                <button
                  type="submit"
                  className="btn-secondary"
                  aria-label={`Remove access for ${member.name}`}
                >
                  Remove access
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>

      <section aria-labelledby="invite-title" className="card space-y-4">
        <h2 id="invite-title" className="text-lg font-bold">
          Invite someone
        </h2>
        {invite?.ok ? (
          <Notice>
            Invitation ready for {invite.email}. Send them this link (it works once, for{" "}
            {INVITE_DAYS} days):{" "}
            <span className="break-all font-mono" data-testid="invite-url">
              {invite.url}
            </span>
          </Notice>
        ) : null}
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <Field
            id="invite-name"
            label="Name"
            error={failed?.errors.name}
            inputProps={{
              name: "name",
              type: "text",
              autoComplete: "off",
              defaultValue: failed?.values.name ?? "",
            }}
          />
          <Field
            id="invite-email"
            label="Email address"
            error={failed?.errors.email}
            inputProps={{
              name: "email",
              type: "email",
              autoComplete: "off",
              spellCheck: false,
              defaultValue: failed?.values.email ?? "",
            }}
          />
          <fieldset aria-describedby={failed?.errors.role ? "invite-role-error" : undefined}>
            <legend className="font-semibold">Role</legend>
            <FieldError id="invite-role-error" message={failed?.errors.role} />
            <div className="mt-2 space-y-2">
              {(["staff", "owner"] as const).map((role) => (
                <div key={role} className="flex items-start gap-3">
                  <input
                    id={`role-${role}`}
                    type="radio"
                    name="role"
                    value={role}
                    defaultChecked={(failed?.values.role ?? "staff") === role}
                    className="mt-1 size-6 shrink-0 accent-blue-800"
                  />
                  <label htmlFor={`role-${role}`}>
                    {role === "owner"
                      ? "Owner: everything, including policy, branding and the team"
                      : "Staff: accounts, links and disputes"}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="btn-primary">
            Create invitation
          </button>
        </Form>
      </section>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
