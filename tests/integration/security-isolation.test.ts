// Isolation sweeps over the route list (quality.md, "Security"), through the real server
// (the production build behind the Express pipeline, tests/support/http-server.ts): every
// route that takes an id, asked by debtor A for debtor B's account, plan, payment or
// receipt, answers 404 and writes nothing; a creditor user asking for another creditor's
// account, import, link, dispute or user gets 404. The list is the build's own route list,
// so a new route with an id is swept automatically, and a new kind of id fails the test
// until it is classified here.
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { importAccountsCsv } from "../../app/models/creditor-import.server";
import { mintAccessLink } from "../../app/models/access-links.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import {
  changedTables,
  creditorCookie,
  debtorCookie,
  digest,
  httpClient,
  loadRoutes,
  urlOf,
  type Body,
  type HttpClient,
  type RouteFile,
} from "../support/security";

type Account = typeof schema.accounts.$inferSelect;

let database: TestDatabase;
let server: HttpServer;
let http: HttpClient;
let routes: RouteFile[];
let alex: Account; // Brightside: the signed-in debtor
let jordan: Account; // Brightside too: same creditor, another debtor
let sam: Account; // Northbridge, with a plan
let maria: Account; // Northbridge
const payments: Record<string, string> = {};
let brightsideOwner: string;
let northbridgeOwner: string;
let imports: { own: string; foreign: string };

// Ids that are capabilities, not owned records: the token or name IS the access check.
const CAPABILITY_PARAMS: Record<string, string> = {
  token:
    "a link / invitation / unsubscribe token: unguessable, stored hashed (tested in access.test.ts)",
  file: "a logo file name with a hash of the bytes: public by design, served with a sandbox CSP",
  id: "demo outbox previews: demo mode only (not found in production)",
};

const byRef = async (reference: string) =>
  (
    await database.db.select().from(schema.accounts).where(eq(schema.accounts.reference, reference))
  )[0];
const userId = async (email: string) =>
  (
    await database.db
      .select()
      .from(schema.creditorUsers)
      .where(eq(schema.creditorUsers.email, email))
  )[0].id;

async function insertPayment(account: Account, n: number) {
  const [row] = await database.db
    .insert(schema.payments)
    .values({
      accountId: account.id,
      amountCents: 1000,
      currency: "usd",
      status: "succeeded",
      stripePaymentIntentId: `pi_isolation_${n}`,
      receiptNumber: `R-20300101-ISO${n}`,
      succeededAt: new Date(),
    })
    .returning();
  return row.id;
}

async function csvImport(creditorId: string, user: string) {
  const csv = "reference,full_name\nISO-1,\n";
  const result = await importAccountsCsv({
    creditorId,
    userId: user,
    filename: "isolation.csv",
    source: Readable.from([csv]),
  });
  return result.id;
}

/** Forms that would do something on one's own account: the ownership check must come first. */
const DEBTOR_FORMS: Record<string, Body[]> = {
  "accounts.$accountId.dispute": [
    new URLSearchParams({ reason: "not_my_debt", details: "Not mine." }),
  ],
  "accounts.$accountId.hardship": [
    new URLSearchParams({ intent: "pause", pauseUntil: "2030-01-01" }),
    new URLSearchParams({ intent: "proposal", amount: "10", frequency: "monthly" }),
  ],
  "accounts.$accountId.plan": [
    new URLSearchParams({ intent: "cancel", confirm: "on" }),
    new URLSearchParams({ intent: "move", seq: "2", newDate: "2030-01-01" }),
  ],
  "accounts.$accountId.checkout": [
    new URLSearchParams({ purpose: "installment" }),
    new URLSearchParams({ purpose: "update_card" }),
  ],
};
const CREDITOR_FORMS: Record<string, Body[]> = {
  "creditor.accounts.$accountId": [
    new URLSearchParams({ intent: "send", channel: "letter" }),
    new URLSearchParams({ intent: "revoke", linkId: "00000000-0000-0000-0000-000000000000" }),
    new URLSearchParams({ intent: "clear-override" }),
    new URLSearchParams({
      intent: "override",
      payInFull: "on",
      frequencies: "monthly",
      minInstallments: "2",
      maxInstallments: "6",
      minInstallmentCents: "25",
      maxPlanDays: "365",
      latestFirstPaymentDays: "30",
      downPaymentPercent: "0",
      missedPaymentTolerance: "1",
    }),
    new URLSearchParams({
      intent: "answer-dispute",
      disputeId: "00000000-0000-0000-0000-000000000000",
      response: "Answer.",
    }),
  ],
};

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  server = await startHttpServer({ webhookSecret: "whsec_isolation" });
  http = httpClient(server.url);
  routes = await loadRoutes();
  [alex, jordan, sam, maria] = await Promise.all(
    ["BSD-100245", "BSD-100311", "NRS-55019940", "NRS-55012873"].map(byRef),
  );
  payments[alex.id] = await insertPayment(alex, 1);
  payments[jordan.id] = await insertPayment(jordan, 2);
  payments[sam.id] = await insertPayment(sam, 3);
  brightsideOwner = await userId("owner@brightside-dental.example");
  northbridgeOwner = await userId("owner@northbridge-recovery.example");
  imports = {
    own: await csvImport(alex.creditorId, brightsideOwner),
    foreign: await csvImport(maria.creditorId, northbridgeOwner),
  };
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});

/** GET (page and data request) and POST (with each body) of a route, as [label, status] pairs. */
async function callAll(
  route: RouteFile,
  params: Record<string, string>,
  cookie: string,
  bodies: Body[],
) {
  const url = urlOf(route, params);
  const out: [string, number][] = [];
  resetRateLimitsForTests();
  if (route.hasLoader) {
    out.push([`GET ${url}`, (await http.get(url, { cookie })).status]);
    // What a hydrated page fetches: the same loaders as a single-fetch data request.
    out.push([
      `GET ${url}.data`,
      (await http.get(`${url}.data?_routes=routes/${encodeURIComponent(route.name)}`, { cookie }))
        .status,
    ]);
  }
  if (route.hasAction) {
    for (const body of [new URLSearchParams(), ...bodies]) {
      resetRateLimitsForTests();
      const label = `POST ${url} ${body ? String(body) : ""}`;
      out.push([
        label,
        (await http.post(url, { cookie, body: body === null ? null : String(body) })).status,
      ]);
    }
  }
  return out;
}

describe("the route list", () => {
  it("every route id is classified: owned by a debtor or a creditor, or a capability", () => {
    const ids = new Set(routes.flatMap((r) => r.params));
    const owned = new Set(["accountId", "paymentId", "importId"]);
    const unknown = [...ids].filter((p) => !owned.has(p) && !(p in CAPABILITY_PARAMS));
    expect(unknown, "a new kind of id in app/routes: add it to the sweep").toEqual([]);
    // The sweep below covers these; if a file moves, the sweep must follow.
    expect(routes.filter((r) => r.params.includes("accountId")).length).toBeGreaterThanOrEqual(15);
    expect(routes.some((r) => r.params.includes("importId"))).toBe(true);
  });
});

describe("debtor isolation", () => {
  const debtorRoutes = () =>
    routes.filter((r) => r.params.includes("accountId") && r.name.startsWith("accounts."));
  // Routes answered only while the account is in a state (the paid-in-full letter): every
  // account the sweep asks them about is put in that state first, and back after, so a
  // 404 means "not yours", not "not paid".
  const ANSWERED_ONLY_WHEN: Record<string, "paid"> = {
    "accounts.$accountId.letter[.]html": "paid",
  };
  async function inState<T>(route: RouteFile, accounts: Account[], run: () => Promise<T>) {
    const status = ANSWERED_ONLY_WHEN[route.name];
    if (!status) return run();
    const set = (id: string, to: Account["status"]) =>
      database.db.update(schema.accounts).set({ status: to }).where(eq(schema.accounts.id, id));
    for (const account of accounts) await set(account.id, status);
    try {
      return await run();
    } finally {
      for (const account of accounts) await set(account.id, account.status);
    }
  }

  it("debtor A asking for B's account, plan, payment or receipt gets 404 and writes nothing", async () => {
    const { cookie } = await debtorCookie(alex.debtorId);
    const failures: string[] = [];
    const before = await digest(database.db);
    for (const route of debtorRoutes()) {
      const bodies = DEBTOR_FORMS[route.name] ?? [];
      // Another debtor of the same creditor, and one of another creditor.
      for (const target of [jordan, sam])
        await inState(route, [alex, target], async () => {
          const targets: Record<string, string>[] = [
            { accountId: target.id, paymentId: payments[target.id] },
          ];
          if (route.params.includes("paymentId")) {
            // My account with their payment, and their account with my payment.
            targets.push(
              { accountId: alex.id, paymentId: payments[target.id] },
              { accountId: target.id, paymentId: payments[alex.id] },
            );
          }
          for (const params of targets) {
            for (const [label, status] of await callAll(route, params, cookie, bodies))
              if (status !== 404) failures.push(`${label} → ${status}`);
          }
        });
      // The account id in the form too (pay review): someone else's account in my URL's form.
      if (route.name === "accounts.$accountId.pay_.review" && route.hasAction) {
        const outcome = await http.post(`/accounts/${sam.id}/pay/review`, {
          cookie,
          body: String(new URLSearchParams({ accountId: sam.id })),
        });
        if (outcome.status !== 404)
          failures.push(`POST pay review (their id in the form) → ${outcome.status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await digest(database.db))).toEqual([]);
  });

  it("the same calls for my own account are answered (the sweep can tell the difference)", async () => {
    const { cookie } = await debtorCookie(alex.debtorId);
    const found: string[] = [];
    for (const route of debtorRoutes()) {
      const answers = await inState(route, [alex], () =>
        callAll(route, { accountId: alex.id, paymentId: payments[alex.id] }, cookie, []),
      );
      for (const [label, status] of answers) if (status === 404) found.push(label);
    }
    expect(found).toEqual([]);
  });

  it("a creditor session opens no debtor page, and a debtor session no creditor page", async () => {
    const creditor = await creditorCookie(brightsideOwner);
    const debtor = await debtorCookie(alex.debtorId);
    const leaks: string[] = [];
    for (const route of routes) {
      if (!route.hasLoader) continue;
      const params = { accountId: alex.id, paymentId: payments[alex.id], importId: imports.own };
      const url = urlOf(route, params);
      resetRateLimitsForTests();
      if (route.name.startsWith("accounts.")) {
        const outcome = await http.get(url, { cookie: creditor.cookie });
        if (!(outcome.status === 302 && outcome.location?.startsWith("/signed-out")))
          leaks.push(`${url} → ${outcome.status}`);
      } else if (route.name.startsWith("creditor.")) {
        const outcome = await http.get(url, { cookie: debtor.cookie });
        // Some creditor URLs are POST-only and redirect every GET elsewhere; none may answer.
        const location = outcome.location ?? "";
        if (outcome.status < 300 || (outcome.status === 302 && !location.startsWith("/creditor")))
          leaks.push(`${url} → ${outcome.status} ${location}`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe("creditor isolation", () => {
  const creditorRoutes = () =>
    routes.filter(
      (r) =>
        r.name.startsWith("creditor.") &&
        r.params.some((p) => p === "accountId" || p === "importId"),
    );

  it("a creditor user asking for another creditor's account or import gets 404 and writes nothing", async () => {
    const { cookie } = await creditorCookie(brightsideOwner);
    expect(creditorRoutes().length).toBeGreaterThanOrEqual(3);
    const failures: string[] = [];
    const before = await digest(database.db);
    for (const route of creditorRoutes()) {
      for (const [label, status] of await callAll(
        route,
        { accountId: maria.id, importId: imports.foreign },
        cookie,
        CREDITOR_FORMS[route.name] ?? [],
      )) {
        if (status !== 404) failures.push(`${label} → ${status}`);
      }
    }
    expect(failures).toEqual([]);
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    const own: string[] = [];
    for (const route of creditorRoutes()) {
      for (const [label, status] of await callAll(
        route,
        { accountId: alex.id, importId: imports.own },
        cookie,
        [],
      ))
        if (status === 404) own.push(label);
    }
    expect(own, "my own account and import are found").toEqual([]);
  });

  it("another creditor's link, dispute or user named in a form on my own page gets 404", async () => {
    const { cookie } = await creditorCookie(brightsideOwner);
    const theirLink = await mintAccessLink({ accountId: maria.id, channel: "email" });
    const [theirDispute] = await database.db
      .insert(schema.disputes)
      .values({
        accountId: maria.id,
        debtorId: maria.debtorId,
        creditorId: maria.creditorId,
        reason: "other",
        statusBeforeHold: "open",
      })
      .returning();
    const post = (url: string, form: Record<string, string>) =>
      http.post(url, { cookie, body: String(new URLSearchParams(form)) });

    const before = await digest(database.db);
    expect(
      (await post(`/creditor/accounts/${alex.id}`, { intent: "revoke", linkId: theirLink.id }))
        .status,
    ).toBe(404);
    expect(
      (
        await post(`/creditor/accounts/${alex.id}`, {
          intent: "answer-dispute",
          disputeId: theirDispute.id,
          response: "Closed.",
        })
      ).status,
    ).toBe(404);
    expect(
      (await post("/creditor/users", { intent: "remove", userId: northbridgeOwner })).status,
    ).toBe(404);
    expect(changedTables(before, await digest(database.db))).toEqual([]);

    // Their owner, on their own account, may do exactly that: the 404 above is isolation.
    const theirs = await creditorCookie(northbridgeOwner);
    const revoke = await http.post(`/creditor/accounts/${maria.id}`, {
      cookie: theirs.cookie,
      body: String(new URLSearchParams({ intent: "revoke", linkId: theirLink.id })),
    });
    expect(revoke.status).toBe(200);
  });
});
