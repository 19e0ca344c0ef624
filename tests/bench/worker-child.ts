// Child of `npm run bench`: charges N due installments against the emulator the parent
// runs, in a process of its own so its memory is the worker's alone (sampled every 200 ms).
import { and, eq, inArray, like } from "drizzle-orm";
import * as schema from "../../db/schema";
import { chargeDueInstallments } from "../../app/workers/charge-worker.server";
import { configureStripe, stripe } from "../../app/services/stripe.server";
import { createDueInstallments } from "./seed";
import { openDatabase } from "../../db/client.server";
import { setDatabase } from "../../app/utils/db.server";
import { databaseEnvFromProcess, reportResult } from "./support";

const count = Number(process.env.BENCH_INSTALLMENTS ?? 10_000);
// Opened as the worker process opens it (its application_name and session limits).
const env = databaseEnvFromProcess();
const database = await openDatabase({
  url: env.DATABASE_URL,
  dataDir: env.PGLITE_DIR,
  pool: 8,
  kind: "worker",
});
await database.migrate();
setDatabase(database);
configureStripe({
  emulatorUrl: process.env.BENCH_EMULATOR_URL,
  webhookSecret: process.env.BENCH_WEBHOOK_SECRET,
  maxNetworkRetries: 0,
});

const customer = await stripe().customers.create({ email: "bench@example.com" });
const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
const accounts = await database.db
  .select({ id: schema.accounts.id })
  .from(schema.accounts)
  .where(like(schema.accounts.reference, "BENCH-%"))
  .orderBy(schema.accounts.reference)
  .limit(count);
if (accounts.length < count) throw new Error(`only ${accounts.length} bench accounts`);
const setupStarted = Date.now();
const installments = await createDueInstallments(
  database.db,
  accounts.map((a) => a.id),
  { customer: customer.id, paymentMethod: pm.id },
);
const setupMs = Date.now() - setupStarted;

global.gc?.();
const samples: number[] = [];
const sample = () => samples.push(process.memoryUsage().rss);
sample();
const rssStart = samples[0];
const timer = setInterval(sample, 200);
// In slices of 500 (25 batches of the default 20), so the run stays bounded in time on a
// busy machine: past the budget it stops and reports how far it got.
const budgetMs = Number(process.env.BENCH_WORKER_BUDGET_MS ?? 150_000);
const started = performance.now();
const run = { charged: 0, failed: 0, deferred: 0, defects: 0, recovered: 0, notReached: 0 };
let complete = false;
while (performance.now() - started < budgetMs) {
  const slice = await chargeDueInstallments({ maxPerSecond: 1_000_000, maxBatches: 25 });
  run.charged += slice.charged;
  run.failed += slice.failed;
  run.deferred += slice.deferred;
  run.defects += slice.defects;
  run.recovered += slice.recovered;
  run.notReached += slice.notReached;
  console.log(
    `charged ${run.charged} after ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  if (
    slice.charged + slice.failed + slice.deferred + slice.defects === 0 ||
    run.charged + run.failed >= installments.length
  ) {
    complete = run.charged + run.failed >= installments.length;
    break;
  }
}
const ms = performance.now() - started;
clearInterval(timer);
sample();
const rssEnd = samples[samples.length - 1];

// Only this run's installments (the demo seed has paid ones of its own), in chunks.
let paid = 0;
for (let i = 0; i < installments.length; i += 5_000) {
  const ids = installments.slice(i, i + 5_000).map((x) => x.installmentId);
  paid += await database.db.$count(
    schema.installments,
    and(eq(schema.installments.status, "paid"), inArray(schema.installments.id, ids)),
  );
}
const payments = await database.db.$count(schema.payments);
await database.close();
reportResult({
  installments: installments.length,
  setupMs,
  ms,
  run,
  complete,
  paid,
  payments,
  customer: customer.id,
  rss: { start: rssStart, peak: Math.max(...samples), end: rssEnd, samples: samples.length },
});
process.exit(0);
