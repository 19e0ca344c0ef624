// Test controls: things only a test (or a tester) makes happen — a bank settling, a
// cardholder disputing, Stripe failing — available in-process as `emulator.controls` and
// over HTTP as POST /_emulator/<kebab-name> with a JSON body.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  answerChallenge,
  expireOverdueSessions,
  expireSession,
  knownEmail,
  submitCheckoutForm,
  type CheckoutForm,
  type SubmitOutcome,
} from "./checkout";
import { StripeApiError, noSuch } from "./errors";
import type { FaultInjector, RateLimiter } from "./faults";
import { readBody, sendJson } from "./http";
import type { IdempotencyStore } from "./idempotency";
import { snapshot } from "./objects";
import { settleBankPayment, verifyMicrodeposits } from "./bank";
import {
  closeDispute,
  escalateInquiry,
  failRefund,
  openDispute,
  refundCharge,
  resolveCharge,
  submitDisputeEvidence,
  type RefundFailureReason,
} from "./refunds-disputes";
import { TEST_BANK_ROUTING } from "./test-instruments";
import type {
  BankFailureCode,
  CheckoutSubmission,
  CheckoutSubmissionResult,
  DeliveryMode,
  EmulatorControls,
  FaultConfig,
  FaultKind,
  PaymentIntent,
  PaymentIntentFilter,
  SetupIntent,
  RequestRecord,
} from "./types";
import { validateDashboardMethods } from "./method-types";
import type { WebhookDispatcher } from "./webhooks";
import type { World } from "./world";

export interface ControlDeps {
  world: World;
  dispatcher: WebhookDispatcher;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  requestLog: RequestRecord[];
  webhookSecret: string;
  latency: { ms: number };
  /** What reset() restores (the start option, or Stripe's defaults for a US account). */
  dashboardDefaults: readonly string[];
}

function toSubmission(
  world: World,
  sessionId: string,
  submission: CheckoutSubmission,
): CheckoutForm {
  const session = world.store.sessions.get(sessionId)!;
  const email = submission.email ?? (knownEmail(world, session) ? "" : "tester@example.com");
  if ("method" in submission) return { type: "other", method: submission.method, email };
  if ("card" in submission) {
    const year = (new Date(world.clock.nowMs()).getUTCFullYear() + 5) % 100;
    return {
      type: "card",
      email,
      number: submission.card,
      expiry: `12 / ${year}`,
      cvc: "123",
      name: submission.name ?? "Test Customer",
    };
  }
  return {
    type: "us_bank_account",
    email,
    name: submission.bank.holder ?? "Test Customer",
    routing: submission.bank.routing ?? TEST_BANK_ROUTING,
    account: submission.bank.account,
    accountType: submission.bank.type ?? "checking",
    verification: submission.bank.verification ?? "instant",
  };
}

function describe(
  outcome: SubmitOutcome,
): Pick<CheckoutSubmissionResult, "outcome" | "redirectUrl" | "error"> {
  switch (outcome.kind) {
    case "completed":
      return { outcome: "completed", redirectUrl: outcome.redirectUrl, error: null };
    case "declined":
      return { outcome: "declined", redirectUrl: null, error: outcome.message };
    case "invalid": {
      const details = Object.entries(outcome.fieldErrors).map(([k, v]) => `${k}: ${v}`);
      return {
        outcome: "invalid",
        redirectUrl: null,
        error: [outcome.message, ...details].join(" "),
      };
    }
    case "requires_action":
      return { outcome: "declined", redirectUrl: null, error: "authentication still pending" };
  }
}

export function createControls(deps: ControlDeps): EmulatorControls {
  const { world, dispatcher } = deps;
  return {
    now: () => world.now(),
    advanceClock: (seconds) => world.clock.advance(seconds),
    scheduled: () => world.clock.pending(),
    settleBankPayment: (id) => snapshot(settleBankPayment(world, id, "succeed")),
    failBankPayment(id, code) {
      const pi = world.store.paymentIntents.get(id);
      const instrument = pi?.payment_method
        ? world.store.paymentMethodInternals.get(pi.payment_method)?.instrument
        : undefined;
      // By default a failing test account fails with its own reason.
      const fallback: BankFailureCode =
        instrument?.kind === "us_bank_account" &&
        instrument.settles !== "succeed" &&
        instrument.settles !== "never"
          ? instrument.settles
          : "insufficient_funds";
      return snapshot(settleBankPayment(world, id, code ?? fallback));
    },
    verifyMicrodeposits: (intentId, answer) =>
      snapshot(verifyMicrodeposits(world, intentId, answer)) as PaymentIntent | SetupIntent,
    openDispute: (id, opts) => snapshot(openDispute(world, id, opts)),
    openInquiry: (id, opts) => snapshot(openDispute(world, id, { ...opts, inquiry: true })),
    escalateInquiry: (id) => snapshot(escalateInquiry(world, id)),
    submitDisputeEvidence: (id) => snapshot(submitDisputeEvidence(world, id)),
    closeDispute: (id, outcome) => snapshot(closeDispute(world, id, outcome)),
    refund: (id, amount) => snapshot(refundCharge(world, resolveCharge(world, id), { amount })),
    failRefund: (id, opts) => snapshot(failRefund(world, id, opts)),
    expireCheckoutSession(id) {
      const session = world.store.sessions.get(id);
      if (!session) throw noSuch("checkout.session", id);
      expireSession(world, session);
      return snapshot(session);
    },
    completeCheckoutSession(id, submission) {
      expireOverdueSessions(world);
      const session = world.store.sessions.get(id);
      if (!session) throw noSuch("checkout.session", id);
      let outcome = submitCheckoutForm(world, session, toSubmission(world, id, submission));
      if (outcome.kind === "requires_action") {
        const answer =
          "card" in submission
            ? (submission.authenticate ?? "complete")
            : "method" in submission
              ? (submission.approve ?? "complete")
              : "complete";
        outcome = answerChallenge(world, session, outcome.token, answer);
      }
      return { ...describe(outcome), session: snapshot(session) };
    },
    setFaults: (config) => deps.faults.set(config),
    setRateLimit: (perSecond) => deps.rateLimiter.set(perSecond),
    dashboardPaymentMethods: () => [...world.config.dashboardPaymentMethods],
    setDashboardPaymentMethods(types) {
      world.config.dashboardPaymentMethods = validateDashboardMethods(types);
    },
    setLatency(ms) {
      if (ms !== null && !(ms >= 0)) throw new Error("latency must be ≥ 0 ms");
      deps.latency.ms = ms ?? 0;
    },
    deliveryMode: (mode) => dispatcher.setMode(mode),
    setWebhookEndpoint: (url, secret) =>
      dispatcher.setEndpoint(url, secret ?? dispatcher.secret ?? deps.webhookSecret),
    redeliverAll: () => dispatcher.redeliver([...world.store.events.values()]),
    pauseWebhooks: () => dispatcher.pause(),
    flushWebhooks(opts) {
      dispatcher.resume();
      return dispatcher.idle(opts?.timeoutMs);
    },
    waitForWebhooks: (opts) => dispatcher.idle(opts?.timeoutMs),
    events: (filter) =>
      [...world.store.events.values()]
        .filter((e) => !filter?.type || e.type === filter.type)
        .map((e) => snapshot(e)),
    deliveries: () => dispatcher.log.map((d) => ({ ...d })),
    requests: () => deps.requestLog.map((r) => ({ ...r })),
    countPaymentIntents(filter: PaymentIntentFilter = {}) {
      let count = 0;
      for (const pi of world.store.paymentIntents.values()) {
        if (filter.status && pi.status !== filter.status) continue;
        if (filter.customer && pi.customer !== filter.customer) continue;
        if (
          filter.metadata &&
          !Object.entries(filter.metadata).every(([k, v]) => pi.metadata[k] === v)
        )
          continue;
        count++;
      }
      return count;
    },
    reset() {
      world.reset();
      dispatcher.reset();
      deps.faults.set(null);
      deps.rateLimiter.set(null);
      deps.latency.ms = 0;
      world.config.dashboardPaymentMethods = [...deps.dashboardDefaults];
      deps.idempotency.clear();
      deps.requestLog.length = 0;
    },
  };
}

// ---------------------------------------------------------------------------
// HTTP: POST /_emulator/<name>, JSON in and out (for e2e tests in another process).

type Body = Record<string, unknown>;

function str(body: Body, key: string): string {
  const value = body[key];
  if (typeof value !== "string" || value === "") throw new Error(`"${key}" (string) is required`);
  return value;
}

function optNumber(body: Body, key: string): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value))
    throw new Error(`"${key}" must be a number`);
  return value;
}

const HTTP_CONTROLS: Record<string, (c: EmulatorControls, body: Body) => unknown> = {
  now: (c) => ({ now: c.now() }),
  "advance-clock": (c, b) => {
    const seconds = optNumber(b, "seconds");
    if (seconds === undefined) throw new Error(`"seconds" (number) is required`);
    return { now: c.advanceClock(seconds) };
  },
  scheduled: (c) => c.scheduled(),
  "settle-bank-payment": (c, b) => c.settleBankPayment(str(b, "paymentIntent")),
  "fail-bank-payment": (c, b) =>
    c.failBankPayment(
      str(b, "paymentIntent"),
      b.code === undefined ? undefined : (str(b, "code") as BankFailureCode),
    ),
  "verify-microdeposits": (c, b) =>
    c.verifyMicrodeposits(str(b, "intent"), {
      descriptorCode: typeof b.descriptorCode === "string" ? b.descriptorCode : undefined,
      amounts: Array.isArray(b.amounts) ? (b.amounts as number[]) : undefined,
    }),
  "open-dispute": (c, b) =>
    c.openDispute(str(b, "id"), {
      reason: typeof b.reason === "string" ? b.reason : undefined,
      amount: optNumber(b, "amount"),
      inquiry: b.inquiry === true,
    }),
  "open-inquiry": (c, b) =>
    c.openInquiry(str(b, "id"), {
      reason: typeof b.reason === "string" ? b.reason : undefined,
      amount: optNumber(b, "amount"),
    }),
  "escalate-inquiry": (c, b) => c.escalateInquiry(str(b, "dispute")),
  "submit-dispute-evidence": (c, b) => c.submitDisputeEvidence(str(b, "dispute")),
  "fail-refund": (c, b) =>
    c.failRefund(str(b, "refund"), {
      reason: typeof b.reason === "string" ? (b.reason as RefundFailureReason) : undefined,
      afterSeconds: optNumber(b, "afterSeconds"),
    }),
  "close-dispute": (c, b) => {
    const outcome = str(b, "outcome");
    if (outcome !== "won" && outcome !== "lost")
      throw new Error(`"outcome" must be "won" or "lost"`);
    return c.closeDispute(str(b, "dispute"), outcome);
  },
  refund: (c, b) => c.refund(str(b, "paymentIntent"), optNumber(b, "amount")),
  "expire-checkout-session": (c, b) => c.expireCheckoutSession(str(b, "session")),
  "complete-checkout-session": (c, b) =>
    c.completeCheckoutSession(str(b, "session"), b as unknown as CheckoutSubmission),
  "set-faults": (c, b) => {
    const rate = optNumber(b, "rate") ?? 0;
    c.setFaults(rate > 0 ? ({ ...b, rate } as FaultConfig & { kinds?: FaultKind[] }) : null);
  },
  "set-rate-limit": (c, b) => c.setRateLimit(optNumber(b, "perSecond") ?? null),
  "set-latency": (c, b) => c.setLatency(optNumber(b, "ms") ?? null),
  "dashboard-payment-methods": (c) => ({ types: c.dashboardPaymentMethods() }),
  "set-dashboard-payment-methods": (c, b) => {
    if (!Array.isArray(b.types) || !b.types.every((t) => typeof t === "string"))
      throw new Error(`"types" (array of strings) is required`);
    c.setDashboardPaymentMethods(b.types as string[]);
    return { types: c.dashboardPaymentMethods() };
  },
  "delivery-mode": (c, b) => c.deliveryMode(b as DeliveryMode),
  "set-webhook-endpoint": (c, b) =>
    c.setWebhookEndpoint(
      typeof b.url === "string" ? b.url : null,
      typeof b.secret === "string" ? b.secret : undefined,
    ),
  "redeliver-all": (c) => ({ count: c.redeliverAll() }),
  "pause-webhooks": (c) => c.pauseWebhooks(),
  "flush-webhooks": (c, b) => c.flushWebhooks({ timeoutMs: optNumber(b, "timeoutMs") }),
  "wait-for-webhooks": (c, b) => c.waitForWebhooks({ timeoutMs: optNumber(b, "timeoutMs") }),
  events: (c, b) => c.events({ type: typeof b.type === "string" ? b.type : undefined }),
  deliveries: (c) => c.deliveries(),
  requests: (c) => c.requests(),
  "count-payment-intents": (c, b) => ({ count: c.countPaymentIntents(b as PaymentIntentFilter) }),
  reset: (c) => c.reset(),
  health: () => ({ ok: true }),
};

export const CONTROL_NAMES = Object.keys(HTTP_CONTROLS);

export async function handleControlRequest(
  controls: EmulatorControls,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const reply = (status: number, value: unknown) =>
    sendJson(res, status, JSON.stringify(value ?? { ok: true }));
  if (req.method !== "POST") {
    reply(405, { error: { message: "Emulator controls are POST only (JSON body)." } });
    return;
  }
  const name = url.pathname.slice("/_emulator/".length);
  const control = HTTP_CONTROLS[name];
  if (!control) {
    reply(404, {
      error: { message: `Unknown control "${name}". Known: ${CONTROL_NAMES.join(", ")}` },
    });
    return;
  }
  try {
    const text = await readBody(req);
    const body: unknown = text ? JSON.parse(text) : {};
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new Error("body must be a JSON object");
    reply(200, await control(controls, body as Body));
  } catch (error) {
    const status = error instanceof StripeApiError ? error.status : 400;
    reply(status, { error: { message: error instanceof Error ? error.message : String(error) } });
  }
}
