// The plan builder and the plan changes to GOV.UK's standard (#18 items 3 and 6), on a
// phone (320 × 640), with and without JavaScript, each test with a debtor of its own:
// nothing preselected, the error summary (focused, a link that focuses the field), "Show my
// schedule" landing on the schedule, a one-line live region, the pause's preview keeping
// the day of the month.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PHONE } from "../support/a11y";
import { expectAccessible, waitForHydration } from "../support/e2e";
import { chooseLanguage, signedInDebtor, type Persona } from "../support/e2e-data";

/**
 * axe (320 and 1280 px). Playwright can't run a script in a page with JavaScript off, so a
 * page reached without it is checked as the same address reads in a second, JavaScript-
 * enabled tab of the same session (the server renders the same page).
 */
async function accessible(page: Page, js: boolean, label: string) {
  if (js) return expectAccessible(page, label);
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  const twin = await browser.newContext({
    storageState: await page.context().storageState(),
    viewport: PHONE,
  });
  const again = await twin.newPage();
  await again.goto(page.url());
  await waitForHydration(again);
  await expectAccessible(again, label);
  await twin.close();
}

/** Holds the page's requests for `glob` until the returned function lets them through. */
async function holdBack(page: Page, glob: string): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(glob, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

async function debtorPage(browser: Browser, persona: Persona, js: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: js, viewport: PHONE });
  const { account } = await signedInDebtor(context, persona);
  await chooseLanguage(context, "en");
  const page = await context.newPage();
  return { context, page, account };
}

for (const js of [true, false]) {
  const how = js ? "with" : "without";

  test(`${how} JavaScript: nothing is preselected, and a wrong count shows the error summary, focused, whose link focuses the field`, async ({
    browser,
  }) => {
    const { context, page, account } = await debtorPage(browser, "maria", js);
    await page.goto(`${account}/pay`);
    if (js) await waitForHydration(page);
    await expect(page.locator('input[name="kind"]:checked')).toHaveCount(0);
    await expect(page.getByTestId("preview-summary")).toContainText("Choose how you want to pay");

    // Submitting without a choice: the summary says so.
    await page.getByRole("button", { name: "Continue to review" }).click();
    const summary = page.getByTestId("error-summary");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("There is a problem");
    await expect(summary.getByRole("link", { name: "Choose one way to pay." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose how to pay");

    await page.getByLabel(/^A payment plan/).check();
    await page.getByLabel("Monthly", { exact: true }).check();
    await page.getByLabel("Number of payments").fill("99");
    await page.getByRole("button", { name: "Show my schedule" }).click();
    await expect(summary).toBeFocused();
    if (!js) await expect(page).toHaveURL(/count=99/);
    const link = summary.getByRole("link");
    await expect(link).toHaveCount(1);
    await expect(link).toHaveAttribute("href", "#count");
    const inline = page.locator("#count-error");
    await expect(inline).toContainText(await link.innerText());
    await expect(page.locator("#count")).toHaveAttribute(
      "aria-describedby",
      /(^| )count-error( |$)/,
    );
    await accessible(page, js, `pay, error summary, ${how} JS`);
    await link.click();
    await expect(page.locator("#count")).toBeFocused();
    await context.close();
  });

  test(`${how} JavaScript: the pause previews the new dates, on the same day of the month`, async ({
    browser,
  }) => {
    const { context, page, account } = await debtorPage(browser, "sam", js);
    await page.goto(`${account}/hardship`);
    if (js) await waitForHydration(page);
    const pauseUntil = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("Pause until").fill(pauseUntil);
    await page.getByRole("button", { name: "Show the new dates" }).click();
    const preview = page.getByTestId("pause-preview");
    await expect(preview).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`pauseUntil=${pauseUntil}`));
    // Every payment moves to the same day of the month it had ("Was May 15, 2027").
    const rows = page.getByTestId("pause-dates").locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    const firstCell = (await rows.first().locator("td").nth(1).innerText()).split("\n");
    const day = (text: string) => text.match(/ (\d{1,2}),/)?.[1];
    expect(firstCell[1]).toMatch(/^Was /);
    expect(day(firstCell[0])).toBe(day(firstCell[1]));
    await accessible(page, js, `hardship, pause preview, ${how} JS`);
    // Nothing changed yet: the plan page still shows the old date.
    await page.getByRole("button", { name: "Pause my payments" }).click();
    await expect(page.getByText(/Done\. Your payments are paused until/)).toBeVisible();
    await page.goto(`${account}/plan`);
    await expect(page.getByTestId("plan-schedule")).toContainText(firstCell[0]);
    await context.close();
  });
}

test("without JavaScript, 'Show my schedule' lands on the schedule", async ({ browser }) => {
  const { context, page, account } = await debtorPage(browser, "maria", false);
  await page.goto(`${account}/pay`);
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Monthly", { exact: true }).check();
  await page.getByLabel("Number of payments").fill("6");
  await page.getByRole("button", { name: "Show my schedule" }).click();
  await expect(page).toHaveURL(/\/pay\?.*#schedule$/);
  await expect(page.getByTestId("schedule").locator("tbody tr")).toHaveCount(6);
  await expect(page.getByRole("heading", { name: "Your schedule" })).toBeInViewport();
  await expect(page.getByRole("heading", { level: 1 })).not.toBeInViewport();
  await context.close();
});

test("with JavaScript, the live region says one short line, and the table is outside it", async ({
  browser,
}) => {
  const { context, page, account } = await debtorPage(browser, "maria", true);
  await page.goto(`${account}/pay`);
  await waitForHydration(page);
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Monthly", { exact: true }).check();
  await page.getByLabel("Number of payments").fill("6");
  const live = page.getByTestId("preview").locator('[role="status"], [aria-live]');
  await expect(live).toHaveCount(1);
  await expect(live).toHaveText(/^6 payments(,| of) .* the last on [A-Z][a-z]+ \d{1,2}, \d{4}\.$/);
  expect(await live.innerText()).not.toContain("\n");
  await expect(live.locator("table")).toHaveCount(0);
  await expect(page.getByTestId("schedule").locator("tbody tr")).toHaveCount(6);
  await expectAccessible(page, "pay, live preview");
  await context.close();
});

test("a choice made before the page's scripts ran is kept when they take the page over", async ({
  browser,
}) => {
  const { context, page, account } = await debtorPage(browser, "maria", true);
  // A slow phone: the scripts arrive only after the debtor has chosen.
  const release = await holdBack(page, "**/build/**/*.js");
  await page.goto(`${account}/pay`, { waitUntil: "domcontentloaded" });
  await page.getByLabel(/^A payment plan/).check();
  await page.getByLabel("Every two weeks", { exact: true }).check();
  await page.getByLabel("Number of payments").fill("6");
  await expect(page.locator("html")).not.toHaveAttribute("data-hydrated", "true");
  release();
  await waitForHydration(page);
  await expect(page.getByLabel(/^A payment plan/)).toBeChecked();
  await expect(page.getByLabel("Every two weeks", { exact: true })).toBeChecked();
  await expect(page.getByLabel("Number of payments")).toHaveValue("6");
  // And the live preview follows the kept choice, as if it had been made after.
  await expect(page.getByTestId("schedule").locator("tbody tr")).toHaveCount(6);
  await context.close();
});

test("choosing while the preview's code is still loading shows no stale error and moves nothing", async ({
  browser,
}) => {
  const { context, page, account } = await debtorPage(browser, "maria", true);
  const release = await holdBack(page, "**/build/_shared/plan-preview-*.js");
  await page.goto(`${account}/pay`);
  await waitForHydration(page);
  const biweekly = page.getByLabel("Every two weeks", { exact: true });
  const top = () => biweekly.evaluate((e) => e.getBoundingClientRect().top + window.scrollY);
  const before = await top();
  await page.getByLabel(/^A payment plan/).check();
  // The loader's verdict ("choose one way to pay") was about the untouched form: not shown.
  await expect(page.getByTestId("preview-summary")).toHaveText("Working out your schedule…");
  await expect(page.locator("#kind-error")).toHaveCount(0);
  expect(await top()).toBe(before);
  await biweekly.check();
  release();
  await expect(page.getByTestId("schedule").locator("tbody tr").first()).toBeVisible();
  await expect(biweekly).toBeChecked();
  expect(await top()).toBe(before);
  await context.close();
});
