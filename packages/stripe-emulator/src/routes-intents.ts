// /v1/payment_intents (create with confirm + off_session for later installments,
// confirm, cancel, update, retrieve, list) and /v1/setup_intents (retrieve, list).
import { invalidRequest, missingParam, noSuch } from "./errors";
import { newPaymentIntent } from "./objects";
import { mayRedirect, readMethodTypes } from "./method-types";
import { applyMetadata, type ParamReader } from "./params";
import { verifyMicrodeposits, type MandateSource } from "./bank";
import { assertReusable } from "./payment-methods";
import { cancelPaymentIntent, confirmPaymentIntent, paymentFailureResponse } from "./payments";
import { respond, type ApiRequest, type Route } from "./router";
import { LIST_PARAMS, createdFilter, paginate } from "./serialize";
import { newestFirst } from "./store";
import { requireCustomer, resolvePaymentMethod } from "./routes-customers";
import type { PaymentIntent, PaymentMethod } from "./types";
import type { World } from "./world";

const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50 };
const MAXIMUM_AMOUNT = 99_999_999;

const CONFIRM_PARAMS = [
  "payment_method",
  "off_session",
  "return_url",
  "mandate_data",
  "payment_method_options",
  "error_on_requires_action",
  "receipt_email",
  "setup_future_usage",
  "expand",
];

function requirePaymentIntent(world: World, id: string): PaymentIntent {
  const pi = world.store.paymentIntents.get(id);
  if (!pi) throw noSuch("payment_intent", id);
  return pi;
}

/** `off_session` is a boolean, or "one_off"/"recurring" in older integrations. */
function readOffSession(params: ParamReader): boolean {
  const raw = params.str("off_session");
  if (raw === "one_off" || raw === "recurring") return true;
  return params.bool("off_session") ?? false;
}

function checkPaymentMethodOwner(pm: PaymentMethod, customer: string | null): void {
  if (pm.customer && !customer) {
    throw invalidRequest(
      `The PaymentMethod provided (${pm.id}) is attached to a Customer; pass that customer in the \`customer\` parameter.`,
      "customer",
    );
  }
  if (pm.customer && customer && pm.customer !== customer) {
    throw invalidRequest(
      `The provided PaymentMethod (${pm.id}) belongs to a different Customer than ${customer}.`,
      "payment_method",
    );
  }
}

/** Confirms and turns a decline into Stripe's 402 (after the intent was saved). */
function confirmOrThrow(
  world: World,
  pi: PaymentIntent,
  offSession: boolean,
  mandate: MandateSource,
): void {
  const result = confirmPaymentIntent(world, pi, { offSession, mandate });
  if (result.status === "failed") throw paymentFailureResponse(pi, result.error);
}

/** The confirmation parameters that shape what Stripe accepts. */
function readConfirmation(params: ParamReader): {
  returnUrl: string | null;
  mandate: MandateSource;
} {
  const returnUrl = params.str("return_url") || null;
  if (returnUrl) {
    try {
      const url = new URL(returnUrl);
      if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("scheme");
    } catch {
      throw invalidRequest("Not a valid URL", "return_url", "url_invalid");
    }
  }
  const mandateId = params.str("mandate");
  const data = params.obj("mandate_data");
  if (mandateId && data) {
    throw invalidRequest(
      "You may only specify one of these parameters: mandate, mandate_data.",
      "mandate_data",
    );
  }
  if (mandateId) return { returnUrl, mandate: { kind: "id", id: mandateId } };
  if (!data) return { returnUrl, mandate: null };
  data.allow(["customer_acceptance"]);
  const acceptance = data.obj("customer_acceptance");
  if (!acceptance) throw missingParam("mandate_data[customer_acceptance]");
  acceptance.allow(["type", "online", "offline", "accepted_at"]);
  const type = acceptance.oneOf("type", ["online", "offline"] as const);
  if (!type) throw missingParam("mandate_data[customer_acceptance][type]");
  if (type === "online") {
    const online = acceptance.obj("online");
    if (!online) throw missingParam("mandate_data[customer_acceptance][online]");
    online.allow(["ip_address", "user_agent"]);
    online.reqStr("ip_address");
    online.reqStr("user_agent");
  }
  return { returnUrl, mandate: { kind: "data", acceptance: type } };
}

/**
 * What Stripe checks when an intent is confirmed: a dynamic intent that may use a
 * redirect-based Dashboard method needs a `return_url` (off_session or not), and the
 * payment method must be of one of the intent's types.
 */
function assertConfirmable(
  intent: Pick<PaymentIntent, "automatic_payment_methods" | "payment_method_types">,
  pm: PaymentMethod,
  returnUrl: string | null,
): void {
  if (!returnUrl && mayRedirect(intent)) {
    throw invalidRequest(
      "A `return_url` must be specified because this Payment Intent is configured to automatically accept the payment methods enabled in the Dashboard, some of which may require a full page redirect to succeed. If you do not want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.",
    );
  }
  assertMethodAllowed(intent.payment_method_types, pm);
}

function assertMethodAllowed(types: string[], pm: PaymentMethod): void {
  if (!types.includes(pm.type)) {
    throw invalidRequest(
      `The PaymentMethod provided (${pm.type}) is not allowed for this PaymentIntent. Please attach a PaymentMethod of one of the following types: ${types.join(", ")}. Alternatively, update the allowed payment_method_types for this PaymentIntent to include "${pm.type}".`,
      "payment_method",
    );
  }
}

function createPaymentIntent(req: ApiRequest) {
  const { world, params } = req;
  params.allow([
    ...CONFIRM_PARAMS,
    "amount",
    "currency",
    "customer",
    "confirm",
    "metadata",
    "description",
    "payment_method_types",
    "allowed_payment_method_types",
    "excluded_payment_method_types",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "capture_method",
    "confirmation_method",
    "automatic_payment_methods",
  ]);
  const amount = params.reqInt("amount");
  const currency = params.reqStr("currency").toLowerCase();
  if (!/^[a-z]{3}$/.test(currency))
    throw invalidRequest(`Invalid currency: ${currency}`, "currency");
  const minimum = MINIMUM_AMOUNT[currency] ?? 50;
  if (amount < minimum) {
    throw invalidRequest(
      `Amount must be at least ${minimum} in the smallest unit of ${currency}.`,
      "amount",
      "amount_too_small",
    );
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw invalidRequest(
      `Amount must be no more than ${MAXIMUM_AMOUNT}.`,
      "amount",
      "amount_too_large",
    );
  }
  const captureMethod = params.str("capture_method");
  if (
    captureMethod !== undefined &&
    captureMethod !== "automatic" &&
    captureMethod !== "automatic_async"
  ) {
    throw invalidRequest("The emulator supports capture_method=automatic only.", "capture_method");
  }
  const customer = params.str("customer") || null;
  if (customer) requireCustomer(world, customer, "customer");
  const confirm = params.bool("confirm") ?? false;
  const offSession = readOffSession(params);
  if (params.has("off_session") && !confirm) {
    throw invalidRequest(
      "You may only specify `off_session` when `confirm` is true.",
      "off_session",
    );
  }
  const pmId = params.str("payment_method");
  const pm = pmId ? resolvePaymentMethod(world, pmId, "payment_method") : undefined;
  if (pm) {
    checkPaymentMethodOwner(pm, customer);
    assertReusable(world, pm);
  }
  if (confirm && !pm) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      "payment_method",
      "payment_intent_unexpected_state",
    );
  }
  const setupFutureUsage =
    params.oneOf("setup_future_usage", ["off_session", "on_session"] as const) ?? null;
  const methodTypes = readMethodTypes(params, {
    dashboard: world.config.dashboardPaymentMethods,
    currency,
    mode: setupFutureUsage ? "setup" : "payment",
    acceptsAutomatic: true,
  });
  const confirmation = readConfirmation(params);
  const shape = {
    automatic_payment_methods: methodTypes.automatic,
    payment_method_types: methodTypes.types,
  };
  if (confirm && pm) assertConfirmable(shape, pm, confirmation.returnUrl);
  else if (pm) assertMethodAllowed(methodTypes.types, pm);
  const pi = newPaymentIntent({
    now: world.now(),
    amount,
    currency,
    customer,
    paymentMethod: pm?.id ?? null,
    paymentMethodTypes: methodTypes.types,
    allowedPaymentMethodTypes: methodTypes.allowed,
    excludedPaymentMethodTypes: methodTypes.excluded,
    automaticPaymentMethods: methodTypes.automatic,
    metadata: applyMetadata({}, params.metadata()),
    description: params.str("description") ?? null,
    setupFutureUsage,
    receiptEmail: params.str("receipt_email") ?? null,
    statementDescriptor: params.str("statement_descriptor") ?? null,
    statementDescriptorSuffix: params.str("statement_descriptor_suffix") ?? null,
  });
  world.store.paymentIntents.set(pi.id, pi);
  world.emit("payment_intent.created", pi);
  if (confirm) confirmOrThrow(world, pi, offSession, confirmation.mandate);
  return respond(req, pi);
}

function confirmExisting(req: ApiRequest) {
  const { world, params } = req;
  params.allow(CONFIRM_PARAMS);
  const pi = requirePaymentIntent(world, req.ids[0]);
  if (pi.status !== "requires_payment_method" && pi.status !== "requires_confirmation") {
    throw invalidRequest(
      `You cannot confirm this PaymentIntent because it has a status of ${pi.status}.`,
      undefined,
      "payment_intent_unexpected_state",
    );
  }
  const pmId = params.str("payment_method") ?? pi.payment_method;
  if (!pmId) {
    throw invalidRequest(
      "You cannot confirm this PaymentIntent because it's missing a payment method.",
      "payment_method",
      "payment_intent_unexpected_state",
    );
  }
  const pm = resolvePaymentMethod(world, pmId, "payment_method");
  checkPaymentMethodOwner(pm, pi.customer);
  assertReusable(world, pm);
  const confirmation = readConfirmation(params);
  assertConfirmable(pi, pm, confirmation.returnUrl);
  pi.payment_method = pm.id;
  const sfu = params.oneOf("setup_future_usage", ["off_session", "on_session"] as const);
  if (sfu) pi.setup_future_usage = sfu;
  confirmOrThrow(world, pi, readOffSession(params), confirmation.mandate);
  return respond(req, pi);
}

function updatePaymentIntent(req: ApiRequest) {
  const { world, params } = req;
  params.allow([
    "metadata",
    "description",
    "receipt_email",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "expand",
  ]);
  const pi = requirePaymentIntent(world, req.ids[0]);
  pi.metadata = applyMetadata(pi.metadata, params.metadata());
  for (const key of [
    "description",
    "receipt_email",
    "statement_descriptor",
    "statement_descriptor_suffix",
  ] as const) {
    const value = params.str(key);
    if (value !== undefined) pi[key] = value || null;
  }
  return respond(req, pi);
}

/** A bank account entered by hand: the customer's micro-deposit answer (ACH docs). */
function verify(req: ApiRequest) {
  const { world, params } = req;
  params.allow(["descriptor_code", "amounts", "expand", "client_secret"]);
  const amounts = params.has("amounts")
    ? params.strList("amounts").map((a, i) => {
        if (!/^\d{1,6}$/.test(a)) throw invalidRequest(`Invalid integer: ${a}`, `amounts[${i}]`);
        return Number(a);
      })
    : undefined;
  const intent = verifyMicrodeposits(world, req.ids[0], {
    descriptorCode: params.str("descriptor_code"),
    amounts,
  });
  return respond(req, intent);
}

export const intentRoutes: Route[] = [
  { method: "POST", path: "/payment_intents", handler: createPaymentIntent },
  {
    method: "GET",
    path: "/payment_intents",
    handler: (req) => {
      const { world, params } = req;
      params.allow([...LIST_PARAMS, "customer"]);
      const customer = params.str("customer");
      const created = createdFilter(params);
      const items = newestFirst(world.store.paymentIntents).filter(
        (pi) => (customer === undefined || pi.customer === customer) && created(pi),
      );
      return respond(req, paginate(items, params, "/v1/payment_intents"));
    },
  },
  {
    method: "GET",
    path: "/payment_intents/:id",
    handler: (req) => {
      req.params.allow(["expand", "client_secret"]);
      return respond(req, requirePaymentIntent(req.world, req.ids[0]));
    },
  },
  { method: "POST", path: "/payment_intents/:id", handler: updatePaymentIntent },
  { method: "POST", path: "/payment_intents/:id/confirm", handler: confirmExisting },
  { method: "POST", path: "/payment_intents/:id/verify_microdeposits", handler: verify },
  { method: "POST", path: "/setup_intents/:id/verify_microdeposits", handler: verify },
  {
    method: "POST",
    path: "/payment_intents/:id/cancel",
    handler: (req) => {
      req.params.allow(["cancellation_reason", "expand"]);
      const pi = requirePaymentIntent(req.world, req.ids[0]);
      const reason = req.params.oneOf("cancellation_reason", [
        "duplicate",
        "fraudulent",
        "requested_by_customer",
        "abandoned",
      ] as const);
      cancelPaymentIntent(req.world, pi, reason ?? null);
      return respond(req, pi);
    },
  },
  {
    method: "GET",
    path: "/setup_intents",
    handler: (req) => {
      const { world, params } = req;
      params.allow([...LIST_PARAMS, "customer", "payment_method"]);
      const customer = params.str("customer");
      const pm = params.str("payment_method");
      const created = createdFilter(params);
      const items = newestFirst(world.store.setupIntents).filter(
        (si) =>
          (customer === undefined || si.customer === customer) &&
          (pm === undefined || si.payment_method === pm) &&
          created(si),
      );
      return respond(req, paginate(items, params, "/v1/setup_intents"));
    },
  },
  {
    method: "GET",
    path: "/setup_intents/:id",
    handler: (req) => {
      req.params.allow(["expand", "client_secret"]);
      const si = req.world.store.setupIntents.get(req.ids[0]);
      if (!si) throw noSuch("setup_intent", req.ids[0]);
      return respond(req, si);
    },
  },
];
