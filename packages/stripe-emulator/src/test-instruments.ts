// Stripe's documented test card numbers and ACH test accounts, and what each does. The
// hosted page and the API (`pm_card_visa`-style test payment method ids) both read this
// table, so a scenario behaves the same whichever way it is reached.
//   cards:  https://docs.stripe.com/testing  (declines, 3-D Secure and off-session cards)
//   ACH:    https://docs.stripe.com/payments/ach-direct-debit (test account numbers)
import type { BankFailureCode } from "./types";

export interface Decline {
  code: string;
  decline_code?: string;
  message: string;
  param?: string;
}

export interface CardInstrument {
  kind: "card";
  number: string;
  brand: "visa" | "mastercard" | "amex" | "discover";
  funding: "credit" | "debit";
  /** What the tester reads on the page. */
  label: string;
  /** Outcome of a charge once any authentication is done. */
  charge: "succeed" | Decline;
  /** Outcome of saving the card (setup mode, attach). */
  setup: "succeed" | Decline;
  /** 3-D Secure challenge when the customer is present (Checkout). */
  onSessionAuth: boolean;
  /**
   * Off-session charges: "auth_unless_set_up" needs the card to have been saved through a
   * setup (Checkout with setup mode or setup_future_usage); "always" never works off-session.
   */
  offSessionAuth: "never" | "auth_unless_set_up" | "always";
  /** Stripe opens a dispute (a chargeback, or an inquiry) on a successful charge with this card. */
  disputes?: "fraudulent" | "product_not_received" | "inquiry";
  /** A refund of a charge with this card succeeds, then fails a minute later. */
  refundFails?: boolean;
}

export interface BankInstrument {
  kind: "us_bank_account";
  routing: string;
  account: string;
  label: string;
  /** Outcome when the ACH debit settles ("never": stays processing, until canceled). */
  settles: "succeed" | BankFailureCode | "never";
  /** The micro-deposits of a hand-entered account reach it, or fail to be sent. */
  microdeposits: "arrive" | "fail_to_send";
  /** The customer disputes the debit once it succeeded. */
  disputes?: boolean;
}

/**
 * A method the customer approves on another site or app (Klarna, Affirm, Cash App Pay,
 * Amazon Pay …) or in a wallet (Link): the hosted page sends them to a simulated
 * approval page (like Stripe's test-mode "Authorize test payment" page).
 */
export interface OtherInstrument {
  kind: "other";
  type: string;
}

export type Instrument = CardInstrument | BankInstrument | OtherInstrument;

/** Names the page shows for the types it can only offer through a simulated approval. */
export const METHOD_LABELS: Record<string, string> = {
  link: "Link",
  cashapp: "Cash App Pay",
  affirm: "Affirm",
  klarna: "Klarna",
  amazon_pay: "Amazon Pay",
  afterpay_clearpay: "Afterpay",
  paypal: "PayPal",
  zip: "Zip",
  revolut_pay: "Revolut Pay",
};

export function methodLabel(type: string): string {
  return METHOD_LABELS[type] ?? type.replace(/_/g, " ");
}

const DECLINED: Decline = {
  code: "card_declined",
  decline_code: "generic_decline",
  message: "Your card was declined.",
};

export const AUTHENTICATION_REQUIRED: Decline = {
  code: "authentication_required",
  decline_code: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

export const AUTHENTICATION_FAILED: Decline = {
  code: "payment_intent_authentication_failure",
  message:
    "We are unable to authenticate your payment method. Please choose a different payment method and try again.",
};

function card(
  number: string,
  label: string,
  overrides: Partial<Omit<CardInstrument, "kind" | "number" | "label">> = {},
): CardInstrument {
  return {
    kind: "card",
    number,
    label,
    brand: "visa",
    funding: "credit",
    charge: "succeed",
    setup: "succeed",
    onSessionAuth: false,
    offSessionAuth: "never",
    ...overrides,
  };
}

function declines(decline: Decline): Pick<CardInstrument, "charge" | "setup"> {
  return { charge: decline, setup: decline };
}

export const TEST_CARDS: readonly CardInstrument[] = [
  card("4242424242424242", "Succeeds (Visa)"),
  card("4000056655665556", "Succeeds (Visa debit)", { funding: "debit" }),
  card("5555555555554444", "Succeeds (Mastercard)", { brand: "mastercard" }),
  card("378282246310005", "Succeeds (American Express)", { brand: "amex" }),
  card("6011111111111117", "Succeeds (Discover)", { brand: "discover" }),
  card("4000000000000002", "Declined (generic decline)", declines(DECLINED)),
  card(
    "4000000000009995",
    "Declined: insufficient funds",
    declines({
      code: "card_declined",
      decline_code: "insufficient_funds",
      message: "Your card has insufficient funds.",
    }),
  ),
  card(
    "4000000000009987",
    "Declined: lost card",
    declines({
      code: "card_declined",
      decline_code: "lost_card",
      message: "Your card was declined.",
    }),
  ),
  card(
    "4000000000000069",
    "Declined: expired card",
    declines({
      code: "expired_card",
      decline_code: "expired_card",
      message: "Your card has expired.",
      param: "exp_month",
    }),
  ),
  card(
    "4000000000000127",
    "Declined: incorrect CVC",
    declines({
      code: "incorrect_cvc",
      decline_code: "incorrect_cvc",
      message: "Your card's security code is incorrect.",
      param: "cvc",
    }),
  ),
  card(
    "4000000000000119",
    "Declined: processing error",
    declines({
      code: "processing_error",
      decline_code: "processing_error",
      message: "An error occurred while processing your card. Try again in a little bit.",
    }),
  ),
  card("4000002500003155", "Needs authentication; once saved, later charges work", {
    onSessionAuth: true,
    offSessionAuth: "auth_unless_set_up",
  }),
  card(
    "4000002760003184",
    "Always needs authentication; later charges fail (authentication required)",
    {
      onSessionAuth: true,
      offSessionAuth: "always",
    },
  ),
  card("4000003800000446", "Needs authentication now; already set up for later charges", {
    onSessionAuth: true,
  }),
  card("4000000000000341", "Saves fine, but every charge is declined", { charge: DECLINED }),
  card("4000000000000259", "Succeeds, then the payment is disputed (fraudulent)", {
    disputes: "fraudulent",
  }),
  card("4000000000002685", "Succeeds, then the payment is disputed (product not received)", {
    disputes: "product_not_received",
  }),
  card("4000000000001976", "Succeeds, then the bank sends an inquiry (no money moves)", {
    disputes: "inquiry",
  }),
  card("4000000000005126", "Succeeds; a refund of it fails a minute later", {
    refundFails: true,
  }),
];

export const TEST_BANK_ROUTING = "110000000";

// https://docs.stripe.com/payments/ach-direct-debit/accept-a-payment#test-account-numbers
const BANK_ACCOUNTS: Omit<BankInstrument, "kind" | "routing">[] = [
  {
    account: "000123456789",
    settles: "succeed",
    microdeposits: "arrive",
    label: "Processing, then succeeds",
  },
  {
    account: "000111111116",
    settles: "no_account",
    microdeposits: "arrive",
    label: "Processing, then fails (no account)",
  },
  {
    account: "000111111113",
    settles: "account_closed",
    microdeposits: "arrive",
    label: "Processing, then fails (account closed)",
  },
  {
    account: "000222222227",
    settles: "insufficient_funds",
    microdeposits: "arrive",
    label: "Processing, then fails (insufficient funds)",
  },
  {
    account: "000333333335",
    settles: "debit_not_authorized",
    microdeposits: "arrive",
    label: "Processing, then fails (debit not authorized)",
  },
  {
    account: "000555555559",
    settles: "succeed",
    microdeposits: "arrive",
    disputes: true,
    label: "Processing, succeeds, then the payment is disputed",
  },
  {
    account: "000000000009",
    settles: "never",
    microdeposits: "arrive",
    label: "Stays processing (until canceled)",
  },
  {
    account: "000666666661",
    settles: "succeed",
    microdeposits: "fail_to_send",
    label: "Micro-deposits cannot be sent (verification fails)",
  },
];

export const TEST_BANK_ACCOUNTS: readonly BankInstrument[] = BANK_ACCOUNTS.map((a) => ({
  kind: "us_bank_account",
  routing: TEST_BANK_ROUTING,
  ...a,
}));

export const BANK_FAILURE_MESSAGES: Record<BankFailureCode, string> = {
  insufficient_funds: "The customer's account has insufficient funds to cover this payment.",
  account_closed: "The customer's bank account has been closed.",
  no_account: "The customer's bank account could not be located.",
  debit_not_authorized: "The customer has notified their bank that this payment was unauthorized.",
};

/** Stripe's test payment method ids (`pm_card_visa` …) usable in API calls. */
const TEST_PAYMENT_METHOD_IDS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_discover: "6011111111111117",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedLostCard: "4000000000009987",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_chargeDeclinedProcessingError: "4000000000000119",
  pm_card_authenticationRequiredOnSetup: "4000002500003155",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_authenticationRequiredSetupForOffSession: "4000003800000446",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_createDispute: "4000000000000259",
  pm_card_createDisputeProductNotReceived: "4000000000002685",
  pm_card_createDisputeInquiry: "4000000000001976",
  pm_card_refundFailure: "4000000000005126",
};

const TEST_BANK_PAYMENT_METHOD_IDS: Record<string, string> = {
  pm_usBankAccount_success: "000123456789",
  pm_usBankAccount_noAccount: "000111111116",
  pm_usBankAccount_accountClosed: "000111111113",
  pm_usBankAccount_insufficientFunds: "000222222227",
  pm_usBankAccount_debitNotAuthorized: "000333333335",
  pm_usBankAccount_dispute: "000555555559",
  pm_usBankAccount_processing: "000000000009",
  pm_usBankAccount_failMicrodeposits: "000666666661",
};

export function digitsOnly(value: string): string {
  return value.replace(/[\s-]/g, "");
}

export function findTestCard(number: string): CardInstrument | undefined {
  const digits = digitsOnly(number);
  return TEST_CARDS.find((c) => c.number === digits);
}

export function findTestBankAccount(routing: string, account: string): BankInstrument | undefined {
  const r = digitsOnly(routing);
  const a = digitsOnly(account);
  if (r !== TEST_BANK_ROUTING) return undefined;
  return TEST_BANK_ACCOUNTS.find((b) => b.account === a);
}

export function instrumentForTestPaymentMethodId(id: string): Instrument | undefined {
  const cardNumber = TEST_PAYMENT_METHOD_IDS[id];
  if (cardNumber) return findTestCard(cardNumber);
  const account = TEST_BANK_PAYMENT_METHOD_IDS[id];
  if (account) return findTestBankAccount(TEST_BANK_ROUTING, account);
  return undefined;
}

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const TEST_BANK_NAME = "STRIPE TEST BANK";
