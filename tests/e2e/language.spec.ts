// The debtor's language: a debtor the creditor recorded as Spanish-speaking reads Spanish from
// the first page their link opens, in an English browser, on a phone, with and without
// JavaScript; their own choice (the footer's switch) wins from then on and is kept.
import { expect, test } from "@playwright/test";
import { expectAccessible, waitForHydration } from "../support/e2e";
import { personaRow } from "../support/e2e-data";

const PHONE = { width: 320, height: 640 };

for (const js of [true, false]) {
  test(`a Spanish-speaking debtor's pages are Spanish in an English browser, until she picks English (${js ? "with" : "without"} JavaScript)`, async ({
    browser,
  }) => {
    const context = await browser.newContext({
      locale: "en-US",
      viewport: PHONE,
      javaScriptEnabled: js,
    });
    const page = await context.newPage();
    const maria = await personaRow(context.request, "María González");

    await page.goto(`/l/${maria.token}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page).toHaveTitle("Página segura");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Una página segura de Northbridge Recovery Services",
    );
    if (js) {
      await waitForHydration(page);
      await expectAccessible(page, "link intro, recorded Spanish");
    }
    await page.getByRole("button", { name: "Continuar" }).click();
    await page.getByLabel("Su código postal (ZIP)").fill(maria.answer);
    await page.getByRole("button", { name: "Confirmar" }).click();

    await expect(page).toHaveURL(/\/accounts\/[0-9a-f-]{36}$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "es");
    await expect(page).toHaveTitle("Su estado de cuenta");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Su estado de cuenta de Northbridge Recovery Services",
    );
    if (js) await expectAccessible(page, "statement, recorded Spanish");

    // Her choice wins, and is kept on the next visit.
    await page.getByRole("button", { name: "View in English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Your statement from Northbridge Recovery Services",
    );
    await page.goto(`/l/${maria.token}`);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
    await expect(page).toHaveTitle("Secure page");
    await context.close();
  });
}

test("a debtor recorded with the default English reads the language their browser asks for", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "es-US", viewport: PHONE });
  const page = await context.newPage();
  const alex = await personaRow(context.request, "Alex Rivera");
  await page.goto(`/l/${alex.token}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await expect(page).toHaveTitle("Página segura");
  await context.close();
});
