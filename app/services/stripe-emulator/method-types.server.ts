// Which payment method types a session or intent offers. Since the 2026 API versions
// (stripe-node 23) callers pass `allowed_payment_method_types`, a filter over the
// dynamically eligible methods; older versions passed the explicit
// `payment_method_types`. Both are accepted; `payment_method_types` in responses is the
// resulting list, as with Stripe.
import { invalidRequest } from "./errors.server";
import type { ParamReader } from "./params.server";

export const SUPPORTED_METHOD_TYPES = ["card", "us_bank_account"] as const;

/** What "the Dashboard" enables: cards everywhere, ACH for USD. */
function eligible(currency: string | null): string[] {
  return currency === null || currency === "usd" ? ["card", "us_bank_account"] : ["card"];
}

export interface MethodTypes {
  /** The resulting `payment_method_types`. */
  types: string[];
  /** Echo of `allowed_payment_method_types` (null when not given). */
  allowed: string[] | null;
}

export function readMethodTypes(params: ParamReader, currency: string | null): MethodTypes {
  const legacy = params.strList("payment_method_types");
  const allowed = params.has("allowed_payment_method_types")
    ? params.strList("allowed_payment_method_types")
    : null;
  const excluded = params.strList("excluded_payment_method_types");
  if (legacy.length > 0 && allowed) {
    throw invalidRequest(
      "You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.",
      "payment_method_types",
    );
  }
  if (legacy.length > 0) {
    for (const [i, type] of legacy.entries()) {
      if (!(SUPPORTED_METHOD_TYPES as readonly string[]).includes(type)) {
        throw invalidRequest(
          `The emulator supports payment method types card and us_bank_account (got "${type}").`,
          `payment_method_types[${i}]`,
        );
      }
    }
    if (legacy.includes("us_bank_account") && currency !== null && currency !== "usd") {
      throw invalidRequest("us_bank_account requires currency usd.", "payment_method_types");
    }
    return { types: legacy, allowed: null };
  }
  let types = eligible(currency);
  if (allowed) types = types.filter((t) => allowed.includes(t));
  types = types.filter((t) => !excluded.includes(t));
  if (types.length === 0) {
    throw invalidRequest(
      "No payment method types are available: the emulator offers card, and us_bank_account for usd.",
      allowed ? "allowed_payment_method_types" : "excluded_payment_method_types",
    );
  }
  return { types, allowed };
}
