// The web application as Express serves it: headers, static files, request log, rate
// limit, origin check, then Remix. `npm start`/`npm run serve` (main.server.ts) and the
// HTTP test harness (tests/support/http-server.ts) build it with this one function, so
// the tests go through exactly the pipeline production runs.
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { Env } from "../utils/env.server";
import { createNonce, isSameOriginPost, securityHeaders } from "../utils/headers.server";
import { errorFields, log, redactPath } from "../utils/log.server";
import { hit } from "../utils/rate-limit.server";
import { clientIp } from "../utils/request.server";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));

export type WebAppOptions = {
  env: Env;
  build: ServerBuild;
  /** Origins a form post may redirect to (the hosted payment page), for the CSP. */
  paymentOrigins: () => string[];
};

export function createWebApp({ env, build, paymentOrigins }: WebAppOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  if (env.TRUST_PROXY === "1") app.set("trust proxy", true);
  app.use(compression());

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
  app.use("/build", express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(ROOT, "public"), { maxAge: "1h" }));

  app.use((req, res, next) => {
    const start = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      log(res.statusCode >= 500 ? "error" : "info", "request", {
        method: req.method,
        path: redactPath(req.originalUrl),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      });
    });
    next();
  });

  app.use((req, res, next) => {
    const result = hit("request", clientIp(req.ip));
    if (result.ok) return next();
    res.setHeader("Retry-After", String(result.retryAfterSeconds));
    res.status(429).type("html").send(TOO_MANY_REQUESTS_HTML);
  });

  // Cross-site form posts are refused (SameSite=Lax cookies are the first line; this is the
  // second). Webhooks come from other origins by design and carry their own signatures.
  app.use((req, res, next) => {
    if (req.method === "GET" || req.method === "HEAD" || req.path.startsWith("/webhooks/")) {
      return next();
    }
    if (!isSameOriginPost(req.get("origin"), req.get("sec-fetch-site"), req.get("host"))) {
      res.status(403).type("text").send("Cross-origin request refused");
      return;
    }
    // With Referrer-Policy: no-referrer, browsers send `Origin: null` on same-origin form
    // posts; Remix would take that for an attack, so the (already checked) header goes.
    if (req.get("origin") === "null") delete req.headers.origin;
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: clientIp(req.ip),
      }),
    }),
  );

  app.use(((error, _req, res, _next) => {
    log("error", "unhandled", errorFields(error));
    res.status(500).type("text").send("Something went wrong on our side. Please try again.");
  }) as express.ErrorRequestHandler);

  return app;
}

/** Starts listening; resolves with the server and the port it got (PORT=0: any free one). */
export function listen(app: express.Express, port: number, host: string): Promise<{ server: http.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address();
      resolve({ server, port: typeof address === "object" && address ? address.port : port });
    });
  });
}

const TOO_MANY_REQUESTS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Please wait a moment</title></head>
<body><main><h1>Please wait a moment</h1><p>We received many requests from your connection in a short time.
Please wait a minute, then try again. Nothing you have done so far is lost.</p></main></body></html>`;
