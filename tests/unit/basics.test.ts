import { describe, expect, it, vi } from "vitest";
import { format, pickLanguage, usesPlanTexts, usesRealTexts } from "../../app/lib/i18n";
import { MESSAGES, messagesFor } from "../../app/lib/i18n/catalogue.server";
import { safeRedirect } from "../../app/lib/safe-redirect";
import { normalizeAnswer, referenceLast4 } from "../../app/lib/verification";
import { errorFields, log, pathRedactor } from "../../app/utils/log.server";
import { hit, resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { normalizeCode, pepperedHash, randomCode, sha256Hex } from "../../app/utils/crypto.server";
import { securityHeaders } from "../../app/utils/headers.server";

describe("languages", () => {
  it("prefers the cookie, then Accept-Language by weight, then English", () => {
    expect(pickLanguage("es", "en-US")).toBe("es");
    expect(pickLanguage(undefined, "fr-FR, es-MX;q=0.8, en;q=0.5")).toBe("es");
    expect(pickLanguage("de", "de-DE")).toBe("en");
    expect(pickLanguage(null, null)).toBe("en");
    // The creditor's record: a recorded Spanish wins over the browser, the person's own
    // choice (the cookie) over both; a recorded English (every account's default) lets
    // the browser decide.
    expect(pickLanguage(undefined, "en-US,en;q=0.9", "es")).toBe("es");
    expect(pickLanguage("en", "en-US", "es")).toBe("en");
    expect(pickLanguage(undefined, "es-MX", "en")).toBe("es");
    expect(pickLanguage(undefined, null, "en")).toBe("en");
    expect(pickLanguage(undefined, "en-US", "fr")).toBe("en");
  });

  it("has every English text in Spanish, none empty, with the same placeholders", () => {
    const en = MESSAGES.en as Record<string, string>;
    const es = MESSAGES.es as Record<string, string>;
    expect(Object.keys(es).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en)) {
      expect(es[key].trim(), key).not.toBe("");
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(es[key]), key).toEqual(vars(en[key]));
    }
    expect(format({ a: "Hi {name}" }, "a", { name: "Ana" })).toBe("Hi Ana");
  });
});

describe("verification answers", () => {
  it.each([
    ["dob", "03/14/1985", "1985-03-14"],
    ["dob", "3-14-1985", "1985-03-14"],
    ["dob", "1985-03-14", "1985-03-14"],
    ["postal_code", " 10001 ", "10001"],
    ["postal_code", "10001-2345", "10001"],
    ["account_last4", "ab-12", "AB12"],
  ] as const)("%s %s → %s", (fact, input, expected) => {
    expect(normalizeAnswer(fact, input)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ["dob", "02/30/1990"],
    ["dob", "14/03/1985"],
    ["postal_code", "1000"],
    ["account_last4", "12345"],
  ] as const)("%s %s is a format error", (fact, input) => {
    expect(normalizeAnswer(fact, input)).toEqual({ ok: false, error: "format" });
  });
  it("reads the last four of a reference as printed", () => {
    expect(referenceLast4("BSD-100245")).toBe("0245");
  });
});

describe("codes", () => {
  it("are 10 unambiguous characters that survive lower case and spaces", () => {
    for (let i = 0; i < 200; i++) {
      const code = randomCode();
      expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{2}$/);
      expect(normalizeCode(code.toLowerCase().replace(/-/g, " "))).toBe(code.replace(/-/g, ""));
    }
  });
  it("use every character of the alphabet about equally", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 3_000; i++)
      for (const c of randomCode().replace(/-/g, "")) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(30);
    // 30,000 draws: 1,000 expected per character; ±25 % is far outside chance.
    for (const n of counts.values()) expect(Math.abs(n - 1_000)).toBeLessThan(250);
  });
});

describe("hashes", () => {
  // Stored hashes (links, sessions, unsubscribe tokens, verification facts) must never change.
  it("are standard SHA-256 and HMAC-SHA-256 in lower-case hex", () => {
    expect(sha256Hex("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    // RFC 4231, test case 2.
    expect(pepperedHash("what do ya want for nothing?", "Jefe")).toBe(
      "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
    );
    expect(sha256Hex("día")).toBe(sha256Hex("d\u00eda"));
  });
});

describe("logs", () => {
  it("show a request path as its route's pattern: dynamic segments by name unless allow-listed, never a query", () => {
    const redactPath = pathRedactor(
      [
        "/",
        "/l/:token",
        "/l/:token/real",
        "/accounts/:accountId",
        "/accounts/:accountId/receipts/:paymentId",
        "/creditor/invite/:token",
        "/*",
      ],
      new Set(["accountId", "paymentId"]),
    );
    const id = "0b7f3c1e-8a6d-4c2b-9e51-3f2a1d0c9b8a";
    expect(redactPath("/l/abcDEF123_-xyz?utm=1")).toBe("/l/:token");
    expect(redactPath("/L/abcDEF123_-xyz/real")).toBe("/l/:token/real");
    expect(redactPath("/creditor/invite/Zm9vYmFyYmF6?x")).toBe("/creditor/invite/:token");
    expect(redactPath(`/accounts/${id}?x=1`)).toBe(`/accounts/${id}`);
    expect(redactPath(`/accounts/${id}/receipts/${id}.data`)).toBe(
      `/accounts/${id}/receipts/${id}.data`,
    );
    // An allow-listed name with something that is not an id in it is redacted too.
    expect(redactPath("/accounts/jane.doe@example.com")).toBe("/accounts/:accountId");
    expect(redactPath("/l/tok/extra/segments")).toBe("/*");
    expect(redactPath("/_root.data")).toBe("/_root.data");
    expect(redactPath("/")).toBe("/");
  });
  it("show an error by its class, code and position, never its message", () => {
    const csv = Object.assign(
      new Error(
        'Invalid Opening Quote: a quote is found on field 1 at line 2, value is "Jane \\"JJ"',
      ),
      { code: "INVALID_OPENING_QUOTE", lines: 2, column: 1 },
    );
    const fields = errorFields(csv);
    expect(fields).toMatchObject({
      error: "Error",
      errorCode: "INVALID_OPENING_QUOTE",
      lines: 2,
      column: 1,
    });
    expect(JSON.stringify(fields)).not.toMatch(/Jane|quote is found/);
    const query = new Error("Failed query: select … params: jane@example.com", {
      cause: Object.assign(new Error('invalid input syntax for type uuid: "jane@example.com"'), {
        code: "22P02",
      }),
    });
    expect(errorFields(query)).toMatchObject({ error: "query failed", pgCode: "22P02" });
    expect(JSON.stringify(errorFields(query))).not.toContain("jane");
  });
  it("never print fields that could carry secrets or personal data", () => {
    const write = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    log("info", "test", {
      token: "tok_secret",
      email: "a@b.c",
      answer: "1985",
      accountId: "acc_1",
    });
    const line = String(write.mock.calls.at(-1)?.[0]);
    write.mockRestore();
    expect(line).toContain("acc_1");
    expect(line).not.toMatch(/tok_secret|a@b\.c|1985/);
  });
});

describe("rate limits", () => {
  it("allow the limit, refuse the next, and reset after the window", () => {
    resetRateLimitsForTests();
    const t0 = 1_000_000;
    for (let i = 0; i < 10; i++) expect(hit("codeEntry", "1.2.3.4", t0).ok).toBe(true);
    const refused = hit("codeEntry", "1.2.3.4", t0);
    expect(refused.ok).toBe(false);
    expect(refused.retryAfterSeconds).toBe(600);
    expect(hit("codeEntry", "5.6.7.8", t0).ok).toBe(true);
    expect(hit("codeEntry", "1.2.3.4", t0 + 600_001).ok).toBe(true);
  });
});

describe("redirects and headers", () => {
  it("only follow same-site paths", () => {
    expect(safeRedirect("/accounts")).toBe("/accounts");
    expect(safeRedirect("//evil.example")).toBe("/");
    expect(safeRedirect("https://evil.example")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
    // Browsers drop tabs and newlines from URLs: "/\t/evil.example" is //evil.example.
    for (const bad of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "/.//evil.example",
      "/%2e//evil.example",
      "/\u0000x",
      "/a\u0085b",
      "/x\r\nSet-Cookie: a=b",
    ]) {
      expect(safeRedirect(bad), JSON.stringify(bad)).toBe("/");
    }
    // Rebuilt from path and query: ASCII only, the fragment dropped.
    expect(safeRedirect("/accounts?tab=ledger#top")).toBe("/accounts?tab=ledger");
    expect(safeRedirect("/cuenta/señal?q=ñ")).toBe("/cuenta/se%C3%B1al?q=%C3%B1");
    expect(safeRedirect("/a/../b")).toBe("/b");
    expect(safeRedirect("/creditor/x", "/creditor")).toBe("/creditor/x");
    expect(safeRedirect(null, "/creditor")).toBe("/creditor");
  });
  it("set a nonce CSP without unsafe-inline scripts, frame-ancestors none, no-referrer", () => {
    const h = securityHeaders({ nonce: "abc", production: true, hsts: true });
    expect(h["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc'");
    expect(h["Content-Security-Policy"]).not.toContain("unsafe-inline");
    expect(h["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(h["Referrer-Policy"]).toBe("no-referrer");
    expect(h["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(
      securityHeaders({ nonce: "abc", production: false, hsts: false })[
        "Strict-Transport-Security"
      ],
    ).toBeUndefined();
  });
});

describe("same-origin posts", () => {
  it("trust Sec-Fetch-Site, else the Origin host", async () => {
    const { isSameOriginPost } = await import("../../app/utils/headers.server");
    expect(isSameOriginPost("null", "same-origin", "a.test")).toBe(true);
    expect(isSameOriginPost("https://evil.test", "cross-site", "a.test")).toBe(false);
    expect(isSameOriginPost("null", "cross-site", "a.test")).toBe(false);
    expect(isSameOriginPost("null", "same-site", "a.test")).toBe(false);
    expect(isSameOriginPost("http://a.test", undefined, "a.test")).toBe(true);
    expect(isSameOriginPost("http://evil.test", undefined, "a.test")).toBe(false);
    expect(isSameOriginPost(undefined, undefined, "a.test")).toBe(true);
  });
});

describe("error logs", () => {
  it("never copy a failed query's parameters, only the database's reason", async () => {
    const { errorFields } = await import("../../app/utils/log.server");
    const cause = Object.assign(new Error("timeout exceeded when trying to connect"), {
      code: "57P01",
    });
    const wrapped = new Error(
      "Failed query: select * from debtors where email = $1\nparams: ana@example.com",
      { cause },
    );
    const fields = errorFields(wrapped);
    expect(JSON.stringify(fields)).not.toContain("ana@example.com");
    // The database's code says why; its message may quote the values too, so it stays out.
    expect(fields).toMatchObject({ error: "query failed", cause: "Error", pgCode: "57P01" });
  });
});

describe("texts sent to the browser", () => {
  it("the plan pages get the plans.* texts, other pages do not", () => {
    const id = "3f1c2a9e-0000-4000-8000-000000000000";
    for (const path of [
      `/accounts/${id}/pay`,
      `/accounts/${id}/pay/review`,
      `/accounts/${id}/plan`,
      `/accounts/${id}/plan/authorization`,
      `/accounts/${id}/hardship`,
      `/accounts/${id}/pay.data`,
    ]) {
      expect(usesPlanTexts(path), path).toBe(true);
      const plan = messagesFor("es", path);
      expect(plan["plans.or"]).toBe(MESSAGES.es["plans.or"]);
      // Everything but the "Is this real?" texts, which only those pages use.
      expect(Object.keys(plan)).toEqual(
        Object.keys(MESSAGES.es).filter((k) => !k.startsWith("real.")),
      );
    }
    for (const path of [
      "/",
      `/accounts/${id}`,
      `/accounts/${id}/payments`,
      `/accounts/${id}/planner`,
      `/accounts/${id}/receipts`,
      `/accounts/${id}/checkout/return`,
      "/preferences",
    ]) {
      expect(usesPlanTexts(path), path).toBe(false);
      const general = messagesFor("en", path);
      expect(Object.keys(general).some((k) => k.startsWith("plans."))).toBe(false);
      expect(general["statement.title"] ?? general["nav.statement"]).toBe(
        MESSAGES.en["statement.title"] ?? MESSAGES.en["nav.statement"],
      );
      expect(Object.keys(general).length).toBeLessThan(Object.keys(MESSAGES.en).length);
      expect(
        Object.keys(general).some((k) => k.startsWith("real.")),
        path,
      ).toBe(false);
    }
  });

  it('the "Is this real?" pages get the real.* texts (and no plan texts), other pages do not', () => {
    for (const path of ["/is-this-real", "/l/abcdefghijklmnopqrstuvwxyz12/real"]) {
      expect(usesRealTexts(path), path).toBe(true);
      const real = messagesFor("es", path);
      expect(real["real.stripe.body"]).toBe(MESSAGES.es["real.stripe.body"]);
      expect(Object.keys(real).some((k) => k.startsWith("plans."))).toBe(false);
    }
    for (const path of ["/l/abcdefghijklmnopqrstuvwxyz12", "/is-this-real/x", "/accounts"]) {
      expect(usesRealTexts(path), path).toBe(false);
    }
  });
});
