// The database schema, one module per concept under db/schema/. Rules that must never be
// broken live there as constraints (one ledger entry per Stripe object, one session per id,
// one account per reference). drizzle.config.ts reads this file.
export * from "./schema/creditors";
export * from "./schema/accounts";
export * from "./schema/debtor-access";
export * from "./schema/audit";
export * from "./schema/account-imports";
export * from "./schema/plans";
export * from "./schema/payments";
export * from "./schema/messages";
