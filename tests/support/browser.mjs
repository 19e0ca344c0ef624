// Which Chromium the e2e tests drive: Playwright's own when installed (a developer laptop),
// else Debian's /usr/bin/chromium (these machines cannot download browsers).
import fs from "node:fs";
import { chromium } from "@playwright/test";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/**
 * The environment Chromium starts with: ours, minus libfaketime. Chromium does not run under
 * libfaketime (its network service crashes and every page load hangs), so under the fake
 * clock (PORTAL_FAKE_NOW, tests/run.mjs) the browser keeps the real clock, in the same zone.
 * Every launch (Playwright's config, the vitest browser tests, the bench) goes through here.
 */
/** @returns {Record<string, string> | undefined} */
export function chromiumEnv() {
  if (!process.env.FAKETIME && !process.env.LD_PRELOAD?.includes("faketime")) return undefined;
  /** @type {Record<string, string>} */
  const env = {};
  for (const [name, value] of Object.entries(process.env))
    if (value !== undefined && name !== "LD_PRELOAD" && !name.startsWith("FAKETIME"))
      env[name] = value;
  return env;
}

export function findChromium() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    const bundled = chromium.executablePath();
    if (bundled && fs.existsSync(bundled)) return undefined; // Playwright finds it itself
  } catch {
    /* not installed */
  }
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return null;
}

export const NO_BROWSER_MESSAGE = `No browser for the end-to-end tests.
Install one of:
  - Playwright's Chromium:  npx playwright install chromium
  - Debian/Ubuntu Chromium: sudo apt-get install -y chromium
or set CHROMIUM_PATH to a Chromium/Chrome binary.`;
