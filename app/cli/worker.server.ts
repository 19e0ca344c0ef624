// `npm run worker`: charges due installments and reconciles, in a loop. Run as many as
// you like (row locks + idempotency keys). Needs STRIPE_SECRET_KEY, or STRIPE_EMULATOR_URL
// and STRIPE_WEBHOOK_SECRET to drive a running emulator.
import { configureStripe } from "../services/stripe.server";
import { chargeDueInstallments, reconcile } from "../workers/charge-worker.server";
import { processOutbox, transportsFromEnv } from "../workers/outbox-worker.server";
import { scheduleReminders } from "../models/payment-reminders.server";
import { openAppDatabase } from "../server/startup.server";
import { EnvError, getEnv } from "../utils/env.server";
import { errorFields, log } from "../utils/log.server";

const once = process.argv.includes("--once");
const intervalMs = Number(process.env.WORKER_INTERVAL_MS ?? 60_000);

async function main() {
  const env = getEnv();
  const database = await openAppDatabase(env, "worker");
  configureStripe({
    emulatorUrl: process.env.STRIPE_EMULATOR_URL,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET ?? env.STRIPE_WEBHOOK_SECRET,
    maxNetworkRetries: 0,
  });
  let running = true;
  const stop = () => {
    running = false;
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  let lastReconcile = 0;
  do {
    try {
      const run = await chargeDueInstallments({
        maxPerSecond: Number(process.env.WORKER_MAX_PER_SECOND ?? 20),
      });
      log("info", "charge run", run);
      // Messages: reminders three days ahead, then everything due in the outbox.
      await scheduleReminders();
      log("info", "outbox run", await processOutbox({ transports: transportsFromEnv() }));
      if (once || Date.now() - lastReconcile > 24 * 3600 * 1000) {
        lastReconcile = Date.now();
        log("info", "reconcile", await reconcile());
      }
    } catch (error) {
      log("error", "worker", errorFields(error));
    }
    if (!once && running) await new Promise((r) => setTimeout(r, intervalMs));
  } while (running && !once);
  await database.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(
      error instanceof EnvError ? error.message : `Worker failed: ${(error as Error).message}`,
    );
    process.exit(1);
  },
);
