import { describe, expect, it } from "vitest";
import { EnvError, parseEnv, PRODUCTION_REQUIRED } from "../../app/utils/env.server";

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
    const full = Object.fromEntries(PRODUCTION_REQUIRED.map((n) => [n, `value-for-${n}`.padEnd(40, "x")]));
    full.APP_URL = "https://pay.example.com";
    const env = parseEnv({ NODE_ENV: "production", ...full });
    expect(env.demo).toBe(false);
    expect(env.secureCookies).toBe(true);
    expect(env.pepper).toBe(full.SECRET_PEPPER);
    expect(parseEnv({ NODE_ENV: "production", DEMO: "1" }).demo).toBe(true);
  });

  it("explains invalid values", () => {
    expect(() => parseEnv({ PORT: "eighty" })).toThrow(/PORT/);
  });
});
