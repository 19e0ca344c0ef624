// Every template, both languages, both channels, for a fixture debtor: the debt details
// must never appear, the disclosure and the opt-out always must.
import { describe, expect, it } from "vitest";
import { TEMPLATE_NAMES, TEMPLATE_POLICY } from "../../app/lib/message-rules";
import {
  buttonColour,
  contrastWithWhite,
  renderMessage,
  type Sender,
} from "../../app/services/templates/render.server";
import { splitInlineStyles } from "../../app/services/templates/preview.server";
import { en, es } from "../../app/services/templates/texts";

// The fixture's debt: none of this may reach a message.
const FIXTURE = {
  debtorName: "María González",
  reference: "NRS-55012873",
  referenceLast4: "2873",
  amounts: ["4,805.75", "4805.75", "480575", "$4,805", "4.805,75"],
  originalCreditor: "Summit Card Bank",
  memo: "Goodwill credit",
  creditorLegalName: "Northbridge Recovery Services, Inc.",
  debtorEmail: "maria.gonzalez@example.com",
};

const agency: Sender = {
  displayName: "Northbridge Recovery Services",
  collectorType: "third_party",
  accentColor: "#6d28d9",
  supportPhone: "(800) 555-0199",
  supportEmail: "help@northbridge-recovery.example",
};
const business: Sender = {
  ...agency,
  displayName: "Brightside Dental",
  collectorType: "first_party",
  accentColor: "#fde047",
};

const secrets = {
  linkToken: "tok_AbCdEfGhIjKlMnOpQrStUvWx",
  code: "ABCD-EFGH-JK",
  unsubscribeToken: "uns_AbCdEfGhIjKlMnOpQrStUv",
};

const combos = TEMPLATE_NAMES.flatMap((template) =>
  (["en", "es"] as const).flatMap((language) =>
    TEMPLATE_POLICY[template].channels.flatMap((channel) =>
      [agency, business].map((sender) => ({ template, language, channel, sender })),
    ),
  ),
);

describe("templates", () => {
  it("English and Spanish have the same templates and fields", () => {
    expect(Object.keys(es.templates).sort()).toEqual(Object.keys(en.templates).sort());
    expect(Object.keys(es.common).sort()).toEqual(Object.keys(en.common).sort());
    for (const name of TEMPLATE_NAMES) {
      expect(Object.keys(es.templates[name]).sort(), name).toEqual(
        Object.keys(en.templates[name]).sort(),
      );
    }
  });

  it.each(
    combos.map(
      (c) => [`${c.template} ${c.channel} ${c.language} ${c.sender.collectorType}`, c] as const,
    ),
  )("%s: no debt details, disclosure, opt-out", (_, c) => {
    for (const firstMessage of [true, false]) {
      const rendered = renderMessage({
        ...c,
        firstMessage,
        appUrl: "https://portal.example",
        ...secrets,
      });
      const all =
        rendered.channel === "email"
          ? [rendered.subject, rendered.text, rendered.html].join("\n")
          : rendered.body;
      for (const secret of [
        FIXTURE.debtorName,
        FIXTURE.reference,
        FIXTURE.referenceLast4,
        ...FIXTURE.amounts,
        FIXTURE.originalCreditor,
        FIXTURE.memo,
        FIXTURE.creditorLegalName,
        FIXTURE.debtorEmail,
      ]) {
        expect(all, `"${secret}" in ${c.template}`).not.toContain(secret);
      }
      // Only the link's own URL: no debt detail in a path or query.
      const urls = all.match(/https?:\/\/[^\s"<)]+/g) ?? [];
      for (const url of urls)
        expect(url).toMatch(
          /^https:\/\/portal\.example\/(l\/tok_|unsubscribe\/uns_|code$|is-this-real$)/,
        );
      if (TEMPLATE_POLICY[c.template].link)
        expect(all).toContain("https://portal.example/l/tok_AbCdEfGhIjKlMnOpQrStUvWx");

      const collector =
        c.language === "en"
          ? "This is a communication from a debt collector."
          : "Esta es una comunicación de un cobrador de deudas.";
      const attempt =
        c.language === "en" ? "attempt to collect a debt" : "intento de cobrar una deuda";
      if (c.sender.collectorType === "third_party") {
        expect(all).toContain(collector);
        expect(all.includes(attempt)).toBe(firstMessage);
      } else {
        expect(all).not.toContain(collector);
        expect(all).not.toContain(attempt);
      }

      if (rendered.channel === "sms") {
        if (c.template === "sms_opt_out_confirmation") expect(rendered.body).toContain("START");
        else
          expect(rendered.body).toContain(
            c.language === "en" ? "Reply STOP to opt out." : "Responda STOP",
          );
      } else {
        expect(rendered.unsubscribeUrl).toBe(
          "https://portal.example/unsubscribe/uns_AbCdEfGhIjKlMnOpQrStUv",
        );
        expect(rendered.text).toContain(rendered.unsubscribeUrl!);
        expect(rendered.html).toContain(`href="${rendered.unsubscribeUrl}"`);
        expect(rendered.html).toContain(`<html lang="${c.language}">`);
        expect(rendered.html).toContain(`<title>${rendered.subject}</title>`);
        expect(rendered.html.match(/<h1/g)).toHaveLength(1);
        expect(rendered.subject).toContain(c.sender.displayName);
      }
    }
  });

  it("escapes what it is given", () => {
    const rendered = renderMessage({
      template: "access_link",
      channel: "email",
      language: "en",
      firstMessage: false,
      appUrl: "https://portal.example",
      sender: { ...agency, displayName: "<script>x</script> & Co" },
      ...secrets,
    });
    if (rendered.channel !== "email") throw new Error("email expected");
    expect(rendered.html).not.toContain("<script>");
    expect(rendered.html).toContain("&lt;script&gt;x&lt;/script&gt; &amp; Co");
  });

  it("uses the creditor's accent for the button only when white text on it stays readable", () => {
    expect(contrastWithWhite("#6d28d9")).toBeGreaterThan(4.5);
    expect(buttonColour("#6D28D9")).toBe("#6d28d9");
    expect(buttonColour("#fde047")).toBe("#1d4ed8");
    expect(buttonColour("red; background:url(x)")).toBe("#1d4ed8");
  });

  it("the demo preview moves inline styles into a stylesheet", () => {
    const rendered = renderMessage({
      template: "access_link",
      channel: "email",
      language: "es",
      firstMessage: true,
      appUrl: "https://portal.example",
      sender: agency,
      ...secrets,
    });
    if (rendered.channel !== "email") throw new Error("email expected");
    const preview = splitInlineStyles(rendered.html, "/demo/outbox/x/email.css");
    expect(preview.html).not.toMatch(/\sstyle="/);
    expect(preview.html).toContain('<link rel="stylesheet" href="/demo/outbox/x/email.css">');
    expect(preview.css).toContain("background-color:#6d28d9");
    expect(preview.css).toContain("font-family:-apple-system,BlinkMacSystemFont,'Segoe UI'");
  });
});
