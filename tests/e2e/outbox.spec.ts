import { expect, test } from "@playwright/test";
import { demoRow, expectAccessible } from "../support/e2e";

test("'send me a new link' from an expired link → the email in the demo outbox → its link works", async ({ page, request }) => {
  const expired = await demoRow(request, "Expired link");
  const alex = await demoRow(request, "Alex Rivera");
  await page.goto(`/l/${expired.token}`);
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("If we have contact details");

  await page.goto("/demo/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demo: outbox");
  const message = page.locator('[data-testid="outbox-message"][data-template="access_link"][data-recipient="alex.rivera@example.com"]').first();
  await expect(message).toBeVisible();
  await expect(message.getByRole("heading")).toHaveText("Email: A secure link from Brightside Dental");
  const text = await message.getByTestId("outbox-text").innerText();
  for (const secret of ["BSD-100245", "84.50", "Alex", "Rivera"]) expect(text).not.toContain(secret);
  expect(text).toContain("Unsubscribe: http");
  await expectAccessible(page, "demo outbox");

  // The HTML version renders under our CSP from its own URL, styles from a stylesheet.
  const htmlHref = await message.getByRole("link", { name: "See this email as it looks (HTML)" }).getAttribute("href");
  const preview = await request.get(htmlHref!);
  expect(preview.status()).toBe(200);
  const html = await preview.text();
  expect(html).not.toMatch(/\sstyle="/);
  expect((await request.get(`${htmlHref}.css`)).headers()["content-type"]).toContain("text/css");

  await message.getByRole("link", { name: /\/l\// }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A secure page from Brightside Dental");
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Your date of birth").fill(alex.answer);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("balance")).toHaveText("$84.50");
});

test("unsubscribe: the GET changes nothing, the button unsubscribes", async ({ page, request }) => {
  await page.goto("/demo/outbox");
  const message = page.locator('[data-testid="outbox-message"][data-template="access_link"]').first();
  const unsubscribe = message.getByRole("link", { name: /\/unsubscribe\// });
  const href = (await unsubscribe.getAttribute("href"))!;
  const path = new URL(href).pathname;
  for (let i = 0; i < 2; i++) expect((await request.get(path)).status()).toBe(200);
  await page.goto(path);
  await expect(page).toHaveTitle("Email preferences");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stop these emails?");
  await expectAccessible(page, "unsubscribe");
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You are unsubscribed");
  await expect(page.getByRole("status")).toContainText("We will not send you any more emails");
  const unknown = await request.post("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAA", { form: { "List-Unsubscribe": "One-Click" } });
  expect(unknown.status()).toBe(404);
});
