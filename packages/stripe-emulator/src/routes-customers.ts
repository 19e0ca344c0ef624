// /v1/customers and /v1/payment_methods.
import { invalidRequest, missingParam, noSuch } from "./errors";
import { newCustomer } from "./objects";
import { applyMetadata, type ParamReader } from "./params";
import {
  assertAttachable,
  attachPaymentMethod,
  createPaymentMethod,
  detachPaymentMethod,
} from "./payment-methods";
import { respond, type ApiRequest, type Route } from "./router";
import { LIST_PARAMS, createdFilter, paginate } from "./serialize";
import { newestFirst } from "./store";
import {
  TEST_BANK_ROUTING,
  findTestBankAccount,
  instrumentForTestPaymentMethodId,
} from "./test-instruments";
import type { Customer, PaymentMethod } from "./types";
import type { World } from "./world";

const CUSTOMER_PARAMS = [
  "email",
  "name",
  "phone",
  "description",
  "metadata",
  "address",
  "preferred_locales",
  "payment_method",
  "invoice_settings",
  "expand",
];

export function requireCustomer(world: World, id: string, param?: string): Customer {
  const customer = world.store.customers.get(id);
  if (!customer) throw noSuch("customer", id, param);
  return customer;
}

/**
 * A stored payment method, or a fresh one for Stripe's test ids (`pm_card_visa` …),
 * which Stripe turns into a new payment method each time they are used.
 */
export function resolvePaymentMethod(world: World, id: string, param?: string): PaymentMethod {
  const stored = world.store.paymentMethods.get(id);
  if (stored) return stored;
  const instrument = instrumentForTestPaymentMethodId(id);
  if (!instrument) throw noSuch("PaymentMethod", id, param);
  return createPaymentMethod(world, instrument, { email: null, name: null });
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;

function readCustomerFields(params: ParamReader): Partial<Customer> {
  const fields: Partial<Customer> = {};
  const email = params.str("email");
  if (email !== undefined) {
    if (email !== "" && !EMAIL.test(email))
      throw invalidRequest(`Invalid email address: ${email}`, "email", "email_invalid");
    fields.email = email || null;
  }
  for (const key of ["name", "phone", "description"] as const) {
    const value = params.str(key);
    if (value !== undefined) fields[key] = value || null;
  }
  const address = params.obj("address");
  if (address) {
    address.allow(["line1", "line2", "city", "state", "postal_code", "country"]);
    fields.address = Object.fromEntries(
      ["line1", "line2", "city", "state", "postal_code", "country"].map((k) => [
        k,
        address.str(k) ?? null,
      ]),
    );
  }
  if (params.has("preferred_locales"))
    fields.preferred_locales = params.strList("preferred_locales");
  return fields;
}

function applyDefaultPaymentMethod(world: World, customer: Customer, params: ParamReader): void {
  const settings = params.obj("invoice_settings");
  if (!settings) return;
  settings.allow(["default_payment_method", "custom_fields", "footer", "rendering_options"]);
  const pmId = settings.str("default_payment_method");
  if (pmId === undefined) return;
  if (pmId === "") {
    customer.invoice_settings.default_payment_method = null;
    return;
  }
  const pm = world.store.paymentMethods.get(pmId);
  if (!pm || pm.customer !== customer.id) {
    throw invalidRequest(
      `No such PaymentMethod: '${pmId}'; It's possible this PaymentMethod exists on one of your connected accounts, in which case you should retry this request on that connected account.`,
      "invoice_settings[default_payment_method]",
      "resource_missing",
    );
  }
  customer.invoice_settings.default_payment_method = pm.id;
}

function createCustomer(req: ApiRequest) {
  const { world, params } = req;
  params.allow(CUSTOMER_PARAMS);
  const customer = newCustomer({ now: world.now() });
  Object.assign(customer, readCustomerFields(params));
  customer.metadata = applyMetadata({}, params.metadata());
  const pmId = params.str("payment_method");
  // Validate before storing, so a bad payment method leaves no customer behind.
  const pm = pmId ? resolvePaymentMethod(world, pmId, "payment_method") : undefined;
  if (pm) assertAttachable(world, pm, customer.id, { validate: true });
  world.store.customers.set(customer.id, customer);
  world.emit("customer.created", customer);
  if (pm) attachPaymentMethod(world, pm, customer.id, { setUp: false, validate: true });
  applyDefaultPaymentMethod(world, customer, params);
  return respond(req, customer);
}

function updateCustomer(req: ApiRequest) {
  const { world, params } = req;
  params.allow(CUSTOMER_PARAMS.filter((p) => p !== "payment_method"));
  const customer = requireCustomer(world, req.ids[0]);
  const before = structuredClone(customer);
  Object.assign(customer, readCustomerFields(params));
  customer.metadata = applyMetadata(customer.metadata, params.metadata());
  applyDefaultPaymentMethod(world, customer, params);
  const previous: Record<string, unknown> = {};
  for (const key of Object.keys(customer) as (keyof Customer)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(customer[key])) previous[key] = before[key];
  }
  if (Object.keys(previous).length > 0) {
    world.emit("customer.updated", customer).data.previous_attributes = previous;
  }
  return respond(req, customer);
}

function listCustomers(req: ApiRequest) {
  const { world, params } = req;
  params.allow([...LIST_PARAMS, "email"]);
  const email = params.str("email");
  const created = createdFilter(params);
  const items = newestFirst(world.store.customers).filter(
    (c) => (email === undefined || c.email === email) && created(c),
  );
  return respond(req, paginate(items, params, "/v1/customers"));
}

function listPaymentMethods(req: ApiRequest, customerId: string | undefined, url: string) {
  const { world, params } = req;
  params.allow([...LIST_PARAMS, "customer", "type"]);
  const customer = customerId ?? params.str("customer");
  if (customer) requireCustomer(world, customer, customerId ? undefined : "customer");
  const type = params.str("type");
  const items = newestFirst(world.store.paymentMethods).filter(
    // Without a customer Stripe lists nothing useful; the emulator lists attached ones only.
    (pm) =>
      pm.customer !== null &&
      (customer === undefined || pm.customer === customer) &&
      (type === undefined || pm.type === type),
  );
  return respond(req, paginate(items, params, url));
}

/**
 * POST /v1/payment_methods: a US bank account entered by hand (it must then be verified
 * with micro-deposits before a debit goes through, as on Stripe). Card numbers are refused,
 * as Stripe refuses raw card data by default: use the test tokens (pm_card_visa …).
 */
function createPaymentMethodFromApi(req: ApiRequest) {
  const { world, params } = req;
  params.allow(["type", "us_bank_account", "billing_details", "metadata", "expand", "card"]);
  const type = params.reqStr("type");
  if (type === "card") {
    throw invalidRequest(
      "Sending credit card numbers directly to the Stripe API is generally unsafe. To continue processing use Stripe.js, the Stripe mobile bindings, or Stripe Elements. For more information, see https://dashboard.stripe.com/account/integration/settings. If you are qualified to handle card data directly, see https://support.stripe.com/questions/enabling-access-to-raw-card-data-apis. (Stripe emulator: use a test token such as pm_card_visa.)",
    );
  }
  if (type !== "us_bank_account") {
    throw invalidRequest(
      `The Stripe emulator creates us_bank_account payment methods only (got "${type}").`,
      "type",
    );
  }
  const bank = params.obj("us_bank_account");
  if (!bank) throw missingParam("us_bank_account");
  bank.allow(["routing_number", "account_number", "account_holder_type", "account_type"]);
  const routing = bank.reqStr("routing_number");
  const account = bank.reqStr("account_number");
  const holderType = bank.oneOf("account_holder_type", ["individual", "company"] as const);
  const accountType = bank.oneOf("account_type", ["checking", "savings"] as const);
  const billing = params.obj("billing_details");
  billing?.allow(["name", "email", "phone", "address"]);
  const name = billing?.str("name");
  if (!name) throw missingParam("billing_details[name]");
  const instrument = findTestBankAccount(routing, account);
  if (!instrument) {
    throw invalidRequest(
      `Use one of Stripe's test bank accounts (routing ${TEST_BANK_ROUTING}; see the emulator's README).`,
      "us_bank_account[account_number]",
      "account_number_invalid",
    );
  }
  const pm = createPaymentMethod(world, instrument, {
    email: billing?.str("email") ?? null,
    name,
    accountType: accountType ?? "checking",
    verification: "pending",
  });
  if (holderType) pm.us_bank_account!.account_holder_type = holderType;
  pm.metadata = applyMetadata({}, params.metadata());
  return respond(req, pm);
}

export const customerRoutes: Route[] = [
  { method: "POST", path: "/customers", handler: createCustomer },
  { method: "GET", path: "/customers", handler: listCustomers },
  {
    method: "GET",
    path: "/customers/:id",
    handler: (req) => {
      req.params.allow(["expand"]);
      return respond(req, requireCustomer(req.world, req.ids[0]));
    },
  },
  { method: "POST", path: "/customers/:id", handler: updateCustomer },
  {
    method: "GET",
    path: "/customers/:id/payment_methods",
    handler: (req) =>
      listPaymentMethods(req, req.ids[0], `/v1/customers/${req.ids[0]}/payment_methods`),
  },
  { method: "POST", path: "/payment_methods", handler: createPaymentMethodFromApi },
  {
    method: "GET",
    path: "/payment_methods",
    handler: (req) => listPaymentMethods(req, undefined, "/v1/payment_methods"),
  },
  {
    method: "GET",
    path: "/payment_methods/:id",
    handler: (req) => {
      req.params.allow(["expand"]);
      const pm = req.world.store.paymentMethods.get(req.ids[0]);
      if (!pm) throw noSuch("PaymentMethod", req.ids[0]);
      return respond(req, pm);
    },
  },
  {
    method: "POST",
    path: "/payment_methods/:id/attach",
    handler: (req) => {
      const { world, params } = req;
      params.allow(["customer", "expand"]);
      const customer = requireCustomer(world, params.reqStr("customer"), "customer");
      const pm = resolvePaymentMethod(world, req.ids[0]);
      attachPaymentMethod(world, pm, customer.id, { setUp: false, validate: true });
      return respond(req, pm);
    },
  },
  {
    method: "POST",
    path: "/payment_methods/:id/detach",
    handler: (req) => {
      req.params.allow(["expand"]);
      const pm = req.world.store.paymentMethods.get(req.ids[0]);
      if (!pm) throw noSuch("PaymentMethod", req.ids[0]);
      detachPaymentMethod(req.world, pm);
      return respond(req, pm);
    },
  },
];
