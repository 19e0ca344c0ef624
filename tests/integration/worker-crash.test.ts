// Issue #6 and #15, quality.md "Reliability": a charge worker killed mid-run and restarted
// charges every due installment exactly once, even when it comes back after Stripe has
// forgotten its idempotency keys (about 24 h); two workers at once never double-charge; and
// no worker session is left idle in transaction while Stripe answers.
//
// The cross-process tests run the real worker (`app/cli/worker.server.ts --once`, started
// with `node --import tsx`) as child processes against a PostgreSQL database they share
// with this test, and the Stripe emulator running here. Each child reaches the emulator
// through a small proxy in this process that holds every API response for a few
// milliseconds (network latency; the emulator itself has no latency option) and counts the
// payment intents the child creates. The kill is deterministic: when the emulator has
// created the Nth payment intent of the run, the proxy SIGKILLs the worker before the
// response reaches it, in the middle of a batch: Stripe has charged, the worker never
// learned it, and the attempts it recorded before calling are left open. The emulator's
// clock then moves 25 hours (every key expires) and the dead worker's attempts are made
// 25 hours old; the restarted worker must find those charges at Stripe by itself.
// For two workers at once, the proxies hold every answer until both workers have asked
// Stripe something, so their runs overlap however far apart the two processes start.
//
// The children are tests/support/worker-child.ts: it loads the worker's modules, waits for
// "go", then runs the CLI itself, so a restart or a second worker needs no cold start.
//
// PGlite (in memory) cannot be shared between processes, so without TEST_DATABASE_URL only
// the in-process case runs: two chargeDueInstallments at once in this process.
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { chargeDueInstallments, reconcile } from "../../app/workers/charge-worker.server";
import { stripe } from "../../app/services/stripe.server";
import { createDueInstallments, seedAccounts } from "../bench/seed";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startPaymentsKit, type PaymentsKit } from "../support/payments";

const ROOT = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const WEBHOOK_SECRET = "whsec_test_kit"; // the one tests/support/payments.ts configures
const PLANS = 60;
/**
 * The worker is killed when the answer to this payment intent creation reaches the proxy: in
 * its second batch of 20. Its other calls in flight at that moment (up to 7) still reach
 * Stripe, so more than this many may have been charged before it died.
 */
const KILL_AT = 30;
/** Each API response is held this long (ms) on its way back to a child worker. */
const LATENCY_MS = 10;
const CHILD_TIMEOUT_MS = 40_000;
// This process handles the webhooks (hundreds of info lines): only trouble is worth a line.
process.env.LOG_LEVEL ??= "warn";

type Due = Awaited<ReturnType<typeof createDueInstallments>>[number];

let database: TestDatabase;
let kit: PaymentsKit;
const children = new Set<ChildProcess>();
const proxies = new Set<LatencyProxy>();

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  kit = await startPaymentsKit();
  // As Stripe does, several deliveries in flight at once (and faster on a busy machine).
  kit.emulator.controls.deliveryMode({ concurrency: 4 });
});

afterAll(async () => {
  // Only the children this file started, by their own handles.
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  await Promise.all([...children].map((child) => exited(child)));
  for (const proxy of proxies) await proxy.close().catch(() => {});
  await kit?.stop();
  await database?.dispose();
});

/** Active plans with one installment due two days ago each, on one saved visa card. */
async function seedDue(prefix: string, count: number): Promise<{ due: Due[]; customer: string }> {
  const accounts = await seedAccounts(database.db, count, { prefix });
  const customer = await stripe().customers.create({
    email: `${prefix.toLowerCase()}@example.com`,
  });
  const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
  const due = await createDueInstallments(
    database.db,
    accounts.map((a) => a.id),
    { customer: customer.id, paymentMethod: pm.id },
  );
  return { due, customer: customer.id };
}

/** The app's own clean-up: webhooks delivered, then the reconciler, then their webhooks. */
async function settle() {
  await kit.emulator.controls.flushWebhooks({ timeoutMs: 20_000 });
  await reconcile();
  await kit.emulator.controls.waitForWebhooks({ timeoutMs: 20_000 });
}

/**
 * Per installment: one payment intent in Stripe, installment paid, one payment (succeeded),
 * one ledger entry of −amount, one receipt per channel. Returns every deviation (empty = all good).
 */
async function problemsWith(due: Due[], customer: string): Promise<string[]> {
  const db = database.db;
  const ids = due.map((d) => d.installmentId);
  const accountIds = due.map((d) => d.accountId);
  const installments = await db
    .select()
    .from(schema.installments)
    .where(inArray(schema.installments.id, ids));
  const payments = await db
    .select()
    .from(schema.payments)
    .where(inArray(schema.payments.accountId, accountIds));
  const ledger = await db
    .select()
    .from(schema.ledgerEntries)
    .where(
      and(
        inArray(schema.ledgerEntries.accountId, accountIds),
        eq(schema.ledgerEntries.source, "stripe_payment_intent"),
      ),
    );
  const receipts = await db
    .select()
    .from(schema.outboxMessages)
    .where(
      and(
        inArray(schema.outboxMessages.accountId, accountIds),
        eq(schema.outboxMessages.template, "payment_receipt"),
      ),
    );
  const problems: string[] = [];
  const total = kit.emulator.controls.countPaymentIntents({ customer });
  if (total !== due.length)
    problems.push(`${total} payment intents in Stripe for ${due.length} installments`);
  for (const d of due) {
    const where = `installment ${d.installmentId}`;
    const intents = kit.emulator.controls.countPaymentIntents({
      metadata: { installment_id: d.installmentId },
    });
    if (intents !== 1) problems.push(`${where}: ${intents} payment intents`);
    const inst = installments.find((i) => i.id === d.installmentId);
    if (inst?.status !== "paid") problems.push(`${where}: status ${inst?.status}`);
    const mine = payments.filter((p) => p.accountId === d.accountId);
    const succeeded = mine.filter(
      (p) => p.status === "succeeded" && p.installmentId === d.installmentId,
    );
    if (mine.length !== 1 || succeeded.length !== 1)
      problems.push(`${where}: payments ${JSON.stringify(mine.map((p) => p.status))}`);
    const entries = ledger.filter((e) => e.accountId === d.accountId);
    if (entries.length !== 1 || entries[0].amountCents !== -d.amountCents)
      problems.push(`${where}: ledger ${JSON.stringify(entries.map((e) => e.amountCents))}`);
    if (
      inst?.stripePaymentIntentId &&
      entries[0] &&
      entries[0].sourceId !== inst.stripePaymentIntentId
    )
      problems.push(
        `${where}: ledger posts ${entries[0].sourceId}, installment has ${inst.stripePaymentIntentId}`,
      );
    // One receipt per channel the debtor keeps open.
    const sent = receipts.filter((r) => r.accountId === d.accountId).map((r) => r.channel);
    if (sent.length === 0 || new Set(sent).size !== sent.length)
      problems.push(`${where}: receipts ${JSON.stringify(sent)}`);
  }
  return problems;
}

/** Payment-intent creations the emulator answered from its idempotency store, since `since`. */
function replayedCreates(since: number) {
  return kit.emulator.controls
    .requests()
    .filter(
      (r) => r.at >= since && r.method === "POST" && r.path === "/v1/payment_intents" && r.replayed,
    ).length;
}

/** The charge attempts of these installments (null on a schema without the table). */
async function attemptsOf(installmentIds: string[]) {
  const { rows } = await database.db.execute<{ present: boolean }>(
    sql`select to_regclass('charge_attempts') is not null as present`,
  );
  if (!rows[0].present) return null;
  return database.db
    .select()
    .from(schema.chargeAttempts)
    .where(inArray(schema.chargeAttempts.installmentId, installmentIds));
}

// --- a child worker and its proxy ---

type LatencyProxy = {
  url: string;
  /** Requests received so far, and payment intents created (200 answers to POST /v1/payment_intents). */
  requests: number;
  creates: number;
  /** Requests forwarded to the emulator whose answer has not come back yet. */
  inFlight: number;
  /** Called with each create's running number before its answer goes back; true = drop the answer. */
  onCreate?: (n: number) => boolean;
  /** Called on each request as it arrives. */
  onRequest?: () => void;
  /** While set, answers wait for it (the request has already run in the emulator). */
  gate?: Promise<void>;
  close(): Promise<void>;
};

async function startLatencyProxy(target: string, latencyMs: number): Promise<LatencyProxy> {
  const upstreamUrl = new URL(target);
  const sockets = new Set<Socket>();
  const proxy: LatencyProxy = {
    url: "",
    requests: 0,
    creates: 0,
    inFlight: 0,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    res.on("error", () => {}); // the worker may be gone (killed) by the time we answer
    proxy.requests++;
    proxy.onRequest?.();
    proxy.inFlight++;
    let answered = false;
    const done = () => {
      if (!answered) proxy.inFlight--;
      answered = true;
    };
    const upstream = http.request(
      {
        host: upstreamUrl.hostname,
        port: upstreamUrl.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", async () => {
          done();
          if (
            req.method === "POST" &&
            req.url === "/v1/payment_intents" &&
            answer.statusCode === 200
          ) {
            proxy.creates++;
            if (proxy.onCreate?.(proxy.creates)) {
              res.destroy();
              return;
            }
          }
          await proxy.gate;
          await new Promise((resolve) => setTimeout(resolve, latencyMs));
          if (res.destroyed) return;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstream.on("error", () => {
      done();
      res.destroy();
    });
    // A worker killed while sending: nothing reaches Stripe.
    req.on("close", () => {
      if (!req.complete) upstream.destroy();
    });
    req.pipe(upstream);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  proxies.add(proxy);
  return proxy;
}

type Worker = {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once the worker's modules are loaded (it has touched neither database nor Stripe). */
  ready: Promise<void>;
  /** Lets it run: `app/cli/worker.server.ts --once`. */
  go(): void;
};

function databaseUrl() {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${database.name}`;
  return url.toString();
}

/**
 * `npm run worker -- --once` as its own process, talking to Stripe through `stripeUrl`;
 * loaded in advance by tests/support/worker-child.ts and started by `go()`.
 */
function spawnWorker(stripeUrl: string): Worker {
  // Demo-mode defaults (no NODE_ENV), the emulator rather than any real Stripe or mail.
  const env: Record<string, string | undefined> = {
    ...process.env,
    DATABASE_URL: databaseUrl(),
    STRIPE_EMULATOR_URL: stripeUrl,
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    WORKER_MAX_PER_SECOND: "100",
    LOG_LEVEL: "warn",
  };
  delete env.NODE_ENV;
  delete env.STRIPE_SECRET_KEY;
  delete env.SMTP_URL;
  delete env.TWILIO_ACCOUNT_SID;
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/support/worker-child.ts", "--once"],
    {
      cwd: ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.stdin!.on("error", () => {}); // killed before it read "go"
  let output = "";
  let onReady = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
    if (/^ready$/m.test(output)) onReady();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => output,
    exit,
    ready: Promise.race([
      ready,
      exit.then(() => Promise.reject(new Error(`a worker exited before it was ready:\n${output}`))),
    ]),
    go: () => child.stdin!.write("go\n"),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function untilIdle(proxy: LatencyProxy) {
  while (proxy.inFlight > 0) await sleep(20);
}

/**
 * PostgreSQL rolls a dead client's transaction back (and frees its row locks) once it
 * notices the closed socket: wait for that, so the restart cannot skip still-locked rows.
 */
async function untilNoOpenTransactions(timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state like 'idle in transaction%'`,
    );
    if (rows[0].n === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${rows[0].n} transactions still open ${timeoutMs} ms after the kill`);
    await sleep(50);
  }
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function exited(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => child.once("exit", () => resolve()));
}

/** Waits for a worker to finish on its own; a hung one is killed and fails the test. */
async function finish(worker: Worker, name: string) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), CHILD_TIMEOUT_MS);
  });
  const result = await Promise.race([worker.exit, timeout]);
  clearTimeout(timer);
  if (result === "timeout") {
    worker.child.kill("SIGKILL");
    throw new Error(`${name} did not finish within ${CHILD_TIMEOUT_MS} ms:\n${worker.output()}`);
  }
  expect(result, `${name} exit; its output:\n${worker.output()}`).toEqual({
    code: 0,
    signal: null,
  });
}

// --- the tests ---

describe("charge worker: nothing lost, nothing twice", () => {
  it("two chargeDueInstallments at once in one process charge each installment once (on PGlite their transactions take turns)", async () => {
    const { due, customer } = await seedDue("DUO", 40);
    const started = Date.now();
    const [a, b] = await Promise.all([
      chargeDueInstallments({ batchSize: 7 }),
      chargeDueInstallments({ batchSize: 7 }),
    ]);
    expect(a.charged).toBeGreaterThan(0);
    expect(b.charged).toBeGreaterThan(0);
    expect(a.charged + b.charged).toBe(due.length);
    expect(replayedCreates(started)).toBe(0);
    expect(a.failed + b.failed + a.deferred + b.deferred).toBe(0);
    expect(await chargeDueInstallments()).toEqual({
      charged: 0,
      failed: 0,
      deferred: 0,
      defects: 0,
      recovered: 0,
      notReached: 0,
    });
    await settle();
    expect(await problemsWith(due, customer)).toEqual([]);
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "a worker process SIGKILLed mid-batch after Stripe charged, restarted 25 hours later (every idempotency key expired), charges every installment exactly once (needs TEST_DATABASE_URL: PGlite cannot be shared between processes)",
    async () => {
      // Two processes: the worker that will die, and the fresh one that takes over. Both
      // load while the data is seeded; neither touches database or Stripe before go().
      const proxy = await startLatencyProxy(kit.emulator.url, LATENCY_MS);
      const first = spawnWorker(proxy.url);
      const second = spawnWorker((await startLatencyProxy(kit.emulator.url, LATENCY_MS)).url);
      const { due, customer } = await seedDue("CRASH", PLANS);
      const ids = due.map((d) => d.installmentId);
      await within(Promise.all([first.ready, second.ready]), CHILD_TIMEOUT_MS, "workers ready");
      // The app's webhook endpoint is slow today: nothing arrives until the workers are done,
      // so the restarted worker has to find the lost charges by itself.
      kit.emulator.controls.pauseWebhooks();
      const started = Date.now();

      let atKill = -1;
      proxy.onCreate = (n) => {
        if (n !== KILL_AT) return false;
        first.child.kill("SIGKILL");
        atKill = kit.emulator.controls.countPaymentIntents({ customer });
        return true; // Stripe charged; the answer is lost with the worker
      };
      first.go();
      const killed = await within(first.exit, CHILD_TIMEOUT_MS, "the kill").catch(
        (error: Error) => error.message,
      );
      expect(
        killed,
        `the first worker should have died by SIGKILL; its output:\n${first.output()}`,
      ).toEqual({ code: null, signal: "SIGKILL" });
      await untilNoOpenTransactions();
      // The calls it had sent before dying still run in Stripe: wait for their answers.
      await within(untilIdle(proxy), 10_000, "the dead worker's last calls");
      const chargedByFirst = kit.emulator.controls.countPaymentIntents({ customer });

      // Killed mid-run: some installments charged in Stripe, not all.
      expect(atKill).toBeGreaterThanOrEqual(KILL_AT);
      expect(chargedByFirst).toBeGreaterThanOrEqual(atKill);
      expect(chargedByFirst).toBeLessThan(PLANS);
      const attempts = await attemptsOf(ids);
      const appliedBeforeRestart = await database.db.$count(
        schema.installments,
        and(inArray(schema.installments.id, ids), eq(schema.installments.status, "paid")),
      );

      // The worker stays down for 25 hours: Stripe has forgotten every idempotency key it
      // used (keys live about 24 h), and the attempts it recorded are 25 h old.
      kit.emulator.controls.advanceClock(25 * 3600);
      if (attempts) {
        await database.db.execute(
          sql`update charge_attempts set started_at = started_at - interval '25 hours'`,
        );
      }

      second.go();
      await finish(second, "the restarted worker");
      // The restart found what the dead worker had charged (by listing the customer's
      // intents, not by repeating a key Stripe no longer knows) and charged only the rest.
      const afterRestart = kit.emulator.controls.countPaymentIntents({ customer });
      expect(afterRestart, "payment intents in Stripe for the 60 installments").toBe(PLANS);
      expect(replayedCreates(started)).toBe(0);
      // Every charge was recorded as an attempt before it was sent; the dead worker's
      // last ones were still open when it died: it never learned their outcome.
      expect(attempts?.length ?? 0).toBeGreaterThanOrEqual(chargedByFirst);
      expect(attempts?.filter((a) => a.status === "in_flight").length ?? 0).toBeGreaterThan(0);
      const closed = (await attemptsOf(ids)) ?? [];
      // The dead worker's attempts are the 25-hour-old ones.
      const dead = closed.filter((a) => a.startedAt.getTime() < started - 3600_000);
      const recovered = dead.filter((a) => a.status === "charged").length;
      const notReached = dead.filter((a) => a.status === "not_reached").length;
      expect(closed.filter((a) => a.status === "in_flight" || a.status === "unknown")).toEqual([]);

      await settle();
      expect(await problemsWith(due, customer)).toEqual([]);
      console.log(
        `worker crash: SIGKILL after ${atKill}/${PLANS} charges (${chargedByFirst} reached Stripe, ${appliedBeforeRestart} applied before the kill, ${dead.length} attempts recorded); 25 h later the restart found ${recovered} of them charged at Stripe, closed ${notReached} that never reached it, and charged ${afterRestart - chargedByFirst} more; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    },
    90_000,
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "no session of the worker process (application_name debtor-portal-worker) is idle in transaction while Stripe answers, sampled from pg_stat_activity (needs TEST_DATABASE_URL: the worker is its own process)",
    async () => {
      // Every Stripe answer takes SLOW_MS: a transaction held across a call sits "idle in
      // transaction" at least that long. Between two statements of a short transaction the
      // session is idle in transaction too, for the length of a round trip: only longer
      // than half a Stripe call counts.
      const SLOW_MS = 400;
      const proxy = await startLatencyProxy(kit.emulator.url, SLOW_MS);
      const worker = spawnWorker(proxy.url);
      const { due, customer } = await seedDue("IDLE", 40);
      await within(worker.ready, CHILD_TIMEOUT_MS, "worker ready");
      const sessions = new Set<number>();
      const idle: string[] = [];
      let samples = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const { rows } = await database.db.execute<{
            pid: number;
            state: string | null;
            ms: number;
            query: string;
          }>(
            sql`select pid, state, (extract(epoch from clock_timestamp() - state_change) * 1000)::int as ms, left(query, 120) as query
                from pg_stat_activity
                where datname = current_database() and application_name = 'debtor-portal-worker'`,
          );
          samples++;
          for (const row of rows) {
            sessions.add(row.pid);
            if (row.state?.startsWith("idle in transaction") && row.ms > SLOW_MS / 2)
              idle.push(`pid ${row.pid} ${row.state} for ${row.ms} ms after: ${row.query}`);
          }
          await sleep(20);
        }
      })();
      worker.go();
      try {
        await finish(worker, "the worker");
      } finally {
        sampling = false;
        await sampler;
      }
      expect(sessions.size, "the worker's sessions, named by application_name").toBeGreaterThan(0);
      expect(samples).toBeGreaterThan(20);
      expect(idle).toEqual([]);
      expect(proxy.creates).toBe(due.length);
      await settle();
      expect(await problemsWith(due, customer)).toEqual([]);
      console.log(
        `pg_stat_activity: ${samples} samples, ${sessions.size} worker sessions, none idle in transaction for more than ${SLOW_MS / 2} ms with Stripe answering in ${SLOW_MS} ms`,
      );
    },
    90_000,
  );

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "two worker processes started at once never charge an installment twice (needs TEST_DATABASE_URL: PGlite cannot be shared between processes)",
    async () => {
      const [proxyA, proxyB] = await Promise.all([
        startLatencyProxy(kit.emulator.url, LATENCY_MS),
        startLatencyProxy(kit.emulator.url, LATENCY_MS),
      ]);
      const a = spawnWorker(proxyA.url);
      const b = spawnWorker(proxyB.url);
      const { due, customer } = await seedDue("PAIR", PLANS);
      await within(Promise.all([a.ready, b.ready]), CHILD_TIMEOUT_MS, "workers ready");
      const started = Date.now();
      // Webhooks live this time: the app handles them while both workers run. No answer
      // goes back until both workers have asked Stripe something, so each holds a batch of
      // locked rows at the same time, however far apart they really start.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      proxyA.gate = proxyB.gate = gate;
      proxyA.onRequest = proxyB.onRequest = () => {
        if (proxyA.requests > 0 && proxyB.requests > 0) open();
      };
      a.go();
      b.go();
      await Promise.all([finish(a, "worker A"), finish(b, "worker B")]);

      // Both worked, and between them asked once per installment: row locks, not Stripe's
      // idempotency, kept them apart.
      expect(proxyA.creates).toBeGreaterThan(0);
      expect(proxyB.creates).toBeGreaterThan(0);
      expect(proxyA.creates + proxyB.creates).toBe(PLANS);
      expect(replayedCreates(started)).toBe(0);

      await settle();
      expect(await problemsWith(due, customer)).toEqual([]);
      console.log(
        `two workers: A charged ${proxyA.creates}, B charged ${proxyB.creates}; ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
    },
    90_000,
  );
});
