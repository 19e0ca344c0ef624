// Payment plans, their installments and charge attempts; hardship requests.
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, tstz, inList } from "./columns";
import { creditors } from "./creditors";
import { accounts } from "./accounts";

export const PLAN_KINDS = ["full", "installments", "settlement"] as const;
export const PLAN_FREQUENCIES = ["weekly", "biweekly", "monthly"] as const;
export const PLAN_STATUSES = [
  "pending_payment_method",
  "active",
  "paused",
  "completed",
  "broken",
  "cancelled",
] as const;
// `charging`: the worker has recorded an attempt and may be asking Stripe (charge_attempts);
// `needs_attention`: Stripe refused the charge request itself (our defect, not the debtor's):
// nothing more is tried until someone retries it after the fix.
export const INSTALLMENT_STATUSES = [
  "scheduled",
  "processing",
  "paid",
  "failed",
  "skipped",
  "charging",
  "needs_attention",
] as const;
export const HARDSHIP_KINDS = ["pause", "proposal"] as const;
export const HARDSHIP_STATUSES = ["pending", "accepted", "declined"] as const;

// A way to pay an account the debtor agreed to: one payment (full, settlement) or a
// schedule. The server computes every amount (app/lib/schedule.ts); the authorization
// columns are the evidence of the recurring-payment consent (Reg E / Nacha).
export const plans = pgTable(
  "plans",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    kind: text("kind", { enum: PLAN_KINDS }).notNull(),
    frequency: text("frequency", { enum: PLAN_FREQUENCIES }),
    installmentCount: integer("installment_count").notNull(),
    startDate: date("start_date", { mode: "string" }).notNull(),
    // The creditor-timezone date the plan was agreed: its maximum length counts from there.
    agreedOn: date("agreed_on", { mode: "string" }).notNull(),
    totalCents: bigint("total_cents", { mode: "number" }).notNull(),
    // The balance when agreed; total < balance for a settlement (the rest is written off on payment).
    balanceCents: bigint("balance_cents", { mode: "number" }).notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: PLAN_STATUSES }).notNull().default("pending_payment_method"),
    pauseUntil: date("pause_until", { mode: "string" }),
    stripeCustomerId: text("stripe_customer_id"),
    stripePaymentMethodId: text("stripe_payment_method_id"),
    // What the debtor accepted: the text version, the exact words shown (and their SHA-256),
    // when, from where. Kept for as long as the plan record (proof of authorization).
    authorizationVersion: text("authorization_version").notNull(),
    authorizationText: text("authorization_text").notNull(),
    authorizationTextSha256: text("authorization_text_sha256").notNull(),
    authorizationLanguage: text("authorization_language", { enum: ["en", "es"] }).notNull(),
    authorizedAt: tstz("authorized_at").notNull(),
    authorizationIp: text("authorization_ip"),
    authorizationUserAgent: text("authorization_user_agent"),
    cancelledAt: tstz("cancelled_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    // One live plan per account: a second tab or a double submit cannot create two.
    uniqueIndex("plans_one_live_per_account")
      .on(t.accountId)
      .where(sql`status not in ('cancelled', 'completed', 'broken')`),
    index("plans_account").on(t.accountId, t.createdAt),
    index("plans_status").on(t.status),
    check("plans_kind", inList("kind", PLAN_KINDS)),
    check("plans_status_check", inList("status", PLAN_STATUSES)),
    check("plans_frequency", sql`frequency is null or ${inList("frequency", PLAN_FREQUENCIES)}`),
    check("plans_count", sql`installment_count between 1 and 120`),
    check("plans_total_positive", sql`total_cents > 0 and total_cents <= balance_cents`),
    check(
      "plans_schedule_shape",
      sql`kind = 'installments' or installment_count = 1 or frequency is not null`,
    ),
    check("plans_authorization_language", inList("authorization_language", ["en", "es"])),
  ],
);

export const installments = pgTable(
  "installments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => plans.id),
    seq: integer("seq").notNull(),
    dueDate: date("due_date", { mode: "string" }).notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    // What was agreed, before any early payment reduced it (shown so nothing changes silently).
    originalAmountCents: bigint("original_amount_cents", { mode: "number" }).notNull(),
    originalDueDate: date("original_due_date", { mode: "string" }).notNull(),
    status: text("status", { enum: INSTALLMENT_STATUSES }).notNull().default("scheduled"),
    attempts: integer("attempts").notNull().default(0),
    nextRetryAt: tstz("next_retry_at"),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    paidAt: tstz("paid_at"),
    createdAt: createdAt(),
    updatedAt: tstz("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("installments_plan_seq").on(t.planId, t.seq),
    uniqueIndex("installments_payment_intent").on(t.stripePaymentIntentId),
    // The charge worker's queue: due, scheduled installments by date.
    index("installments_due").on(t.status, t.dueDate),
    // The worker's claim, in its order (due date, id): each batch reads the rows it locks
    // instead of joining and sorting the whole queue (which made a run quadratic).
    index("installments_claim")
      .on(t.dueDate, t.id)
      .where(sql`status in ('scheduled', 'failed')`),
    check("installments_status", inList("status", INSTALLMENT_STATUSES)),
    check("installments_amount_positive", sql`amount_cents > 0 and original_amount_cents > 0`),
    check("installments_seq_positive", sql`seq >= 1`),
    check("installments_attempts", sql`attempts >= 0`),
  ],
);

export const CHARGE_ATTEMPT_STATUSES = [
  "in_flight",
  "unknown",
  "charged",
  "declined",
  "defect",
  "not_reached",
] as const;

// One off-session charge attempt of an installment, recorded (with its idempotency key) in
// the worker's claim transaction before Stripe is asked, and closed in another once the
// answer is applied. Stripe keeps a key about 24 hours: exactly-once rests on this row, not
// on the key. `in_flight`: the call may be under way (or its worker died); `unknown`: the
// call ended without an answer. Both are resolved by finding the attempt's PaymentIntent
// at Stripe (charge-reconcile.server.ts): `charged` / `declined` when it exists,
// `not_reached` when it does not. `defect`: Stripe refused the request (invalid_request_error).
export const chargeAttempts = pgTable(
  "charge_attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    installmentId: uuid("installment_id")
      .notNull()
      .references(() => installments.id),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    number: integer("number").notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    status: text("status", { enum: CHARGE_ATTEMPT_STATUSES }).notNull().default("in_flight"),
    // The installment's status when claimed (scheduled or failed): where "not reached" puts it back.
    fromStatus: text("from_status", { enum: INSTALLMENT_STATUSES }).notNull(),
    // Where the reconciler looks for the attempt's PaymentIntent.
    stripeCustomerId: text("stripe_customer_id").notNull(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    // Stripe's error type and code (e.g. invalid_request_error / parameter_unknown); never a message.
    errorType: text("error_type"),
    errorCode: text("error_code"),
    startedAt: tstz("started_at").notNull(),
    endedAt: tstz("ended_at"),
    resolvedAt: tstz("resolved_at"),
  },
  (t) => [
    uniqueIndex("charge_attempts_installment_number").on(t.installmentId, t.number),
    // The reconciler's queue: attempts still open.
    index("charge_attempts_open")
      .on(t.startedAt)
      .where(sql`status in ('in_flight', 'unknown')`),
    index("charge_attempts_account").on(t.accountId, t.startedAt),
    check("charge_attempts_status", inList("status", CHARGE_ATTEMPT_STATUSES)),
    check("charge_attempts_number", sql`number >= 1`),
  ],
);

// "I can't pay right now": a pause within policy (accepted at once) or a proposal the
// creditor accepts or declines.
export const hardshipRequests = pgTable(
  "hardship_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    creditorId: uuid("creditor_id")
      .notNull()
      .references(() => creditors.id),
    kind: text("kind", { enum: HARDSHIP_KINDS }).notNull(),
    pauseUntil: date("pause_until", { mode: "string" }),
    amountCents: bigint("amount_cents", { mode: "number" }),
    frequency: text("frequency", { enum: PLAN_FREQUENCIES }),
    note: text("note"),
    status: text("status", { enum: HARDSHIP_STATUSES }).notNull().default("pending"),
    createdAt: createdAt(),
    decidedAt: tstz("decided_at"),
    decidedBy: uuid("decided_by"),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("hardship_requests_account").on(t.accountId, t.createdAt),
    index("hardship_requests_creditor_status").on(t.creditorId, t.status),
    // One open proposal per account: the creditor answers one thing at a time.
    uniqueIndex("hardship_requests_one_pending")
      .on(t.accountId)
      .where(sql`status = 'pending'`),
    check("hardship_requests_kind", inList("kind", HARDSHIP_KINDS)),
    check("hardship_requests_status", inList("status", HARDSHIP_STATUSES)),
    check(
      "hardship_requests_shape",
      sql`(kind = 'pause' and pause_until is not null) or (kind = 'proposal' and amount_cents > 0 and frequency is not null)`,
    ),
    check(
      "hardship_requests_frequency",
      sql`frequency is null or ${inList("frequency", PLAN_FREQUENCIES)}`,
    ),
    check("hardship_requests_note_length", sql`note is null or length(note) <= 2000`),
  ],
);
