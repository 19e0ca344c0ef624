// One payment straight to Stripe (#18 item 3): from the statement, at most one portal page
// (the confirm page, /pay-now) before the emulator's hosted Checkout page, with and without
// JavaScript, at 320×640, axe-checked; paying there posts the payment. Each test signs in
// a debtor of its own (tests/support/e2e-data.ts).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { chooseLanguage, signedInDebtor, type Persona } from "../support/e2e-data";

const PHONE = { width: 320, height: 640 };

async function debtorIn(browser: Browser, persona: Persona, js: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: PHONE });
  const { account, debtor } = await signedInDebtor(context, persona);
  await chooseLanguage(context, "en");
  return { context, account, debtor, page: await context.newPage() };
}

/**
 * axe runs in the page, so a page opened without JavaScript is checked in a browser with
 * it, signed in as the same debtor, at the same address.
 */
async function accessible(browser: Browser, page: Page, label: string, js: boolean) {
  if (js) {
    await expectAccessible(page, label);
    await page.setViewportSize(PHONE);
    return;
  }
  const context = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: PHONE,
  });
  const twin = await context.newPage();
  await twin.goto(page.url());
  await expectAccessible(twin, `${label} (checked with JavaScript)`);
  await context.close();
}

/** The portal pages the browser shows from now on, until it reaches Stripe's page. */
function portalPages(page: Page, origin: string) {
  const seen: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame !== page.mainFrame()) return;
    const url = new URL(frame.url());
    if (url.origin === origin && !seen.includes(url.pathname + url.search))
      seen.push(url.pathname + url.search);
  });
  return seen;
}

async function payByCard(page: Page, email: string) {
  await expect(page).toHaveURL(/\/checkout\/cs_/);
  await expect(page.getByText("Test mode: no real money.")).toBeVisible();
  const field = page.getByLabel(/Email/).first();
  if (await field.isVisible().catch(() => false)) await field.fill(email);
  await page.locator("#card-number").fill("4242424242424242");
  await page.getByRole("button", { name: /by card$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your payment went through",
  );
}

/** The statement's balance once the webhook has posted the payment. */
async function balanceBecomes(page: Page, account: string, amount: string) {
  await expect(async () => {
    await page.goto(account);
    await expect(page.getByTestId("balance")).toHaveText(amount, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

for (const js of [true, false]) {
  test(`pay in full ${js ? "with" : "without"} JavaScript: statement, one confirm page, Stripe's page, paid`, async ({
    browser,
    baseURL,
  }) => {
    const { context, account, debtor, page } = await debtorIn(browser, "alex", js);
    await page.goto(account);
    await expect(page.getByTestId("balance")).toHaveText("$84.50");
    const pages = portalPages(page, new URL(baseURL!).origin);
    // The statement's first card: "Pay $84.50 in full".
    await page.getByTestId("top-card").getByRole("link", { name: "Pay $84.50 in full" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pay in full");
    await expect(page.getByTestId("pay-now-amount")).toHaveText("$84.50");
    await expect(page.getByTestId("pay-now-authorization")).toContainText(
      "one payment of $84.50 today",
    );
    // No plan words, no recurring authorization to tick.
    expect(await page.locator("main").innerText()).not.toMatch(/\bplan\b|recurring/i);
    await expect(page.getByRole("checkbox")).toHaveCount(0);
    await accessible(browser, page, `pay now, full (${js ? "js" : "no js"})`, js);
    await page.getByRole("button", { name: "Pay $84.50 on Stripe's secure page" }).click();
    await payByCard(page, debtor.email);
    expect(pages.filter((p) => !p.includes("/checkout/return"))).toEqual([
      `${account}/pay-now?kind=full`,
    ]);
    await balanceBecomes(page, account, "$0.00");
    await context.close();
  });
}

test("the settlement without JavaScript: one confirm page, Stripe's page, the account settled", async ({
  browser,
}) => {
  const { context, account, debtor, page } = await debtorIn(browser, "maria", false);
  await page.goto(`${account}/pay-now?kind=settlement`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Settle your account");
  const amount = (await page.getByTestId("pay-now-amount").innerText()).trim();
  expect(amount).toBe("$3,364.02");
  await expect(
    page.getByText(/accepts \$3,364\.02 to settle your balance of \$4,805\.75/),
  ).toBeVisible();
  await accessible(browser, page, "pay now, settlement", false);
  await page.getByRole("button", { name: `Pay ${amount} on Stripe's secure page` }).click();
  await payByCard(page, debtor.email);
  await balanceBecomes(page, account, "$0.00");
  await context.close();
});

test("choosing pay in full on the choice page skips the plan review: straight to the confirm page", async ({
  browser,
}) => {
  const { context, account, page } = await debtorIn(browser, "alex", true);
  await page.goto(`${account}/pay`);
  await page.getByLabel(/^Pay in full: \$84\.50/).check();
  await page.getByRole("button", { name: "Continue to review" }).click();
  await expect(page).toHaveURL(new RegExp(`${account}/pay-now\\?kind=full$`));
  await expect(page.getByTestId("pay-now-amount")).toHaveText("$84.50");
  // Left on Stripe's page and back: the confirm page again, and no plan anywhere.
  await page.goto(`${account}/pay-now?kind=full&checkout=cancelled`);
  await expect(page.getByTestId("pay-now-notice")).toHaveText(
    "You left Stripe's page. Nothing was charged.",
  );
  await context.close();
});

test("in a plan without JavaScript: pay next, pay extra and pay off each go through one confirm page", async ({
  browser,
}) => {
  const { context, account, debtor, page } = await debtorIn(browser, "sam", false);
  await page.goto(`${account}/plan`);
  await page.getByTestId("pay-next").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pay your next payment now");
  await expect(page.getByTestId("pay-now-amount")).toHaveText("$200.00");
  await accessible(browser, page, "pay now, next", false);
  await page.getByRole("button", { name: "Pay $200.00 on Stripe's secure page" }).click();
  await payByCard(page, debtor.email);
  await balanceBecomes(page, account, "$600.00");

  // Extra: the amount typed on the plan page is checked, and its effect shown, before paying.
  await page.goto(`${account}/plan`);
  await page.getByLabel("Amount", { exact: true }).fill("25");
  await page.getByRole("button", { name: "Show what would change" }).click();
  await expect(page.getByTestId("pay-now-effect")).toContainText("goes from $200.00 to $175.00");
  await accessible(browser, page, "pay now, extra", false);
  await page.getByRole("button", { name: "Pay $25.00 on Stripe's secure page" }).click();
  await payByCard(page, debtor.email);
  await balanceBecomes(page, account, "$575.00");

  await page.goto(`${account}/plan`);
  await page.getByTestId("pay-off").click();
  await expect(page.getByTestId("pay-now-amount")).toHaveText("$575.00");
  await page.getByRole("button", { name: "Pay $575.00 on Stripe's secure page" }).click();
  await payByCard(page, debtor.email);
  await balanceBecomes(page, account, "$0.00");
  await context.close();
});

test("a payment that does not fit the account is explained, with a way forward", async ({
  browser,
}) => {
  const { context, account, page } = await debtorIn(browser, "alex", false);
  const response = await page.goto(`${account}/pay-now?kind=next`);
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "This payment can't be made here",
  );
  await expect(page.getByTestId("pay-now-reason")).toContainText("this account does not have one");
  await accessible(browser, page, "pay now, explained", false);
  await page.getByRole("link", { name: "See the ways to pay" }).click();
  await expect(page).toHaveURL(new RegExp(`${account}/pay$`));
  await context.close();
});
