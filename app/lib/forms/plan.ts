/**
 * The forms of the plan builder, review, plan page and hardship page. One schema per
 * form, used by react-hook-form in the browser (zodResolver) and by the loader/action on
 * the server (the source of truth). zod/mini keeps the browser bundle small; messages
 * are i18n keys (app/lib/i18n/plans.ts).
 *
 * These schemas check the *shape* of what was sent. Whether a plan is allowed for this
 * account (policy, balance, dates) is decided by evaluateChoice (app/lib/plan-builder.ts),
 * which needs the account's context. Pure: no I/O, safe in the browser.
 */
// A namespace import, so the bundler keeps only what is used (~5 KB, not ~85 KB).
import * as z from "zod/mini";
import { isValidDate } from "../calendar-date";
import { parseMoneyInput } from "../money";
import type { ChoiceError } from "../plan-errors";
import { FREQUENCIES, type Frequency } from "../policy";

export const CHOICE_KINDS = ["full", "settlement", "installments"] as const;
export type ChoiceKind = (typeof CHOICE_KINDS)[number];

/** What the debtor chose. Only an installment plan has a frequency, count and first date. */
export type PlanChoice =
  | { kind: "full" }
  | { kind: "settlement" }
  | { kind: "installments"; frequency: Frequency; count: number; startDate: string };

const optionalText = z.optional(z.string());
const COUNT_PATTERN = /^\s*\d{1,3}\s*$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const choiceFields = {
  kind: z.enum(CHOICE_KINDS, { error: "plans.error.kind" }),
  frequency: optionalText,
  count: optionalText,
  startDate: optionalText,
};

type RawChoice = { kind: ChoiceKind; frequency?: string; count?: string; startDate?: string };

function isFrequency(value: unknown): value is Frequency {
  return typeof value === "string" && (FREQUENCIES as readonly string[]).includes(value);
}

// Fields of an installment plan are checked only when a plan is chosen: for "pay in
// full" they are ignored (they are on the page, hidden or not, without JavaScript).
const choiceChecks = [
  z.refine<RawChoice>((v) => v.kind !== "installments" || isFrequency(v.frequency), {
    path: ["frequency"],
    message: "plans.error.frequency",
  }),
  z.refine<RawChoice>((v) => v.kind !== "installments" || COUNT_PATTERN.test(v.count ?? ""), {
    path: ["count"],
    message: "plans.error.countWhole",
  }),
  z.refine<RawChoice>((v) => v.kind !== "installments" || isValidDate((v.startDate ?? "").trim()), {
    path: ["startDate"],
    message: "plans.error.startDateFormat",
  }),
];

function toChoice(v: RawChoice): PlanChoice {
  if (v.kind !== "installments") return { kind: v.kind };
  return {
    kind: "installments",
    frequency: v.frequency as Frequency,
    count: Number((v.count ?? "").trim()),
    startDate: (v.startDate ?? "").trim(),
  };
}

/** The builder (GET /accounts/:id/pay?kind=…): what the debtor is considering. */
export const planChoiceSchema = z.pipe(
  z.object(choiceFields).check(...choiceChecks),
  z.transform(toChoice),
);

/**
 * The review form (POST /accounts/:id/pay/review): the choice again, the account it is
 * for, a digest of the schedule the debtor saw (the server recomputes it: a changed
 * amount or a changed balance makes them differ), the text version and the tick.
 */
export const planAuthorizeSchema = z.pipe(
  z
    .object({
      ...choiceFields,
      accountId: z
        .string({ error: "plans.error.tampered" })
        .check(z.regex(UUID_PATTERN, "plans.error.tampered")),
      scheduleDigest: z
        .string({ error: "plans.error.tampered" })
        .check(z.regex(/^[0-9a-f]{64}$/, "plans.error.tampered")),
      textVersion: z
        .string({ error: "plans.error.tampered" })
        .check(z.maxLength(64, "plans.error.tampered")),
      authorize: z.optional(z.string()),
    })
    .check(
      ...choiceChecks,
      z.refine((v) => v.authorize === "on", {
        path: ["authorize"],
        message: "plans.error.authorize",
      }),
    ),
  z.transform((v) => ({
    choice: toChoice(v),
    accountId: v.accountId.toLowerCase(),
    scheduleDigest: v.scheduleDigest,
    textVersion: v.textVersion,
  })),
);

/** Move one payment (plan page). */
export const movePaymentSchema = z.pipe(
  z.object({
    seq: z
      .string({ error: "plans.error.moveSeq" })
      .check(z.regex(/^\d{1,3}$/, "plans.error.moveSeq")),
    newDate: z
      .string({ error: "plans.error.dateFormat" })
      .check(z.refine((v) => isValidDate(v.trim()), "plans.error.dateFormat")),
  }),
  z.transform((v) => ({ seq: Number(v.seq), newDate: v.newDate.trim() })),
);

/** Pay extra or pay off (plan page, a GET preview): an amount typed in dollars. */
export const payExtraSchema = z.pipe(
  z.object({
    amount: z
      .string({ error: "plans.error.amount" })
      .check(z.refine((v) => (parseMoneyInput(v) ?? 0) > 0, "plans.error.amount")),
  }),
  z.transform((v) => ({ amountCents: parseMoneyInput(v.amount) as number })),
);

/** Cancel the plan: the debtor ticks that they understand. */
export const cancelPlanSchema = z.object({
  confirm: z.literal("on", { error: "plans.error.cancelConfirm" }),
});

export const HARDSHIP_NOTE_MAX = 2000;

/** "I can't pay right now": pause until a date. */
export const hardshipPauseSchema = z.pipe(
  z.object({
    pauseUntil: z
      .string({ error: "plans.error.dateFormat" })
      .check(z.refine((v) => isValidDate(v.trim()), "plans.error.dateFormat")),
  }),
  z.transform((v) => ({ pauseUntil: v.pauseUntil.trim() })),
);

/** "I can't pay right now": what I can afford, how often, and why (optional). */
export const hardshipProposalSchema = z.pipe(
  z.object({
    amount: z
      .string({ error: "plans.error.amount" })
      .check(z.refine((v) => (parseMoneyInput(v) ?? 0) > 0, "plans.error.amount")),
    frequency: z.enum(FREQUENCIES, { error: "plans.error.frequency" }),
    note: z.optional(z.string().check(z.maxLength(HARDSHIP_NOTE_MAX, "plans.error.noteTooLong"))),
  }),
  z.transform((v) => ({
    amountCents: parseMoneyInput(v.amount) as number,
    frequency: v.frequency,
    note: (v.note ?? "").trim(),
  })),
);

/**
 * A proposal can't be more than the balance: each payment of it would pay more than is
 * owed. Checked by the server (submitProposal) before anything else; null when it fits.
 */
export function proposalAboveBalance(
  amountCents: number,
  balanceCents: number,
): ChoiceError | null {
  return amountCents > balanceCents
    ? {
        field: "amount",
        key: "plans.error.proposalAboveBalance",
        vars: { balance: { money: balanceCents } },
      }
    : null;
}

/** Query-string / form values of a choice, for links and hidden fields. */
export function choiceToFields(choice: PlanChoice): Record<string, string> {
  if (choice.kind !== "installments") return { kind: choice.kind };
  return {
    kind: choice.kind,
    frequency: choice.frequency,
    count: String(choice.count),
    startDate: choice.startDate,
  };
}
