import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOut } from "~/models/debtor-access.server";
import { clearDebtorSessionCookie } from "~/utils/session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await signOut(request, context.clientIp);
  throw redirect("/signed-out", { headers: { "Set-Cookie": clearDebtorSessionCookie() } });
}

export async function loader() {
  // Never sign out on GET: a prefetch must not end a session.
  throw redirect("/");
}
