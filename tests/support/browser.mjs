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
