// Plans end to end: build each kind of plan with and without JavaScript, see policy
// errors tied to their fields, authorize, find the stored authorization, manage the plan,
// and show that tampered posts are refused with nothing stored.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { demoRow, expectAccessible, waitForHydration } from "../support/e2e";
import { chooseLanguage, signInPersona as signInAs } from "../support/e2e-data";

async function newDebtor(
  browser: Browser,
  label: string,
  options: { js?: boolean; lang?: "en" | "es" } = {},
) {
  const context = await browser.newContext({
    javaScriptEnabled: options.js ?? true,
    locale: options.lang === "es" ? "es-US" : "en-US",
  });
  const account = await signInAs(context, label);
  // These tests read the pages in the browser's language, whatever the debtor's record says.
  await chooseLanguage(context, options.lang ?? "en");
  const page = await context.newPage();
  return { context, page, account };
}

async function hydrated(page: Page) {
  await waitForHydration(page);
}

/** Cancels the account's live plan through the page (tick, then cancel), so tests stay independent. */
async function cancelThroughPage(page: Page, account: string, lang: "en" | "es" = "en") {
  await page.goto(`${account}/plan`);
  await page
    .getByLabel(
      lang === "en"
        ? "I understand, and I want to cancel this plan"
        : "Entiendo y quiero cancelar este plan",
    )
    .check();
  await page
    .getByRole("button", { name: lang === "en" ? "Cancel the plan" : "Cancelar el plan" })
    .click();
  await expect(page.getByTestId("done")).toBeVisible();
}

const KINDS = [
  { kind: "full", label: /^Pay in full: \$4,805\.75/, total: "$4,805.75" },
  { kind: "settlement", label: /^Settle for \$3,364\.02/, total: "$3,364.02" },
  { kind: "installments", label: /^A payment plan/, total: "$4,805.75" },
] as const;

for (const js of [true, false]) {
  for (const k of KINDS) {
    test(`${k.kind} ${js ? "with" : "without"} JavaScript: choose, then review and authorize a plan, or confirm one payment`, async ({
      browser,
    }) => {
      const { context, page, account } = await newDebtor(browser, "María González", { js });
      await page.goto(`${account}/pay`);
      if (js) await hydrated(page);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose how to pay");
      await expect(page.getByTestId("comparison").getByRole("listitem")).toHaveCount(5);
      await page.getByLabel(k.label).check();
      if (k.kind === "installments") {
        await page.getByLabel("Every two weeks", { exact: true }).check();
        await page.getByLabel("Number of payments").fill("6");
      }
      if (!js) {
        await page.getByRole("button", { name: "Show my schedule" }).click();
        await expect(page).toHaveURL(/\/pay\?kind=/);
      }
      await expect(page.getByTestId("preview-summary")).toContainText(k.total);
      if (k.kind === "installments")
        await expect(page.getByTestId("schedule").locator("tbody tr")).toHaveCount(6);
      await page.getByRole("button", { name: "Continue to review" }).click();

      if (k.kind !== "installments") {
        // One payment: straight to its one confirm page before Stripe's, with a one-time
        // authorization, no plan review and no recurring authorization to tick.
        await expect(page).toHaveURL(new RegExp(`${account}/pay-now\\?kind=${k.kind}$`));
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(
          k.kind === "full" ? "Pay in full" : "Settle your account",
        );
        await expect(page.getByTestId("pay-now-amount")).toHaveText(k.total);
        const once = (await page.getByTestId("pay-now-authorization").innerText()).trim();
        expect(once).toContain("María González");
        expect(once).toContain(`one payment of ${k.total}`);
        await expect(page.getByRole("checkbox")).toHaveCount(0);
        expect(await page.locator("main").innerText()).not.toMatch(/\bplan\b/i);
        await expect(
          page.getByRole("button", { name: `Pay ${k.total} on Stripe's secure page` }),
        ).toBeVisible();
        await context.close();
        return;
      }
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Review and confirm");
      await expect(page.getByTestId("review-total")).toHaveText(k.total);
      const text = (await page.getByTestId("authorization-text").innerText()).trim();
      expect(text).toContain("María González");
      expect(text).toContain(k.total);
      await page.getByRole("button", { name: "Agree and continue" }).click();
      await expect(page.locator("#authorize-error")).toContainText("tick the box");
      await expect(
        page.getByLabel("I have read this authorization and I agree to it"),
      ).toHaveAttribute("aria-invalid", "true");
      await page.getByLabel("I have read this authorization and I agree to it").check();
      await page.getByRole("button", { name: "Agree and continue" }).click();

      await expect(page).toHaveURL(new RegExp(`${account}/plan\\?done=authorized$`));
      await expect(page.getByTestId("done")).toContainText("Your choice is saved");
      await expect(page.getByTestId("plan-status")).toHaveText("Waiting for a payment method");
      await expect(page.getByTestId("authorization-text")).toHaveText(text);
      await expect(page.getByTestId("authorization-record")).toContainText("plan-auth-2025-1");
      await page.getByRole("link", { name: "Open a printable copy" }).click();
      await expect(page.getByTestId("authorization-text")).toHaveText(text);
      await expect(page.getByText(/^SHA-256: [0-9a-f]{64}$/)).toBeVisible();
      await cancelThroughPage(page, account);
      await expect(page.getByText("You don't have a payment plan for this account.")).toBeVisible();
      await context.close();
    });
  }
}

test("policy errors say what is allowed, tied to the field, live with JavaScript", async ({
  browser,
}) => {
  const { context, page, account } = await newDebtor(browser, "Alex Rivera");
  await page.goto(`${account}/pay`);
  await hydrated(page);
  await expectAccessible(page, "pay");
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Monthly", { exact: true }).check();
  const count = page.getByLabel("Number of payments");
  await count.fill("4");
  await expect(page.locator("#count-error")).toHaveText(
    /The smallest payment for this account is \$25\.00; choose 3 payments or fewer\./,
  );
  await expect(count).toHaveAttribute("aria-invalid", "true");
  await expect(count).toHaveAttribute("aria-describedby", "count-hint count-error");
  await expect(page.getByRole("button", { name: "Continue to review" })).toBeVisible();
  await expectAccessible(page, "pay with an error");
  await count.fill("3");
  await expect(page.locator("#count-error")).toHaveCount(0);
  await expect(page.getByTestId("preview-summary")).toHaveText(/3 payments, \$84\.50 in total/);
  await page.getByLabel("First payment date").fill("2001-01-01");
  await expect(page.locator("#startDate-error")).toContainText("can't be before today");
  await context.close();
});

test("policy errors without JavaScript, in Spanish; the review page refuses an invalid choice", async ({
  browser,
}) => {
  const { context, page, account } = await newDebtor(browser, "María González", {
    js: false,
    lang: "es",
  });
  await page.goto(`${account}/pay?kind=installments&frequency=weekly&count=2&startDate=2001-01-01`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Elija cómo pagar");
  await expect(page.locator("#count-error")).toHaveText(/Elija entre 3 y 24 pagos\./);
  await expect(page.locator("#startDate-error")).toContainText("no puede ser antes de hoy");
  await expect(page.getByLabel("Número de pagos")).toHaveAttribute("aria-invalid", "true");
  // Going to the review with the same choice sends the debtor back to fix it.
  await page.goto(
    `${account}/pay/review?kind=installments&frequency=weekly&count=2&startDate=2001-01-01`,
  );
  await expect(page).toHaveURL(/\/pay\?kind=installments/);
  await context.close();
});

for (const lang of ["en", "es"] as const) {
  test(`pay, review, plan, printable copy and hardship pages pass axe (${lang}); a payment can be moved`, async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    {
      const { context, page, account } = await newDebtor(browser, "Alex Rivera", { lang });
      await page.goto(
        `${account}/pay?kind=installments&frequency=monthly&count=9&startDate=2001-01-01`,
      );
      await expect(page.locator("#count-error")).toBeVisible();
      await expectAccessible(page, `pay with errors ${lang}`);
      // Starting tomorrow: still a valid start if midnight passes in the creditor's
      // timezone between reading "today" and opening the review (CI once did, at 05:00 UTC).
      await page.goto(
        `${account}/pay/review?kind=installments&frequency=monthly&count=3&startDate=${plusDays(await todayOn(page, account), 1)}`,
      );
      await expectAccessible(page, `review ${lang}`);
      await page.getByRole("checkbox").check();
      await page
        .getByRole("button", { name: lang === "en" ? "Agree and continue" : "Aceptar y continuar" })
        .click();
      await expect(page.getByTestId("plan-schedule").locator("tbody tr")).toHaveCount(3);
      await expectAccessible(page, `plan ${lang}`);
      if (lang === "en") {
        // Move payment 2 one day later; then try a date outside the window.
        const second = page
          .getByTestId("plan-schedule")
          .locator("tbody tr")
          .nth(1)
          .locator("td")
          .nth(1);
        const before = await second.innerText();
        await page.getByLabel("Payment to move").selectOption("2");
        const due = await page.evaluate(
          () => (document.querySelector("#newDate") as HTMLInputElement).min,
        );
        await page.getByLabel("New date").fill("2099-01-01");
        await page.getByRole("button", { name: "Move this payment" }).click();
        await expect(page.locator("#newDate-error")).toContainText("Choose a date from");
        await expect(page.getByLabel("New date")).toHaveAttribute("aria-invalid", "true");
        void due;
        const rows = await page.getByTestId("plan-schedule").locator("tbody tr").allInnerTexts();
        expect(rows.length).toBe(3);
        await page.getByLabel("Payment to move").selectOption("2");
        const secondIso = await isoOfRow(page, 1);
        await page.getByLabel("New date").fill(plusDays(secondIso, 1));
        await page.getByRole("button", { name: "Move this payment" }).click();
        await expect(page.getByTestId("done")).toContainText("Payment 2 now falls on");
        await expect(second).toContainText("moved from");
        expect(await second.innerText()).not.toBe(before);
        // Not started yet (no payment method): nothing can be paid extra, so nothing offers
        // it (tests/e2e/pay-now.spec.ts pays extra on a running plan).
        await expect(page.getByRole("heading", { name: "Pay extra or pay off early" })).toHaveCount(
          0,
        );
      }
      await page.goto(`${account}/plan/authorization`);
      await expectAccessible(page, `authorization copy ${lang}`);
      await page.goto(
        `${account}/pay?kind=installments&frequency=monthly&count=9&startDate=2001-01-01`,
      );
      await expect(page).toHaveURL(/\/plan$/); // a live plan: the builder sends the debtor to it
      await page.goto(`${account}/hardship`);
      await expectAccessible(page, `hardship ${lang}`);
      await cancelThroughPage(page, account, lang);
      await context.close();
    }
  });
}

test("a tampered POST (amount, count outside policy, another account) is refused and nothing is stored", async ({
  browser,
}) => {
  const { context, page, account } = await newDebtor(browser, "Alex Rivera");
  const maria = await browser.newContext();
  const mariaAccount = await signInAs(maria, "María González");
  await chooseLanguage(maria, "en");
  const mariaId = mariaAccount.split("/").pop()!;
  const reviewUrl = `${account}/pay/review?kind=installments&frequency=monthly&count=3&startDate=${await todayOn(page, account)}`;
  await page.goto(reviewUrl);
  const hidden = Object.fromEntries(
    await page
      .locator('form[method="post"] input[type="hidden"]')
      .evaluateAll((inputs) =>
        inputs.map((i) => [(i as HTMLInputElement).name, (i as HTMLInputElement).value]),
      ),
  ) as Record<string, string>;
  // Posted where the page's own form posts: the review URL with the choice in the query.
  const post = (form: Record<string, string>, url = reviewUrl) =>
    context.request.post(url, { form: { ...form, authorize: "on" }, maxRedirects: 0 });

  const outside = await post({ ...hidden, count: "99" });
  expect(outside.status()).toBe(400);
  expect(await outside.text()).toContain("choose 3 payments or fewer");
  const otherCount = await post({ ...hidden, count: "2" });
  expect(otherCount.status()).toBe(400);
  expect(await otherCount.text()).toContain("changed since you looked");
  const amount = await post({ ...hidden, scheduleDigest: "0".repeat(64), totalCents: "100" });
  expect(amount.status()).toBe(400);
  const otherId = await post({ ...hidden, accountId: mariaId });
  expect(otherId.status()).toBe(400);
  expect(await otherId.text()).toContain("nothing was saved");
  const otherUrl = await post(hidden, reviewUrl.replace(account, mariaAccount));
  expect(otherUrl.status()).toBe(404);

  for (const url of [`${account}/plan`, `${mariaAccount}/plan`]) {
    const ctx: BrowserContext = url === `${account}/plan` ? context : maria;
    const html = await (await ctx.request.get(url)).text();
    expect(html, url).toContain("You don't have a payment plan for this account.");
  }
  const bare = await post({ ...hidden, accountId: mariaId }, `${account}/pay/review`);
  expect(bare.status()).toBe(400);
  // The real form still works afterwards.
  const ok = await post(hidden);
  expect(ok.status()).toBe(302);
  expect(ok.headers()["location"]).toBe(`${account}/plan?done=authorized`);
  await cancelThroughPage(page, account);
  await maria.close();
  await context.close();
});

test("I can't pay right now: a proposal is stored for the creditor, a pause within policy, never a dead end", async ({
  browser,
}) => {
  const { context, page, account } = await newDebtor(browser, "Alex Rivera", { js: false });
  await page.goto(`${account}/hardship`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("I can't pay right now");
  // Already allowed: the page says so and links to the builder instead of storing it.
  await page.getByLabel("Amount you can pay each time").fill("43");
  await page.getByRole("button", { name: "Send my proposal" }).click();
  await expect(page.locator("#amount-error")).toContainText(
    "2 payments of about $42.25 are already allowed",
  );
  await page.getByLabel("Amount you can pay each time").fill("10");
  await page
    .getByLabel("Anything you would like them to know (optional)")
    .fill("Reduced hours at work");
  await page.getByRole("button", { name: "Send my proposal" }).click();
  await expect(page.getByTestId("done")).toContainText("Your proposal is sent");
  await expect(page.getByTestId("proposal-state")).toContainText("$10.00, monthly");
  await page.getByLabel("Pause until").fill("2099-01-01");
  await page.getByRole("button", { name: "Show the new dates" }).click();
  await expect(page.locator("#pauseUntil-error")).toContainText("at the latest");
  await context.close();
});

test("a disputed account shows the options but cannot set anything up", async ({ browser }) => {
  const { context, page, account } = await newDebtor(browser, "Jordan Lee");
  // Whatever earlier tests did to the seeded dispute, this one files its own.
  const filed = await context.request.post(`${account}/dispute`, {
    form: { reason: "wrong_amount" },
    maxRedirects: 0,
  });
  expect(filed.status()).toBe(302);
  await page.goto(`${account}/pay`);
  await expect(page.getByTestId("on-hold")).toContainText("on hold");
  await expect(page.getByRole("button", { name: "Continue to review" })).toHaveCount(0);
  await page.goto(`${account}/pay/review?kind=full`);
  await expect(page.getByRole("button", { name: "Agree and continue" })).toHaveCount(0);
  await context.close();
});

// The demo itself (app/demo/seed.server.ts + seed-plans.server.ts): Sam Chen's row on /demo is the one
// persona a test reads, and only reads.
test("the demo plan: Sam Chen's active plan shows its paid payments and next payment", async ({
  browser,
}) => {
  const context = await browser.newContext();
  const sam = await demoRow(context.request, "Sam Chen");
  await context.request.post(`/l/${sam.token}`, { form: { intent: "continue" } });
  const signedIn = await context.request.post(`/l/${sam.token}`, {
    form: { intent: "verify", answer: sam.answer },
    maxRedirects: 0,
  });
  expect(signedIn.status()).toBe(302);
  const account = signedIn.headers()["location"];
  const page = await context.newPage();
  await page.goto(`${account}/plan`);
  await expect(page.getByTestId("plan-status")).toHaveText("Active");
  await expect(page.getByTestId("plan-next")).toContainText("$200.00");
  // Each row's status is written twice (beside the date on a phone, in its own column on
  // a wide screen); one of the two is shown.
  await expect(
    page.getByTestId("plan-schedule").getByText("Paid").filter({ visible: true }),
  ).toHaveCount(2);
  await context.close();
});

// --- helpers ---

/** Today in the creditor's timezone, as the builder's date field defaults it. */
async function todayOn(page: Page, account: string): Promise<string> {
  await page.goto(`${account}/pay`);
  return page.locator("#startDate").inputValue();
}

async function isoOfRow(page: Page, index: number): Promise<string> {
  // The move form lists "Payment n: $x on <date>"; the date input's min is today. Read the
  // schedule from the hidden select values instead of parsing localized dates.
  const label = await page
    .getByLabel("Payment to move")
    .locator("option")
    .nth(index - 1)
    .innerText();
  const match = /on (.+)$/.exec(label);
  if (!match) throw new Error(`no date in ${label}`);
  const parsed = new Date(`${match[1]} 12:00 UTC`);
  return parsed.toISOString().slice(0, 10);
}

function plusDays(iso: string, days: number) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
