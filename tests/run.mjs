// `npm test`: typecheck, lint, production build, unit + integration (vitest, some through the
// built server over HTTP), e2e
// (Playwright). Database tests use PGlite, or PostgreSQL when TEST_DATABASE_URL is set
// (every run gets fresh databases, dropped afterwards).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { findChromium, NO_BROWSER_MESSAGE } from "./support/browser.mjs";

const root = path.resolve(import.meta.dirname, "..");

// PORTAL_FAKE_NOW="2026-12-07T23:59:00" (a local time in TZ) runs everything (vitest, the
// e2e server, Chromium) on a clock that starts there and runs on: libfaketime with an
// offset, which every child process shares (a start-at time would restart in each child).
// CI runs the suite once so, at 23:59 in America/Chicago (.ci/run).
if (process.env.PORTAL_FAKE_NOW && !process.env.FAKETIME) {
  const target = new Date(process.env.PORTAL_FAKE_NOW).getTime();
  if (Number.isNaN(target))
    throw new Error(
      `PORTAL_FAKE_NOW=${process.env.PORTAL_FAKE_NOW} is not a date (e.g. 2026-12-07T23:59:00)`,
    );
  const offset = Math.round((target - Date.now()) / 1000);
  const faked = spawnSync(
    "faketime",
    ["-f", `${offset >= 0 ? "+" : ""}${offset}s`, process.execPath, ...process.argv.slice(1)],
    {
      stdio: "inherit",
      env: { ...process.env, FAKETIME_DONT_FAKE_MONOTONIC: "1" },
    },
  );
  if (faked.error)
    throw new Error(
      `PORTAL_FAKE_NOW needs faketime (apt-get install -y faketime): ${faked.error.message}`,
    );
  process.exit(faked.status ?? 1);
}
const tmp = path.join(root, "tests/.tmp");
fs.mkdirSync(tmp, { recursive: true });
const runId = `${Date.now()}-${process.pid}`;
const only = process.argv.slice(2);
const totals = { passed: 0, failed: 0 };
const adminUrl = process.env.TEST_DATABASE_URL;

// Each step runs in its own process group, so everything it started (the e2e server, the
// browsers, vitest's workers) is stopped with it: when the step ends, and when this run is
// interrupted or terminated (SIGINT, SIGTERM, SIGHUP). The servers themselves also stop
// when their parent dies (tests/support/e2e-server.ts), which covers a SIGKILL of this run.
const running = new Set();
function killGroup(child, signal = "SIGTERM") {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the running step`);
    for (const child of running) killGroup(child);
    setTimeout(() => {
      for (const child of running) killGroup(child, "SIGKILL");
      process.exit(130);
    }, 10_000).unref();
  });
}
process.on("exit", () => {
  for (const child of running) killGroup(child, "SIGKILL");
});

async function step(name, command, args, env = {}) {
  if (only.length && !only.includes(name)) return;
  console.log(`\n▶ ${name}: ${command} ${args.join(" ")}`);
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: root,
    stdio: "inherit",
    detached: true,
    env: { ...process.env, ...env },
  });
  running.add(child);
  const status = await new Promise((resolve) =>
    child.on("exit", (code, signal) => resolve(signal ? 1 : code)),
  );
  running.delete(child);
  killGroup(child, "SIGKILL"); // anything the step left behind
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (status !== 0) {
    console.error(`✖ ${name} failed after ${seconds}s`);
    return false;
  }
  console.log(`✔ ${name} (${seconds}s)`);
  return true;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

async function admin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let ok = true;
const bin = (name) => path.join(root, "node_modules/.bin", name);
console.log(
  `Database for tests: ${adminUrl ? "PostgreSQL (TEST_DATABASE_URL)" : "PGlite (embedded)"}`,
);
if (process.env.PORTAL_FAKE_NOW)
  console.log(
    `Fake clock (libfaketime): ${process.env.PORTAL_FAKE_NOW}, TZ=${process.env.TZ ?? "(system)"}`,
  );

ok = (await step("typecheck", bin("tsc"), ["--noEmit"])) !== false && ok;
ok = (await step("lint", bin("eslint"), ["--max-warnings", "0", "."])) !== false && ok;
ok =
  (await step("format", bin("prettier"), ["--check", "--log-level", "warn", "."])) !== false && ok;

// The production build comes first: the HTTP tests (tests/support/http-server.ts) serve it
// in vitest, and the browser tests serve it in Playwright.
const built = (await step("build", bin("remix"), ["build"], { NODE_ENV: "production" })) !== false;
ok = built && ok;

const vitestJson = path.join(tmp, `vitest-${runId}.json`);
ok =
  (await step("unit", bin("vitest"), [
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile.json=${vitestJson}`,
  ])) !== false && ok;
const vitest = readJson(vitestJson);
if (vitest) {
  totals.passed += vitest.numPassedTests;
  totals.failed += vitest.numFailedTests;
}

if (!only.length || only.includes("e2e")) {
  const chromium = findChromium();
  if (chromium === null) {
    console.error(`\n${NO_BROWSER_MESSAGE}`);
    ok = false;
  } else {
    let e2eDb;
    if (adminUrl) {
      e2eDb = `portal_e2e_${runId.replace(/\W/g, "_")}`;
      await admin(`create database ${e2eDb}`);
    }
    const e2eUrl = e2eDb
      ? Object.assign(new URL(adminUrl), { pathname: `/${e2eDb}` }).toString()
      : undefined;
    const playwrightJson = path.join(tmp, `playwright-${runId}.json`);
    try {
      ok =
        (await step("e2e", bin("playwright"), ["test", "--reporter=list,json"], {
          E2E_RUN_ID: runId,
          PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson,
          ...(e2eUrl ? { E2E_DATABASE_URL: e2eUrl } : {}),
        })) !== false && ok;
    } finally {
      if (e2eDb) await admin(`drop database if exists ${e2eDb} with (force)`);
      fs.rmSync(path.join(tmp, `e2e-pglite-${runId}`), { recursive: true, force: true });
      fs.rmSync(path.join(tmp, `e2e-pglite-${runId}.pid`), { force: true });
    }
    const report = readJson(playwrightJson);
    if (report) {
      totals.passed += report.stats.expected + report.stats.flaky;
      totals.failed += report.stats.unexpected;
    }
  }
}

console.log(`\n${ok ? "All checks passed" : "Some checks failed"}.`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok ? 0 : 1);
