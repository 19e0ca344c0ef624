// The web process: opens the database, configures Stripe (or starts its emulator as a child
// process) and, in demo mode, the workers, then serves the web app (web-app.server.ts:
// Express in front of Remix). `npm start` without NODE_ENV runs the demo (embedded
// database, demo data, Stripe emulator); a deployment sets NODE_ENV=production and real secrets.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";

if (!process.env.NODE_ENV) {
  // A local run: production React, demo data, nothing to configure.
  process.env.NODE_ENV = "production";
  process.env.DEMO ??= "1";
}

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const BUILD_ENTRY = path.join(ROOT, "build/index.js");

const { getEnv, EnvError } = await import("../utils/env.server");
const { log } = await import("../utils/log.server");
const { createNonce } = await import("../utils/headers.server");

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
  const { seedDemo, printDemoLinks } = await import("../demo/seed.server");
  await seedDemo(database.db);
  await printDemoLinks(database.db, env.appUrl);
}
await building;

// Payments: real Stripe with keys; otherwise the local emulator, as its own server process
// (packages/stripe-emulator), reached over HTTP by stripe-node like Stripe itself.
const { configureStripe, checkoutOrigin } = await import("../services/stripe.server");
let emulator: {
  url: string;
  stop(): Promise<void>;
  setWebhookEndpoint(url: string): Promise<void>;
} | null = null;
if (env.STRIPE_SECRET_KEY) {
  configureStripe();
} else {
  const { startEmulatorProcess } = await import("../demo/stripe-emulator-process.server");
  const webhookSecret = `whsec_demo_${createNonce().replace(/\W/g, "")}`;
  emulator = await startEmulatorProcess({
    port: env.STRIPE_EMULATOR_PORT,
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
  const { startChargeWorker } = await import("../workers/charge-worker.server");
  const { startOutboxWorker } = await import("../workers/outbox-worker.server");
  stopWorkers.push(startChargeWorker({ intervalMs: 30_000 }));
  stopWorkers.push(startOutboxWorker({ intervalMs: 5_000 }));
}

const { createWebApp, listen } = await import("./web-app.server");
const app = createWebApp({ env, build, paymentOrigins: () => [checkoutOrigin()] });
const { server, port } = await listen(app, env.PORT, env.HOST, env);
for (const warning of env.warnings) log("warn", "configuration", { warning });
await emulator?.setWebhookEndpoint(`http://127.0.0.1:${port}/webhooks/stripe`);
log("info", "listening", {
  port,
  database: database.kind,
  demo: env.demo,
  startupMs: Date.now() - started,
});
console.log(`\n  Portal ready: http://localhost:${port}${env.demo ? "  (demo: see /demo)" : ""}\n`);

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
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules/@remix-run/dev/dist/cli.js"), "build"],
      {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, NODE_ENV: "production" },
      },
    );
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`remix build exited ${code}`)),
    );
  });
}
