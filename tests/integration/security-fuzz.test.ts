// Bad input (quality.md, "Security"): every action of the build and both webhooks, fed
// generated garbage with fast-check, through the real server (the production build behind
// the Express pipeline: body caps, origin check, rate limits and all) with a real session
// and a real database. Every answer is < 500, a 4xx carries a message, and after a 4xx no
// table changed (bar the counters a wrong answer is meant to move, listed per route); a
// `redirectTo` (including values that start with `/`: tabs, CR/LF, `/.//`, non-ASCII)
// never redirects off the site. A route with an action that is missing from SPECS fails
// the first test, so a new form is fuzzed from the day it exists.
import fc from "fast-check";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { mintAccessLink } from "../../app/models/access-links.server";
import { inviteUser } from "../../app/models/creditor-auth.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { stripe } from "../../app/services/stripe.server";
import { twilioSignature } from "../../app/services/sms.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import {
  changedTables,
  creditorCookie,
  debtorCookie,
  digest,
  httpClient,
  loadRoutes,
  mainText,
  urlOf,
  type Answer,
  type HttpClient,
  type RouteFile,
} from "../support/security";

const RUNS = Number(process.env.SECURITY_FUZZ_RUNS ?? 20);
const WEBHOOK_SECRET = "whsec_fuzz";
const TWILIO_TOKEN = "twilio-fuzz-token";
const APP_URL = "https://portal.example";

type Account = typeof schema.accounts.$inferSelect;
type SessionKind = "none" | "debtor" | "creditor" | "pending" | "enrolling";

type Spec = {
  session: SessionKind;
  /** Whose debtor session, for debtor routes. */
  account?: () => Account;
  params?: () => Record<string, string>;
  /** The form's real field names, each with values a real page would post. */
  fields: Record<string, string[]>;
  /** Tables a rejected (4xx) answer may change, and why. */
  mayChange?: string[];
  /** Signing out: the redirect to the signed-out page is the point. */
  endsSession?: boolean;
};

let database: TestDatabase;
let server: HttpServer;
let http: HttpClient;
let routes: RouteFile[];
let alex: Account;
let sam: Account;
const ids: Record<string, string> = {};

const DATES = ["2030-01-15", "2025-02-29", "1999-12-31", "tomorrow"];
const AMOUNTS = ["10", "10.00", "$25", "0.01", "84.50", "1000000"];
const policyFields: Record<string, string[]> = {
  payInFull: ["on"],
  settlementOffered: ["on"],
  "settlement.percentOff": ["10", "50", "95"],
  "settlement.expiresOn": DATES,
  frequencies: ["weekly", "biweekly", "monthly", "daily"],
  minInstallments: ["1", "3", "200"],
  maxInstallments: ["2", "24", "1000"],
  minInstallmentCents: AMOUNTS,
  maxPlanDays: ["30", "365", "5000"],
  latestFirstPaymentDays: ["0", "30", "120"],
  downPaymentPercent: ["0", "10", "95"],
  "hardship.allowed": ["on"],
  "hardship.maxPauseDays": ["0", "30", "400"],
  missedPaymentTolerance: ["0", "2", "9"],
  retryDays: ["1,3", "3 5 7", "40"],
  submitIntent: ["preview", "save"],
};

const SPECS: Record<string, Spec> = {
  $: { session: "none", fields: {} },
  "accounts.$accountId.checkout": {
    session: "debtor",
    account: () => sam,
    params: () => ({ accountId: sam.id }),
    fields: { purpose: ["installment", "update_card", "full"] },
  },
  "accounts.$accountId.dispute": {
    session: "debtor",
    account: () => alex,
    params: () => ({ accountId: alex.id }),
    fields: {
      reason: ["not_my_debt", "wrong_amount", "original_creditor", "other"],
      details: ["It is not mine.", "x".repeat(2001)],
    },
  },
  "accounts.$accountId.hardship": {
    session: "debtor",
    account: () => sam,
    params: () => ({ accountId: sam.id }),
    fields: {
      intent: ["pause", "proposal"],
      pauseUntil: DATES,
      amount: AMOUNTS,
      frequency: ["weekly", "biweekly", "monthly"],
      note: ["Lost my job."],
    },
  },
  // Answers with a redirect only: to Stripe's page, or back to itself saying why not.
  "accounts.$accountId.pay-now": {
    session: "debtor",
    account: () => alex,
    params: () => ({ accountId: alex.id }),
    fields: {
      kind: ["full", "settlement", "next", "payoff", "extra", "installments"],
      amount: AMOUNTS,
      expect: ["8450", "1", "-5", "abc", "9".repeat(40)],
    },
  },
  "accounts.$accountId.pay_.review": {
    session: "debtor",
    account: () => alex,
    params: () => ({ accountId: alex.id }),
    fields: {
      kind: ["full", "settlement", "installments"],
      frequency: ["weekly", "monthly"],
      count: ["1", "3", "99"],
      startDate: DATES,
      accountId: [ids.alex, ids.sam],
      scheduleDigest: ["0".repeat(64), "f".repeat(64)],
      textVersion: ["plan-auth-1", "plan-auth-0"],
      authorize: ["on"],
    },
  },
  "accounts.$accountId.plan": {
    session: "debtor",
    account: () => sam,
    params: () => ({ accountId: sam.id }),
    fields: { intent: ["cancel", "move"], confirm: ["on"], seq: ["1", "2", "999"], newDate: DATES },
  },
  code: {
    session: "none",
    fields: {
      code: [ids.code, "ABCD-EFGH-JK"],
      intent: ["code", "continue", "verify", "resend"],
      answer: ["03/14/1985", "01/01/1990"],
    },
    mayChange: ["access_links", "audit_events"],
  },
  "l.$token": {
    session: "none",
    params: () => ({ token: ids.token }),
    fields: {
      intent: ["continue", "verify", "resend"],
      answer: ["03/14/1985", "01/01/1990", "1985-03-14"],
    },
    // A wrong answer counts against the link and is audited: that is the lock-out working.
    mayChange: ["access_links", "audit_events"],
  },
  lang: {
    session: "none",
    fields: {
      lang: ["en", "es", "fr"],
      redirectTo: ["/", "//evil.example", "https://evil.example", "/accounts"],
    },
  },
  preferences: {
    session: "debtor",
    account: () => alex,
    fields: {
      intent: ["consent", "withdraw", "paper", "save"],
      optOutEmail: ["on"],
      optOutSms: ["on"],
      language: ["en", "es", "de"],
      quietStart: ["21:00", "25:00"],
      quietEnd: ["08:00", "8am"],
    },
  },
  "session.extend": {
    session: "debtor",
    account: () => alex,
    fields: { redirectTo: ["/accounts", "//evil.example"] },
  },
  "sign-out": { session: "debtor", account: () => alex, fields: {}, endsSession: true },
  "unsubscribe.$token": {
    session: "none",
    params: () => ({ token: "A".repeat(27) }),
    fields: { "List-Unsubscribe": ["One-Click"] },
  },
  "creditor.accounts.$accountId": {
    session: "creditor",
    params: () => ({ accountId: alex.id }),
    fields: {
      intent: ["send", "revoke", "override", "clear-override", "answer-dispute"],
      channel: ["email", "sms", "letter", "fax"],
      linkId: [ids.link],
      disputeId: ["00000000-0000-0000-0000-000000000000"],
      response: ["We checked: the amount is right."],
      ...policyFields,
    },
  },
  "creditor.accounts.export": {
    session: "creditor",
    fields: { q: ["alex", "%", "'"], status: ["open", "paid", "weird"] },
  },
  "creditor.accounts.import": { session: "creditor", fields: { file: ["reference,full_name\n"] } },
  "creditor.branding": {
    session: "creditor",
    fields: {
      intent: ["remove-logo", "save"],
      displayName: ["Brightside Dental"],
      legalName: ["Brightside Dental Group LLC"],
      supportEmail: ["billing@brightside-dental.example", "not-an-email"],
      supportPhone: ["(212) 555-0140", "12"],
      supportHours: ["9 to 5"],
      mailingAddress: ["200 Park Avenue South"],
      accentColor: ["#0f766e", "#ffffff", "teal"],
      collectorType: ["first_party", "third_party", "both"],
      timezone: ["America/New_York", "Mars/Olympus"],
      verificationFact: ["dob", "postal_code", "account_last4", "ssn"],
      linkLifetimeDays: ["30", "0", "366"],
    },
  },
  "creditor.policy": { session: "creditor", fields: policyFields },
  "creditor.session.extend": {
    session: "creditor",
    fields: { redirectTo: ["/creditor", "//evil.example"] },
  },
  "creditor.users": {
    session: "creditor",
    fields: {
      intent: ["invite", "remove"],
      email: ["new.person@example.com", "owner@brightside-dental.example", "nope"],
      name: ["New Person"],
      role: ["owner", "staff", "admin"],
      userId: [ids.staff],
    },
  },
  "creditor_.invite.$token": {
    session: "none",
    params: () => ({ token: ids.invite }),
    fields: {
      intent: ["continue", "accept"],
      password: ["short", "a long enough password 1"],
      confirm: ["short", "a long enough password 1"],
    },
  },
  "creditor_.sign-in": {
    session: "none",
    fields: {
      email: ["owner@brightside-dental.example", "nobody@example.com"],
      password: ["demo creditor password!", "wrong"],
      redirectTo: ["/creditor/policy", "//evil.example"],
    },
    // A wrong password is counted (per email + address and per email, sign_in_throttles)
    // and audited; a right one may rehash an old password hash.
    mayChange: ["creditor_users", "sign_in_throttles", "audit_events"],
  },
  "creditor_.sign-out": { session: "creditor", fields: {}, endsSession: true },
  "creditor_.two-factor": {
    session: "pending",
    fields: { code: ["000000", "123456", "ABCD-EFGH"], redirectTo: ["/creditor"] },
    mayChange: ["creditor_users", "creditor_sessions", "audit_events"],
  },
  "creditor_.two-factor_.setup": {
    session: "enrolling",
    fields: {
      key: ["JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "short"],
      code: ["000000", "12"],
      redirectTo: ["/creditor"],
    },
    mayChange: ["creditor_users", "creditor_sessions", "audit_events"],
  },
  "demo_.outbox": { session: "none", fields: {} },
  "webhooks.stripe": {
    session: "none",
    fields: { id: ["evt_1"], type: ["payment_intent.succeeded"] },
  },
  "webhooks.twilio.sms": {
    session: "none",
    fields: {
      MessageSid: ["SM1"],
      From: ["+12125550101"],
      To: ["+15005550006"],
      Body: ["STOP", "HELP"],
    },
  },
};

// --- generators ---------------------------------------------------------------------

const NASTY = [
  "",
  " ",
  "0",
  "-1",
  "-0",
  "NaN",
  "Infinity",
  "-Infinity",
  "1e309",
  "9".repeat(40),
  "0x1F",
  "1,000.00",
  "12.345",
  "-84.50",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%00",
  "\u0000",
  "a\u0000b",
  "😀",
  "Ω≈ç√",
  "\u202e",
  "2024-02-30",
  "9999-12-31",
  "0000-00-00",
  "on",
  "off",
  "00000000-0000-0000-0000-000000000000",
  "x".repeat(70_000),
];
// Redirect targets that start with "/" but are not paths of ours (or not valid in a header).
const REDIRECTS = [
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r\n/evil.example",
  "/\\evil.example",
  "/.//evil.example",
  "/%2e//evil.example",
  "/\r\nSet-Cookie: injected=1",
  "/accounts\r\nLocation: https://evil.example",
  "/ñandú",
  "/😀?q=ü",
  "/\u0000",
  "/\u2028x",
  "/" + "a".repeat(5000),
];
const redirectArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...REDIRECTS),
  fc.string({ maxLength: 30 }).map((s) => `/${s}`),
  fc.string({ unit: "binary", maxLength: 20 }).map((s) => `/${s}`),
  fc
    .tuple(fc.constantFrom("/", "//", "/\\", "/\t", "/ "), fc.webUrl())
    .map(([a, b]) => a + b.replace(/^https?:\/\//, "")),
);

const garbage: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  { weight: 1, arbitrary: fc.uuid() },
);

function formArb(spec: Spec): fc.Arbitrary<[string, string][]> {
  const names = Object.keys(spec.fields);
  const valueFor = (name: string) =>
    name === "redirectTo"
      ? fc.oneof(
          { weight: 1, arbitrary: fc.constantFrom(...spec.fields[name]) },
          { weight: 4, arbitrary: redirectArb },
          { weight: 1, arbitrary: garbage },
        )
      : fc.oneof(
          { weight: 2, arbitrary: fc.constantFrom(...spec.fields[name]) },
          { weight: 3, arbitrary: garbage },
        );
  const realPair = names.length
    ? fc.constantFrom(...names).chain((name) => fc.tuple(fc.constant(name), valueFor(name)))
    : null;
  const garbagePair = fc.tuple(
    fc.oneof(garbage, fc.constantFrom("intent", "accountId", "id", "_method", "__proto__")),
    garbage,
  );
  const pair = realPair
    ? fc.oneof({ weight: 4, arbitrary: realPair }, { weight: 1, arbitrary: garbagePair })
    : garbagePair;
  // Missing fields (short arrays), extra ones, and duplicates all come out of this.
  return fc.array(pair, { maxLength: 10 });
}

// What an HTML form can send. Other bodies are tested on their own below.
type Encoding = "urlencoded" | "multipart" | "json";
const encodingArb = fc.constantFrom<Encoding>(
  "urlencoded",
  "urlencoded",
  "urlencoded",
  "multipart",
);

function bodyOf(
  pairs: [string, string][],
  encoding: Encoding,
): { body: string | FormData; headers: Record<string, string> } {
  if (encoding === "multipart") {
    const form = new FormData();
    for (const [k, v] of pairs) form.append(k, v);
    return { body: form, headers: {} };
  }
  if (encoding === "json")
    return {
      body: JSON.stringify(Object.fromEntries(pairs)),
      headers: { "content-type": "application/json" },
    };
  return {
    body: new URLSearchParams(pairs).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

// --- set-up ---------------------------------------------------------------------------

const byRef = async (reference: string) =>
  (
    await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference))
  )[0];
const userByEmail = async (email: string) =>
  (
    await database.db
      .select()
      .from(schema.creditorUsers)
      .where(eq(schema.creditorUsers.email, email))
  )[0];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  // Twilio signs the public URL: APP_URL is what the app checks signatures against.
  server = await startHttpServer({
    env: { TWILIO_AUTH_TOKEN: TWILIO_TOKEN, APP_URL },
    webhookSecret: WEBHOOK_SECRET,
  });
  http = httpClient(server.url);
  routes = await loadRoutes();
  [alex, sam] = await Promise.all(["BSD-100245", "NRS-55019940"].map(byRef));
  ids.alex = alex.id;
  ids.sam = sam.id;
  const link = await mintAccessLink({ accountId: alex.id, channel: "email" });
  Object.assign(ids, { token: link.token, code: link.code, link: link.id });
  ids.owner = (await userByEmail("owner@brightside-dental.example")).id;
  ids.staff = (await userByEmail("staff@brightside-dental.example")).id;
  ids.enrolling = (await userByEmail("new@brightside-dental.example")).id;
  const invite = await inviteUser({
    creditorId: alex.creditorId,
    actorId: ids.owner,
    email: "invited@brightside-dental.example",
    name: "Invited",
    role: "staff",
    ip: "127.0.0.1",
  });
  if (!invite.ok) throw new Error("invite failed");
  ids.invite = invite.token;
  // The specs read ids at definition time for field values: fill them in now.
  SPECS["accounts.$accountId.pay_.review"].fields.accountId = [alex.id, sam.id];
  SPECS["code"].fields.code = [
    link.code,
    link.code.toLowerCase().replace(/-/g, " "),
    "ABCD-EFGH-JK",
  ];
  SPECS["creditor.accounts.$accountId"].fields.linkId = [link.id];
  SPECS["creditor.users"].fields.userId = [ids.staff, ids.owner];
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

async function cookieFor(spec: Spec): Promise<string | undefined> {
  switch (spec.session) {
    case "debtor":
      return (await debtorCookie(spec.account!().debtorId)).cookie;
    case "creditor":
      return (await creditorCookie(ids.owner)).cookie;
    case "pending":
      return (await creditorCookie(ids.owner, false)).cookie;
    case "enrolling":
      return (await creditorCookie(ids.enrolling, false)).cookie;
    default:
      return undefined;
  }
}

/** Counters a previous run moved (a locked link, a paused user) would hide the next run's path. */
async function resetCounters() {
  await database.db
    .update(schema.accessLinks)
    .set({ failedAttempts: 0, lockedUntil: null })
    .where(eq(schema.accessLinks.id, ids.link));
  await database.db.update(schema.creditorUsers).set({ failedSignIns: 0, lockedUntil: null });
}

const SIGNED_OUT = /^\/(signed-out|creditor\/sign-in)/;

function problems(
  route: string,
  spec: Spec,
  outcome: Answer,
  changed: string[],
  sessionUsed: boolean,
): string[] {
  const found: string[] = [];
  if (outcome.status >= 500) found.push(`${route}: ${outcome.status}`);
  if (outcome.status >= 400 && outcome.status < 500) {
    if (mainText(outcome).length === 0) found.push(`${route}: ${outcome.status} without a message`);
    const unexpected = changed.filter((t) => !(spec.mayChange ?? []).includes(t));
    if (unexpected.length)
      found.push(`${route}: ${outcome.status} but changed ${unexpected.join(", ")}`);
  }
  // A redirect stays on the site (the hosted payment page is the one way out, by design).
  if (
    outcome.status >= 300 &&
    outcome.status < 400 &&
    route !== "accounts.$accountId.checkout" &&
    route !== "accounts.$accountId.pay-now"
  ) {
    const location = outcome.location ?? "";
    if (
      !location.startsWith("/") ||
      location.startsWith("//") ||
      location.startsWith("/\\") ||
      /[^\x21-\x7e]/.test(location)
    )
      found.push(`${route}: redirected to ${JSON.stringify(location)}`);
  }
  // The fuzz must get past the session check, or it proves nothing about the form.
  if (
    sessionUsed &&
    !spec.endsSession &&
    outcome.status >= 300 &&
    outcome.status < 400 &&
    SIGNED_OUT.test(outcome.location ?? "")
  ) {
    found.push(`${route}: bounced to ${outcome.location} (the session did not work)`);
  }
  return found;
}

// --- tests ------------------------------------------------------------------------------

describe("fuzzing every form", () => {
  it("every route with an action has a fuzz spec", () => {
    const withAction = routes.filter((r) => r.hasAction).map((r) => r.name);
    expect(withAction.length).toBeGreaterThan(20);
    expect(
      withAction.filter((name) => !(name in SPECS)),
      "add these routes to SPECS",
    ).toEqual([]);
    expect(
      Object.keys(SPECS).filter((name) => !withAction.includes(name)),
      "SPECS names a route without an action",
    ).toEqual([]);
  });

  it("garbage in every field, extra and duplicated fields, wrong intents: 4xx with a message, never 500, nothing written", async () => {
    const failures: string[] = [];
    const statuses: Record<string, Record<number, number>> = {};
    for (const route of routes.filter((r) => r.hasAction)) {
      const spec = SPECS[route.name];
      statuses[route.name] = {};
      let cookie = await cookieFor(spec);
      // The digest after a rejected run is the next run's "before", unless something was
      // written in between (a set-up step, or an accepted input): digests are the cost here.
      let before: Record<string, string> | null = null;
      await fc.assert(
        fc.asyncProperty(formArb(spec), encodingArb, async (pairs, encoding) => {
          resetRateLimitsForTests();
          if (spec.mayChange) {
            await resetCounters();
            before = null;
          }
          const params = spec.params?.() ?? {};
          const { body, headers } = bodyOf(pairs, encoding);
          before ??= await digest(database.db);
          let outcome: Answer;
          try {
            outcome = await http.post(urlOf(route, params), { cookie, body, headers });
          } catch (error) {
            failures.push(
              `${route.name}: the request failed: ${(error as Error).name}: ${(error as Error).message.slice(0, 160)} for ${encoding} ${JSON.stringify(pairs).slice(0, 200)}`,
            );
            before = null;
            return;
          }
          statuses[route.name][outcome.status] = (statuses[route.name][outcome.status] ?? 0) + 1;
          let changed: string[] = [];
          if (outcome.status >= 400 && outcome.status < 500) {
            const after = await digest(database.db);
            changed = changedTables(before, after);
            before = after;
          } else {
            before = null;
          }
          for (const p of problems(route.name, spec, outcome, changed, Boolean(cookie)))
            failures.push(`${p} for ${encoding} ${JSON.stringify(pairs).slice(0, 200)}`);
          // A sign-out or a paused second factor ends the session: the next run gets a new one.
          if (
            (outcome.status >= 300 && outcome.status < 400) ||
            spec.session === "pending" ||
            spec.session === "enrolling"
          ) {
            cookie = await cookieFor(spec);
            before = null;
          }
        }),
        {
          numRuns: RUNS,
          seed: Number(process.env.SECURITY_FUZZ_SEED ?? 20240909),
          endOnFailure: true,
        },
      );
    }
    expect([...new Set(failures)].slice(0, 30)).toEqual([]);
    // The forms that validate input said "no" at least once (the fuzz reached them). The
    // exceptions take no input that can be wrong (a redirect target is made safe, an
    // unknown checkout purpose means "pay").
    const rejecting = Object.keys(SPECS).filter(
      (name) =>
        Object.keys(SPECS[name].fields).length > 0 &&
        ![
          "webhooks.stripe",
          "lang",
          "session.extend",
          "creditor.session.extend",
          "creditor.accounts.export",
          "demo_.outbox",
          "accounts.$accountId.checkout",
          "accounts.$accountId.pay-now",
        ].includes(name),
    );
    expect(
      rejecting.filter((name) => !Object.keys(statuses[name]).some((s) => Number(s) >= 400)),
      "never rejected anything",
    ).toEqual([]);
  }, 240_000);
});

describe("redirect targets", () => {
  it("every form with a redirectTo, given targets that start with / but leave the site or break a header: a redirect on the site or a 4xx, never a 500", async () => {
    const failures: string[] = [];
    let redirects = 0;
    for (const route of routes.filter(
      (r) => r.hasAction && "redirectTo" in (SPECS[r.name]?.fields ?? {}),
    )) {
      const spec = SPECS[route.name];
      for (const to of REDIRECTS) {
        resetRateLimitsForTests();
        await resetCounters();
        const fields = Object.fromEntries(
          Object.entries(spec.fields).map(([name, values]) => [
            name,
            values.find((v) => !v.startsWith("//")) ?? values[0],
          ]),
        );
        // As a browser without JavaScript posts the form: a navigation from our own page.
        const headers = { "sec-fetch-mode": "navigate", "sec-fetch-site": "same-origin" };
        const outcome = await http.post(urlOf(route, spec.params?.() ?? {}), {
          cookie: await cookieFor(spec),
          headers,
          body: new URLSearchParams({ ...fields, redirectTo: to }).toString(),
        });
        if (outcome.status >= 300 && outcome.status < 400) redirects++;
        for (const p of problems(route.name, spec, outcome, [], false))
          failures.push(`${p} for ${JSON.stringify(to)}`);
      }
    }
    expect(failures).toEqual([]);
    // The language switch and the two "stay signed in" forms redirect on every one of them.
    expect(redirects).toBeGreaterThanOrEqual(REDIRECTS.length * 3);
  });
});

describe("bodies that are not a form", () => {
  // Every action reads its body through readForm (app/utils/forms.server.ts).
  it("a JSON, text or untyped body to any form → 4xx, never a 500", async () => {
    const failed: string[] = [];
    for (const route of routes.filter((r) => r.hasAction && !r.name.startsWith("webhooks."))) {
      const spec = SPECS[route.name];
      for (const contentType of ["application/json", "text/plain", ""]) {
        resetRateLimitsForTests();
        const headers: Record<string, string> = contentType ? { "content-type": contentType } : {};
        if (spec.session !== "none") headers.cookie = (await cookieFor(spec))!;
        // Bytes (not a string): fetch adds no Content-Type of its own.
        const res = await fetch(`${server.url}${urlOf(route, spec.params?.() ?? {})}`, {
          method: "POST",
          headers,
          body: new TextEncoder().encode('{"intent":"x"}'),
          redirect: "manual",
        });
        if (res.status >= 500)
          failed.push(`${route.name} (${contentType || "no type"}): ${res.status}`);
      }
    }
    expect(failed).toEqual([]);
  });
});

describe("fuzzing the webhooks", () => {
  const eventArb = fc.record({
    id: fc.oneof(fc.constant("evt_fuzz"), fc.string({ maxLength: 30 })),
    object: fc.constant("event"),
    type: fc.oneof(
      fc.constantFrom(
        "checkout.session.completed",
        "payment_intent.succeeded",
        "charge.refunded",
        "refund.created",
        "charge.dispute.created",
        "setup_intent.succeeded",
      ),
      fc.string({ maxLength: 30 }),
    ),
    data: fc.record({
      object: fc.dictionary(
        fc.string({ maxLength: 10 }),
        fc.oneof(fc.string({ maxLength: 30 }), fc.integer(), fc.constant(null)),
      ),
    }),
    created: fc.integer({ min: 0, max: 2_000_000_000 }),
  });
  const payloadArb = fc.oneof(
    eventArb.map((e) => JSON.stringify(e)),
    fc.string({ maxLength: 200 }),
    fc.constantFrom("", "{}", "null", "[]", '{"id":'),
  );
  // Header values are bytes: a browser or proxy cannot send more than Latin-1.
  const headerGarbage = garbage.map((v) => v.replace(/[^\x20-\x7e]/g, "").slice(0, 500));
  const signatureArb = (payload: string) =>
    fc.oneof(
      fc.constant<string | null>(null),
      headerGarbage,
      fc.constant(
        stripe().webhooks.generateTestHeaderString({ payload, secret: "whsec_someone_else" }),
      ),
      // Signed with our secret, but an hour old: a replay.
      fc.constant(
        stripe().webhooks.generateTestHeaderString({
          payload,
          secret: WEBHOOK_SECRET,
          timestamp: Math.floor(Date.now() / 1000) - 3600,
        }),
      ),
      // Signed with our secret over another payload.
      fc.constant(
        stripe().webhooks.generateTestHeaderString({
          payload: payload + " ",
          secret: WEBHOOK_SECRET,
        }),
      ),
    );

  it("Stripe: missing, garbage, foreign, stale or mismatched signatures → 400, nothing written", async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        payloadArb.chain((payload) => fc.tuple(fc.constant(payload), signatureArb(payload))),
        async ([payload, signature]) => {
          // Refusals count per address (webhookRefused): each run starts under the limit.
          resetRateLimitsForTests();
          const before = await digest(database.db);
          const headers: Record<string, string> = { "content-type": "application/json" };
          if (signature !== null) headers["stripe-signature"] = signature;
          const outcome = await http.post("/webhooks/stripe", { body: payload, headers });
          if (outcome.status !== 400 || !outcome.body)
            failures.push(`${outcome.status} for ${signature?.slice(0, 40)}`);
          const changed = changedTables(before, await digest(database.db));
          if (changed.length) failures.push(`changed ${changed.join(", ")}`);
        },
      ),
      { numRuns: RUNS * 2, seed: 7 },
    );
    expect(failures).toEqual([]);
  });

  it("Stripe: a correctly signed body that is not an event → 400; a signed event of no interest → 200, recorded once", async () => {
    const send = (payload: string) =>
      http.post("/webhooks/stripe", {
        body: payload,
        headers: {
          "content-type": "application/json",
          "stripe-signature": stripe().webhooks.generateTestHeaderString({
            payload,
            secret: WEBHOOK_SECRET,
          }),
        },
      });
    for (const payload of ["", "not json", '{"id":'])
      expect((await send(payload)).status, payload).toBe(400);
    const before = await database.db.select().from(schema.stripeEvents);
    const event = JSON.stringify({
      id: "evt_fuzz_ignored",
      object: "event",
      type: "customer.created",
      data: { object: { id: "cus_x", object: "customer" } },
    });
    expect((await send(event)).status).toBe(200);
    expect((await send(event)).status).toBe(200);
    expect((await database.db.select().from(schema.stripeEvents)).length).toBe(before.length + 1);
  });

  it("Twilio: bad signatures → 403, a signed form without its fields → 400, nothing written", async () => {
    {
      const url = `${APP_URL}/webhooks/twilio/sms`;
      const failures: string[] = [];
      const paramsArb = fc.dictionary(
        fc.oneof(fc.constantFrom("MessageSid", "From", "To", "Body", "AccountSid"), garbage),
        garbage,
        { maxKeys: 6 },
      );
      const kindArb = fc.constantFrom(
        "none",
        "garbage",
        "other-token",
        "other-url",
        "other-params",
        "valid",
      );
      await fc.assert(
        fc.asyncProperty(paramsArb, kindArb, headerGarbage, async (params, kind, junk) => {
          const clean = Object.fromEntries(
            Object.entries(params).filter(([k]) => k !== "__proto__"),
          );
          // A valid signature over a complete message would be accepted (200): keep one field out.
          if (kind === "valid")
            delete clean[fc.sample(fc.constantFrom("MessageSid", "From"), 1)[0]];
          const signature = {
            none: null,
            garbage: junk,
            "other-token": twilioSignature("not-our-token", url, clean),
            "other-url": twilioSignature(
              TWILIO_TOKEN,
              "https://evil.example/webhooks/twilio/sms",
              clean,
            ),
            "other-params": twilioSignature(TWILIO_TOKEN, url, { ...clean, Body: "STOP" }),
            valid: twilioSignature(TWILIO_TOKEN, url, clean),
          }[kind];
          const headers: Record<string, string> = {};
          if (signature !== null) headers["x-twilio-signature"] = signature;
          resetRateLimitsForTests();
          const before = await digest(database.db);
          const outcome = await http.post("/webhooks/twilio/sms", {
            body: new URLSearchParams(clean).toString(),
            headers,
          });
          const expected = kind === "valid" ? 400 : 403;
          // "other-params" may sign the same form when Body was already STOP.
          if (outcome.status !== expected && !(kind === "other-params" && clean.Body === "STOP"))
            failures.push(`${kind}: ${outcome.status}`);
          const changed = changedTables(before, await digest(database.db));
          if (changed.length) failures.push(`${kind}: changed ${changed.join(", ")}`);
        }),
        { numRuns: RUNS * 2, seed: 11 },
      );
      expect(failures).toEqual([]);
    }
  });
});
