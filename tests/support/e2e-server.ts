// The server the browser tests run (playwright.config.ts's webServer): the production build
// behind the same Express pipeline as `npm start` in demo mode (app/server/web-app.server.ts,
// the Stripe emulator, the workers), plus one test-only seam, POST /__e2e/fixtures/…, that
// makes a test's own creditor, debtor, links or creditor user through the real models
// (tests/support/factories.ts), and reads the outbox message queued for a test's account.
// The seam lives in this file only: no production entry point imports it, and this file
// refuses to start outside demo mode or on a database that is not a throwaway test one
// (ADR 0015).
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { LinkState } from "./factories";

const ROOT = path.resolve(import.meta.dirname, "../..");

process.env.NODE_ENV ??= "production";
process.env.DEMO ??= "1";

const { getEnv } = await import("../../app/utils/env.server");
const env = getEnv();
refuseUnlessThrowaway(env);

const { openAppDatabase } = await import("../../app/server/startup.server");
const database = await openAppDatabase(env);
const { seedDemo } = await import("../../app/demo/seed.server");
await seedDemo(database.db);

const { configureStripe, checkoutOrigin } = await import("../../app/services/stripe.server");
const { startStripeEmulator } = await import("@portal/stripe-emulator");
const { createNonce } = await import("../../app/utils/headers.server");
const webhookSecret = `whsec_e2e_${createNonce().replace(/\W/g, "")}`;
const emulator = await startStripeEmulator({
  port: 0,
  host: "127.0.0.1",
  webhookSecret,
  displayName: "Test payment page",
  bankSettlementDelayMs: 5_000,
});
configureStripe({ emulatorUrl: emulator.url, webhookSecret });

const build = (await import(pathToFileURL(path.join(ROOT, "build/index.js")).href)) as ServerBuild;
const { startChargeWorker } = await import("../../app/workers/charge-worker.server");
const { startOutboxWorker } = await import("../../app/workers/outbox-worker.server");
const stopWorkers = [
  startChargeWorker({ intervalMs: 30_000 }),
  startOutboxWorker({ intervalMs: 5_000 }),
];

const factories = await import("./factories");
const fixtures = express.Router();
fixtures.use(express.json({ limit: "10kb" }));
fixtures.post("/debtor", async (req, res) => {
  const persona = String(req.body?.persona) as keyof typeof factories.PERSONAS;
  if (!(persona in factories.PERSONAS))
    return void res.status(400).json({ error: `no persona ${persona}` });
  const links = Array.isArray(req.body?.links) ? (req.body.links as LinkState[]) : undefined;
  // Under a creditor the test made before (its creditor user's), else a new one.
  const creditor = req.body?.creditorId
    ? await factories.creditorFixture(database.db, String(req.body.creditorId))
    : undefined;
  if (creditor === null) return void res.status(404).json({ error: "no such creditor" });
  const state = factories.DEBTOR_STATES.find((s) => s === req.body?.state);
  res.json(await factories.createDebtor(database.db, persona, { links, creditor, state }));
});
fixtures.post("/creditor-user", async (req, res) => {
  const kind = req.body?.kind === "agency" ? "agency" : "first_party";
  const role = req.body?.role === "staff" ? "staff" : "owner";
  res.json(
    await factories.createCreditorUser(database.db, {
      kind,
      role,
      enrolled: req.body?.enrolled !== false,
    }),
  );
});
fixtures.post("/link", async (req, res) => {
  res.json(
    await factories.createLink(
      database.db,
      String(req.body?.accountId),
      req.body?.state ?? "fresh",
    ),
  );
});
// A test creditor's own name, accent and logo (tests/support/brand-fixtures.ts).
fixtures.post("/creditor-branding", async (req, res) => {
  const { brandCreditor } = await import("./brand-fixtures");
  const body = req.body ?? {};
  res.json(
    await brandCreditor(database.db, String(body.creditorId), {
      displayName: typeof body.displayName === "string" ? body.displayName : undefined,
      accentColor: typeof body.accentColor === "string" ? body.accentColor : undefined,
      logo: body.logo === true,
    }),
  );
});
// Not a fixture but a read: the newest message the app queued about the test's account,
// scoped to the test's creditor (the demo outbox page lists every test's messages).
fixtures.post("/outbox-message", async (req, res) => {
  const message = await factories.outboxMessageFor(
    database.db,
    String(req.body?.creditorId),
    String(req.body?.accountId),
  );
  if (!message) return void res.status(404).json({ error: "no message for this account" });
  res.json(message);
});
fixtures.use(((error, _req, res, _next) => {
  console.error("e2e fixture failed", error);
  res.status(500).json({ error: String(error) });
}) as express.ErrorRequestHandler);

const { createWebApp, listen } = await import("../../app/server/web-app.server");
const app = express();
app.use("/__e2e/fixtures", fixtures);
app.use(createWebApp({ env, build, paymentOrigins: () => [checkoutOrigin()] }));
const { server, port } = await listen(app, env.PORT, env.HOST, env);
emulator.controls.setWebhookEndpoint(`http://127.0.0.1:${port}/webhooks/stripe`);
console.log(`e2e server on http://127.0.0.1:${port}`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  server.close();
  server.closeAllConnections();
  for (const stop of stopWorkers) await stop();
  await emulator.stop().catch(() => {});
  await database.close().catch(() => {});
  process.exit(0);
}
for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const)
  process.once(signal, () => void shutdown());
// Playwright starts us with a pipe on stdin: when the runner dies (even by SIGKILL), the
// pipe closes and we stop instead of holding the port and the database.
process.stdin.on("end", () => void shutdown());
process.stdin.on("error", () => void shutdown());
process.stdin.resume();

function refuseUnlessThrowaway(e: ReturnType<typeof getEnv>) {
  const throwawayPglite =
    !e.DATABASE_URL &&
    path.resolve(e.PGLITE_DIR).startsWith(path.join(ROOT, "tests/.tmp") + path.sep);
  const throwawayPostgres =
    !!e.DATABASE_URL && /^\/portal_e2e_\w+$/.test(new URL(e.DATABASE_URL).pathname);
  if (process.env.E2E_FIXTURES !== "1" || !e.demo || !(throwawayPglite || throwawayPostgres)) {
    console.error(
      "tests/support/e2e-server.ts is the browser tests' server: it needs E2E_FIXTURES=1, demo mode, and a " +
        "throwaway database (PGLITE_DIR under tests/.tmp, or a PostgreSQL database named portal_e2e_*).",
    );
    process.exit(1);
  }
}
