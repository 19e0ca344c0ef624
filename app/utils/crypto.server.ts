// Small, audited building blocks (Oslo) for tokens and hashes; nothing home-made.
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { sha256 } from "@oslojs/crypto/sha2";
import { hmac } from "@oslojs/crypto/hmac";
import { SHA256 } from "@oslojs/crypto/sha2";
import {
  decodeHex,
  encodeBase32LowerCaseNoPadding,
  encodeBase64urlNoPadding,
  encodeHexLowerCase,
} from "@oslojs/encoding";
import { getEnv } from "./env.server";

const encoder = new TextEncoder();

export function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
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
  while (out.length < 10) {
    const [byte] = randomBytes(1);
    // Reject bytes past the largest multiple of the alphabet size: no modulo bias.
    if (byte < 240) out.push(CODE_ALPHABET[byte % CODE_ALPHABET.length]);
  }
  return `${out.slice(0, 4).join("")}-${out.slice(4, 8).join("")}-${out.slice(8).join("")}`;
}

/** Canonical form of a typed code: upper case, without spaces or dashes. */
export function normalizeCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, "");
}

export function sha256Hex(value: string): string {
  return encodeHexLowerCase(sha256(encoder.encode(value)));
}

/** Keyed hash with the server pepper: for low-entropy facts (birth dates, postal codes)
 * that a plain hash would not protect if the table leaked. */
export function pepperedHash(value: string, pepper = getEnv().pepper): string {
  return encodeHexLowerCase(hmac(SHA256, encoder.encode(pepper), encoder.encode(value)));
}

export function hexEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  return constantTimeEqual(decodeHex(a), decodeHex(b));
}
