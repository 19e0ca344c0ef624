// Small, audited building blocks for tokens and hashes; nothing home-made. Oslo for the
// encodings and comparisons (Lucia's session guide); SHA-256 and HMAC-SHA-256 from
// Node's OpenSSL binding, which gives the same digests 2–4 times faster than Oslo's
// JavaScript ones (a 100,000-link mailing hashes 300,000 values).
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hkdfSync,
  type KeyObject,
} from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import {
  decodeHex,
  encodeBase32LowerCaseNoPadding,
  encodeBase64urlNoPadding,
} from "@oslojs/encoding";
import { getEnv } from "./env.server";

// Random bytes come from a pool filled 4 KB at a time by the system CSPRNG (as Node does for
// randomUUID): one call per ~100 tokens instead of one per token, which dominated a
// 100,000-link mailing. Every byte is handed out once.
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let poolOffset = POOL_SIZE;

export function randomBytes(n: number): Uint8Array {
  if (n > POOL_SIZE) return crypto.getRandomValues(new Uint8Array(n));
  if (poolOffset + n > POOL_SIZE) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + n);
  poolOffset += n;
  return bytes;
}

/** 160 random bits, URL-safe: the secret part of access links. */
export function randomUrlToken(): string {
  return encodeBase64urlNoPadding(randomBytes(20));
}

/** 120 random bits, lower-case base32: session ids and secrets (Lucia's guide). */
export function randomId(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(15));
}

// No 0/O, 1/I/L, U: easy to read aloud and to type from a letter or another screen.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789";

/** A 10-character code (~49 bits) for typing by hand; rate limits and the identity check
 * stand behind it, so it need not be as long as a link token. */
export function randomCode(): string {
  const out: string[] = [];
  // 16 bytes per draw: 10 are needed, and each is kept with probability 240/256.
  while (out.length < 10) {
    for (const byte of randomBytes(16)) {
      // Reject bytes past the largest multiple of the alphabet size: no modulo bias.
      if (byte < 240 && out.length < 10) out.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]);
    }
  }
  return `${out.slice(0, 4).join("")}-${out.slice(4, 8).join("")}-${out.slice(8).join("")}`;
}

/** Canonical form of a typed code: upper case, without spaces or dashes. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function sha256Hex(value: string): string {
  return createHash("sha256").update(value, "utf8").digest("hex");
}

/** Keyed hash with the server pepper: for low-entropy facts (birth dates, postal codes)
 * that a plain hash would not protect if the table leaked. */
export function pepperedHash(value: string, pepper = getEnv().pepper): string {
  return createHmac("sha256", pepper).update(value, "utf8").digest("hex");
}

export function hexEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return constantTimeEqual(decodeHex(a), decodeHex(b));
}

// ---------------------------------------------------------------------------------------
// Secrets that must wait somewhere before use (an outbox message's link, code and
// unsubscribe token while quiet hours hold it): AES-256-GCM under a key derived (HKDF)
// from the pepper for that purpose only, bound to the row they belong to (the AAD), so a
// sealed value copied to another row does not open. See docs/decisions/0012-secrets-at-rest-and-outbox-delivery.md.
// ---------------------------------------------------------------------------------------

const sealKeys = new Map<string, KeyObject>();

function sealKey(purpose: string, pepper: string): KeyObject {
  const id = `${purpose}\n${pepper}`;
  let key = sealKeys.get(id);
  if (!key) {
    key = createSecretKey(
      Buffer.from(hkdfSync("sha256", pepper, `portal-seal:${purpose}`, "v1", 32)),
    );
    sealKeys.set(id, key);
  }
  return key;
}

/** `v2.<base64url(iv ‖ ciphertext ‖ tag)>`: `plaintext` sealed for `purpose`, bound to `boundTo`. */
export function sealSecret(
  purpose: string,
  boundTo: string,
  plaintext: string,
  pepper = getEnv().pepper,
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealKey(purpose, pepper), iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const data = cipher.update(plaintext, "utf8");
  cipher.final();
  return `v2.${Buffer.concat([iv, data, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The plaintext of `sealSecret`, or null when it does not open (another row, another pepper, damaged). */
export function openSecret(
  purpose: string,
  boundTo: string,
  sealed: string,
  pepper = getEnv().pepper,
): string | null {
  const [version, body, extra] = sealed.split(".");
  if (version !== "v2" || !body || extra !== undefined) return null;
  const bytes = Buffer.from(body, "base64url");
  if (bytes.length < 12 + 16) return null;
  try {
    const decipher = createDecipheriv(
      "aes-256-gcm",
      sealKey(purpose, pepper),
      bytes.subarray(0, 12),
    );
    decipher.setAAD(Buffer.from(boundTo, "utf8"));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(12, bytes.length - 16)),
      decipher.final(),
    ]).toString("utf8");
  } catch {
    return null;
  }
}
