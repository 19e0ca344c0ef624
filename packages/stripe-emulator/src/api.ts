// The /v1 request pipeline: rate limit → API key → injected fault → parameters →
// idempotency (replay, 409 while executing, idempotency_error) → route → saved result →
// response (or, for a "timeout" fault, silence).
import type { IncomingMessage, ServerResponse } from "node:http";
import { StripeApiError, apiError, invalidRequest, rateLimited, unauthorized } from "./errors";
import type { FaultInjector, RateLimiter } from "./faults";
import { BodyTooLarge, header, readBody, sendJson } from "./http";
import { newRequestId } from "./ids";
import type { IdempotencyStore } from "./idempotency";
import { ParamReader, canonicalParams, parseForm } from "./params";
import { matchRoute, type compileRoutes } from "./router";
import type { FaultKind, RequestRecord } from "./types";
import type { World } from "./world";

export interface ApiDeps {
  world: World;
  routes: ReturnType<typeof compileRoutes>;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  idempotency: IdempotencyStore;
  apiKey: string | undefined;
  requestLog: RequestRecord[];
  /** Sockets held open by "timeout" faults, closed on stop. */
  held: Set<ServerResponse>;
  /** Each /v1 request executes this long (ms) before answering (controls.setLatency). */
  latency: { ms: number };
}

const MAX_REQUEST_LOG = 50_000;

function redact(key: string): string {
  return key.length <= 12
    ? "****"
    : `${key.slice(0, 8)}${"*".repeat(key.length - 12)}${key.slice(-4)}`;
}

function authenticate(req: IncomingMessage, apiKey: string | undefined): void {
  const authorization = header(req, "authorization");
  if (!authorization) {
    throw unauthorized(
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details.",
    );
  }
  let key = "";
  if (/^bearer\s+/i.test(authorization)) key = authorization.replace(/^bearer\s+/i, "").trim();
  else if (/^basic\s+/i.test(authorization)) {
    key = Buffer.from(authorization.replace(/^basic\s+/i, ""), "base64")
      .toString("utf8")
      .split(":")[0];
  }
  if (!key) throw unauthorized("Invalid API Key provided: the Authorization header is malformed.");
  if (key.startsWith("sk_live_") || key.startsWith("rk_live_")) {
    throw unauthorized(
      `Invalid API Key provided: ${redact(key)} (the Stripe emulator is test mode only).`,
    );
  }
  const accepted = apiKey ? key === apiKey : /^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key);
  if (!accepted) throw unauthorized(`Invalid API Key provided: ${redact(key)}`);
}

interface Outcome {
  status: number;
  body: string;
  headers: Record<string, string>;
  replayed: boolean;
}

function errorOutcome(error: StripeApiError): Outcome {
  return {
    status: error.status,
    body: JSON.stringify(error.toJSON()),
    headers: {},
    replayed: false,
  };
}

export async function handleApiRequest(
  deps: ApiDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? "GET";
  const path = url.pathname;
  const requestId = newRequestId();
  const idempotencyKey = method === "POST" ? (header(req, "idempotency-key") ?? null) : null;
  let fault: FaultKind | null = null;
  let outcome: Outcome;
  try {
    if (deps.rateLimiter.exceeded()) throw rateLimited();
    authenticate(req, deps.apiKey);
    fault = deps.faults.next();
    // These two fail before anything runs, so a retry with the same key runs it.
    if (fault === "500")
      throw apiError(
        "An unexpected error occurred on Stripe's end. (Stripe emulator: injected fault)",
      );
    if (fault === "429") throw rateLimited();
    outcome = await run(deps, req, { method, path, url, requestId, idempotencyKey, fault });
  } catch (error) {
    if (error instanceof StripeApiError) outcome = errorOutcome(error);
    else if (error instanceof BodyTooLarge) outcome = errorOutcome(invalidRequest(error.message));
    else {
      console.error("stripe emulator: internal error", error);
      outcome = errorOutcome(
        apiError("The Stripe emulator failed to handle this request (see its log)."),
      );
    }
  }

  log(deps, {
    method,
    path,
    status: fault === "timeout" ? 0 : outcome.status,
    idempotencyKey,
    replayed: outcome.replayed,
    fault,
    requestId,
    at: Date.now(),
  });
  if (fault === "timeout") {
    // The request ran (and its result is saved under its idempotency key), but the
    // response is lost: the client sees a timeout, then maybe a dropped connection.
    deps.held.add(res);
    const timer = setTimeout(() => {
      deps.held.delete(res);
      res.destroy();
    }, deps.faults.timeoutMs);
    timer.unref();
    res.on("close", () => {
      clearTimeout(timer);
      deps.held.delete(res);
    });
    return;
  }
  sendJson(res, outcome.status, outcome.body, {
    "Request-Id": requestId,
    "Stripe-Version": header(req, "stripe-version") ?? deps.world.config.apiVersion,
    ...(idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {}),
    ...outcome.headers,
  });
}

async function run(
  deps: ApiDeps,
  req: IncomingMessage,
  request: {
    method: string;
    path: string;
    url: URL;
    requestId: string;
    idempotencyKey: string | null;
    fault: FaultKind | null;
  },
): Promise<Outcome> {
  const { method, path, url, requestId, idempotencyKey, fault } = request;
  let raw = url.search.slice(1);
  if (method === "POST") {
    const contentType = header(req, "content-type") ?? "";
    const body = await readBody(req);
    if (body && !contentType.startsWith("application/x-www-form-urlencoded")) {
      throw invalidRequest(
        "Invalid request: Stripe expects a form-encoded body (Content-Type: application/x-www-form-urlencoded).",
      );
    }
    raw = body;
  }
  const params = parseForm(raw);
  const match = matchRoute(deps.routes, method, path);
  if (!match) {
    throw new StripeApiError(404, {
      type: "invalid_request_error",
      message: `Unrecognized request URL (${method}: ${path}). The Stripe emulator serves a subset of the API; see packages/stripe-emulator/README.md.`,
    });
  }

  const canonical = idempotencyKey ? canonicalParams(params) : "";
  let release = () => {};
  if (idempotencyKey) {
    const lookup = deps.idempotency.lookup(idempotencyKey, method, path, canonical);
    if (lookup.kind === "conflict") throw lookup.error;
    if (lookup.kind === "replay") {
      return {
        status: lookup.saved.status,
        body: lookup.saved.body,
        headers: {
          "Idempotent-Replayed": "true",
          "Original-Request": lookup.saved.requestId,
          ...(lookup.saved.status >= 500 ? { "Stripe-Should-Retry": "false" } : {}),
        },
        replayed: true,
      };
    }
    release = lookup.release;
  }

  try {
    // The endpoint is executing from here: a second request with the same key meanwhile
    // gets a 409 (controls.setLatency makes this window as long as a test needs).
    if (deps.latency.ms > 0) await new Promise((r) => setTimeout(r, deps.latency.ms));
    const before = deps.world.mutations;
    let status = 200;
    let body: string;
    try {
      const result = deps.world.inRequest({ requestId, idempotencyKey }, () =>
        match.route.handler({
          world: deps.world,
          params: new ParamReader(params),
          ids: match.ids,
          path,
        }),
      );
      body = JSON.stringify(result);
    } catch (error) {
      if (error instanceof StripeApiError) {
        // A decline, or an error raised after the endpoint changed something, ran: it is
        // saved like a success. One raised before anything changed is a validation error.
        const ran = error.status === 402 || deps.world.mutations !== before;
        if (!ran) throw error;
        status = error.status;
        body = JSON.stringify(error.toJSON());
      } else {
        // A 500 raised while the endpoint ran is saved and replayed, as Stripe does.
        console.error("stripe emulator: internal error", error);
        status = 500;
        body = JSON.stringify(
          apiError("The Stripe emulator failed to handle this request (see its log).").toJSON(),
        );
      }
    }
    if (fault === "500_after") {
      // The request ran (its effects and events stay), then Stripe failed: the 500 is the
      // saved result, so retrying with the same key replays the 500.
      status = 500;
      body = JSON.stringify(
        apiError(
          "An unexpected error occurred on Stripe's end after your request ran. (Stripe emulator: injected fault)",
        ).toJSON(),
      );
    }
    if (idempotencyKey) {
      deps.idempotency.save(idempotencyKey, {
        method,
        path,
        params: canonical,
        status,
        body,
        requestId,
      });
    }
    return {
      status,
      body,
      headers: status >= 500 ? { "Stripe-Should-Retry": "false" } : {},
      replayed: false,
    };
  } finally {
    release();
  }
}

function log(deps: ApiDeps, record: RequestRecord): void {
  if (deps.requestLog.length >= MAX_REQUEST_LOG) deps.requestLog.shift();
  deps.requestLog.push(record);
}
