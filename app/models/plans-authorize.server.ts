// Plans, choosing and authorizing. The server decides everything: a plan is rebuilt from the
// ledger balance and the effective policy (app/lib/plan-builder.ts); nothing the form says
// about amounts, counts or accounts is trusted. A new plan is `pending_payment_method` and
// the account stays `open` until the Stripe step saves a payment method (activatePlan).
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { isOnHold, type AccountStatus } from "~/lib/account-rules";
import { todayIn } from "~/lib/calendar-date";
import type { PlanChoice } from "~/lib/forms/plan";
import type { Lang } from "~/lib/i18n";
import { isWaitingOneOff } from "~/lib/pay-now";
import { AUTHORIZATION_VERSION, authorizationText } from "~/lib/plan-authorization";
import {
  builderOptions,
  evaluateChoice,
  type BuilderContext,
  type ChoiceError,
  type PlanPreview,
} from "~/lib/plan-builder";
import { compareOptions } from "~/lib/plan-options";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor, isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { cancelPlanState, proposePlan } from "./account-state.server";
import { balanceOf } from "./ledger.server";
import { livePlanOf, policyFor } from "./plans-common.server";

// ---------------------------------------------------------------------------
// Choosing and authorizing
// ---------------------------------------------------------------------------

/** The builder page's data: options, comparison, and whether anything may be set up. */
export async function getPlanBuilder(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor, debtor, balanceCents } = found;
  const ctx: BuilderContext = {
    balanceCents,
    currency: account.currency,
    policy: policyFor(account, creditor),
    today: todayIn(creditor.timezone, now),
  };
  // A single payment left on Stripe's page is no plan: any new choice replaces it.
  const livePlanRow = await livePlanOf(db(), account.id);
  const livePlan = isWaitingOneOff(livePlanRow) ? null : livePlanRow;
  return {
    account: {
      id: account.id,
      reference: account.reference,
      status: account.status as AccountStatus,
      currency: account.currency,
    },
    creditor: {
      displayName: creditor.displayName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
    },
    debtorName: debtor.fullName,
    ctx,
    options: builderOptions(ctx),
    comparison: compareOptions(ctx.balanceCents, ctx.policy, ctx.today, ctx.currency),
    livePlanId: livePlan?.id ?? null,
    onHold: isOnHold(account.status as AccountStatus),
    /** A plan may be set up: something is owed, no dispute hold, no live plan. */
    canAuthorize: account.status === "open" && balanceCents > 0 && !livePlan,
  };
}

export type PlanBuilder = NonNullable<Awaited<ReturnType<typeof getPlanBuilder>>>;

/** What the review page shows and the action compares against: same inputs, same text. */
export function reviewFor(builder: PlanBuilder, plan: PlanPreview, lang: Lang) {
  const text = authorizationText(
    plan,
    {
      debtorName: builder.debtorName,
      creditorName: builder.creditor.displayName,
      supportPhone: builder.creditor.supportPhone,
      supportEmail: builder.creditor.supportEmail,
    },
    lang,
  );
  return { text, version: AUTHORIZATION_VERSION, digest: scheduleDigest(builder.account.id, plan) };
}

/**
 * Fingerprint of exactly what the debtor was shown: account, kind, every date and
 * amount. The review form carries it; the action recomputes it from the ledger, so a
 * changed amount, a changed balance or another account's form cannot be authorized.
 */
export function scheduleDigest(accountId: string, plan: PlanPreview): string {
  const canonical = JSON.stringify([
    accountId,
    plan.kind,
    plan.frequency,
    plan.currency,
    plan.totalCents,
    plan.installments.map((i) => [i.seq, i.dueDate, i.amountCents]),
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

export type AuthorizeInput = {
  debtorId: string;
  accountId: string;
  form: { choice: PlanChoice; accountId: string; scheduleDigest: string; textVersion: string };
  lang: Lang;
  ip?: string;
  userAgent?: string | null;
  now?: Date;
};

export type AuthorizeResult =
  { ok: true; planId: string } | { ok: false; status: 400 | 409; errors: ChoiceError[] };

/**
 * Stores the plan the debtor authorized, with the authorization evidence, after
 * rebuilding it from the ledger and the policy. Returns null when the account is not
 * this debtor's (→ 404). Nothing is written unless everything checks out.
 */
export async function authorizePlan(input: AuthorizeInput): Promise<AuthorizeResult | null> {
  if (!isUuid(input.accountId)) return null;
  const now = input.now ?? new Date();
  const fail = (status: 400 | 409, key: string, vars?: ChoiceError["vars"]): AuthorizeResult => ({
    ok: false,
    status,
    errors: [{ field: "form", key, vars }],
  });
  try {
    return await db().transaction(async (tx) => {
      const [row] = await tx
        .select({ account: schema.accounts, creditor: schema.creditors, debtor: schema.debtors })
        .from(schema.accounts)
        .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
        .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
        .where(
          and(
            eq(schema.accounts.id, input.accountId),
            eq(schema.accounts.debtorId, input.debtorId),
          ),
        )
        .for("update", { of: schema.accounts });
      if (!row) return null;
      const { account, creditor, debtor } = row;
      // The form names the account it was shown for: another account's form is refused.
      if (input.form.accountId !== account.id) return fail(400, "plans.error.tampered");
      if (isOnHold(account.status as AccountStatus))
        return fail(400, "plans.error.onHold", { creditor: creditor.displayName });
      // Paying in full and the settlement are single payments (pay-now), never a plan here.
      if (input.form.choice.kind !== "installments") return fail(400, "plans.error.tampered");
      const live = await livePlanOf(tx, account.id);
      if (live && !isWaitingOneOff(live)) return fail(409, "plans.error.planExists");
      if (account.status !== "open") return fail(400, "plans.error.nothingOwed");
      if (live) {
        // The single payment the debtor left on Stripe's page gives way to the plan chosen.
        await cancelPlanState(tx, live, creditor.id, {
          actor: { actorType: "debtor", actorId: debtor.id, ip: input.ip },
          now,
        });
      }

      const ctx: BuilderContext = {
        balanceCents: await balanceOf(tx, account.id),
        currency: account.currency,
        policy: policyFor(account, creditor),
        today: todayIn(creditor.timezone, now),
      };
      const result = evaluateChoice(ctx, input.form.choice);
      if (!result.ok) return { ok: false as const, status: 400 as const, errors: result.errors };
      const plan = result.plan;
      if (
        scheduleDigest(account.id, plan) !== input.form.scheduleDigest ||
        input.form.textVersion !== AUTHORIZATION_VERSION
      ) {
        return fail(400, "plans.error.changed");
      }
      const text = authorizationText(
        plan,
        {
          debtorName: debtor.fullName,
          creditorName: creditor.displayName,
          supportPhone: creditor.supportPhone,
          supportEmail: creditor.supportEmail,
        },
        input.lang,
      );
      const textSha256 = createHash("sha256").update(text).digest("hex");
      const created = await proposePlan(tx, {
        accountId: account.id,
        kind: plan.kind,
        frequency: plan.frequency,
        installmentCount: plan.count,
        startDate: plan.startDate,
        agreedOn: ctx.today,
        totalCents: plan.totalCents,
        balanceCents: plan.balanceCents,
        currency: plan.currency,
        authorizationVersion: AUTHORIZATION_VERSION,
        authorizationText: text,
        authorizationTextSha256: textSha256,
        authorizationLanguage: input.lang,
        authorizedAt: now,
        authorizationIp: input.ip ?? null,
        authorizationUserAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
      });
      await tx.insert(schema.installments).values(
        plan.installments.map((i) => ({
          planId: created.id,
          seq: i.seq,
          dueDate: i.dueDate,
          originalDueDate: i.dueDate,
          amountCents: i.amountCents,
          originalAmountCents: i.amountCents,
        })),
      );
      await audit(
        {
          actorType: "debtor",
          actorId: debtor.id,
          creditorId: creditor.id,
          action: "plan.authorized",
          targetType: "plan",
          targetId: created.id,
          ip: input.ip,
          details: {
            accountId: account.id,
            kind: plan.kind,
            count: plan.count,
            totalCents: plan.totalCents,
            authorizationVersion: AUTHORIZATION_VERSION,
            authorizationTextSha256: textSha256,
            language: input.lang,
          },
        },
        tx,
      );
      return { ok: true as const, planId: created.id };
    });
  } catch (error) {
    // Two tabs at once: the partial unique index lets only one live plan through.
    if (isUniqueViolation(error)) return fail(409, "plans.error.planExists");
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
