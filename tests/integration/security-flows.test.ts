// Whole flows through the real route modules (quality.md, "Security"): brute-force limits
// (429 with Retry-After, the lock after five wrong answers, the creditor pause), tampered
// plan forms refused by the route with nothing written, and a scan of everything the app
// logged while a debtor opened a link, confirmed who they are, paid through the Stripe
// emulator and a creditor signed in: no token, code, answer, session id, password, TOTP
// key, email, phone, name or Stripe secret.
import { generateHOTP } from "@oslojs/otp";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../db/seed";
import { DEMO_CREDITOR_PASSWORD, DEMO_TOTP_KEY_BASE32 } from "../../db/seed-creditors";
import { todayIn } from "../../app/lib/calendar-date";
import { choiceToFields } from "../../app/lib/forms/plan";
import type { PlanChoice } from "../../app/lib/forms/plan";
import { evaluateChoice } from "../../app/lib/plan-builder";
import { mintAccessLink } from "../../app/models/access-links.server";
import { decodeTotpKey, totpStep } from "../../app/models/creditor-credentials.server";
import { getPlanBuilder, reviewFor } from "../../app/models/plans.server";
import { processOutbox, transportsFromEnv } from "../../app/services/outbox-worker.server";
import { resetEnvForTests, getEnv } from "../../app/utils/env.server";
import { LIMITS, resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startPaymentsKit, type PaymentsKit } from "../support/payments";
import { changedTables, digest, loadRoutes, request, run, type RouteFile } from "../support/security";

type Account = typeof schema.accounts.$inferSelect;
type Debtor = typeof schema.debtors.$inferSelect;

let database: TestDatabase;
let kit: PaymentsKit;
let routes: RouteFile[];
let alex: Account;
let maria: Account;
let jordan: Account;

const route = (name: string) => {
  const found = routes.find((r) => r.name === name);
  if (!found) throw new Error(`no route ${name}`);
  return found.module;
};
const byRef = async (reference: string) => (await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference)))[0];
const cookieOf = (setCookie: string | null) => (setCookie ?? "").split(";")[0];
const limit = (name: keyof typeof LIMITS) => Math.max(1, Math.floor(LIMITS[name].max * getEnv().RATE_LIMIT_MULTIPLIER));

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  kit = await startPaymentsKit();
  routes = await loadRoutes();
  [alex, maria, jordan] = await Promise.all(["BSD-100245", "NRS-55012873", "BSD-100311"].map(byRef));
}, 120_000);
afterAll(async () => {
  await kit?.stop();
  await database?.dispose();
});
beforeEach(() => resetRateLimitsForTests());

async function openLink(token: string, answer: string, ip = "198.51.100.7") {
  const l = route("l.$token");
  const params = { token };
  await run(l.loader!, request("GET", `/l/${token}`), params, ip);
  await run(l.action!, request("POST", `/l/${token}`, { body: "intent=continue" }), params, ip);
  return run(l.action!, request("POST", `/l/${token}`, { body: String(new URLSearchParams({ intent: "verify", answer })) }), params, ip);
}

describe("brute force", () => {
  it("opening links: the limit per address answers 429 with Retry-After; another address is not affected", async () => {
    const { token } = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const loader = route("l.$token").loader!;
    const open = (ip: string) => run(loader, request("GET", `/l/${token}`), { token }, ip);
    for (let i = 0; i < limit("linkOpen"); i++) expect((await open("203.0.113.9")).status).toBe(200);
    const blocked = await open("203.0.113.9");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await open("203.0.113.10")).status).toBe(200);
  });

  it("five wrong answers lock the link: then even the right answer gets 429 and no session", async () => {
    const { token } = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const verify = (answer: string) => run(route("l.$token").action!, request("POST", `/l/${token}`, { body: String(new URLSearchParams({ intent: "verify", answer })) }), { token });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await verify("01/01/1990")).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const right = await verify("03/14/1985");
    expect(right.status).toBe(429);
    expect(right.headers.get("set-cookie")).toBeNull();
    // A fresh link still works: the lock is on the link, and the answer is right.
    const fresh = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const ok = await run(route("l.$token").action!, request("POST", `/l/${fresh.token}`, { body: "intent=verify&answer=03%2F14%2F1985" }), { token: fresh.token });
    expect(ok.status).toBe(302);
  });

  it("typed codes: the limit per address answers 429 with Retry-After", async () => {
    const action = route("code").action!;
    const statuses: number[] = [];
    for (let i = 0; i <= limit("codeEntry"); i++) {
      statuses.push((await run(action, request("POST", "/code", { body: `intent=code&code=ZZZZ-ZZZZ-${String(i).padStart(2, "Z")}` }), {}, "203.0.113.20")).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("creditor sign-in: five wrong passwords pause the user (429 with a message), even for the right password", async () => {
    const action = route("creditor_.sign-in").action!;
    const signIn = (password: string) =>
      run(action, request("POST", "/creditor/sign-in", { body: String(new URLSearchParams({ email: "staff@northbridge-recovery.example", password })) }), {}, "203.0.113.30");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(`wrong ${i}`)).status);
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses[4]).toBe(429);
    const right = await signIn(DEMO_CREDITOR_PASSWORD);
    expect(right.status).toBe(429);
    expect(right.body).toMatch(/[a-z]{3,}/i);
    expect(right.headers.get("set-cookie")).toBeNull();
  });
});

describe("tampered plan forms at the route", () => {
  it("a changed count, amount, account id or text version is refused with 400 and nothing written; the real form is accepted", async () => {
    const session = await openLink((await mintAccessLink({ accountId: maria.id, channel: "email" })).token, "78701");
    expect(session.status).toBe(302);
    const cookie = cookieOf(session.headers.get("set-cookie"));
    const builder = (await getPlanBuilder(maria.debtorId, maria.id))!;
    const choice: PlanChoice = { kind: "installments", frequency: "monthly", count: 6, startDate: todayIn("America/Chicago", new Date()) };
    const result = evaluateChoice(builder.ctx, choice);
    if (!result.ok) throw new Error("the demo policy allows 6 monthly payments");
    const review = reviewFor(builder, result.plan, "en");
    const form = { ...choiceToFields(choice), accountId: maria.id, scheduleDigest: review.digest, textVersion: review.version, authorize: "on" };
    const action = route("accounts.$accountId.pay_.review").action!;
    const post = (fields: Record<string, string>) =>
      run(action, request("POST", `/accounts/${maria.id}/pay/review`, { cookie, body: String(new URLSearchParams(fields)) }), { accountId: maria.id });

    const before = await digest(database.db);
    const tampered = [
      { ...form, count: "99" }, // outside the policy
      { ...form, count: "7" }, // not the schedule reviewed
      { ...form, scheduleDigest: "0".repeat(64) }, // another amount
      { ...form, accountId: alex.id }, // another account's id
      { ...form, accountId: "not-a-uuid" },
      { ...form, kind: "settlement" }, // a settlement was never reviewed
      { ...form, textVersion: "plan-auth-0" }, // an old authorization text
    ];
    for (const fields of tampered) {
      const outcome = await post(fields);
      expect(outcome.status, JSON.stringify(fields)).toBe(400);
      expect(outcome.body).toMatch(/plans\.error\./);
    }
    // Without the tick: 400, and the page asks for it.
    const { authorize: _tick, ...unticked } = form;
    expect((await post(unticked)).body).toContain("plans.error.authorize");
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const accepted = await post(form);
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(`/accounts/${maria.id}/plan?done=authorized`);
    const plans = await database.db.select().from(schema.plans).where(eq(schema.plans.accountId, maria.id));
    expect(plans.map((p) => p.installmentCount)).toEqual([6]);
  });
});

describe("logs", () => {
  it("a whole debtor and creditor journey logs no token, code, answer, session id, password, TOTP key, email, phone, name or Stripe secret", async () => {
    Object.assign(process.env, { LOG_LEVEL: "debug" });
    resetEnvForTests();
    const lines: string[] = [];
    const capture = (chunk: unknown) => {
      lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      return true;
    };
    const out = vi.spyOn(process.stdout, "write").mockImplementation(capture);
    const err = vi.spyOn(process.stderr, "write").mockImplementation(capture);
    const secrets: string[] = [DEMO_CREDITOR_PASSWORD, DEMO_TOTP_KEY_BASE32, "sk_test_emulator", "whsec_test_kit"];
    // Messages wait out the debtor's quiet hours: run the journey at the next 19:00 UTC
    // (daytime from Hawaii to Maine, and only ever ahead of the database's clock) so they go out.
    vi.useFakeTimers({ toFake: ["Date"], now: nextUtcHour(19), shouldAdvanceTime: true });
    try {
      // Debtor: a link, a wrong answer, the right one (Jordan is on hold: Alex pays).
      const minted = await mintAccessLink({ accountId: alex.id, channel: "email" });
      secrets.push(minted.token, minted.code, minted.code.replace(/-/g, ""), "03/14/1985", "1985-03-14", "01/01/1990");
      await openLink(minted.token, "01/01/1990");
      const signedIn = await openLink(minted.token, "03/14/1985");
      expect(signedIn.status).toBe(302);
      const debtorToken = decodeURIComponent(cookieOf(signedIn.headers.get("set-cookie")).split("=")[1]);
      secrets.push(debtorToken, ...debtorToken.split("."));
      const cookie = cookieOf(signedIn.headers.get("set-cookie"));

      // The typed code, and "send me a new link" (queued with a new token), then delivered.
      await run(route("code").action!, request("POST", "/code", { body: String(new URLSearchParams({ intent: "code", code: minted.code })) }));
      await run(route("l.$token").action!, request("POST", `/l/${minted.token}`, { body: "intent=resend" }), { token: minted.token });
      await processOutbox({ transports: transportsFromEnv() });
      const queued = await database.db.select().from(schema.outboxMessages);
      for (const m of queued) for (const v of Object.values((m.payload ?? {}) as Record<string, string>)) if (typeof v === "string" && v.length >= 8) secrets.push(v);

      // Pay in full through the emulator's hosted page.
      const builder = (await getPlanBuilder(alex.debtorId, alex.id))!;
      const choice: PlanChoice = { kind: "full" };
      const evaluated = evaluateChoice(builder.ctx, choice);
      if (!evaluated.ok) throw new Error("pay in full is allowed");
      const review = reviewFor(builder, evaluated.plan, "en");
      const authorized = await run(
        route("accounts.$accountId.pay_.review").action!,
        request("POST", `/accounts/${alex.id}/pay/review`, { cookie, body: String(new URLSearchParams({ ...choiceToFields(choice), accountId: alex.id, scheduleDigest: review.digest, textVersion: review.version, authorize: "on" })) }),
        { accountId: alex.id },
      );
      expect(authorized.status).toBe(302);
      const checkout = await run(route("accounts.$accountId.checkout").action!, request("POST", `/accounts/${alex.id}/checkout`, { cookie, body: "" }), { accountId: alex.id });
      expect(checkout.status).toBe(303);
      const checkoutId = (checkout.headers.get("location") ?? "").split("/").pop()!;
      expect(kit.emulator.controls.completeCheckoutSession(checkoutId, { card: "4242424242424242" }).outcome).toBe("completed");
      await kit.emulator.controls.waitForWebhooks();
      const [payment] = await database.db.select().from(schema.payments).where(eq(schema.payments.accountId, alex.id));
      expect(payment?.status).toBe("succeeded");
      await run(route("accounts.$accountId.receipts_.$paymentId").loader!, request("GET", `/accounts/${alex.id}/receipts/${payment.id}`, { cookie }), { accountId: alex.id, paymentId: payment.id });
      await processOutbox({ transports: transportsFromEnv() });
      // A forged webhook is logged as refused, with nothing of the body.
      await run(route("webhooks.stripe").action!, request("POST", "/webhooks/stripe", { body: '{"email":"alex.rivera@example.com"}', headers: { "stripe-signature": "t=1,v1=00" } }));

      // Creditor: a wrong password, then password + TOTP, a page, an invitation.
      const signIn = route("creditor_.sign-in").action!;
      await run(signIn, request("POST", "/creditor/sign-in", { body: String(new URLSearchParams({ email: "owner@brightside-dental.example", password: "wrong password" })) }));
      const pending = await run(signIn, request("POST", "/creditor/sign-in", { body: String(new URLSearchParams({ email: "owner@brightside-dental.example", password: DEMO_CREDITOR_PASSWORD })) }));
      expect(pending.status).toBe(302);
      const code = generateHOTP(decodeTotpKey(DEMO_TOTP_KEY_BASE32)!, BigInt(totpStep(Date.now())), 6);
      const full = await run(route("creditor_.two-factor").action!, request("POST", "/creditor/two-factor", { cookie: cookieOf(pending.headers.get("set-cookie")), body: `code=${code}` }));
      expect(full.status).toBe(302);
      const creditorToken = decodeURIComponent(cookieOf(full.headers.get("set-cookie")).split("=")[1]);
      secrets.push(creditorToken, ...creditorToken.split("."), decodeURIComponent(cookieOf(pending.headers.get("set-cookie")).split("=")[1]));
      const creditorCookie = cookieOf(full.headers.get("set-cookie"));
      await run(route("creditor.accounts.$accountId").loader!, request("GET", `/creditor/accounts/${alex.id}`, { cookie: creditorCookie }), { accountId: alex.id });
      const invited = await run(route("creditor.users").action!, request("POST", "/creditor/users", { cookie: creditorCookie, body: String(new URLSearchParams({ intent: "invite", email: "new.hire@brightside-dental.example", name: "Nia Hire", role: "staff" })) }));
      expect(invited.status).toBe(200);
      const inviteToken = /\/creditor\/invite\/([\w-]+)/.exec(invited.body)?.[1];
      expect(inviteToken).toBeTruthy();
      secrets.push(inviteToken!, "new.hire@brightside-dental.example", "Nia Hire");
      await run(route("creditor_.invite.$token").action!, request("POST", `/creditor/invite/${inviteToken}`, { body: "password=short&confirm=short" }), { token: inviteToken! });
      await run(route("creditor.accounts.$accountId").action!, request("POST", `/creditor/accounts/${jordan.id}`, { cookie: creditorCookie, body: "intent=send&channel=email" }), { accountId: jordan.id });
      await processOutbox({ transports: transportsFromEnv() });
    } finally {
      vi.useRealTimers();
      out.mockRestore();
      err.mockRestore();
      delete process.env.LOG_LEVEL;
      resetEnvForTests();
    }

    // Personal data of every debtor and creditor user in the database.
    const debtors: Debtor[] = await database.db.select().from(schema.debtors);
    for (const d of debtors) secrets.push(d.fullName, d.email ?? "", d.phone ?? "", d.phone?.slice(2) ?? "", d.addressLine1 ?? "", d.postalCode ?? "");
    for (const u of await database.db.select().from(schema.creditorUsers)) secrets.push(u.email, u.name);
    const demo = await database.db.select().from(schema.demoAccess);
    for (const row of demo) secrets.push(row.token, row.code, row.answer);
    const links = await database.db.select().from(schema.accessLinks);
    for (const link of links) secrets.push(link.tokenHash); // even the hash is not a log field

    const text = lines.join("");
    // The journey was logged (otherwise the scan proves nothing): messages sent, the refused webhook.
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const msg of ["outbox.enqueued", "outbox.sent"]) expect(text).toContain(`"msg":"${msg}"`);
    const leaks = [...new Set(secrets.filter((s) => s && s.length >= 5))].filter((s) => text.toLowerCase().includes(s.toLowerCase()));
    expect(leaks).toEqual([]);
  }, 120_000);
});

function nextUtcHour(hour: number): Date {
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (now.getUTCHours() === hour) return now;
  return at < now ? new Date(at.getTime() + 86_400_000) : at;
}
