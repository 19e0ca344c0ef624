// The charge attempts (charge_attempts) of the installment worker: what a claimed attempt
// carries, what a batch's calls learned, and the writes that close an attempt (charged,
// declined, unknown, defect, not reached). See charge-worker.server.ts for the whole flow.
import { and, eq, inArray, sql } from "drizzle-orm";
import type Stripe from "stripe";
import { audit } from "~/models/audit.server";
import { db, schema, type Db, type Tx } from "~/utils/db.server";

/**
 * An open attempt is decided only once no request for it can still be running at Stripe:
 * a worker sends an attempt within SEND_DEADLINE_MS of recording it or never, its client
 * gives up after 20 s (stripe.server.ts), and Stripe finishes a request it received within
 * seconds. Two minutes leave a wide margin.
 */
export const IN_FLIGHT_GRACE_MS = 120_000;
export const SEND_DEADLINE_MS = 30_000;

export type Claimed = {
  attemptId: string;
  installmentId: string;
  accountId: string;
  creditorId: string;
  planId: string;
  number: number;
  amountCents: number;
  currency: string;
  customer: string;
  paymentMethod: string;
};

/** What a batch's calls learned, applied by applyOutcomes. */
export type Outcomes = {
  /** When the batch's calls ended. */
  now: Date;
  /** A PaymentIntent exists: created (any state), or declined with an intent. */
  intents: { claimed: Claimed; intent: Synced; declined: boolean }[];
  defects: {
    claimed: Claimed;
    errorType: string;
    errorCode: string | null;
    paymentIntentId: string | null;
  }[];
  /** No answer: the attempt stays open (unknown) for the reconciler. */
  unknown: { claimed: Claimed; errorType: string; errorCode: string | null }[];
  /** Never sent (the run stopped, or the send deadline passed): closed as not reached. */
  unsent: Claimed[];
};

/** An intent to sync: its id, or the intent itself when its state is final (succeeded). */
export type Synced = string | Stripe.PaymentIntent;
export const intentId = (x: Synced) => (typeof x === "string" ? x : x.id);

/** An attempt whose intent is applied, to be closed. */
export type Closure = {
  attemptId: string;
  paymentIntentId: string;
  status: "charged" | "declined";
};

export function idempotencyKey(installmentId: string, attempt: number) {
  return `installment:${installmentId}:attempt:${attempt}`;
}

/** Closes attempts whose intent is applied (only if still open). */
export async function closeAttempts(conn: Db | Tx, rows: Closure[], now: Date) {
  for (const status of ["charged", "declined"] as const) {
    const mine = rows.filter((r) => r.status === status);
    if (mine.length === 0) continue;
    const intentOf = sql.join(
      mine.map((r) => sql`when ${r.attemptId}::uuid then ${r.paymentIntentId}::text`),
      sql` `,
    );
    await conn
      .update(schema.chargeAttempts)
      .set({
        status,
        stripePaymentIntentId: sql`case ${schema.chargeAttempts.id} ${intentOf} end`,
        endedAt: sql`coalesce(${schema.chargeAttempts.endedAt}, ${now.toISOString()}::timestamptz)`,
        resolvedAt: now,
      })
      .where(
        and(
          inArray(
            schema.chargeAttempts.id,
            mine.map((r) => r.attemptId),
          ),
          inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
        ),
      );
  }
}

export async function markUnknown(
  rows: {
    attemptId: string;
    paymentIntentId: string | null;
    errorType: string | null;
    errorCode: string | null;
  }[],
  now: Date,
) {
  await db().transaction(async (tx) => {
    for (const r of rows) {
      await tx
        .update(schema.chargeAttempts)
        .set({
          status: "unknown",
          stripePaymentIntentId: r.paymentIntentId,
          errorType: r.errorType,
          errorCode: r.errorCode,
          endedAt: now,
        })
        .where(
          and(
            eq(schema.chargeAttempts.id, r.attemptId),
            eq(schema.chargeAttempts.status, "in_flight"),
          ),
        );
    }
  });
}

/**
 * Stripe refused the charge request: the attempt records why (type and code), the
 * installment waits in `needs_attention` (not retried, not a missed payment: its try is
 * given back), and the creditor sees it (audit trail, dashboard, account page).
 */
export async function recordDefects(defects: Outcomes["defects"], now: Date) {
  await db().transaction(async (tx) => {
    for (const d of defects) {
      const [closed] = await tx
        .update(schema.chargeAttempts)
        .set({
          status: "defect",
          errorType: d.errorType,
          errorCode: d.errorCode,
          stripePaymentIntentId: d.paymentIntentId,
          endedAt: now,
          resolvedAt: now,
        })
        .where(
          and(
            eq(schema.chargeAttempts.id, d.claimed.attemptId),
            inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
          ),
        )
        .returning({ id: schema.chargeAttempts.id });
      if (!closed) continue;
      await tx
        .update(schema.installments)
        .set({
          status: "needs_attention",
          attempts: sql`greatest(${schema.installments.attempts} - 1, 0)`,
          updatedAt: now,
        })
        .where(
          and(
            eq(schema.installments.id, d.claimed.installmentId),
            eq(schema.installments.status, "charging"),
          ),
        );
      await audit(
        {
          actorType: "system",
          creditorId: d.claimed.creditorId,
          action: "payment.refused_by_stripe",
          targetType: "account",
          targetId: d.claimed.accountId,
          details: {
            installmentId: d.claimed.installmentId,
            attempt: d.claimed.number,
            errorType: d.errorType,
            errorCode: d.errorCode,
          },
        },
        tx,
      );
    }
  });
}

/**
 * Closes open attempts as never reached Stripe and puts their installments back where the
 * claim found them (scheduled, or failed awaiting its retry), giving back the try; an
 * installment of a plan cancelled meanwhile is skipped, as cancelling does. Only one
 * caller closes each attempt (the update's condition), so only one frees its installment.
 */
export async function closeNotReached(attemptIds: string[], now: Date): Promise<number> {
  if (attemptIds.length === 0) return 0;
  return db().transaction(async (tx) => {
    const closed = await tx
      .update(schema.chargeAttempts)
      .set({
        status: "not_reached",
        endedAt: sql`coalesce(${schema.chargeAttempts.endedAt}, ${now.toISOString()}::timestamptz)`,
        resolvedAt: now,
      })
      .where(
        and(
          inArray(schema.chargeAttempts.id, attemptIds),
          inArray(schema.chargeAttempts.status, ["in_flight", "unknown"]),
        ),
      )
      .returning({ id: schema.chargeAttempts.id });
    if (closed.length === 0) return 0;
    const ids = sql.join(
      closed.map((c) => sql`${c.id}::uuid`),
      sql`, `,
    );
    await tx.execute(sql`
      update installments set
        status = case when exists (select 1 from plans p where p.id = installments.plan_id and p.status = 'cancelled') then 'skipped' else a.from_status end,
        attempts = greatest(installments.attempts - 1, 0),
        updated_at = ${now.toISOString()}::timestamptz
      from charge_attempts a
      where a.id in (${ids}) and installments.id = a.installment_id and installments.status = 'charging'`);
    return closed.length;
  });
}
