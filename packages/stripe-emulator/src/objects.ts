// Constructors for Stripe objects with every field Stripe returns, so code reading the
// emulator's objects sees the same shape (and the same nulls) as with Stripe test mode.
import { createHash } from "node:crypto";
import { newClientSecret, newId, randomBase62 } from "./ids";
import { TEST_BANK_NAME, type Instrument } from "./test-instruments";
import type {
  CardChargeDetails,
  Charge,
  CheckoutMode,
  Mandate,
  CheckoutSession,
  Customer,
  Dispute,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Refund,
  SetupIntent,
} from "./types";

/** Deep copy, so an event or a response never shares state with the store. */
export function snapshot<T>(value: T): T {
  return structuredClone(value);
}

export function newCustomer(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  email?: string | null;
  name?: string | null;
  phone?: string | null;
  description?: string | null;
  metadata?: Metadata;
}): Customer {
  return {
    id: newId("cus", 14),
    object: "customer",
    address: null,
    balance: 0,
    created: input.now,
    currency: null,
    default_source: null,
    delinquent: false,
    description: input.description ?? null,
    email: input.email ?? null,
    invoice_prefix: randomBase62(8).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: input.metadata ?? {},
    name: input.name ?? null,
    next_invoice_sequence: 1,
    phone: input.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: "none",
    test_clock: null,
  };
}

export function newCheckoutSession(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  id: string;
  mode: CheckoutMode;
  url: string;
  amountTotal: number | null;
  currency: string | null;
  customer: string | null;
  customerCreation: "always" | "if_required" | null;
  customerEmail: string | null;
  clientReferenceId: string | null;
  successUrl: string | null;
  cancelUrl: string | null;
  metadata: Metadata;
  paymentMethodTypes: string[];
  allowedPaymentMethodTypes: string[] | null;
  expiresAt: number;
  locale: string | null;
  submitType: string | null;
  billingAddressCollection: string | null;
}): CheckoutSession {
  return {
    id: input.id,
    object: "checkout.session",
    after_expiration: null,
    allow_promotion_codes: null,
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    amount_subtotal: input.amountTotal,
    amount_total: input.amountTotal,
    automatic_tax: { enabled: false, liability: null, status: null },
    billing_address_collection: input.billingAddressCollection,
    cancel_url: input.cancelUrl,
    client_reference_id: input.clientReferenceId,
    client_secret: null,
    consent: null,
    consent_collection: null,
    created: input.now,
    currency: input.currency,
    custom_fields: [],
    custom_text: {
      after_submit: null,
      shipping_address: null,
      submit: null,
      terms_of_service_acceptance: null,
    },
    customer: input.customer,
    customer_creation: input.customerCreation,
    customer_details: null,
    customer_email: input.customerEmail,
    discounts: [],
    excluded_payment_method_types: [],
    expires_at: input.expiresAt,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: input.locale,
    metadata: input.metadata,
    mode: input.mode,
    payment_intent: null,
    payment_link: null,
    payment_method_collection: input.mode === "setup" ? null : "always",
    payment_method_options: {},
    payment_method_types: input.paymentMethodTypes,
    payment_status: input.mode === "setup" ? "no_payment_required" : "unpaid",
    phone_number_collection: { enabled: false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: "open",
    submit_type: input.submitType,
    subscription: null,
    success_url: input.successUrl,
    total_details:
      input.mode === "payment" ? { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } : null,
    ui_mode: "hosted_page",
    url: input.url,
  };
}

export function newPaymentIntent(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  amount: number;
  currency: string;
  customer: string | null;
  paymentMethod: string | null;
  paymentMethodTypes: string[];
  allowedPaymentMethodTypes: string[] | null;
  excludedPaymentMethodTypes?: string[] | null;
  automaticPaymentMethods?: PaymentIntent["automatic_payment_methods"];
  metadata: Metadata;
  description: string | null;
  setupFutureUsage: "off_session" | "on_session" | null;
  receiptEmail: string | null;
  statementDescriptor: string | null;
  statementDescriptorSuffix: string | null;
}): PaymentIntent {
  const id = newId("pi");
  return {
    id,
    object: "payment_intent",
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    amount: input.amount,
    amount_capturable: 0,
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: input.automaticPaymentMethods ?? null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: "automatic",
    client_secret: newClientSecret(id),
    confirmation_method: "automatic",
    created: input.now,
    currency: input.currency,
    customer: input.customer,
    description: input.description,
    excluded_payment_method_types: input.excludedPaymentMethodTypes ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: input.paymentMethod,
    payment_method_configuration_details: null,
    payment_method_options: paymentMethodOptions(input.paymentMethodTypes),
    payment_method_types: input.paymentMethodTypes,
    processing: null,
    receipt_email: input.receiptEmail,
    review: null,
    setup_future_usage: input.setupFutureUsage,
    shipping: null,
    source: null,
    statement_descriptor: input.statementDescriptor,
    statement_descriptor_suffix: input.statementDescriptorSuffix,
    status: input.paymentMethod ? "requires_confirmation" : "requires_payment_method",
    transfer_data: null,
    transfer_group: null,
  };
}

function paymentMethodOptions(types: string[]): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  if (types.includes("card")) {
    options.card = {
      installments: null,
      mandate_options: null,
      network: null,
      request_three_d_secure: "automatic",
    };
  }
  if (types.includes("us_bank_account")) {
    options.us_bank_account = { verification_method: "automatic" };
  }
  return options;
}

export function newSetupIntent(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  customer: string | null;
  paymentMethodTypes: string[];
  allowedPaymentMethodTypes: string[] | null;
  metadata: Metadata;
  description: string | null;
}): SetupIntent {
  const id = newId("seti");
  return {
    id,
    object: "setup_intent",
    allowed_payment_method_types: input.allowedPaymentMethodTypes,
    application: null,
    automatic_payment_methods: null,
    cancellation_reason: null,
    client_secret: newClientSecret(id),
    created: input.now,
    customer: input.customer,
    description: input.description,
    excluded_payment_method_types: null,
    flow_directions: null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    mandate: null,
    metadata: input.metadata,
    next_action: null,
    on_behalf_of: null,
    payment_method: null,
    payment_method_configuration_details: null,
    payment_method_options: paymentMethodOptions(input.paymentMethodTypes),
    payment_method_types: input.paymentMethodTypes,
    single_use_mandate: null,
    status: "requires_payment_method",
    usage: "off_session",
  };
}

/** Same card or account → same fingerprint, as with Stripe (lets the app spot duplicates). */
function fingerprint(value: string): string {
  return createHash("sha256").update(`emulator:${value}`).digest("base64url").slice(0, 16);
}

export function newPaymentMethod(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  instrument: Instrument;
  email: string | null;
  name: string | null;
  expMonth?: number;
  expYear?: number;
  accountType?: "checking" | "savings";
  accountHolderType?: "individual" | "company";
}): PaymentMethod {
  const base = {
    id: newId("pm"),
    object: "payment_method" as const,
    allow_redisplay: "unspecified" as const,
    billing_details: { address: null, email: input.email, name: input.name, phone: null },
    created: input.now,
    customer: null,
    livemode: false as const,
    metadata: {},
  };
  const instrument = input.instrument;
  if (instrument.kind === "card") {
    return {
      ...base,
      type: "card",
      card: {
        brand: instrument.brand,
        checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: "pass" },
        country: "US",
        display_brand: instrument.brand,
        exp_month: input.expMonth ?? 12,
        exp_year: input.expYear ?? new Date(input.now * 1000).getUTCFullYear() + 5,
        fingerprint: fingerprint(instrument.number),
        funding: instrument.funding,
        generated_from: null,
        last4: instrument.number.slice(-4),
        networks: { available: [instrument.brand], preferred: null },
        regulated_status: "unregulated",
        three_d_secure_usage: { supported: true },
        wallet: null,
      },
    };
  }
  if (instrument.kind === "other") {
    // Stripe's hash for the type carries little that the portal reads (Link: the email).
    const details = instrument.type === "link" ? { email: input.email } : {};
    return { ...base, type: instrument.type, [instrument.type]: details };
  }
  return {
    ...base,
    type: "us_bank_account",
    us_bank_account: {
      account_holder_type: input.accountHolderType ?? "individual",
      account_type: input.accountType ?? "checking",
      bank_name: TEST_BANK_NAME,
      financial_connections_account: null,
      fingerprint: fingerprint(`${instrument.routing}:${instrument.account}`),
      last4: instrument.account.slice(-4),
      networks: { preferred: "ach", supported: ["ach"] },
      routing_number: instrument.routing,
      status_details: {},
    },
  };
}

export function newCharge(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  paymentIntent: PaymentIntent;
  paymentMethod: PaymentMethod;
  status: Charge["status"];
  mandate: string | null;
  authenticated: boolean;
  failure?: { code: string; message: string; declineCode?: string };
}): Charge {
  const { paymentIntent: pi, paymentMethod: pm, status, failure } = input;
  const id = newId("ch");
  const succeeded = status === "succeeded";
  const descriptor = (pi.statement_descriptor ?? "EMULATOR TEST").slice(0, 22);
  return {
    id,
    object: "charge",
    amount: pi.amount,
    amount_captured: succeeded ? pi.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: succeeded ? newId("txn") : null,
    billing_details: { ...pm.billing_details },
    calculated_statement_descriptor: descriptor,
    captured: succeeded,
    created: input.now,
    currency: pi.currency,
    customer: pi.customer,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: failure?.code ?? null,
    failure_message: failure?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: failure
      ? {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "declined_by_network",
          reason: failure.declineCode ?? failure.code,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "The bank did not return any further details with this decline.",
          type: "issuer_declined",
        }
      : {
          advice_code: null,
          network_advice_code: null,
          network_decline_code: null,
          network_status: "approved_by_network",
          reason: null,
          risk_level: "normal",
          risk_score: 20,
          seller_message: "Payment complete.",
          type: "authorized",
        },
    paid: succeeded,
    payment_intent: pi.id,
    payment_method: pm.id,
    payment_method_details: chargeDetails(pm, input.mandate, input.authenticated),
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: `https://pay.stripe.com/receipts/emulator/${id}`,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status,
    transfer_data: null,
    transfer_group: null,
  };
}

function chargeDetails(
  pm: PaymentMethod,
  mandate: string | null,
  authenticated: boolean,
): Charge["payment_method_details"] {
  if (pm.card) {
    const { display_brand: _d, generated_from: _g, three_d_secure_usage: _t, ...card } = pm.card;
    return {
      type: "card",
      card: {
        ...card,
        network: pm.card.brand,
        three_d_secure: authenticated ? { authenticated: true, result: "authenticated" } : null,
      },
    };
  }
  const bank = pm.us_bank_account;
  if (!bank) return { type: pm.type, [pm.type]: {} };
  return {
    type: "us_bank_account",
    us_bank_account: {
      account_holder_type: bank.account_holder_type,
      account_type: bank.account_type,
      bank_name: bank.bank_name,
      fingerprint: bank.fingerprint,
      last4: bank.last4,
      routing_number: bank.routing_number,
      mandate,
      payment_reference: null,
    },
  };
}

export function newRefund(input: {
  /** Emulator time (unix seconds) stamped as `created`. */
  now: number;
  charge: Charge;
  amount: number;
  reason: string | null;
  metadata: Metadata;
}): Refund {
  const { charge } = input;
  return {
    id: newId("re"),
    object: "refund",
    amount: input.amount,
    balance_transaction: newId("txn"),
    charge: charge.id,
    created: input.now,
    currency: charge.currency,
    failure_balance_transaction: null,
    failure_reason: null,
    destination_details:
      charge.payment_method_details.type !== "us_bank_account"
        ? {
            type: "card",
            card: {
              reference_status: "pending",
              reference_type: "acquirer_reference_number",
              type: "refund",
            },
          }
        : {
            type: "us_bank_transfer",
            us_bank_transfer: { reference: null, reference_status: "pending" },
          },
    metadata: input.metadata,
    payment_intent: charge.payment_intent,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: "succeeded",
    transfer_reversal: null,
  };
}

const EVIDENCE_FIELDS = [
  "access_activity_log",
  "billing_address",
  "cancellation_policy",
  "cancellation_policy_disclosure",
  "cancellation_rebuttal",
  "customer_communication",
  "customer_email_address",
  "customer_name",
  "customer_purchase_ip",
  "customer_signature",
  "duplicate_charge_documentation",
  "duplicate_charge_explanation",
  "duplicate_charge_id",
  "product_description",
  "receipt",
  "refund_policy",
  "refund_policy_disclosure",
  "refund_refusal_explanation",
  "service_date",
  "service_documentation",
  "shipping_address",
  "shipping_carrier",
  "shipping_date",
  "shipping_documentation",
  "shipping_tracking_number",
  "uncategorized_file",
  "uncategorized_text",
];

/** Days a business has to answer a dispute or an inquiry (the networks give 7 to 21). */
export const DISPUTE_RESPONSE_DAYS = 7;

export function newDispute(input: {
  now: number;
  charge: Charge;
  amount: number;
  reason: string;
  /** An inquiry (`warning_needs_response`: the bank asks, no money moves) or a chargeback. */
  inquiry: boolean;
}): Dispute {
  const { charge } = input;
  const created = input.now;
  return {
    id: newId("dp"),
    object: "dispute",
    amount: input.amount,
    balance_transactions: [],
    charge: charge.id,
    created,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null])),
    evidence_details: {
      due_by: created + DISPUTE_RESPONSE_DAYS * 24 * 3600,
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      enhanced_eligibility: {},
    },
    // An inquiry can still be settled with a refund; a chargeback already took the money.
    is_charge_refundable: input.inquiry,
    livemode: false,
    metadata: {},
    payment_intent: charge.payment_intent,
    payment_method_details:
      charge.payment_method_details.type === "card"
        ? {
            type: "card",
            card: {
              brand: (charge.payment_method_details as CardChargeDetails).card.brand,
              case_type: input.inquiry ? "inquiry" : "chargeback",
              network_reason_code: input.reason === "fraudulent" ? "10.4" : "13.1",
            },
          }
        : { type: charge.payment_method_details.type },
    reason: input.reason,
    status: input.inquiry ? "warning_needs_response" : "needs_response",
  };
}

/** The mandate a bank debit is made under (accepted on Checkout, or given as mandate_data). */
export function newMandate(input: {
  now: number;
  paymentMethod: string;
  acceptance: "online" | "offline";
  multiUse: boolean;
  amount: number;
  currency: string;
}): Mandate {
  return {
    id: newId("mandate"),
    object: "mandate",
    customer_acceptance: {
      accepted_at: input.now,
      offline: input.acceptance === "offline" ? {} : null,
      online:
        input.acceptance === "online"
          ? { ip_address: "127.0.0.1", user_agent: "Stripe emulator (hosted checkout)" }
          : null,
      type: input.acceptance,
    },
    livemode: false,
    ...(input.multiUse
      ? { multi_use: {} }
      : { single_use: { amount: input.amount, currency: input.currency } }),
    payment_method: input.paymentMethod,
    payment_method_details: {
      type: "us_bank_account",
      us_bank_account: { collection_method: null },
    },
    status: "active",
    type: input.multiUse ? "multi_use" : "single_use",
  };
}
