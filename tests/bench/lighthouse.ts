// Lighthouse on one page, the way quality.md states the bar: the default config (mobile
// form factor, simulated slow 4G and 4× CPU slowdown), performance, accessibility and best
// practices. The local Chromium is started here, headless, with its DevTools port on the
// bench's loopback range, and is always stopped (process group), also on failure.
// Simulated throttling scales the CPU time it observes, so a busy machine lowers the
// performance score: several runs, and the median one (by performance) is reported, as
// Lighthouse's own docs advise.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import lighthouse from "lighthouse";
import { CHROMIUM_ARGS, findChromium } from "../support/browser.mjs";
import { freePort, onCleanup } from "./support";

const CATEGORIES = ["performance", "accessibility", "best-practices"] as const;
export type LighthouseCategory = (typeof CATEGORIES)[number];

export type LighthouseResult = {
  /** 0–100, or null when Lighthouse could not score the category. */
  scores: Record<LighthouseCategory, number | null>;
  /** Audits that lost points, per category: what to fix. */
  failing: Record<
    LighthouseCategory,
    { id: string; title: string; score: number | null; display?: string }[]
  >;
  metrics: { fcpMs?: number; lcpMs?: number; tbtMs?: number; cls?: number; speedIndexMs?: number };
  runtimeError?: string;
  warnings: string[];
  /** Performance score of every run, in run order; the figures above are the median run's. */
  runs: (number | null)[];
  /** Lighthouse's CPU benchmark on this machine during the median run (higher is faster). */
  benchmarkIndex?: number;
};

/** The Chromium the e2e tests use: CHROMIUM_PATH, Playwright's own, or Debian's. */
async function chromiumPath(): Promise<string> {
  const found = findChromium();
  if (found) return found;
  if (found === undefined) {
    const { chromium } = await import("@playwright/test");
    return chromium.executablePath();
  }
  throw new Error("no Chromium for Lighthouse (set CHROMIUM_PATH)");
}

async function waitForDevTools(port: number, exited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("Chromium exited before opening its DevTools port");
    try {
      const res = await fetch(`http://127.0.0.1:${port}/json/version`, {
        signal: AbortSignal.timeout(1_000),
      });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Chromium's DevTools port ${port} did not open within ${timeoutMs} ms`);
}

/**
 * Runs Lighthouse against `url` with the given extra request headers (a session cookie),
 * with its own Chromium; writes the JSON report to `reportFile`.
 */
export async function runLighthouse(options: {
  url: string;
  headers?: Record<string, string>;
  reportFile: string;
  logFile: string;
  runs?: number;
}): Promise<LighthouseResult> {
  const executable = await chromiumPath();
  const port = await freePort();
  const profile = fs.mkdtempSync(path.join(path.dirname(options.reportFile), "chromium-profile-"));
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const out = fs.openSync(options.logFile, "a");
  const child = spawn(
    executable,
    [
      ...CHROMIUM_ARGS,
      "--headless=new",
      `--remote-debugging-port=${port}`,
      "--remote-debugging-address=127.0.0.1",
      `--user-data-dir=${profile}`,
      "about:blank",
    ],
    { stdio: ["ignore", out, out], detached: true },
  );
  fs.closeSync(out);
  let exited = false;
  const gone = new Promise<void>((resolve) =>
    child.once("exit", () => ((exited = true), resolve())),
  );
  const stop = async () => {
    if (!exited && child.pid) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        /* gone */
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, "SIGKILL");
        } catch {
          /* gone */
        }
      }, 5_000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(profile, { recursive: true, force: true });
  };
  onCleanup(stop);
  try {
    await waitForDevTools(port, () => exited, 30_000);
    const results: LighthouseResult[] = [];
    const reports: string[] = [];
    for (let run = 0; run < (options.runs ?? 3); run++) {
      const result = await lighthouse(options.url, {
        port,
        hostname: "127.0.0.1",
        output: "json",
        logLevel: "error",
        onlyCategories: [...CATEGORIES],
        extraHeaders: options.headers,
        maxWaitForLoad: 60_000,
      });
      if (!result) throw new Error("Lighthouse returned no result");
      reports.push(typeof result.report === "string" ? result.report : JSON.stringify(result.lhr));
      results.push(summarise(result.lhr));
      if (results[run].runtimeError) break;
    }
    const runs = results.map((r) => r.scores.performance);
    const broken = results.findIndex((r) => r.runtimeError);
    if (broken >= 0) {
      fs.writeFileSync(options.reportFile, reports[broken]);
      return { ...results[broken], runs };
    }
    const order = results
      .map((_, i) => i)
      .sort(
        (a, b) => (results[a].scores.performance ?? -1) - (results[b].scores.performance ?? -1),
      );
    const median = order[Math.floor((order.length - 1) / 2)];
    fs.writeFileSync(options.reportFile, reports[median]);
    return { ...results[median], runs };
  } finally {
    await stop();
  }
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>["lhr"];

function summarise(lhr: Lhr): LighthouseResult {
  const scores = {} as LighthouseResult["scores"];
  const failing = {} as LighthouseResult["failing"];
  for (const id of CATEGORIES) {
    const category = lhr.categories[id];
    scores[id] =
      category?.score === null || category?.score === undefined
        ? null
        : Math.round(category.score * 100);
    failing[id] = (category?.auditRefs ?? [])
      .filter((ref) => ref.weight > 0)
      .map((ref) => lhr.audits[ref.id])
      .filter(
        (a) =>
          a &&
          a.score !== null &&
          a.score < 1 &&
          a.scoreDisplayMode !== "notApplicable" &&
          a.scoreDisplayMode !== "informative" &&
          a.scoreDisplayMode !== "manual",
      )
      .map((a) => ({ id: a.id, title: a.title, score: a.score, display: a.displayValue }));
  }
  const numeric = (id: string) => lhr.audits[id]?.numericValue;
  return {
    scores,
    failing,
    metrics: {
      fcpMs: numeric("first-contentful-paint"),
      lcpMs: numeric("largest-contentful-paint"),
      tbtMs: numeric("total-blocking-time"),
      cls: numeric("cumulative-layout-shift"),
      speedIndexMs: numeric("speed-index"),
    },
    runtimeError: lhr.runtimeError?.message,
    warnings: lhr.runWarnings ?? [],
    runs: [],
    benchmarkIndex: lhr.environment?.benchmarkIndex,
  };
}
