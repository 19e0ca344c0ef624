import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { signOutCreditor } from "~/models/creditor-auth.server";
import { clearCreditorSessionCookie, getCreditorSession } from "~/utils/creditor-session.server";

export async function action({ request, context }: ActionFunctionArgs) {
  await signOutCreditor(await getCreditorSession(request), context.clientIp);
  throw redirect("/creditor/sign-in?reason=signed-out", {
    headers: { "Set-Cookie": clearCreditorSessionCookie() },
  });
}

export async function loader() {
  // Never sign out on GET: a prefetch must not end a session.
  throw redirect("/creditor");
}
