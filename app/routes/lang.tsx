// The language switch: a plain form post, so it works without JavaScript.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { isLang, LANG_COOKIE } from "~/lib/i18n";
import { safeRedirect } from "~/lib/safe-redirect";
import { serializeCookie } from "~/utils/cookies.server";
import { getEnv } from "~/utils/env.server";
import { readForm } from "~/utils/forms.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.get("lang");
  const to = safeRedirect(form.get("redirectTo"));
  if (!isLang(lang)) throw redirect(to);
  const cookie = serializeCookie(LANG_COOKIE, lang, {
    secure: getEnv().secureCookies,
    maxAgeSeconds: 365 * 24 * 3600,
  });
  throw redirect(to, { headers: { "Set-Cookie": cookie } });
}

export async function loader() {
  throw redirect("/");
}
