// The creditor area's frame: who is signed in, the navigation, sign out, and the idle
// warning. English only. Every child route checks the session itself as well: loaders
// run in parallel, so none relies on this one.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CreditorSessionTimeout } from "~/components/creditor/session-timeout";
import { passErrorHeaders } from "~/lib/route-headers";
import { requireCreditorUser } from "~/utils/creditor-session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, creditor, session } = await requireCreditorUser(request);
  return {
    user: { name: user.name, role: user.role },
    creditorName: creditor.displayName,
    remainingMs: session.expiresAt.getTime() - Date.now(),
  };
}

const LINKS = [
  { to: "/creditor", label: "At a glance", end: true, ownerOnly: false },
  { to: "/creditor/accounts", label: "Accounts", end: false, ownerOnly: false },
  { to: "/creditor/policy", label: "Plan policy", end: false, ownerOnly: false },
  { to: "/creditor/branding", label: "Branding", end: false, ownerOnly: true },
  { to: "/creditor/users", label: "Team", end: false, ownerOnly: true },
];

export default function CreditorLayout() {
  const { user, creditorName, remainingMs } = useLoaderData<typeof loader>();
  return (
    <div lang="en" className="space-y-6">
      <div className="card space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p>
            <span className="font-bold">{creditorName}</span>
            <span className="text-slate-700">
              {" "}
              · {user.name} ({user.role === "owner" ? "owner" : "staff"})
            </span>
          </p>
          <Form method="post" action="/creditor/sign-out">
            <button type="submit" className="btn-secondary">
              Sign out
            </button>
          </Form>
        </div>
        <nav aria-label="Creditor area">
          <ul className="flex flex-wrap gap-x-4 gap-y-1">
            {LINKS.filter((l) => !l.ownerOnly || user.role === "owner").map((link) => (
              <li key={link.to}>
                <NavLink
                  to={link.to}
                  end={link.end}
                  className={({ isActive }) =>
                    `inline-block min-h-6 py-1 ${isActive ? "font-bold no-underline" : ""}`
                  }
                >
                  {link.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </div>
      <Outlet />
      <CreditorSessionTimeout remainingMs={remainingMs} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
