import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import {
  findLinkByCode,
  findLinkByToken,
  hashLinkToken,
  linkStatus,
  mintAccessLink,
  revokeLink,
} from "../../app/models/access-links.server";
import { checkAnswer, MAX_FAILED_ATTEMPTS } from "../../app/models/link-verification.server";
import { handleAccessAction } from "../../app/models/debtor-access.server";
import { getAccountForDebtor, listAccountsForDebtor } from "../../app/models/accounts.server";
import {
  createDebtorSession,
  extendDebtorSession,
  invalidateDebtorSession,
  validateDebtorSessionToken,
} from "../../app/utils/session.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
let alex: typeof schema.accounts.$inferSelect;
let maria: typeof schema.accounts.$inferSelect;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  [alex] = await database.db
    .select()
    .from(schema.accounts)
    .where(eq(schema.accounts.reference, "BSD-100245"));
  [maria] = await database.db
    .select()
    .from(schema.accounts)
    .where(eq(schema.accounts.reference, "NRS-55012873"));
});
afterAll(() => database?.dispose());

async function freshLink(accountId = alex.id) {
  const minted = await mintAccessLink({ accountId, channel: "email" });
  const link = await findLinkByToken(minted.token);
  if (!link) throw new Error("link not found");
  return { minted, link };
}

describe("access links", () => {
  it("stores only a hash of the token and finds the link by token or typed code", async () => {
    const { minted, link } = await freshLink();
    expect(minted.token.length).toBeGreaterThanOrEqual(27); // 160 bits in base64url
    expect(link.tokenHash).toBe(hashLinkToken(minted.token));
    expect(link.tokenHash).not.toContain(minted.token);
    const typed = minted.code.toLowerCase().replace(/-/g, " ");
    expect((await findLinkByCode(typed))?.id).toBe(link.id);
    const last = minted.token.at(-1) === "A" ? "B" : "A";
    expect(await findLinkByToken(minted.token.slice(0, -1) + last)).toBeNull();
    expect(linkStatus(link)).toBe("usable");
  });

  it("expires after the creditor's link lifetime (30 days by default)", async () => {
    const { link } = await freshLink();
    const day29 = new Date(link.createdAt.getTime() + 29 * 86_400_000);
    const day31 = new Date(link.createdAt.getTime() + 31 * 86_400_000);
    expect(linkStatus(link, day29)).toBe("usable");
    expect(linkStatus(link, day31)).toBe("invalid");
  });

  it("a revoked link is unusable and answers nothing", async () => {
    const { minted, link } = await freshLink();
    await revokeLink(link.id);
    const revoked = await findLinkByToken(minted.token);
    expect(linkStatus(revoked)).toBe("invalid");
    expect(await checkAnswer(revoked!, "dob", "03/14/1985", "ip")).toEqual({ result: "unusable" });
  });
});

describe("identity check", () => {
  it("accepts the right fact in any common format and rejects malformed input without counting it", async () => {
    const { link } = await freshLink();
    expect(await checkAnswer(link, "dob", "", "ip")).toEqual({
      result: "invalid_input",
      error: "required",
    });
    expect(await checkAnswer(link, "dob", "14/03/1985", "ip")).toEqual({
      result: "invalid_input",
      error: "date",
    });
    expect(await checkAnswer(link, "dob", "1985-03-14", "ip")).toMatchObject({
      result: "verified",
      accountId: alex.id,
    });
    expect(await checkAnswer(link, "dob", "3/14/1985", "ip")).toMatchObject({ result: "verified" });
  });

  it("locks the link after five wrong answers, even for the right one, and unlocks after the period", async () => {
    const { link } = await freshLink();
    const now = new Date();
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      expect(await checkAnswer(link, "dob", "01/01/1990", "ip", now)).toEqual({
        result: "mismatch",
        attemptsLeft: MAX_FAILED_ATTEMPTS - i,
      });
    }
    expect(await checkAnswer(link, "dob", "01/01/1990", "ip", now)).toEqual({
      result: "locked",
      minutes: 30,
    });
    const locked = (
      await database.db.select().from(schema.accessLinks).where(eq(schema.accessLinks.id, link.id))
    )[0];
    expect(linkStatus(locked, now)).toBe("locked");
    expect(await checkAnswer(locked, "dob", "03/14/1985", "ip", now)).toMatchObject({
      result: "locked",
    });

    const later = new Date(now.getTime() + 31 * 60_000);
    expect(linkStatus(locked, later)).toBe("usable");
    // The first miss after the lock starts a new count of five.
    expect(await checkAnswer(locked, "dob", "01/01/1990", "ip", later)).toEqual({
      result: "mismatch",
      attemptsLeft: 4,
    });
    const audit = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, link.id));
    expect(audit.map((a) => a.action)).toContain("verification.locked");
    expect(JSON.stringify(audit)).not.toContain("01/01/1990");
  });

  it("checks the creditor's chosen fact: ZIP code for the agency", async () => {
    const { link } = await freshLink(maria.id);
    expect(await checkAnswer(link, "postal_code", "78701-1234", "ip")).toMatchObject({
      result: "verified",
    });
    expect(await checkAnswer(link, "postal_code", "78702", "ip")).toMatchObject({
      result: "mismatch",
    });
  });
});

describe("answers that can't be read (issue #18)", () => {
  async function failedAttempts(linkId: string) {
    const [row] = await database.db
      .select()
      .from(schema.accessLinks)
      .where(eq(schema.accessLinks.id, linkId));
    return row.failedAttempts;
  }

  it("never count as a try: only a well-formed wrong answer does", async () => {
    const { link } = await freshLink();
    const unreadable = ["3/14/85", "031485", "1121985", "02/30/1985", "12/31/2999", "soon", ""];
    // Twice as many as the lock allows, and still nothing counted or audited.
    for (const typed of [...unreadable, ...unreadable]) {
      expect((await checkAnswer(link, "dob", typed, "ip")).result, typed).toBe("invalid_input");
    }
    expect(await failedAttempts(link.id)).toBe(0);
    const failed = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, link.id));
    expect(failed.map((a) => a.action)).not.toContain("verification.failed");

    // Four wrong answers count, with unreadable ones between them that don't.
    for (let i = 1; i < MAX_FAILED_ATTEMPTS; i++) {
      expect(await checkAnswer(link, "dob", "01011990", "ip")).toEqual({
        result: "mismatch",
        attemptsLeft: MAX_FAILED_ATTEMPTS - i,
      });
      expect((await checkAnswer(link, "dob", "1/1/90", "ip")).result).toBe("invalid_input");
    }
    expect(await failedAttempts(link.id)).toBe(MAX_FAILED_ATTEMPTS - 1);
    // Digits only, as a phone's numeric keypad types it: in at the last try.
    expect(await checkAnswer(link, "dob", "03141985", "ip")).toMatchObject({
      result: "verified",
      accountId: alex.id,
    });
  });

  it("the way in asks again, keeps what was typed and names the problem, with no try used", async () => {
    const { link } = await freshLink();
    const post = (answer: string) => {
      const form = new FormData();
      form.set("intent", "verify");
      form.set("answer", answer);
      const request = new Request("http://localhost/l/x", { method: "POST" });
      return handleAccessAction(request, link, form, "192.0.2.18");
    };
    const cases = [
      ["3/14/85", "verify.error.dob.year"],
      ["1121985", "verify.error.dob.digits"],
      ["02/30/1985", "verify.error.dob.date"],
      ["March", "verify.error.format.dob"],
      [" ", "verify.error.required"],
    ] as const;
    for (const [typed, message] of cases) {
      expect(await post(typed)).toMatchObject({
        kind: "view",
        status: 400,
        view: { state: "verify", answer: typed, error: { message } },
      });
    }
    expect(await failedAttempts(link.id)).toBe(0);
    expect(await post("01/01/1990")).toMatchObject({
      view: { answer: "01/01/1990", error: { message: "verify.error.mismatch", attemptsLeft: 4 } },
    });
    expect(await post("03141985")).toMatchObject({ kind: "signed-in", accountId: alex.id });
  });

  it("reads a ZIP+4 without a dash and the whole account reference pasted", async () => {
    const { link } = await freshLink(maria.id);
    expect(await checkAnswer(link, "postal_code", " 787011234 ", "ip")).toMatchObject({
      result: "verified",
    });
    const { link: byReference } = await freshLink(maria.id);
    expect(await checkAnswer(byReference, "account_last4", "nrs-5501 2873", "ip")).toMatchObject({
      result: "verified",
    });
    expect(await checkAnswer(byReference, "account_last4", "73", "ip")).toEqual({
      result: "invalid_input",
      error: "format",
    });
  });
});

describe("debtor sessions", () => {
  it("validates id.secret, rejects a wrong secret, slides, and is revoked by deletion", async () => {
    const session = await createDebtorSession(alex.debtorId, null);
    const [id] = session.token.split(".");
    expect(await validateDebtorSessionToken(session.token)).toMatchObject({
      debtorId: alex.debtorId,
    });
    expect(await validateDebtorSessionToken(`${id}.wrongsecretwrongsecretwrongs`)).toBeNull();
    expect(await validateDebtorSessionToken("garbage")).toBeNull();

    const row = (await validateDebtorSessionToken(session.token))!;
    const inTenMinutes = new Date(Date.now() + 10 * 60_000);
    const slid = await validateDebtorSessionToken(session.token, inTenMinutes);
    expect(slid!.expiresAt.getTime()).toBeGreaterThan(row.expiresAt.getTime());
    const extended = await extendDebtorSession(slid!, inTenMinutes);
    expect(extended.getTime()).toBe(inTenMinutes.getTime() + 15 * 60_000);

    // 16 idle minutes after the last activity: gone.
    expect(
      await validateDebtorSessionToken(
        session.token,
        new Date(inTenMinutes.getTime() + 16 * 60_000),
      ),
    ).toBeNull();

    const other = await createDebtorSession(alex.debtorId, null);
    await invalidateDebtorSession(other.id);
    expect(await validateDebtorSessionToken(other.token)).toBeNull();
    const stored = await database.db.select().from(schema.debtorSessions);
    expect(JSON.stringify(stored)).not.toContain(other.token.split(".")[1]);
  });
});

describe("owner scoping", () => {
  it("a debtor reaches only their own accounts", async () => {
    expect(await getAccountForDebtor(alex.debtorId, alex.id)).not.toBeNull();
    expect(await getAccountForDebtor(alex.debtorId, maria.id)).toBeNull();
    expect(await getAccountForDebtor(alex.debtorId, "not-a-uuid")).toBeNull();
    const mine = await listAccountsForDebtor(alex.debtorId);
    expect(mine.map((a) => a.id)).toEqual([alex.id]);
  });
});
