// Issue #18 item 4, through the real server (the production build behind Express): a
// debtor's pages carry their creditor's name, logo and accent, found from the link (before
// sign-in) or the signed-in account; another creditor's never shows, and pages of no
// single creditor keep the portal's header.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { createDebtor, createLink, type DebtorFixture } from "../support/factories";
import { brandCreditor, type BrandingFixture } from "../support/brand-fixtures";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { debtorCookie } from "../support/security";

let database: TestDatabase;
let server: HttpServer;
let a: DebtorFixture & { brand: BrandingFixture };
let b: DebtorFixture & { brand: BrandingFixture };

const APP_URL = "https://pay.branding-test.example";

beforeAll(async () => {
  database = await createTestDatabase();
  const debtorA = await createDebtor(database.db, "alex");
  const debtorB = await createDebtor(database.db, "maria");
  a = {
    ...debtorA,
    brand: await brandCreditor(database.db, debtorA.creditor.id, {
      displayName: "Alder Clinic",
      accentColor: "#0f766e",
      logo: true,
    }),
  };
  b = {
    ...debtorB,
    brand: await brandCreditor(database.db, debtorB.creditor.id, {
      displayName: "Birchwood Collections",
      accentColor: "#6d28d9",
      logo: true,
    }),
  };
  server = await startHttpServer({ env: { APP_URL } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

const get = async (path: string, cookie?: string) => {
  const res = await fetch(`${server.url}${path}`, {
    redirect: "manual",
    headers: { "accept-language": "en", ...(cookie ? { cookie } : {}) },
  });
  return { status: res.status, html: await res.text() };
};

/** The page's header, where the creditor's face is (not the body, which may name them too). */
const header = (html: string) => /<header[\s\S]*?<\/header>/.exec(html)?.[0] ?? "";

function expectBranded(html: string, own: BrandingFixture, other: BrandingFixture) {
  const head = header(html);
  expect(head).toContain(`alt="${own.displayName}"`);
  expect(head).toContain(`src="${own.logoPath}"`);
  expect(head).toContain(`>${own.displayName}</span>`);
  expect(head).not.toContain("Payment portal");
  expect(html).toContain(`href="/brand-accent/${own.accentColor.slice(1)}.css"`);
  for (const leak of [other.displayName, other.logoPath!, other.accentColor.slice(1)]) {
    expect(html, leak).not.toContain(leak);
  }
}

describe("the creditor's face on a debtor's pages", () => {
  it("a link page and its 'Is this real?' page carry the link's creditor, nobody else's", async () => {
    const link = await get(`/l/${a.links[0].token}`);
    expect(link.status).toBe(200);
    expectBranded(link.html, a.brand, b.brand);

    const real = await get(`/l/${b.links[0].token}/real`);
    expect(real.status).toBe(200);
    expectBranded(real.html, b.brand, a.brand);
    expect(real.html).toContain(`data-testid="portal-address">${APP_URL}</p>`);
    expect(real.html).toContain("(800) 555-0199"); // Birchwood's support phone
    expect(real.html).toContain("https://checkout.stripe.com");
    expect(real.html).not.toContain("only made on this secure site");
  });

  it("a signed-in statement carries the account's creditor; another debtor's account shows nothing of theirs", async () => {
    const { cookie } = await debtorCookie(a.debtorId);
    const statement = await get(`/accounts/${a.accountId}`, cookie);
    expect(statement.status).toBe(200);
    expectBranded(statement.html, a.brand, b.brand);

    // B's account with A's session: not found, and B's branding stays out of the page.
    const foreign = await get(`/accounts/${b.accountId}`, cookie);
    expect(foreign.status).toBe(404);
    expect(foreign.html).not.toContain(b.brand.displayName);
    expect(foreign.html).not.toContain(b.brand.logoPath!);
    expect(header(foreign.html)).toContain("Payment portal");
  });

  it("a link that no longer works, the home page and the code page keep the portal's header", async () => {
    const revoked = await createLink(database.db, a.accountId, "revoked");
    const expired = await createLink(database.db, a.accountId, "expired");
    for (const path of [
      `/l/${revoked.token}`,
      `/l/${expired.token}/real`,
      "/",
      "/code",
      "/is-this-real",
    ]) {
      const page = await get(path);
      expect(header(page.html), path).toContain("Payment portal");
      expect(page.html, path).not.toContain(a.brand.displayName);
      expect(page.html, path).not.toContain("/brand-accent/");
    }
  });

  it("a debtor with accounts at two creditors sees the portal's header on their list", async () => {
    // A second account for A's debtor, with B's creditor.
    await database.db.insert(schema.accounts).values({
      creditorId: b.creditor.id,
      debtorId: a.debtorId,
      reference: "TWO-CREDITORS",
      referenceLast4Hash: "x",
      itemizationDate: "2026-01-05",
      itemizationKind: "transaction",
    });
    const { cookie } = await debtorCookie(a.debtorId);
    const list = await get("/accounts", cookie);
    expect(list.status).toBe(200);
    expect(header(list.html)).toContain("Payment portal");
    expect(header(list.html)).not.toContain(a.brand.displayName);
    expect(header(list.html)).not.toContain(b.brand.displayName);
    // Each account's own page still carries its own creditor in the header (its body lists
    // the debtor's other account, with its creditor's name: theirs to see).
    const own = header((await get(`/accounts/${a.accountId}`, cookie)).html);
    expect(own).toContain(`>${a.brand.displayName}</span>`);
    expect(own).not.toContain(b.brand.displayName);
  });

  it("the accent stylesheet serves a colour that reads on white, and the house colour otherwise", async () => {
    const ok = await fetch(`${server.url}/brand-accent/0f766e.css`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toMatch(/^text\/css/);
    expect(await ok.text()).toContain("--color-brand:#0f766e");
    const light = await fetch(`${server.url}/brand-accent/facc15.css`);
    expect(await light.text()).toContain("--color-brand:#1d4ed8");
    expect((await fetch(`${server.url}/brand-accent/zz;}.css`)).status).toBe(404);
  });
});
