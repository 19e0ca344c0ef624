// The team page (app/routes/creditor.users.tsx): who has access and in which state, remove
// access, and invite someone as owner or staff (the link is shown once).
import { Form } from "@remix-run/react";
import { Field } from "~/components/forms";
import { dateTime, FieldError, FormError, Notice, PageTitle } from "~/components/creditor/ui";
import type { listTeam } from "~/models/creditor-auth.server";

/**
 * What the page's loader gives it. `inviteDays` travels as data: a value imported from a
 * .server module is undefined in the browser (the bundler empties those modules there).
 */
export type TeamPageData = {
  team: Awaited<ReturnType<typeof listTeam>>;
  me: string;
  timezone: string;
  inviteDays: number;
};

export type TeamActionResult =
  | { kind: "invite"; ok: true; email: string; url: string }
  | { kind: "invite"; ok: false; errors: Record<string, string>; values: Record<string, string> }
  | { kind: "remove"; ok: boolean; message: string };

const STATE_LABELS = {
  active: "Active",
  setup_pending: "Has not set up two-step sign-in yet",
  invited: "Invited",
  invite_expired: "Invitation expired",
  removed: "Access removed",
} as const;

export function TeamMembers({
  team,
  me,
  timezone,
  inviteDays,
  result,
}: TeamPageData & { result: TeamActionResult | undefined }) {
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
            {inviteDays} days):{" "}
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
