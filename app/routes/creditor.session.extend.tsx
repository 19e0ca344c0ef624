// "Stay signed in" in the creditor area: with JS it answers the fetcher; without JS the
// same form posts and comes back to the page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { creditorRedirect } from "~/lib/creditor-paths";
import { extendCreditorSession, requireCreditorUser } from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export async function action({ request }: ActionFunctionArgs) {
  const { session } = await requireCreditorUser(request);
  const expiresAt = await extendCreditorSession(session);
  const form = await readForm(request);
  if (request.headers.get("sec-fetch-mode") === "navigate")
    throw redirect(creditorRedirect(form.get("redirectTo")));
  return { remainingMs: expiresAt.getTime() - Date.now() };
}

export async function loader() {
  throw redirect("/creditor");
}
