// The outbox's transports: email and SMS senders chosen from the settings (the demo outbox
// when there are none, in demo mode only). The outbox worker sends through these.
import { getEnv, type Env } from "~/utils/env.server";
import { randomId } from "~/utils/crypto.server";
import {
  DeliveryError,
  type DeliveryResult,
  type EmailSender,
  createSmtpSender,
} from "./email.server";
import { createTwilioSender, type SmsSender } from "./sms.server";

export type Transports = {
  email: Pick<EmailSender, "send">;
  sms: SmsSender;
  close?: () => void;
};

/** Demo mode without settings: "delivered" to the demo outbox page, nothing leaves. */
const demoSender = {
  async send(): Promise<DeliveryResult> {
    return { provider: "demo", providerId: `demo-${randomId()}` };
  },
};

const notConfigured = (what: string) => ({
  async send(): Promise<DeliveryResult> {
    throw new DeliveryError(`${what}_not_configured`, false);
  },
});

/** The real transports whenever their settings are present; the demo outbox otherwise (demo mode only). */
export function transportsFromEnv(env: Env = getEnv()): Transports {
  const smtp =
    env.SMTP_URL && env.MAIL_FROM
      ? createSmtpSender({ smtpUrl: env.SMTP_URL, mailFrom: env.MAIL_FROM })
      : null;
  const twilio =
    env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM
      ? createTwilioSender({
          accountSid: env.TWILIO_ACCOUNT_SID,
          authToken: env.TWILIO_AUTH_TOKEN,
          from: env.TWILIO_FROM,
          baseUrl: env.TWILIO_BASE_URL,
        })
      : null;
  return {
    email: smtp ?? (env.demo ? demoSender : notConfigured("smtp")),
    sms: twilio ?? (env.demo ? demoSender : notConfigured("twilio")),
    close: () => smtp?.close(),
  };
}
