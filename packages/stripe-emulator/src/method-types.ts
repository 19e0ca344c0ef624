// Which payment method types a Checkout Session or a PaymentIntent offers, as Stripe
// decides it (https://docs.stripe.com/payments/payment-methods/dynamic-payment-methods):
//
// - explicit `payment_method_types` (the classic static list, still sent by older
//   integrations): exactly those, each of which must be a known type that the account has
//   turned on, else "The payment method type provided: X is invalid…";
// - otherwise the methods turned on in the account's Dashboard payment method settings
//   (the emulator's `dashboardPaymentMethods`, by default card, us_bank_account, link and
//   the redirect-based cashapp, affirm, klarna and amazon_pay, as a new US account has),
//   narrowed by what fits the currency and mode, by `allowed_payment_method_types` (a
//   filter, stripe-node 23's parameter), `excluded_payment_method_types`, and for
//   PaymentIntents `automatic_payment_methods[allow_redirects]=never` (drops every
//   redirect-based type).
//
// A dynamic PaymentIntent whose resulting types include a redirect-based one cannot be
// confirmed without `return_url` (routes-intents.ts).
import { invalidRequest } from "./errors";
import type { ParamReader } from "./params";

/** Every type Stripe's API knows (stripe-node 23.1's AllowedPaymentMethodType). */
export const KNOWN_METHOD_TYPES: ReadonlySet<string> = new Set([
  "acss_debit",
  "affirm",
  "afterpay_clearpay",
  "alipay",
  "alma",
  "amazon_pay",
  "au_becs_debit",
  "bacs_debit",
  "bancontact",
  "billie",
  "bizum",
  "blik",
  "boleto",
  "card",
  "card_present",
  "cashapp",
  "crypto",
  "customer_balance",
  "eps",
  "fpx",
  "giropay",
  "grabpay",
  "ideal",
  "interac_present",
  "kakao_pay",
  "klarna",
  "konbini",
  "kr_card",
  "link",
  "mb_way",
  "mobilepay",
  "multibanco",
  "naver_pay",
  "nz_bank_account",
  "oxxo",
  "p24",
  "pay_by_bank",
  "payco",
  "paynow",
  "paypal",
  "payto",
  "pix",
  "promptpay",
  "revolut_pay",
  "samsung_pay",
  "satispay",
  "sepa_debit",
  "sofort",
  "swish",
  "twint",
  "upi",
  "us_bank_account",
  "wechat_pay",
  "zip",
]);

/** Types that send the customer to another site or app to approve the payment. */
export const REDIRECT_METHOD_TYPES: ReadonlySet<string> = new Set([
  "affirm",
  "afterpay_clearpay",
  "alipay",
  "alma",
  "amazon_pay",
  "bancontact",
  "billie",
  "cashapp",
  "eps",
  "fpx",
  "giropay",
  "grabpay",
  "ideal",
  "kakao_pay",
  "klarna",
  "kr_card",
  "mobilepay",
  "naver_pay",
  "p24",
  "pay_by_bank",
  "payco",
  "paypal",
  "revolut_pay",
  "samsung_pay",
  "satispay",
  "sofort",
  "twint",
  "wechat_pay",
  "zip",
]);

/** Types a Checkout Session in setup mode (or a SetupIntent) can save. */
const SETUP_METHOD_TYPES: ReadonlySet<string> = new Set([
  "acss_debit",
  "amazon_pay",
  "au_becs_debit",
  "bacs_debit",
  "bancontact",
  "card",
  "cashapp",
  "ideal",
  "klarna",
  "link",
  "paypal",
  "revolut_pay",
  "sepa_debit",
  "sofort",
  "us_bank_account",
]);

/** Types that only take one currency (the emulator's accounts are US accounts). */
const CURRENCY_OF: Record<string, string> = {
  us_bank_account: "usd",
  affirm: "usd",
  cashapp: "usd",
  amazon_pay: "usd",
  klarna: "usd",
  afterpay_clearpay: "usd",
  zip: "usd",
  sepa_debit: "eur",
  ideal: "eur",
  bancontact: "eur",
  sofort: "eur",
  giropay: "eur",
  eps: "eur",
  p24: "pln",
  bacs_debit: "gbp",
  acss_debit: "cad",
  au_becs_debit: "aud",
};

/** What a new US account has turned on in its Dashboard (test mode). */
export const DEFAULT_DASHBOARD_METHODS: readonly string[] = [
  "card",
  "us_bank_account",
  "link",
  "cashapp",
  "affirm",
  "klarna",
  "amazon_pay",
];

/** Types the hosted page and the API can take end to end (cards and bank accounts). */
export const FULLY_EMULATED_TYPES: ReadonlySet<string> = new Set(["card", "us_bank_account"]);

export interface MethodTypes {
  /** The resulting `payment_method_types`. */
  types: string[];
  /** Echo of `allowed_payment_method_types` (null when not given). */
  allowed: string[] | null;
  /** Echo of `excluded_payment_method_types` (null when not given). */
  excluded: string[] | null;
  /** The PaymentIntent's `automatic_payment_methods` (null with an explicit list). */
  automatic: { enabled: true; allow_redirects: "always" | "never" } | null;
}

export interface MethodContext {
  /** The account's Dashboard payment method settings. */
  dashboard: readonly string[];
  currency: string | null;
  mode: "payment" | "setup";
  /** PaymentIntents take `automatic_payment_methods`; Checkout Sessions do not. */
  acceptsAutomatic: boolean;
}

function invalidType(type: string, param: string) {
  return invalidRequest(
    `The payment method type provided: ${type} is invalid. Please ensure the provided type is activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.`,
    param,
  );
}

function fitsContext(type: string, context: MethodContext): boolean {
  if (context.mode === "setup" && !SETUP_METHOD_TYPES.has(type)) return false;
  const only = CURRENCY_OF[type];
  return !only || context.currency === null || context.currency === only;
}

export function readMethodTypes(params: ParamReader, context: MethodContext): MethodTypes {
  const explicit = params.has("payment_method_types")
    ? params.strList("payment_method_types")
    : null;
  const allowed = params.has("allowed_payment_method_types")
    ? params.strList("allowed_payment_method_types")
    : null;
  const excluded = params.has("excluded_payment_method_types")
    ? params.strList("excluded_payment_method_types")
    : null;
  const automaticParam = context.acceptsAutomatic ? params.obj("automatic_payment_methods") : null;
  automaticParam?.allow(["enabled", "allow_redirects"]);

  if (explicit && explicit.length > 0) {
    if (allowed) {
      throw invalidRequest(
        "You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.",
        "payment_method_types",
      );
    }
    if (automaticParam) {
      throw invalidRequest(
        "You may only specify one of these parameters: automatic_payment_methods, payment_method_types.",
        "automatic_payment_methods",
      );
    }
    const invalid = explicit.filter(
      (t) => !KNOWN_METHOD_TYPES.has(t) || !context.dashboard.includes(t),
    );
    if (invalid.length === explicit.length && explicit.length > 1) {
      throw invalidRequest(
        "All types provided in payment_method_types are invalid. Please ensure the provided types are activated in your dashboard (https://dashboard.stripe.com/account/payments/settings) and your account is enabled for any preview features that you are trying to use.",
        "payment_method_types",
      );
    }
    if (invalid.length > 0) throw invalidType(invalid[0], "payment_method_types");
    for (const type of explicit) {
      if (!fitsContext(type, context)) {
        throw invalidRequest(
          context.mode === "setup" && !SETUP_METHOD_TYPES.has(type)
            ? `The payment method type ${type} cannot be used to set up future payments.`
            : `The currency provided (${context.currency}) is invalid for one or more payment method types on this ${context.acceptsAutomatic ? "PaymentIntent" : "Checkout Session"} (${type}).`,
          "payment_method_types",
        );
      }
    }
    return { types: [...new Set(explicit)], allowed: null, excluded: null, automatic: null };
  }

  for (const [list, param] of [
    [allowed, "allowed_payment_method_types"],
    [excluded, "excluded_payment_method_types"],
  ] as const) {
    for (const type of list ?? [])
      if (!KNOWN_METHOD_TYPES.has(type)) throw invalidType(type, param);
  }
  let allowRedirects: "always" | "never" = "always";
  if (automaticParam) {
    if (automaticParam.bool("enabled") !== true) {
      throw invalidRequest(
        "automatic_payment_methods[enabled] must be true when automatic_payment_methods is given (or send payment_method_types).",
        "automatic_payment_methods[enabled]",
      );
    }
    allowRedirects =
      automaticParam.oneOf("allow_redirects", ["always", "never"] as const) ?? "always";
  }
  let types = context.dashboard.filter((t) => fitsContext(t, context));
  if (allowed) types = types.filter((t) => allowed.includes(t));
  if (excluded) types = types.filter((t) => !excluded.includes(t));
  if (allowRedirects === "never") types = types.filter((t) => !REDIRECT_METHOD_TYPES.has(t));
  if (types.length === 0) {
    throw invalidRequest(
      "No valid payment method types for this request. Please ensure that you have activated payment methods compatible with your chosen currency in your dashboard (https://dashboard.stripe.com/settings/payment_methods).",
      allowed ? "allowed_payment_method_types" : undefined,
    );
  }
  return {
    types,
    allowed,
    excluded,
    automatic: context.acceptsAutomatic ? { enabled: true, allow_redirects: allowRedirects } : null,
  };
}

/** True when confirming needs a `return_url`: dynamic methods, some of them redirect-based. */
export function mayRedirect(intent: {
  automatic_payment_methods: { allow_redirects: string } | null;
  payment_method_types: string[];
}): boolean {
  return (
    intent.automatic_payment_methods !== null &&
    intent.automatic_payment_methods.allow_redirects !== "never" &&
    intent.payment_method_types.some((t) => REDIRECT_METHOD_TYPES.has(t))
  );
}

export function validateDashboardMethods(types: readonly string[]): string[] {
  const unique = [...new Set(types)];
  for (const type of unique) {
    if (!KNOWN_METHOD_TYPES.has(type)) throw new Error(`unknown payment method type: ${type}`);
  }
  if (unique.length === 0) throw new Error("at least one payment method must stay on");
  return unique;
}
