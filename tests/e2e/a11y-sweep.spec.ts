// The accessibility sweep (WCAG 2.2 AA): every page of app/routes, debtor and public pages
// in English and Spanish, creditor pages in English (the creditor area is English only),
// each checked with axe (wcag2a/2aa/21a/21aa/22aa) at 320 px and 1280 px plus what axe
// cannot check (tests/support/a11y.ts): no horizontal scroll at 320 px; tabbing through the
// page, a focus indicator of 3:1 on every stop that nothing covers (at 320 px in both
// languages, at 1280 px in English); targets of at least 24×24 px; field borders and
// checkbox/radio accent colours of 3:1. The last test tabs under the idle warning, which
// is fixed at the bottom of the screen.
//
// The page list is the route files themselves: a route file without an entry in
// routeTable (URLs to visit, or the reason it has no page) fails the first test.
//
// Each worker makes its own data once (ensureState): a creditor of its own with an owner
// and a user who has not set up two-step sign-in (tests/support/e2e-data.ts), accounts
// imported through that creditor's pages, and the debtors' links; no demo row is read.
import fs from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import {
  auditPage,
  creditorSession,
  importTestDebtors,
  letterLink,
  DESKTOP,
  PHONE,
  setLanguage,
  signInWithLink,
  tabWalk,
  type TestDebtor,
} from "../support/a11y";
import { waitForHydration } from "../support/e2e";
import { newCreditorUser, type CreditorUserFixture } from "../support/e2e-data";

type Lang = "en" | "es";
/** Whose browser opens the page: nobody signed in, test debtor A or B, or a creditor user. */
type Who =
  | "public"
  | "debtorA"
  | "debtorB"
  | "creditor"
  | "creditorSignedOut"
  | "creditorPending"
  | "creditorEnrolling";
type Visit = {
  label: string;
  who: Who;
  url: string;
  /** Expected status of the page (404 for the not-found page). */
  status?: number;
  /** Runs once, before the page is opened in each language (e.g. files the dispute to confirm). */
  once?: (context: BrowserContext) => Promise<void>;
  /** Runs on the opened page, in each language, to reach the state to check (a POST's answer). */
  then?: (page: Page) => Promise<void>;
  /** A page with no scripts of its own (nothing to wait for). */
  static?: boolean;
};
type Entry = Visit[] | { skip: string };

type State = {
  importId: string;
  a: TestDebtor & { token: string; paymentId: string; checkoutSessionId: string };
  b: TestDebtor & { token: string; lockedToken: string };
  code: string;
  /** The creditor's today (the plan builder's first date). */
  today: string;
  outboxId: string;
  unsubscribePath: string;
  inviteToken: string;
  owner: CreditorUserFixture;
  enrolling: CreditorUserFixture;
  storage: Partial<Record<Who, string>>; // cookies as JSON, per signed-in role
};

const WRONG_DOB = "01/01/1901";

/** Every route file → what to open (in order: later visits may change the test accounts). */
function routeTable(s: State): Record<string, Entry> {
  const a = `/accounts/${s.a.accountId}`;
  const b = `/accounts/${s.b.accountId}`;
  return {
    // Before sign-in
    "_index.tsx": [{ label: "start page", who: "public", url: "/" }],
    "$.tsx": [{ label: "not found", who: "public", url: "/no/such/page", status: 404 }],
    "code.tsx": [
      { label: "typed code", who: "public", url: "/code" },
      {
        label: "typed code, wrong code",
        who: "public",
        url: "/code",
        then: async (page) => {
          await page.locator("#code").fill("WRONG-CODE-00");
          await page.locator("form:has(#code) button[type=submit]").click();
          await expect(page.locator("#code")).toHaveAttribute("aria-invalid", "true");
        },
      },
    ],
    "l.$token.tsx": [
      { label: "link intro", who: "public", url: `/l/${s.a.token}` },
      {
        label: "link verify",
        who: "public",
        url: `/l/${s.a.token}`,
        then: async (page) => {
          await page.locator('button[value="continue"]').click();
          await expect(page.locator("#answer")).toBeVisible();
        },
      },
      {
        label: "link verify, wrong answer",
        who: "public",
        url: `/l/${s.a.token}`,
        then: async (page) => {
          await page.locator('button[value="continue"]').click();
          await page.locator("#answer").fill(WRONG_DOB);
          await page.locator('button[value="verify"]').click();
          await expect(page.locator("#answer")).toHaveAttribute("aria-invalid", "true");
        },
      },
      { label: "link locked", who: "public", url: `/l/${s.b.lockedToken}` },
      { label: "link unusable", who: "public", url: "/l/Zm9vYmFyYmF6cXV4cXV1eHF1dXg" },
      {
        label: "new link requested",
        who: "public",
        url: "/l/Zm9vYmFyYmF6cXV4cXV1eHF1dXg",
        then: async (page) => {
          await page.locator('button[value="resend"]').click();
          await expect(page.getByRole("status")).toBeVisible();
        },
      },
    ],
    "l.$token_.real.tsx": [
      { label: "is this real (link)", who: "public", url: `/l/${s.a.token}/real` },
    ],
    "is-this-real.tsx": [{ label: "is this real", who: "public", url: "/is-this-real" }],
    "signed-out.tsx": [{ label: "signed out", who: "public", url: "/signed-out" }],
    "demo.tsx": [{ label: "demo", who: "public", url: "/demo" }],
    "demo_.outbox.tsx": [{ label: "demo outbox", who: "public", url: "/demo/outbox" }],
    "demo_.outbox.$id.email.tsx": [
      {
        label: "demo email preview",
        who: "public",
        url: `/demo/outbox/${s.outboxId}/email`,
        static: true,
      },
    ],
    "unsubscribe.$token.tsx": [{ label: "unsubscribe", who: "public", url: s.unsubscribePath }],

    // Signed-in debtor. A: a plan with its first payment made. B: nothing yet, then a dispute.
    "accounts.$accountId._index.tsx": [
      { label: "statement with a plan", who: "debtorA", url: a },
      { label: "statement", who: "debtorB", url: b },
    ],
    "accounts.$accountId.print.tsx": [{ label: "print view", who: "debtorA", url: `${a}/print` }],
    "accounts.$accountId.pay.tsx": [
      { label: "pay", who: "debtorB", url: `${b}/pay` },
      {
        label: "pay, plan preview",
        who: "debtorB",
        url: `${b}/pay?kind=installments&frequency=monthly&count=3`,
      },
      {
        label: "pay, errors",
        who: "debtorB",
        url: `${b}/pay?kind=installments&frequency=monthly&count=99&startDate=2001-01-01`,
      },
    ],
    "accounts.$accountId.pay_.review.tsx": [
      {
        label: "review",
        who: "debtorB",
        url: `${b}/pay/review?kind=installments&frequency=monthly&count=3&startDate=${s.today}`,
      },
    ],
    "accounts.$accountId.pay-now.tsx": [
      { label: "pay now, in full", who: "debtorB", url: `${b}/pay-now?kind=full` },
      { label: "pay now, explained (no plan)", who: "debtorB", url: `${b}/pay-now?kind=next` },
      { label: "pay now, extra", who: "debtorA", url: `${a}/pay-now?kind=extra&amount=10` },
      {
        label: "pay now, extra amount error",
        who: "debtorA",
        url: `${a}/pay-now?kind=extra&amount=abc`,
      },
    ],
    "accounts.$accountId.plan.tsx": [
      { label: "no plan", who: "debtorB", url: `${b}/plan` },
      { label: "active plan", who: "debtorA", url: `${a}/plan` },
    ],
    "accounts.$accountId.plan_.authorization.tsx": [
      { label: "authorization copy", who: "debtorA", url: `${a}/plan/authorization` },
    ],
    "accounts.$accountId.checkout_.return.tsx": [
      {
        label: "back from checkout",
        who: "debtorA",
        url: `${a}/checkout/return?session_id=${s.a.checkoutSessionId}`,
      },
    ],
    "accounts.$accountId.receipts.tsx": [
      { label: "receipts", who: "debtorA", url: `${a}/receipts` },
    ],
    "accounts.$accountId.receipts_.$paymentId.tsx": [
      { label: "receipt", who: "debtorA", url: `${a}/receipts/${s.a.paymentId}` },
    ],
    "accounts.$accountId.hardship.tsx": [
      { label: "hardship with a plan", who: "debtorA", url: `${a}/hardship` },
      { label: "hardship", who: "debtorB", url: `${b}/hardship` },
    ],
    "preferences.tsx": [{ label: "preferences", who: "debtorA", url: "/preferences" }],
    "accounts.$accountId.dispute.tsx": [{ label: "dispute", who: "debtorB", url: `${b}/dispute` }],
    "accounts.$accountId.dispute_.received.tsx": [
      {
        label: "dispute received",
        who: "debtorB",
        url: `${b}/dispute/received`,
        once: async (context) => {
          const filed = await context.request.post(`${b}/dispute`, {
            form: { reason: "wrong_amount" },
            maxRedirects: 0,
          });
          expect(filed.status(), "filing B's dispute").toBe(302);
        },
      },
      { label: "statement on hold", who: "debtorB", url: b },
    ],

    // Creditor area
    "creditor_.sign-in.tsx": [
      { label: "creditor sign-in", who: "creditorSignedOut", url: "/creditor/sign-in" },
    ],
    "creditor_.two-factor.tsx": [
      { label: "creditor code", who: "creditorPending", url: "/creditor/two-factor" },
    ],
    "creditor_.two-factor_.setup.tsx": [
      { label: "creditor enrolment", who: "creditorEnrolling", url: "/creditor/two-factor/setup" },
    ],
    "creditor_.invite.$token.tsx": [
      {
        label: "creditor invitation",
        who: "creditorSignedOut",
        url: `/creditor/invite/${s.inviteToken}`,
      },
    ],
    "creditor._index.tsx": [{ label: "creditor at a glance", who: "creditor", url: "/creditor" }],
    "creditor.accounts._index.tsx": [
      { label: "creditor accounts", who: "creditor", url: "/creditor/accounts" },
    ],
    "creditor.accounts.$accountId.tsx": [
      {
        label: "creditor account with a plan",
        who: "creditor",
        url: `/creditor/accounts/${s.a.accountId}`,
      },
      {
        label: "creditor account with a dispute",
        who: "creditor",
        url: `/creditor/accounts/${s.b.accountId}`,
      },
    ],
    "creditor.accounts.import.tsx": [
      { label: "creditor import", who: "creditor", url: "/creditor/accounts/import" },
    ],
    "creditor.imports.$importId.tsx": [
      { label: "creditor import result", who: "creditor", url: `/creditor/imports/${s.importId}` },
    ],
    "creditor.policy.tsx": [{ label: "creditor policy", who: "creditor", url: "/creditor/policy" }],
    "creditor.branding.tsx": [
      { label: "creditor branding", who: "creditor", url: "/creditor/branding" },
    ],
    "creditor.users.tsx": [{ label: "creditor team", who: "creditor", url: "/creditor/users" }],

    // No page of their own
    "creditor.tsx": { skip: "layout of the creditor area: checked on every creditor page" },
    "accounts._index.tsx": {
      skip: "redirects to the debtor's only account (a list only with several accounts, which no demo debtor has)",
    },
    "accounts.$accountId.checkout.tsx": {
      skip: "POST only (GET redirects to the plan): sends the debtor to hosted Checkout",
    },
    "accounts.$accountId.schedule[.]ics.tsx": { skip: "calendar file (text/calendar), not HTML" },
    "accounts.$accountId.letter[.]html.tsx": {
      skip: "a download (Content-Disposition: attachment) of the paid-in-full or settled letter, for a paid or settled account only (tests/integration/confirmations.test.ts)",
    },
    "accounts.$accountId.statement[.]html.tsx": {
      skip: "a download (Content-Disposition: attachment) of the statement; the print view is the same content on screen",
    },
    "bench.bare.tsx": { skip: "benchmark baseline, 404 unless BENCH=1" },
    "brand-accent.$file.tsx": { skip: "a creditor's accent colour as a stylesheet" },
    "creditor-logos.$file.tsx": { skip: "a creditor's logo image" },
    "creditor.accounts.export.tsx": { skip: "CSV download" },
    "creditor.imports.$importId.report.tsx": { skip: "CSV download" },
    "creditor.policy.impact.tsx": { skip: "JSON for the policy page's live count" },
    "creditor.session.extend.tsx": { skip: "POST only (the idle warning's button)" },
    "creditor_.sign-out.tsx": { skip: "POST only (the sign-out button)" },
    "demo_.outbox.$id.email[.]css.tsx": { skip: "stylesheet of the email preview" },
    "healthz.tsx": { skip: "plain-text health check" },
    "lang.tsx": { skip: "POST only (the language switch); used by every Spanish visit's cookie" },
    "session.extend.tsx": { skip: "POST only (the idle warning's button)" },
    "sign-out.tsx": { skip: "POST only (the sign-out button)" },
    "webhooks.stripe.tsx": { skip: "POST only, Stripe webhook" },
    "webhooks.twilio.sms.tsx": { skip: "POST only, Twilio webhook" },
  };
}

const PUBLIC: Who[] = ["public"];
const DEBTOR: Who[] = ["debtorA", "debtorB"];
const CREDITOR: Who[] = ["creditor", "creditorSignedOut", "creditorPending", "creditorEnrolling"];

function visitsFor(s: State, roles: Who[]): Visit[] {
  return Object.values(routeTable(s))
    .flatMap((entry) => (Array.isArray(entry) ? entry : []))
    .filter((v) => roles.includes(v.who));
}

// --- set-up, once per worker: everything made through the app's own pages and forms ---

let state: State | undefined;

async function ensureState(browser: Browser): Promise<State> {
  if (state) return state;
  const creditor = await browser.newContext();
  const owner = await newCreditorUser(creditor.request, { kind: "first_party" });
  const enrolling = await newCreditorUser(creditor.request, {
    kind: "first_party",
    enrolled: false,
  });
  await creditorSession(creditor, owner.email, owner.password);
  const { importId, debtors } = await importTestDebtors(creditor.request, [
    { name: "Robin Okafor", dob: "1980-04-12", amount: "600.00" },
    { name: "Casey Lindqvist", dob: "1975-08-30", amount: "300.00" },
  ]);
  const [debtorA, debtorB] = debtors;
  const linkA = await letterLink(creditor.request, debtorA.accountId);
  const linkB = await letterLink(creditor.request, debtorB.accountId);
  const locked = await letterLink(creditor.request, debtorB.accountId);

  // An email to A: the demo outbox entry, its HTML preview and its unsubscribe link.
  const sent = await (
    await creditor.request.post(`/creditor/accounts/${debtorA.accountId}`, {
      form: { intent: "send", channel: "email" },
    })
  ).text();
  const outboxId = /\/demo\/outbox#message-([^"]+)"/.exec(sent)?.[1];
  if (!outboxId) throw new Error("the email link to the test debtor was not queued");
  const outbox = await (await creditor.request.get("/demo/outbox")).text();
  const message = outbox.slice(outbox.indexOf(`id="message-${outboxId}"`));
  const unsubscribePath = /https?:\/\/[^/"\s]+(\/unsubscribe\/[A-Za-z0-9_-]+)/.exec(message)?.[1];
  if (!unsubscribePath) throw new Error("no unsubscribe link in the test debtor's email");

  // An invitation (a new staff user of Brightside who never accepts it).
  const invited = await (
    await creditor.request.post("/creditor/users", {
      form: {
        intent: "invite",
        name: "Avery Sweep",
        email: `avery.sweep.${Date.now()}@example.com`,
        role: "staff",
      },
    })
  ).text();
  const inviteToken =
    /data-testid="invite-url"[^>]*>\s*https?:\/\/[^<\s]*\/creditor\/invite\/([^<\s]+)/.exec(
      invited,
    )?.[1];
  if (!inviteToken) throw new Error("no invitation link on the team page");

  // Five wrong answers lock B's second link.
  await creditor.request.post(`/l/${locked.token}`, { form: { intent: "continue" } });
  for (let i = 0; i < 5; i++)
    await creditor.request.post(`/l/${locked.token}`, {
      form: { intent: "verify", answer: WRONG_DOB },
    });

  // A: a three-payment plan, its first payment made on the emulator's hosted page.
  const a = await browser.newContext();
  const accountA = await signInWithLink(a, linkA.token, debtorA.dob);
  const page = await a.newPage();
  await page.goto(`${accountA}/pay`);
  const today = await page.locator("#startDate").inputValue();
  await page.goto(
    `${accountA}/pay/review?kind=installments&frequency=monthly&count=3&startDate=${today}`,
  );
  await page.locator('input[name="authorize"]').check();
  await page.locator("form:has(#authorize) button[type=submit]").click();
  await expect(page).toHaveURL(/\/plan\?done=authorized$/);
  await page.getByRole("button", { name: "Continue to secure payment" }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_/);
  await page.getByLabel(/Email/).first().fill(debtorA.email);
  await page.locator("#card-number").fill("4242424242424242");
  await page.getByRole("button", { name: /by card$/ }).click();
  await expect(page).toHaveURL(/\/checkout\/return\?session_id=cs_/);
  const checkoutSessionId = new URL(page.url()).searchParams.get("session_id")!;
  let paymentId = "";
  await expect(async () => {
    const html = await (await a.request.get(`${accountA}/receipts`)).text();
    paymentId = new RegExp(`${accountA}/receipts/([0-9a-f-]{36})`).exec(html)?.[1] ?? "";
    expect(paymentId, "the receipt of A's first payment").not.toBe("");
  }).toPass({ timeout: 20_000 });

  const b = await browser.newContext();
  await signInWithLink(b, linkB.token, debtorB.dob);

  state = {
    importId,
    a: { ...debtorA, token: linkA.token, paymentId, checkoutSessionId },
    b: { ...debtorB, token: linkB.token, lockedToken: locked.token },
    code: linkA.code,
    today,
    outboxId,
    unsubscribePath,
    inviteToken,
    owner,
    enrolling,
    storage: {
      creditor: JSON.stringify(await creditor.cookies()),
      debtorA: JSON.stringify(await a.cookies()),
      debtorB: JSON.stringify(await b.cookies()),
    },
  };
  await Promise.all([creditor.close(), a.close(), b.close()]);
  return state;
}

/** A browser context for `who`, signed in as needed. */
async function contextFor(browser: Browser, s: State, who: Who): Promise<BrowserContext> {
  const context = await browser.newContext();
  const saved = s.storage[who];
  if (saved) await context.addCookies(JSON.parse(saved));
  if (who === "creditorPending" || who === "creditorEnrolling") {
    // The password step only: the session waits for the second factor (or its set-up).
    const user = who === "creditorPending" ? s.owner : s.enrolling;
    const email = user.email;
    const response = await context.request.post("/creditor/sign-in", {
      form: { email, password: user.password },
      maxRedirects: 0,
    });
    expect(response.status(), `password step for ${email}`).toBe(302);
  }
  return context;
}

/**
 * Opens each visit in each language and audits it; returns every problem found. Tabbing is
 * checked at 320 px in every language and also at 1280 px in the first (the run time
 * matters: the layouts differ by width far more than by language).
 */
async function sweep(
  browser: Browser,
  baseURL: string,
  s: State,
  visits: Visit[],
  langs: Lang[],
): Promise<string[]> {
  const problems: string[] = [];
  const pages = new Map<Who, Page>();
  try {
    for (const visit of visits) {
      if (!pages.has(visit.who))
        pages.set(visit.who, await (await contextFor(browser, s, visit.who)).newPage());
      const page = pages.get(visit.who)!;
      if (visit.once) await visit.once(page.context());
      for (const lang of langs) {
        const label = langs.length > 1 ? `${visit.label} (${lang})` : visit.label;
        await setLanguage(page.context(), baseURL, lang);
        await page.setViewportSize(PHONE);
        const response = await page.goto(visit.url);
        expect(response?.status(), `${label}: status of ${visit.url}`).toBe(visit.status ?? 200);
        if (!visit.static) await waitForHydration(page);
        if (visit.then) await visit.then(page);
        if (!visit.static)
          await expect(page.locator("html"), `${label}: page language`).toHaveAttribute(
            "lang",
            lang,
          );
        const tabWidths = lang === langs[0] ? [PHONE.width, DESKTOP.width] : [PHONE.width];
        problems.push(...(await auditPage(page, label, { tabWidths })));
      }
    }
  } finally {
    await Promise.all([...pages.values()].map((p) => p.context().close()));
  }
  return problems;
}

test("every route file has an entry in the sweep: a page to visit or the reason it has none", () => {
  const files = fs
    .readdirSync("app/routes")
    .filter((f) => /\.(tsx?|jsx?)$/.test(f) && !/\.test\./.test(f))
    .sort();
  const debtor = { reference: "X-1", name: "", dob: "", email: "", accountId: "x", token: "x" };
  const placeholder: State = {
    importId: "x",
    a: { ...debtor, paymentId: "x", checkoutSessionId: "x" },
    b: { ...debtor, lockedToken: "x" },
    code: "x",
    today: "2026-01-01",
    outboxId: "x",
    unsubscribePath: "/x",
    inviteToken: "x",
    owner: {
      id: "x",
      email: "x",
      password: "x",
      totpKeyBase32: null,
      creditor: { id: "x", slug: "x", displayName: "x", timezone: "x", verificationFact: "dob" },
    },
    enrolling: {
      id: "x",
      email: "x",
      password: "x",
      totpKeyBase32: null,
      creditor: { id: "x", slug: "x", displayName: "x", timezone: "x", verificationFact: "dob" },
    },
    storage: {},
  };
  const table = routeTable(placeholder);
  const listed = Object.keys(table).sort();
  expect(
    files.filter((f) => !listed.includes(f)),
    "route files missing from the sweep's table",
  ).toEqual([]);
  expect(
    listed.filter((f) => !files.includes(f)),
    "entries for route files that no longer exist",
  ).toEqual([]);
  for (const [file, entry] of Object.entries(table)) {
    if (Array.isArray(entry)) expect(entry.length, file).toBeGreaterThan(0);
    else expect(entry.skip.length, file).toBeGreaterThan(10);
  }
});

test("pages before sign-in, in English and Spanish", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const s = await ensureState(browser);
  expect(await sweep(browser, baseURL!, s, visitsFor(s, PUBLIC), ["en", "es"])).toEqual([]);
});

test("a signed-in debtor's pages, in English and Spanish", async ({ browser, baseURL }) => {
  // Four more pages since the confirm page before Stripe's (pay-now), each in two languages.
  test.setTimeout(420_000);
  const s = await ensureState(browser);
  expect(await sweep(browser, baseURL!, s, visitsFor(s, DEBTOR), ["en", "es"])).toEqual([]);
});

test("the creditor area's pages", async ({ browser, baseURL }) => {
  test.setTimeout(240_000);
  const s = await ensureState(browser);
  expect(await sweep(browser, baseURL!, s, visitsFor(s, CREDITOR), ["en"])).toEqual([]);
});

test("the idle warning (fixed at the bottom) never hides the focused control", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const s = await ensureState(browser);
  const problems: string[] = [];
  for (const [who, lang, url, label] of [
    ["debtorA", "en", `/accounts/${s.a.accountId}/plan`, "debtor idle warning"],
    ["debtorA", "es", `/accounts/${s.a.accountId}/plan`, "debtor idle warning (es)"],
    ["creditor", "en", "/creditor/policy", "creditor idle warning"],
  ] as const) {
    const context = await contextFor(browser, s, who);
    await setLanguage(context, baseURL!, lang);
    const page = await context.newPage();
    await page.setViewportSize(PHONE);
    await page.clock.install();
    await page.goto(url);
    await waitForHydration(page);
    await page.clock.fastForward(who === "creditor" ? "58:30" : "13:30");
    await expect(page.getByRole("alertdialog")).toBeVisible();
    problems.push(...(await tabWalk(page, `${label} @320px`)));
    await context.close();
  }
  expect(problems).toEqual([]);
});
