// The web server: Express owns headers, compression and rate limits; Remix renders.
// `npm start` without NODE_ENV runs the demo (embedded database, demo data, Stripe
// emulator); a deployment sets NODE_ENV=production and real secrets.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

if (!process.env.NODE_ENV) {
  // A local run: production React, demo data, nothing to configure.
  process.env.NODE_ENV = "production";
  process.env.DEMO ??= "1";
}

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const BUILD_ENTRY = path.join(ROOT, "build/index.js");

const { getEnv, EnvError } = await import("../utils/env.server");
const { log, redactPath, errorFields } = await import("../utils/log.server");
const { createNonce, isSameOriginPost, securityHeaders } = await import("../utils/headers.server");
const { hit } = await import("../utils/rate-limit.server");
const { clientIp } = await import("../utils/request.server");

let env: ReturnType<typeof getEnv>;
try {
  env = getEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const started = Date.now();
const shouldBuild = process.argv.includes("--build");
// Build the client and server bundles while the database starts: both take seconds.
const building = shouldBuild ? runBuild() : Promise.resolve();

const { openAppDatabase } = await import("./startup.server");
const database = await openAppDatabase(env);
if (env.demo) {
  const { seedDemo, printDemoLinks } = await import("../../db/seed");
  await seedDemo(database.db);
  await printDemoLinks(database.db, env.appUrl);
}
await building;

// Payments: real Stripe with keys; otherwise the local emulator, in this process.
const { configureStripe, checkoutOrigin } = await import("../services/stripe.server");
let emulator: { url: string; stop(): Promise<void>; controls: { setWebhookEndpoint(url: string, secret?: string): void } } | null = null;
if (env.STRIPE_SECRET_KEY) {
  configureStripe();
} else {
  const { startStripeEmulator } = await import("../services/stripe-emulator/index.server");
  const webhookSecret = `whsec_demo_${createNonce().replace(/\W/g, "")}`;
  emulator = await startStripeEmulator({
    port: env.STRIPE_EMULATOR_PORT,
    host: "127.0.0.1",
    webhookSecret,
    displayName: "Test payment page",
    bankSettlementDelayMs: 5_000,
  });
  configureStripe({ emulatorUrl: emulator.url, webhookSecret });
}

const build = (await import(pathToFileURL(BUILD_ENTRY).href)) as ServerBuild;

// Demo mode runs the installment worker in this process; production runs `npm run worker`.
const stopWorkers: (() => void | Promise<void>)[] = [];
if (env.demo) {
  const { startChargeWorker } = await import("../services/charge-worker.server");
  const { startOutboxWorker } = await import("../services/outbox-worker.server");
  stopWorkers.push(startChargeWorker({ intervalMs: 30_000 }));
  stopWorkers.push(startOutboxWorker({ intervalMs: 5_000 }));
}

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
app.use(
  "/build",
  express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y" }),
);
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

const server = app.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : env.PORT;
  emulator?.controls.setWebhookEndpoint(`http://127.0.0.1:${port}/webhooks/stripe`);
  log("info", "listening", {
    port,
    database: database.kind,
    demo: env.demo,
    startupMs: Date.now() - started,
  });
  console.log(`\n  Portal ready: http://localhost:${port}${env.demo ? "  (demo: see /demo)" : ""}\n`);
});

function paymentOrigins(): string[] {
  return [checkoutOrigin()];
}

async function shutdown(signal: string) {
  log("info", "shutting down", { signal });
  server.close();
  for (const stop of stopWorkers) await stop();
  await emulator?.stop().catch(() => {});
  await database.close().catch(() => {});
  process.exit(0);
}
process.once("SIGTERM", () => void shutdown("SIGTERM"));
process.once("SIGINT", () => void shutdown("SIGINT"));

function runBuild(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`remix build exited ${code}`))));
  });
}

const TOO_MANY_REQUESTS_HTML = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Please wait a moment</title></head>
<body><main><h1>Please wait a moment</h1><p>We received many requests from your connection in a short time.
Please wait a minute, then try again. Nothing you have done so far is lost.</p></main></body></html>`;
