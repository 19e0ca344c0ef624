// Locks that hold under concurrency, through the real server: answers sent at once never
// get more comparisons than the lock allows, and the right answer after the lock fails.
// Creditor sign-in: a stranger's failures slow the stranger (per email + address) and
// never the owner elsewhere, and an unknown email gets exactly the answers a known one gets.
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import {
  CookieClient,
  codeFor,
  createCreditor,
  createCreditorUser,
  createDebtorAccount,
  createLink,
} from "../support/auth-fixtures";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  // Client addresses come from X-Forwarded-For (one trusted hop), so a test can speak from
  // several; the in-memory per-address limits are raised so the database locks are what
  // is tested.
  server = await startHttpServer({ env: { TRUST_PROXY: "1", RATE_LIMIT_MULTIPLIER: "20" } });
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});
beforeEach(() => resetRateLimitsForTests());

let ipCounter = 10;
const freshIp = () => `198.51.100.${ipCounter++}`;
const from = (ip: string) => new CookieClient(server.url, { "x-forwarded-for": ip });

async function auditCount(targetId: string, actions: string[]) {
  const rows = await database.db
    .select({ action: schema.auditEvents.action })
    .from(schema.auditEvents)
    .where(
      and(eq(schema.auditEvents.targetId, targetId), inArray(schema.auditEvents.action, actions)),
    );
  return rows.length;
}

describe("the debtor's identity check", () => {
  it("ten wrong answers at once count five, and the right one afterwards is refused", async () => {
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const link = await createLink(debtor.accountId);
    const ip = freshIp();
    expect((await from(ip).post(`/l/${link.token}`, { intent: "continue" })).status).toBe(200);

    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        from(ip).post(`/l/${link.token}`, { intent: "verify", answer: `01/0${(i % 9) + 1}/1950` }),
      ),
    );
    expect(burst.every((r) => r.status === 400 || r.status === 429)).toBe(true);
    expect(await auditCount(link.id, ["verification.failed"])).toBe(5);
    const [row] = await database.db
      .select()
      .from(schema.accessLinks)
      .where(eq(schema.accessLinks.id, link.id));
    expect(row.failedAttempts).toBe(5);
    expect(row.lockedUntil).not.toBeNull();

    const device = from(ip);
    const right = await device.post(`/l/${link.token}`, { intent: "verify", answer: debtor.dob });
    expect(right.status).toBe(429);
    expect(device.has("portal_session")).toBe(false);
  });

  it("nine wrong answers and the right one at once: at most five are compared, and a lock keeps the right one out", async () => {
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const link = await createLink(debtor.accountId);
    const ip = freshIp();
    await from(ip).post(`/l/${link.token}`, { intent: "continue" });
    const devices = Array.from({ length: 10 }, () => from(ip));
    const answers = await Promise.all(
      devices.map((d, i) =>
        d.post(`/l/${link.token}`, {
          intent: "verify",
          answer: i === 9 ? debtor.dob : `02/0${i + 1}/1950`,
        }),
      ),
    );
    const compared = await auditCount(link.id, ["verification.failed", "verification.succeeded"]);
    expect(compared).toBeLessThanOrEqual(5);
    const signedIn = answers[9].status === 302;
    const [row] = await database.db
      .select()
      .from(schema.accessLinks)
      .where(eq(schema.accessLinks.id, link.id));
    if (!signedIn) {
      // The right answer was not among the five tries: the link is locked, and stays so.
      expect(row.lockedUntil).not.toBeNull();
      const again = from(ip);
      expect(
        (await again.post(`/l/${link.token}`, { intent: "verify", answer: debtor.dob })).status,
      ).toBe(429);
      expect(again.has("portal_session")).toBe(false);
    } else {
      expect(await auditCount(link.id, ["verification.succeeded"])).toBe(1);
    }
  });

  it("a typed code is limited the same way", async () => {
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const link = await createLink(debtor.accountId);
    const ip = freshIp();
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        from(ip).post("/code", {
          intent: "verify",
          code: link.code,
          answer: `03/0${(i % 9) + 1}/1950`,
        }),
      ),
    );
    expect(burst.every((r) => r.status === 400 || r.status === 429)).toBe(true);
    expect(await auditCount(link.id, ["verification.failed"])).toBe(5);
    const device = from(ip);
    expect(
      (await device.post("/code", { intent: "verify", code: link.code, answer: debtor.dob }))
        .status,
    ).toBe(429);
    expect(device.has("portal_session")).toBe(false);
  });
});

// Every password check is scrypt N=2^17 (about half a second on a busy 2-core machine):
// these tests make a dozen of them, so they get room.
describe("creditor sign-in", { timeout: 180_000 }, () => {
  it("ten wrong passwords at once from one address: at most five compared; that address is paused, the owner elsewhere signs in", async () => {
    const creditor = await createCreditor(database.db);
    const owner = await createCreditorUser(database.db, creditor.id);
    const attacker = freshIp();
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        from(attacker).post("/creditor/sign-in", {
          email: owner.email,
          password: `wrong guess number ${i}`,
        }),
      ),
    );
    expect(burst.every((r) => r.status === 400 || r.status === 429)).toBe(true);
    expect(await auditCount(owner.id, ["creditor.sign_in.password_failed"])).toBeLessThanOrEqual(5);
    // The right password from the attacker's address waits out the pause…
    const stranger = from(attacker);
    expect(
      (await stranger.post("/creditor/sign-in", { email: owner.email, password: owner.password }))
        .status,
    ).toBe(429);
    expect(stranger.has("creditor_session")).toBe(false);
    // …while the owner, from another address, goes straight on to the second step.
    const ownerDevice = from(freshIp());
    const signIn = await ownerDevice.post("/creditor/sign-in", {
      email: owner.email,
      password: owner.password,
    });
    expect(signIn.status).toBe(302);
    expect(signIn.headers.get("location")).toBe("/creditor/two-factor");
    const code = await ownerDevice.post("/creditor/two-factor", { code: codeFor(owner) });
    expect(code.status).toBe(302);
    expect(code.headers.get("location")).toBe("/creditor");
  });

  it("ten wrong codes at once on the second step count five, and the right code afterwards is refused", async () => {
    const creditor = await createCreditor(database.db);
    const owner = await createCreditorUser(database.db, creditor.id);
    const device = from(freshIp());
    expect(
      (await device.post("/creditor/sign-in", { email: owner.email, password: owner.password }))
        .status,
    ).toBe(302);
    const right = codeFor(owner);
    const wrong = (i: number) =>
      String((Number(right) + 1 + i * 7919) % 1_000_000).padStart(6, "0");
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => device.post("/creditor/two-factor", { code: wrong(i) })),
    );
    expect(burst.every((r) => r.status === 400 || r.status === 429 || r.status === 302)).toBe(true);
    expect(await auditCount(owner.id, ["creditor.sign_in.code_failed"])).toBe(5);
    // Paused: a new password step is refused for the second step's pause, whoever asks.
    const after = from(freshIp());
    const again = await after.post("/creditor/sign-in", {
      email: owner.email,
      password: owner.password,
    });
    expect(again.status).toBe(429);
    expect(after.has("creditor_session")).toBe(false);
  });

  it("an unknown email gets exactly the answers a known one gets: text, status, and pause", async () => {
    const creditor = await createCreditor(database.db);
    const owner = await createCreditorUser(database.db, creditor.id);
    const unknown = `nobody-${owner.email}`;
    const run = async (email: string) => {
      const ip = freshIp();
      const answers: string[] = [];
      for (let i = 0; i < 7; i++) {
        const res = await from(ip).post("/creditor/sign-in", {
          email,
          password: `not the password ${i}`,
        });
        const body = (await res.text())
          .replaceAll(email, "EMAIL")
          .replace(/nonce="[^"]*"/g, 'nonce=""')
          .replace(/"nonce":"[^"]*"/g, "");
        answers.push(`${res.status} ${body}`);
      }
      return answers;
    };
    const known = await run(owner.email);
    const stranger = await run(unknown);
    expect(known.map((a) => a.slice(0, 3))).toEqual([
      "400",
      "400",
      "400",
      "400",
      "429",
      "429",
      "429",
    ]);
    expect(stranger).toEqual(known);
  });

  it("an unknown email takes as long to refuse as a wrong password", async () => {
    const creditor = await createCreditor(database.db);
    const owner = await createCreditorUser(database.db, creditor.id);
    const time = async (email: string) => {
      const started = performance.now();
      const res = await from(freshIp()).post("/creditor/sign-in", {
        email,
        password: "not the password at all",
      });
      expect(res.status).toBe(400);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time(owner.email));
      unknown.push(await time(`nobody-${i}-${owner.email}`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe("creditor passwords at rest", { timeout: 180_000 }, () => {
  it("a hash made with the old scrypt parameters (N=2^15) is rehashed with N=2^17 at the next successful sign-in", async () => {
    const { randomBytes, scryptSync } = await import("node:crypto");
    const password = "amber window river lantern";
    const salt = randomBytes(16);
    const legacy = `scrypt$${2 ** 15}$8$1$${salt.toString("base64")}$${scryptSync(password, salt, 64, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }).toString("base64")}`;
    const creditor = await createCreditor(database.db);
    const user = await createCreditorUser(database.db, creditor.id, {
      password,
      passwordHash: legacy,
    });
    // A wrong password changes nothing.
    expect(
      (
        await from(freshIp()).post("/creditor/sign-in", {
          email: user.email,
          password: "not it at all, sorry",
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await database.db
          .select()
          .from(schema.creditorUsers)
          .where(eq(schema.creditorUsers.id, user.id))
      )[0].passwordHash,
    ).toBe(legacy);
    const res = await from(freshIp()).post("/creditor/sign-in", { email: user.email, password });
    expect(res.status).toBe(302);
    const [row] = await database.db
      .select()
      .from(schema.creditorUsers)
      .where(eq(schema.creditorUsers.id, user.id));
    expect(row.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await auditCount(user.id, ["creditor.password_rehashed"])).toBe(1);
    // And the new hash works.
    expect(
      (await from(freshIp()).post("/creditor/sign-in", { email: user.email, password })).status,
    ).toBe(302);
  });
});
