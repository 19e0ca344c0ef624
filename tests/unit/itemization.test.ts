import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { itemize, type LedgerKind } from "../../app/lib/itemization";
import {
  allowsCollectionMessages,
  allowsScheduledCharges,
  offersPayment,
} from "../../app/lib/account-rules";

const KINDS: LedgerKind[] = [
  "itemized_balance",
  "interest",
  "fee",
  "payment",
  "credit",
  "payment_reversal",
  "adjustment",
  "settlement_writeoff",
];
// Signs as the ledger writes them: charges up, payments/credits down, reversals up.
const SIGN: Record<LedgerKind, 1 | -1 | 0> = {
  itemized_balance: 1,
  interest: 1,
  fee: 1,
  payment: -1,
  credit: -1,
  payment_reversal: 1,
  adjustment: 0,
  settlement_writeoff: -1,
};
const entry = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    cents: fc.integer({ min: 0, max: 50_000_000 }),
    negative: fc.boolean(),
  })
  .map(({ kind, cents, negative }) => ({
    kind,
    amountCents: SIGN[kind] === 0 ? (negative ? -cents : cents) : SIGN[kind] * cents,
  }));

describe("itemization", () => {
  it("always adds up to the ledger balance, to the cent", () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 60 }), (entries) => {
        const it = itemize(entries);
        const balance = entries.reduce((s, e) => s + e.amountCents, 0);
        expect(it.currentCents).toBe(balance);
        expect(
          it.itemizedCents + it.interestCents + it.feesCents - it.paymentsCents - it.creditsCents,
        ).toBe(balance);
      }),
      { numRuns: 3000 },
    );
  });

  it("puts each kind on its line", () => {
    const it = itemize([
      { kind: "itemized_balance", amountCents: 452_000 },
      { kind: "interest", amountCents: 31_075 },
      { kind: "fee", amountCents: 3_500 },
      { kind: "payment", amountCents: -5_000 },
      { kind: "payment_reversal", amountCents: 1_000 },
      { kind: "credit", amountCents: -1_000 },
      { kind: "adjustment", amountCents: -200 },
      { kind: "adjustment", amountCents: 300 },
    ]);
    expect(it).toEqual({
      itemizedCents: 452_000,
      interestCents: 31_075,
      feesCents: 3_800,
      paymentsCents: 4_000,
      creditsCents: 1_200,
      currentCents: 481_675,
    });
  });
});

describe("account rules", () => {
  it("never charge or chase an account on hold, but still let the debtor pay", () => {
    expect(allowsScheduledCharges("on_hold")).toBe(false);
    expect(allowsCollectionMessages("on_hold")).toBe(false);
    expect(offersPayment("on_hold", 100)).toBe(true);
    expect(allowsScheduledCharges("in_plan")).toBe(true);
    expect(offersPayment("paid", 0)).toBe(false);
  });
});
