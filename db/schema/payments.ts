// Payments and what Stripe tells us about them (events, customers, hosted Checkout).
import { sql } from "drizzle-orm";
import { bigint, check, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tstz, inList } from "./columns";
import { debtors, accounts } from "./accounts";
import { plans, installments } from "./plans";

export const PAYMENT_STATUSES = [
  "processing",
  "succeeded",
  "failed",
  "refunded",
  "disputed",
] as const;
export const CHECKOUT_PURPOSES = [
  "plan_start",
  "installment",
  "update_card",
  "payoff",
  "extra",
  "catch_up",
] as const;
export const CHECKOUT_STATUSES = ["open", "completed", "expired"] as const;

// Every Stripe event we have handled: the id is recorded in the same transaction as its
// effect, so a redelivered event changes nothing.
export const stripeEvents = pgTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: tstz("received_at").notNull().defaultNow(),
  processedAt: tstz("processed_at"),
});

export const stripeCustomers = pgTable("stripe_customers", {
  debtorId: uuid("debtor_id")
    .primaryKey()
    .references(() => debtors.id),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  createdAt: createdAt(),
});

// One open hosted Checkout per account: a double click or a second tab reuses it.
export const checkoutSessions = pgTable(
  "checkout_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    planId: uuid("plan_id").references(() => plans.id),
    installmentId: uuid("installment_id").references(() => installments.id),
    purpose: text("purpose", { enum: CHECKOUT_PURPOSES }).notNull(),
    mode: text("mode", { enum: ["payment", "setup"] }).notNull(),
    amountCents: bigint("amount_cents", { mode: "number" }),
    stripeSessionId: text("stripe_session_id").notNull().unique(),
    url: text("url").notNull(),
    status: text("status", { enum: CHECKOUT_STATUSES }).notNull().default("open"),
    createdAt: createdAt(),
    expiresAt: tstz("expires_at").notNull(),
  },
  (t) => [
    uniqueIndex("checkout_sessions_one_open")
      .on(t.accountId)
      .where(sql`status = 'open'`),
    check("checkout_sessions_status", inList("status", CHECKOUT_STATUSES)),
    check("checkout_sessions_purpose", inList("purpose", CHECKOUT_PURPOSES)),
  ],
);

export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id")
      .notNull()
      .references(() => accounts.id),
    planId: uuid("plan_id").references(() => plans.id),
    installmentId: uuid("installment_id").references(() => installments.id),
    amountCents: bigint("amount_cents", { mode: "number" }).notNull(),
    refundedCents: bigint("refunded_cents", { mode: "number" }).notNull().default(0),
    currency: text("currency").notNull(),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
    // "Visa ending 4242" style: brand or bank + last 4. Never a full number.
    methodBrand: text("method_brand"),
    methodLast4: text("method_last4"),
    stripePaymentIntentId: text("stripe_payment_intent_id").notNull().unique(),
    stripeChargeId: text("stripe_charge_id"),
    receiptNumber: text("receipt_number").notNull().unique(),
    failureCode: text("failure_code"),
    createdAt: createdAt(),
    succeededAt: tstz("succeeded_at"),
  },
  (t) => [
    index("payments_account").on(t.accountId, t.createdAt),
    check("payments_status", inList("status", PAYMENT_STATUSES)),
    check("payments_amount_positive", sql`amount_cents > 0`),
  ],
);
