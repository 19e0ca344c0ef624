// Shapes of the Stripe objects the emulator serves. They follow the Stripe API (the
// version pinned by stripe-node 23) for the fields the portal reads; fields the emulator
// never models are present with Stripe's "empty" value (null, [] or {}) so code that reads
// them sees what it would see in test mode.

export type Metadata = Record<string, string>;
export type Id = string;

export interface ListObject<T> {
  object: "list";
  data: T[];
  has_more: boolean;
  url: string;
}

export interface Customer {
  id: Id;
  object: "customer";
  address: null | Record<string, string | null>;
  balance: number;
  created: number;
  currency: string | null;
  default_source: null;
  delinquent: boolean;
  description: string | null;
  email: string | null;
  invoice_prefix: string;
  invoice_settings: {
    custom_fields: null;
    default_payment_method: string | null;
    footer: null;
    rendering_options: null;
  };
  livemode: false;
  metadata: Metadata;
  name: string | null;
  next_invoice_sequence: number;
  phone: string | null;
  preferred_locales: string[];
  shipping: null;
  tax_exempt: "none";
  test_clock: null;
}

export interface LineItem {
  id: Id;
  object: "item";
  amount_discount: number;
  amount_subtotal: number;
  amount_tax: number;
  amount_total: number;
  currency: string;
  description: string;
  price: {
    id: Id;
    object: "price";
    active: false;
    currency: string;
    product: Id;
    type: "one_time";
    unit_amount: number;
    livemode: false;
  };
  quantity: number;
}

export type CheckoutMode = "payment" | "setup";

export interface CheckoutSession {
  id: Id;
  object: "checkout.session";
  after_expiration: null;
  allow_promotion_codes: null;
  allowed_payment_method_types: string[] | null;
  amount_subtotal: number | null;
  amount_total: number | null;
  automatic_tax: { enabled: false; liability: null; status: null };
  billing_address_collection: string | null;
  cancel_url: string | null;
  client_reference_id: string | null;
  client_secret: null;
  consent: null;
  consent_collection: null;
  created: number;
  currency: string | null;
  custom_fields: [];
  custom_text: {
    after_submit: null;
    shipping_address: null;
    submit: null;
    terms_of_service_acceptance: null;
  };
  customer: string | null;
  customer_creation: "always" | "if_required" | null;
  customer_details: null | {
    address: null;
    email: string | null;
    name: string | null;
    phone: null;
    tax_exempt: "none";
    tax_ids: [];
  };
  customer_email: string | null;
  discounts: [];
  excluded_payment_method_types: string[];
  expires_at: number;
  invoice: null;
  invoice_creation: null;
  livemode: false;
  locale: string | null;
  metadata: Metadata;
  mode: CheckoutMode;
  payment_intent: string | null;
  payment_link: null;
  payment_method_collection: "always" | null;
  payment_method_options: Record<string, unknown>;
  payment_method_types: string[];
  payment_status: "paid" | "unpaid" | "no_payment_required";
  phone_number_collection: { enabled: false };
  recovered_from: null;
  saved_payment_method_options: null;
  setup_intent: string | null;
  shipping_address_collection: null;
  shipping_cost: null;
  shipping_options: [];
  status: "open" | "complete" | "expired";
  submit_type: string | null;
  subscription: null;
  success_url: string | null;
  total_details: { amount_discount: number; amount_shipping: number; amount_tax: number } | null;
  ui_mode: "hosted_page";
  url: string | null;
}

export interface PaymentError {
  type: "card_error" | "invalid_request_error" | "api_error";
  code?: string;
  decline_code?: string;
  message: string;
  param?: string;
  charge?: string;
  doc_url?: string;
  payment_method?: PaymentMethod;
  payment_method_type?: string;
}

export type PaymentIntentStatus =
  | "requires_payment_method"
  | "requires_confirmation"
  | "requires_action"
  | "processing"
  | "succeeded"
  | "canceled";

/** What the customer must do before the intent can go on. */
export type NextAction =
  | { type: "use_stripe_sdk"; use_stripe_sdk: Record<string, unknown> }
  | { type: "redirect_to_url"; redirect_to_url: { url: string; return_url: string | null } }
  | {
      type: "verify_with_microdeposits";
      verify_with_microdeposits: {
        arrival_date: number;
        hosted_verification_url: string;
        microdeposit_type: "descriptor_code" | "amounts";
      };
    };

export interface PaymentIntent {
  id: Id;
  object: "payment_intent";
  allowed_payment_method_types: string[] | null;
  amount: number;
  amount_capturable: number;
  amount_received: number;
  application: null;
  application_fee_amount: null;
  automatic_payment_methods: { enabled: boolean; allow_redirects: "always" | "never" } | null;
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: "automatic";
  client_secret: string;
  confirmation_method: "automatic";
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  excluded_payment_method_types: string[] | null;
  last_payment_error: PaymentError | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: Record<string, unknown>;
  payment_method_types: string[];
  processing: null;
  receipt_email: string | null;
  review: null;
  setup_future_usage: "off_session" | "on_session" | null;
  shipping: null;
  source: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: PaymentIntentStatus;
  transfer_data: null;
  transfer_group: null;
}

export interface SetupIntent {
  id: Id;
  object: "setup_intent";
  allowed_payment_method_types: string[] | null;
  application: null;
  automatic_payment_methods: null;
  cancellation_reason: null;
  client_secret: string;
  created: number;
  customer: string | null;
  description: string | null;
  excluded_payment_method_types: null;
  flow_directions: null;
  last_setup_error: PaymentError | null;
  latest_attempt: null;
  livemode: false;
  mandate: string | null;
  metadata: Metadata;
  next_action: NextAction | null;
  on_behalf_of: null;
  payment_method: string | null;
  payment_method_configuration_details: null;
  payment_method_options: Record<string, unknown>;
  payment_method_types: string[];
  single_use_mandate: null;
  status: "requires_payment_method" | "requires_action" | "succeeded" | "canceled";
  usage: "off_session" | "on_session";
}

export interface CardDetails {
  brand: string;
  checks: { address_line1_check: null; address_postal_code_check: null; cvc_check: "pass" | null };
  country: string;
  display_brand: string;
  exp_month: number;
  exp_year: number;
  fingerprint: string;
  funding: "credit" | "debit";
  generated_from: null;
  last4: string;
  networks: { available: string[]; preferred: null };
  regulated_status: "unregulated";
  three_d_secure_usage: { supported: true };
  wallet: null;
}

export interface UsBankAccountDetails {
  account_holder_type: "individual" | "company";
  account_type: "checking" | "savings";
  bank_name: string;
  financial_connections_account: null;
  fingerprint: string;
  last4: string;
  networks: { preferred: "ach"; supported: ["ach"] };
  routing_number: string;
  status_details: Record<string, never>;
}

export interface PaymentMethod {
  id: Id;
  object: "payment_method";
  allow_redisplay: "unspecified" | "always" | "limited";
  billing_details: {
    address: null;
    email: string | null;
    name: string | null;
    phone: null;
  };
  card?: CardDetails;
  created: number;
  customer: string | null;
  livemode: false;
  metadata: Metadata;
  /** "card", "us_bank_account", or another type the page offers (klarna, cashapp …). */
  type: string;
  us_bank_account?: UsBankAccountDetails;
  /** The type-named hash of any other type (e.g. `klarna: {}`). */
  [typeDetails: string]: unknown;
}

export interface Charge {
  id: Id;
  object: "charge";
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  application: null;
  application_fee: null;
  application_fee_amount: null;
  balance_transaction: string | null;
  billing_details: PaymentMethod["billing_details"];
  calculated_statement_descriptor: string;
  captured: boolean;
  created: number;
  currency: string;
  customer: string | null;
  description: string | null;
  disputed: boolean;
  failure_balance_transaction: null;
  failure_code: string | null;
  failure_message: string | null;
  fraud_details: Record<string, never>;
  livemode: false;
  metadata: Metadata;
  on_behalf_of: null;
  outcome: {
    advice_code: null;
    network_advice_code: null;
    network_decline_code: null;
    network_status: string;
    reason: string | null;
    risk_level: string;
    risk_score: number;
    seller_message: string;
    type: string;
  } | null;
  paid: boolean;
  payment_intent: string | null;
  payment_method: string | null;
  payment_method_details: ChargeMethodDetails;
  receipt_email: string | null;
  receipt_number: null;
  receipt_url: string;
  refunded: boolean;
  review: null;
  shipping: null;
  source: null;
  source_transfer: null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
  status: "succeeded" | "pending" | "failed";
  transfer_data: null;
  transfer_group: null;
}

export interface CardChargeDetails {
  type: "card";
  card: Omit<CardDetails, "display_brand" | "generated_from" | "three_d_secure_usage"> & {
    network: string;
    three_d_secure: null | { authenticated: boolean; result: string };
  };
}

export interface BankChargeDetails {
  type: "us_bank_account";
  us_bank_account: Omit<
    UsBankAccountDetails,
    "financial_connections_account" | "networks" | "status_details"
  > & { mandate: string | null; payment_reference: string | null };
}

/** Any other type: `{ type: "klarna", klarna: {} }` (read through the helpers in objects). */
export interface OtherChargeDetails {
  type: string;
  [typeDetails: string]: unknown;
}

export type ChargeMethodDetails = CardChargeDetails | BankChargeDetails | OtherChargeDetails;

export interface Refund {
  id: Id;
  object: "refund";
  amount: number;
  balance_transaction: string | null;
  charge: string;
  created: number;
  currency: string;
  destination_details: { type: string; [k: string]: unknown };
  /** Set when a refund failed: the balance transaction that returned the money. */
  failure_balance_transaction: string | null;
  /** Why a refund failed (Stripe: lost_or_stolen_card, expired_or_canceled_card, declined, unknown …). */
  failure_reason: string | null;
  metadata: Metadata;
  payment_intent: string | null;
  reason: string | null;
  receipt_number: null;
  source_transfer_reversal: null;
  status: "pending" | "succeeded" | "failed" | "canceled";
  transfer_reversal: null;
}

export interface Mandate {
  id: Id;
  object: "mandate";
  customer_acceptance: {
    accepted_at: number;
    offline: Record<string, never> | null;
    online: { ip_address: string; user_agent: string } | null;
    type: "online" | "offline";
  };
  livemode: false;
  multi_use?: Record<string, never>;
  single_use?: { amount: number; currency: string };
  payment_method: Id;
  payment_method_details: {
    type: "us_bank_account";
    us_bank_account: { collection_method: null };
  };
  status: "active" | "inactive" | "pending";
  type: "multi_use" | "single_use";
}

/** `warning_*`: an inquiry (no money moved yet); the others: a chargeback. */
export type DisputeStatus =
  | "warning_needs_response"
  | "warning_under_review"
  | "warning_closed"
  | "needs_response"
  | "under_review"
  | "won"
  | "lost";

/** A dispute's money movements: the withdrawal (negative) and a reinstatement (positive). */
export interface DisputeBalanceTransaction {
  id: Id;
  object: "balance_transaction";
  amount: number;
  created: number;
  currency: string;
  description: string;
  fee: number;
  net: number;
  reporting_category: "dispute" | "dispute_reversal";
  status: "available";
  type: "adjustment";
}

export interface Dispute {
  id: Id;
  object: "dispute";
  amount: number;
  balance_transactions: DisputeBalanceTransaction[];
  charge: string;
  created: number;
  currency: string;
  enhanced_eligibility_types: [];
  evidence: Record<string, null>;
  evidence_details: {
    due_by: number;
    has_evidence: boolean;
    past_due: boolean;
    submission_count: number;
    enhanced_eligibility: Record<string, never>;
  };
  is_charge_refundable: boolean;
  livemode: false;
  metadata: Metadata;
  payment_intent: string | null;
  payment_method_details: {
    type: string;
    card?: { brand: string; case_type: string; network_reason_code: string };
  };
  reason: string;
  status: DisputeStatus;
}

export type StripeObject =
  | Customer
  | CheckoutSession
  | PaymentIntent
  | SetupIntent
  | PaymentMethod
  | Charge
  | Refund
  | Dispute
  | Mandate;

export interface StripeEvent {
  id: Id;
  object: "event";
  api_version: string;
  created: number;
  data: { object: StripeObject; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

// ---------------------------------------------------------------------------
// Public API of the emulator (re-exported by index.ts).

/**
 * "500" and "429" fail before the request runs (a retry with the same key runs it);
 * "timeout" runs it and loses the answer (a retry replays it); "500_after" runs it, then
 * answers 500, and that 500 is what the key replays (for 24 h on the clock).
 */
export type FaultKind = "500" | "timeout" | "429" | "500_after";

export interface FaultConfig {
  /** Probability in [0, 1] that an API request fails. */
  rate: number;
  /** Kinds to pick from (uniformly). Default: "500", "timeout", "429". */
  kinds?: FaultKind[];
  /** Seed of the pseudo-random sequence, so a run is reproducible. Default 1. */
  seed?: number;
  /**
   * "timeout" executes the request, then sends nothing and closes the socket after this
   * many ms (a response lost on the way back). Default 30 000: the client's own timeout
   * normally fires first.
   */
  timeoutMs?: number;
}

export interface DeliveryMode {
  /** Total copies of each event (1 = normal, 3 = every event three times). */
  duplicate?: number;
  /** Deliver queued events in random order (seeded), with a little random jitter. */
  shuffle?: boolean;
  /** Hold each delivery this long before its first attempt. */
  delayMs?: number;
  /** Deliveries in flight at once. Default 1 (predictable order unless shuffled). */
  concurrency?: number;
  /** Seed for the shuffle. */
  seed?: number;
}

export interface DeliveryRecord {
  eventId: string;
  type: string;
  attempt: number;
  /** HTTP status of the endpoint, or 0 when the request itself failed. */
  status: number;
  ok: boolean;
  error?: string;
  /** True when this failed attempt was the last one allowed. */
  gaveUp?: boolean;
  durationMs: number;
  at: number;
}

export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  idempotencyKey: string | null;
  replayed: boolean;
  fault: FaultKind | null;
  requestId: string;
  at: number;
}

export type BankFailureCode =
  "insufficient_funds" | "account_closed" | "no_account" | "debit_not_authorized";

export interface PaymentIntentFilter {
  /** Every given key must match exactly. */
  metadata?: Metadata;
  status?: PaymentIntentStatus;
  customer?: string;
}

export type CheckoutSubmission =
  | { card: string; email?: string; name?: string; authenticate?: "complete" | "fail" }
  /** Another type the session offers (klarna, cashapp, link …), approved or declined. */
  | { method: string; email?: string; approve?: "complete" | "fail" }
  | {
      bank: {
        routing?: string;
        account: string;
        holder?: string;
        type?: "checking" | "savings";
        /** "instant" (default: the test bank's sign-in) or "microdeposits" (entered by hand). */
        verification?: "instant" | "microdeposits";
      };
      email?: string;
    };

export interface CheckoutSubmissionResult {
  /** "completed": the session is complete. Otherwise the page would show this error. */
  outcome: "completed" | "declined" | "invalid";
  /** Where the browser would be redirected (success_url with the session id). */
  redirectUrl: string | null;
  error: string | null;
  session: CheckoutSession;
}

export interface EmulatorControls {
  /** The emulator clock (unix seconds): real time plus every advanceClock so far. */
  now(): number;
  /**
   * Moves the emulator clock forward, firing in order whatever falls due on the way
   * (Checkout expiry, idempotency-key expiry, ACH settlement, micro-deposits, dispute
   * deadlines, scheduled refund failures). Returns the new time (unix seconds).
   */
  advanceClock(seconds: number): number;
  /** What is waiting on the clock, soonest first (`dueAt` in unix seconds). */
  scheduled(): { name: string; dueAt: number }[];
  /** ACH payment in `processing` → succeeded (events, and async_payment_succeeded for Checkout). */
  settleBankPayment(paymentIntentId: string): PaymentIntent;
  /** ACH payment in `processing` → failed (payment_failed, async_payment_failed). */
  failBankPayment(paymentIntentId: string, code?: BankFailureCode): PaymentIntent;
  /**
   * Answers the micro-deposits of a bank account entered by hand (pi_… or seti_…):
   * SM11AA (or amounts 32, 45) verifies; SM33CC (10, 11) exceeds the attempts; SM44DD
   * (40, 41) times out; anything else is a mismatch. Same as the API and the hosted page.
   */
  verifyMicrodeposits(
    intentId: string,
    answer: { descriptorCode?: string; amounts?: number[] },
  ): PaymentIntent | SetupIntent;
  /**
   * Opens a chargeback on a charge (ch_…) or a payment intent's latest charge (pi_…): the
   * funds are withdrawn at once. `inquiry: true` opens an inquiry instead (no money moves).
   */
  openDispute(
    chargeOrPaymentIntentId: string,
    opts?: { reason?: string; amount?: number; inquiry?: boolean },
  ): Dispute;
  /** An inquiry (warning_needs_response): the bank asks; no money moves. */
  openInquiry(
    chargeOrPaymentIntentId: string,
    opts?: { reason?: string; amount?: number },
  ): Dispute;
  /** An inquiry becomes a chargeback (as when its deadline passes unanswered). */
  escalateInquiry(disputeId: string): Dispute;
  /** The business answered: under_review (warning_under_review for an inquiry). */
  submitDisputeEvidence(disputeId: string): Dispute;
  /** Chargeback: won (funds reinstated) or lost. Inquiry: closed (warning_closed) either way. */
  closeDispute(disputeId: string, outcome: "won" | "lost"): Dispute;
  /** Refunds a succeeded payment intent (whole remaining amount by default). */
  refund(paymentIntentId: string, amount?: number): Refund;
  /**
   * The refund does not reach the customer (refund.failed, status failed, failure_reason,
   * default "unknown"): now, or `afterSeconds` later on the emulator clock.
   */
  failRefund(
    refundId: string,
    opts?: {
      reason?:
        | "charge_for_pending_refund_disputed"
        | "declined"
        | "expired_or_canceled_card"
        | "insufficient_funds"
        | "lost_or_stolen_card"
        | "merchant_request"
        | "unknown";
      afterSeconds?: number;
    },
  ): Refund;
  /** Expires an open Checkout Session as if its expires_at had passed. */
  expireCheckoutSession(sessionId: string): CheckoutSession;
  /** Completes a Checkout Session exactly as the hosted page's form would. */
  completeCheckoutSession(
    sessionId: string,
    submission: CheckoutSubmission,
  ): CheckoutSubmissionResult;
  /** Deterministic fault injection on /v1 requests; `null` or rate 0 turns it off. */
  setFaults(config: FaultConfig | null): void;
  /**
   * Every /v1 request executes this long (ms) before it answers, its idempotency key held
   * meanwhile (a second request with the key gets a 409); null or 0 turns it off.
   */
  setLatency(ms: number | null): void;
  /** The account's Dashboard payment method settings (what dynamic payment methods offer). */
  dashboardPaymentMethods(): string[];
  /** Turns Dashboard payment methods on (every type not listed is off). */
  setDashboardPaymentMethods(types: string[]): void;
  /** Stripe's test-mode limit is 25 requests/s; null (default) means unlimited. */
  setRateLimit(perSecond: number | null): void;
  deliveryMode(mode: DeliveryMode): void;
  setWebhookEndpoint(url: string | null, secret?: string): void;
  /** Queues every stored event again (like "Resend" in the Dashboard). Returns the count. */
  redeliverAll(): number;
  pauseWebhooks(): void;
  /** Resumes delivery and resolves once nothing is queued or in flight. */
  flushWebhooks(opts?: { timeoutMs?: number }): Promise<void>;
  /** Resolves once nothing is queued or in flight (does not resume a pause). */
  waitForWebhooks(opts?: { timeoutMs?: number }): Promise<void>;
  /** Every event so far, oldest first. */
  events(filter?: { type?: string }): StripeEvent[];
  deliveries(): DeliveryRecord[];
  requests(): RequestRecord[];
  countPaymentIntents(filter?: PaymentIntentFilter): number;
  /** Forgets every object, event, idempotency key and setting. */
  reset(): void;
}

export interface StripeEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Where events are POSTed. Can also be set later with controls.setWebhookEndpoint. */
  webhookUrl?: string;
  webhookSecret: string;
  /** The one accepted secret key; by default any `sk_test_…` key is accepted. */
  apiKey?: string;
  /** Base URL put in `session.url` (default http://host:port). */
  publicUrl?: string;
  /** Name shown on the hosted checkout page. */
  displayName?: string;
  /**
   * ACH payments settle (or fail, per test account) by themselves this many ms of
   * emulator time after they start processing. Default: 4 business days on the clock.
   */
  bankSettlementDelayMs?: number | null;
  /**
   * The account's Dashboard payment method settings: what a session or intent without an
   * explicit list offers. Default: card, us_bank_account, link, cashapp, affirm, klarna,
   * amazon_pay (the last four redirect-based).
   */
  dashboardPaymentMethods?: string[];
  /** Webhook retry policy for non-2xx answers: bounded, exponential backoff. */
  webhookRetry?: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number };
  /** Per-attempt timeout of a webhook POST. Default 10 000. */
  webhookTimeoutMs?: number;
  /** `api_version` stamped on events. */
  apiVersion?: string;
}

export interface StripeEmulator {
  /** Base URL, e.g. http://127.0.0.1:43117 */
  url: string;
  port: number;
  host: string;
  controls: EmulatorControls;
  stop(): Promise<void>;
}
