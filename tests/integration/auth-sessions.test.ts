// Sessions follow their link, through the real server: a debtor signed in by a link is
// signed out (calmly) on the next request once that link is revoked, on every device
// that used it, while a session opened through another link lives on.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { revokeLink } from "../../app/models/access-links.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { deleteExpiredSessions } from "../../app/utils/session.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { creditorCookie } from "../support/security";
import {
  CookieClient,
  createCreditor,
  createCreditorUser,
  createDebtorAccount,
  createLink,
  signInThroughLink,
} from "../support/auth-fixtures";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHttpServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

async function signedIn(token: string, dob: string) {
  const device = new CookieClient(server.url);
  const res = await signInThroughLink(device, token, dob);
  expect(res.status).toBe(302);
  expect(device.has("portal_session")).toBe(true);
  return device;
}

describe("a session lives no longer than its link", () => {
  it("revoking a link on the creditor's account page signs out every device opened through it, and only those", async () => {
    resetRateLimitsForTests();
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const owner = await createCreditorUser(database.db, creditor.id);
    const revoked = await createLink(debtor.accountId);
    const kept = await createLink(debtor.accountId);

    const phone = await signedIn(revoked.token, debtor.dob);
    const laptop = await signedIn(revoked.token, debtor.dob);
    const other = await signedIn(kept.token, debtor.dob);
    for (const device of [phone, laptop, other])
      expect((await device.get(`/accounts/${debtor.accountId}`)).status).toBe(200);

    const { cookie } = await creditorCookie(owner.id);
    const creditorPage = new CookieClient(server.url, { cookie });
    const answer = await creditorPage.post(`/creditor/accounts/${debtor.accountId}`, {
      intent: "revoke",
      linkId: revoked.id,
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain("Link revoked");

    for (const device of [phone, laptop]) {
      const next = await device.get(`/accounts/${debtor.accountId}`);
      expect(next.status).toBe(302);
      expect(next.headers.get("location")).toBe("/signed-out?reason=link");
      expect(device.has("portal_session")).toBe(false);
    }
    const page = await phone.get("/signed-out?reason=link");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("The link you used to sign in is no longer active");
    // The session opened through the other link is untouched.
    expect((await other.get(`/accounts/${debtor.accountId}`)).status).toBe(200);
  });

  it("a link revoked by any other path (a direct update) ends its sessions too", async () => {
    resetRateLimitsForTests();
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const link = await createLink(debtor.accountId);
    const device = await signedIn(link.token, debtor.dob);
    expect((await device.get(`/accounts/${debtor.accountId}`)).status).toBe(200);
    await database.db
      .update(schema.accessLinks)
      .set({ revokedAt: new Date() })
      .where(eq(schema.accessLinks.id, link.id));
    const next = await device.get(`/accounts/${debtor.accountId}`);
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/signed-out?reason=link");
  });

  it("revokeLink (every revocation path's way) ends the link's sessions; the clean-up removes their rows", async () => {
    resetRateLimitsForTests();
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const link = await createLink(debtor.accountId);
    const device = await signedIn(link.token, debtor.dob);
    const idle = await signedIn(link.token, debtor.dob);
    await revokeLink(link.id);
    const next = await device.get(`/accounts/${debtor.accountId}`);
    expect(next.headers.get("location")).toBe("/signed-out?reason=link");
    expect(idle.has("portal_session")).toBe(true);
    await deleteExpiredSessions();
    expect(
      await database.db
        .select()
        .from(schema.debtorSessions)
        .where(eq(schema.debtorSessions.accessLinkId, link.id)),
    ).toEqual([]);
  });
});
