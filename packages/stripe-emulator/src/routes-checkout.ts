// /v1/checkout/sessions: create (payment and setup mode, price_data line items),
// retrieve (with expand), list, line_items and expire.
import { invalidRequest, missingParam, noSuch } from "./errors";
import { expireOverdueSessions, expireSession, scheduleSessionExpiry } from "./checkout";
import { newId, newSessionId } from "./ids";
import { newCheckoutSession } from "./objects";
import { readMethodTypes } from "./method-types";
import { applyMetadata, type ParamReader } from "./params";
import { respond, type ApiRequest, type Route } from "./router";
import { LIST_PARAMS, createdFilter, paginate } from "./serialize";
import { newestFirst, type SessionInternal } from "./store";
import { requireCustomer } from "./routes-customers";
import type { CheckoutSession, LineItem } from "./types";
import type { World } from "./world";

const CREATE_PARAMS = [
  "mode",
  "line_items",
  "customer",
  "customer_creation",
  "customer_email",
  "client_reference_id",
  "success_url",
  "cancel_url",
  "metadata",
  "payment_intent_data",
  "setup_intent_data",
  "allowed_payment_method_types",
  "excluded_payment_method_types",
  "payment_method_types",
  "expires_at",
  "currency",
  "locale",
  "submit_type",
  "billing_address_collection",
  "ui_mode",
  "expand",
  // Accepted and ignored: presentation options the hosted stand-in page does not model.
  "payment_method_options",
  "consent_collection",
  "custom_text",
  "phone_number_collection",
  "allow_promotion_codes",
  "saved_payment_method_options",
  "customer_update",
  "automatic_tax",
  "after_expiration",
  "payment_method_configuration",
  "branding_settings",
];

/** Stripe's minimum charge, in minor units (the portal charges in USD). */
const MINIMUM_AMOUNT: Record<string, number> = { usd: 50, eur: 50, gbp: 30, cad: 50, aud: 50 };

function readUrl(params: ParamReader, key: string): string | null {
  const value = params.str(key);
  if (value === undefined) return null;
  // `{CHECKOUT_SESSION_ID}` is a template, not part of a valid URL yet.
  const candidate = value.split("{CHECKOUT_SESSION_ID}").join("cs_test_placeholder");
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw invalidRequest(`Not a valid URL`, key, "url_invalid");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw invalidRequest(`Not a valid URL`, key, "url_invalid");
  }
  return value;
}

function readLineItems(params: ParamReader): {
  items: LineItem[];
  currency: string;
  total: number;
} {
  const entries = params.objList("line_items");
  if (entries.length === 0) throw missingParam("line_items");
  if (entries.length > 100)
    throw invalidRequest("At most 100 line items are allowed.", "line_items");
  let currency: string | undefined;
  let total = 0;
  const items = entries.map((entry): LineItem => {
    entry.allow([
      "price",
      "price_data",
      "quantity",
      "adjustable_quantity",
      "tax_rates",
      "metadata",
    ]);
    if (entry.has("price")) {
      // Stored Prices are not modeled: the portal always sends exact amounts as price_data.
      throw invalidRequest(
        `No such price: '${entry.str("price")}'`,
        entry.name("price"),
        "resource_missing",
      );
    }
    const priceData = entry.obj("price_data");
    if (!priceData) throw missingParam(entry.name("price_data"));
    priceData.allow([
      "currency",
      "product",
      "product_data",
      "unit_amount",
      "unit_amount_decimal",
      "tax_behavior",
    ]);
    const itemCurrency = priceData.reqStr("currency").toLowerCase();
    if (currency && currency !== itemCurrency) {
      throw invalidRequest(
        "All line items must use the same currency.",
        priceData.name("currency"),
      );
    }
    currency = itemCurrency;
    const unitAmount = priceData.int("unit_amount");
    if (unitAmount === undefined) throw missingParam(priceData.name("unit_amount"));
    if (unitAmount < 0)
      throw invalidRequest("Invalid non-negative integer", priceData.name("unit_amount"));
    const productData = priceData.obj("product_data");
    if (!productData && !priceData.has("product"))
      throw missingParam(priceData.name("product_data"));
    productData?.allow(["name", "description", "images", "metadata", "tax_code", "unit_label"]);
    const name = productData ? productData.reqStr("name") : "Product";
    const quantity = entry.int("quantity");
    if (quantity === undefined) throw missingParam(entry.name("quantity"));
    if (quantity < 1) throw invalidRequest("Quantity must be at least 1.", entry.name("quantity"));
    const amount = unitAmount * quantity;
    total += amount;
    return {
      id: newId("li"),
      object: "item",
      amount_discount: 0,
      amount_subtotal: amount,
      amount_tax: 0,
      amount_total: amount,
      currency: itemCurrency,
      description: name,
      price: {
        id: newId("price"),
        object: "price",
        active: false,
        currency: itemCurrency,
        product: priceData.str("product") ?? newId("prod", 14),
        type: "one_time",
        unit_amount: unitAmount,
        livemode: false,
      },
      quantity,
    };
  });
  return { items, currency: currency!, total };
}

function readPaymentIntentData(params: ParamReader): SessionInternal["paymentIntentData"] {
  const data = params.obj("payment_intent_data");
  data?.allow([
    "metadata",
    "description",
    "setup_future_usage",
    "receipt_email",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "capture_method",
  ]);
  if (data?.has("capture_method") && data.str("capture_method") !== "automatic") {
    throw invalidRequest(
      "The emulator supports capture_method=automatic only.",
      data.name("capture_method"),
    );
  }
  return {
    metadata: applyMetadata({}, data?.metadata()),
    description: data?.str("description") ?? null,
    setupFutureUsage:
      data?.oneOf("setup_future_usage", ["off_session", "on_session"] as const) ?? null,
    receiptEmail: data?.str("receipt_email") ?? null,
    statementDescriptor: data?.str("statement_descriptor") ?? null,
    statementDescriptorSuffix: data?.str("statement_descriptor_suffix") ?? null,
  };
}

function createSession(req: ApiRequest) {
  const { world, params } = req;
  params.allow(CREATE_PARAMS);
  const mode = params.str("mode");
  if (mode === undefined) throw missingParam("mode");
  if (mode !== "payment" && mode !== "setup") {
    throw invalidRequest(
      `The emulator supports mode "payment" and "setup" only (got "${mode}").`,
      "mode",
    );
  }
  const uiMode = params.str("ui_mode");
  if (uiMode !== undefined && uiMode !== "hosted_page" && uiMode !== "hosted") {
    throw invalidRequest(
      "The emulator only serves the hosted page (ui_mode=hosted_page).",
      "ui_mode",
    );
  }

  const customerId = params.str("customer") || null;
  if (customerId) requireCustomer(world, customerId, "customer");
  const customerCreation =
    params.oneOf("customer_creation", ["always", "if_required"] as const) ?? null;
  if (customerCreation && customerId) {
    throw invalidRequest(
      "You may only specify one of these parameters: customer, customer_creation.",
      "customer_creation",
    );
  }
  const customerEmail = params.str("customer_email") || null;
  if (customerEmail && customerId) {
    throw invalidRequest(
      "You may only specify one of these parameters: customer, customer_email.",
      "customer_email",
    );
  }

  let lineItems: LineItem[] = [];
  let amountTotal: number | null = null;
  let currency = params.str("currency")?.toLowerCase() ?? null;
  if (mode === "payment") {
    if (params.has("setup_intent_data")) {
      throw invalidRequest(
        "setup_intent_data can only be used in setup mode.",
        "setup_intent_data",
      );
    }
    const read = readLineItems(params);
    if (currency && currency !== read.currency) {
      throw invalidRequest("currency must match the line items' currency.", "currency");
    }
    lineItems = read.items;
    currency = read.currency;
    amountTotal = read.total;
    const minimum = MINIMUM_AMOUNT[currency] ?? 50;
    if (amountTotal < minimum) {
      throw invalidRequest(
        `The Checkout Session's total amount due must add up to at least ${minimum} (${currency}).`,
        undefined,
        "amount_too_small",
      );
    }
  } else {
    if (params.has("line_items"))
      throw invalidRequest("line_items cannot be used in setup mode.", "line_items");
    if (params.has("payment_intent_data")) {
      throw invalidRequest(
        "payment_intent_data can only be used in payment mode.",
        "payment_intent_data",
      );
    }
    const listsTypes =
      params.has("allowed_payment_method_types") || params.has("payment_method_types");
    if (!currency && !listsTypes) throw missingParam("currency");
  }
  const methodTypes = readMethodTypes(params, {
    dashboard: world.config.dashboardPaymentMethods,
    currency,
    mode,
    acceptsAutomatic: false,
  });

  const now = world.now();
  const expiresAt = params.int("expires_at") ?? now + 24 * 3600;
  if (expiresAt < now + 30 * 60 - 5 || expiresAt > now + 24 * 3600 + 5) {
    throw invalidRequest(
      "The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.",
      "expires_at",
    );
  }

  const id = newSessionId();
  const session = newCheckoutSession({
    now,
    id,
    mode,
    url: `${world.config.publicUrl}/checkout/${id}`,
    amountTotal,
    currency,
    customer: customerId,
    customerCreation: customerCreation ?? (customerId ? null : "if_required"),
    customerEmail,
    clientReferenceId: params.str("client_reference_id") ?? null,
    successUrl: readUrl(params, "success_url"),
    cancelUrl: readUrl(params, "cancel_url"),
    metadata: applyMetadata({}, params.metadata()),
    paymentMethodTypes: methodTypes.types,
    allowedPaymentMethodTypes: methodTypes.allowed,
    expiresAt,
    locale: params.str("locale") ?? null,
    submitType: mode === "payment" ? (params.str("submit_type") ?? null) : null,
    billingAddressCollection: params.str("billing_address_collection") ?? null,
  });
  const setupData = params.obj("setup_intent_data");
  setupData?.allow(["metadata", "description"]);
  world.store.sessions.set(id, session);
  scheduleSessionExpiry(world, session);
  world.store.sessionInternals.set(id, {
    lineItems,
    paymentIntentData: readPaymentIntentData(params),
    setupIntentData: {
      metadata: applyMetadata({}, setupData?.metadata()),
      description: setupData?.str("description") ?? null,
    },
    challenge: null,
  });
  return respondWithLineItems(req, session);
}

export function requireSession(world: World, id: string): CheckoutSession {
  // Expiry is checked on read too, so a retrieve never shows an overdue session as open.
  expireOverdueSessions(world);
  const session = world.store.sessions.get(id);
  if (!session) throw noSuch("checkout.session", id);
  return session;
}

function lineItemList(world: World, session: CheckoutSession) {
  const items = world.store.sessionInternals.get(session.id)?.lineItems ?? [];
  return {
    object: "list" as const,
    data: items,
    has_more: false,
    url: `/v1/checkout/sessions/${session.id}/line_items`,
  };
}

/** `line_items` is not an id, so `expand[]=line_items` is answered here. */
function respondWithLineItems(req: ApiRequest, session: CheckoutSession) {
  const paths = req.params.expand();
  const withoutLineItems = paths.filter((p) => p !== "line_items");
  const body = respond(req, session, withoutLineItems);
  if (paths.length !== withoutLineItems.length) {
    return { ...body, line_items: lineItemList(req.world, session) };
  }
  return body;
}

export const checkoutRoutes: Route[] = [
  { method: "POST", path: "/checkout/sessions", handler: createSession },
  {
    method: "GET",
    path: "/checkout/sessions",
    handler: (req) => {
      const { world, params } = req;
      params.allow([
        ...LIST_PARAMS,
        "payment_intent",
        "customer",
        "status",
        "customer_details",
        "payment_link",
        "subscription",
      ]);
      expireOverdueSessions(world);
      const pi = params.str("payment_intent");
      const customer = params.str("customer");
      const status = params.str("status");
      const email = params.obj("customer_details")?.str("email");
      const created = createdFilter(params);
      const items = newestFirst(world.store.sessions).filter(
        (s) =>
          (pi === undefined || s.payment_intent === pi) &&
          (customer === undefined || s.customer === customer) &&
          (status === undefined || s.status === status) &&
          (email === undefined || s.customer_details?.email === email) &&
          created(s),
      );
      return respond(req, paginate(items, params, "/v1/checkout/sessions"));
    },
  },
  {
    method: "GET",
    path: "/checkout/sessions/:id",
    handler: (req) => {
      req.params.allow(["expand"]);
      return respondWithLineItems(req, requireSession(req.world, req.ids[0]));
    },
  },
  {
    method: "GET",
    path: "/checkout/sessions/:id/line_items",
    handler: (req) => {
      req.params.allow(LIST_PARAMS as unknown as string[]);
      const session = requireSession(req.world, req.ids[0]);
      const list = lineItemList(req.world, session);
      return paginate(list.data, req.params, list.url);
    },
  },
  {
    method: "POST",
    path: "/checkout/sessions/:id/expire",
    handler: (req) => {
      req.params.allow(["expand"]);
      const session = requireSession(req.world, req.ids[0]);
      expireSession(req.world, session);
      return respondWithLineItems(req, session);
    },
  },
];
