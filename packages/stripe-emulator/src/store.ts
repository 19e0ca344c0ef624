// The emulator's memory: one Map per Stripe collection (insertion order = creation order,
// so lists are the reverse), plus what Stripe knows but never shows (which test card a
// payment method is, whether it was set up for off-session use, Checkout internals).
import { kindOfId } from "./ids";
import type { Instrument } from "./test-instruments";
import type {
  Charge,
  CheckoutSession,
  Customer,
  Dispute,
  LineItem,
  Mandate,
  Metadata,
  PaymentIntent,
  PaymentMethod,
  Refund,
  SetupIntent,
  StripeEvent,
  StripeObject,
} from "./types";

export interface PaymentMethodInternal {
  instrument: Instrument;
  /** Saved through a setup (Checkout setup mode / setup_future_usage): usable off-session. */
  setUp: boolean;
  /** Used once without being attached to a customer: Stripe refuses to reuse it. */
  consumed: boolean;
  /**
   * us_bank_account: the multi-use mandate accepted when it was set up (Checkout setup
   * mode, setup_future_usage, or mandate_data), which later off-session debits use.
   */
  mandate: string | null;
  /**
   * us_bank_account: "verified" (instant verification, Stripe's test tokens) or, entered
   * by hand, "pending" until its micro-deposits are verified ("failed" if they never are).
   */
  verification: "verified" | "pending" | "failed";
  /** Micro-deposit verification in progress (the intent waiting for it, attempts so far). */
  microdeposits: { intentId: string; attempts: number; mandate: string | null } | null;
}

export interface PendingChallenge {
  token: string;
  paymentMethodId: string;
  email: string | null;
  name: string | null;
}

export interface SessionInternal {
  lineItems: LineItem[];
  paymentIntentData: {
    metadata: Metadata;
    description: string | null;
    setupFutureUsage: "off_session" | "on_session" | null;
    receiptEmail: string | null;
    statementDescriptor: string | null;
    statementDescriptorSuffix: string | null;
  };
  setupIntentData: { metadata: Metadata; description: string | null };
  /** A 3-D Secure challenge waiting for the tester's answer. */
  challenge: PendingChallenge | null;
}

export class Store {
  readonly customers = new Map<string, Customer>();
  readonly sessions = new Map<string, CheckoutSession>();
  readonly paymentIntents = new Map<string, PaymentIntent>();
  readonly setupIntents = new Map<string, SetupIntent>();
  readonly paymentMethods = new Map<string, PaymentMethod>();
  readonly charges = new Map<string, Charge>();
  readonly refunds = new Map<string, Refund>();
  readonly disputes = new Map<string, Dispute>();
  readonly mandates = new Map<string, Mandate>();
  readonly events = new Map<string, StripeEvent>();

  readonly paymentMethodInternals = new Map<string, PaymentMethodInternal>();
  readonly sessionInternals = new Map<string, SessionInternal>();

  /** Looks an object up by id, whatever its type (used by `expand`). */
  find(id: string): StripeObject | StripeEvent | undefined {
    switch (kindOfId(id)) {
      case "customer":
        return this.customers.get(id);
      case "checkout.session":
        return this.sessions.get(id);
      case "payment_intent":
        return this.paymentIntents.get(id);
      case "setup_intent":
        return this.setupIntents.get(id);
      case "payment_method":
        return this.paymentMethods.get(id);
      case "charge":
        return this.charges.get(id);
      case "refund":
        return this.refunds.get(id);
      case "dispute":
        return this.disputes.get(id);
      case "mandate":
        return this.mandates.get(id);
      case "event":
        return this.events.get(id);
      default:
        return undefined;
    }
  }

  clear(): void {
    for (const map of [
      this.customers,
      this.sessions,
      this.paymentIntents,
      this.setupIntents,
      this.paymentMethods,
      this.charges,
      this.refunds,
      this.disputes,
      this.mandates,
      this.events,
      this.paymentMethodInternals,
      this.sessionInternals,
    ] as Map<string, unknown>[]) {
      map.clear();
    }
  }
}

/** Newest first, as Stripe lists. */
export function newestFirst<T>(map: Map<string, T>): T[] {
  return [...map.values()].reverse();
}
