// `npm run bench`: measures every figure of quality.md's speed table against its bar and
// prints one table, also written to docs/benchmarks.md. PostgreSQL when DATABASE_URL is set
// (a fresh database on that server, dropped afterwards), else PGlite. Loopback only; every
// process and database it makes is removed, even on failure. See docs/benchmarks.md.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { seedDemo } from "../../app/demo/seed.server";
import { mintAccessLinksBulk } from "../../app/models/access-links.server";
import { setDatabase } from "../../app/utils/db.server";
import { runLoad, runOpenLoop, type LoadResult } from "./load-generator";
import { createSessions, seedAccounts } from "./seed";
import {
  baseEnv,
  childDatabaseEnv,
  copyCheckout,
  createBenchDatabase,
  freePort,
  installSignalHandlers,
  mb,
  onCleanup,
  openBenchDatabase,
  ROOT,
  runChild,
  runCleanup,
  startNode,
  stopProcess,
  tail,
  TMP,
  waitForOk,
  writeReport,
} from "./support";
import { runLighthouse } from "./lighthouse";
import { pageWeight, type PageWeight } from "./weight";

// This process runs app code too (seeding, the worker): only its errors are worth a line.
process.env.LOG_LEVEL ??= "error";

// `BENCH_ONLY=weight,lighthouse npm run bench` runs only those steps (for working on one
// figure); the full run is what checks the bars. The checkout is always built, and the
// database always seeded (with fewer accounts when no step needs the volume).
const STEPS = ["cold", "throughput", "weight", "lighthouse", "worker", "links", "import"] as const;
type Step = (typeof STEPS)[number];
const ONLY = (process.env.BENCH_ONLY ?? "")
  .split(",")
  .map((x) => x.trim())
  .filter(Boolean);
for (const name of ONLY) {
  if (!(STEPS as readonly string[]).includes(name)) {
    console.error(`BENCH_ONLY: unknown step “${name}” (steps: ${STEPS.join(", ")})`);
    process.exit(2);
  }
}
const selected = (name: Step) => ONLY.length === 0 || ONLY.includes(name);
const ACCOUNTS = ["throughput", "worker", "links", "import"].some((name) => selected(name as Step))
  ? 10_000
  : 200;
const SESSIONS = 500;
const CONCURRENCY = 50;
const KB = 1000; // bars in KB are read as 1,000 bytes (the stricter reading)

type Row = {
  figure: string;
  measured: string;
  bar: string;
  result: "pass" | "FAIL" | "not measured" | "info";
};
const rows: Row[] = [];
const notes: string[] = [];
const row = (figure: string, measured: string, bar: string, pass: boolean | null) =>
  rows.push({ figure, measured, bar, result: pass === null ? "info" : pass ? "pass" : "FAIL" });
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
const step = (text: string) => console.log(`\n▶ ${text}`);
let loadAtStart = 0;

async function main() {
  installSignalHandlers();
  const benchStarted = Date.now();
  loadAtStart = os.loadavg()[0];
  const work = path.join(TMP, `bench-${Date.now()}`);
  fs.mkdirSync(work, { recursive: true });
  const logs = path.join(work, "logs");
  let failed = false;
  const adminUrl = process.env.DATABASE_URL;

  try {
    // (a) cold start: a fresh checkout (no build, no database), `npm start`'s command.
    const checkout = copyCheckout(path.join(work, "checkout"));
    onCleanup(() => fs.rmSync(checkout, { recursive: true, force: true }));
    if (!selected("cold")) {
      step("build of the fresh checkout (cold start not selected)");
      await buildCheckout(checkout, path.join(logs, "build.log"));
    } else {
      step("cold start: fresh checkout, build + fresh PGlite, until / answers 200");
      const port = await freePort();
      const emulatorPort = await freePort();
      const started = Date.now();
      const proc = startNode({
        name: "cold start",
        cwd: checkout,
        args: ["app/server/main.server.ts", "--build"],
        env: baseEnv({
          PORT: String(port),
          HOST: "127.0.0.1",
          STRIPE_EMULATOR_PORT: String(emulatorPort),
          LOG_LEVEL: "warn",
        }),
        logFile: path.join(logs, "cold-start.log"),
      });
      await waitForOk(`http://127.0.0.1:${port}/`, proc, 120_000);
      const ms = Date.now() - started;
      console.log(`  first 200 after ${s(ms)}`);
      row(
        "`npm start` on a fresh checkout to first page (build + fresh PGlite)",
        s(ms),
        "≤ 15 s",
        ms <= 15_000,
      );
      await stopProcess(proc);
      fs.rmSync(path.join(checkout, "data"), { recursive: true, force: true });
    }

    // The yardstick: stock Remix 2.17 (tests/bench/stock-remix), same node_modules.
    const stockDir = path.join(checkout, "tests/bench/stock-remix");
    {
      const proc = startNode({
        name: "stock build",
        cwd: checkout,
        args: ["node_modules/@remix-run/dev/dist/cli.js", "build", stockDir],
        env: { ...baseEnv(), NODE_ENV: "production" },
        logFile: path.join(logs, "stock-build.log"),
      });
      const code = await proc.exited;
      if (code !== 0)
        throw new Error(
          `stock Remix build failed (exit ${code}):\n${tail(path.join(logs, "stock-build.log"))}`,
        );
    }
    const stockPort = await freePort();
    const stockBase = `http://127.0.0.1:${stockPort}`;
    const stock = startNode({
      name: "stock remix",
      cwd: stockDir,
      args: ["server.mjs"],
      env: baseEnv({ NODE_ENV: "production", PORT: String(stockPort), HOST: "127.0.0.1" }),
      logFile: path.join(logs, "stock.log"),
    });
    await waitForOk(`${stockBase}/`, stock, 60_000);
    await expectPage(stockBase, "/", undefined, "Baseline page.");

    // (b) the benchmark database: demo data, 10,000 accounts with ledgers, sessions.
    step(
      `database: ${adminUrl ? "PostgreSQL (DATABASE_URL)" : "PGlite"}; demo seed + ${ACCOUNTS.toLocaleString("en")} accounts`,
    );
    const bench = await createBenchDatabase("bench", work, adminUrl);
    let sessions: { accountId: string; cookie: string }[];
    let linkToken: string;
    {
      const started = Date.now();
      const database = await openBenchDatabase(bench.env);
      await seedDemo(database.db);
      const accounts = await seedAccounts(database.db, ACCOUNTS);
      const stride = Math.max(1, Math.floor(ACCOUNTS / SESSIONS));
      sessions = await createSessions(
        accounts.filter((_, i) => i % stride === 0).slice(0, SESSIONS),
      );
      const [link] = await mintAccessLinksBulk({ accountIds: [accounts[1].id], channel: "email" });
      linkToken = link.token;
      await database.close();
      setDatabase(undefined);
      console.log(`  seeded in ${s(Date.now() - started)} (${bench.label})`);
    }

    // (c, d, e) the server on that database: throughput, latency, page weight.
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startNode({
      name: "server",
      cwd: checkout,
      args: ["app/server/main.server.ts"],
      env: baseEnv({
        ...bench.env,
        BENCH: "1",
        RATE_LIMIT_MULTIPLIER: "10000",
        LOG_LEVEL: "warn",
        PORT: String(port),
        HOST: "127.0.0.1",
        STRIPE_EMULATOR_PORT: String(await freePort()),
      }),
      logFile: path.join(logs, "server.log"),
    });
    await waitForOk(`${base}/healthz`, server, 60_000);
    await expectPage(base, "/bench/bare", undefined, "Baseline page.");
    await expectPage(base, `/accounts/${sessions[0].accountId}`, sessions[0].cookie, "page-title");

    if (selected("throughput")) {
      step(
        `throughput: stock Remix vs the app's bare page vs the statement, ${CONCURRENCY} concurrent (closed loop), keep-alive, gzip, alternating`,
      );
      const bare = (n: number) => ({ path: "/bench/bare", tag: `bare${n}` });
      const statement = (worker: number, n: number) => {
        const sess = sessions[(worker * 7919 + n) % sessions.length];
        return { path: `/accounts/${sess.accountId}`, headers: { cookie: sess.cookie } };
      };
      const load = (targetPort: number, next: Parameters<typeof runLoad>[0]["next"]) =>
        runLoad({
          port: targetPort,
          concurrency: CONCURRENCY,
          durationMs: 10_000,
          warmupMs: 3_000,
          next,
        });
      const runs: { stock: LoadResult[]; bare: LoadResult[]; statement: LoadResult[] } = {
        stock: [],
        bare: [],
        statement: [],
      };
      for (let round = 0; round < 2; round++) {
        runs.stock.push(await load(stockPort, () => ({ path: "/" })));
        runs.bare.push(await load(port, (_, n) => bare(n)));
        runs.statement.push(await load(port, statement));
        console.log(
          `  round ${round + 1}: stock ${runs.stock[round].rps.toFixed(0)} req/s (p95 ${runs.stock[round].p95.toFixed(1)} ms), bare ${runs.bare[round].rps.toFixed(0)} req/s, statement ${runs.statement[round].rps.toFixed(0)} req/s (p95 ${runs.statement[round].p95.toFixed(1)} ms)`,
        );
      }
      for (const r of [...runs.stock, ...runs.bare, ...runs.statement]) {
        const bad = Object.entries(r.statuses).filter(([status]) => status !== "200");
        if (bad.length > 0)
          throw new Error(
            `non-200 answers under load: ${JSON.stringify(r.statuses)} ${JSON.stringify(r.errors)}`,
          );
      }
      const mean = (list: LoadResult[], f: (r: LoadResult) => number) =>
        list.reduce((a, r) => a + f(r), 0) / list.length;
      const stockRps = mean(runs.stock, (r) => r.rps);
      const bareRps = mean(runs.bare, (r) => r.rps);
      const statementRps = mean(runs.statement, (r) => r.rps);
      const stockP95 = Math.max(...runs.stock.map((r) => r.p95));
      const p95 = Math.max(...runs.statement.map((r) => r.p95));
      row(
        "stock Remix 2.17 Express app, one-line page (the baseline, same run)",
        `${stockRps.toFixed(0)} req/s (p95 ${stockP95.toFixed(1)} ms)`,
        "—",
        null,
      );
      row(
        "the app's bare page (root layout + middleware) throughput",
        `${bareRps.toFixed(0)} req/s = ${(bareRps / stockRps).toFixed(2)} × stock`,
        "≥ 0.80 × stock",
        bareRps >= 0.8 * stockRps,
      );
      row(
        `statement page throughput, verified session, ${ACCOUNTS.toLocaleString("en")} accounts`,
        `${statementRps.toFixed(0)} req/s = ${(statementRps / stockRps).toFixed(2)} × stock (${((statementRps / bareRps) * 100).toFixed(0)} % of the app's bare page)`,
        "≥ 0.50 × stock",
        statementRps >= 0.5 * stockRps,
      );
      row(
        `statement page p95 latency at ${CONCURRENCY} connections (closed loop)`,
        `${p95.toFixed(1)} ms = ${(p95 / stockP95).toFixed(2)} × stock's ${stockP95.toFixed(1)} ms (p50 ${mean(runs.statement, (r) => r.p50).toFixed(1)}, p99 ${Math.max(...runs.statement.map((r) => r.p99)).toFixed(1)})`,
        "≤ 1.5 × stock p95",
        p95 <= 1.5 * stockP95,
      );

      step("latency: statement page, open loop at a fixed 50 req/s for 20 s");
      const open = await runOpenLoop({
        port,
        ratePerSecond: 50,
        durationMs: 20_000,
        warmupMs: 3_000,
        next: (n) => {
          const sess = sessions[(n * 7919) % sessions.length];
          return { path: `/accounts/${sess.accountId}`, headers: { cookie: sess.cookie } };
        },
      });
      const openBad = Object.entries(open.statuses).filter(([status]) => status !== "200");
      if (openBad.length > 0)
        throw new Error(
          `non-200 answers in the open loop: ${JSON.stringify(open.statuses)} ${JSON.stringify(open.errors)}`,
        );
      console.log(
        `  ${open.requests} requests: p50 ${open.p50.toFixed(1)} ms, p95 ${open.p95.toFixed(1)} ms, p99 ${open.p99.toFixed(1)} ms, max ${open.max.toFixed(1)} ms`,
      );
      row(
        "statement page latency, open loop at 50 req/s: p95",
        `${open.p95.toFixed(1)} ms (p50 ${open.p50.toFixed(1)}, max ${open.max.toFixed(1)}; ${open.requests} requests)`,
        "≤ 50 ms",
        open.p95 <= 50,
      );
      row(
        "statement page latency, open loop at 50 req/s: p99",
        `${open.p99.toFixed(1)} ms`,
        "≤ 100 ms",
        open.p99 <= 100,
      );
    }

    const cookie = sessions[0].cookie;
    const account = `/accounts/${sessions[0].accountId}`;
    if (selected("weight")) {
      step("page weight: JS and CSS on first load");
      const pages: [string, string, string | undefined][] = [
        ["bare route (baseline)", "/bench/bare", undefined],
        ["statement", account, cookie],
        ["receipts", `${account}/receipts`, cookie],
        ["pay", `${account}/pay`, cookie],
        ["plan", `${account}/plan`, cookie],
        ["dispute", `${account}/dispute`, cookie],
        ["hardship", `${account}/hardship`, cookie],
        ["preferences", "/preferences", cookie],
        ["code", "/code", undefined],
        ["link", `/l/${linkToken}`, undefined],
      ];
      const weights: PageWeight[] = [];
      for (const [name, pagePath, pageCookie] of pages)
        weights.push(await pageWeight(base, name, pagePath, pageCookie));
      const stockWeight = await pageWeight(stockBase, "stock Remix", "/", undefined);
      console.log(
        `  ${"stock Remix".padEnd(22)} ${stockWeight.status}  JS ${kb(stockWeight.js.raw)} / ${kb(stockWeight.js.gzip)} gzip  HTML ${kb(stockWeight.htmlGzip)} gzip`,
      );
      row(
        "the app's bare page HTML (gzip) against stock Remix's",
        `${kb(weights[0].htmlGzip)} = ${(weights[0].htmlGzip / stockWeight.htmlGzip).toFixed(1)} × stock's ${kb(stockWeight.htmlGzip)}`,
        "≤ 2 × stock",
        weights[0].htmlGzip <= 2 * stockWeight.htmlGzip,
      );
      const baseline = weights[0];
      for (const w of weights) {
        console.log(
          `  ${w.page.padEnd(22)} ${w.status}  JS ${kb(w.js.raw)} / ${kb(w.js.gzip)} gzip (${w.js.files} files)  CSS ${kb(w.css.raw)} / ${kb(w.css.gzip)} gzip  HTML ${kb(w.htmlGzip)} gzip`,
        );
      }
      const debtorPages = weights.slice(1).filter((w) => w.status === 200);
      const skipped = weights.slice(1).filter((w) => w.status !== 200);
      if (skipped.length > 0)
        notes.push(
          `Pages not weighed (not 200): ${skipped.map((w) => `${w.page} (${w.status})`).join(", ")}.`,
        );
      const heaviestJs = debtorPages.reduce(
        (a, w) => (w.js.gzip > a.js.gzip ? w : a),
        debtorPages[0],
      );
      const heaviestCss = debtorPages.reduce(
        (a, w) => (w.css.gzip > a.css.gzip ? w : a),
        debtorPages[0],
      );
      row(
        "bare Remix page JS (baseline, gzip)",
        `${kb(baseline.js.gzip)} (raw ${kb(baseline.js.raw)})`,
        "—",
        null,
      );
      for (const w of debtorPages) {
        const extra = w.js.gzip - baseline.js.gzip;
        row(
          `JS on debtor page “${w.page}”, first load (gzip)`,
          `${kb(w.js.gzip)} = bare + ${kb(extra)} (raw ${kb(w.js.raw)})`,
          "≤ bare + 25 KB",
          extra <= 25 * KB,
        );
      }
      row(
        `CSS, heaviest debtor page (“${heaviestCss.page}”, gzip)`,
        `${kb(heaviestCss.css.gzip)} (raw ${kb(heaviestCss.css.raw)})`,
        "≤ 15 KB",
        heaviestCss.css.gzip <= 15 * KB,
      );
      notes.push(
        `Heaviest debtor page for JS: “${heaviestJs.page}” (${kb(heaviestJs.js.gzip)} gzip).`,
      );
    }

    // (e') Lighthouse, mobile preset (the default config), on the statement page of a
    // verified debtor: the session cookie goes with every request Lighthouse makes.
    if (selected("lighthouse")) {
      step("Lighthouse (mobile, default config): statement page, verified session");
      const result = await runLighthouse({
        url: base + account,
        headers: { Cookie: cookie },
        reportFile: path.join(logs, "lighthouse-statement.json"),
        logFile: path.join(logs, "lighthouse-chromium.log"),
      });
      if (result.runtimeError) throw new Error(`Lighthouse: ${result.runtimeError}`);
      const m = result.metrics;
      const ms = (v: number | undefined) => (v === undefined ? "?" : `${(v / 1000).toFixed(2)} s`);
      console.log(
        `  performance ${result.scores.performance} (runs: ${result.runs.join(", ")}), accessibility ${result.scores.accessibility}, best practices ${result.scores["best-practices"]}; FCP ${ms(m.fcpMs)}, LCP ${ms(m.lcpMs)}, TBT ${m.tbtMs?.toFixed(0) ?? "?"} ms, CLS ${m.cls?.toFixed(3) ?? "?"}`,
      );
      const bars = [
        ["performance", "Lighthouse mobile, statement page: performance", 95],
        ["accessibility", "Lighthouse mobile, statement page: accessibility", 100],
        ["best-practices", "Lighthouse mobile, statement page: best practices", 100],
      ] as const;
      for (const [id, figure, bar] of bars) {
        const score = result.scores[id];
        const extra =
          id === "performance"
            ? ` (median of ${result.runs.length} runs: ${result.runs.join(", ")}; FCP ${ms(m.fcpMs)}, LCP ${ms(m.lcpMs)}, TBT ${m.tbtMs?.toFixed(0) ?? "?"} ms, CLS ${m.cls?.toFixed(3) ?? "?"}; CPU benchmark index ${result.benchmarkIndex?.toFixed(0) ?? "?"})`
            : "";
        row(
          figure,
          `${score ?? "no score"}${extra}`,
          bar === 100 ? "100" : `≥ ${bar}`,
          score !== null && score >= bar,
        );
        const lost = result.failing[id];
        if (lost.length > 0) {
          const list = lost.map((a) => `${a.id}${a.display ? ` (${a.display})` : ""}`).join(", ");
          console.log(`  ${id}: points lost on ${list}`);
          if (score === null || score < bar)
            notes.push(`Lighthouse ${id}: points lost on ${list}.`);
        }
      }
      for (const warning of result.warnings) notes.push(`Lighthouse warning: ${warning}`);
    }
    await stopProcess(server);
    await stopProcess(stock);

    // (f) the worker: 10,000 due installments against the emulator (here), worker in a child.
    if (selected("worker")) {
      step(`worker: ${ACCOUNTS.toLocaleString("en")} due installments against the Stripe emulator`);
      const { startStripeEmulator } = await import("@portal/stripe-emulator");
      const webhookSecret = "whsec_bench";
      const emulator = await startStripeEmulator({
        port: await freePort(),
        host: "127.0.0.1",
        webhookSecret,
      });
      onCleanup(() => emulator.stop());
      const result = await runChild<{
        installments: number;
        setupMs: number;
        ms: number;
        run: { charged: number; failed: number; deferred: number };
        complete: boolean;
        paid: number;
        payments: number;
        customer: string;
        rss: { start: number; peak: number; end: number };
      }>({
        name: "worker",
        script: "tests/bench/worker-child.ts",
        env: baseEnv({
          ...childDatabaseEnv(bench.env),
          BENCH_EMULATOR_URL: emulator.url,
          BENCH_WEBHOOK_SECRET: webhookSecret,
          BENCH_INSTALLMENTS: String(ACCOUNTS),
          BENCH_WORKER_BUDGET_MS: "150000",
        }),
        logFile: path.join(logs, "worker.log"),
        timeoutMs: 260_000,
      });
      const intents = emulator.controls.countPaymentIntents({ customer: result.customer });
      await emulator.stop();
      const exact =
        result.paid === result.installments &&
        intents === result.installments &&
        result.payments >= result.installments;
      const growth = result.rss.end - result.rss.start;
      const flat =
        growth < 64 * 1024 * 1024 && result.rss.peak - result.rss.start < 128 * 1024 * 1024;
      console.log(
        `  ${result.run.charged} charged in ${s(result.ms)}; ${intents} payment intents; RSS ${mb(result.rss.start)} → peak ${mb(result.rss.peak)} → ${mb(result.rss.end)} MB`,
      );
      const rate = result.run.charged / (result.ms / 1000);
      row(
        `worker: charge ${result.installments.toLocaleString("en")} due installments against the emulator`,
        result.complete
          ? `${s(result.ms)} (${rate.toFixed(0)}/s); ${result.paid.toLocaleString("en")} paid, ${intents.toLocaleString("en")} intents`
          : `stopped at the ${s(result.ms)} budget: ${result.run.charged.toLocaleString("en")} charged (${rate.toFixed(0)}/s → ~${s((result.installments / rate) * 1000)} for all, projected)`,
        "≤ 60 s, each once",
        result.complete && result.ms <= 60_000 && exact,
      );
      if (result.complete && !exact)
        notes.push(
          `Worker: ${result.paid} paid, ${intents} payment intents, ${result.payments} payments for ${result.installments} installments.`,
        );
      if (!result.complete)
        notes.push(
          `Worker: ${result.paid} paid and ${intents} payment intents when the budget ran out (one per charged installment ${result.paid === intents ? "holds" : "DOES NOT hold"}).`,
        );
      row(
        "worker memory (RSS start / peak / end)",
        `${mb(result.rss.start)} / ${mb(result.rss.peak)} / ${mb(result.rss.end)} MB`,
        "flat (end − start < 64 MB, peak − start < 128 MB)",
        flat,
      );
    }

    // (g) links: 100,000 in bulk, then 100,000 with their outbox messages (bulk outbox path).
    if (selected("links")) {
      step("issuing 100,000 links");
      const result = await runChild<{
        minted: number;
        linksMs: number;
        outbox: {
          messages: number;
          duplicates: number;
          ms: number;
          rows: number;
          links: number;
          statuses: Record<string, number>;
          reasons: Record<string, number>;
        };
      }>({
        name: "links",
        script: "tests/bench/links-child.ts",
        env: baseEnv({ ...childDatabaseEnv(bench.env), BENCH_LINKS: "100000" }),
        logFile: path.join(logs, "links.log"),
        timeoutMs: 240_000,
      });
      console.log(
        `  ${result.minted} links in ${s(result.linksMs)}; ${result.outbox.messages} messages (${result.outbox.links} links) in ${s(result.outbox.ms)} ${JSON.stringify(result.outbox.statuses)}`,
      );
      row(
        "issuing 100,000 links (mintAccessLinksBulk, batches of 2,000)",
        `${s(result.linksMs)} (${result.minted.toLocaleString("en")} links)`,
        "≤ 30 s",
        result.linksMs <= 30_000 && result.minted === 100_000,
      );
      row(
        "issuing 100,000 links with their outbox messages (queueLinkMessagesBulk, batches of 2,000)",
        `${s(result.outbox.ms)} (${result.outbox.rows.toLocaleString("en")} messages, ${result.outbox.links.toLocaleString("en")} links)`,
        "≤ 30 s",
        result.outbox.ms <= 30_000 &&
          result.outbox.rows === 100_000 &&
          result.outbox.messages === 100_000,
      );
      notes.push(
        `Link mailing: 10 mailings to the 10,000 bench accounts, each message decided by the sending rules (statuses ${JSON.stringify(result.outbox.statuses)}, reasons ${JSON.stringify(result.outbox.reasons)}); a link is minted only for a message that is not suppressed.`,
      );
    }

    // (h) CSV import of 100,000 accounts, in a child (its peak memory is the importer's).
    if (selected("import")) {
      step("CSV import of 100,000 accounts");
      const result = await runChild<{
        rows: number;
        bytes: number;
        ms: number;
        result: { status: string; createdRows: number; rejectedRows: number };
        rss: { start: number; peak: number; end: number };
      }>({
        name: "import",
        script: "tests/bench/import-child.ts",
        env: baseEnv({ ...childDatabaseEnv(bench.env), BENCH_IMPORT_ROWS: "100000" }),
        logFile: path.join(logs, "import.log"),
        timeoutMs: 240_000,
      });
      console.log(
        `  ${result.result.status}: ${result.result.createdRows} created in ${s(result.ms)}; peak RSS ${mb(result.rss.peak)} MB`,
      );
      const ok = result.result.status === "imported" && result.result.createdRows === result.rows;
      row(
        `CSV import of 100,000 accounts (${(result.bytes / 1e6).toFixed(1)} MB) into ${bench.kind === "postgres" ? "PostgreSQL" : "PGlite (bar is for PostgreSQL)"}`,
        `${s(result.ms)}, ${result.result.status} ${result.result.createdRows.toLocaleString("en")}`,
        "≤ 30 s",
        ok && result.ms <= 30_000,
      );
      row(
        "CSV import peak memory (importer process RSS)",
        `${mb(result.rss.peak)} MB`,
        "< 500 MB",
        result.rss.peak < 500 * 1024 * 1024,
      );
      if (bench.kind === "pglite")
        notes.push(
          "PGlite runs inside the importing process, so its peak memory includes the database itself.",
        );
    }

    await bench.dispose();
  } catch (error) {
    failed = true;
    console.error(`\n✖ bench failed: ${(error as Error).stack ?? error}`);
    notes.push(`The run stopped early: ${(error as Error).message.split("\n")[0]}`);
  } finally {
    await runCleanup();
  }

  const report = renderReport(adminUrl ? "PostgreSQL" : "PGlite", Date.now() - benchStarted);
  console.log(`\n${report.table}\n`);
  for (const note of notes) console.log(`- ${note}`);
  // A partial run (BENCH_ONLY) prints its rows but leaves the full run's table alone.
  if (ONLY.length === 0) {
    writeReport(report.markdown, "bench");
    console.log(`\nWritten to docs/benchmarks.md (${s(Date.now() - benchStarted)} in all)`);
  } else
    console.log(
      `\nBENCH_ONLY=${ONLY.join(",")}: docs/benchmarks.md left as it is (${s(Date.now() - benchStarted)} in all)`,
    );
  if (failed) console.log(`Logs kept in ${path.relative(ROOT, logs)}`);
  else fs.rmSync(work, { recursive: true, force: true });
  process.exit(failed || rows.some((r) => r.result === "FAIL") ? 1 : 0);
}

/** What `--build` does in `npm start`: a production build of the checkout. */
async function buildCheckout(checkout: string, logFile: string) {
  const proc = startNode({
    name: "build",
    cwd: checkout,
    args: ["node_modules/@remix-run/dev/dist/cli.js", "build"],
    env: { ...baseEnv(), NODE_ENV: "production" },
    logFile,
  });
  const code = await proc.exited;
  if (code !== 0) throw new Error(`remix build failed (exit ${code}):\n${tail(logFile)}`);
}

async function expectPage(
  base: string,
  pagePath: string,
  cookie: string | undefined,
  contains: string,
) {
  const res = await fetch(base + pagePath, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  const body = await res.text();
  if (res.status !== 200 || !body.includes(contains))
    throw new Error(`${pagePath}: expected 200 with “${contains}”, got ${res.status}`);
}

function renderReport(databaseKind: string, totalMs: number) {
  const header = ["figure", "measured", "bar", "result"];
  const lines = [header, ...rows.map((r) => [r.figure, r.measured, r.bar, r.result])];
  const widths = header.map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  const table = lines
    .map(
      (l, n) =>
        l.map((c, i) => c.padEnd(widths[i])).join(" | ") +
        (n === 0 ? `\n${widths.map((w) => "-".repeat(w)).join("-|-")}` : ""),
    )
    .join("\n");
  const md = [
    `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "?"}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB memory, Node ${process.version}, ${os.platform()} ${os.release()}; database: ${databaseKind}; ${s(totalMs)} in all; load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine shares the 2 cores).`,
    "",
    "| figure | measured | bar | result |",
    "|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.measured} | ${r.bar} | ${r.result === "FAIL" ? "**FAIL**" : r.result} |`,
    ),
    "",
    ...notes.map((n) => `- ${n}`),
  ].join("\n");
  return { table, markdown: md };
}

await main();
