import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectAccessible, waitForHydration } from "../support/e2e";
import { personaRow as demoRow, signInPersona as signInAs } from "../support/e2e-data";

test("a first-party statement itemizes the balance, has a print view and a copy to download", async ({
  page,
  context,
}) => {
  const account = await signInAs(context, "Alex Rivera");
  await page.goto(account);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Your statement from Brightside Dental",
  );
  const table = page.getByTestId("itemization");
  await expect(
    table.getByRole("row", { name: /Amount owed on .* \(date of the last statement\)/ }),
  ).toContainText("$79.50");
  await expect(table.getByRole("row", { name: "Fees charged since then" })).toContainText(
    "+ $5.00",
  );
  await expect(table.getByRole("row", { name: "Payments made since then" })).toContainText(
    "− $0.00",
  );
  await expect(table.getByRole("row", { name: "Current balance" })).toContainText("$84.50");
  await expect(page.getByTestId("rights")).toContainText("If something looks wrong");
  await expect(page.getByTestId("disclosure")).toHaveCount(0);
  await expect(page.getByTestId("timeline")).toContainText("Nothing is scheduled");
  await expectAccessible(page, "statement first-party");

  await page.getByRole("link", { name: "Print or save a copy" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Statement from Brightside Dental",
  );
  await expectAccessible(page, "print view");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header")).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  await page.goto(account);
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download a copy" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^statement-\d{4}-\d{2}-\d{2}\.html$/);
  const html = fs.readFileSync(await download.path(), "utf8");
  expect(html).toContain("$84.50");
  expect(html).toContain("Brightside Dental");
  expect(html).toContain("<style>");
});

test("a third-party statement in Spanish carries the full validation information", async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: "es-US" });
  const page = await context.newPage();
  const account = await signInAs(context, "María González");
  await page.goto(account);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "Su estado de cuenta de Northbridge Recovery Services",
  );
  const details = page.getByTestId("details");
  for (const text of [
    "María González",
    "Summit Card Bank",
    "Northbridge Recovery Services, Inc.",
    "PO Box 4410, Austin, TX 78765",
    "NRS-55012873",
  ]) {
    await expect(details).toContainText(text);
  }
  await expect(details).toContainText("Dispute o pida el acreedor original a más tardar el");
  await expect(
    page.getByTestId("itemization").getByRole("row", { name: "Saldo actual" }),
  ).toContainText("$4,805.75");
  await expect(page.getByTestId("rights")).toContainText("www.cfpb.gov/debt-collection");
  await expect(page.getByTestId("disclosure")).toHaveText(
    /Esta es una comunicación de un cobrador de deudas/,
  );
  await expect(page.getByText("Una oferta de liquidación")).toBeVisible();
  await expect(
    page
      .locator('section[aria-labelledby="settlement-title"]')
      .getByText(/aceptará \$3,364\.02 como pago total/),
  ).toBeVisible();
  await expectAccessible(page, "statement third-party es");
  await context.close();
});

test("each kind of dispute is recorded, confirmed, and puts the account on hold (without JavaScript)", async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const account = await signInAs(context, "Sam Chen");
  await page.goto(`${account}/dispute`);
  await page.getByRole("button", { name: "Send my dispute" }).click();
  await expect(page.getByRole("alert")).toContainText("Please choose one of the options.");
  await page.getByLabel("Something else").check();
  await page.getByRole("button", { name: "Send my dispute" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Please tell us a little about what is wrong.",
  );
  await expect(page.getByLabel("Details")).toHaveAttribute("aria-invalid", "true");
  for (const reason of [
    "This is not my debt",
    "The amount is wrong",
    "Send me the name and address of the original creditor",
    "Something else",
  ]) {
    await page.goto(`${account}/dispute`);
    await page.getByLabel(reason).check();
    if (reason === "Something else")
      await page.getByLabel("Details").fill("I already paid this in March.");
    await page.getByRole("button", { name: "Send my dispute" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("We received your dispute");
    await expect(page.getByRole("status")).toContainText("The account is now on hold");
  }
  await page.goto(account);
  await expect(page.getByTestId("top-card")).toHaveAttribute("data-state", "on_hold");
  await expect(page.getByTestId("top-body")).toContainText(
    "Northbridge Recovery Services is looking into your dispute. Collection is paused",
  );
  await expect(page.getByTestId("timeline")).toContainText("The account is on hold");
  await context.close();
});

test("the dispute form and the on-hold statement pass axe with JavaScript, and validate in the browser", async ({
  page,
  context,
}) => {
  const account = await signInAs(context, "Jordan Lee");
  await page.goto(`${account}/dispute`);
  await waitForHydration(page);
  await expectAccessible(page, "dispute form");
  let posts = 0;
  page.on("request", (r) => r.method() === "POST" && posts++);
  await page.getByRole("button", { name: "Send my dispute" }).click();
  await expect(page.getByRole("alert")).toContainText("Please choose one of the options.");
  expect(posts).toBe(0); // caught by the same schema in the browser
  await expectAccessible(page, "dispute form with error");
  await page.getByLabel("The amount is wrong").check();
  await page.getByRole("button", { name: "Send my dispute" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We received your dispute");
  await expectAccessible(page, "dispute received");
  await page.goto(account);
  await expect(page.getByTestId("top-card")).toHaveAttribute("data-state", "on_hold");
  await expectAccessible(page, "statement on hold");
});

test("preferences: opt out of texts, quiet hours, Spanish, and electronic delivery consent", async ({
  browser,
}) => {
  for (const javaScriptEnabled of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await signInAs(context, "Priya Patel");
    await page.goto("/preferences");
    if (javaScriptEnabled) await expectAccessible(page, "preferences");
    await page.getByLabel("From (HH:MM)").fill("25:00");
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect(page.getByRole("alert").first()).toContainText("24-hour format");
    await page.getByLabel("From (HH:MM)").fill("12:00");
    await page.getByLabel("Until (HH:MM)").fill("14:00");
    await page.getByLabel("Don't send me text messages").check();
    await page.getByLabel("Español").check();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect(page.getByRole("status")).toHaveText("Sus preferencias se guardaron.");
    await expect(page.getByLabel("No me envíen mensajes de texto")).toBeChecked();
    await expect(page.getByLabel("Desde (HH:MM)")).toHaveValue("12:00");
    if (javaScriptEnabled) await expectAccessible(page, "preferences es");
    const consent = page.getByRole("button", {
      name: "Acepto recibir avisos de forma electrónica",
    });
    const withdraw = page.getByRole("button", { name: "Retirar mi consentimiento" });
    await expect(consent.or(withdraw)).toBeVisible();
    if (await consent.isVisible()) {
      await consent.click();
      await expect(page.getByTestId("esign-state")).toHaveText(
        "Aceptó recibir avisos de forma electrónica.",
      );
    }
    await withdraw.click();
    await expect(page.getByTestId("esign-state")).toHaveText(/No ha aceptado|Pidió copias/);
    // Back to English for the next round.
    await page.getByRole("button", { name: "View in English" }).click();
    await page.getByLabel("English").check();
    await page.getByLabel("Don't send me text messages").uncheck();
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect(page.getByRole("status")).toHaveText("Your preferences are saved.");
    await context.close();
  }
});

test("'Is this real?' is reachable before verification and reveals nothing about the debt", async ({
  page,
  request,
}) => {
  // María is recorded as Spanish-speaking: her link's pages speak Spanish in any browser.
  const maria = await demoRow(request, "María González");
  await page.goto(`/l/${maria.token}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await page.getByRole("link", { name: "¿Cómo puedo comprobar que esto es auténtico?" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    "¿Este mensaje es realmente nuestro?",
  );
  await expect(page.getByText("(800) 555-0199")).toBeVisible();
  const html = await page.content();
  for (const secret of ["NRS-55012873", "4,805", "María", "Summit"])
    expect(html).not.toContain(secret);
  await expectAccessible(page, "is this real");
  await page.goto("/is-this-real");
  await expect(page.getByText("don't open its link")).toBeVisible();
});

test("the other language of each statement: the first-party one in Spanish, the agency's in English", async ({
  browser,
}) => {
  const es = await browser.newContext({ locale: "es-US" });
  const esPage = await es.newPage();
  await esPage.goto(await signInAs(es, "Alex Rivera"));
  await expect(esPage.getByRole("heading", { level: 1 })).toHaveText(
    "Su estado de cuenta de Brightside Dental",
  );
  await expect(
    esPage.getByTestId("itemization").getByRole("row", { name: "Saldo actual" }),
  ).toContainText("$84.50");
  await expect(esPage.getByTestId("rights")).toContainText("Si algo no parece correcto");
  await expect(esPage.getByTestId("disclosure")).toHaveCount(0);
  await expectAccessible(esPage, "statement first-party es");
  await es.close();

  // María is recorded as Spanish-speaking, so her pages open in Spanish even in an English
  // browser; she switches to English, and the site keeps her choice.
  const en = await browser.newContext({ locale: "en-US" });
  const enPage = await en.newPage();
  await enPage.goto(await signInAs(en, "María González"));
  await expect(enPage.getByRole("heading", { level: 1 })).toHaveText(
    "Su estado de cuenta de Northbridge Recovery Services",
  );
  await enPage.getByRole("button", { name: "View in English" }).click();
  await expect(enPage.getByRole("heading", { level: 1 })).toHaveText(
    "Your statement from Northbridge Recovery Services",
  );
  await enPage.reload();
  await expect(enPage.getByRole("heading", { level: 1 })).toHaveText(
    "Your statement from Northbridge Recovery Services",
  );
  await expect(enPage.getByTestId("details")).toContainText(
    "Dispute or ask about the original creditor by",
  );
  await expect(enPage.getByTestId("disclosure")).toHaveText(
    /^This is a communication from a debt collector/,
  );
  await expect(enPage.getByTestId("top-body")).toContainText(
    /will accept \$3,364\.02 as payment in full/,
  );
  await expectAccessible(enPage, "statement third-party en");
  await en.close();
});
