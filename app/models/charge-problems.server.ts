// Installment charges Stripe refused as a bad request (invalid_request_error): our defect,
// not the debtor's. The worker leaves such an installment in `needs_attention` (never
// retried by itself, never a missed payment); the creditor sees it on the dashboard and the
// account page, and once the cause is fixed, releases it ("Charge again", or
// `npm run portal -- retry-charges`): the next worker run makes a new attempt.
// Every function is scoped by the creditor.
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";

export type ChargeProblem = {
  installmentId: string;
  seq: number;
  dueDate: string;
  amountCents: number;
  currency: string;
  /** Stripe's error type and code from the refused attempt, and when. */
  errorType: string | null;
  errorCode: string | null;
  attempt: number | null;
  at: string | null;
};

/** Accounts of this creditor with installments waiting in needs_attention (count and the first few). */
export async function chargeProblemsForCreditor(creditorId: string, limit = 10) {
  if (!isUuid(creditorId))
    return {
      installments: 0,
      accounts: [] as { accountId: string; reference: string; installments: number }[],
    };
  const rows = await db()
    .select({
      accountId: schema.accounts.id,
      reference: schema.accounts.reference,
      installments: sql<number>`count(*)::int`,
    })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        eq(schema.installments.status, "needs_attention"),
      ),
    )
    .groupBy(schema.accounts.id, schema.accounts.reference)
    .orderBy(schema.accounts.reference);
  return {
    installments: rows.reduce((sum, r) => sum + r.installments, 0),
    accounts: rows.slice(0, limit),
  };
}

/** One account's installments waiting in needs_attention, with Stripe's code for each. */
export async function chargeProblemsForAccount(
  creditorId: string,
  accountId: string,
): Promise<ChargeProblem[]> {
  if (!isUuid(creditorId) || !isUuid(accountId)) return [];
  const rows = await db()
    .select({
      installmentId: schema.installments.id,
      seq: schema.installments.seq,
      dueDate: schema.installments.dueDate,
      amountCents: schema.installments.amountCents,
      currency: schema.plans.currency,
    })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .where(
      and(
        eq(schema.accounts.id, accountId),
        eq(schema.accounts.creditorId, creditorId),
        eq(schema.installments.status, "needs_attention"),
      ),
    )
    .orderBy(schema.installments.seq);
  if (rows.length === 0) return [];
  const attempts = await db()
    .select()
    .from(schema.chargeAttempts)
    .where(
      and(
        inArray(
          schema.chargeAttempts.installmentId,
          rows.map((r) => r.installmentId),
        ),
        eq(schema.chargeAttempts.status, "defect"),
      ),
    )
    .orderBy(desc(schema.chargeAttempts.number));
  return rows.map((r) => {
    const last = attempts.find((a) => a.installmentId === r.installmentId);
    return {
      ...r,
      errorType: last?.errorType ?? null,
      errorCode: last?.errorCode ?? null,
      attempt: last?.number ?? null,
      at: last?.endedAt?.toISOString() ?? null,
    };
  });
}

/**
 * After the fix: this creditor's installments waiting in `needs_attention` (one account's,
 * or all) may be charged again; the next worker run makes a new attempt (a new number, so
 * a new idempotency key). A scheduled one is due again at once; one that was awaiting a
 * retry after a decline retries at once. Returns how many were released.
 */
export async function retryChargeProblems(input: {
  creditorId: string;
  accountId?: string;
  actorId?: string;
  actorType?: "creditor_user" | "system";
  ip?: string;
  now?: Date;
}): Promise<number> {
  if (!isUuid(input.creditorId) || (input.accountId !== undefined && !isUuid(input.accountId)))
    return 0;
  const now = input.now ?? new Date();
  return db().transaction(async (tx) => {
    const rows = await tx
      .select({ id: schema.installments.id, accountId: schema.plans.accountId })
      .from(schema.installments)
      .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
      .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
      .where(
        and(
          eq(schema.installments.status, "needs_attention"),
          eq(schema.accounts.creditorId, input.creditorId),
          input.accountId ? eq(schema.accounts.id, input.accountId) : undefined,
        ),
      )
      .for("update", { of: schema.installments });
    if (rows.length === 0) return 0;
    await tx.execute(sql`
      update installments set
        status = case when last.from_status = 'failed' then 'failed' else 'scheduled' end,
        next_retry_at = case when last.from_status = 'failed' then ${now.toISOString()}::timestamptz else installments.next_retry_at end,
        updated_at = ${now.toISOString()}::timestamptz
      from (
        select distinct on (installment_id) installment_id, from_status
        from charge_attempts
        where installment_id in (${sql.join(
          rows.map((r) => sql`${r.id}::uuid`),
          sql`, `,
        )})
        order by installment_id, number desc
      ) last
      where installments.id = last.installment_id and installments.status = 'needs_attention'`);
    for (const accountId of new Set(rows.map((r) => r.accountId))) {
      await audit(
        {
          actorType: input.actorType ?? "creditor_user",
          actorId: input.actorId,
          creditorId: input.creditorId,
          action: "payment.retry_after_fix",
          targetType: "account",
          targetId: accountId,
          ip: input.ip,
          details: { installments: rows.filter((r) => r.accountId === accountId).length },
        },
        tx,
      );
    }
    return rows.length;
  });
}
