import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { defineConfig } from "@playwright/test";
import {
  chromiumEnv,
  CHROMIUM_ARGS,
  findChromium,
  NO_BROWSER_MESSAGE,
} from "./tests/support/browser.mjs";

const executablePath = findChromium();
if (executablePath === null) throw new Error(NO_BROWSER_MESSAGE);

// Playwright loads this file in the runner and again in each worker: what is chosen here
// (port, seed, run id) is chosen once, in the runner, and handed to the workers through
// the environment they inherit.
process.env.E2E_RUN_ID ??= `${Date.now()}-${process.pid}`;
process.env.E2E_PORT ??= freePort();
if (!process.env.E2E_SEED) {
  process.env.E2E_SEED = String(Math.floor(Math.random() * 2 ** 31));
  console.log(
    `e2e order: seed ${process.env.E2E_SEED} (replay: E2E_SEED=${process.env.E2E_SEED} npm test build e2e)`,
  );
}
const PORT = Number(process.env.E2E_PORT);
export const BASE_URL = `http://localhost:${PORT}`;
// A fresh embedded database per run, unless the runner handed us a fresh PostgreSQL one.
const dataDir = `tests/.tmp/e2e-pglite-${process.env.E2E_RUN_ID}`;

// Random order: one project per spec file, in an order shuffled from the seed (Playwright
// runs projects in the order given and has no shuffle of its own); the tests of all files
// share the two workers (fullyParallel). E2E_SEED=<n> replays an order.
const specs = shuffle(
  fs
    .readdirSync("tests/e2e")
    .filter((f) => f.endsWith(".spec.ts"))
    .sort(),
  Number(process.env.E2E_SEED),
);

export default defineConfig({
  testDir: "tests/e2e",
  // One folder per run, so runs side by side don't clear each other's traces.
  outputDir: `test-results/e2e-${process.env.E2E_RUN_ID}`,
  fullyParallel: true,
  // The machine has 2 cores: two browsers, and the server between them.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  // A test's whole budget. 60 s ran out for single page loads at a load average of 15-29
  // on the 2 cores (2026-12-07, ADR 0015): a busy machine should make a test slower, not red.
  timeout: 120_000,
  // Assertions wait as long as the work they wait for can take on a busy machine.
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  projects: specs.map((file) => ({ name: file.replace(/\.spec\.ts$/, ""), testMatch: file })),
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    // Outside libfaketime under the fake clock (tests/support/browser.mjs).
    launchOptions: {
      executablePath: executablePath ?? undefined,
      args: CHROMIUM_ARGS,
      env: chromiumEnv(),
    },
    // The browser's zone is the process's (TZ), so a fake zone reaches it too.
    timezoneId: process.env.TZ || undefined,
    trace: "retain-on-failure",
  },
  webServer: {
    // The production build (tests/run.mjs builds first), in demo mode, plus the test-only
    // fixture seam (tests/support/e2e-server.ts, ADR 0015). `exec`: the server is the
    // shell's process, so it sees the runner die (even by SIGKILL) and stops.
    command: "exec node --import tsx tests/support/e2e-server.ts",
    url: `${BASE_URL}/healthz`,
    timeout: 90_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      PORT: String(PORT),
      E2E_FIXTURES: "1",
      PGLITE_DIR: dataDir,
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      // Tests make many requests from one address; limits stay finite so 429 is testable.
      RATE_LIMIT_MULTIPLIER: "20",
      // One proxy hop: a test that exhausts a per-address limit sends its own
      // X-Forwarded-For address, so the tests running beside it keep theirs.
      TRUST_PROXY: "1",
      LOG_LEVEL: "warn",
    },
  },
});

/** A port nobody listens on now (asked of the OS in a child: the config must load synchronously). */
function freePort(): string {
  const script =
    "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  if (result.status !== 0 || !/^\d+$/.test(result.stdout))
    throw new Error(`no free port: ${result.stderr}`);
  return result.stdout;
}

/** Fisher-Yates with a small seeded generator (mulberry32), so a seed names one order. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
