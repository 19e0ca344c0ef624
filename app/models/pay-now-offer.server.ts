// What paying now would be, for each kind, or why it can't be made here: the confirm page
// (app/routes/accounts.$accountId.pay-now.tsx) and its POST (pay-now.server.ts) share it,
// so the button pays exactly what the page showed. The server computes every amount from
// the ledger, the policy and the plan; the only amount a debtor gives is the extra one,
// checked here against the plan (rescheduleRemaining: the rules of paying early).
import { and, desc, eq, inArray } from "drizzle-orm";
import type { AccountStatus } from "~/lib/account-rules";
import { todayIn } from "~/lib/calendar-date";
import { checkoutCharge, overdueInstallments, type CheckoutPurpose } from "~/lib/checkout-charge";
import type { Lang } from "~/lib/i18n";
import { parseMoneyInput } from "~/lib/money";
import { evaluateChoice, type BuilderContext } from "~/lib/plan-builder";
import {
  isPayNowKind,
  isWaitingOneOff,
  oneTimeAuthorization,
  type PayNowKind,
} from "~/lib/pay-now";
import {
  rescheduleRemaining,
  type InstallmentChange,
  type RescheduleReason,
} from "~/lib/reschedule";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor } from "./accounts.server";
import { installmentsOf, openInstallments, policyFor } from "./plans-common.server";
import { CHECKOUT_PLAN_STATUSES } from "./status-sets.server";

export type PayNowRefusal =
  | "unknownKind"
  | "onHold"
  | "nothingOwed"
  | "noPlan"
  | "hasPlan"
  | "pendingPlan"
  | "settlementNotOffered"
  | "processing"
  | "nothingDue"
  | "paused"
  | "catchUpFirst";

/** A field error of the extra amount; `vars` are amounts in cents. */
export type AmountError = { key: string; vars?: Record<string, number> };

export type PayNowDetail =
  | { type: "full" }
  | { type: "settlement"; savingsCents: number }
  | { type: "next"; seq: number; dueDate: string }
  | { type: "catchUp"; count: number }
  | { type: "payoff"; count: number }
  | { type: "extra"; changes: InstallmentChange[]; remainingCents: number; endDate: string | null };

type Common = {
  accountId: string;
  reference: string;
  creditorName: string;
  currency: string;
  today: string;
  /** The plan's remaining total, for the extra amount's hint (0 without a plan). */
  remainingCents: number;
  hasPlan: boolean;
};

export type PayNowView = Common &
  (
    | {
        ok: true;
        kind: PayNowKind;
        amountCents: number;
        balanceCents: number;
        detail: PayNowDetail;
        authorization: string;
        /** The extra amount as typed (kept in the form), else "". */
        amountInput: string;
      }
    | { ok: false; kind: PayNowKind | null; reason: PayNowRefusal }
    /** `extra` without a valid amount yet: the amount form, with its error if one was typed. */
    | { ok: false; kind: "extra"; reason: "amount"; amountInput: string; error: AmountError | null }
  );

export type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

export async function load(debtorId: string, accountId: string, now: Date) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const [plan] = await db()
    .select()
    .from(schema.plans)
    .where(
      and(
        eq(schema.plans.accountId, found.account.id),
        inArray(schema.plans.status, CHECKOUT_PLAN_STATUSES),
      ),
    )
    .orderBy(desc(schema.plans.createdAt))
    .limit(1);
  const installments = plan ? await installmentsOf(db(), plan.id) : [];
  return {
    ...found,
    plan: plan ?? null,
    installments,
    today: todayIn(found.creditor.timezone, now),
  };
}

function explainAmount(reason: RescheduleReason | undefined): AmountError {
  switch (reason?.code) {
    case "payment_below_minimum":
      return { key: "payNow.error.belowMin", vars: { amount: reason.minCents } };
    case "payment_exceeds_remaining":
      return { key: "payNow.error.tooMuch", vars: { amount: reason.remainingCents } };
    case "leftover_below_minimum":
      return {
        key: "payNow.error.leftover",
        vars: { min: reason.minCents, payAll: reason.payAllCents },
      };
    default:
      return { key: "payNow.error.amount" };
  }
}

/** What paying `kind` now would be, or why it can't be made (the page and the POST share it). */
export function decide(
  c: Loaded,
  kind: PayNowKind | null,
  amountText: string,
  lang: Lang,
): PayNowView {
  const { account, creditor, plan, installments, today } = c;
  const open = openInstallments(installments);
  const remainingCents = open.reduce((sum, i) => sum + i.amountCents, 0);
  const inPlan = Boolean(plan && !isWaitingOneOff(plan));
  const common: Common = {
    accountId: account.id,
    reference: account.reference,
    creditorName: creditor.displayName,
    currency: account.currency,
    today,
    remainingCents: inPlan ? remainingCents : 0,
    hasPlan: inPlan,
  };
  const no = (reason: PayNowRefusal): PayNowView => ({ ...common, ok: false, kind, reason });
  if (!isPayNowKind(kind)) return no("unknownKind");
  if ((account.status as AccountStatus) === "on_hold") return no("onHold");
  const owes = c.balanceCents > 0 && (account.status === "open" || account.status === "in_plan");
  const offer = (amountCents: number, detail: PayNowDetail): PayNowView => ({
    ...common,
    ok: true,
    kind,
    amountCents,
    balanceCents: c.balanceCents,
    detail,
    amountInput: kind === "extra" ? amountText : "",
    authorization: oneTimeAuthorization(
      {
        kind,
        debtorName: c.debtor.fullName,
        creditorName: creditor.displayName,
        reference: account.reference,
        amountCents,
        balanceCents: c.balanceCents,
        currency: account.currency,
        date: today,
      },
      lang,
    ),
  });

  // A bank payment on its way (whatever it pays): no second payment meanwhile.
  if (installments.some((i) => i.status === "processing")) return no("processing");
  if (kind === "full" || kind === "settlement") {
    // A plan that has started (or broke) governs the account: pay it off instead. A plan
    // chosen but never started, or a single payment left on Stripe's page, gives way.
    if (plan && plan.status !== "pending_payment_method") return no("hasPlan");
    if (!owes || account.status !== "open") return no("nothingOwed");
    const result = evaluateChoice(builderContext(c), { kind });
    if (!result.ok) return no(kind === "settlement" ? "settlementNotOffered" : "nothingOwed");
    return offer(
      result.plan.totalCents,
      kind === "settlement"
        ? { type: "settlement", savingsCents: result.plan.savingsCents }
        : { type: "full" },
    );
  }

  if (!plan || !inPlan) return no(owes ? "noPlan" : "nothingOwed");
  if (plan.status === "pending_payment_method") return no("pendingPlan");
  if (kind === "extra" || kind === "next") {
    if (plan.status === "paused") return no("paused");
    if (kind === "extra" && plan.status === "broken") return no("catchUpFirst");
  }
  if (kind === "extra") {
    const amountCents = parseMoneyInput(amountText);
    if (!amountText.trim() || amountCents === null || amountCents <= 0)
      return {
        ...common,
        ok: false,
        kind,
        reason: "amount",
        amountInput: amountText,
        error: amountText.trim() ? { key: "payNow.error.amount" } : null,
      };
    const result = rescheduleRemaining(
      open,
      { kind: "payment", amountCents },
      {
        policy: policyFor(account, creditor),
        currency: plan.currency,
        today,
        planCreatedOn: plan.agreedOn,
      },
    );
    if (!result.ok)
      return {
        ...common,
        ok: false,
        kind,
        reason: "amount",
        amountInput: amountText,
        error: explainAmount(result.reasons[0]),
      };
    const charge = checkoutCharge(plan, installments, today, "extra", amountCents);
    if (!charge.ok) return no(charge.reason === "processing" ? "processing" : "nothingDue");
    return offer(amountCents, {
      type: "extra",
      changes: result.changes,
      remainingCents: result.remainingCents,
      endDate: result.endDate,
    });
  }
  const purpose = purposeOf(kind, plan.status);
  const charge = checkoutCharge(plan, installments, today, purpose);
  if (!charge.ok || charge.amountCents === null)
    return no(!charge.ok && charge.reason === "processing" ? "processing" : "nothingDue");
  if (purpose === "installment") {
    const next = installments.find((i) => i.id === charge.installmentId)!;
    return offer(charge.amountCents, { type: "next", seq: next.seq, dueDate: next.dueDate });
  }
  if (purpose === "catch_up")
    return offer(charge.amountCents, {
      type: "catchUp",
      count: Math.max(1, overdueInstallments(installments, today).length),
    });
  return offer(charge.amountCents, { type: "payoff", count: open.length });
}

export function purposeOf(kind: PayNowKind, planStatus: string): CheckoutPurpose {
  if (kind === "next") return planStatus === "broken" ? "catch_up" : "installment";
  if (kind === "extra") return "extra";
  if (kind === "payoff") return "payoff";
  return "plan_start";
}

function builderContext(c: Loaded): BuilderContext {
  return {
    balanceCents: c.balanceCents,
    currency: c.account.currency,
    policy: policyFor(c.account, c.creditor),
    today: c.today,
  };
}

/** The confirm page. Null: not this debtor's account (→ 404). */
