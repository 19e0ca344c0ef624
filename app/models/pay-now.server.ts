// One payment now, straight to Stripe's page: pay in full, the settlement, the next payment
// of a plan (or, on a broken plan, what is overdue), paying off the rest, an extra amount.
// What each is, or why it can't be made: pay-now-offer.server.ts. A single payment that
// pays the account (full, settlement) is kept as a plan row of that kind with one
// installment due today (domain.md), which the debtor never sees as a plan; its Checkout is
// mode=payment with nothing saved for later (docs/decisions/0019-one-off-payments.md).
import { createHash } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Lang } from "~/lib/i18n";
import { ONE_TIME_AUTHORIZATION_VERSION, type PayNowKind } from "~/lib/pay-now";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";
import { cancelPlanState, proposePlan } from "./account-state.server";
import { balanceOf } from "./ledger.server";
import { decide, load, purposeOf, type Loaded, type PayNowView } from "./pay-now-offer.server";
import { startCheckout, type CheckoutStart } from "./payments-checkout.server";
import { installmentsOf } from "./plans-common.server";

export type { AmountError, PayNowView } from "./pay-now-offer.server";

export async function getPayNow(input: {
  debtorId: string;
  accountId: string;
  kind: PayNowKind | null;
  amount: string;
  lang: Lang;
  now?: Date;
}): Promise<PayNowView | null> {
  const c = await load(input.debtorId, input.accountId, input.now ?? new Date());
  return c ? decide(c, input.kind, input.amount, input.lang) : null;
}

export type PayNowStart =
  | { ok: true; url: string }
  | { ok: false; notice: "changed" | "unavailable" | "processing" | "refused" };

/**
 * The confirm page's button: checks again what the page showed (`expectCents`: the amount
 * on the page; a different one now, e.g. a payment meanwhile, shows the page again),
 * records a single payment that pays the account, then opens Stripe's page. Null: not this
 * debtor's account.
 */
export async function startPayNow(input: {
  debtorId: string;
  accountId: string;
  kind: PayNowKind | null;
  amount: string;
  expectCents: number | null;
  lang: Lang;
  appUrl: string;
  ip?: string;
  userAgent?: string | null;
  now?: Date;
}): Promise<PayNowStart | null> {
  const now = input.now ?? new Date();
  const c = await load(input.debtorId, input.accountId, now);
  if (!c) return null;
  const view = decide(c, input.kind, input.amount, input.lang);
  if (!view.ok) return { ok: false, notice: "refused" };
  if (view.amountCents !== input.expectCents) return { ok: false, notice: "changed" };
  const textSha256 = createHash("sha256").update(view.authorization).digest("hex");
  let planId: string | undefined = c.plan?.id;
  if (view.kind === "full" || view.kind === "settlement") {
    planId = (await recordOneOff(c, view, textSha256, input, now)) ?? undefined;
    if (!planId) return { ok: false, notice: "changed" };
  } else {
    await audit({
      actorType: "debtor",
      actorId: input.debtorId,
      creditorId: c.creditor.id,
      action: "payment.one_time_authorized",
      targetType: "plan",
      targetId: planId,
      ip: input.ip,
      details: {
        kind: view.kind,
        amountCents: view.amountCents,
        authorizationVersion: ONE_TIME_AUTHORIZATION_VERSION,
        authorizationTextSha256: textSha256,
        language: input.lang,
      },
    });
  }
  const started: CheckoutStart | null = await startCheckout({
    debtorId: input.debtorId,
    accountId: c.account.id,
    appUrl: input.appUrl,
    purpose: purposeOf(view.kind, c.plan?.status ?? ""),
    extraCents: view.kind === "extra" ? view.amountCents : undefined,
    planId,
    lang: input.lang,
    now,
  });
  if (!started) return null;
  if (started.ok) return started;
  return { ok: false, notice: started.reason === "processing" ? "processing" : "unavailable" };
}

/**
 * The single payment's plan row (one installment, due today) with the one-time
 * authorization, under the account's lock. The same payment still waiting (a second
 * click, back from Stripe's page) is reused; a different one, or a plan chosen but never
 * started, gives way (cancelled: nothing was ever charged on it). Null: the account
 * changed meanwhile.
 */
async function recordOneOff(
  c: Loaded,
  view: Extract<PayNowView, { ok: true }>,
  textSha256: string,
  input: { debtorId: string; lang: Lang; ip?: string; userAgent?: string | null },
  now: Date,
): Promise<string | null> {
  const kind = view.kind as "full" | "settlement";
  try {
    return await db().transaction(async (tx) => {
      const [account] = await tx
        .select()
        .from(schema.accounts)
        .where(eq(schema.accounts.id, c.account.id))
        .for("update");
      // Paid meanwhile (another tab, the creditor): the page is shown again with the new amount.
      if (account.status !== "open" || (await balanceOf(tx, account.id)) !== view.balanceCents)
        return null;
      const [waiting] = await tx
        .select()
        .from(schema.plans)
        .where(
          and(
            eq(schema.plans.accountId, account.id),
            eq(schema.plans.status, "pending_payment_method"),
          ),
        )
        .for("update");
      if (waiting) {
        const rows = await installmentsOf(tx, waiting.id);
        const same =
          waiting.kind === kind &&
          waiting.totalCents === view.amountCents &&
          rows.length === 1 &&
          rows[0].dueDate === c.today;
        if (same) return waiting.id;
        await cancelPlanState(tx, waiting, account.creditorId, {
          actor: { actorType: "debtor", actorId: input.debtorId, ip: input.ip },
          now,
        });
      }
      const created = await proposePlan(tx, {
        accountId: account.id,
        kind,
        frequency: null,
        installmentCount: 1,
        startDate: c.today,
        agreedOn: c.today,
        totalCents: view.amountCents,
        balanceCents: view.balanceCents,
        currency: account.currency,
        authorizationVersion: ONE_TIME_AUTHORIZATION_VERSION,
        authorizationText: view.authorization,
        authorizationTextSha256: textSha256,
        authorizationLanguage: input.lang,
        authorizedAt: now,
        authorizationIp: input.ip ?? null,
        authorizationUserAgent: input.userAgent ? input.userAgent.slice(0, 512) : null,
      });
      await tx.insert(schema.installments).values({
        planId: created.id,
        seq: 1,
        dueDate: c.today,
        originalDueDate: c.today,
        amountCents: view.amountCents,
        originalAmountCents: view.amountCents,
      });
      await audit(
        {
          actorType: "debtor",
          actorId: input.debtorId,
          creditorId: account.creditorId,
          action: "payment.one_time_authorized",
          targetType: "plan",
          targetId: created.id,
          ip: input.ip,
          details: {
            kind,
            amountCents: view.amountCents,
            authorizationVersion: ONE_TIME_AUTHORIZATION_VERSION,
            authorizationTextSha256: textSha256,
            language: input.lang,
          },
        },
        tx,
      );
      return created.id;
    });
  } catch (error) {
    // Two tabs at once: one live plan per account lets only one through.
    if ((error as { cause?: { code?: string }; code?: string }).code === "23505") return null;
    if ((error as { cause?: { code?: string } }).cause?.code === "23505") return null;
    throw error;
  }
}
