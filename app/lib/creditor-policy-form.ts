/**
 * The plan policy settings form: what its fields hold (strings and booleans, as a form
 * has them) and how that becomes the input of `planPolicySchema`, the one schema that
 * decides. The same conversion runs in the browser (react-hook-form's resolver) and in
 * the action (server-side safeParse on the native form post).
 *
 * Field names mirror the policy's paths ("settlement.percentOff", "hardship.allowed"),
 * so an issue's path is the name of the field it belongs to.
 *
 * Pure: no I/O, safe in the browser.
 */
import { zodResolver } from "@hookform/resolvers/zod";
import type { FieldErrors, Resolver } from "react-hook-form";
import { formatMoney, parseMoneyInput } from "./money";
import { FREQUENCIES, PAYMENT_METHODS, planPolicySchema, type PlanPolicy } from "./policy";

export type PolicyFormValues = {
  payInFull: boolean;
  settlementOffered: boolean;
  settlement: { percentOff: string; expiresOn: string };
  frequencies: string[];
  minInstallments: string;
  maxInstallments: string;
  /** Typed in dollars ("25.00"); stored in cents. */
  minInstallmentCents: string;
  maxPlanDays: string;
  latestFirstPaymentDays: string;
  downPaymentPercent: string;
  hardship: { allowed: boolean; maxPauseDays: string };
  missedPaymentTolerance: string;
  /** Ticked payment method types (card, us_bank_account). */
  paymentMethods: string[];
  /** "3, 7" */
  retryDays: string;
};

export type FlatErrors = Record<string, string>;

export const MONEY_FORMAT_MESSAGE = "Enter the smallest payment in dollars, like 25.00";

export function policyToFormValues(policy: PlanPolicy): PolicyFormValues {
  return {
    payInFull: policy.payInFull,
    settlementOffered: policy.settlement !== null,
    settlement: {
      percentOff: policy.settlement ? String(policy.settlement.percentOff) : "",
      expiresOn: policy.settlement?.expiresOn ?? "",
    },
    frequencies: [...policy.frequencies],
    minInstallments: String(policy.minInstallments),
    maxInstallments: String(policy.maxInstallments),
    minInstallmentCents: formatMoney(policy.minInstallmentCents, "usd", "en")
      .replace(/^\$/, "")
      .replace(/,/g, ""),
    maxPlanDays: String(policy.maxPlanDays),
    latestFirstPaymentDays: String(policy.latestFirstPaymentDays),
    downPaymentPercent: String(policy.downPaymentPercent),
    hardship: {
      allowed: policy.hardship.allowed,
      maxPauseDays: String(policy.hardship.maxPauseDays),
    },
    missedPaymentTolerance: String(policy.missedPaymentTolerance),
    paymentMethods: [...policy.paymentMethods],
    retryDays: policy.retryDays.join(", "),
  };
}

/** "12" → 12; anything else → NaN, which the schema rejects with the field's own message. */
function whole(text: string | undefined): number {
  const trimmed = (text ?? "").trim();
  return /^-?\d{1,9}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}

/** The form's values as the schema's input (numbers, booleans, null for "no offer"). */
export function formValuesToPolicyInput(values: PolicyFormValues): Record<string, unknown> {
  const retry = (values.retryDays ?? "").trim();
  return {
    payInFull: Boolean(values.payInFull),
    settlement: values.settlementOffered
      ? {
          percentOff: whole(values.settlement?.percentOff),
          expiresOn: (values.settlement?.expiresOn ?? "").trim(),
        }
      : null,
    frequencies: (values.frequencies ?? []).filter(Boolean),
    minInstallments: whole(values.minInstallments),
    maxInstallments: whole(values.maxInstallments),
    minInstallmentCents: parseMoneyInput(values.minInstallmentCents ?? "") ?? Number.NaN,
    maxPlanDays: whole(values.maxPlanDays),
    latestFirstPaymentDays: whole(values.latestFirstPaymentDays),
    downPaymentPercent: whole(values.downPaymentPercent),
    hardship: {
      allowed: Boolean(values.hardship?.allowed),
      maxPauseDays: values.hardship?.allowed ? whole(values.hardship?.maxPauseDays) : 0,
    },
    missedPaymentTolerance: whole(values.missedPaymentTolerance),
    paymentMethods: (values.paymentMethods ?? []).filter(Boolean),
    retryDays:
      retry === ""
        ? []
        : retry
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(whole),
  };
}

/** A native form post as form values (checkboxes are "on" or absent). */
export function formDataToPolicyValues(form: FormData): PolicyFormValues {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return {
    payInFull: form.has("payInFull"),
    settlementOffered: form.has("settlementOffered"),
    settlement: {
      percentOff: text("settlement.percentOff"),
      expiresOn: text("settlement.expiresOn"),
    },
    frequencies: form.getAll("frequencies").filter((v): v is string => typeof v === "string"),
    minInstallments: text("minInstallments"),
    maxInstallments: text("maxInstallments"),
    minInstallmentCents: text("minInstallmentCents"),
    maxPlanDays: text("maxPlanDays"),
    latestFirstPaymentDays: text("latestFirstPaymentDays"),
    downPaymentPercent: text("downPaymentPercent"),
    hardship: {
      allowed: form.has("hardship.allowed"),
      maxPauseDays: text("hardship.maxPauseDays"),
    },
    missedPaymentTolerance: text("missedPaymentTolerance"),
    paymentMethods: form.getAll("paymentMethods").filter((v): v is string => typeof v === "string"),
    retryDays: text("retryDays"),
  };
}

/** Issue path → field name: list positions belong to the list's field. */
export function fieldNameFor(path: readonly PropertyKey[]): string {
  const parts = path.filter((p) => typeof p !== "number").map(String);
  return parts.join(".") || "form";
}

function adjust(values: PolicyFormValues, errors: FlatErrors): FlatErrors {
  // The schema speaks in cents; people type dollars.
  if (errors.minInstallmentCents && parseMoneyInput(values.minInstallmentCents ?? "") === null) {
    errors.minInstallmentCents = MONEY_FORMAT_MESSAGE;
  }
  return errors;
}

export type PolicyValidation = { ok: true; policy: PlanPolicy } | { ok: false; errors: FlatErrors };

/** Server side: the source of truth. */
export function validatePolicyForm(values: PolicyFormValues): PolicyValidation {
  const parsed = planPolicySchema.safeParse(formValuesToPolicyInput(values));
  if (parsed.success) return { ok: true, policy: parsed.data };
  const errors: FlatErrors = {};
  for (const issue of parsed.error.issues) {
    const name = fieldNameFor(issue.path);
    errors[name] ??= issue.message;
  }
  return { ok: false, errors: adjust(values, errors) };
}

/** react-hook-form's errors (nested, lists as arrays) as one flat map by field name. */
export function flattenFieldErrors(errors: FieldErrors | undefined, prefix = ""): FlatErrors {
  const out: FlatErrors = {};
  if (!errors) return out;
  const walk = (node: unknown, path: string) => {
    if (!node || typeof node !== "object") return;
    const message = (node as { message?: unknown }).message;
    if (typeof message === "string" && message) {
      out[path || "form"] ??= message;
    }
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      if (key === "ref" || key === "message" || key === "type" || key === "types") continue;
      const next = /^\d+$/.test(key) ? path : path ? `${path}.${key}` : key;
      walk(child, next);
    }
  };
  walk(errors, prefix);
  return out;
}

const schemaResolver = zodResolver(planPolicySchema);

/**
 * zodResolver(planPolicySchema) on the converted values. The form keeps its own values
 * (the native post sends them); only the verdict and the messages matter here.
 */
export const policyFormResolver: Resolver<PolicyFormValues> = async (values, context, options) => {
  const result = await schemaResolver(
    formValuesToPolicyInput(values) as never,
    context,
    options as never,
  );
  const flat = flattenFieldErrors(result.errors as FieldErrors);
  if (Object.keys(flat).length === 0) return { values, errors: {} };
  adjust(values, flat);
  // Nested like the values, so react-hook-form finds (and focuses) each field's error.
  const errors: Record<string, unknown> = {};
  for (const [name, message] of Object.entries(flat)) {
    const parts = name.split(".");
    let node = errors;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[parts[parts.length - 1]] = { type: "policy", message };
  }
  return { values: {}, errors: errors as FieldErrors<PolicyFormValues> };
};

/** The fields of an override: only those that differ from the creditor's policy. */
export function policyDifference(base: PlanPolicy, wanted: PlanPolicy): Partial<PlanPolicy> {
  const diff: Record<string, unknown> = {};
  for (const key of Object.keys(wanted) as (keyof PlanPolicy)[]) {
    if (JSON.stringify(base[key]) !== JSON.stringify(wanted[key])) diff[key] = wanted[key];
  }
  return diff as Partial<PlanPolicy>;
}

export const FREQUENCY_CHOICES = FREQUENCIES.map((value) => ({
  value,
  label: value === "weekly" ? "Weekly" : value === "biweekly" ? "Every two weeks" : "Monthly",
}));

export const PAYMENT_METHOD_CHOICES = PAYMENT_METHODS.map((value) => ({
  value,
  label:
    value === "card"
      ? "Card (credit or debit, including wallets such as Apple Pay)"
      : "US bank account (ACH debit: takes a few days to settle)",
}));

/** Balances of the two sample debtors in the live preview: $600 and $6,000. */
export const PREVIEW_BALANCES = [60_000, 600_000] as const;
