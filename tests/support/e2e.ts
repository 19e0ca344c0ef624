// Helpers for the browser tests: axe at phone and desktop widths, demo data, sign-in
// without the UI.
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** axe with the WCAG 2.2 AA tags at 320 px and 1280 px, plus no horizontal scroll at 320. */
export async function expectAccessible(page: Page, label = page.url()) {
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
    expect(summary, `axe at ${width}px on ${label}`).toEqual([]);
    if (width === 320) {
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal scroll at 320px on ${label}`).toBeLessThanOrEqual(0);
    }
  }
}

export type DemoRow = { label: string; token: string; code: string; answer: string };

/** The demo page's rows (debtors first, then special links), read over HTTP. */
export async function demoRows(request: APIRequestContext): Promise<DemoRow[]> {
  const html = await (await request.get("/demo")).text();
  const rows: DemoRow[] = [];
  const re =
    /data-testid="demo-row"[\s\S]*?<p class="font-semibold">([^<]*)<\/p>[\s\S]*?href="\/l\/([^"]+)"[\s\S]*?data-testid="demo-code">([^<]*)<[\s\S]*?data-testid="demo-answer">([^<]*)</g;
  for (const m of html.matchAll(re)) {
    rows.push({ label: unescape(m[1]), token: m[2], code: m[3], answer: unescape(m[4]) });
  }
  return rows;
}

function unescape(s: string) {
  return s
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"');
}

export async function demoRow(request: APIRequestContext, labelPart: string): Promise<DemoRow> {
  const row = (await demoRows(request)).find((r) => r.label.includes(labelPart));
  if (!row) throw new Error(`no demo row matching ${labelPart}`);
  return row;
}

/** Signs a debtor in through plain HTTP posts (no clicking); returns their account URL. */
export async function signInAs(context: BrowserContext, labelPart: string): Promise<string> {
  const row = await demoRow(context.request, labelPart);
  await context.request.post(`/l/${row.token}`, { form: { intent: "continue" } });
  const response = await context.request.post(`/l/${row.token}`, {
    form: { intent: "verify", answer: row.answer },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const location = response.headers()["location"];
  expect(location).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
  return location;
}

/**
 * Waits for React to hydrate the page (root.tsx sets <html data-hydrated>), as long as a
 * busy machine may take: the signal, not a fixed pause, and never shorter than the work
 * (a 5 s default failed while another suite shared the 2 cores).
 */
export async function waitForHydration(page: Page, timeout = 30_000) {
  await expect(page.locator("html")).toHaveAttribute("data-hydrated", "true", { timeout });
}
