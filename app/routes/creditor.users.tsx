// The team (owners only): who has access, invite someone (owner or staff), remove access.
// Staff can work with accounts but cannot change policy, branding or the team.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TeamMembers, type TeamActionResult, type TeamPageData } from "~/components/creditor/team";
import { passErrorHeaders } from "~/lib/route-headers";
import { INVITE_DAYS, inviteUser, listTeam, removeUser } from "~/models/creditor-auth.server";
import { requireCreditorOwner } from "~/utils/creditor-session.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Team: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor, user } = await requireCreditorOwner(request);
  const page: TeamPageData = {
    team: await listTeam(creditor.id),
    me: user.id,
    timezone: creditor.timezone,
    inviteDays: INVITE_DAYS,
  };
  return page;
}

type Result = TeamActionResult;

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
  const result = useActionData<typeof action>() as Result | undefined;
  return <TeamMembers {...useLoaderData<typeof loader>()} result={result} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
