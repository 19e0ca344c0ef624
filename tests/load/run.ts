// `npm run test:load`: load and fault tests against the running app (a private build of
// this checkout, demo mode with its in-process Stripe emulator), loopback only, < 5 min.
//   1. 200 concurrent debtors for 60 s (statement, receipts, link pages) → zero 5xx,
//   2. meanwhile the emulator fails 30 % of API requests while a worker charges due
//      installments → every installment charged exactly once, ledger exact,
//   3. PostgreSQL restarted under load → requests fail cleanly, then the app recovers by
//      itself. A throwaway cluster (initdb, as root, on a port of 3300–3399) when possible;
//      otherwise, with DATABASE_URL, every app connection is killed (pg_terminate_backend).
//   0. First, on the quiet server: 10 concurrent 100 MB POSTs to /code, with Content-Length
//      and chunked → each 413 within 1 s, server RSS + < 50 MB (tests/load/bodies.ts).
//      `LOAD_ONLY=bodies npm run test:load` runs only this check (on PGlite, < 1 min) and
//      prints its table without rewriting docs/benchmarks.md.
// See docs/benchmarks.md.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { and, eq, inArray } from "drizzle-orm";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { mintAccessLinksBulk } from "../../app/models/access-links.server";
import { chargeDueInstallments, reconcile } from "../../app/workers/charge-worker.server";
import { configureStripe, stripe } from "../../app/services/stripe.server";
import { runLoad, type LoadResult } from "../bench/load-generator";
import { bigBodyRound, BODY_BYTES, BODY_POSTS, describeRound } from "./bodies";
import { createDueInstallments, createSessions, seedAccounts } from "../bench/seed";
import {
  adminQuery,
  baseEnv,
  copyCheckout,
  createBenchDatabase,
  freePort,
  installSignalHandlers,
  onCleanup,
  openBenchDatabase,
  ROOT,
  runCleanup,
  startNode,
  TMP,
  waitForOk,
  writeReport,
} from "../bench/support";

// This process runs app code too (seeding, the worker): only its errors are worth a line.
process.env.LOG_LEVEL ??= "error";
const run = promisify(execFile);
const DEBTORS = 200;
const LOAD_MS = 60_000;
const INSTALLMENTS = 300;
const BUDGET_MS = 290_000;

type Check = { name: string; ok: boolean; detail: string };
const checks: Check[] = [];
const notes: string[] = [];
const check = (name: string, ok: boolean, detail: string) => {
  checks.push({ name, ok, detail });
  console.log(`  ${ok ? "✔" : "✖"} ${name}: ${detail}`);
};
const step = (text: string) => console.log(`\n▶ ${text}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PostgreSQL this test may restart: its own cluster, or (fallback) a database to cut off. */
type Restartable = {
  adminUrl: string;
  kind: "cluster" | "terminate";
  restart(database: string): Promise<number>;
  label: string;
};

async function throwawayCluster(work: string): Promise<Restartable | null> {
  if (process.getuid?.() !== 0) return null;
  const bin = ["15", "16", "17", "14", "13"]
    .map((v) => `/usr/lib/postgresql/${v}/bin`)
    .find((dir) => fs.existsSync(path.join(dir, "initdb")));
  if (!bin) return null;
  try {
    await run("id", ["-u", "postgres"]);
  } catch {
    return null;
  }
  const port = await freePort();
  // Outside the work tree: the postgres user must own the folder and reach its parents.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-load-pg-"));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  await run("chown", ["postgres:postgres", dir]);
  const asPostgres = (cmd: string, args: string[]) =>
    run("runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args], { timeout: 60_000 });
  await asPostgres("initdb", [
    "-D",
    `${dir}/data`,
    "-A",
    "trust",
    "-U",
    "postgres",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100`;
  await asPostgres("pg_ctl", [
    "-D",
    `${dir}/data`,
    "-o",
    options,
    "-l",
    `${dir}/server.log`,
    "-w",
    "start",
  ]);
  onCleanup(async () => {
    await asPostgres("pg_ctl", ["-D", `${dir}/data`, "-m", "immediate", "-w", "stop"]).catch(
      () => {},
    );
  });
  void work;
  return {
    kind: "cluster",
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    label: `a throwaway PostgreSQL cluster (initdb, port ${port}), restarted with pg_ctl restart -m fast`,
    async restart() {
      const started = Date.now();
      await asPostgres("pg_ctl", [
        "-D",
        `${dir}/data`,
        "-o",
        options,
        "-l",
        `${dir}/server.log`,
        "-m",
        "fast",
        "-w",
        "restart",
      ]);
      return Date.now() - started;
    },
  };
}

function terminateBackends(adminUrl: string): Restartable {
  return {
    kind: "terminate",
    adminUrl,
    label:
      "simulated: every connection of the app killed with pg_terminate_backend for 3 s (no cluster of our own could be created)",
    async restart(database: string) {
      const started = Date.now();
      while (Date.now() - started < 3_000) {
        await adminQuery(
          adminUrl,
          "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()",
          [database],
        );
        await sleep(200);
      }
      return Date.now() - started;
    },
  };
}

async function control(emulatorUrl: string, name: string, body: unknown = {}) {
  const res = await fetch(`${emulatorUrl}/_emulator/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`emulator ${name}: HTTP ${res.status}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** The body-cap check, on the running server (its own process: RSS from /proc). */
async function bodyChecks(port: number, pid: number) {
  step(
    `${BODY_POSTS} concurrent ${BODY_BYTES / 1024 / 1024} MB POSTs to /code (Content-Length, then chunked)`,
  );
  for (const kind of ["content-length", "chunked"] as const) {
    const { ok, detail } = describeRound(await bigBodyRound(port, pid, kind));
    check(
      `${BODY_POSTS} × 100 MB POSTs to /code (${kind}): each 413 within 1 s, RSS + < 50 MB`,
      ok,
      detail,
    );
  }
}

/** LOAD_ONLY=bodies: the app on a fresh PGlite, the body-cap check, nothing else. */
async function bodiesOnly(work: string, logs: string) {
  const bench = await createBenchDatabase("load", work);
  step("start the app: private build of this checkout, demo mode, PGlite");
  const checkout = copyCheckout(path.join(work, "checkout"));
  const port = await freePort();
  const server = startNode({
    name: "server",
    cwd: checkout,
    args: ["app/server/main.server.ts", "--build"],
    env: baseEnv({
      ...bench.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      RATE_LIMIT_MULTIPLIER: "10000",
      LOG_LEVEL: "warn",
    }),
    logFile: path.join(logs, "server.log"),
  });
  await waitForOk(`http://127.0.0.1:${port}/healthz`, server, 120_000);
  // A few pages first, so the RSS before is a server that has served (JIT, caches).
  for (let i = 0; i < 20; i++)
    await fetch(`http://127.0.0.1:${port}/code`).then((r) => r.arrayBuffer());
  await bodyChecks(port, server.child.pid!);
  const alive = server.child.exitCode === null;
  check("the server survived", alive, alive ? "yes" : "it exited");
}

const fivexx = (r: LoadResult) =>
  Object.entries(r.statuses)
    .filter(([s]) => s.startsWith("5"))
    .reduce((a, [, n]) => a + n, 0);

async function main() {
  installSignalHandlers();
  const started = Date.now();
  const watchdog = setTimeout(() => {
    console.error(`\n✖ load test over its ${BUDGET_MS / 1000} s budget: stopping`);
    void runCleanup().finally(() => process.exit(2));
  }, BUDGET_MS);
  const work = path.join(TMP, `load-${Date.now()}`);
  const logs = path.join(work, "logs");
  let failed = false;
  const only = (process.env.LOAD_ONLY ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

  try {
    if (only.length > 0) {
      if (only.some((s) => s !== "bodies"))
        throw new Error(`LOAD_ONLY: only "bodies" can run alone (got ${only.join(",")})`);
      await bodiesOnly(work, logs);
    } else {
      step("PostgreSQL for the test");
      let pgTarget = await throwawayCluster(work).catch((error) => {
        notes.push(`No throwaway cluster: ${(error as Error).message.split("\n")[0]}`);
        return null;
      });
      if (!pgTarget && process.env.DATABASE_URL)
        pgTarget = terminateBackends(process.env.DATABASE_URL);
      console.log(
        `  ${pgTarget ? pgTarget.label : "none: PGlite (the database restart is skipped)"}`,
      );
      const bench = await createBenchDatabase("load", work, pgTarget?.adminUrl);
      const databaseName = bench.env.DATABASE_URL
        ? new URL(bench.env.DATABASE_URL).pathname.slice(1)
        : "";

      step("seed: demo data, 2,000 accounts, 200 signed-in debtors with links");
      const database = await openBenchDatabase(bench.env);
      onCleanup(() => database.close().catch(() => {}));
      await seedDemo(database.db);
      const accounts = await seedAccounts(database.db, 2_000, { prefix: "LOAD" });
      const debtorAccounts = accounts.slice(0, DEBTORS);
      const sessions = await createSessions(debtorAccounts);
      const links = await mintAccessLinksBulk({
        accountIds: debtorAccounts.map((a) => a.id),
        channel: "email",
      });
      const debtors = sessions.map((s, i) => ({ ...s, token: links[i].token }));

      step("start the app: private build of this checkout, demo mode, in-process emulator");
      const checkout = copyCheckout(path.join(work, "checkout"));
      const port = await freePort();
      const emulatorPort = await freePort();
      const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
      const server = startNode({
        name: "server",
        cwd: checkout,
        args: ["app/server/main.server.ts", "--build"],
        env: baseEnv({
          ...bench.env,
          PORT: String(port),
          HOST: "127.0.0.1",
          STRIPE_EMULATOR_PORT: String(emulatorPort),
          RATE_LIMIT_MULTIPLIER: "10000",
          LOG_LEVEL: "warn",
        }),
        logFile: path.join(logs, "server.log"),
      });
      await waitForOk(`http://127.0.0.1:${port}/healthz`, server, 120_000);
      await bodyChecks(port, server.child.pid!);

      step(`plans: ${INSTALLMENTS} due installments on one saved card`);
      configureStripe({
        emulatorUrl,
        webhookSecret: "whsec_unused_by_api_calls",
        maxNetworkRetries: 0,
      });
      const customer = await stripe().customers.create({ email: "load@example.com" });
      const pm = await stripe().paymentMethods.attach("pm_card_visa", { customer: customer.id });
      const due = await createDueInstallments(
        database.db,
        accounts.slice(1_000, 1_000 + INSTALLMENTS).map((a) => a.id),
        { customer: customer.id, paymentMethod: pm.id },
      );

      step(
        `${DEBTORS} concurrent debtors for ${LOAD_MS / 1000} s; emulator failing 30 % of API requests while the worker charges`,
      );
      await control(emulatorUrl, "set-faults", { rate: 0.3, seed: 42, timeoutMs: 1_500 });
      const loadEnd = Date.now() + LOAD_MS;
      const workerRuns = { charged: 0, failed: 0, deferred: 0, runs: 0, errors: 0 };
      const workerLoop = (async () => {
        while (Date.now() < loadEnd) {
          try {
            const r = await chargeDueInstallments({ maxPerSecond: 50, batchSize: 20 });
            workerRuns.charged += r.charged;
            workerRuns.failed += r.failed;
            workerRuns.deferred += r.deferred;
          } catch {
            workerRuns.errors++;
          }
          workerRuns.runs++;
          await sleep(1_000);
        }
      })();
      const load = await runLoad({
        port,
        concurrency: DEBTORS,
        durationMs: LOAD_MS,
        requestTimeoutMs: 20_000,
        next: (worker, n) => {
          const d = debtors[worker % debtors.length];
          const pick = (worker + n) % 10;
          if (pick < 5)
            return {
              path: `/accounts/${d.accountId}`,
              headers: { cookie: d.cookie },
              tag: "statement",
            };
          if (pick < 8)
            return {
              path: `/accounts/${d.accountId}/receipts`,
              headers: { cookie: d.cookie },
              tag: "receipts",
            };
          return { path: `/l/${d.token}`, tag: "link" };
        },
      });
      await workerLoop;
      console.log(
        `  ${load.requests} requests, ${load.rps.toFixed(0)}/s, p95 ${load.p95.toFixed(0)} ms; statuses ${JSON.stringify(load.statuses)}`,
      );
      for (const [tag, t] of Object.entries(load.byTag))
        console.log(`    ${tag}: ${JSON.stringify(t.statuses)}`);
      check(
        `${DEBTORS} concurrent debtors, ${LOAD_MS / 1000} s: zero 5xx`,
        fivexx(load) === 0 && !load.statuses.error,
        `${load.requests.toLocaleString("en")} requests (${load.rps.toFixed(0)}/s, p95 ${load.p95.toFixed(0)} ms), statuses ${JSON.stringify(load.statuses)}${Object.keys(load.errors).length ? `, errors ${JSON.stringify(load.errors)}` : ""}`,
      );
      const unexpected = Object.entries(load.byTag).filter(([, t]) =>
        Object.keys(t.statuses).some((s) => s !== "200"),
      );
      check(
        "every page answered 200 (statement, receipts, link)",
        unexpected.length === 0,
        unexpected.length
          ? JSON.stringify(Object.fromEntries(unexpected.map(([k, t]) => [k, t.statuses])))
          : "yes",
      );

      step("faults off: the worker and the reconciler finish, webhooks drain");
      await control(emulatorUrl, "set-faults", { rate: 0 });
      for (let i = 0; i < 20; i++) {
        // Every worker run above has returned, so no charge request is still running at the
        // emulator: the attempts left open by the faults can be decided at once (in
        // production the reconciler waits IN_FLIGHT_GRACE_MS for that).
        const r = await chargeDueInstallments({ maxPerSecond: 200, inFlightGraceMs: 0 });
        workerRuns.charged += r.charged;
        if (r.charged + r.failed + r.deferred + r.recovered + r.notReached === 0) break;
      }
      await control(emulatorUrl, "wait-for-webhooks", { timeoutMs: 20_000 }).catch(() => {});
      await reconcile();
      await control(emulatorUrl, "wait-for-webhooks", { timeoutMs: 20_000 }).catch(() => {});
      console.log(`  worker under faults: ${JSON.stringify(workerRuns)}`);

      const ids = due.map((d) => d.installmentId);
      const insts = await database.db
        .select()
        .from(schema.installments)
        .where(inArray(schema.installments.id, ids));
      const notPaid = insts.filter((i) => i.status !== "paid");
      let intentsWrong = 0;
      for (const id of ids) {
        const { count } = await control(emulatorUrl, "count-payment-intents", {
          metadata: { installment_id: id },
        });
        if (count !== 1) intentsWrong++;
      }
      const { count: customerIntents } = await control(emulatorUrl, "count-payment-intents", {
        customer: customer.id,
      });
      const dueAccounts = due.map((d) => d.accountId);
      const payments = await database.db
        .select()
        .from(schema.payments)
        .where(inArray(schema.payments.accountId, dueAccounts));
      const ledger = await database.db
        .select()
        .from(schema.ledgerEntries)
        .where(
          and(
            inArray(schema.ledgerEntries.accountId, dueAccounts),
            eq(schema.ledgerEntries.source, "stripe_payment_intent"),
          ),
        );
      const perAccount = new Map<string, number[]>();
      for (const entry of ledger)
        perAccount.set(entry.accountId, [
          ...(perAccount.get(entry.accountId) ?? []),
          entry.amountCents,
        ]);
      const ledgerWrong = due.filter((d) => {
        const entries = perAccount.get(d.accountId) ?? [];
        return entries.length !== 1 || entries[0] !== -d.amountCents;
      }).length;
      const succeeded = payments.filter((p) => p.status === "succeeded").length;
      check(
        "Stripe faults (30 %): nothing lost, nothing doubled",
        notPaid.length === 0 &&
          intentsWrong === 0 &&
          customerIntents === INSTALLMENTS &&
          ledgerWrong === 0 &&
          succeeded === INSTALLMENTS &&
          payments.length === INSTALLMENTS,
        `${INSTALLMENTS - notPaid.length}/${INSTALLMENTS} installments paid; ${customerIntents} payment intents (${intentsWrong} installments without exactly one); ${payments.length} payments (${succeeded} succeeded); ${INSTALLMENTS - ledgerWrong}/${INSTALLMENTS} ledgers exact (one −${due[0].amountCents} entry)`,
      );

      if (pgTarget && databaseName) {
        step(
          `PostgreSQL restarted under load (${pgTarget.kind === "cluster" ? "throwaway cluster" : "simulated by killing connections"})`,
        );
        await database.close().catch(() => {});
        let restartMs = 0;
        const restart = (async () => {
          await sleep(5_000);
          restartMs = await pgTarget.restart(databaseName);
        })();
        const during = await runLoad({
          port,
          concurrency: 50,
          durationMs: 25_000,
          requestTimeoutMs: 15_000,
          next: (worker, n) => {
            const d = debtors[(worker * 13 + n) % debtors.length];
            return {
              path: `/accounts/${d.accountId}`,
              headers: { cookie: d.cookie },
              tag: "statement",
            };
          },
        });
        await restart;
        const timeline = during.timeline.map((t) => `${t.ok}/${t.failed}`).join(" ");
        console.log(`  restart took ${restartMs} ms; per second ok/failed: ${timeline}`);
        const failedSeconds = during.timeline.filter((t) => t.failed > 0).map((t) => t.second);
        const lastFailure = failedSeconds.length ? Math.max(...failedSeconds) : -1;
        const tailOk = during.timeline.slice(-5).every((t) => t.failed === 0 && t.ok > 0);
        const alive = server.child.exitCode === null;
        const health = await fetch(`http://127.0.0.1:${port}/healthz`)
          .then((r) => r.status)
          .catch(() => 0);
        const badKinds = Object.keys(during.statuses).filter(
          (s) => s !== "200" && !s.startsWith("5"),
        );
        check(
          "database restart: fails cleanly, recovers without restarting the app",
          alive && tailOk && health === 200 && !during.errors.TIMEOUT,
          `restart ${(restartMs / 1000).toFixed(1)} s; failures in seconds ${failedSeconds.length ? `${Math.min(...failedSeconds)}–${lastFailure}` : "none"} (${JSON.stringify(during.statuses)}${Object.keys(during.errors).length ? `, errors ${JSON.stringify(during.errors)}` : ""}); app process ${alive ? "still the same" : "DIED"}; last 5 s all 200: ${tailOk}; /healthz ${health}`,
        );
        if (badKinds.length)
          notes.push(
            `During the restart some answers were neither 200 nor 5xx: ${badKinds.join(", ")}.`,
          );
        if (pgTarget.kind === "terminate")
          notes.push(
            "The database restart was simulated (pg_terminate_backend of every app connection for 3 s): no throwaway cluster could be created here.",
          );
      } else {
        checks.push({
          name: "database restart",
          ok: true,
          detail: "skipped: no PostgreSQL (set DATABASE_URL, or run as root with initdb available)",
        });
        notes.push("Database restart skipped: PGlite runs inside the app process.");
      }
    }
  } catch (error) {
    failed = true;
    console.error(`\n✖ load test failed: ${(error as Error).stack ?? error}`);
    notes.push(`The run stopped early: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    clearTimeout(watchdog);
    await runCleanup();
  }

  const ok = !failed && checks.every((c) => c.ok);
  const md = [
    `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores, Node ${process.version}, load average at the end ${os.loadavg()[0].toFixed(1)}; ${((Date.now() - started) / 1000).toFixed(0)} s in all: **${ok ? "passed" : "FAILED"}**.`,
    "",
    "| check | result | detail |",
    "|---|---|---|",
    ...checks.map(
      (c) => `| ${c.name} | ${c.ok ? "pass" : "**FAIL**"} | ${c.detail.replace(/\|/g, "\\|")} |`,
    ),
    "",
    ...notes.map((n) => `- ${n}`),
  ].join("\n");
  // A partial run (LOAD_ONLY) prints its table and leaves the generated section alone.
  if (only.length === 0) writeReport(md, "load");
  else console.log(`\n${md}\n`);
  console.log(
    `\n${checks.filter((c) => c.ok).length} passed, ${checks.filter((c) => !c.ok).length + (failed ? 1 : 0)} failed`,
  );
  if (ok) fs.rmSync(work, { recursive: true, force: true });
  else console.log(`Logs kept in ${path.relative(ROOT, logs)}`);
  process.exit(ok ? 0 : 1);
}

await main();
