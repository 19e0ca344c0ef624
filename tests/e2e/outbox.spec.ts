import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { newDebtor, type DebtorFixture } from "../support/e2e-data";

test("'send me a new link' from an expired link → the email in the demo outbox → its link works", async ({
  page,
  request,
}) => {
  // Alex (a debtor of this test's own) with only an expired link.
  const alex = await newDebtor(request, "alex", ["expired"]);
  const message = await freshLinkEmail(page, alex);
  await expect(message.getByRole("heading")).toHaveText(
    "Email: A secure link from Brightside Dental",
  );
  const text = await message.getByTestId("outbox-text").innerText();
  for (const secret of ["BSD-100245", "84.50", "Alex", "Rivera"])
    expect(text).not.toContain(secret);
  expect(text).toContain("Unsubscribe: http");
  await expectAccessible(page, "demo outbox");

  // The HTML version renders under our CSP from its own URL, styles from a stylesheet.
  const htmlHref = await message
    .getByRole("link", { name: "See this email as it looks (HTML)" })
    .getAttribute("href");
  const preview = await request.get(htmlHref!);
  expect(preview.status()).toBe(200);
  const html = await preview.text();
  expect(html).not.toMatch(/\sstyle="/);
  expect((await request.get(`${htmlHref}.css`)).headers()["content-type"]).toContain("text/css");

  await message.getByRole("link", { name: /\/l\// }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "A secure page from Brightside Dental",
  );
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Your date of birth").fill(alex.answer);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(`/accounts/${alex.accountId}`);
  await expect(page.getByTestId("balance")).toHaveText("$84.50");
});

test("unsubscribe: the GET changes nothing, the button unsubscribes", async ({ page, request }) => {
  const message = await freshLinkEmail(page, await newDebtor(request, "alex", ["expired"]));
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
  const unknown = await request.post("/unsubscribe/AAAAAAAAAAAAAAAAAAAAAAAAAAA", {
    form: { "List-Unsubscribe": "One-Click" },
  });
  expect(unknown.status()).toBe(404);
});

/** Asks for a new link from the debtor's expired one; returns that email in the demo outbox. */
async function freshLinkEmail(page: Page, debtor: DebtorFixture) {
  await page.goto(`/l/${debtor.links[0].token}`);
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("If we have contact details");
  await page.goto("/demo/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demo: outbox");
  const message = page
    .locator(
      `[data-testid="outbox-message"][data-template="access_link"][data-recipient="${debtor.email}"]`,
    )
    .first();
  await expect(message).toBeVisible();
  return message;
}
