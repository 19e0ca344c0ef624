// Setting up the second factor (first sign-in, or after an invitation): scan the QR code
// or type the key, confirm with a code, then keep the recovery codes. The GET generates a
// key and stores nothing; the key is saved only once a code made from it checks out.
//
// The recovery codes exist only in the answer to that POST (never stored in a readable
// form, never on a GET, `Cache-Control: no-store`): a reload re-posts with the new session
// and is sent on to /creditor, a new visit is too, so they are shown exactly once. Without
// JavaScript the browser's POST is answered by the action *and then this loader*, which
// still sees the pending cookie the action just replaced: it must recognise the promotion
// (wasJustPromoted) instead of signing the user out, which it used to do.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TwoFactorSetupSteps } from "~/components/creditor/two-factor-setup";
import { creditorRedirect } from "~/lib/creditor-paths";
import { passErrorHeaders } from "~/lib/route-headers";
import { enrolTotp } from "~/models/creditor-auth.server";
import {
  decodeTotpKey,
  encodeTotpKey,
  newTotpKey,
  totpKeyUri,
  totpQrSvg,
} from "~/models/creditor-credentials.server";
import {
  clearCreditorSessionCookie,
  getCreditorSession,
  requirePendingCreditorSession,
  wasJustPromoted,
} from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Set up two-step sign-in: creditor area" }];

function enrolmentView(email: string, keyBase32?: string) {
  const key = keyBase32 ?? encodeTotpKey(newTotpKey());
  return { email, key, qrSvg: totpQrSvg(totpKeyUri(email, decodeTotpKey(key)!)) };
}

const NO_STORE = { "Cache-Control": "no-store" };

export async function loader({ request }: LoaderFunctionArgs) {
  const found = await getCreditorSession(request);
  // The page right after a successful enrolment without JavaScript (see above): the
  // action's answer (the codes, the new cookie) is what the browser shows.
  if (!found && (await wasJustPromoted(request))) return { state: "enrolled" as const };
  const pending = await requirePendingCreditorSession(request);
  if (pending.user.totpEnabledAt) throw redirect("/creditor/two-factor");
  return { state: "setup" as const, ...enrolmentView(pending.user.email) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const pending = await requirePendingCreditorSession(request);
  const form = await readForm(request);
  const key = String(form.get("key") ?? "")
    .replace(/[^A-Z2-7]/gi, "")
    .toUpperCase();
  const outcome = await enrolTotp(pending, key, String(form.get("code") ?? ""), context.clientIp);
  if (outcome.kind === "enrolled") {
    return data(
      {
        state: "done" as const,
        recoveryCodes: outcome.recoveryCodes,
        next: creditorRedirect(form.get("redirectTo")),
      },
      { headers: { "Set-Cookie": outcome.setCookie, ...NO_STORE } },
    );
  }
  if (outcome.kind === "paused") {
    return data(
      { state: "paused" as const, message: outcome.message },
      { status: 429, headers: { "Set-Cookie": clearCreditorSessionCookie(), ...NO_STORE } },
    );
  }
  return data(
    {
      state: "error" as const,
      message: outcome.message,
      view: enrolmentView(pending.user.email, /^[A-Z2-7]{32}$/.test(key) ? key : undefined),
    },
    { status: 400, headers: NO_STORE },
  );
}

// After enrolment the session is full, and this loader would send the browser on before
// the recovery codes are read: the page keeps the action's answer instead.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formMethod,
  defaultShouldRevalidate,
}) => (formMethod === "POST" ? false : defaultShouldRevalidate);

export default function TwoFactorSetup() {
  return (
    <TwoFactorSetupSteps
      loaded={useLoaderData<typeof loader>()}
      result={useActionData<typeof action>()}
    />
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
