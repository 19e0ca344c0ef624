// Secrets at rest and delivery without locks: a queued message (sent from the creditor's
// page over HTTP, or by the bulk mailing) keeps its link, code and unsubscribe token only
// sealed to its row; the worker holds no transaction or row lock while SMTP has the
// message (PostgreSQL); a claim that ran out is taken over and the late worker does not
// send again; a crashed worker's message goes once after its lease; every attempt of a
// message carries the same Message-ID. Real nodemailer against a real SMTP server.
import type { AddressInfo } from "node:net";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { findLinkByToken } from "../../app/models/access-links.server";
import { queueLinkMessagesBulk } from "../../app/models/outbox-bulk.server";
import { outboxSecrets } from "../../app/models/outbox-secrets.server";
import { queueLinkMessage } from "../../app/models/outbox.server";
import { createSmtpSender } from "../../app/services/email.server";
import { processOutbox, type Transports } from "../../app/workers/outbox-worker.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { creditorCookie } from "../support/security";
import { createCreditor, createCreditorUser, createDebtorAccount } from "../support/auth-fixtures";

let database: TestDatabase;
let server: HttpServer;
let smtp: SMTPServer;
let transports: Transports;
const mails: { to: string; raw: string }[] = [];
/** While set, the SMTP server holds every message's DATA until it is called. */
let hold: Promise<void> | null = null;
let smtpHasOne: (() => void) | null = null;

// A weekday noon in New York, two days ahead: inside every quiet-hours window.
const NOON = (() => {
  const d = new Date(Date.now() + 2 * 86_400_000);
  d.setUTCHours(16, 0, 0, 0);
  return d;
})();

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHttpServer();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        smtpHasOne?.();
        if (hold) await hold;
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address).join(","),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const email = createSmtpSender({
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    mailFrom: "Portal <no-reply@portal.example>",
  });
  const noSms = { send: async () => Promise.reject(new Error("no SMS in this test")) };
  transports = { email, sms: noSms, close: () => email.close() };
}, 120_000);
afterAll(async () => {
  transports?.close?.();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await server?.stop();
  await database?.dispose();
});
beforeEach(() => {
  resetRateLimitsForTests();
  mails.length = 0;
  hold = null;
});

const rowOf = async (id: string) =>
  (
    await database.db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.id, id))
  )[0];
/** Every outbox row as text, the way a database dump or backup would have it. */
async function dump(): Promise<string> {
  const result = (await database.db.execute(
    sql`select t::text as line from outbox_messages t`,
  )) as unknown as { rows: { line: string }[] };
  return result.rows.map((r) => r.line).join("\n");
}

async function expectSealed(messageId: string) {
  const row = await rowOf(messageId);
  expect(Object.keys(row.payload)).toEqual(["sealed"]);
  const secrets = outboxSecrets(row);
  expect(secrets.linkToken).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  const text = await dump();
  for (const secret of [secrets.linkToken!, secrets.code!, secrets.unsubscribeToken!])
    expect(text).not.toContain(secret);
  // The sealed secrets are the real ones: the link opens the account.
  expect((await findLinkByToken(secrets.linkToken!))?.id).toBe(row.accessLinkId);
  return { row, secrets };
}

describe("secrets at rest", () => {
  it("a link the creditor sends from the account page is queued with its token, code and unsubscribe token sealed", async () => {
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const owner = await createCreditorUser(database.db, creditor.id);
    const { cookie } = await creditorCookie(owner.id);
    const res = await fetch(`${server.url}/creditor/accounts/${debtor.accountId}`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "intent=send&channel=email",
    });
    expect(res.status).toBe(200);
    const [row] = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.accountId, debtor.accountId));
    // Queued now or held (quiet hours, at whatever hour this runs): either way, sealed.
    expect(row.status).toBe("queued");
    await expectSealed(row.id);
    // A sealed payload moved to another row does not open there.
    expect(outboxSecrets({ id: crypto.randomUUID(), payload: row.payload })).toEqual({});
  });

  it("the bulk mailing seals them too", async () => {
    const creditor = await createCreditor(database.db);
    const debtors = await Promise.all(
      [1, 2, 3].map(() => createDebtorAccount(database.db, creditor.id)),
    );
    const result = await queueLinkMessagesBulk({
      accountIds: debtors.map((d) => d.accountId),
      initiatedBy: "creditor",
      causePrefix: `test-mailing:${creditor.id}`,
      now: NOON,
    });
    expect(result.created).toBe(3);
    for (const d of debtors) {
      const [row] = await database.db
        .select()
        .from(schema.outboxMessages)
        .where(eq(schema.outboxMessages.accountId, d.accountId));
      await expectSealed(row.id);
    }
  });

  it("the worker opens them to send, and clears them once the message has left; the Message-ID names the message", async () => {
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const queued = await queueLinkMessage({
      accountId: debtor.accountId,
      initiatedBy: "debtor",
      causeKey: `test:${debtor.accountId}`,
      now: NOON,
    });
    const { secrets } = await expectSealed(queued.id);
    const pass = await processOutbox({ transports, now: NOON, demo: false });
    expect(pass.sent).toBeGreaterThanOrEqual(1);
    const mail = mails.find((m) => m.to === debtor.email)!;
    expect(mail.raw.replace(/=\r\n/g, "")).toContain(`/l/${secrets.linkToken}`);
    expect(mail.raw).toMatch(new RegExp(`^Message-ID: <${queued.id}@portal\\.example>`, "mi"));
    expect((await rowOf(queued.id)).payload).toEqual({});
  });
});

describe("delivery without locks, claims that hold", () => {
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "while SMTP holds a message, no transaction is open and neither the message nor the debtor is locked (PostgreSQL)",
    async () => {
      const creditor = await createCreditor(database.db);
      const debtor = await createDebtorAccount(database.db, creditor.id);
      const queued = await queueLinkMessage({
        accountId: debtor.accountId,
        initiatedBy: "debtor",
        causeKey: `test:${debtor.accountId}`,
        now: NOON,
      });
      let release!: () => void;
      hold = new Promise<void>((resolve) => (release = resolve));
      const arrived = new Promise<void>((resolve) => (smtpHasOne = resolve));
      const pass = processOutbox({ transports, now: NOON, demo: false, limit: 1 });
      await arrived;
      const url = new URL(process.env.TEST_DATABASE_URL!);
      url.pathname = `/${database.name}`;
      const probe = new pg.Client({ connectionString: url.toString() });
      await probe.connect();
      try {
        const idle = await probe.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`,
        );
        expect(idle.rows[0].n).toBe(0);
        await probe.query("begin");
        await probe.query("set local lock_timeout = '1s'");
        const locked = await probe.query(
          "select id from outbox_messages where id = $1 for update nowait",
          [queued.id],
        );
        expect(locked.rowCount).toBe(1);
        await probe.query("select id from debtors where id = $1 for update nowait", [
          debtor.debtorId,
        ]);
        await probe.query("rollback");
      } finally {
        await probe.end();
        release();
      }
      expect((await pass).sent).toBe(1);
      expect((await rowOf(queued.id)).status).toBe("sent");
    },
  );

  it("a message whose claim ran out while its worker was busy with others is sent by the worker that took it over, and only by it", async () => {
    const creditor = await createCreditor(database.db);
    const first = await createDebtorAccount(database.db, creditor.id);
    const late = await createDebtorAccount(database.db, creditor.id);
    const a = await queueLinkMessage({
      accountId: first.accountId,
      initiatedBy: "debtor",
      causeKey: `test:${first.accountId}`,
      now: new Date(NOON.getTime() - 2),
    });
    const b = await queueLinkMessage({
      accountId: late.accountId,
      initiatedBy: "debtor",
      causeKey: `test:${late.accountId}`,
      now: new Date(NOON.getTime() - 1),
    });
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const arrived = new Promise<void>((resolve) => (smtpHasOne = resolve));
    // Worker A claims both and is held by SMTP on the first…
    const workerA = processOutbox({ transports, now: NOON, demo: false, limit: 2 });
    await arrived;
    // …long enough that the second one's lease runs out (as if minutes had passed) and
    // worker B takes it over and sends it.
    await database.db
      .update(schema.outboxMessages)
      .set({ nextAttemptAt: new Date(NOON.getTime() - 1000) })
      .where(eq(schema.outboxMessages.id, b.id));
    hold = null;
    const workerB = await processOutbox({ transports, now: NOON, demo: false, limit: 5 });
    expect(workerB.sent).toBe(1);
    release();
    await workerA;
    const toLate = mails.filter((m) => m.to === late.email);
    expect(toLate).toHaveLength(1);
    expect(mails.filter((m) => m.to === first.email)).toHaveLength(1);
    expect((await rowOf(a.id)).status).toBe("sent");
    expect((await rowOf(b.id)).status).toBe("sent");
  });

  it("a message claimed by a worker that died is sent once after its lease, and not before", async () => {
    const creditor = await createCreditor(database.db);
    const debtor = await createDebtorAccount(database.db, creditor.id);
    const queued = await queueLinkMessage({
      accountId: debtor.accountId,
      initiatedBy: "debtor",
      causeKey: `test:${debtor.accountId}`,
      now: NOON,
    });
    // The dead worker's claim: `sending`, dispatched, lease still running.
    const leaseEnds = new Date(NOON.getTime() + 60_000);
    await database.db
      .update(schema.outboxMessages)
      .set({
        status: "sending",
        claimToken: "dead-worker",
        dispatchedAt: NOON,
        attempts: 1,
        nextAttemptAt: leaseEnds,
      })
      .where(eq(schema.outboxMessages.id, queued.id));
    expect((await processOutbox({ transports, now: NOON, demo: false })).claimed).toBe(0);
    const after = await processOutbox({
      transports,
      now: new Date(leaseEnds.getTime() + 1),
      demo: false,
    });
    expect(after.sent).toBe(1);
    expect(mails.filter((m) => m.to === debtor.email)).toHaveLength(1);
    expect(await rowOf(queued.id)).toMatchObject({ status: "sent", attempts: 2, claimToken: null });
    expect(
      (
        await processOutbox({
          transports,
          now: new Date(leaseEnds.getTime() + 10 * 60_000),
          demo: false,
        })
      ).claimed,
    ).toBe(0);
  });
});
