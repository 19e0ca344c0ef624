// SMS through Twilio's REST API: a small client over fetch (no SDK), and the check of
// Twilio's webhook signature. `TWILIO_FROM` is a phone number, or a Messaging Service
// SID (MG…); `TWILIO_BASE_URL` points the client elsewhere (the tests' local fake).
import { createHmac, timingSafeEqual } from "node:crypto";
import { DeliveryError, type DeliveryResult } from "./email.server";

export type SmsSender = { send(message: { to: string; body: string }): Promise<DeliveryResult> };

export type TwilioOptions = {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl?: string;
  timeoutMs?: number;
  statusCallback?: string;
};

// Errors that will not go away by retrying (Twilio error codes).
const PERMANENT_TWILIO_CODES = new Set([
  21211, // invalid To number
  21408, // region not enabled
  21610, // the recipient replied STOP
  21612, // To cannot be reached from this From
  21614, // not a mobile number
  21617, // body too long
]);

export function createTwilioSender(options: TwilioOptions): SmsSender {
  const base = (options.baseUrl ?? "https://api.twilio.com").replace(/\/$/, "");
  const url = `${base}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString("base64")}`;
  return {
    async send({ to, body }) {
      const form = new URLSearchParams({ To: to, Body: body });
      if (options.from.startsWith("MG")) form.set("MessagingServiceSid", options.from);
      else form.set("From", options.from);
      if (options.statusCallback) form.set("StatusCallback", options.statusCallback);
      let response: Response;
      try {
        response = await fetch(url, {
          method: "POST",
          headers: {
            Authorization: auth,
            "Content-Type": "application/x-www-form-urlencoded",
            Accept: "application/json",
          },
          body: form,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (error) {
        const timeout = (error as Error).name === "TimeoutError";
        throw new DeliveryError(timeout ? "twilio_timeout" : "twilio_network", false);
      }
      const json = (await response.json().catch(() => ({}))) as {
        sid?: string;
        code?: number;
        status?: string | number;
      };
      if (response.ok && typeof json.sid === "string")
        return { provider: "twilio", providerId: json.sid };
      if (typeof json.code === "number") {
        // Other 4xx are our request's fault (permanent), except throttling and credentials,
        // which an operator fixes: those keep retrying with backoff.
        const permanent =
          PERMANENT_TWILIO_CODES.has(json.code) ||
          (response.status >= 400 &&
            response.status < 500 &&
            ![401, 403, 429].includes(response.status));
        throw new DeliveryError(`twilio_${json.code}`, permanent);
      }
      // 429 and 5xx: Twilio is busy or down; anything else unexpected is worth a retry too.
      throw new DeliveryError(`twilio_http_${response.status}`, false);
    },
  };
}

/**
 * X-Twilio-Signature: base64 HMAC-SHA1 with the auth token over the full URL Twilio
 * called, followed by each POST parameter's name and value, sorted by name.
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, key) => acc + key + params[key], url);
  return createHmac("sha1", authToken).update(data, "utf8").digest("base64");
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | null,
): boolean {
  if (!signature) return false;
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
