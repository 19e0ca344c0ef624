import { generateTOTP } from "@oslojs/otp";
import { describe, expect, it } from "vitest";
import {
  decodeTotpKey,
  decryptTotpKey,
  encodeTotpKey,
  encryptTotpKey,
  hashPassword,
  hashRecoveryCode,
  looksLikeRecoveryCode,
  matchTotp,
  newRecoveryCodes,
  newTotpKey,
  passwordNeedsRehash,
  passwordProblem,
  totpKeyUri,
  totpQrSvg,
  totpStep,
  verifyPassword,
} from "../../app/models/creditor-credentials.server";

/** A hash as the portal made them before N=2^17 (N=2^15, r=8, p=1). */
async function legacyHash(password: string) {
  const { scryptSync, randomBytes } = await import("node:crypto");
  const salt = randomBytes(16);
  const key = scryptSync(password.normalize("NFKC"), salt, 64, {
    N: 2 ** 15,
    r: 8,
    p: 1,
    maxmem: 64 * 1024 * 1024,
  });
  return `scrypt$${2 ** 15}$8$1$${salt.toString("base64")}$${key.toString("base64")}`;
}

describe("passwords", () => {
  it("hashes with scrypt and a salt, and verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery staple");
    const b = await hashPassword("correct horse battery staple");
    // OWASP's current minimum for scrypt: N=2^17, r=8, p=1.
    expect(a).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(a, "correct horse battery stapl")).toBe(false);
    expect(await verifyPassword("!", "anything")).toBe(false);
    expect(await verifyPassword("scrypt$1$1$1$AA==$AA==", "x")).toBe(false);
    // A stored hash can't make a check cost more than we allow (N=2^20 would need 1 GiB).
    expect(
      await verifyPassword(
        `scrypt$${2 ** 20}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$${"A".repeat(86)}==`,
        "x",
      ),
    ).toBe(false);
    expect(passwordNeedsRehash(a)).toBe(false);
  });

  it("still verifies a hash made with the old parameters (N=2^15), which then needs a rehash", async () => {
    const legacy = await legacyHash("correct horse battery staple");
    expect(await verifyPassword(legacy, "correct horse battery staple")).toBe(true);
    expect(passwordNeedsRehash(legacy)).toBe(true);
  });

  it("asks for long, not obvious passwords", () => {
    expect(passwordProblem("short", "a@b.co")).toMatch(/at least 12/);
    expect(passwordProblem("dana.brooks-2025!", "dana.brooks@example.com")).toMatch(/email/);
    expect(passwordProblem("aaaaaaaaaaaaaaa", "x@y.z")).toMatch(/easy/);
    expect(passwordProblem("purple otter window lamp", "dana@example.com")).toBeNull();
  });
});

describe("TOTP", () => {
  it("stores the key encrypted and reads it back", () => {
    const key = newTotpKey();
    const stored = encryptTotpKey(key);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain(encodeTotpKey(key));
    expect(decryptTotpKey(stored)).toEqual(key);
    expect(decryptTotpKey(stored.slice(0, -2) + "AA")).toBeNull();
    expect(decodeTotpKey(encodeTotpKey(key))).toEqual(key);
    expect(decodeTotpKey("ABC")).toBeNull();
  });

  it("accepts the current code and one step either side, once", () => {
    const key = newTotpKey();
    const now = Date.UTC(2025, 0, 1, 12, 0, 10);
    const step = totpStep(now);
    const at = (t: number) => {
      const real = Date.now;
      Date.now = () => t;
      try {
        return generateTOTP(key, 30, 6);
      } finally {
        Date.now = real;
      }
    };
    expect(matchTotp(key, at(now), null, now)).toBe(step);
    expect(matchTotp(key, at(now - 30_000), null, now)).toBe(step - 1);
    expect(matchTotp(key, at(now + 30_000), null, now)).toBe(step + 1);
    expect(matchTotp(key, at(now - 90_000), null, now)).toBeNull();
    // Replay: a step at or before the last accepted one is refused.
    expect(matchTotp(key, at(now), step, now)).toBeNull();
    expect(matchTotp(key, "12345", null, now)).toBeNull();
  });

  it("makes an otpauth URI and a QR code without inline styles (CSP)", () => {
    const uri = totpKeyUri("dana@example.com", newTotpKey());
    expect(uri).toMatch(/^otpauth:\/\/totp\/Payment%20portal:dana%40example.com\?/);
    const svg = totpQrSvg(uri);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toMatch(/style=|<script/);
  });
});

describe("recovery codes", () => {
  it("are ten distinct codes stored as keyed hashes, typed in any case or spacing", () => {
    const { codes, hashes } = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(hashes[0]).toBe(hashRecoveryCode(codes[0].toLowerCase().replace(/-/g, " ")));
    expect(looksLikeRecoveryCode(codes[0])).toBe(true);
    expect(looksLikeRecoveryCode("123456")).toBe(false);
  });
});
