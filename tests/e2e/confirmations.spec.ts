// Every money decision confirmed (#18 item 7), in a real browser: after paying on the
// emulator's hosted page, the page we come back to shows the receipt and what happens
// next (asking again by itself until the webhook has arrived), and the demo outbox holds
// the confirmations in the debtor's language (María's is Spanish, whatever the page's).
import { expect, test } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { chooseLanguage, signedInDebtor } from "../support/e2e-data";

test("a plan's first payment: the success page shows the receipt and the next date; the outbox the confirmations in Spanish", async ({
  page,
  context,
}) => {
  const { debtor, account } = await signedInDebtor(context, "maria");
  await chooseLanguage(context, "en"); // her pages in English; her messages stay Spanish
  await page.goto(`${account}/pay`);
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Every two weeks", { exact: true }).check();
  await page.getByLabel("Number of payments").fill("6");
  await page.getByRole("button", { name: "Continue to review" }).click();
  await page.getByLabel("I have read this authorization and I agree to it").check();
  await page.getByRole("button", { name: "Agree and continue" }).click();
  await page.getByRole("button", { name: "Continue to secure payment" }).click();

  await expect(page).toHaveURL(/\/checkout\/cs_/);
  await expect(page.getByText("Test mode: no real money.")).toBeVisible();
  const email = page.getByLabel(/Email/).first();
  if (await email.isVisible().catch(() => false)) await email.fill(debtor.email);
  await page.locator("#card-number").fill("4242424242424242");
  await page.getByRole("button", { name: /by card$/ }).click();
  await expect(page).toHaveURL(new RegExp(`${account}/checkout/return\\?session_id=cs_`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Thank you, your payment went through",
  );
  // The receipt, on this page (the page asks again by itself until the webhook is in).
  const receipt = page.getByTestId("return-receipt");
  await expect(receipt).toBeVisible({ timeout: 30_000 });
  await expect(receipt).toContainText("Visa ending in 4242");
  await expect(receipt.getByRole("link", { name: "View the receipt" })).toHaveAttribute(
    "href",
    new RegExp(`${account}/receipts/[0-9a-f-]{36}$`),
  );
  await expect(page.getByTestId("return-next")).toContainText(
    /Your next payment of \$[\d,.]+ is on /,
  );
  await expect(page.getByTestId("return-waiting")).toHaveCount(0);
  await expectAccessible(page, "payment return with its receipt");

  // The demo outbox: the receipt and the plan's confirmation, in Spanish, by email and SMS.
  await page.goto("/demo/outbox");
  const mine = (template: string) =>
    page.locator(
      `[data-testid="outbox-message"][data-template="${template}"][data-recipient="${debtor.email}"]`,
    );
  await expect(mine("plan_confirmation").getByRole("heading")).toHaveText(
    "Email: Su plan con Northbridge Recovery Services está listo",
  );
  await expect(mine("payment_receipt").getByRole("heading")).toHaveText(
    "Email: Su recibo de Northbridge Recovery Services",
  );
  await expect(mine("plan_confirmation").getByTestId("outbox-text")).toContainText(
    "Una copia de lo que aceptó está en su página segura.",
  );
});
