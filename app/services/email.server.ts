// Email through SMTP (nodemailer). `SMTP_URL` is e.g. smtps://user:pass@host:465;
// `MAIL_FROM` the envelope address; the display name is the creditor who is writing.
import nodemailer from "nodemailer";

export type OutgoingEmail = {
  /** Names the message for its Message-ID (`<key@sender's domain>`): the same on every attempt. */
  messageKey?: string;
  to: string;
  fromName: string;
  replyTo?: string | null;
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string | null;
};

export type DeliveryResult = { provider: string; providerId: string };

/** A failed delivery: `code` is safe to store and log; `permanent` stops the retries. */
export class DeliveryError extends Error {
  constructor(
    readonly code: string,
    readonly permanent: boolean,
    message?: string,
  ) {
    super(message ?? code);
    this.name = "DeliveryError";
  }
}

export type EmailSender = { send(email: OutgoingEmail): Promise<DeliveryResult>; close(): void };

// Every SMTP call is bounded (nodemailer's own defaults allow minutes), so a send always
// ends well inside the outbox worker's lease (5 minutes).
export const SMTP_TIMEOUTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 30_000,
};

export function createSmtpSender(options: { smtpUrl: string; mailFrom: string }): EmailSender {
  const transport = nodemailer.createTransport({ url: options.smtpUrl, ...SMTP_TIMEOUTS });
  const from = parseAddress(options.mailFrom);
  const domain = from.split("@")[1] ?? "portal.invalid";
  return {
    async send(email) {
      const headers: Record<string, string> = {};
      if (email.unsubscribeUrl) {
        // RFC 8058 one-click: mail providers POST "List-Unsubscribe=One-Click" to the URL.
        headers["List-Unsubscribe"] = `<${email.unsubscribeUrl}>`;
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
      }
      try {
        const info = await transport.sendMail({
          messageId: email.messageKey ? `<${email.messageKey}@${domain}>` : undefined,
          from: { name: email.fromName, address: from },
          to: email.to,
          replyTo: email.replyTo ?? undefined,
          subject: email.subject,
          text: email.text,
          html: email.html,
          headers,
        });
        if (info.rejected.length > 0) throw new DeliveryError("smtp_rejected", true);
        return { provider: "smtp", providerId: info.messageId };
      } catch (error) {
        throw toDeliveryError(error);
      }
    },
    close: () => transport.close(),
  };
}

function toDeliveryError(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === "number") {
    // 5xx: the server refuses for good (unknown mailbox, policy); 4xx: try again later.
    return new DeliveryError(`smtp_${e.responseCode}`, e.responseCode >= 500);
  }
  const code =
    typeof e.code === "string" ? e.code.toLowerCase().replace(/[^a-z0-9_]/g, "") : "error";
  return new DeliveryError(`smtp_${code || "error"}`, false);
}

/** "Name <a@b>" or "a@b" → the address. */
function parseAddress(value: string): string {
  const m = value.match(/<([^>]+)>/);
  return (m ? m[1] : value).trim();
}
