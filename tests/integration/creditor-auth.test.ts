// Creditor sign-in end to end on a real database: password, TOTP (replay refused),
// recovery codes, enrolment after an invitation, lock-out, roles, removing access.
import { generateHOTP } from "@oslojs/otp";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import {
  DEMO_CREDITOR_PASSWORD,
  DEMO_TOTP_KEY_BASE32,
  seedDemoCreditorUsers,
} from "../../app/demo/seed-creditors.server";
import {
  acceptInvite,
  CODE_MISMATCH,
  enrolTotp,
  findInvite,
  inviteUser,
  listTeam,
  MAX_FAILED_SIGN_INS,
  removeUser,
  SIGN_IN_MISMATCH,
  signInWithPassword,
  verifySecondFactor,
} from "../../app/models/creditor-auth.server";
import {
  decodeTotpKey,
  encodeTotpKey,
  newTotpKey,
  totpStep,
} from "../../app/models/creditor-credentials.server";
import {
  getCreditorSession,
  requireCreditorOwner,
  requireCreditorUser,
  validateCreditorSessionToken,
} from "../../app/utils/creditor-session.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
const demoKey = decodeTotpKey(DEMO_TOTP_KEY_BASE32)!;
let clock = Date.UTC(2030, 0, 1, 12, 0, 0);
/** A fresh time step for every sign-in: the same code is never accepted twice. */
function nextNow() {
  clock += 31_000;
  return new Date(clock);
}
const codeAt = (key: Uint8Array, now: Date) =>
  generateHOTP(key, BigInt(totpStep(now.getTime())), 6);

function requestWith(setCookie: string, path = "/creditor") {
  const pair = setCookie.split(";")[0];
  return new Request(`http://localhost${path}`, { headers: { cookie: pair } });
}

async function thrown(promise: Promise<unknown>): Promise<Response> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

async function passwordStep(email: string, now: Date, password = DEMO_CREDITOR_PASSWORD) {
  const outcome = await signInWithPassword({ email, password, ip: "203.0.113.1", now });
  if (outcome.kind !== "second-factor") throw new Error(`password step: ${outcome.kind}`);
  const pending = await getCreditorSession(requestWith(outcome.setCookie));
  if (!pending) throw new Error("no pending session");
  return { outcome, pending };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  await seedDemoCreditorUsers(database.db);
  await seedDemoCreditorUsers(database.db); // idempotent
});
afterAll(() => database?.dispose());
beforeEach(() => resetRateLimitsForTests());

describe("sign-in with a second factor", () => {
  it("seeds the demo logins once, with scrypt hashes and encrypted TOTP keys", async () => {
    const users = await database.db.select().from(schema.creditorUsers);
    expect(users.map((u) => u.email).sort()).toEqual([
      "new@brightside-dental.example",
      "owner@brightside-dental.example",
      "owner@northbridge-recovery.example",
      "staff@brightside-dental.example",
      "staff@northbridge-recovery.example",
    ]);
    for (const u of users) {
      expect(u.passwordHash).toMatch(/^scrypt\$/);
      expect(u.totpSecret ?? "").not.toContain(DEMO_TOTP_KEY_BASE32);
    }
  });

  it("password, then a TOTP code: a full session under a new id; the code works once", async () => {
    const now = nextNow();
    const { outcome, pending } = await passwordStep("Owner@Brightside-Dental.example ", now);
    expect(outcome.enrolled).toBe(true);
    expect(pending.session.secondFactorAt).toBeNull();
    // A pending session opens nothing but the code page.
    const redirect = await thrown(requireCreditorUser(requestWith(outcome.setCookie)));
    expect(redirect.headers.get("location")).toBe("/creditor/two-factor");

    const code = codeAt(demoKey, now);
    expect(
      await verifySecondFactor(
        pending,
        "000000" === code ? "111111" : "000000",
        "203.0.113.1",
        now,
      ),
    ).toEqual({ kind: "error", message: CODE_MISMATCH });
    const signedIn = await verifySecondFactor(pending, code, "203.0.113.1", now);
    expect(signedIn.kind).toBe("signed-in");
    if (signedIn.kind !== "signed-in") return;
    const full = await requireCreditorUser(requestWith(signedIn.setCookie));
    expect(full.user.email).toBe("owner@brightside-dental.example");
    expect(full.session.id).not.toBe(pending.session.id);
    expect(await getCreditorSession(requestWith(outcome.setCookie))).toBeNull();
    const [user] = await database.db
      .select()
      .from(schema.creditorUsers)
      .where(eq(schema.creditorUsers.id, full.user.id));
    expect(user.failedSignIns).toBe(0);
    expect(user.lastSignInAt).not.toBeNull();

    // The same code again, in a second sign-in within the same 30 seconds: refused.
    const again = await passwordStep("owner@brightside-dental.example", now);
    expect(await verifySecondFactor(again.pending, code, "203.0.113.1", now)).toMatchObject({
      kind: "error",
    });
    const events = await database.db
      .select({ action: schema.auditEvents.action })
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.targetId, full.user.id));
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(["creditor.signed_in", "creditor.sign_in.code_failed"]),
    );
  });

  it("a wrong password and an unknown email get the same answer", async () => {
    const now = nextNow();
    const wrong = await signInWithPassword({
      email: "staff@northbridge-recovery.example",
      password: "not the password",
      ip: "203.0.113.2",
      now,
    });
    const unknown = await signInWithPassword({
      email: "nobody@example.com",
      password: "not the password",
      ip: "203.0.113.2",
      now,
    });
    expect(wrong).toEqual({ kind: "error", message: SIGN_IN_MISMATCH });
    expect(unknown).toEqual(wrong);
  });

  it("five failures from one address pause that address, even for the right password; the owner elsewhere is not paused; the pause runs out", async () => {
    const email = "staff@northbridge-recovery.example";
    await database.db
      .update(schema.creditorUsers)
      .set({ failedSignIns: 0, lockedUntil: null })
      .where(sql`lower(email) = ${email}`);
    const now = nextNow();
    const results = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      results.push(
        (await signInWithPassword({ email, password: `wrong ${i}`, ip: "198.51.100.1", now })).kind,
      );
    }
    expect(results).toEqual(["error", "error", "error", "error", "paused"]);
    expect(
      (
        await signInWithPassword({
          email,
          password: DEMO_CREDITOR_PASSWORD,
          ip: "198.51.100.1",
          now,
        })
      ).kind,
    ).toBe("paused");
    // Another address (the owner at work) is not held back by a stranger's failures.
    expect(
      (
        await signInWithPassword({
          email,
          password: DEMO_CREDITOR_PASSWORD,
          ip: "198.51.100.9",
          now,
        })
      ).kind,
    ).toBe("second-factor");
    // The first pause is a minute: after it the same address may try again.
    const later = new Date(now.getTime() + 2 * 60_000);
    clock = later.getTime();
    expect(
      (
        await signInWithPassword({
          email,
          password: DEMO_CREDITOR_PASSWORD,
          ip: "198.51.100.1",
          now: later,
        })
      ).kind,
    ).toBe("second-factor");
  });

  it("wrong codes count too, and the pause ends the pending session", async () => {
    const email = "owner@northbridge-recovery.example";
    const now = nextNow();
    const { pending, outcome } = await passwordStep(email, now);
    const kinds = [];
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
      kinds.push((await verifySecondFactor(pending, "999999", "198.51.100.20", now)).kind);
    expect(kinds).toEqual(["error", "error", "error", "error", "paused"]);
    expect(await getCreditorSession(requestWith(outcome.setCookie))).toBeNull();
    await database.db
      .update(schema.creditorUsers)
      .set({ failedSignIns: 0, lockedUntil: null })
      .where(sql`lower(email) = ${email}`);
  });

  it("a user without a second factor must set it up: enrolment checks a code, then gives 10 one-time recovery codes", async () => {
    const now = nextNow();
    const { outcome, pending } = await passwordStep("new@brightside-dental.example", now);
    expect(outcome.enrolled).toBe(false);
    const redirect = await thrown(requireCreditorUser(requestWith(outcome.setCookie)));
    expect(redirect.headers.get("location")).toBe("/creditor/two-factor/setup");
    const key = newTotpKey();
    expect((await enrolTotp(pending, encodeTotpKey(key), "123", "203.0.113.3", now)).kind).toBe(
      "error",
    );
    const enrolled = await enrolTotp(
      pending,
      encodeTotpKey(key),
      codeAt(key, now),
      "203.0.113.3",
      now,
    );
    expect(enrolled.kind).toBe("enrolled");
    if (enrolled.kind !== "enrolled") return;
    expect(enrolled.recoveryCodes).toHaveLength(10);
    const signedIn = await requireCreditorUser(requestWith(enrolled.setCookie));
    expect(signedIn.user.totpEnabledAt).not.toBeNull();

    // Next time: a recovery code instead of the app, once only.
    const later = nextNow();
    const step2 = await passwordStep("new@brightside-dental.example", later);
    const recovery = enrolled.recoveryCodes[3].toLowerCase();
    const used = await verifySecondFactor(step2.pending, recovery, "203.0.113.3", later);
    expect(used).toMatchObject({ kind: "signed-in", recoveryCodesLeft: 9 });
    const step3 = await passwordStep("new@brightside-dental.example", nextNow());
    expect(
      (await verifySecondFactor(step3.pending, recovery, "203.0.113.3", new Date(clock))).kind,
    ).toBe("error");
  });

  it("an invitation sets a password once, then leads to enrolment", async () => {
    const [owner] = await database.db
      .select()
      .from(schema.creditorUsers)
      .where(sql`lower(email) = 'owner@brightside-dental.example'`);
    const bad = await inviteUser({
      creditorId: owner.creditorId,
      actorId: owner.id,
      email: "owner@northbridge-recovery.example",
      name: "X",
      role: "staff",
      ip: "203.0.113.4",
    });
    expect(bad).toEqual({
      ok: false,
      errors: { email: expect.stringContaining("already has access") },
    });
    const invited = await inviteUser({
      creditorId: owner.creditorId,
      actorId: owner.id,
      email: "Casey@Example.com",
      name: "Casey Tran",
      role: "staff",
      ip: "203.0.113.4",
    });
    expect(invited.ok).toBe(true);
    if (!invited.ok) return;
    expect(await findInvite(invited.token)).toMatchObject({
      email: "casey@example.com",
      creditorName: "Brightside Dental",
    });
    // Not signable before the invitation is accepted.
    expect(
      (await signInWithPassword({ email: "casey@example.com", password: "!", ip: "203.0.113.4" }))
        .kind,
    ).toBe("error");
    expect(
      await acceptInvite({
        token: invited.token,
        password: "short",
        confirm: "short",
        ip: "203.0.113.4",
      }),
    ).toMatchObject({ ok: false, errors: { password: expect.any(String) } });
    expect(
      await acceptInvite({
        token: invited.token,
        password: "purple otter window lamp",
        confirm: "purple otter window lamb",
        ip: "203.0.113.4",
      }),
    ).toMatchObject({ ok: false, errors: { confirm: expect.any(String) } });
    const accepted = await acceptInvite({
      token: invited.token,
      password: "purple otter window lamp",
      confirm: "purple otter window lamp",
      ip: "203.0.113.4",
    });
    expect(accepted.ok).toBe(true);
    expect(
      await acceptInvite({
        token: invited.token,
        password: "purple otter window lamp",
        confirm: "purple otter window lamp",
        ip: "203.0.113.4",
      }),
    ).toEqual({ ok: false, invalid: true });
    const { outcome } = await passwordStep(
      "casey@example.com",
      nextNow(),
      "purple otter window lamp",
    );
    expect(outcome.enrolled).toBe(false);
    const team = await listTeam(owner.creditorId);
    expect(team.find((m) => m.email === "casey@example.com")).toMatchObject({
      role: "staff",
      state: "setup_pending",
    });
  });

  it("staff cannot reach owner pages; the last owner cannot be removed; removing ends sessions", async () => {
    const now = nextNow();
    const { pending } = await passwordStep("staff@brightside-dental.example", now);
    const signedIn = await verifySecondFactor(pending, codeAt(demoKey, now), "203.0.113.5", now);
    if (signedIn.kind !== "signed-in") throw new Error("staff sign-in");
    const forbidden = await thrown(requireCreditorOwner(requestWith(signedIn.setCookie)));
    expect(forbidden.status).toBe(403);
    const staff = await requireCreditorUser(requestWith(signedIn.setCookie));

    const [owner] = await database.db
      .select()
      .from(schema.creditorUsers)
      .where(sql`lower(email) = 'owner@brightside-dental.example'`);
    const [otherOwner] = await database.db
      .select()
      .from(schema.creditorUsers)
      .where(sql`lower(email) = 'owner@northbridge-recovery.example'`);
    expect(
      await removeUser({
        creditorId: owner.creditorId,
        actorId: owner.id,
        userId: owner.id,
        ip: "x",
      }),
    ).toMatchObject({ ok: false });
    // Another creditor's user is "not found".
    expect(
      await removeUser({
        creditorId: owner.creditorId,
        actorId: owner.id,
        userId: otherOwner.id,
        ip: "x",
      }),
    ).toBeNull();
    expect(
      await removeUser({
        creditorId: owner.creditorId,
        actorId: owner.id,
        userId: staff.user.id,
        ip: "x",
      }),
    ).toEqual({ ok: true });
    expect(
      await validateCreditorSessionToken(signedIn.setCookie.split(";")[0].split("=")[1]),
    ).toBeNull();
    expect(
      (
        await signInWithPassword({
          email: "staff@brightside-dental.example",
          password: DEMO_CREDITOR_PASSWORD,
          ip: "203.0.113.5",
        })
      ).kind,
    ).toBe("error");
    const [removed] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(
          eq(schema.auditEvents.action, "creditor.user_removed"),
          eq(schema.auditEvents.targetId, staff.user.id),
        ),
      );
    expect(removed.actorId).toBe(owner.id);

    // Invited again (a lost phone, say): a fresh password and a fresh second factor.
    const again = await inviteUser({
      creditorId: owner.creditorId,
      actorId: owner.id,
      email: "staff@brightside-dental.example",
      name: "Sam Ortiz",
      role: "staff",
      ip: "x",
    });
    expect(again).toMatchObject({ ok: true, userId: staff.user.id });
    if (!again.ok) return;
    expect(
      await acceptInvite({
        token: again.token,
        password: "amber meadow silent river",
        confirm: "amber meadow silent river",
        ip: "x",
      }),
    ).toMatchObject({ ok: true });
    const { outcome } = await passwordStep(
      "staff@brightside-dental.example",
      nextNow(),
      "amber meadow silent river",
    );
    expect(outcome.enrolled).toBe(false);
  });
});
