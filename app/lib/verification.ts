// Turning what a debtor types into the canonical form that was hashed at import time.
// Pure, so the same rules run in the browser (hints) and on the server (the check).
export const VERIFICATION_FACTS = ["dob", "postal_code", "account_last4"] as const;
export type VerificationFact = (typeof VERIFICATION_FACTS)[number];

export type Normalized = { ok: true; value: string } | { ok: false; error: "required" | "format" };

export function normalizeAnswer(fact: VerificationFact, raw: string): Normalized {
  const input = raw.trim();
  if (!input) return { ok: false, error: "required" };
  switch (fact) {
    case "dob":
      return normalizeDob(input);
    case "postal_code": {
      // ZIP or ZIP+4; only the first five digits identify the area.
      const match = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(input);
      return match ? { ok: true, value: match[1] } : { ok: false, error: "format" };
    }
    case "account_last4": {
      const compact = input.replace(/[\s-]/g, "").toUpperCase();
      return /^[A-Z0-9]{4}$/.test(compact)
        ? { ok: true, value: compact }
        : { ok: false, error: "format" };
    }
  }
}

function normalizeDob(input: string): Normalized {
  let y: number, m: number, d: number;
  const us = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(input);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(input);
  if (us) [m, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { ok: false, error: "format" };
  const date = new Date(Date.UTC(y, m - 1, d));
  const valid = y >= 1900 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!valid) return { ok: false, error: "format" };
  return { ok: true, value: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/** The last four letters or digits of an account reference, as debtors read them. */
export function referenceLast4(reference: string): string {
  return reference
    .replace(/[^A-Za-z0-9]/g, "")
    .slice(-4)
    .toUpperCase();
}
