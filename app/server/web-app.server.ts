// The web application as Express serves it: security headers, static files, request log
// (route patterns), rate limits decided from the URL and address (before any body is
// read), origin check, body caps, then Remix reading the capped body. `npm start`/`npm run
// serve` (main.server.ts) and the HTTP test harness (tests/support/http-server.ts) build
// it with this one function, so the tests go through exactly the pipeline production runs.
// See docs/decisions/0007-http-edge.md.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Env } from "../utils/env.server";
import { createNonce, isSameOriginPost, securityHeaders } from "../utils/headers.server";
import { errorFields, log, pathRedactor } from "../utils/log.server";
import { hit, peek } from "../utils/rate-limit.server";
import { clientIp } from "../utils/request.server";
import { closeWithoutReading, declaredTooLarge, limitBodies } from "./body-limits.server";
import { edgeLimitsFor } from "./edge-limits.server";
import { sendRefusal, stylesheetsOf } from "./edge-pages.server";
import { isExactly, routedPath, routePatterns } from "./edge-paths.server";
import { remixHandler } from "./remix-handler.server";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Where Stripe and Twilio post: cross-site by design, signed instead (exact paths only). */
export const WEBHOOK_PATHS: ReadonlySet<string> = new Set([
  "/webhooks/stripe",
  "/webhooks/twilio/sms",
]);
/** Exempt from the per-address request limit: Stripe sends bursts from a few addresses. */
const UNLIMITED_PATHS: ReadonlySet<string> = new Set(["/webhooks/stripe"]);
/** Route parameters the request log may show: ids of owned records, not secrets. */
export const LOGGED_PARAMS: ReadonlySet<string> = new Set(["accountId", "paymentId", "importId"]);

export type WebAppOptions = {
  env: Env;
  build: ServerBuild;
  /** Origins a form post may redirect to (the hosted payment page), for the CSP. */
  paymentOrigins: () => string[];
};

export function createWebApp({ env, build, paymentOrigins }: WebAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // A hop count or the proxies' addresses, never `true` (env.server.ts refuses it): with
  // `true`, the client's own X-Forwarded-For entry would be its address.
  app.set("trust proxy", env.trustProxy);
  app.use(compression());
  const stylesheets = stylesheetsOf(build);
  const redactPath = pathRedactor(routePatterns(build), LOGGED_PARAMS);

  // Security headers on every response, static files included.
  app.use((req, res, next) => {
    const nonce = createNonce();
    res.locals.cspNonce = nonce;
    const headers = securityHeaders({
      nonce,
      production: env.production,
      hsts: env.production && !env.demo,
      formActions: paymentOrigins(),
    });
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  });

  // Fingerprinted assets never change; everything else in public/ may.
  app.use(
    "/build",
    express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y" }),
  );
  app.use(express.static(path.join(ROOT, "public"), { maxAge: "1h" }));

  // One line per request: the route's pattern (`/l/:token`), never a token or a query.
  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log(res.statusCode >= 500 ? "error" : "info", "request", {
        method: req.method,
        path: redactPath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
        ...(res.locals.refused ? { refused: String(res.locals.refused) } : {}),
      });
    });
    next();
  });

  // Rate limits, before any body is read: the per-address request limit, then the route
  // limits the URL and the address decide (edge-limits.server.ts).
  app.use((req, res, next) => {
    const ip = clientIp(req.ip);
    const tooMany = (retryAfterSeconds: number) => {
      closeWithoutReading(req, res);
      sendRefusal(req, res, "tooMany", {
        stylesheets,
        retryAfterSeconds,
        plain: isExactly(req.path, WEBHOOK_PATHS),
      });
    };
    if (!isExactly(req.path, UNLIMITED_PATHS)) {
      const result = hit("request", ip);
      if (!result.ok) return tooMany(result.retryAfterSeconds);
    }
    const limits = edgeLimitsFor(req.method, routedPath(req.originalUrl), req.get("content-type"));
    for (const name of limits?.check ?? []) {
      const result = peek(name, ip);
      if (!result.ok) return tooMany(result.retryAfterSeconds);
    }
    for (const name of limits?.count ?? []) {
      const result = hit(name, ip);
      if (!result.ok) return tooMany(result.retryAfterSeconds);
    }
    next();
  });

  // Cross-site form posts are refused (SameSite=Lax cookies are the first line; this is the
  // second). Webhooks come from other origins by design and carry their own signatures:
  // only their exact paths are exempt, so `/webhooks/%2e%2e/lang` (which Remix routes to
  // /lang) is checked like any other post.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || isExactly(req.path, WEBHOOK_PATHS)) {
      return next();
    }
    if (!isSameOriginPost(req.get("origin"), req.get("sec-fetch-site"), req.get("host"))) {
      closeWithoutReading(req, res);
      res.status(403).type("text").send("Cross-origin request refused");
      return;
    }
    // With Referrer-Policy: no-referrer, browsers send `Origin: null` on same-origin form
    // posts; Remix would take that for an attack, so the (already checked) header goes.
    if (req.get("origin") === "null") delete req.headers.origin;
    next();
  });

  // Bodies capped before anything reads them (body-limits.server.ts).
  app.use(limitBodies({ stylesheets }));

  app.all(
    "*",
    remixHandler({
      build,
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: clientIp(req.ip),
      }),
    }),
  );

  app.use(((error, _req, res, _next) => {
    log("error", "unhandled", errorFields(error));
    if (res.headersSent) return res.end();
    res.status(500).type("text").send("Something went wrong on our side. Please try again.");
  }) as express.ErrorRequestHandler);

  return app;
}

export type ListenOptions = Pick<
  Env,
  "HTTP_HEADERS_TIMEOUT_MS" | "HTTP_REQUEST_TIMEOUT_MS" | "HTTP_KEEP_ALIVE_TIMEOUT_MS"
>;

/**
 * Starts listening with explicit timeouts (README, "Going to production"); resolves with
 * the server and the port it got (PORT=0: any free one).
 */
export function listen(
  app: express.Express,
  port: number,
  host: string,
  timeouts: ListenOptions,
): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    // Headers must arrive within this time (slow-header clients), and a whole request,
    // body included, within the request timeout (a 64 MB import on a slow uplink fits).
    server.headersTimeout = timeouts.HTTP_HEADERS_TIMEOUT_MS;
    server.requestTimeout = timeouts.HTTP_REQUEST_TIMEOUT_MS;
    // Idle keep-alive connections: longer than the load balancer's own idle timeout.
    server.keepAliveTimeout = timeouts.HTTP_KEEP_ALIVE_TIMEOUT_MS;
    // `Expect: 100-continue` with a Content-Length over the cap: refused before the client
    // sends a byte of the body (the app answers as it would after reading the headers).
    server.on("checkContinue", (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (!declaredTooLarge(req)) res.writeContinue();
      app(req, res);
    });
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : port });
    });
  });
}
