import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium, NO_BROWSER_MESSAGE } from "./tests/support/browser.mjs";

const executablePath = findChromium();
if (executablePath === null) throw new Error(NO_BROWSER_MESSAGE);

const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://localhost:${PORT}`;
// A fresh embedded database per run, unless the runner handed us a fresh PostgreSQL one.
const dataDir = `tests/.tmp/e2e-pglite-${process.env.E2E_RUN_ID ?? Date.now()}`;

export default defineConfig({
  testDir: "tests/e2e",
  // One folder per server port, so runs side by side don't clear each other's traces.
  outputDir: `test-results/e2e-${PORT}`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    launchOptions: { executablePath: executablePath ?? undefined, args: CHROMIUM_ARGS },
    trace: "retain-on-failure",
  },
  webServer: {
    // The production build (tests/run.mjs builds first), in demo mode.
    command: "node --import tsx app/server/main.server.ts",
    url: `${BASE_URL}/healthz`,
    timeout: 90_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      PGLITE_DIR: dataDir,
      ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      // Tests make many requests from one address; limits stay finite so 429 is testable.
      RATE_LIMIT_MULTIPLIER: "20",
      LOG_LEVEL: "warn",
    },
  },
});
