// The creditor's face on the debtor's pages (#18 item 4): the link page, the statement and
// "Is this real?" carry the creditor's name, logo and accent in the header, with and
// without JavaScript, axe-clean at 320×640 and 1280; a colour too light to read gives way
// to the house colour; "Is this real?" shows the portal's address and the creditor's phone.
import { expect, test, type Page } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { brandCreditor, newDebtor, type DebtorFixture } from "../support/e2e-data";

const HOUSE = "rgb(29, 78, 216)"; // #1d4ed8

async function expectBrandedHeader(page: Page, name: string, color: string, logo = true) {
  const banner = page.getByRole("banner");
  await expect(banner.getByTestId("brand-name")).toHaveText(name);
  await expect(banner).not.toContainText("Payment portal");
  await expect(banner.getByTestId("brand-name")).toHaveCSS("color", color);
  const img = banner.getByRole("img", { name });
  if (!logo) return expect(img).toHaveCount(0);
  await expect(img).toBeVisible();
  // The logo really loads (served from the database with its content type).
  expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(160);
}

async function brandedDebtor(request: Parameters<typeof newDebtor>[0], name: string) {
  const debtor = await newDebtor(request, "alex");
  await brandCreditor(request, debtor.creditor.id, {
    displayName: name,
    accentColor: "#0f766e",
    logo: true,
  });
  return debtor;
}

async function signInThroughLink(page: Page, debtor: DebtorFixture) {
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByLabel("Your date of birth").fill(debtor.answer);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(new RegExp(`/accounts/${debtor.accountId}$`));
}

for (const javaScript of [true, false]) {
  test(`the link page and the statement carry the creditor's name and logo (${javaScript ? "with" : "without"} JavaScript)`, async ({
    browser,
    request,
  }) => {
    const context = await browser.newContext({ javaScriptEnabled: javaScript });
    const page = await context.newPage();
    const name = `Alder Clinic ${javaScript ? "JS" : "HTML"}`;
    const debtor = await brandedDebtor(request, name);

    await page.goto(`/l/${debtor.links[0].token}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`A secure page from ${name}`);
    await expectBrandedHeader(page, name, "rgb(15, 118, 110)");
    // axe runs in the page, so with scripts on; the HTML without them is the same.
    if (javaScript) await expectAccessible(page, "link page, branded");
    else {
      await page.getByRole("link", { name: "How can I check this is genuine?" }).click();
      await expectBrandedHeader(page, name, "rgb(15, 118, 110)");
      await expect(page.getByTestId("portal-address")).toHaveText(/^http:\/\/localhost:\d+$/);
      await expect(page.getByTestId("creditor-contact")).toContainText("(212) 555-0140");
      await page.getByRole("link", { name: "Back" }).click();
    }

    await signInThroughLink(page, debtor);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Your statement from ${name}`);
    await expectBrandedHeader(page, name, "rgb(15, 118, 110)");
    if (javaScript) await expectAccessible(page, "statement, branded");
    else expect(await page.locator("html").getAttribute("data-hydrated")).toBeNull();
    await context.close();
  });
}

test("\"Is this real?\" shows the portal's address, the payment page and the creditor's phone, in both languages", async ({
  browser,
  request,
  baseURL,
}) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const debtor = await brandedDebtor(request, "Alder Clinic Real");
  await page.goto(`/l/${debtor.links[0].token}`);
  await page.getByRole("link", { name: "How can I check this is genuine?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Is this message really from us?",
  );
  await expectBrandedHeader(page, "Alder Clinic Real", "rgb(15, 118, 110)");
  await expect(page.getByTestId("portal-address")).toHaveText(new URL(baseURL!).origin);
  const contact = page.getByTestId("creditor-contact");
  await expect(contact.getByRole("link", { name: "(212) 555-0140" })).toHaveAttribute(
    "href",
    "tel:2125550140",
  );
  const main = page.getByRole("main");
  await expect(main).toContainText("https://checkout.stripe.com");
  await expect(main).toContainText("not on this site");
  await expect(main).not.toContainText("only made on this secure site");
  await expectAccessible(page, "is this real, branded");

  // The debtor's language (María's creditor recorded Spanish).
  const maria = await newDebtor(request, "maria");
  await brandCreditor(request, maria.creditor.id, { displayName: "Birchwood Cobranzas" });
  await page.goto(`/l/${maria.links[0].token}/real`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "¿Este mensaje es realmente nuestro?",
  );
  await expect(page.getByTestId("creditor-contact")).toContainText("Teléfono");
  await expect(page.getByTestId("creditor-contact")).toContainText("(800) 555-0199");
  await expect(page.getByTestId("portal-address")).toHaveText(new URL(baseURL!).origin);
  // Nobody else's face: the other creditor's name and logo are gone.
  await expectBrandedHeader(page, "Birchwood Cobranzas", "rgb(109, 40, 217)", false);
  await expect(page.getByRole("banner")).not.toContainText("Alder Clinic");
  await expectAccessible(page, "is this real, Spanish");
  await context.close();
});

test("an accent too light to read on white gives way to the house colour", async ({
  page,
  request,
}) => {
  const debtor = await newDebtor(request, "alex");
  // Set in the database directly (the settings page refuses it): an imported or older value.
  await brandCreditor(request, debtor.creditor.id, {
    displayName: "Sunny Yellow Dental",
    accentColor: "#facc15",
  });
  await page.goto(`/l/${debtor.links[0].token}`);
  await expectBrandedHeader(page, "Sunny Yellow Dental", HOUSE, false);
  expect(await page.locator('link[href^="/brand-accent/"]').count()).toBe(0);
  await expectAccessible(page, "link page, light accent");
});

test("pages of no single creditor keep the portal's header", async ({ page }) => {
  for (const path of ["/", "/code", "/is-this-real"]) {
    await page.goto(path);
    await expect(page.getByRole("banner"), path).toContainText("Payment portal");
    await expect(page.getByRole("banner").getByTestId("brand-name"), path).toHaveCount(0);
  }
});
