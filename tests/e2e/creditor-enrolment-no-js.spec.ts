// Setting up two-step sign-in with JavaScript turned off, as a new team member of our own
// (invited for this test, not a demo login): password, the setup page, a code from the key,
// the recovery codes shown once (a new visit or going back does not show them again), and
// on to the signed-in dashboard, signed in the whole way. Axe at 320 px and 1280 px.
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { newCreditorUser } from "../support/e2e-data";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { creditorSession } from "../support/a11y";

/**
 * axe runs as a script in the page, which a page without JavaScript cannot do: the page's
 * own HTML (as the server sent it, scripts removed so nothing hydrates) is audited in a
 * scripted tab at the same address, with the same stylesheets.
 */
async function expectAccessibleWithoutScripts(browser: Browser, page: Page, label: string) {
  const html = (await page.content())
    .replace(/<script\b[\s\S]*?<\/script>/gi, "")
    .replace(/<link[^>]+rel="modulepreload"[^>]*>/gi, "");
  const url = page.url();
  const auditor = await browser.newContext();
  const tab = await auditor.newPage();
  await tab.route(url, (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
  await tab.goto(url);
  await expectAccessible(tab, label);
  await auditor.close();
}

const PASSWORD = "copper meadow silent harbour";

test.setTimeout(240_000);

test("without JavaScript: a new user sets up two-step sign-in, keeps the recovery codes once, and arrives signed in", async ({
  browser,
}) => {
  // The invitation, made by an owner over HTTP, and accepted (the password chosen) over HTTP.
  const owner = await browser.newContext();
  // An owner of a creditor of this test's own (tests/support/e2e-data.ts).
  const user = await newCreditorUser(owner.request);
  await creditorSession(owner, user.email, user.password);
  const email = `enrol.nojs.${Date.now()}@example.com`;
  const team = await (
    await owner.request.post("/creditor/users", {
      form: { intent: "invite", name: "Morgan Enrol", email, role: "staff" },
    })
  ).text();
  const token =
    /data-testid="invite-url"[^>]*>\s*https?:\/\/[^<\s]*\/creditor\/invite\/([^<\s]+)/.exec(
      team,
    )?.[1];
  if (!token) throw new Error("no invitation link on the team page");
  await owner.close();
  const invitee = await browser.newContext();
  const accepted = await invitee.request.post(`/creditor/invite/${token}`, {
    form: { password: PASSWORD, confirm: PASSWORD },
    maxRedirects: 0,
  });
  expect(accepted.status()).toBe(302);
  await invitee.close();

  const context = await browser.newContext({ javaScriptEnabled: false, locale: "en-US" });
  const page = await context.newPage();
  const h1 = page.getByRole("heading", { level: 1 });
  await page.goto("/creditor/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(h1).toHaveText("Set up two-step sign-in");
  await expectAccessibleWithoutScripts(browser, page, "two-step setup without JavaScript");

  const key = decodeBase32IgnorePadding(
    ((await page.getByTestId("totp-key").textContent()) ?? "").replace(/\s/g, ""),
  );
  const code = generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6);
  await page.getByLabel("6-digit code from your app").fill(code);
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(h1).toHaveText("Save your recovery codes");
  const codes = page.getByTestId("recovery-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const first = (await codes.first().textContent())!.trim();
  expect(first).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{2}$/);
  await expectAccessibleWithoutScripts(browser, page, "recovery codes without JavaScript");

  // Still signed in, on to the dashboard.
  await page.getByRole("link", { name: "I've saved them: continue" }).click();
  await expect(h1).toHaveText("At a glance");
  await expectAccessibleWithoutScripts(
    browser,
    page,
    "dashboard after enrolment without JavaScript",
  );

  // Shown once: going back to that page, or visiting it again, never shows them again.
  await page.goBack().catch(() => undefined);
  await expect(page.getByText(first)).toHaveCount(0);
  await page.goto("/creditor/two-factor/setup");
  await expect(h1).toHaveText("At a glance");
  await expect(page.getByText(first)).toHaveCount(0);
  await context.close();
});
