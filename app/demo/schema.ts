// Demo-only tables, apart from the core schema: drizzle.config.ts reads this file beside
// db/schema.ts, so the migrations create them everywhere, but nothing outside app/demo
// reads or writes them.
import { bigserial, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { accounts } from "../../db/schema";

// Demo mode only: the plaintext link, code and answer for each seeded account, so the
// demo page can list them. Never written outside demo mode.
export const demoAccess = pgTable("demo_access", {
  accountId: uuid("account_id")
    .primaryKey()
    .references(() => accounts.id),
  label: text("label").notNull(),
  token: text("token").notNull(),
  code: text("code").notNull(),
  answer: text("answer").notNull(),
  answerHint: text("answer_hint").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});

// Demo mode only: links in special states (expired, revoked, one to try the lock-out on).
export const demoFixtures = pgTable("demo_fixtures", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  label: text("label").notNull(),
  token: text("token").notNull(),
  code: text("code").notNull(),
  answer: text("answer").notNull(),
  answerHint: text("answer_hint").notNull(),
  sortOrder: integer("sort_order").notNull().default(0),
});
