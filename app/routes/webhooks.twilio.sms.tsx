// Twilio's inbound SMS webhook. The signature (HMAC-SHA1 with our auth token over the
// public URL and the sorted form fields) is checked before anything is read; errors are
// not swallowed, so Twilio retries (the handler is idempotent per MessageSid).
import type { ActionFunctionArgs } from "@remix-run/node";
import { handleInboundSms } from "~/models/messages-inbound.server";
import { verifyTwilioSignature } from "~/services/sms.server";
import { getEnv } from "~/utils/env.server";
import { log } from "~/utils/log.server";
import { readForm } from "~/utils/forms.server";

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method not allowed", { status: 405 });
  const env = getEnv();
  if (!env.TWILIO_AUTH_TOKEN) return new Response("Not found", { status: 404 });
  const form = await readForm(request);
  const params: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") params[key] = value;
  // Twilio signs the URL it called: our public origin, not the one behind the proxy.
  const url = new URL(request.url);
  const publicUrl = `${env.appUrl.replace(/\/$/, "")}${url.pathname}${url.search}`;
  if (
    !verifyTwilioSignature(
      env.TWILIO_AUTH_TOKEN,
      publicUrl,
      params,
      request.headers.get("x-twilio-signature"),
    )
  ) {
    log("warn", "twilio.bad_signature", {});
    return new Response("Invalid signature", { status: 403 });
  }
  if (!params.MessageSid || !params.From) return new Response("Missing fields", { status: 400 });
  const result = await handleInboundSms({
    messageSid: params.MessageSid,
    from: params.From,
    to: params.To,
    body: params.Body ?? "",
  });
  log("info", "twilio.inbound", {
    keyword: result.keyword,
    duplicate: result.duplicate,
    replyQueued: result.replyQueued,
  });
  return new Response(EMPTY_TWIML, { status: 200, headers: { "Content-Type": "text/xml" } });
}
