// What one hosted Checkout charges, by purpose (app/lib/checkout-charge.ts): the server's
// amounts from the installments, and the purposes the database accepts.
import { describe, expect, it } from "vitest";
import { CHECKOUT_PURPOSES } from "../../db/schema";
import {
  CHECKOUT_PURPOSE_NAMES,
  checkoutCharge,
  type ChargeInstallment,
} from "../../app/lib/checkout-charge";

const TODAY = "2026-03-10";
const row = (
  seq: number,
  dueDate: string,
  amountCents: number,
  status: ChargeInstallment["status"] = "scheduled",
): ChargeInstallment => ({ id: `i${seq}`, seq, dueDate, amountCents, status, attempts: 0 });

describe("checkoutCharge", () => {
  it("names exactly the purposes the checkout_sessions table accepts", () => {
    expect([...CHECKOUT_PURPOSE_NAMES].sort()).toEqual([...CHECKOUT_PURPOSES].sort());
  });

  it("catch_up pays every open installment due today or earlier, else the next one", () => {
    const rows = [
      row(1, "2026-02-10", 2000, "paid"),
      row(2, "2026-02-24", 2000, "failed"),
      row(3, "2026-03-10", 2500, "scheduled"),
      row(4, "2026-03-24", 3000),
    ];
    expect(checkoutCharge({ status: "broken" }, rows, TODAY, "catch_up")).toEqual({
      ok: true,
      purpose: "catch_up",
      mode: "payment",
      amountCents: 4500,
      installmentId: null,
    });
    expect(checkoutCharge({ status: "broken" }, rows.slice(3), TODAY, "catch_up")).toMatchObject({
      amountCents: 3000,
    });
  });

  it("extra pays the amount asked, never more than what is left, and not while one is being charged", () => {
    const rows = [row(1, "2026-03-20", 4000), row(2, "2026-04-20", 4450)];
    expect(checkoutCharge({ status: "active" }, rows, TODAY, "extra", 2500)).toMatchObject({
      ok: true,
      mode: "payment",
      amountCents: 2500,
      installmentId: null,
    });
    expect(checkoutCharge({ status: "active" }, rows, TODAY, "extra", 8451)).toEqual({
      ok: false,
      reason: "nothing_due",
    });
    expect(checkoutCharge({ status: "active" }, rows, TODAY, "extra")).toMatchObject({ ok: false });
    const charging = [row(1, "2026-03-10", 4000, "charging"), row(2, "2026-04-20", 4450)];
    for (const purpose of ["extra", "payoff", "catch_up"] as const)
      expect(checkoutCharge({ status: "active" }, charging, TODAY, purpose, 100)).toEqual({
        ok: false,
        reason: "processing",
      });
  });

  it("a plan not started pays only its set-up: its first installment when due today, else a card is saved", () => {
    const due = [row(1, TODAY, 8450)];
    expect(checkoutCharge({ status: "pending_payment_method" }, due, TODAY)).toMatchObject({
      purpose: "plan_start",
      mode: "payment",
      amountCents: 8450,
      installmentId: "i1",
    });
    const later = [row(1, "2026-04-01", 8450)];
    expect(checkoutCharge({ status: "pending_payment_method" }, later, TODAY)).toMatchObject({
      mode: "setup",
      amountCents: null,
    });
    expect(checkoutCharge({ status: "pending_payment_method" }, due, TODAY, "extra", 100)).toEqual({
      ok: false,
      reason: "no_plan",
    });
  });
});
