// Renders a message from what a template may know: who is writing (the creditor's public
// name, colour and contact), the link, the code, the disclosure and the opt-out. Nothing
// else reaches this function, so nothing else can reach a message.
import type { Lang } from "~/lib/i18n";
import { TEMPLATE_POLICY, type Channel, type TemplateName } from "~/lib/message-rules";
import { TEXTS } from "./texts";

export type Sender = {
  displayName: string;
  collectorType: "third_party" | "first_party";
  accentColor: string;
  supportPhone: string;
  supportEmail: string;
};

export type RenderInput = {
  template: TemplateName;
  channel: Channel;
  language: Lang;
  /** Null for a keyword reply to a number we cannot tie to a creditor. */
  sender: Sender | null;
  /** The debt-collector disclosure's first-message form (with the "attempt to collect"). */
  firstMessage: boolean;
  appUrl: string;
  linkToken?: string;
  code?: string;
  unsubscribeToken?: string;
};

export type RenderedEmail = {
  channel: "email";
  subject: string;
  text: string;
  html: string;
  unsubscribeUrl: string | null;
};
export type RenderedSms = { channel: "sms"; body: string };
export type Rendered = RenderedEmail | RenderedSms;

const fill = (template: string, vars: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);

export function linkUrl(appUrl: string, token: string) {
  return `${appUrl.replace(/\/$/, "")}/l/${token}`;
}

export function unsubscribeUrl(appUrl: string, token: string) {
  return `${appUrl.replace(/\/$/, "")}/unsubscribe/${token}`;
}

export function renderMessage(input: RenderInput): Rendered {
  const texts = TEXTS[input.language];
  const t = texts.templates[input.template];
  const c = texts.common;
  const base = input.appUrl.replace(/\/$/, "");
  const sender = input.sender?.displayName ?? c.platform;
  const needsLink = TEMPLATE_POLICY[input.template].link;
  if (needsLink && !input.linkToken)
    throw new Error(`renderMessage: ${input.template} needs a link`);
  const link = input.linkToken ? linkUrl(base, input.linkToken) : "";
  const vars = {
    sender,
    link,
    code: input.code ?? "",
    codeUrl: `${base}/code`,
    genuineUrl: `${base}/is-this-real`,
    phone: input.sender?.supportPhone ?? "",
    email: input.sender?.supportEmail ?? "",
  };
  const disclosure =
    input.sender?.collectorType === "third_party"
      ? input.firstMessage
        ? c.firstDisclosure
        : c.disclosure
      : null;

  if (input.channel === "sms") {
    const parts = [fill(t.sms, vars)];
    if (disclosure) parts.push(disclosure);
    // The opt-out confirmation says how to come back instead; everything else says how to leave.
    if (input.template !== "sms_opt_out_confirmation") parts.push(c.smsStop);
    return { channel: "sms", body: parts.join(" ") };
  }

  if (!input.unsubscribeToken)
    throw new Error("renderMessage: an email needs an unsubscribe token");
  const unsubscribe = unsubscribeUrl(base, input.unsubscribeToken);
  const subject = fill(t.subject, vars);
  const lines = [
    c.greeting,
    fill(t.lead, vars),
    t.body ? fill(t.body, vars) : null,
    link && t.action ? `${t.action}: ${link}` : null,
    input.code ? fill(c.code, vars) : null,
    fill(c.genuine, vars),
    c.notMeant,
    disclosure,
    "--",
    fill(c.sentBy, vars),
    input.sender ? fill(c.contact, vars) : null,
    `${c.unsubscribe} ${c.unsubscribeLink}: ${unsubscribe}`,
  ].filter((line): line is string => Boolean(line));
  const text = lines.join("\n\n") + "\n";
  const html = emailHtml({
    lang: input.language,
    subject,
    sender,
    accent: input.sender?.accentColor ?? "#1d4ed8",
    greeting: c.greeting,
    paragraphs: [fill(t.lead, vars), ...(t.body ? [fill(t.body, vars)] : [])],
    action: link && t.action ? { href: link, label: t.action } : null,
    code: input.code
      ? { before: fill(c.code, { ...vars, code: "\u0000" }).split("\u0000")[0], code: input.code }
      : null,
    genuine: fill(c.genuine, { ...vars, genuineUrl: "\u0000" }).split("\u0000")[0],
    genuineUrl: vars.genuineUrl,
    notMeant: c.notMeant,
    disclosure,
    footer: [fill(c.sentBy, vars), ...(input.sender ? [fill(c.contact, vars)] : [])],
    unsubscribe: { text: c.unsubscribe, label: c.unsubscribeLink, href: unsubscribe },
  });
  return { channel: "email", subject, text, html, unsubscribeUrl: unsubscribe };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

// --- colours: the creditor's accent only where it keeps 4.5:1 against white ---

function luminance(hex: string): number | null {
  const m = hex.match(/^#([0-9a-f]{6})$/i);
  if (!m) return null;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const v = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastWithWhite(hex: string): number {
  const l = luminance(hex);
  return l === null ? 1 : 1.05 / (l + 0.05);
}

/** The button colour: the accent when white text on it is readable, else a safe blue. */
export function buttonColour(accent: string): string {
  return contrastWithWhite(accent) >= 4.5 ? accent.toLowerCase() : "#1d4ed8";
}

type EmailParts = {
  lang: Lang;
  subject: string;
  sender: string;
  accent: string;
  greeting: string;
  paragraphs: string[];
  action: { href: string; label: string } | null;
  code: { before: string; code: string } | null;
  genuine: string;
  genuineUrl: string;
  notMeant: string;
  disclosure: string | null;
  footer: string[];
  unsubscribe: { text: string; label: string; href: string };
};

const FONT =
  "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

// Table layout and inline styles: what email clients render. Real text (no images of
// text), a language, a title, one heading, link text that says where it goes.
function emailHtml(p: EmailParts): string {
  const e = escapeHtml;
  const button = buttonColour(p.accent);
  const border = /^#[0-9a-f]{6}$/i.test(p.accent) ? p.accent.toLowerCase() : button;
  const para = (html: string, extra = "") =>
    `<p style="${extra.startsWith("margin") ? "" : "margin:0 0 16px;"}${extra}">${html}</p>`;
  const link = (href: string, label: string) =>
    `<a href="${e(href)}" style="color:#1e3a8a;text-decoration:underline;">${e(label)}</a>`;
  const body = [
    `<p style="margin:0 0 16px;font-size:14px;font-weight:bold;color:#334155;">${e(p.sender)}</p>`,
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#0f172a;">${e(p.subject)}</h1>`,
    para(e(p.greeting)),
    ...p.paragraphs.map((text) => para(e(text))),
    p.action
      ? `<p style="margin:24px 0;"><a href="${e(p.action.href)}" style="display:inline-block;padding:12px 20px;background-color:${button};color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${e(p.action.label)}</a></p>`
      : "",
    p.code
      ? para(
          `${e(p.code.before)}<strong style="font-size:16px;letter-spacing:1px;">${e(p.code.code)}</strong>`,
          "font-size:14px;",
        )
      : "",
    para(`${e(p.genuine)}${link(p.genuineUrl, p.genuineUrl)}`, "font-size:14px;color:#334155;"),
    para(e(p.notMeant), "font-size:14px;color:#334155;"),
    p.disclosure ? para(e(p.disclosure), "font-size:14px;font-weight:bold;color:#0f172a;") : "",
  ].join("\n");
  const footer = [
    ...p.footer.map((line) => para(e(line), "margin:0 0 8px;")),
    para(`${e(p.unsubscribe.text)} ${link(p.unsubscribe.href, p.unsubscribe.label)}`, "margin:0;"),
  ].join("\n");
  return `<!doctype html>
<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(p.subject)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f1f5f9;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f1f5f9;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-top:6px solid ${border};border-radius:8px;">
<tr><td style="padding:24px;${FONT};font-size:16px;line-height:1.5;color:#0f172a;">
${body}
</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #cbd5e1;${FONT};font-size:13px;line-height:1.5;color:#334155;">
${footer}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
