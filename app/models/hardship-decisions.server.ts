// The creditor's side of "I can't pay right now": the hardship requests of their accounts,
// and accepting or declining a proposal (accepting widens the account's policy just enough
// for that plan, through a per-account override). Scoped by the creditor.
import { and, desc, eq } from "drizzle-orm";
import {
  longestPlanSpanDays,
  MAX_INSTALLMENTS,
  mergePolicy,
  type Frequency,
  type PlanPolicy,
} from "~/lib/policy";
import { db, schema } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { balanceOf } from "./ledger.server";
import { effectivePolicy } from "./policy.server";

/** The creditor area: this creditor's hardship requests, pending first. */
export async function listHardshipRequestsForCreditor(
  creditorId: string,
  options: { status?: (typeof schema.HARDSHIP_STATUSES)[number] } = {},
) {
  if (!isUuid(creditorId)) return [];
  return db()
    .select({
      id: schema.hardshipRequests.id,
      accountId: schema.accounts.id,
      reference: schema.accounts.reference,
      debtorName: schema.debtors.fullName,
      kind: schema.hardshipRequests.kind,
      status: schema.hardshipRequests.status,
      amountCents: schema.hardshipRequests.amountCents,
      frequency: schema.hardshipRequests.frequency,
      pauseUntil: schema.hardshipRequests.pauseUntil,
      note: schema.hardshipRequests.note,
      createdAt: schema.hardshipRequests.createdAt,
      decidedAt: schema.hardshipRequests.decidedAt,
    })
    .from(schema.hardshipRequests)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.hardshipRequests.accountId))
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(
      and(
        eq(schema.hardshipRequests.creditorId, creditorId),
        options.status ? eq(schema.hardshipRequests.status, options.status) : undefined,
      ),
    )
    .orderBy(desc(schema.hardshipRequests.createdAt))
    .limit(500);
}

/**
 * The policy override that allows exactly the proposed plan on top of `policy`:
 * enough payments of about `amountCents` at `frequency`, with room for the first date.
 */
export function overrideForProposal(
  policy: PlanPolicy,
  balanceCents: number,
  amountCents: number,
  frequency: Frequency,
): Partial<PlanPolicy> {
  const count = Math.min(MAX_INSTALLMENTS, Math.max(1, Math.ceil(balanceCents / amountCents)));
  const smallest = Math.max(1, Math.floor(balanceCents / count));
  return {
    frequencies: policy.frequencies.includes(frequency)
      ? policy.frequencies
      : [...policy.frequencies, frequency],
    minInstallments: Math.min(policy.minInstallments, count),
    maxInstallments: Math.max(policy.maxInstallments, count),
    minInstallmentCents: Math.min(policy.minInstallmentCents, smallest),
    maxPlanDays: Math.max(
      policy.maxPlanDays,
      longestPlanSpanDays(frequency, count) + policy.latestFirstPaymentDays,
    ),
    downPaymentPercent: 0,
  };
}

/**
 * The creditor accepts or declines a pending proposal (scoped by creditor: another
 * creditor's request is null → 404). Accepting widens the account's policy for it.
 */
export async function decideHardshipRequest(input: {
  creditorId: string;
  requestId: string;
  decision: "accepted" | "declined";
  actorId: string;
  note?: string;
  ip?: string;
  now?: Date;
}) {
  if (!isUuid(input.requestId) || !isUuid(input.creditorId)) return null;
  const now = input.now ?? new Date();
  return db().transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(schema.hardshipRequests)
      .where(
        and(
          eq(schema.hardshipRequests.id, input.requestId),
          eq(schema.hardshipRequests.creditorId, input.creditorId),
          eq(schema.hardshipRequests.status, "pending"),
        ),
      )
      .for("update");
    if (!request) return null;
    const [row] = await tx
      .select({ account: schema.accounts, creditor: schema.creditors })
      .from(schema.accounts)
      .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
      .where(eq(schema.accounts.id, request.accountId))
      .for("update", { of: schema.accounts });
    if (
      input.decision === "accepted" &&
      request.kind === "proposal" &&
      request.amountCents &&
      request.frequency
    ) {
      const policy = effectivePolicy(row.creditor.planPolicy, row.account.policyOverride, {
        creditorId: row.creditor.id,
        accountId: row.account.id,
      });
      const balanceCents = await balanceOf(tx, row.account.id);
      if (balanceCents > 0) {
        const extra = overrideForProposal(
          policy,
          balanceCents,
          request.amountCents,
          request.frequency,
        );
        const override = {
          ...((row.account.policyOverride ?? {}) as Partial<PlanPolicy>),
          ...extra,
        };
        mergePolicy(policy, override); // throws InvalidPolicyError rather than store a policy nobody can use
        await tx
          .update(schema.accounts)
          .set({ policyOverride: override as Record<string, unknown> })
          .where(eq(schema.accounts.id, row.account.id));
      }
    }
    await tx
      .update(schema.hardshipRequests)
      .set({
        status: input.decision,
        decidedAt: now,
        decidedBy: input.actorId,
        decisionNote: input.note ?? null,
      })
      .where(eq(schema.hardshipRequests.id, request.id));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: `hardship.${input.decision}`,
        targetType: "account",
        targetId: request.accountId,
        ip: input.ip,
        details: { requestId: request.id, kind: request.kind },
      },
      tx,
    );
    return { accountId: request.accountId, status: input.decision };
  });
}
