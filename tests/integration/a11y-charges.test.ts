// The pages this work added or changed, in a real browser against the real server, with
// axe (WCAG 2.2 AA tags) at 320 px and 1280 px, no horizontal scroll at 320 px: the
// creditor's "needs attention" on the dashboard and the account page (and its "Charge
// again" button, by keyboard), the policy form's "What debtors may pay with", and the
// debtor's plan page when payments wait for their choice and the dispute page's calm 429,
// each also walked without JavaScript (axe itself needs it). They only appear with data
// the demo does not have, so the sweep (tests/e2e/a11y-sweep.spec.ts) never saw them.
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { addDays, todayIn } from "../../app/lib/calendar-date";
import { DISPUTE_LIMIT, fileDispute } from "../../app/models/disputes.server";
import { chromiumEnv, CHROMIUM_ARGS, findChromium } from "../support/browser.mjs";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { AXE_TAGS } from "../support/e2e";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { createPlan } from "../support/payments";
import { creditorCookie, debtorCookie } from "../support/security";

let database: TestDatabase;
let server: HttpServer;
let browser: Browser;
const chromiumPath = findChromium();
const today = () => todayIn("America/New_York", new Date());

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  server = await startHttpServer({ env: { RATE_LIMIT_MULTIPLIER: "20" } });
  if (chromiumPath !== null)
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: CHROMIUM_ARGS,
      env: chromiumEnv(),
    });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await database?.dispose();
});

async function expectAccessible(page: Page, label: string) {
  for (const width of [320, 1280]) {
    await page.setViewportSize({ width, height: width === 320 ? 640 : 900 });
    const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
    expect(
      results.violations.map(
        (v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
      ),
      `axe at ${width}px on ${label}`,
    ).toEqual([]);
    if (width === 320)
      expect(
        await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        ),
        `horizontal scroll at 320px on ${label}`,
      ).toBeLessThanOrEqual(0);
  }
}

async function contextWith(cookie: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled });
  const [name, ...rest] = cookie.split("=");
  await context.addCookies([{ name, value: rest.join("="), url: server.url }]);
  return context;
}

/** An account in a plan of the demo creditor Brightside Dental. */
async function accountInPlan(tag: string, status: "active" | "paused") {
  const [creditor] = await database.db
    .select()
    .from(schema.creditors)
    .where(eq(schema.creditors.slug, "brightside-dental"));
  const [debtor] = await database.db
    .insert(schema.debtors)
    .values({ creditorId: creditor.id, fullName: `Page ${tag}` })
    .returning();
  const [account] = await database.db
    .insert(schema.accounts)
    .values({
      creditorId: creditor.id,
      debtorId: debtor.id,
      reference: `PAGE-${tag}`,
      referenceLast4Hash: "x",
      itemizationDate: today(),
      itemizationKind: "transaction",
      status: "in_plan",
    })
    .returning();
  await database.db.insert(schema.ledgerEntries).values({
    accountId: account.id,
    kind: "itemized_balance",
    amountCents: 10_000,
    currency: "usd",
    occurredAt: new Date(),
    source: "import",
    sourceId: `page:${tag}`,
  });
  const plan = await createPlan(database.db, {
    accountId: account.id,
    kind: "installments",
    balanceCents: 10_000,
    status: "active",
    installments: [
      { dueDate: addDays(today(), -3), amountCents: 5_000 },
      { dueDate: addDays(today(), 27), amountCents: 5_000 },
    ],
  });
  await database.db
    .update(schema.plans)
    .set({ status, stripeCustomerId: "cus_page", stripePaymentMethodId: "pm_page" })
    .where(eq(schema.plans.id, plan.id));
  return { creditor, debtor, account, plan };
}

describe.skipIf(chromiumPath === null)(
  "pages of charges, holds and disputes (skipped without a Chromium: none installed)",
  () => {
    it("the creditor's 'needs attention' (dashboard, account page, Charge again by keyboard) and the policy form pass axe", async () => {
      const { account, plan } = await accountInPlan("DEFECT", "active");
      const [first] = await database.db
        .select()
        .from(schema.installments)
        .where(eq(schema.installments.planId, plan.id))
        .orderBy(schema.installments.seq);
      // What the worker leaves when Stripe refuses a charge request.
      await database.db
        .update(schema.installments)
        .set({ status: "needs_attention" })
        .where(eq(schema.installments.id, first.id));
      await database.db.insert(schema.chargeAttempts).values({
        installmentId: first.id,
        accountId: account.id,
        number: 1,
        idempotencyKey: `installment:${first.id}:attempt:1`,
        status: "defect",
        fromStatus: "scheduled",
        stripeCustomerId: "cus_page",
        errorType: "invalid_request_error",
        errorCode: "parameter_unknown",
        startedAt: new Date(),
        endedAt: new Date(),
      });
      const [owner] = await database.db
        .select()
        .from(schema.creditorUsers)
        .where(eq(schema.creditorUsers.email, "owner@brightside-dental.example"));
      const context = await contextWith((await creditorCookie(owner.id)).cookie, true);
      const page = await context.newPage();
      try {
        await page.goto(`${server.url}/creditor`);
        await expect(page.getByTestId("charge-problems").textContent()).resolves.toContain(
          "PAGE-DEFECT",
        );
        await expectAccessible(page, "/creditor with a charge that needs attention");
        await page.goto(`${server.url}/creditor/accounts/${account.id}`);
        await expect(page.getByTestId("charge-problems").textContent()).resolves.toContain(
          "parameter_unknown",
        );
        await expectAccessible(page, "the account page with a charge that needs attention");
        const button = page.getByRole("button", { name: "Charge this payment again" });
        await button.focus();
        await page.keyboard.press("Enter");
        await page.getByText("1 payment will be charged again").waitFor();
        const [released] = await database.db
          .select()
          .from(schema.installments)
          .where(eq(schema.installments.id, first.id));
        expect(released.status).toBe("scheduled");
        await expectAccessible(page, "the account page after Charge again");
        await page.goto(`${server.url}/creditor/policy`);
        await page.getByRole("group", { name: "What debtors may pay with" }).waitFor();
        expect(await page.getByLabel(/US bank account/).isChecked()).toBe(true);
        await expectAccessible(page, "/creditor/policy");
      } finally {
        await context.close();
      }
    }, 120_000);

    it("the debtor's plan page when payments wait for their choice, and the dispute page's calm 429, with and without JavaScript", async () => {
      const { debtor, account } = await accountInPlan("CHOOSE", "paused");
      for (let i = 0; i < DISPUTE_LIMIT.max; i++)
        await fileDispute({
          debtorId: debtor.id,
          accountId: account.id,
          form: { reason: "other", details: "x" },
          ip: "127.0.0.1",
        });
      const { cookie } = await debtorCookie(debtor.id);
      // axe runs in the page, so with JavaScript; the same steps without it must work too.
      for (const javaScriptEnabled of [true, false]) {
        const context = await contextWith(cookie, javaScriptEnabled);
        const page = await context.newPage();
        const label = javaScriptEnabled ? "" : " (no JavaScript)";
        try {
          await page.goto(`${server.url}/accounts/${account.id}/plan`);
          await page.getByTestId("plan-paused-choose").waitFor({ timeout: 10_000 });
          if (javaScriptEnabled)
            await expectAccessible(page, `the plan page, paused until the debtor chooses${label}`);
          await page.goto(`${server.url}/accounts/${account.id}/dispute`);
          await page.getByLabel(/amount is wrong/i).check({ timeout: 10_000 });
          const [answer] = await Promise.all([
            page.waitForResponse(
              (r) =>
                r.request().method() === "POST" &&
                new URL(r.url()).pathname.startsWith(`/accounts/${account.id}/dispute`),
              { timeout: 20_000 },
            ),
            page.getByRole("button", { name: "Send my dispute" }).click(),
          ]);
          expect(answer.status()).toBe(429);
          await page.getByTestId("dispute-limited").waitFor({ timeout: 10_000 });
          if (javaScriptEnabled)
            await expectAccessible(page, `the dispute page past the limit${label}`);
        } finally {
          await context.close();
        }
      }
      expect(
        await database.db.$count(schema.disputes, eq(schema.disputes.accountId, account.id)),
      ).toBe(DISPUTE_LIMIT.max);
    }, 120_000);
  },
);
