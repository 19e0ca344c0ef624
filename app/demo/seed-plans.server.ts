// Demo plans: Sam Chen's account (NRS-55019940, "already in a payment plan") gets the
// monthly plan its ledger tells of: 6 × $200 from the day of the first payment, the first
// two paid (the two $200 ledger payments), four scheduled. Idempotent.
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import * as schema from "../../db/schema";
import { createHash } from "node:crypto";
import { addMonthsClamped, todayIn } from "../lib/calendar-date";
import { AUTHORIZATION_VERSION, authorizationText } from "../lib/plan-authorization";
import type { PlanPreview } from "../lib/plan-builder";
import { activatePlanState, proposePlan } from "../models/account-state.server";

const SAM_REFERENCE = "NRS-55019940";
const PAYMENT_CENTS = 20_000;

export async function seedDemoPlans(db: Db): Promise<void> {
  const [row] = await db
    .select({ account: schema.accounts, creditor: schema.creditors, debtor: schema.debtors })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(eq(schema.accounts.reference, SAM_REFERENCE));
  if (!row) return;
  const { account, creditor, debtor } = row;
  const [existing] = await db
    .select({ id: schema.plans.id })
    .from(schema.plans)
    .where(eq(schema.plans.accountId, account.id))
    .limit(1);
  if (existing) return;

  const entries = await db
    .select()
    .from(schema.ledgerEntries)
    .where(
      and(
        eq(schema.ledgerEntries.accountId, account.id),
        inArray(schema.ledgerEntries.kind, ["itemized_balance", "payment"]),
      ),
    );
  const payments = entries
    .filter((e) => e.kind === "payment")
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const original = entries
    .filter((e) => e.kind === "itemized_balance")
    .reduce((sum, e) => sum + e.amountCents, 0);
  if (payments.length === 0 || original <= 0 || original % PAYMENT_CENTS !== 0) return;

  const count = original / PAYMENT_CENTS;
  const startDate = todayIn(creditor.timezone, payments[0].occurredAt);
  const installments = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    dueDate: addMonthsClamped(startDate, i),
    amountCents: PAYMENT_CENTS,
  }));
  const preview: PlanPreview = {
    kind: "installments",
    frequency: "monthly",
    count,
    startDate,
    endDate: installments[count - 1].dueDate,
    installments,
    totalCents: original,
    balanceCents: original,
    savingsCents: 0,
    downPaymentCents: 0,
    currency: account.currency,
  };
  const text = authorizationText(
    preview,
    {
      debtorName: debtor.fullName,
      creditorName: creditor.displayName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
    },
    "en",
  );
  const authorizedAt = new Date(payments[0].occurredAt.getTime() - 10 * 60_000);

  await db.transaction(async (tx) => {
    // Through the state owner, as a real plan goes: proposed, then active with its payment method.
    const plan = await proposePlan(tx, {
      accountId: account.id,
      kind: "installments",
      frequency: "monthly",
      installmentCount: count,
      startDate,
      agreedOn: startDate,
      totalCents: original,
      balanceCents: original,
      currency: account.currency,
      authorizationVersion: AUTHORIZATION_VERSION,
      authorizationText: text,
      authorizationTextSha256: createHash("sha256").update(text).digest("hex"),
      authorizationLanguage: "en",
      authorizedAt,
      authorizationIp: null,
      authorizationUserAgent: "demo seed",
      createdAt: authorizedAt,
    });
    await activatePlanState(tx, plan, creditor.id, { now: authorizedAt, history: true });
    await tx.insert(schema.installments).values(
      installments.map((i) => {
        const payment = payments[i.seq - 1];
        return {
          planId: plan.id,
          seq: i.seq,
          dueDate: i.dueDate,
          originalDueDate: i.dueDate,
          amountCents: i.amountCents,
          originalAmountCents: i.amountCents,
          status: payment ? ("paid" as const) : ("scheduled" as const),
          attempts: payment ? 1 : 0,
          paidAt: payment?.occurredAt ?? null,
        };
      }),
    );
    await tx.insert(schema.auditEvents).values({
      at: authorizedAt,
      actorType: "debtor",
      actorId: debtor.id,
      creditorId: creditor.id,
      action: "plan.authorized",
      targetType: "plan",
      targetId: plan.id,
      details: {
        accountId: account.id,
        kind: "installments",
        count,
        totalCents: original,
        authorizationVersion: AUTHORIZATION_VERSION,
        demo: true,
      },
    });
  });
}
