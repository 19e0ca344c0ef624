import path from "node:path";
import { pathToFileURL } from "node:url";
// The creditor area in a real browser against the production build: sign-in with TOTP,
// enrolment, plan policy (and the debtor side following it), branding, CSV import with a
// report of rejected rows, sending and revoking a link, and the isolation sweep over every
// creditor route that takes an id. Axe at 320 px and 1280 px on every page.
//
// Every test makes its own creditor, users, accounts and links (tests/support/e2e-data.ts)
// and signs in through the sign-in pages: nothing here reads the demo creditors, their
// logins, /demo or the demo outbox, or what another test changed, so the tests run in any
// order, side by side.
import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { expectAccessible, waitForHydration } from "../support/e2e";
import {
  creditorCode,
  newCreditorUser,
  newDebtor,
  outboxMessage,
  signedInOwner,
  signInCreditor,
  signInDebtor,
  type CreditorUserFixture,
} from "../support/e2e-data";

// A test here signs in through the pages and runs axe at two widths on up to four pages:
// 15 s to 90 s each at a load average of 10-16 on the 2 cores (two workers), up to 186 s
// (the CSV import) at 23-29, past the config's 120 s: a busy machine should make a test
// slower, not red.
test.setTimeout(300_000);

/** Signs in through the pages, the password step by keyboard only. */
async function signInByKeyboard(page: Page, user: CreditorUserFixture) {
  await page.goto("/creditor/sign-in");
  await page.getByLabel("Email address").focus();
  await page.keyboard.type(user.email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(user.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter your code");
  await page.getByLabel("Code").fill(creditorCode(user));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("At a glance");
}

/** A signed-in creditor session for `context`, through the sign-in pages in a tab of its own. */
async function signInContext(context: BrowserContext, user: CreditorUserFixture) {
  const page = await context.newPage();
  await signInCreditor(page, user);
  await page.close();
}

function isoDaysFromNow(days: number) {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

test("sign in with a password and a TOTP code; wrong password and wrong code explained; sign out", async ({
  page,
  request,
}) => {
  const owner = await newCreditorUser(request);
  await newDebtor(request, "alex", [], { creditorId: owner.creditor.id });
  await page.goto("/creditor/accounts");
  await expect(page).toHaveURL(/\/creditor\/sign-in\?redirectTo=%2Fcreditor%2Faccounts$/);
  await expectAccessible(page, "creditor sign-in");
  await page.getByLabel("Email address").fill(owner.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toContainText("don't match our records");
  await page.getByLabel("Password").fill(owner.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Enter your code");
  await expect(page.getByLabel("Code")).toHaveAttribute("autocomplete", "one-time-code");
  await expectAccessible(page, "creditor code");
  // A code of none of the steps the server may accept now (or by the time it checks).
  const near = [-1, 0, 1, 2].map((offset) => creditorCode(owner, offset));
  const wrong = ["000000", "111111", "222222", "333333", "444444"].find((c) => !near.includes(c))!;
  await page.getByLabel("Code").fill(wrong);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert")).toContainText("That code didn't work");
  await page.getByLabel("Code").fill(creditorCode(owner));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // Back where the sign-in started.
  await expect(page).toHaveURL(/\/creditor\/accounts$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accounts");
  await page.getByRole("link", { name: "At a glance" }).click();
  // The creditor's one account: Alex's $79.50 and the $5.00 fee.
  await expect(page.getByTestId("open-balance")).toHaveText("$84.50");
  await expectAccessible(page, "creditor dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status")).toContainText("You're signed out");
  await page.goto("/creditor");
  await expect(page).toHaveURL(/\/creditor\/sign-in/);
});

test("a user without a second factor enrols with the manual key and gets recovery codes", async ({
  page,
  request,
}) => {
  const user = await newCreditorUser(request, { role: "staff", enrolled: false });
  await page.goto("/creditor/sign-in");
  await page.getByLabel("Email address").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up two-step sign-in");
  await expect(page.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
  await expectAccessible(page, "enrolment");
  const key = decodeBase32IgnorePadding(
    ((await page.getByTestId("totp-key").textContent()) ?? "").replace(/\s/g, ""),
  );
  expect(key.length).toBe(20);
  await page
    .getByLabel("6-digit code from your app")
    .fill(generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6));
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Save your recovery codes");
  await expect(page.getByTestId("recovery-codes").getByRole("listitem")).toHaveCount(10);
  await expectAccessible(page, "recovery codes");
  await page.getByRole("link", { name: "I've saved them: continue" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("At a glance");
  // Staff: no team or branding pages, the policy is read-only.
  await expect(
    page.getByRole("navigation", { name: "Creditor area" }).getByRole("link"),
  ).toHaveText(["At a glance", "Accounts", "Plan policy"]);
  expect((await page.request.get("/creditor/branding")).status()).toBe(403);
});

test("plan policy: live preview and affected accounts, errors tied to fields, saved, and the debtor's statement follows", async ({
  page,
  browser,
  request,
}) => {
  const owner = await signedInOwner(page, request);
  const alex = await newDebtor(request, "alex", ["fresh"], { creditorId: owner.creditor.id });
  await page.getByRole("link", { name: "Plan policy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Plan policy");
  await waitForHydration(page);
  const preview = page.getByTestId("policy-preview");
  await expect(preview).toContainText("With a balance of $600.00");
  await expect(preview).toContainText("With a balance of $6,000.00");
  await expect(preview).not.toContainText("Settlement");
  await expect(page.getByTestId("policy-impact")).toContainText("change nothing");
  await expectAccessible(page, "policy");

  // A client-side error, tied to its field, before anything is sent.
  await page.getByLabel("Fewest payments in a plan").fill("20");
  await page.getByLabel("Most payments in a plan").fill("10");
  await page.getByRole("button", { name: "Save policy" }).click();
  const fewest = page.getByLabel("Fewest payments in a plan");
  await expect(fewest).toHaveAttribute("aria-invalid", "true");
  await expect(
    page.locator(
      `[id="${((await fewest.getAttribute("aria-describedby")) ?? "").split(" ").pop()}"]`,
    ),
  ).toHaveText(/must not be more than the maximum/);
  await expectAccessible(page, "policy with errors");
  await fewest.fill("2");
  await page.getByLabel("Most payments in a plan").fill("12");

  // A settlement offer: the preview and the count follow as it is typed.
  await page.getByLabel("Offer a settlement: a discount for paying at once").check();
  await page.getByLabel("Settlement discount (%)").fill("30");
  await page.getByLabel("Settlement offer ends on").fill(isoDaysFromNow(60));
  await expect(preview).toContainText("Settlement");
  await expect(preview).toContainText("$420.00 today, saving $180.00");
  await expect(page.getByTestId("policy-impact")).toContainText(
    /These settings change what [1-9]\d* of \d+ open accounts? are offered/,
  );
  await page.getByRole("button", { name: "Save policy" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Policy saved" })).toBeVisible();

  // The debtor side reads the stored policy: Alex's statement now has the offer (70% of $84.50).
  const debtor = await browser.newContext();
  const debtorPage = await debtor.newPage();
  await debtorPage.goto(await signInDebtor(debtor, alex));
  await expect(debtorPage.getByText("An offer to settle")).toBeVisible();
  // Both on the statement's first card and in its offer section.
  await expect(debtorPage.getByTestId("top-card")).toContainText(
    /will accept \$59\.15 as payment in full/,
  );
  await expect(debtorPage.getByText(/will accept \$59\.15 as payment in full/)).toHaveCount(2);
  await debtor.close();
});

test("the policy form works without JavaScript: server-side errors and preview", async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  // An agency's owner, signed in without JavaScript too.
  await signedInOwner(page, request, { kind: "agency" });
  await page.goto("/creditor/policy");
  await page.getByLabel("Smallest payment ($)").fill("twenty");
  await page.getByRole("button", { name: "Preview without saving" }).click();
  await expect(page.getByLabel("Smallest payment ($)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Enter the smallest payment in dollars, like 25.00")).toBeVisible();
  await page.getByLabel("Smallest payment ($)").fill("30");
  await page.getByRole("button", { name: "Preview without saving" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Preview only" })).toBeVisible();
  await expect(page.getByTestId("policy-preview")).toContainText("payments of $30.00");
  await context.close();
});

test("branding: an accent colour too light for white is refused with its ratio; a new name reaches the debtor's link page", async ({
  page,
  request,
}) => {
  const owner = await signedInOwner(page, request);
  const alex = await newDebtor(request, "alex", ["fresh"], { creditorId: owner.creditor.id });
  await page.getByRole("link", { name: "Branding" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Branding and disclosures");
  await expectAccessible(page, "branding");
  await page.getByLabel("Accent colour").fill("#aaaaaa");
  await page.getByLabel("Display name").fill("Brightside Dental Care");
  await page.getByRole("button", { name: "Save branding and disclosures" }).click();
  await expect(page.getByLabel("Accent colour")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByRole("alert").filter({ hasText: "contrast of 2.32:1" })).toBeVisible();
  await expectAccessible(page, "branding error");
  await page.getByLabel("Accent colour").fill("#0f766e");
  await page.getByRole("button", { name: "Save branding and disclosures" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Branding and disclosures saved" }),
  ).toBeVisible();

  // Logo: a real PNG by its bytes is accepted and served; a text file is refused.
  const png = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
    "base64",
  );
  await page.getByLabel("Upload a logo").setInputFiles({
    name: "logo.txt",
    mimeType: "image/png",
    buffer: Buffer.from("not an image"),
  });
  await page.getByRole("button", { name: "Upload logo" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "PNG, JPEG or WebP" })).toBeVisible();
  await page
    .getByLabel("Upload a logo")
    .setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: png });
  await page.getByRole("button", { name: "Upload logo" }).click();
  const logo = page.getByRole("img", { name: /Current logo of Brightside Dental Care/ });
  await expect(logo).toBeVisible();
  const logoResponse = await page.request.get((await logo.getAttribute("src"))!);
  expect(logoResponse.headers()["content-type"]).toBe("image/png");
  expect(logoResponse.headers()["x-content-type-options"]).toContain("nosniff");
  // The creditor's debtor, opening their link, sees the new name, and the logo and name
  // at the top of the page (#18 item 4).
  const logoSrc = (await logo.getAttribute("src"))!;
  const debtorHtml = await (await request.get(`/l/${alex.links[0].token}`)).text();
  expect(debtorHtml).toContain("A secure page from Brightside Dental Care");
  const header = /<header[\s\S]*?<\/header>/.exec(debtorHtml)?.[0] ?? "";
  expect(header).toContain(`src="${logoSrc}" alt="Brightside Dental Care"`);
  expect(debtorHtml).toContain('href="/brand-accent/0f766e.css"');

  await page.getByRole("button", { name: "Remove the logo" }).click();
  await expect(page.getByText("No logo yet")).toBeVisible();
  const afterRemoval = await (await request.get(`/l/${alex.links[0].token}`)).text();
  const headerAfter = /<header[\s\S]*?<\/header>/.exec(afterRemoval)?.[0] ?? "";
  expect(headerAfter).toContain("Brightside Dental Care");
  expect(headerAfter).not.toContain("<img");
});

const HEADER =
  "reference,full_name,itemization_date,itemization_kind,itemized_amount,fees,dob,postal_code,email,email_source,phone,phone_source,phone_consent_at";
const GOOD_ROWS = [
  "E2E-1001,Taylor Green,2025-01-15,last_statement,250.00,10.00,1988-05-05,10001,taylor@example.com,creditor_records,(212) 555-0199,debtor_provided,2024-12-01",
  "E2E-1002,Morgan Hale,2025-02-01,transaction,90.00,,04/22/1975,11201,,,,,",
];
const BAD_ROW = "E2E-1003,,2025-02-01,last_statement,ninety,,,11201,,,,,";

test("import a CSV: a bad row stops the whole file with a downloadable report; the fixed file imports; the list finds the accounts", async ({
  page,
  request,
}) => {
  const owner = await signedInOwner(page, request);
  // An account already there, which the search and the export must leave out.
  await newDebtor(request, "alex", [], { creditorId: owner.creditor.id });
  await page.getByRole("link", { name: "Accounts", exact: true }).click();
  await page.getByRole("link", { name: "Import accounts", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import accounts");
  await expectAccessible(page, "import");
  await page.getByLabel("CSV file").setInputFiles({
    name: "accounts.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([HEADER, GOOD_ROWS[0], BAD_ROW, GOOD_ROWS[1]].join("\n")),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import result");
  await expect(page.getByRole("alert")).toContainText(
    "Nothing was imported: 1 of 3 rows needs fixing",
  );
  await expect(page.getByTestId("rejections")).toContainText(
    "Row 3 (E2E-1003), full_name: The debtor's name is missing.",
  );
  await expectAccessible(page, "import rejected");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download the list of rejected rows (CSV)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("accounts-rejected-rows.csv");
  const report = fs.readFileSync(await download.path(), "utf8");
  expect(report).toContain("row,reference,column,problem");
  expect(report).toContain("3,E2E-1003,itemized_amount,");
  expect(report).not.toContain("E2E-1001");

  await page.goto("/creditor/accounts?q=E2E-");
  await expect(page.getByTestId("account-count")).toHaveText("No accounts match.");

  await page.goto("/creditor/accounts/import");
  await page.getByLabel("CSV file").setInputFiles({
    name: "accounts-fixed.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([HEADER, ...GOOD_ROWS].join("\n")),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 2 new accounts");
  await expectAccessible(page, "import done");
  // The same file again changes nothing.
  await page.goto("/creditor/accounts/import");
  await page.getByLabel("CSV file").setInputFiles({
    name: "accounts-fixed.csv",
    mimeType: "text/csv",
    buffer: Buffer.from([HEADER, ...GOOD_ROWS].join("\n")),
  });
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByRole("status")).toContainText(
    "Imported: 0 new accounts, 2 already imported (unchanged)",
  );

  await page.goto("/creditor/accounts");
  await page.getByLabel("Search").fill("E2E-");
  await page.getByLabel("Sort by").selectOption("balance_desc");
  await page.getByRole("button", { name: "Show accounts" }).click();
  await expect(page.getByTestId("account-count")).toHaveText("Showing 1 to 2 of 2 accounts.");
  await expect(page.getByRole("list", { name: "Accounts" }).getByRole("link")).toHaveText([
    "E2E-1001",
    "E2E-1002",
  ]);
  await expectAccessible(page, "accounts list");
  const exportPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  const exported = fs.readFileSync(await (await exportPromise).path(), "utf8");
  expect(exported).toContain("E2E-1001,Taylor Green,open,260.00,usd");
  expect(exported).not.toContain("BSD-100245");
});

test("send a link by email, open it from the outbox, revoke it: the revoked link can't be used anymore", async ({
  page,
  browser,
  request,
}) => {
  const owner = await signedInOwner(page, request);
  const alex = await newDebtor(request, "alex", [], { creditorId: owner.creditor.id });
  await page.goto("/creditor/accounts?q=Alex");
  await page.getByRole("link", { name: "BSD-100245" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Account BSD-100245");
  await expect(page.getByTestId("balance")).toHaveText("$84.50");
  await expectAccessible(page, "creditor account");
  await page.getByRole("button", { name: "Send a link by email" }).click();
  // Queued in the outbox (at once, or held for quiet hours / cadence: either way it is there).
  await expect(page.getByRole("status").filter({ hasText: "Link queued by email" })).toBeVisible();
  await expect(page.getByTestId("new-link")).toHaveCount(0);
  await expectAccessible(page, "creditor account after sending");
  // In demo mode the page points to the message in the demo outbox.
  const outboxHref = (await page.getByTestId("outbox-message-link").getAttribute("href"))!;
  expect(outboxHref).toMatch(/^\/demo\/outbox#message-[0-9a-f-]{36}$/);

  // The debtor's side of it: that message (this creditor's, about this account), and its link.
  const email = await outboxMessage(request, alex);
  expect(email.id).toBe(outboxHref.split("#message-")[1]);
  expect(email).toMatchObject({
    channel: "email",
    template: "access_link",
    recipient: alex.email,
    subject: "A secure link from Brightside Dental",
  });
  for (const secret of ["BSD-100245", "84.50", "Rivera"]) expect(email.text).not.toContain(secret);
  const linkHref = /https?:\/\/\S+\/l\/\S+/.exec(email.text)?.[0];
  expect(linkHref, "a link in the email").toBeTruthy();
  const debtor = await browser.newContext();
  const debtorPage = await debtor.newPage();
  await debtorPage.goto(linkHref!);
  await expect(debtorPage.getByRole("heading", { level: 1 })).toHaveText(
    "A secure page from Brightside Dental",
  );

  await page.reload();
  const row = page.getByTestId("link-row").filter({ hasText: "Email" }).first();
  await expect(row).toContainText("active");
  await row.getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link revoked" })).toBeVisible();
  await expect(page.getByTestId("audit-trail")).toContainText("Link sent (Email)");
  await expect(page.getByTestId("audit-trail")).toContainText("Link revoked");

  await debtorPage.goto(linkHref!);
  await expect(debtorPage.getByRole("heading", { level: 1 })).toHaveText(
    "This link can't be used anymore",
  );
  await debtor.close();
});

test("a share-by-hand link is shown once and opens the debtor's page", async ({
  page,
  browser,
  request,
}) => {
  const owner = await signedInOwner(page, request);
  await newDebtor(request, "alex", [], { creditorId: owner.creditor.id });
  await page.goto("/creditor/accounts?q=Alex");
  await page.getByRole("link", { name: "BSD-100245" }).click();
  await page.getByRole("button", { name: "Create a link to share by hand" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Link created" })).toBeVisible();
  const href = (await page.getByTestId("new-link").getAttribute("href"))!;
  const debtor = await browser.newContext();
  const debtorPage = await debtor.newPage();
  await debtorPage.goto(href);
  await expect(debtorPage.getByRole("heading", { level: 1 })).toHaveText(
    "A secure page from Brightside Dental",
  );
  await debtor.close();
  await page.reload();
  await expect(page.getByTestId("new-link")).toHaveCount(0);
  await expect(page.getByTestId("audit-trail")).toContainText("Link created to share by hand");
});

test("staff see the policy but cannot change it", async ({ page, request }) => {
  await signInByKeyboard(page, await newCreditorUser(request, { role: "staff" }));
  await page.getByRole("link", { name: "Plan policy" }).click();
  await expect(page.getByText("Only an owner can change the plan policy")).toBeVisible();
  await expect(page.getByRole("button", { name: "Save policy" })).toHaveCount(0);
  const response = await page.request.post("/creditor/policy", {
    form: { intent: "policy", minInstallments: "1" },
  });
  expect(response.status()).toBe(403);
  expect((await page.request.get("/creditor/users")).status()).toBe(403);
});

test("another creditor's records are not found, on every creditor route that takes an id", async ({
  browser,
  request,
}) => {
  // Two creditors of this test's own, each with an owner and an account.
  const [myOwner, theirOwner] = await Promise.all([
    newCreditorUser(request),
    newCreditorUser(request, { kind: "agency" }),
  ]);
  const [myDebtor, theirDebtor] = await Promise.all([
    newDebtor(request, "alex", ["fresh"], { creditorId: myOwner.creditor.id }),
    newDebtor(request, "maria", [], { creditorId: theirOwner.creditor.id }),
  ]);
  const mine = await browser.newContext();
  const theirs = await browser.newContext();
  await signInContext(mine, myOwner);
  await signInContext(theirs, theirOwner);

  // One id of each kind for each creditor: the account's, and an import's made now.
  const samples = async (context: BrowserContext, accountId: string, tag: string) => {
    const upload = await context.request.post("/creditor/accounts/import", {
      multipart: {
        file: {
          name: `sweep-${tag}.csv`,
          mimeType: "text/csv",
          buffer: Buffer.from("reference\n"),
        },
      },
      maxRedirects: 0,
    });
    expect(upload.status()).toBe(302);
    const importId = upload.headers()["location"].split("/").pop()!;
    return { accountId, importId } as Record<string, string>;
  };
  const own = await samples(mine, myDebtor.accountId, "mine");
  const other = await samples(theirs, theirDebtor.accountId, "theirs");

  const { routes } = await import(pathToFileURL(path.resolve("build/index.js")).href);
  const paths = Object.values(routes as Record<string, { id: string }>)
    .map((r) => fullPath(routes, r.id))
    .filter((p) => p.startsWith("/creditor/") && p.includes(":"));
  const idPaths = paths.filter((p) => /:\w+Id\b/.test(p));
  // Routes with other parameters must be listed here on purpose (they hold no record id).
  expect(paths.filter((p) => !idPaths.includes(p)).sort()).toEqual(["/creditor/invite/:token"]);
  expect(idPaths.length).toBeGreaterThanOrEqual(3);
  const fill = (path: string, ids: Record<string, string>) =>
    path.replace(/:(\w+)/g, (_, name: string) => {
      if (!ids[name]) throw new Error(`no sample id for :${name} in ${path}: add one to the sweep`);
      return ids[name];
    });
  for (const path of idPaths) {
    const mineResponse = await mine.request.get(fill(path, own), { maxRedirects: 0 });
    expect(mineResponse.status(), `${path} with my own ids`).toBeLessThan(400);
    const otherResponse = await mine.request.get(fill(path, other), { maxRedirects: 0 });
    expect(otherResponse.status(), `${path} with another creditor's ids`).toBe(404);
    const otherPost = await mine.request.post(fill(path, other), {
      maxRedirects: 0,
      form: { intent: "send", channel: "letter" },
    });
    expect([404, 405], `POST ${path} with another creditor's ids`).toContain(otherPost.status());
  }
  // And the other way round, for good measure.
  const back = await theirs.request.get(`/creditor/accounts/${own.accountId}`, { maxRedirects: 0 });
  expect(back.status()).toBe(404);
  // Without a creditor session, a debtor's session opens nothing here.
  const debtor = await browser.newContext();
  await signInDebtor(debtor, myDebtor);
  const asDebtor = await debtor.request.get(`/creditor/accounts/${own.accountId}`, {
    maxRedirects: 0,
  });
  expect(asDebtor.status()).toBe(302);
  expect(asDebtor.headers()["location"]).toMatch(/^\/creditor\/sign-in/);
  await Promise.all([mine.close(), theirs.close(), debtor.close()]);
});

function fullPath(
  routes: Record<string, { path?: string; parentId?: string }>,
  id: string,
): string {
  const route = routes[id];
  const parent = route.parentId ? fullPath(routes, route.parentId) : "";
  const segment = route.path ?? "";
  return `${parent.replace(/\/$/, "")}/${segment}`.replace(/\/+/g, "/");
}

test("the team page: invite a staff member who then sets a password", async ({
  page,
  browser,
  request,
}) => {
  await signedInOwner(page, request);
  await page.getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Team");
  await expectAccessible(page, "team");
  await page.getByLabel("Name").fill("Riley Quinn");
  await page.getByLabel("Email address").fill(`riley.${randomUUID().slice(0, 8)}@example.com`);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const url = (await page.getByTestId("invite-url").textContent())!.trim();
  const invitee = await browser.newContext();
  const invitePage = await invitee.newPage();
  await invitePage.goto(new URL(url).pathname);
  // The link opens a neutral page (it names nobody); Continue (a POST) shows the invitation.
  await expect(invitePage.getByRole("heading", { level: 1 })).toHaveText("Your invitation");
  await expect(invitePage.getByText("Riley Quinn")).toHaveCount(0);
  await invitePage.getByRole("button", { name: "Continue" }).click();
  await expect(invitePage.getByRole("heading", { level: 1 })).toHaveText("Choose your password");
  await expect(invitePage.getByText(/invited Riley Quinn/)).toBeVisible();
  await expectAccessible(invitePage, "invite");
  await invitePage.getByLabel("New password").fill("violet harbour quiet lantern");
  await invitePage.getByLabel("The same password again").fill("violet harbour quiet lantern");
  await invitePage.getByRole("button", { name: "Continue" }).click();
  await expect(invitePage.getByRole("heading", { level: 1 })).toHaveText("Set up two-step sign-in");
  await invitee.close();
});

test("answer a dispute: the hold is released and the debtor's statement says so", async ({
  page,
  browser,
  request,
}) => {
  const owner = await signedInOwner(page, request);
  // Jordan's account is on hold: a dispute waits for the creditor's answer.
  const jordan = await newDebtor(request, "jordan", ["fresh"], { creditorId: owner.creditor.id });
  await page.goto("/creditor/accounts?q=Jordan");
  await page.getByRole("link", { name: "BSD-100311" }).click();
  await expect(page.getByText("waiting for your answer").first()).toBeVisible();
  await page.getByRole("button", { name: "Send answer and release the hold" }).first().click();
  await expect(page.getByText("Write your answer to the debtor.")).toBeVisible();
  await page
    .getByLabel("Your answer to the debtor")
    .first()
    .fill("We checked with your insurer: they covered $400. We corrected the balance.");
  await page.getByRole("button", { name: "Send answer and release the hold" }).first().click();
  await expect(page.getByText("Answer saved. The hold is released.")).toBeVisible();
  await expect(page.getByTestId("audit-trail")).toContainText(/dispute/i);

  const debtor = await browser.newContext();
  const debtorPage = await debtor.newPage();
  const account = await signInDebtor(debtor, jordan);
  await debtorPage.goto(account);
  // The hold is gone from the statement's first card (it said "looking into your dispute").
  await expect(debtorPage.getByTestId("top-card")).toHaveAttribute("data-state", "open");
  await expect(debtorPage.getByTestId("top-body")).not.toContainText("dispute");
  await debtor.close();
});
