// Through the real server (#18 item 7): the page after Stripe shows the receipt and what
// happens next, or, before the webhook arrives, that the receipt appears in a moment
// (never an error); the paid-in-full letter is a download for its own debtor only, and
// only once the account is paid. Nothing of the debtor reaches the logs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import { startCheckout } from "../../app/models/payments.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { CookieClient, signInThroughLink } from "../support/auth-fixtures";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { createDebtor, type DebtorFixture, type Persona } from "../support/factories";
import {
  payOnEmulator,
  startHttpServer,
  visibleText,
  type HttpServer,
} from "../support/http-server";
import { createPlan } from "../support/payments";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHttpServer({ env: { RATE_LIMIT_MULTIPLIER: "20" } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

async function signedIn(persona: Persona): Promise<[DebtorFixture, CookieClient]> {
  resetRateLimitsForTests();
  const debtor = await createDebtor(database.db, persona);
  const device = new CookieClient(server.url);
  expect((await signInThroughLink(device, debtor.links[0].token, debtor.answer)).status).toBe(302);
  return [debtor, device];
}

/** Pays the plan's first payment on the emulator's page; returns the return page's path. */
const pay = (debtor: DebtorFixture) => payOnEmulator(server, debtor);
const text = visibleText;

describe("back from Stripe, paid in full", () => {
  it("before the webhook: the receipt 'appears in a moment' (200, a refresh link); after it: the receipt and 'nothing more to pay'; then the letter, for this debtor only", async () => {
    const [alex, device] = await signedIn("alex");
    const letter = `/accounts/${alex.accountId}/letter.html`;
    expect((await device.get(letter)).status).toBe(404); // nothing paid yet
    const today = todayIn(alex.creditor.timezone, new Date());
    await createPlan(database.db, {
      accountId: alex.accountId,
      kind: "full",
      balanceCents: 8_450,
      installments: [{ dueDate: today, amountCents: 8_450 }],
    });
    server.emulator.controls.pauseWebhooks();
    const back = await pay(alex);
    const early = await device.get(back);
    expect(early.status).toBe(200);
    const waiting = await text(early);
    expect(waiting).toContain("Thank you, your payment went through");
    expect(waiting).toContain("Your receipt will appear here in a moment");
    expect(waiting).toContain("Refresh this page");
    expect(waiting).not.toContain("What happens next");

    await server.emulator.controls.flushWebhooks();
    const page = await text(await device.get(back));
    expect(page).toContain("Your receipt");
    expect(page).toContain("$84.50");
    expect(page).toContain("Visa ending in 4242");
    expect(page).toContain("View the receipt");
    expect(page).toContain("There is nothing more to pay.");
    expect(page).not.toContain("appear here in a moment");
    // A single payment: no plan to send the debtor to.
    expect(page).not.toContain("See my plan");

    const receipts = await (await device.get(`/accounts/${alex.accountId}/receipts`)).text();
    expect(receipts).toContain(`href="${letter}"`);
    expect(receipts).toContain("Download a letter that says your account is paid in full");
    const file = await device.get(letter);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="paid-in-full-/);
    const body = await text(file);
    expect(body).toContain("Your account with Brightside Dental is paid in full");
    expect(body).toContain(alex.reference);
    expect(body).toContain("Total you paid: $84.50");
    expect(body).toContain("nothing more is owed");

    // Another debtor, signed in, gets "not found" for it.
    const [, stranger] = await signedIn("alex");
    expect((await stranger.get(letter)).status).toBe(404);
    // Nothing of the debtor in the logs.
    const logs = server.output();
    for (const secret of [alex.email, alex.reference, alex.fullName])
      expect(logs).not.toContain(secret);
  });
});

describe("back from Stripe before paying", () => {
  it("a single payment's 'try again' is its own confirm page (not a new plan checkout), with no plan to see", async () => {
    const [alex, device] = await signedIn("alex");
    const today = todayIn(alex.creditor.timezone, new Date());
    await createPlan(database.db, {
      accountId: alex.accountId,
      kind: "full",
      balanceCents: 8_450,
      installments: [{ dueDate: today, amountCents: 8_450 }],
    });
    const start = await startCheckout({
      debtorId: alex.debtorId,
      accountId: alex.accountId,
      appUrl: "http://app.test",
      lang: "en",
    });
    const id = (start as { url: string }).url.split("/").pop()!;
    // The person comes back (the browser's back button) with the payment page still open.
    const response = await device.get(
      `/accounts/${alex.accountId}/checkout/return?session_id=${id}`,
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/accounts/${alex.accountId}/pay-now?kind=full"`);
    expect(html).not.toContain(`action="/accounts/${alex.accountId}/checkout"`);
    const words = html.replace(/<script[\s\S]*?<\/script>/g, " ").replace(/<[^>]+>/g, " ");
    expect(words).toContain("Try again");
    expect(words).not.toContain("See my plan");
  });
});

describe("back from Stripe, a plan's first payment (Spanish)", () => {
  it("shows the receipt and the next payment's date, in Spanish", async () => {
    const [maria, device] = await signedIn("maria");
    const today = todayIn(maria.creditor.timezone, new Date());
    await createPlan(database.db, {
      accountId: maria.accountId,
      kind: "installments",
      balanceCents: 480_575,
      installments: [
        { dueDate: today, amountCents: 240_000 },
        { dueDate: addDays(today, 30), amountCents: 240_575 },
      ],
    });
    const back = await pay(maria);
    await server.emulator.controls.waitForWebhooks();
    const page = await text(await device.get(back));
    expect(page).toContain("Su recibo");
    expect(page).toContain("Visa terminada en 4242");
    expect(page).toMatch(/Su próximo pago de \$2,405\.75 es el /);
    // Not paid in full: no letter.
    expect((await device.get(`/accounts/${maria.accountId}/letter.html`)).status).toBe(404);
  });
});
