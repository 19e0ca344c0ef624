import { expect, test } from "@playwright/test";
import { demoRows, expectAccessible } from "../support/e2e";

test("the start page is accessible in English and Spanish", async ({ page }) => {
  await page.goto("/");
  await expectAccessible(page, "home en");
  await page.getByRole("button", { name: "Ver en español" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expectAccessible(page, "home es");
});

// axe needs scripts, so pages opened without JavaScript are checked for behaviour only; the
// same HTML is checked by axe in the tests with JavaScript.
test("the language switch works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your secure payment portal");
  await expect(page.getByRole("link", { name: "Skip to main content" })).toBeAttached();
  await expect(page.getByRole("main")).toBeVisible();
  await page.getByRole("button", { name: "Ver en español" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Su portal de pagos seguro");
  await context.close();
});

test("Accept-Language picks Spanish on a first visit", async ({ browser }) => {
  const context = await browser.newContext({
    locale: "es-MX",
    extraHTTPHeaders: { "Accept-Language": "es-MX,es;q=0.9" },
  });
  const page = await context.newPage();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await context.close();
});

test("an unknown address gets a calm 404 page", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We can't find that page");
  await expect(page.getByRole("link", { name: "Go to the start page" })).toBeVisible();
  await expectAccessible(page, "404");
});

test("every response carries the security headers, and every script the nonce", async ({
  page,
  request,
}) => {
  const response = await request.get("/");
  const headers = response.headers();
  const csp = headers["content-security-policy"];
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  const html = await response.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const attrs of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  const second = (await request.get("/")).headers()["content-security-policy"];
  expect(second).not.toBe(csp); // a new nonce per request

  // No CSP violations or console errors while the page hydrates.
  const errors: string[] = [];
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  expect(errors).toEqual([]);
});

test("static files carry the security headers too", async ({ request }) => {
  const html = await (await request.get("/")).text();
  const asset = /(?:src|href)="(\/build\/[^"]+\.js)"/.exec(html)![1];
  for (const path of ["/favicon.svg", asset]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["content-security-policy"], path).toContain("frame-ancestors 'none'");
  }
});

test("a body that is not a form is refused with 415, through the real server", async ({
  request,
}) => {
  for (const [path, contentType] of [
    ["/lang", "application/json"],
    ["/code", "text/plain"],
  ] as const) {
    const response = await request.post(path, {
      data: '{"lang":"es"}',
      headers: { "Content-Type": contentType },
      maxRedirects: 0,
    });
    expect(response.status(), path).toBe(415);
  }
});

test("a cross-site form post is refused", async ({ request }) => {
  const response = await request.post("/lang", {
    form: { lang: "es", redirectTo: "/" },
    headers: { Origin: "https://evil.example" },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
});

test("the demo page lists every demo debtor with a link and the answer", async ({
  page,
  request,
}) => {
  await page.goto("/demo");
  await expect(page.getByText("Demo / test mode")).toBeVisible();
  const rows = await demoRows(request);
  expect(rows.length).toBeGreaterThanOrEqual(8);
  for (const label of [
    "Small balance",
    "settlement offer",
    "payment plan",
    "Disputed",
    "Paid in full",
    "Expired",
    "Revoked",
  ]) {
    expect(
      rows.some((r) => r.label.includes(label)),
      label,
    ).toBe(true);
  }
  await expectAccessible(page, "demo");
});

test("health check answers", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
});
