// Whole flows through the real server (quality.md, "Security"; the production build behind
// the Express pipeline, over HTTP): brute-force limits (429 with Retry-After, the lock after
// five wrong answers, the creditor pause), tampered plan forms refused with nothing
// written, invitations that open with a neutral page and change nothing on GET, and a scan
// of everything the process logged (the request logger included) while a debtor opened a
// link, confirmed who they are, paid through the Stripe emulator, unsubscribed, and a
// creditor signed in, enrolled a second factor, imported a malformed CSV and invited a
// user: no token of any kind (link, typed code, invitation, unsubscribe, session), TOTP
// key, Stripe secret, verification answer, redirect value, CSV cell, email, phone or name.
import { generateHOTP } from "@oslojs/otp";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as schema from "../../db/schema";
import { demoAccess } from "../../app/demo/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { DEMO_CREDITOR_PASSWORD, DEMO_TOTP_KEY_BASE32 } from "../../app/demo/seed-creditors.server";
import { todayIn } from "../../app/lib/calendar-date";
import { choiceToFields } from "../../app/lib/forms/plan";
import type { PlanChoice } from "../../app/lib/forms/plan";
import { MESSAGES } from "../../app/lib/i18n/catalogue.server";
import { evaluateChoice } from "../../app/lib/plan-builder";
import { mintAccessLink } from "../../app/models/access-links.server";
import { inviteUser } from "../../app/models/creditor-auth.server";
import { decodeTotpKey, totpStep } from "../../app/models/creditor-credentials.server";
import { getPlanBuilder, reviewFor } from "../../app/models/plans.server";
import { processOutbox, transportsFromEnv } from "../../app/workers/outbox-worker.server";
import { outboxSecrets } from "../../app/models/outbox-secrets.server";
import { getEnv } from "../../app/utils/env.server";
import { LIMITS, resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import {
  changedTables,
  creditorCookie,
  decodeEntities,
  digest,
  httpClient,
  mainText,
  type Answer,
  type HttpClient,
} from "../support/security";

type Account = typeof schema.accounts.$inferSelect;
type Debtor = typeof schema.debtors.$inferSelect;

const WEBHOOK_SECRET = "whsec_security_flows";
let database: TestDatabase;
let server: HttpServer;
let http: HttpClient;
let alex: Account;
let maria: Account;
let jordan: Account;

const byRef = async (reference: string) =>
  (
    await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference))
  )[0];
const limit = (name: keyof typeof LIMITS) =>
  Math.max(1, Math.floor(LIMITS[name].max * getEnv().RATE_LIMIT_MULTIPLIER));
const form = (fields: Record<string, string>) => String(new URLSearchParams(fields));
const sessionCookie = (answer: Answer) => answer.cookies.find((c) => /session=/.test(c)) ?? "";

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  // The test is the load balancer: one trusted hop, so X-Forwarded-For is the client.
  server = await startHttpServer({
    env: { TRUST_PROXY: "1", LOG_LEVEL: "debug" },
    webhookSecret: WEBHOOK_SECRET,
  });
  http = httpClient(server.url);
  [alex, maria, jordan] = await Promise.all(
    ["BSD-100245", "NRS-55012873", "BSD-100311"].map(byRef),
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});
beforeEach(() => resetRateLimitsForTests());

async function openLink(token: string, answer: string, ip = "198.51.100.7") {
  await http.get(`/l/${token}`, { ip });
  await http.post(`/l/${token}`, { ip, body: "intent=continue" });
  return http.post(`/l/${token}`, { ip, body: form({ intent: "verify", answer }) });
}

describe("brute force", () => {
  it("opening links: the limit per address answers 429 with Retry-After; another address is not affected", async () => {
    const { token } = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const open = (ip: string) => http.get(`/l/${token}`, { ip });
    for (let i = 0; i < limit("linkOpen"); i++)
      expect((await open("203.0.113.9")).status).toBe(200);
    const blocked = await open("203.0.113.9");
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(mainText(blocked)).toMatch(/wait/i);
    expect((await open("203.0.113.10")).status).toBe(200);
  });

  it("five wrong answers lock the link: then even the right answer gets 429 and no session", async () => {
    const { token } = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const verify = (answer: string) =>
      http.post(`/l/${token}`, { body: form({ intent: "verify", answer }) });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await verify("01/01/1990")).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const right = await verify("03/14/1985");
    expect(right.status).toBe(429);
    expect(right.cookies).toEqual([]);
    // A fresh link still works: the lock is on the link, and the answer is right.
    const fresh = await mintAccessLink({ accountId: alex.id, channel: "email" });
    const ok = await http.post(`/l/${fresh.token}`, {
      body: "intent=verify&answer=03%2F14%2F1985",
    });
    expect(ok.status).toBe(302);
    expect(sessionCookie(ok)).not.toBe("");
  });

  it("typed codes: the limit per address answers 429 with Retry-After", async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= limit("codeEntry"); i++) {
      statuses.push(
        (
          await http.post("/code", {
            ip: "203.0.113.20",
            body: `intent=code&code=ZZZZ-ZZZZ-${String(i).padStart(2, "Z")}`,
          })
        ).status,
      );
    }
    expect(statuses.slice(0, -1).every((s) => s === 400)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it("creditor sign-in: five wrong passwords pause the user (429 with a message), even for the right password", async () => {
    const signIn = (password: string) =>
      http.post("/creditor/sign-in", {
        ip: "203.0.113.30",
        body: form({ email: "staff@northbridge-recovery.example", password }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await signIn(`wrong ${i}`)).status);
    expect(statuses.slice(0, 4)).toEqual([400, 400, 400, 400]);
    expect(statuses[4]).toBe(429);
    const right = await signIn(DEMO_CREDITOR_PASSWORD);
    expect(right.status).toBe(429);
    expect(mainText(right)).toMatch(/[a-z]{3,}/i);
    expect(right.cookies).toEqual([]);
  });
});

describe("tampered plan forms", () => {
  // The texts of the plan errors as the page shows them (before any {placeholder}).
  const planErrors = Object.entries(MESSAGES.en)
    .filter(([key]) => key.startsWith("plans.error."))
    .map(([key, text]) => ({ key, text: text.split("{")[0].trim() }))
    .filter((e) => e.text.length >= 10);
  const shows = (answer: Answer, key?: string) => {
    const text = mainText(answer);
    return planErrors.some((e) => (!key || e.key === key) && text.includes(e.text));
  };

  it("a changed count, amount, account id or text version is refused with 400 and nothing written; the real form is accepted", async () => {
    const session = await openLink(
      (await mintAccessLink({ accountId: maria.id, channel: "email" })).token,
      "78701",
    );
    expect(session.status).toBe(302);
    // María is recorded as Spanish-speaking; here she has picked English (the switch's cookie).
    const cookie = `${sessionCookie(session)}; lang=en`;
    const builder = (await getPlanBuilder(maria.debtorId, maria.id))!;
    const choice: PlanChoice = {
      kind: "installments",
      frequency: "monthly",
      count: 6,
      startDate: todayIn("America/Chicago", new Date()),
    };
    const result = evaluateChoice(builder.ctx, choice);
    if (!result.ok) throw new Error("the demo policy allows 6 monthly payments");
    const review = reviewFor(builder, result.plan, "en");
    const fields = {
      ...choiceToFields(choice),
      accountId: maria.id,
      scheduleDigest: review.digest,
      textVersion: review.version,
      authorize: "on",
    };
    const post = (values: Record<string, string>) =>
      http.post(`/accounts/${maria.id}/pay/review`, { cookie, body: form(values) });

    const before = await digest(database.db);
    const tampered = [
      { ...fields, count: "99" }, // outside the policy
      { ...fields, count: "7" }, // not the schedule reviewed
      { ...fields, scheduleDigest: "0".repeat(64) }, // another amount
      { ...fields, accountId: alex.id }, // another account's id
      { ...fields, accountId: "not-a-uuid" },
      { ...fields, kind: "settlement" }, // a settlement was never reviewed
      { ...fields, textVersion: "plan-auth-0" }, // an old authorization text
    ];
    for (const values of tampered) {
      const outcome = await post(values);
      expect(outcome.status, JSON.stringify(values)).toBe(400);
      expect(shows(outcome), `${JSON.stringify(values)}: ${mainText(outcome).slice(0, 300)}`).toBe(
        true,
      );
    }
    // Without the tick: 400, and the page asks for it.
    const { authorize: _tick, ...unticked } = fields;
    const untickedAnswer = await post(unticked);
    expect(untickedAnswer.status).toBe(400);
    expect(shows(untickedAnswer, "plans.error.authorize")).toBe(true);
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const accepted = await post(fields);
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe(`/accounts/${maria.id}/plan?done=authorized`);
    const plans = await database.db
      .select()
      .from(schema.plans)
      .where(eq(schema.plans.accountId, maria.id));
    expect(plans.map((p) => p.installmentCount)).toEqual([6]);
  });
});

describe("invitations", () => {
  it("the link opens a neutral page that names nobody and changes nothing; Continue shows it, the password accepts it once", async () => {
    const [owner] = await database.db
      .select()
      .from(schema.creditorUsers)
      .where(eq(schema.creditorUsers.email, "owner@brightside-dental.example"));
    const invite = await inviteUser({
      creditorId: owner.creditorId,
      actorId: owner.id,
      email: "quinn.neutral@brightside-dental.example",
      name: "Quinn Neutral",
      role: "staff",
      ip: "127.0.0.1",
    });
    if (!invite.ok) throw new Error("invite failed");
    const path = `/creditor/invite/${invite.token}`;
    const before = await digest(database.db);
    const opened = await http.get(path);
    expect(opened.status).toBe(200);
    const page = decodeEntities(opened.body);
    for (const told of ["quinn.neutral@brightside-dental.example", "Quinn Neutral", "Brightside"])
      expect(page, told).not.toContain(told);
    expect(mainText(opened)).toContain("Your invitation");
    expect(opened.headers.get("cache-control")).toBe("no-store");
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const shown = await http.post(path, { body: "intent=continue" });
    expect(shown.status).toBe(200);
    expect(mainText(shown)).toContain(
      "Brightside Dental invited Quinn Neutral (quinn.neutral@brightside-dental.example)",
    );
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const accepted = await http.post(path, {
      body: form({
        intent: "accept",
        password: "violet harbour quiet lantern",
        confirm: "violet harbour quiet lantern",
      }),
    });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/creditor/two-factor/setup");
    const again = await http.get(path);
    expect(mainText(again)).toContain("This invitation can't be used");
  });
});

describe("logs", () => {
  it("a whole debtor and creditor journey through the server logs no token, code, answer, session id, password, TOTP key, redirect, CSV cell, email, phone, name or Stripe secret", async () => {
    const secrets: string[] = [
      DEMO_CREDITOR_PASSWORD,
      DEMO_TOTP_KEY_BASE32,
      "sk_test_emulator",
      WEBHOOK_SECRET,
    ];
    // Messages wait out the debtor's quiet hours: run the journey at the next 19:00 UTC
    // (daytime from Hawaii to Maine, and only ever ahead of the database's clock) so they go out.
    vi.useFakeTimers({ toFake: ["Date"], now: nextUtcHour(19), shouldAdvanceTime: true });
    const ip = "198.51.100.99";
    try {
      // Debtor: a link, a wrong answer, the right one (Jordan is on hold: Alex pays).
      const minted = await mintAccessLink({ accountId: alex.id, channel: "email" });
      secrets.push(
        minted.token,
        minted.code,
        minted.code.replace(/-/g, ""),
        "03/14/1985",
        "1985-03-14",
        "01/01/1990",
      );
      await openLink(minted.token, "01/01/1990", ip);
      const signedIn = await openLink(minted.token, "03/14/1985", ip);
      expect(signedIn.status).toBe(302);
      const cookie = sessionCookie(signedIn);
      const debtorToken = decodeURIComponent(cookie.split("=")[1]);
      secrets.push(debtorToken, ...debtorToken.split("."));

      // The typed code, and "send me a new link" (queued with a new token), then delivered.
      await http.post("/code", { ip, body: form({ intent: "code", code: minted.code }) });
      await http.post(`/l/${minted.token}`, { ip, body: "intent=resend" });
      // The language switch with a redirect value that is not a path of ours.
      await http.post("/lang", {
        ip,
        cookie,
        body: form({ lang: "es", redirectTo: "/\r\nX-Leak: redirect-secret-4711" }),
      });
      await http.post("/lang", {
        ip,
        cookie,
        body: form({ lang: "en", redirectTo: "/\t/redirect-secret-4712.example" }),
      });
      secrets.push("redirect-secret-4711", "redirect-secret-4712");
      await processOutbox({ transports: transportsFromEnv() });

      // Pay in full through the emulator's hosted page; its webhooks come to this server.
      const checkout = await http.post(`/accounts/${alex.id}/pay-now`, {
        ip,
        cookie,
        body: form({ kind: "full", expect: "8450" }),
      });
      expect(checkout.status).toBe(303);
      const checkoutId = (checkout.location ?? "").split("/").pop()!;
      expect(
        server.emulator.controls.completeCheckoutSession(checkoutId, { card: "4242424242424242" })
          .outcome,
      ).toBe("completed");
      await server.emulator.controls.waitForWebhooks();
      const [payment] = await database.db
        .select()
        .from(schema.payments)
        .where(eq(schema.payments.accountId, alex.id));
      expect(payment?.status).toBe("succeeded");
      await http.get(`/accounts/${alex.id}/receipts/${payment.id}`, { ip, cookie });
      await processOutbox({ transports: transportsFromEnv() });
      // A forged webhook is logged as refused, with nothing of the body.
      await http.post("/webhooks/stripe", {
        ip,
        body: '{"email":"alex.rivera@example.com"}',
        headers: { "content-type": "application/json", "stripe-signature": "t=1,v1=00" },
      });

      // Every message's secrets (links, codes, unsubscribe tokens: sealed in the row, opened
      // here), the sealed values themselves, and the pages they open.
      const queued = await database.db.select().from(schema.outboxMessages);
      for (const m of queued) {
        for (const v of [
          ...Object.values(outboxSecrets(m)),
          ...Object.values((m.payload ?? {}) as Record<string, unknown>),
        ]) {
          if (typeof v === "string" && v.length >= 8) secrets.push(v);
        }
      }
      // What went out, as the demo outbox shows it: every link and unsubscribe token in it.
      const outbox = (await http.get("/demo/outbox", { ip })).body;
      for (const m of outbox.matchAll(/\/(?:l|unsubscribe)\/([A-Za-z0-9_-]{16,})/g))
        secrets.push(m[1]);
      const unsubscribe = /\/unsubscribe\/([A-Za-z0-9_-]{16,})/.exec(outbox)?.[1];
      expect(unsubscribe, "an email with an unsubscribe link went out").toBeTruthy();
      secrets.push(unsubscribe!);
      expect((await http.get(`/unsubscribe/${unsubscribe}`, { ip })).status).toBe(200);

      // Creditor: a wrong password, then password + TOTP, a page, an invitation.
      await http.post("/creditor/sign-in", {
        ip,
        body: form({ email: "owner@brightside-dental.example", password: "wrong password" }),
      });
      const pending = await http.post("/creditor/sign-in", {
        ip,
        body: form({ email: "owner@brightside-dental.example", password: DEMO_CREDITOR_PASSWORD }),
      });
      expect(pending.status).toBe(302);
      const code = generateHOTP(
        decodeTotpKey(DEMO_TOTP_KEY_BASE32)!,
        BigInt(totpStep(Date.now())),
        6,
      );
      secrets.push(code);
      const full = await http.post("/creditor/two-factor", {
        ip,
        cookie: sessionCookie(pending),
        body: `code=${code}`,
      });
      expect(full.status).toBe(302);
      const creditorSession = sessionCookie(full);
      const creditorToken = decodeURIComponent(creditorSession.split("=")[1]);
      secrets.push(
        creditorToken,
        ...creditorToken.split("."),
        decodeURIComponent(sessionCookie(pending).split("=")[1]),
      );
      await http.get(`/creditor/accounts/${alex.id}`, { ip, cookie: creditorSession });
      const invited = await http.post("/creditor/users", {
        ip,
        cookie: creditorSession,
        body: form({
          intent: "invite",
          email: "new.hire@brightside-dental.example",
          name: "Nia Hire",
          role: "staff",
        }),
      });
      expect(invited.status).toBe(200);
      const inviteToken = /\/creditor\/invite\/([\w-]+)/.exec(invited.body)?.[1];
      expect(inviteToken).toBeTruthy();
      secrets.push(inviteToken!, "new.hire@brightside-dental.example", "Nia Hire");
      await http.get(`/creditor/invite/${inviteToken}`, { ip });
      await http.post(`/creditor/invite/${inviteToken}`, { ip, body: "intent=continue" });
      await http.post(`/creditor/invite/${inviteToken}`, {
        ip,
        body: "intent=accept&password=short&confirm=short",
      });
      await http.post(`/creditor/accounts/${jordan.id}`, {
        ip,
        cookie: creditorSession,
        body: "intent=send&channel=email",
      });

      // A CSV whose cells would be quoted by a parser's error message.
      const csv =
        'reference,full_name,email\nCSV-LEAK-0001,Jane "JJ" Leakington,jane.leakington@example.com\nCSV-LEAK-0002,"Unclosed Quote Person,unclosed@example.com\n';
      secrets.push(
        "Leakington",
        "jane.leakington@example.com",
        "Unclosed Quote Person",
        "unclosed@example.com",
        "CSV-LEAK-0001",
      );
      const upload = new FormData();
      upload.append("file", new Blob([csv], { type: "text/csv" }), "leak.csv");
      await http.post("/creditor/accounts/import", { ip, cookie: creditorSession, body: upload });

      // A user setting up the second factor sees a new TOTP key: it is never logged.
      const enrolling = (
        await database.db
          .select()
          .from(schema.creditorUsers)
          .where(eq(schema.creditorUsers.email, "new@brightside-dental.example"))
      )[0];
      const setup = await http.get("/creditor/two-factor/setup", {
        ip,
        cookie: (await creditorCookie(enrolling.id, false)).cookie,
      });
      const newKey = /name="key" value="([A-Z2-7]{16,})"/.exec(setup.body)?.[1];
      expect(newKey, "the setup page shows a key").toBeTruthy();
      secrets.push(newKey!);
      await processOutbox({ transports: transportsFromEnv() });
    } finally {
      vi.useRealTimers();
    }

    // Personal data of every debtor and creditor user in the database.
    const debtors: Debtor[] = await database.db.select().from(schema.debtors);
    for (const d of debtors)
      secrets.push(
        d.fullName,
        d.email ?? "",
        d.phone ?? "",
        d.phone?.slice(2) ?? "",
        d.addressLine1 ?? "",
        d.postalCode ?? "",
      );
    for (const u of await database.db.select().from(schema.creditorUsers))
      secrets.push(u.email, u.name);
    for (const row of await database.db.select().from(demoAccess))
      secrets.push(row.token, row.code, row.answer);
    for (const link of await database.db.select().from(schema.accessLinks))
      secrets.push(link.tokenHash); // even the hash is not a log field

    const text = server.output();
    const lines = server.logs;
    // The journey was logged (otherwise the scan proves nothing): the request logger with
    // route patterns, messages sent, the refused webhook.
    for (const msg of ["outbox.enqueued", "outbox.sent", "stripe webhook refused"])
      expect(text).toContain(`"msg":"${msg}"`);
    const paths = new Set(lines.filter((l) => l.msg === "request").map((l) => String(l.path)));
    for (const p of [
      "/l/:token",
      "/code",
      "/creditor/invite/:token",
      "/unsubscribe/:token",
      `/accounts/${alex.id}/receipts/`,
    ]) {
      expect(
        [...paths].some((logged) => logged.startsWith(p)),
        `${p} in ${[...paths].join(" ")}`,
      ).toBe(true);
    }
    const leaks = [...new Set(secrets.filter((s) => s && s.length >= 5))].filter((s) =>
      text.toLowerCase().includes(s.toLowerCase()),
    );
    expect(leaks).toEqual([]);
  }, 120_000);
});

function nextUtcHour(hour: number): Date {
  const now = new Date();
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (now.getUTCHours() === hour) return now;
  return at < now ? new Date(at.getTime() + 86_400_000) : at;
}
