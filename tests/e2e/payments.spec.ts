// Paying through hosted Checkout (the local Stripe emulator's page) in a real browser.
// Each test pays off a debtor of its own (tests/support/e2e-data.ts).
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { chooseLanguage, signedInDebtor } from "../support/e2e-data";

async function payByCard(page: Page, card: string) {
  await expect(page.getByText("Test mode: no real money.")).toBeVisible();
  const email = page.getByLabel(/Email/).first();
  if (await email.isVisible().catch(() => false)) await email.fill("debtor@example.com");
  await page.locator("#card-number").fill(card);
  await page.getByRole("button", { name: /by card$/ }).click();
}

async function authorize(page: Page) {
  await page.getByLabel("I have read this authorization and I agree to it").check();
  await page.getByRole("button", { name: "Agree and continue" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Waiting for a payment method");
}

test("pay in full: one confirm page, pay on the hosted page, see the receipt", async ({
  page,
  context,
}) => {
  const { account } = await signedInDebtor(context, "alex");
  // What the statement's "Pay in full" links to (tests/e2e/pay-now.spec.ts clicks it).
  await page.goto(`${account}/pay-now?kind=full`);
  await expectAccessible(page, "pay in full");
  await page.getByRole("button", { name: "Pay $84.50 on Stripe's secure page" }).click();

  // The emulator's hosted page, then back to us.
  await expect(page).toHaveURL(/\/checkout\/cs_/);
  await payByCard(page, "4242424242424242");
  await expect(page).toHaveURL(new RegExp(`${account}/checkout/return\\?session_id=cs_`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your payment went through",
  );
  await expectAccessible(page, "payment return");

  // The webhook records it; the receipt shows the method, never a full number.
  await expect(async () => {
    await page.goto(`${account}/receipts`);
    await expect(page.getByRole("link", { name: /^Receipt R-/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.getByRole("link", { name: /^Receipt R-/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Receipt R-/);
  const receipt = page.getByTestId("receipt");
  await expect(receipt).toContainText("$84.50");
  await expect(receipt).toContainText("Visa ending in 4242");
  await expect(receipt).toContainText("BSD-100245");
  await expect(receipt).toContainText("$0.00");
  expect(await page.content()).not.toContain("4242424242424242");
  await expectAccessible(page, "receipt");
  await page.goto(account);
  await expect(page.getByTestId("balance")).toHaveText("$0.00");
});

test("a plan's first payment: a decline, then another card; the schedule goes to the calendar", async ({
  page,
  context,
}) => {
  const { account } = await signedInDebtor(context, "maria");
  await chooseLanguage(context, "en");
  await page.goto(`${account}/pay`);
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Every two weeks", { exact: true }).check();
  await page.getByLabel("Number of payments").fill("6");
  await page.getByRole("button", { name: "Continue to review" }).click();
  await authorize(page);
  await page.getByRole("button", { name: "Continue to secure payment" }).click();

  await payByCard(page, "4000000000000002");
  await expect(page.getByRole("alert")).toContainText(/declined/i);
  await payByCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your payment went through",
  );

  await expect(async () => {
    await page.goto(`${account}/plan`);
    await expect(page.getByTestId("plan-status")).not.toHaveText("Waiting for a payment method");
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole("button", { name: "Update my card or bank account" })).toBeVisible();

  // Paying the next installment early, on-session: the plan's link, one confirm page.
  const nextLink = page.getByRole("link", { name: /^Pay my next payment \(\$[\d,.]+\) now$/ });
  const nextAmount = /\((\$[\d,.]+)\)/.exec(await nextLink.innerText())![1];
  await nextLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Pay your next payment now");
  await page.getByRole("button", { name: `Pay ${nextAmount} on Stripe's secure page` }).click();
  await payByCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your payment went through",
  );
  await expect(async () => {
    await page.goto(`${account}/receipts`);
    await expect(page.getByRole("link", { name: /^Receipt R-/ })).toHaveCount(2, {
      timeout: 1_000,
    });
  }).toPass({ timeout: 15_000 });

  await page.goto(account);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Add the dates to my calendar" }).click();
  const ics = fs.readFileSync(await (await downloadPromise).path(), "utf8");
  expect(ics.match(/BEGIN:VEVENT/g)?.length).toBe(4);
  expect(ics).not.toContain("$");
  await expect(page.getByTestId("timeline")).toContainText("Your next payment of");

  // Paying off the rest in one payment: the button names the server's sum.
  await page.goto(`${account}/plan`);
  const remaining = (await page.getByTestId("plan-remaining").innerText()).trim();
  const payOff = page.getByTestId("pay-off");
  await expect(payOff).toHaveText(`Pay off the rest (${remaining}) now`);
  await expectAccessible(page, "plan with pay off");
  await payOff.click();
  await expect(page.getByTestId("pay-now-amount")).toHaveText(remaining);
  await expectAccessible(page, "pay off the rest");
  await page.getByRole("button", { name: `Pay ${remaining} on Stripe's secure page` }).click();
  await expect(page.getByText(remaining).first()).toBeVisible();
  await payByCard(page, "4242424242424242");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your payment went through",
  );
  await expect(async () => {
    await page.goto(`${account}/plan`);
    await expect(page.getByTestId("plan-completed")).toHaveText(
      "Your plan is complete: every payment in it is made. Thank you.",
      { timeout: 1_000 },
    );
  }).toPass({ timeout: 15_000 });
  await expect(page.getByTestId("pay-off")).toHaveCount(0);
  await page.goto(account);
  await expect(page.getByTestId("balance")).toHaveText("$0.00");
  await page.goto(`${account}/receipts`);
  await expect(page.getByRole("link", { name: /^Receipt R-/ })).toHaveCount(3);
});
