// Identifiers in Stripe's style (`cus_…`, `pi_…`, `cs_test_…`): a type prefix and random
// base62, so ids look real in logs and nobody can confuse an emulator id for a database id.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  let out = "";
  // 62 does not divide 256; the slight bias is irrelevant for test identifiers.
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i] % 62];
  return out;
}

export function newId(prefix: string, length = 24): string {
  return `${prefix}_${randomBase62(length)}`;
}

/** Checkout Session ids are long and carry the mode: cs_test_… */
export function newSessionId(): string {
  return `cs_test_${randomBase62(58)}`;
}

export function newClientSecret(id: string): string {
  return `${id}_secret_${randomBase62(25)}`;
}

export function newRequestId(): string {
  return `req_${randomBase62(14)}`;
}

/** Which collection an id belongs to, from its prefix (for `expand`). */
export function kindOfId(id: string): string | null {
  if (id.startsWith("cs_")) return "checkout.session";
  const prefix = id.slice(0, id.indexOf("_"));
  switch (prefix) {
    case "cus":
      return "customer";
    case "pi":
      return "payment_intent";
    case "seti":
      return "setup_intent";
    case "pm":
      return "payment_method";
    case "ch":
    case "py":
      return "charge";
    case "re":
      return "refund";
    case "dp":
    case "du":
      return "dispute";
    case "evt":
      return "event";
    case "mandate":
      return "mandate";
    default:
      return null;
  }
}
