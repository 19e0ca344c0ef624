// The statement's first screen on a phone (320 × 640), in every account state: the balance,
// where the account stands and the action that fits it, inside the first viewport before
// any scrolling; with and without JavaScript, axe clean at 320 px and 1280 px. Each test
// makes its own debtor in the state it checks (tests/support/factories.ts, DebtorState).
import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectAccessible } from "../support/e2e";
import { signedInDebtor, type DebtorState, type Persona } from "../support/e2e-data";

const PHONE = { width: 320, height: 640 };

type Case = {
  name: string;
  persona: Persona;
  state?: DebtorState;
  lang?: "es";
  /** The first action on the card (the primary one), and where it leads. */
  primary: RegExp | null;
  href?: RegExp;
  body: RegExp;
  /** Texts the card must not offer in this state. */
  never?: RegExp[];
};

const CASES: Case[] = [
  {
    name: "an open account: pay in full, a plan, or dispute",
    persona: "alex",
    primary: /^Pay \$84\.50 in full$/,
    href: /\/pay-now\?kind=full$/,
    body: /pay it all now, or set up a plan/,
  },
  {
    name: "an open account with an offer, in Spanish: accept the offer first",
    persona: "maria",
    lang: "es",
    primary: /^Aceptar la oferta: pagar \$[\d,.]+ a más tardar el /,
    href: /\/pay-now\?kind=settlement$/,
    body: /aceptará \$[\d,.]+ como pago total/,
  },
  {
    name: "in a plan: the next payment, and paying it now",
    persona: "sam",
    primary: /^Pay \$200\.00 now$/,
    href: /\/pay-now\?kind=next$/,
    body: /Next payment: \$200\.00 on /,
  },
  {
    name: "a plan waiting for its card: finish setting it up",
    persona: "sam",
    state: "plan_waiting",
    primary: /^Finish setting up your plan$/,
    href: /\/plan$/,
    body: /starts once a card or bank account is added/,
  },
  {
    name: "a paused plan: when payments resume",
    persona: "sam",
    state: "plan_paused",
    primary: /^See your plan$/,
    href: /\/plan$/,
    body: /paused until /,
    never: [/Pay \$/],
  },
  {
    name: "a broken plan: a way back (catch up, or a new plan)",
    persona: "sam",
    state: "plan_broken",
    primary: /^Catch up on missed payments$/,
    href: /\/pay-now\?kind=next$/,
    body: /You can catch up on what was missed, or set up a new plan/,
  },
  {
    name: "on hold for a dispute: collection paused, paying is not pushed",
    persona: "jordan",
    primary: null,
    body: /is looking into your dispute\. Collection is paused/,
    // Nothing can be paid or set up while the dispute holds the account: no way offered.
    never: [/Dispute it/, /in full/, /ways to pay/i],
  },
  {
    name: "paid in full: nothing more to pay, never 'choose how to pay'",
    persona: "priya",
    primary: /^See your receipts$/,
    href: /\/receipts$/,
    body: /Paid in full\. There is nothing more to pay/,
    never: [/Pay /, /plan/i, /Choose how to pay/, /Dispute/],
  },
  {
    name: "settled: nothing more to pay",
    persona: "maria",
    state: "settled",
    primary: /^Ver sus recibos$/,
    href: /\/receipts$/,
    lang: "es",
    body: /^Liquidada\. Se pagó la oferta/,
    never: [/Pagar /, /Aceptar la oferta/, /Elegir cómo pagar/],
  },
];

async function statementOnPhone(browser: Browser, c: Case, javaScriptEnabled: boolean) {
  const context = await browser.newContext({
    javaScriptEnabled,
    viewport: PHONE,
    locale: c.lang === "es" ? "es-US" : "en-US",
  });
  const page = await context.newPage();
  const { account } = await signedInDebtor(context, c.persona, c.state);
  await page.goto(account);
  return { context, page };
}

async function checkFirstScreen(page: Page, c: Case) {
  const card = page.getByTestId("top-card");
  await expect(card).toHaveAttribute("data-state", c.state ?? /.+/);
  await expect(page.getByTestId("top-body")).toHaveText(c.body);
  // Before any scrolling: the balance and the card's first action are wholly on screen.
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  const actions = card.getByTestId("top-actions").getByRole("link");
  if (c.primary) {
    const first = actions.first();
    await expect(first).toHaveText(c.primary);
    await expect(first).toHaveAttribute("href", c.href!);
    await expect(first).toHaveClass(/btn-primary/);
    await expect(first).toBeInViewport({ ratio: 1 });
    const box = await first.boundingBox();
    expect(box!.height, "a primary action at least 44 px tall").toBeGreaterThanOrEqual(44);
  } else {
    await expect(card.locator(".btn-primary")).toHaveCount(0);
    await expect(page.getByTestId("top-body")).toBeInViewport({ ratio: 1 });
  }
  for (const text of c.never ?? []) await expect(card.getByText(text)).toHaveCount(0);
}

for (const c of CASES) {
  test(`first screen at 320 × 640, without and with JavaScript: ${c.name}`, async ({ browser }) => {
    const noJs = await statementOnPhone(browser, c, false);
    await checkFirstScreen(noJs.page, c);
    await noJs.context.close();
    // axe needs scripts; the page's HTML is the same server render.
    const js = await statementOnPhone(browser, c, true);
    await checkFirstScreen(js.page, c);
    await expectAccessible(js.page, `statement ${c.state ?? c.persona}`);
    await js.context.close();
  });
}

test("the open account's other actions lead where they say", async ({ browser }) => {
  // The plan action of an open account opens the choice page; the dispute link the form.
  const { context, page } = await statementOnPhone(browser, CASES[0], true);
  await page.getByTestId("top-card").getByRole("link", { name: "Set up a payment plan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose how to pay");
  await page.goBack();
  await page
    .getByTestId("top-card")
    .getByRole("link", { name: "Something looks wrong? Dispute it" })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Dispute this debt");
  await context.close();
});

test("a broken plan's 'set up a new plan' opens the plan choice, not a dead end", async ({
  browser,
}) => {
  const { context, page } = await statementOnPhone(browser, CASES[5], false);
  await page.getByTestId("top-card").getByRole("link", { name: "Set up a new plan" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Choose how to pay");
  await context.close();
});
