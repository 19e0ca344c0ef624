// The transition tables of the account and plan statuses (app/lib/account-state.ts) and
// the status sets derived from them and the schema's constants.
import { describe, expect, it } from "vitest";
import { getTableConfig } from "drizzle-orm/pg-core";
import { PgDialect } from "drizzle-orm/pg-core";
import * as schema from "../../db/schema";
import { allowsCollectionMessages, allowsScheduledCharges } from "../../app/lib/account-rules";
import {
  ACCOUNT_TRANSITIONS,
  PLAN_TRANSITIONS,
  checkAccountTransition,
  checkPlanTransition,
  type AccountTransition,
  type PlanTransition,
} from "../../app/lib/account-state";
import * as sets from "../../app/models/status-sets.server";

const accountNames = Object.keys(ACCOUNT_TRANSITIONS) as AccountTransition[];
const planNames = Object.keys(PLAN_TRANSITIONS) as PlanTransition[];

describe("account transitions", () => {
  it("name only statuses the schema allows", () => {
    for (const rule of Object.values(ACCOUNT_TRANSITIONS)) {
      for (const s of [...rule.from, ...rule.to]) expect(schema.ACCOUNT_STATUSES).toContain(s);
    }
  });

  it("answer change / same / refused exactly by the table, for every pair of statuses", () => {
    for (const name of accountNames) {
      const rule = ACCOUNT_TRANSITIONS[name] as { from: readonly string[]; to: readonly string[] };
      for (const from of schema.ACCOUNT_STATUSES) {
        for (const to of schema.ACCOUNT_STATUSES) {
          const expected = !rule.to.includes(to)
            ? "refused"
            : from === to
              ? "same"
              : rule.from.includes(from)
                ? "change"
                : "refused";
          expect(checkAccountTransition(name, from, to), `${name} ${from} → ${to}`).toBe(expected);
        }
      }
    }
  });

  it("keep the domain's rules", () => {
    // A plan governs an open account; a held one cannot enter a plan until the hold ends.
    expect(checkAccountTransition("enterPlan", "open", "in_plan")).toBe("change");
    expect(checkAccountTransition("enterPlan", "on_hold", "in_plan")).toBe("refused");
    expect(checkAccountTransition("enterPlan", "closed", "in_plan")).toBe("refused");
    expect(checkAccountTransition("enterPlan", "settled", "in_plan")).toBe("refused");
    // Leaving a plan goes back to open, never to paid.
    expect(checkAccountTransition("leavePlan", "in_plan", "paid")).toBe("refused");
    expect(checkAccountTransition("leavePlan", "open", "open")).toBe("same");
    // Paid: from owing, never out of a hold by a payment, and a closed account stays closed.
    expect(checkAccountTransition("markPaid", "in_plan", "paid")).toBe("change");
    expect(checkAccountTransition("markPaid", "on_hold", "paid")).toBe("refused");
    expect(checkAccountTransition("markPaid", "closed", "paid")).toBe("refused");
    // Only a paid account reopens, and only to owing statuses.
    expect(checkAccountTransition("reopen", "paid", "in_plan")).toBe("change");
    expect(checkAccountTransition("reopen", "settled", "open")).toBe("refused");
    expect(checkAccountTransition("reopen", "paid", "on_hold")).toBe("refused");
    // A settlement paid during a dispute settles the account.
    expect(checkAccountTransition("settle", "on_hold", "settled")).toBe("change");
    expect(checkAccountTransition("settle", "closed", "settled")).toBe("refused");
    // Holds: a second dispute changes nothing; the hold ends only through releaseHold.
    expect(checkAccountTransition("putOnHold", "on_hold", "on_hold")).toBe("same");
    expect(checkAccountTransition("releaseHold", "on_hold", "in_plan")).toBe("change");
    expect(checkAccountTransition("releaseHold", "open", "in_plan")).toBe("refused");
    expect(checkAccountTransition("releaseHold", "on_hold", "on_hold")).toBe("refused");
  });

  it("reach every status from open, and on_hold only through putOnHold", () => {
    const reached = new Set<string>(["open"]);
    for (let round = 0; round < 5; round++) {
      for (const rule of Object.values(ACCOUNT_TRANSITIONS)) {
        if (rule.from.some((f) => reached.has(f))) rule.to.forEach((t) => reached.add(t));
      }
    }
    expect([...reached].sort()).toEqual([...schema.ACCOUNT_STATUSES].sort());
    const toHold = accountNames.filter((n) =>
      (ACCOUNT_TRANSITIONS[n].to as readonly string[]).includes("on_hold"),
    );
    expect(toHold).toEqual(["putOnHold"]);
  });
});

describe("plan transitions", () => {
  it("name only statuses the schema allows", () => {
    for (const rule of Object.values(PLAN_TRANSITIONS)) {
      for (const s of [...rule.from, ...rule.to]) expect(schema.PLAN_STATUSES).toContain(s);
    }
  });

  it("answer change / same / refused exactly by the table, for every pair of statuses", () => {
    for (const name of planNames) {
      const rule = PLAN_TRANSITIONS[name] as { from: readonly string[]; to: readonly string[] };
      for (const from of schema.PLAN_STATUSES) {
        for (const to of schema.PLAN_STATUSES) {
          const expected = !rule.to.includes(to)
            ? "refused"
            : from === to
              ? "same"
              : rule.from.includes(from)
                ? "change"
                : "refused";
          expect(checkPlanTransition(name, from, to), `${name} ${from} → ${to}`).toBe(expected);
        }
      }
    }
  });

  it("never leave cancelled or completed, and break or pause only a running plan", () => {
    for (const name of planNames) {
      const from = PLAN_TRANSITIONS[name].from as readonly string[];
      expect(from).not.toContain("cancelled");
      expect(from).not.toContain("completed");
    }
    expect(checkPlanTransition("breakPlan", "paused", "broken")).toBe("refused");
    expect(checkPlanTransition("breakPlan", "pending_payment_method", "broken")).toBe("refused");
    expect(checkPlanTransition("pausePlan", "pending_payment_method", "paused")).toBe("refused");
    expect(checkPlanTransition("resumePlan", "broken", "active")).toBe("refused");
    expect(checkPlanTransition("activatePlan", "broken", "active")).toBe("change");
    expect(checkPlanTransition("cancelPlan", "broken", "cancelled")).toBe("refused");
    expect(checkPlanTransition("cancelPlan", "paused", "cancelled")).toBe("change");
    expect(checkPlanTransition("completePlan", "cancelled", "completed")).toBe("refused");
  });
});

describe("status sets derived from the schema", () => {
  const dialect = new PgDialect();
  const indexWhere = (table: Parameters<typeof getTableConfig>[0], name: string) => {
    const index = getTableConfig(table).indexes.find((i) => i.config.name === name);
    return dialect.sqlToQuery(index!.config.where!).sql;
  };
  /** `status [not] in ('a', 'b')` → whether negated and the sorted values. */
  const parseIn = (where: string) => ({
    not: /not in/.test(where),
    values: [...where.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]).sort(),
  });

  it("split the plan statuses into live and ended, as the one-live-plan index does", () => {
    expect([...sets.LIVE_PLAN_STATUSES, ...sets.ENDED_PLAN_STATUSES].sort()).toEqual(
      [...schema.PLAN_STATUSES].sort(),
    );
    expect(
      sets.LIVE_PLAN_STATUSES.filter((s) => (sets.ENDED_PLAN_STATUSES as string[]).includes(s)),
    ).toEqual([]);
    expect(parseIn(indexWhere(schema.plans, "plans_one_live_per_account"))).toEqual({
      not: true,
      values: [...sets.ENDED_PLAN_STATUSES].sort(),
    });
  });

  it("claim exactly the installments the claim index covers", () => {
    expect(parseIn(indexWhere(schema.installments, "installments_claim"))).toEqual({
      not: false,
      values: [...sets.CLAIMABLE_INSTALLMENT_STATUSES].sort(),
    });
  });

  it("open and in-progress installments are disjoint and never paid or skipped", () => {
    expect(sets.OPEN_INSTALLMENT_STATUSES).toEqual(["scheduled", "failed", "needs_attention"]);
    expect(sets.IN_PROGRESS_INSTALLMENT_STATUSES).toEqual(["processing", "charging"]);
    expect(sets.UNPAID_INSTALLMENT_STATUSES.sort()).toEqual(
      [...sets.OPEN_INSTALLMENT_STATUSES, ...sets.IN_PROGRESS_INSTALLMENT_STATUSES].sort(),
    );
  });

  it("the worker charges the accounts allowsScheduledCharges allows, and messages those allowsCollectionMessages allows", () => {
    expect(sets.CHARGEABLE_ACCOUNT_STATUSES).toEqual(
      schema.ACCOUNT_STATUSES.filter(allowsScheduledCharges),
    );
    expect(sets.CHARGEABLE_ACCOUNT_STATUSES).toEqual(["in_plan"]);
    expect(sets.MESSAGEABLE_ACCOUNT_STATUSES).toEqual(["open", "in_plan"]);
    expect(sets.MESSAGEABLE_ACCOUNT_STATUSES).toEqual(
      schema.ACCOUNT_STATUSES.filter(allowsCollectionMessages),
    );
    expect(sets.OWING_ACCOUNT_STATUSES).toEqual(["open", "in_plan", "on_hold"]);
    expect(sets.RESOLVED_ACCOUNT_STATUSES).toEqual(["paid", "settled", "closed"]);
    expect(sets.CHARGED_PLAN_STATUSES).toEqual(["active"]);
  });

  it("renders a set for raw SQL", () => {
    const q = new PgDialect().sqlToQuery(sets.inSql(schema.plans.status, sets.ENDED_PLAN_STATUSES));
    expect(q.sql).toBe(`"plans"."status" in ('completed', 'broken', 'cancelled')`);
  });
});
