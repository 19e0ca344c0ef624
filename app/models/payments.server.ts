// Payments through Stripe, by what they do (each module under 300 lines):
// - payments-checkout.server.ts: the Stripe Customer and hosted Checkout (the way in)
// - payments-sync.server.ts: Stripe → ledger: Checkout sessions, SetupIntents, PaymentIntents
// - payments-sync-intent.server.ts: one PaymentIntent applied to our rows (in a transaction)
// - payments-sync-outcomes.server.ts: what a payment's outcome does to the plan and the account
// - payments-sync-reversals.server.ts: refunds and bank disputes
// - payments-webhook.server.ts: the webhook's events, handled exactly once
// - payments-read.server.ts: the debtor's reads (history, receipts, calendar)
// This module gathers them for the routes and the worker.
export { ensureCustomer, startCheckout, type CheckoutStart } from "./payments-checkout.server";
export {
  syncCheckoutSession,
  syncPaymentIntent,
  syncPaymentIntents,
  syncSetupIntent,
} from "./payments-sync.server";
export { syncCharge, syncDispute } from "./payments-sync-reversals.server";
export { handleStripeEvent } from "./payments-webhook.server";
export {
  getReceipt,
  listPaymentsForDebtor,
  paymentForIntent,
  upcomingInstallments,
} from "./payments-read.server";
