// Creditor users' secrets: passwords (scrypt), TOTP keys (encrypted at rest, because the
// server must read them back to check a code) and one-time recovery codes (keyed hashes).
import {
  createCipheriv,
  createDecipheriv,
  hkdfSync,
  randomBytes as nodeRandomBytes,
  scrypt as scryptCallback,
  timingSafeEqual,
  type ScryptOptions,
} from "node:crypto";
import { generateHOTP, createTOTPKeyURI } from "@oslojs/otp";
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { renderSVG } from "uqr";
import { normalizeCode, pepperedHash, randomBytes, randomCode } from "~/utils/crypto.server";
import { getEnv } from "~/utils/env.server";

// ---------------------------------------------------------------------------------------
// Passwords: scrypt N=2^17, r=8, p=1 (OWASP's Password Storage Cheat Sheet, its first
// choice for scrypt), 16-byte salt, 64-byte key. The parameters are stored with the hash
// (`scrypt$N$r$p$salt$key`); a hash made with others is rehashed at the next successful
// sign-in (passwordNeedsRehash). One check needs 128 MiB (128 · N · r bytes) and ~0.2 s of
// one core; at most two run at once (the rest queue), so a burst of sign-ins costs at most
// 2 × 128 MiB and leaves libuv's other threads to the rest of the app. See
// docs/decisions/0012-secrets-at-rest-and-outbox-delivery.md for the figures.
// ---------------------------------------------------------------------------------------

const SCRYPT = { N: 2 ** 17, r: 8, p: 1, keylen: 64 };
/** Above 128 · N · r (+ OpenSSL's small extra) for N up to 2^17, r 8; Node's default (32 MiB) would refuse. */
const SCRYPT_MAXMEM = 144 * 1024 * 1024;
const SCRYPT_AT_ONCE = 2;
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 200;

let running = 0;
const waiting: (() => void)[] = [];

async function scrypt(
  password: string,
  salt: Buffer,
  keylen: number,
  options: ScryptOptions,
): Promise<Buffer> {
  if (running >= SCRYPT_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await new Promise((resolve, reject) =>
      scryptCallback(
        password.normalize("NFKC"),
        salt,
        keylen,
        { ...options, maxmem: SCRYPT_MAXMEM },
        (error, key) => (error ? reject(error) : resolve(key)),
      ),
    );
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = nodeRandomBytes(16);
  const key = await scrypt(password, salt, SCRYPT.keylen, {
    N: SCRYPT.N,
    r: SCRYPT.r,
    p: SCRYPT.p,
  });
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt" || password.length > PASSWORD_MAX) return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], "base64");
  const expected = Buffer.from(parts[5], "base64");
  // Only parameters this process can afford (and that we ever wrote): a stored hash can't
  // make a check cost more memory than SCRYPT_MAXMEM.
  if (!(N >= 2 ** 14 && N <= 2 ** 17 && r === 8 && p >= 1 && p <= 4)) return false;
  const key = await scrypt(password, salt, expected.length, { N, r, p });
  return timingSafeEqual(key, expected);
}

/** A hash made under weaker parameters than today's: rehashed at the next sign-in. */
export function passwordNeedsRehash(stored: string): boolean {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  return (
    N !== SCRYPT.N ||
    r !== SCRYPT.r ||
    p !== SCRYPT.p ||
    Buffer.from(parts[5], "base64").length !== SCRYPT.keylen
  );
}

let dummyHash: Promise<string> | undefined;
/** Spends the time of a real check when there is no user: timing reveals nothing. */
export async function verifyDummyPassword(password: string): Promise<void> {
  dummyHash ??= hashPassword("dummy password for timing only");
  await verifyPassword(await dummyHash, password);
}

/** What makes a password acceptable; null when it is fine. */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN)
    return `Use at least ${PASSWORD_MIN} characters. A few unrelated words work well.`;
  if (password.length > PASSWORD_MAX) return `Use at most ${PASSWORD_MAX} characters.`;
  if (
    password.toLowerCase().includes(email.split("@")[0].toLowerCase()) &&
    email.split("@")[0].length >= 4
  ) {
    return "Don't use your email address in your password.";
  }
  if (/^(.)\1+$/.test(password) || /^(?:0123456789|1234567890|password|qwerty)/i.test(password)) {
    return "That password is too easy to guess. A few unrelated words work well.";
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// TOTP (RFC 6238): 6 digits, 30-second steps, one step of clock drift either way. The key
// is stored AES-256-GCM encrypted with a key derived from SECRET_PEPPER.
// ---------------------------------------------------------------------------------------

export const TOTP_PERIOD = 30;
export const TOTP_DIGITS = 6;
const ISSUER = "Payment portal";

function totpEncryptionKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getEnv().pepper, "creditor-totp", "totp-secret-v1", 32));
}

export function newTotpKey(): Uint8Array {
  return randomBytes(20);
}

export function encodeTotpKey(key: Uint8Array): string {
  return encodeBase32UpperCaseNoPadding(key);
}

/** The manual-entry key (base32) back to bytes; null when it is not a 160-bit key. */
export function decodeTotpKey(base32: string): Uint8Array | null {
  try {
    const key = decodeBase32IgnorePadding(base32.replace(/\s/g, "").toUpperCase());
    return key.length === 20 ? key : null;
  } catch {
    return null;
  }
}

export function encryptTotpKey(key: Uint8Array): string {
  const iv = nodeRandomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", totpEncryptionKey(), iv);
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    data.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
  ].join(".");
}

export function decryptTotpKey(stored: string): Uint8Array | null {
  const [version, iv, data, tag] = stored.split(".");
  if (version !== "v1" || !iv || !data || !tag) return null;
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      totpEncryptionKey(),
      Buffer.from(iv, "base64url"),
    );
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return new Uint8Array(
      Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]),
    );
  } catch {
    return null;
  }
}

export function totpStep(now = Date.now()): number {
  return Math.floor(now / 1000 / TOTP_PERIOD);
}

/**
 * The time step a code belongs to (the current one, or one either side), or null. A step
 * at or before `lastStep` was already used: a code is accepted once.
 */
export function matchTotp(
  key: Uint8Array,
  code: string,
  lastStep: number | null,
  now = Date.now(),
): number | null {
  const digits = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(digits)) return null;
  const current = totpStep(now);
  let matched: number | null = null;
  for (const step of [current - 1, current, current + 1]) {
    const expected = generateHOTP(key, BigInt(step), TOTP_DIGITS);
    // Compare every candidate, in constant time, so the timing says nothing.
    if (
      timingSafeEqual(Buffer.from(expected), Buffer.from(digits)) &&
      (lastStep === null || step > lastStep)
    ) {
      matched ??= step;
    }
  }
  return matched;
}

export function totpCode(key: Uint8Array, now = Date.now()): string {
  return generateHOTP(key, BigInt(totpStep(now)), TOTP_DIGITS);
}

export function totpKeyUri(email: string, key: Uint8Array, issuer = ISSUER): string {
  return createTOTPKeyURI(issuer, email, key, TOTP_PERIOD, TOTP_DIGITS);
}

/** The enrolment QR code as an inline SVG (black on white: scanners need the contrast). */
export function totpQrSvg(uri: string): string {
  return renderSVG(uri, { ecc: "M", border: 2, pixelSize: 6 });
}

// ---------------------------------------------------------------------------------------
// Recovery codes: 10 one-time codes of ~49 bits each, stored as keyed hashes.
// ---------------------------------------------------------------------------------------

export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => randomCode());
  return { codes, hashes: codes.map(hashRecoveryCode) };
}

export function hashRecoveryCode(code: string): string {
  return pepperedHash(`recovery:${normalizeCode(code)}`);
}

/** A recovery code has 10 characters; a TOTP code 6 digits. */
export function looksLikeRecoveryCode(input: string): boolean {
  return /^[A-Z0-9]{10}$/.test(normalizeCode(input));
}
