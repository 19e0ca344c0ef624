import { describe, expect, it } from "vitest";
import {
  EnvError,
  estimatedBits,
  parseEnv,
  parseTrustProxy,
  pepperProblem,
  PRODUCTION_REQUIRED,
} from "../../app/utils/env.server";

// 48 random bytes in base64, as `openssl rand -base64 48` makes (README).
const STRONG_PEPPER = "q7Hk2vR9xW4mZp1sYc8dLf3gTn6bJu0aXe5oVi2rKw9yQh7tMz4sBl1cNd8fGj3p";
const production = (overrides: Record<string, string | undefined> = {}) => ({
  NODE_ENV: "production",
  ...Object.fromEntries(PRODUCTION_REQUIRED.map((n) => [n, `value-for-${n}`])),
  APP_URL: "https://pay.example.com",
  SECRET_PEPPER: STRONG_PEPPER,
  STRIPE_SECRET_KEY: "sk_live_51Habcdefghijklmnop",
  ...overrides,
});

describe("configuration", () => {
  it("needs nothing in demo mode", () => {
    const env = parseEnv({});
    expect(env.demo).toBe(true);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.appUrl).toBe("http://localhost:3000");
  });

  it("refuses production without real secrets and names every missing one", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(EnvError);
    try {
      parseEnv({ NODE_ENV: "production", STRIPE_SECRET_KEY: "sk_live_x" });
    } catch (error) {
      const message = (error as Error).message;
      for (const name of PRODUCTION_REQUIRED.filter((n) => n !== "STRIPE_SECRET_KEY")) {
        expect(message).toContain(name);
      }
      expect(message).not.toContain("STRIPE_SECRET_KEY,");
    }
  });

  it("starts in production with every secret set, and in production demo with DEMO=1", () => {
    const full = Object.fromEntries(
      PRODUCTION_REQUIRED.map((n) => [n, `value-for-${n}`.padEnd(40, "x")]),
    );
    full.APP_URL = "https://pay.example.com";
    full.SECRET_PEPPER = STRONG_PEPPER;
    const env = parseEnv({ NODE_ENV: "production", ...full });
    expect(env.demo).toBe(false);
    expect(env.secureCookies).toBe(true);
    expect(env.pepper).toBe(full.SECRET_PEPPER);
    expect(parseEnv({ NODE_ENV: "production", DEMO: "1" }).demo).toBe(true);
  });

  it("explains invalid values", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
  });

  it("refuses an http:// APP_URL in production", () => {
    expect(parseEnv(production()).appUrl).toBe("https://pay.example.com");
    expect(() => parseEnv(production({ APP_URL: "http://pay.example.com" }))).toThrow(
      /APP_URL must be https/,
    );
    // The demo on a server may stay on http (its data is fake).
    expect(
      parseEnv({ NODE_ENV: "production", DEMO: "1", APP_URL: "http://demo.example.com" }).demo,
    ).toBe(true);
  });

  it("refuses a pepper that is short, the demo value, a run, a pattern or of low estimated entropy", () => {
    for (const weak of [
      "too-short",
      "demo-pepper-not-secret-do-not-use-in-production",
      "a".repeat(48),
      "abcdefghijklmnopqrstuvwxyz0123456789",
      "87654321zqxjkvbwmfyp87654321zqxjkvbwmfyp",
      "password-password-password-password",
      "Tr0ub4dor&3Tr0ub4dor&3Tr0ub4dor&3xy",
      "abababababababababababababababab",
      "0110100101101001011010010110100101101001",
    ]) {
      expect(pepperProblem(weak), weak).not.toBeNull();
      expect(() => parseEnv(production({ SECRET_PEPPER: weak })), weak).toThrow(/SECRET_PEPPER/);
    }
    expect(pepperProblem(STRONG_PEPPER)).toBeNull();
    expect(pepperProblem("3f9c1a7be24d06c85e1f9a3b7d2c4e60")).toBeNull(); // openssl rand -hex 16
    expect(pepperProblem("correct horse battery staple, then more words")).toBeNull();
    expect(estimatedBits("aaaa")).toBe(0);
    expect(estimatedBits("abcd")).toBe(8);
  });

  it("refuses DEMO=1 with a live Stripe key, and warns (does not refuse) on a test key in production", () => {
    expect(() => parseEnv({ DEMO: "1", STRIPE_SECRET_KEY: "sk_live_51Habc" })).toThrow(
      /live Stripe key/,
    );
    expect(() =>
      parseEnv({ NODE_ENV: "production", DEMO: "1", STRIPE_SECRET_KEY: "rk_live_51Habc" }),
    ).toThrow(/live Stripe key/);
    expect(parseEnv({ DEMO: "1", STRIPE_SECRET_KEY: "sk_test_51Habc" }).warnings).toEqual([]);
    expect(parseEnv(production()).warnings).toEqual([]);
    const test = parseEnv(production({ STRIPE_SECRET_KEY: "sk_test_51Habc" }));
    expect(test.warnings).toHaveLength(1);
    expect(test.warnings[0]).toMatch(/test-mode key/);
  });

  it("takes TRUST_PROXY as a hop count or the proxies' addresses, never true", () => {
    expect(parseEnv({}).trustProxy).toBe(false);
    expect(parseTrustProxy("0")).toBe(false);
    expect(parseTrustProxy("1")).toBe(1);
    expect(parseTrustProxy("2")).toBe(2);
    expect(parseTrustProxy("10.0.0.0/8, 192.0.2.7")).toEqual(["10.0.0.0/8", "192.0.2.7"]);
    expect(parseTrustProxy("loopback,2001:db8::/32")).toEqual(["loopback", "2001:db8::/32"]);
    for (const bad of [
      "true",
      "TRUE",
      "yes",
      "*",
      "all",
      "0.0.0.0/0",
      "::/0",
      "10.0.0.0/33",
      "proxy.example.com",
      "11",
      "1.2.3",
    ]) {
      expect(() => parseTrustProxy(bad), bad).toThrow(EnvError);
    }
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY=true/);
  });

  it("has explicit HTTP timeouts, and refuses a headers timeout longer than the request timeout", () => {
    const env = parseEnv({});
    expect([
      env.HTTP_HEADERS_TIMEOUT_MS,
      env.HTTP_REQUEST_TIMEOUT_MS,
      env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
    ]).toEqual([20_000, 300_000, 5_000]);
    expect(parseEnv({ HTTP_KEEP_ALIVE_TIMEOUT_MS: "65000" }).HTTP_KEEP_ALIVE_TIMEOUT_MS).toBe(
      65_000,
    );
    expect(() => parseEnv({ HTTP_HEADERS_TIMEOUT_MS: "400000" })).toThrow(
      /HTTP_HEADERS_TIMEOUT_MS/,
    );
  });
});
