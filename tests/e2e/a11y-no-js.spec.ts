// Debtor journeys with JavaScript turned off (plain HTML forms, progressive enhancement),
// for the steps no other spec walks without scripts. Already covered elsewhere, without JS:
// the way in by link in Spanish (access.spec.ts), the language switch on the start page
// (foundation.spec.ts), choosing each kind of plan up to the authorization and the hardship
// proposal (plans.spec.ts), every kind of dispute and the preferences (statement.spec.ts).
//
// Works on accounts imported through the creditor area (unique references), never on the
// demo rows the other specs read. Named to run first: access.spec.ts uses up this address's
// allowance of typed codes (its 429 test), and the typed code is one of the ways in here.
import { newCreditorUser } from "../support/e2e-data";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import {
  creditorSession,
  importTestDebtors,
  letterLink,
  signInWithLink,
  usDate,
  type TestDebtor,
} from "../support/a11y";

type Debtor = TestDebtor & { token: string; code: string };
type State = { walker: Debtor; payer: Debtor; unsubscribePath: string };

let state: State | undefined;

async function ensureState(browser: Browser): Promise<State> {
  if (state) return state;
  const creditor = await browser.newContext();
  // An owner of a creditor of this test's own (tests/support/e2e-data.ts).
  const user = await newCreditorUser(creditor.request);
  await creditorSession(creditor, user.email, user.password);
  const { debtors } = await importTestDebtors(
    creditor.request,
    [
      { name: "Jamie Ferreira", dob: "1983-06-21", amount: "150.00" },
      { name: "Noor Haddad", dob: "1991-02-09", amount: "450.00" },
    ],
    "NOJS",
  );
  const [walker, payer] = await Promise.all(
    debtors.map(async (d) => ({ ...d, ...(await letterLink(creditor.request, d.accountId)) })),
  );
  // An email to the walker, for its unsubscribe link.
  const sent = await (
    await creditor.request.post(`/creditor/accounts/${walker.accountId}`, {
      form: { intent: "send", channel: "email" },
    })
  ).text();
  const outboxId = /\/demo\/outbox#message-([^"]+)"/.exec(sent)?.[1];
  if (!outboxId) throw new Error("the email link to the test debtor was not queued");
  const outbox = await (await creditor.request.get("/demo/outbox")).text();
  const message = outbox.slice(outbox.indexOf(`id="message-${outboxId}"`));
  const unsubscribePath = /https?:\/\/[^/"\s]+(\/unsubscribe\/[A-Za-z0-9_-]+)/.exec(message)?.[1];
  if (!unsubscribePath) throw new Error("no unsubscribe link in the test debtor's email");
  await creditor.close();
  state = { walker, payer, unsubscribePath };
  return state;
}

async function noScripts(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  return { context, page: await context.newPage() };
}

const h1 = (page: Page) => page.getByRole("heading", { level: 1 });

test("without JavaScript: link, 'is this real?', a wrong then the right answer, statement, print, download, language, sign out", async ({
  browser,
}) => {
  const { walker } = await ensureState(browser);
  const { context, page } = await noScripts(browser);
  await page.goto(`/l/${walker.token}`);
  await expect(h1(page)).toHaveText("A secure page from Brightside Dental");
  await page.getByRole("link", { name: "How can I check this is genuine?" }).click();
  await expect(h1(page)).toHaveText("Is this message really from us?");
  await page.getByRole("link", { name: "Back" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Your date of birth").fill("01/01/1901");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("alert")).toContainText("You have 4 tries left");
  await expect(page.getByLabel("Your date of birth")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Your date of birth").fill(usDate(walker.dob));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${walker.accountId}$`));
  await expect(h1(page)).toHaveText("Your statement from Brightside Dental");
  await expect(page.getByTestId("balance")).toHaveText("$150.00");
  expect(await page.locator("html").getAttribute("data-hydrated")).toBeNull(); // no script ran

  await page.getByRole("link", { name: "Print or save a copy" }).click();
  await expect(h1(page)).toHaveText("Statement from Brightside Dental");
  await page.getByRole("link", { name: "Back to your statement" }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download a copy" }).click();
  expect((await download).suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}-\d{2}\.html$/);

  // The language switch on a signed-in page comes back to the same page, both ways.
  await page.getByRole("button", { name: "Ver en español" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${walker.accountId}$`));
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(h1(page)).toHaveText("Su estado de cuenta de Brightside Dental");
  await page.getByRole("button", { name: "View in English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(h1(page)).toHaveText("You're signed out");
  await page.goto(`/accounts/${walker.accountId}`);
  await expect(page).toHaveURL(/\/signed-out\?reason=expired$/);
  await expect(h1(page)).toHaveText("You've been signed out");
  await context.close();
});

test("without JavaScript: the typed code way in, and 'send me a new link' from a link that no longer works", async ({
  browser,
}) => {
  const { walker } = await ensureState(browser);
  const { context, page } = await noScripts(browser);
  await page.goto("/code");
  await page.getByLabel("Code", { exact: true }).fill(walker.code.toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Your date of birth").fill(usDate(walker.dob));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(h1(page)).toHaveText("Your statement from Brightside Dental");

  await page.goto("/l/Zm9vYmFyYmF6cXV4cXV1eHF1dXg");
  await expect(h1(page)).toHaveText("This link can't be used anymore");
  await page.getByRole("button", { name: "Send me a new link" }).click();
  await expect(page.getByRole("status")).toContainText("If we have contact details");
  await context.close();
});

test("without JavaScript: a plan, paid on the hosted payment page, the receipt, then managing the plan", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const { payer } = await ensureState(browser);
  const { context, page } = await noScripts(browser);
  const account = await signInWithLink(context, payer.token, payer.dob);
  await page.goto(account);
  await page.getByRole("link", { name: "Set up a payment plan" }).click();
  await expect(h1(page)).toHaveText("Choose how to pay");
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Monthly", { exact: true }).check();
  await page.getByLabel("Number of payments").fill("3");
  await page.getByRole("button", { name: "Show my schedule" }).click();
  await expect(page).toHaveURL(/\/pay\?kind=installments/);
  await expect(page.getByTestId("schedule").locator("tbody tr")).toHaveCount(3);
  await page.getByRole("button", { name: "Continue to review" }).click();
  await expect(h1(page)).toHaveText("Review and confirm");
  await page.getByRole("button", { name: "Agree and continue" }).click();
  await expect(page.locator("#authorize-error")).toContainText("tick the box");
  await page.getByLabel("I have read this authorization and I agree to it").check();
  await page.getByRole("button", { name: "Agree and continue" }).click();
  await expect(page.getByTestId("plan-status")).toHaveText("Waiting for a payment method");

  // Hosted Checkout (the emulator's page is plain HTML too), then back to the portal.
  await page.getByRole("button", { name: "Continue to secure payment" }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_/);
  await expect(page.getByText("Test mode: no real money.")).toBeVisible();
  await page.getByLabel(/Email/).first().fill(payer.email);
  await page.locator("#card-number").fill("4242424242424242");
  await page.getByRole("button", { name: /by card$/ }).click();
  await expect(page).toHaveURL(new RegExp(`${account}/checkout/return\\?session_id=cs_`));
  await expect(h1(page)).toHaveText("Thank you, your payment went through");

  await expect(async () => {
    await page.goto(`${account}/receipts`);
    await expect(page.getByRole("link", { name: /^Receipt R-/ })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("link", { name: /^Receipt R-/ }).click();
  await expect(h1(page)).toHaveText(/^Receipt R-/);
  await expect(page.getByTestId("receipt")).toContainText("Visa ending in 4242");

  // Managing the plan: paying extra (a GET form to the one confirm page before Stripe's),
  // moving a payment, a pause.
  await page.goto(`${account}/plan`);
  await expect(page.getByTestId("plan-status")).not.toHaveText("Waiting for a payment method");
  await page.getByLabel("Amount", { exact: true }).fill("300");
  await page.getByRole("button", { name: "Show what would change" }).click();
  await expect(page).toHaveURL(/\/pay-now\?kind=extra&amount=300$/);
  await expect(page.getByTestId("pay-now-effect")).toContainText(
    "This pays everything left in your plan.",
  );
  await expect(
    page.getByRole("button", { name: "Pay $300.00 on Stripe's secure page" }),
  ).toBeVisible();
  await page.goto(`${account}/plan`);
  const last = page.getByLabel("Payment to move").locator("option").last();
  const label = await last.innerText();
  const due = new Date(`${/on (.+)$/.exec(label)![1]} 12:00 UTC`);
  due.setUTCDate(due.getUTCDate() - 1);
  await page.getByLabel("Payment to move").selectOption((await last.getAttribute("value"))!);
  await page.getByLabel("New date").fill(due.toISOString().slice(0, 10));
  await page.getByRole("button", { name: "Move this payment" }).click();
  await expect(page.getByTestId("done")).toContainText(/Payment \d now falls on/);
  const calendar = await context.request.get(`${account}/schedule.ics`);
  expect(calendar.headers()["content-type"]).toContain("text/calendar");

  await page.goto(`${account}/hardship`);
  const pauseUntil = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Pause until").fill(pauseUntil);
  await page.getByRole("button", { name: "Show the new dates" }).click();
  await expect(page.getByTestId("pause-preview")).toBeVisible();
  await page.getByRole("button", { name: "Pause my payments" }).click();
  await expect(page.getByText(/Done\. Your payments are paused until/)).toBeVisible();
  await context.close();
});

test("without JavaScript: unsubscribing from an email", async ({ browser }) => {
  const { unsubscribePath } = await ensureState(browser);
  const { context, page } = await noScripts(browser);
  await page.goto(unsubscribePath);
  await expect(h1(page)).toHaveText("Stop these emails?");
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(h1(page)).toHaveText("You are unsubscribed");
  await context.close();
});
