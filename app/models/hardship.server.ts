// "I can't pay right now": a pause within the creditor's policy (applied at once) or a
// proposal outside it, which the creditor accepts or declines. Accepting a proposal
// widens this account's policy (a per-account override) just enough for that plan, so
// the debtor then sets it up in the normal builder, with the normal review and consent.
// The debtor's requests are here, the page they are made on is hardship-page.server.ts,
// and the creditor's decision is in hardship-decisions.server.ts.
import { and, eq, inArray } from "drizzle-orm";
import { todayIn, type CalendarDate } from "~/lib/calendar-date";
import type { ChoiceError } from "~/lib/plan-builder";
import { proposalAboveBalance } from "~/lib/forms/plan";
import { pauseSchedule } from "~/lib/pause-schedule";
import { type Frequency, type PlanPolicy } from "~/lib/policy";
import { buildSchedule } from "~/lib/schedule";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor, isUuid } from "./accounts.server";
import { pausePlan } from "./account-state.server";
import { audit } from "./audit.server";
import { confirmPlanPaused } from "./confirmations.server";
import { effectivePolicy } from "./policy.server";
import { LIVE_PLAN_STATUSES, OPEN_INSTALLMENT_STATUSES } from "./plans.server";

import { pauseErrors } from "./hardship-page.server";

export { getHardshipPage, previewPause, type HardshipRow } from "./hardship-page.server";

type Result = { ok: true; requestId: string } | { ok: false; errors: ChoiceError[] } | null;

/**
 * Pauses payments until `pauseUntil` (within policy): every open installment moves later
 * by the same whole number of the plan's periods, the fewest that put the next one on or
 * after `pauseUntil` (pauseSchedule: a monthly plan keeps its day of the month); amounts
 * and order stay. The page showed these dates first (previewPause, same function).
 * Recorded as an accepted hardship request; without a plan, the date is kept for
 * reminders to respect.
 */
export async function requestPause(input: {
  debtorId: string;
  accountId: string;
  pauseUntil: CalendarDate;
  ip?: string;
  now?: Date;
}): Promise<Result> {
  if (!isUuid(input.accountId)) return null;
  const now = input.now ?? new Date();
  return db().transaction(async (tx) => {
    const [row] = await tx
      .select({ account: schema.accounts, creditor: schema.creditors })
      .from(schema.accounts)
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(
        and(eq(schema.accounts.id, input.accountId), eq(schema.accounts.debtorId, input.debtorId)),
      )
      .for("update", { of: schema.accounts });
    if (!row) return null;
    const { account, creditor } = row;
    const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
      creditorId: creditor.id,
      accountId: account.id,
    });
    const errors = pauseErrors(policy, todayIn(creditor.timezone, now), input.pauseUntil);
    if (errors.length) return { ok: false, errors };

    const [plan] = await tx
      .select()
      .from(schema.plans)
      .where(
        and(
          eq(schema.plans.accountId, account.id),
          inArray(schema.plans.status, [...LIVE_PLAN_STATUSES]),
        ),
      )
      .for("update");
    let moved = 0;
    if (plan) {
      const open = await tx
        .select()
        .from(schema.installments)
        .where(
          and(
            eq(schema.installments.planId, plan.id),
            inArray(schema.installments.status, [...OPEN_INSTALLMENT_STATUSES]),
          ),
        );
      const { moves } = pauseSchedule({
        open,
        resumeOn: input.pauseUntil,
        frequency: plan.frequency,
        startDate: plan.startDate,
      });
      const toDate = new Map(moves.map((m) => [m.seq, m.to]));
      // A retry of a failed payment that would fall inside the pause waits for its end too.
      const resumeAt = new Date(`${input.pauseUntil}T15:00:00Z`);
      for (const item of open) {
        const to = toDate.get(item.seq) ?? item.dueDate;
        const retryInPause =
          item.status === "failed" &&
          item.nextRetryAt !== null &&
          item.nextRetryAt.getTime() < resumeAt.getTime();
        if (to === item.dueDate && !retryInPause) continue;
        if (to !== item.dueDate) moved++;
        await tx
          .update(schema.installments)
          .set({
            dueDate: to,
            ...(retryInPause ? { nextRetryAt: resumeAt } : {}),
            updatedAt: now,
          })
          .where(eq(schema.installments.id, item.id));
      }
      if (plan.status === "active")
        await pausePlan(tx, plan, creditor.id, input.pauseUntil, {
          now,
          actor: { actorType: "debtor", actorId: account.debtorId, ip: input.ip },
        });
      else
        await tx
          .update(schema.plans)
          .set({ pauseUntil: input.pauseUntil, updatedAt: now })
          .where(eq(schema.plans.id, plan.id));
    }
    const [request] = await tx
      .insert(schema.hardshipRequests)
      .values({
        accountId: account.id,
        creditorId: creditor.id,
        kind: "pause",
        pauseUntil: input.pauseUntil,
        status: "accepted",
        decidedAt: now,
      })
      .returning({ id: schema.hardshipRequests.id });
    // The pause confirmed, which tells of the new dates too (the plan page lists them).
    if (plan) await confirmPlanPaused(tx, { accountId: account.id, requestId: request.id, now });
    await audit(
      {
        actorType: "debtor",
        actorId: input.debtorId,
        creditorId: creditor.id,
        action: "hardship.paused",
        targetType: "account",
        targetId: account.id,
        ip: input.ip,
        details: { pauseUntil: input.pauseUntil, planId: plan?.id ?? null, moved },
      },
      tx,
    );
    return { ok: true, requestId: request.id };
  });
}

/**
 * The smallest number of `frequency` payments of at most `amountCents` that the policy
 * already allows from today, or null. Lets the page say "you can set this up yourself".
 */
export function planWithinPolicy(
  balanceCents: number,
  currency: string,
  policy: PlanPolicy,
  frequency: Frequency,
  amountCents: number,
  today: CalendarDate,
) {
  for (let count = Math.max(1, policy.minInstallments); count <= policy.maxInstallments; count++) {
    if (Math.ceil(balanceCents / count) > amountCents) continue;
    const result = buildSchedule({
      balanceCents,
      currency,
      policy,
      frequency,
      count,
      startDate: today,
      today,
    });
    if (result.ok)
      return { count, paymentCents: Math.max(...result.installments.map((i) => i.amountCents)) };
  }
  return null;
}

/** Stores a proposal for the creditor (one pending at a time). */
export async function submitProposal(input: {
  debtorId: string;
  accountId: string;
  amountCents: number;
  frequency: Frequency;
  note: string;
  ip?: string;
  now?: Date;
}): Promise<
  | Result
  | {
      ok: false;
      fits: { count: number; paymentCents: number; frequency: Frequency; today: CalendarDate };
      errors: ChoiceError[];
    }
> {
  const found = await getAccountForDebtor(input.debtorId, input.accountId);
  if (!found) return null;
  const { account, creditor } = found;
  const policy = effectivePolicy(creditor.planPolicy, account.policyOverride, {
    creditorId: creditor.id,
    accountId: account.id,
  });
  const above = proposalAboveBalance(input.amountCents, found.balanceCents);
  if (above) return { ok: false, errors: [above] };
  const today = todayIn(creditor.timezone, input.now ?? new Date());
  const fits =
    account.status === "open"
      ? planWithinPolicy(
          found.balanceCents,
          account.currency,
          policy,
          input.frequency,
          input.amountCents,
          today,
        )
      : null;
  if (fits) {
    return {
      ok: false,
      fits: { ...fits, frequency: input.frequency, today },
      errors: [
        {
          field: "amount",
          key: "plans.error.proposalFits",
          vars: { count: fits.count, amount: { money: fits.paymentCents } },
        },
      ],
    };
  }
  try {
    return await db().transaction(async (tx) => {
      const [request] = await tx
        .insert(schema.hardshipRequests)
        .values({
          accountId: account.id,
          creditorId: creditor.id,
          kind: "proposal",
          amountCents: input.amountCents,
          frequency: input.frequency,
          note: input.note || null,
        })
        .returning({ id: schema.hardshipRequests.id });
      await audit(
        {
          actorType: "debtor",
          actorId: input.debtorId,
          creditorId: creditor.id,
          action: "hardship.proposed",
          targetType: "account",
          targetId: account.id,
          ip: input.ip,
          details: {
            requestId: request.id,
            amountCents: input.amountCents,
            frequency: input.frequency,
          },
        },
        tx,
      );
      return { ok: true as const, requestId: request.id };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        errors: [
          {
            field: "form",
            key: "plans.error.proposalPending",
            vars: { creditor: creditor.displayName },
          },
        ],
      };
    }
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === "object"; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}
