// "Stay signed in": moves the idle deadline. With JS it answers the fetcher; without JS
// the same form posts and comes back to the page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { safeRedirect } from "~/lib/safe-redirect";
import { extendDebtorSession, requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";

export async function action({ request }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const expiresAt = await extendDebtorSession(session);
  const form = await readForm(request);
  // A plain form post is a navigation; the fetcher's call is not.
  if (request.headers.get("sec-fetch-mode") === "navigate") {
    throw redirect(safeRedirect(form.get("redirectTo"), "/accounts"));
  }
  return { remainingMs: expiresAt.getTime() - Date.now() };
}

export async function loader() {
  throw redirect("/accounts");
}
