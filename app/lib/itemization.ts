// The statement's itemization is a view of the ledger (Reg F, 12 CFR 1006.34):
// amount on the itemization date + interest + fees − payments − credits = current amount.
// Every ledger kind lands in exactly one line, so the lines always add up to the balance.
export type LedgerKind =
  | "itemized_balance"
  | "interest"
  | "fee"
  | "payment"
  | "credit"
  | "payment_reversal"
  | "adjustment"
  | "settlement_writeoff";

export type LedgerLine = { kind: LedgerKind; amountCents: number };

export type Itemization = {
  itemizedCents: number;
  interestCents: number;
  feesCents: number;
  /** Shown as a deduction: positive means the balance went down by this much. */
  paymentsCents: number;
  creditsCents: number;
  currentCents: number;
};

export function itemize(entries: readonly LedgerLine[]): Itemization {
  const sum = { itemized: 0, interest: 0, fees: 0, payments: 0, credits: 0 };
  for (const { kind, amountCents } of entries) {
    switch (kind) {
      case "itemized_balance":
        sum.itemized += amountCents;
        break;
      case "interest":
        sum.interest += amountCents;
        break;
      case "fee":
        sum.fees += amountCents;
        break;
      // A reversed payment (refund, lost dispute) undoes part of "payments".
      case "payment":
      case "payment_reversal":
        sum.payments -= amountCents;
        break;
      case "credit":
      case "settlement_writeoff":
        sum.credits -= amountCents;
        break;
      // A creditor's correction: an increase is a charge, a decrease a credit.
      case "adjustment":
        if (amountCents >= 0) sum.fees += amountCents;
        else sum.credits -= amountCents;
        break;
    }
  }
  return {
    itemizedCents: sum.itemized,
    interestCents: sum.interest,
    feesCents: sum.fees,
    paymentsCents: sum.payments,
    creditsCents: sum.credits,
    currentCents: sum.itemized + sum.interest + sum.fees - sum.payments - sum.credits,
  };
}
