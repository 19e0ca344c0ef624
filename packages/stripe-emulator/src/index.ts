// Local Stripe emulator: the subset of Stripe's API the portal uses, a stand-in hosted
// Checkout page and signed webhooks, so the real stripe-node client (and so the
// production code path) runs in development, tests and CI without reaching Stripe.
//
//   const emulator = await startStripeEmulator({ webhookUrl, webhookSecret });
//   const stripe = new Stripe("sk_test_…", { host: "127.0.0.1", port: emulator.port, protocol: "http" });
//
// See README.md in this folder for the test cards, events and controls.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { handleApiRequest, type ApiDeps } from "./api";
import { handleCheckoutPage } from "./checkout-page";
import { handleVerifyPage } from "./verify-page";
import { createControls, handleControlRequest } from "./controls";
import { FaultInjector, RateLimiter } from "./faults";
import { sendJson } from "./http";
import { IdempotencyStore } from "./idempotency";
import { DEFAULT_DASHBOARD_METHODS } from "./method-types";
import { compileRoutes } from "./router";
import { chargeRoutes } from "./routes-charges";
import { checkoutRoutes } from "./routes-checkout";
import { customerRoutes } from "./routes-customers";
import { intentRoutes } from "./routes-intents";
import type { RequestRecord, StripeEmulator, StripeEmulatorOptions } from "./types";
import { WebhookDispatcher } from "./webhooks";
import { World } from "./world";

export type {
  BankFailureCode,
  Charge,
  CheckoutSession,
  CheckoutSubmission,
  CheckoutSubmissionResult,
  Customer,
  DeliveryMode,
  DeliveryRecord,
  Dispute,
  EmulatorControls,
  FaultConfig,
  FaultKind,
  PaymentIntent,
  PaymentIntentFilter,
  PaymentMethod,
  Refund,
  RequestRecord,
  SetupIntent,
  StripeEmulator,
  StripeEmulatorOptions,
  StripeEvent,
} from "./types";
export { signPayload } from "./webhooks";
export { TEST_BANK_ACCOUNTS, TEST_BANK_ROUTING, TEST_CARDS } from "./test-instruments";
export {
  startWebhookReceiver,
  type WebhookReceiver,
  type ReceivedWebhook,
} from "./webhook-receiver";

/** The API version stripe-node 23.1 pins; stamped on events unless overridden. */
export const EMULATOR_API_VERSION = "2026-10-28.endive";

const ROUTES = compileRoutes([
  ...customerRoutes,
  ...checkoutRoutes,
  ...intentRoutes,
  ...chargeRoutes,
]);

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function startStripeEmulator(options: StripeEmulatorOptions): Promise<StripeEmulator> {
  if (!options.webhookSecret) throw new Error("startStripeEmulator: webhookSecret is required");
  const host = options.host ?? "127.0.0.1";
  const retry = options.webhookRetry ?? {};

  // The dispatcher reads events from the world's store; the world hands it new events.
  const dispatcher: WebhookDispatcher = new WebhookDispatcher(
    (id: string) => world.store.events.get(id),
    {
      maxAttempts: retry.maxAttempts ?? 5,
      baseDelayMs: retry.baseDelayMs ?? 200,
      maxDelayMs: retry.maxDelayMs ?? 5_000,
      timeoutMs: options.webhookTimeoutMs ?? 10_000,
    },
  );
  const world: World = new World(
    {
      publicUrl: "", // known once listening
      displayName: options.displayName ?? "Debt portal (test)",
      apiVersion: options.apiVersion ?? EMULATOR_API_VERSION,
      bankSettlementDelayMs: options.bankSettlementDelayMs ?? null,
      dashboardPaymentMethods: [...(options.dashboardPaymentMethods ?? DEFAULT_DASHBOARD_METHODS)],
    },
    (event): number => dispatcher.enqueue(event),
  );
  dispatcher.setEndpoint(options.webhookUrl ?? null, options.webhookSecret);

  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter();
  const idempotency = new IdempotencyStore(world.clock);
  const requestLog: RequestRecord[] = [];
  const held = new Set<http.ServerResponse>();
  const latency = { ms: 0 };
  const apiDeps: ApiDeps = {
    world,
    routes: ROUTES,
    faults,
    rateLimiter,
    idempotency,
    apiKey: options.apiKey,
    requestLog,
    held,
    latency,
  };
  const controls = createControls({
    world,
    dispatcher,
    faults,
    rateLimiter,
    idempotency,
    requestLog,
    webhookSecret: options.webhookSecret,
    latency,
    dashboardDefaults: options.dashboardPaymentMethods ?? DEFAULT_DASHBOARD_METHODS,
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    // Whatever real time has made due fires before anything is read or changed.
    world.clock.tick();
    let handled: Promise<void>;
    if (url.pathname.startsWith("/v1/")) handled = handleApiRequest(apiDeps, req, res, url);
    else if (url.pathname.startsWith("/checkout/"))
      handled = handleCheckoutPage(world, req, res, url);
    else if (url.pathname.startsWith("/verify/")) handled = handleVerifyPage(world, req, res, url);
    else if (url.pathname.startsWith("/_emulator/"))
      handled = handleControlRequest(controls, req, res, url);
    else {
      sendJson(
        res,
        404,
        JSON.stringify({
          error: {
            type: "invalid_request_error",
            message: `Unrecognized request URL (${req.method}: ${url.pathname}).`,
          },
        }),
      );
      return;
    }
    handled.catch((error: unknown) => {
      console.error("stripe emulator: request failed", error);
      if (!res.headersSent)
        sendJson(
          res,
          500,
          JSON.stringify({ error: { type: "api_error", message: "Stripe emulator error" } }),
        );
      else res.destroy();
    });
  });
  // stripe-node keeps connections alive; don't let idle ones hold up stop().
  server.keepAliveTimeout = 5_000;

  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const urlHost =
    host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host.includes(":") ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  world.config.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, "");

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    host,
    controls,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        dispatcher.stop();
        world.reset();
        world.clock.stop();
        for (const res of held) res.destroy();
        held.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
