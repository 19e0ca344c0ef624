// The outbox end to end: real migrations, the real nodemailer against a real SMTP server
// (smtp-server on port 0), the real Twilio client against a local fake of Twilio's API.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { findLinkByToken, linkStatus, mintAccessLink } from "../../app/models/access-links.server";
import { requestFreshLink } from "../../app/models/link-resend.server";
import { fileDispute } from "../../app/models/disputes.server";
import { handleInboundSms } from "../../app/models/messages-inbound.server";
import { unsubscribeEmail } from "../../app/models/messages-unsubscribe.server";
import {
  queueDisputeAcknowledgement,
  queueLinkMessage,
  queuePaymentReceipt,
  queuePaymentReminder,
} from "../../app/models/outbox.server";
import { scheduleReminders } from "../../app/models/payment-reminders.server";
import { backoffMs, processOutbox, type Transports } from "../../app/workers/outbox-worker.server";
import { createSmtpSender } from "../../app/services/email.server";
import { createTwilioSender, twilioSignature } from "../../app/services/sms.server";
import { resetEnvForTests } from "../../app/utils/env.server";
import { localMinutes } from "../../app/lib/quiet-hours";
import { createTestDatabase, type TestDatabase } from "../support/db";

type Mail = { from: string; to: string[]; raw: string; text: string };
type Sms = { to: string; from?: string; service?: string; body: string; auth: string };

const SID = "AC_test_account";
const TOKEN = "test_auth_token";
let database: TestDatabase;
let smtp: SMTPServer;
let twilio: http.Server;
let transports: Transports;
const mails: Mail[] = [];
const texts: Sms[] = [];
let twilioFailures: { status: number; code?: number }[] = [];
const ids: Record<string, { accountId: string; debtorId: string }> = {};

// A fixed weekday noon in New York (09:00 in California): inside every quiet-hours window.
const NOON = (() => {
  const d = new Date(Date.now() + 2 * 86_400_000);
  d.setUTCHours(16, 0, 0, 0);
  return d;
})();
const later = (hours: number, from = NOON) => new Date(from.getTime() + hours * 3_600_000);

/** Decodes the quoted-printable parts enough to read URLs and words. */
function decodeQp(raw: string) {
  // Unfold long headers, join soft line breaks, decode =XX (UTF-8 bytes, read as Latin-1 then fixed).
  const latin = raw
    .replace(/=\r?\n/g, "")
    .replace(/\r\n[ \t]+/g, " ")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(latin, "latin1").toString("utf8");
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  for (const reference of [
    "BSD-100245",
    "NRS-55012873",
    "NRS-55019940",
    "BSD-100311",
    "BSD-100099",
  ]) {
    const [a] = await database.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.reference, reference));
    ids[reference] = { accountId: a.id, debtorId: a.debtorId };
  }

  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("bounce"))
        return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text: decodeQp(raw),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  twilio = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const expectedAuth = `Basic ${Buffer.from(`${SID}:${TOKEN}`).toString("base64")}`;
      res.setHeader("Content-Type", "application/json");
      if (req.method !== "POST" || req.url !== `/2010-04-01/Accounts/${SID}/Messages.json`) {
        res.writeHead(404).end(JSON.stringify({ code: 20404, message: "Not found", status: 404 }));
        return;
      }
      if (req.headers.authorization !== expectedAuth) {
        res
          .writeHead(401)
          .end(JSON.stringify({ code: 20003, message: "Authenticate", status: 401 }));
        return;
      }
      const form = new URLSearchParams(body);
      const failure = twilioFailures.shift();
      if (failure) {
        res
          .writeHead(failure.status)
          .end(
            failure.code
              ? JSON.stringify({ code: failure.code, message: "fail", status: failure.status })
              : "",
          );
        return;
      }
      texts.push({
        to: form.get("To") ?? "",
        from: form.get("From") ?? undefined,
        service: form.get("MessagingServiceSid") ?? undefined,
        body: form.get("Body") ?? "",
        auth: req.headers.authorization ?? "",
      });
      res.writeHead(201).end(
        JSON.stringify({
          sid: `SM${texts.length.toString().padStart(32, "0")}`,
          status: "queued",
        }),
      );
    });
  });
  await new Promise<void>((resolve) => twilio.listen(0, "127.0.0.1", resolve));
  const twilioPort = (twilio.address() as AddressInfo).port;

  const email = createSmtpSender({
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailFrom: "Portal <no-reply@portal.example>",
  });
  transports = {
    email,
    sms: createTwilioSender({
      accountSid: SID,
      authToken: TOKEN,
      from: "+15005550006",
      baseUrl: `http://127.0.0.1:${twilioPort}`,
    }),
    close: () => email.close(),
  };
});

afterAll(async () => {
  transports?.close?.();
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await new Promise<void>((resolve) => (twilio ? twilio.close(() => resolve()) : resolve()));
  await database?.dispose();
});

beforeEach(() => {
  mails.length = 0;
  texts.length = 0;
  twilioFailures = [];
});

const deliver = (now = NOON) => processOutbox({ transports, now, demo: false });
const row = async (id: string) =>
  (
    await database.db.select().from(schema.outboxMessages).where(eq(schema.outboxMessages.id, id))
  )[0];
const tx = <T>(
  fn: (t: Parameters<Parameters<typeof database.db.transaction>[0]>[0]) => Promise<T>,
) => database.db.transaction(fn);

describe("email through a real SMTP server", () => {
  it("'send me a new link' from an expired link: one email, a working link, no debt details", async () => {
    const expired = await mintAccessLink({
      accountId: ids["BSD-100245"].accountId,
      channel: "email",
      now: later(-24 * 40),
    });
    const link = await findLinkByToken(expired.token);
    await requestFreshLink(link, "127.0.0.1", NOON);
    await requestFreshLink(link, "127.0.0.1", later(1)); // pressed again: same day, same cause
    const pass = await deliver(later(1));
    expect(pass.sent).toBe(1);
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail.to).toEqual(["alex.rivera@example.com"]);
    expect(mail.from).toBe("no-reply@portal.example");
    expect(mail.text).toMatch(/^From: Brightside Dental <no-reply@portal\.example>/m);
    expect(mail.text).toMatch(/^Subject: A secure link from Brightside Dental/m);
    expect(mail.text).toMatch(
      /^List-Unsubscribe: <http:\/\/localhost:\d+\/unsubscribe\/[A-Za-z0-9_-]+>/m,
    );
    expect(mail.text).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
    expect(mail.text).toContain("Content-Type: text/plain");
    expect(mail.text).toContain("Content-Type: text/html");
    for (const secret of ["BSD-100245", "84.50", "8450", "Alex", "Rivera", "Cleaning", "Late fee"])
      expect(mail.text).not.toContain(secret);

    const token = mail.text.match(/\/l\/([A-Za-z0-9_-]{20,64})/)?.[1];
    const fresh = await findLinkByToken(token ?? "");
    expect(fresh?.accountId).toBe(ids["BSD-100245"].accountId);
    expect(linkStatus(fresh, later(2))).toBe("usable");
    const code = mail.text.match(/[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}/)?.[0];
    expect(code).toBeTruthy();

    const [sent] = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.accessLinkId, fresh!.id));
    expect(sent).toMatchObject({
      status: "sent",
      provider: "smtp",
      attempts: 1,
      payload: {},
      initiatedBy: "debtor",
    });
    const audits = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(
          eq(schema.auditEvents.action, "link.resend_requested"),
          eq(schema.auditEvents.targetId, link!.id),
        ),
      );
    expect(audits).toHaveLength(2);
  });

  it("a retried payment event never sends two receipts; receipts are outside the cadence", async () => {
    const { accountId } = ids["NRS-55019940"];
    await queueLinkMessage({
      accountId,
      initiatedBy: "creditor",
      causeKey: "creditor-link:t1",
      now: NOON,
    });
    expect((await deliver()).sent).toBe(1);
    const first = await tx((t) =>
      queuePaymentReceipt(t, { accountId, paymentIntentId: "pi_123", now: later(1) }),
    );
    const again = await tx((t) =>
      queuePaymentReceipt(t, { accountId, paymentIntentId: "pi_123", now: later(1) }),
    );
    expect(again).toMatchObject(first.map((m) => ({ id: m.id, duplicate: true })));
    // One per channel the debtor keeps open (email and SMS), once.
    expect((await deliver(later(1))).sent).toBe(2);
    expect((await deliver(later(2))).claimed).toBe(0);
    expect(mails.map((m) => m.text.match(/^Subject: (.*)$/m)?.[1])).toEqual([
      "A secure link from Northbridge Recovery Services",
      "Your receipt from Northbridge Recovery Services",
    ]);
    // The agency's first message carries the longer disclosure; later ones the short one.
    expect(mails[0].text).toContain("This is an attempt to collect a debt");
    expect(mails[1].text).toContain("This is a communication from a debt collector.");
    expect(mails[1].text).not.toContain("This is an attempt to collect a debt");
  });

  it("cadence: a second collection message the same day waits 24 hours", async () => {
    const { accountId } = ids["NRS-55019940"];
    const second = await queueLinkMessage({
      accountId,
      initiatedBy: "creditor",
      causeKey: "creditor-link:t2",
      now: later(3),
    });
    expect(second).toMatchObject({ status: "queued", reason: "cadence_day" });
    expect((await deliver(later(3))).claimed).toBe(0);
    const waiting = await row(second.id);
    expect(waiting.nextAttemptAt.getTime()).toBe(NOON.getTime() + 24 * 3_600_000);
    expect((await deliver(later(24))).sent).toBe(1);
  });

  it("quiet hours: a receipt for a payment at night waits until 08:00, unless the debtor asked for it now", async () => {
    const { accountId } = ids["BSD-100245"];
    const night = later(11); // 22:00 or 23:00 in New York
    const [waits] = await tx((t) =>
      queuePaymentReceipt(t, { accountId, paymentIntentId: "pi_night", now: night }),
    );
    const [now] = await tx((t) =>
      queuePaymentReceipt(t, { accountId, paymentIntentId: "pi_now", sendNow: true, now: night }),
    );
    expect(waits).toMatchObject({ status: "queued", reason: "quiet_hours" });
    // The one asked for now, by email and by SMS.
    expect((await deliver(night)).sent).toBe(2);
    expect((await row(now.id)).status).toBe("sent");
    const waiting = await row(waits.id);
    expect(waiting.status).toBe("queued");
    expect(localMinutes(waiting.nextAttemptAt, "America/New_York")).toBe(8 * 60);
    expect(waiting.nextAttemptAt.getTime() - night.getTime()).toBeLessThanOrEqual(10 * 3_600_000);
  });

  it("a 5xx answer from the mail server fails the message for good and revokes its link", async () => {
    const { accountId, debtorId } = ids["BSD-100099"];
    await database.db
      .update(schema.debtors)
      .set({ email: "bounce@example.com" })
      .where(eq(schema.debtors.id, debtorId));
    const queued = await queueLinkMessage({
      accountId,
      initiatedBy: "debtor",
      causeKey: "debtor-link:bounce",
      now: NOON,
    });
    expect((await deliver()).failed).toBe(1);
    const failed = await row(queued.id);
    expect(failed).toMatchObject({ status: "failed", lastError: "smtp_550", payload: {} });
    const [link] = await database.db
      .select()
      .from(schema.accessLinks)
      .where(eq(schema.accessLinks.id, failed.accessLinkId!));
    expect(link.revokedAt).not.toBeNull();
  });

  it("unsubscribe: the token in the email turns email off; the next email is never sent", async () => {
    const { accountId, debtorId } = ids["BSD-100245"];
    await queueLinkMessage({
      accountId,
      initiatedBy: "creditor",
      causeKey: "creditor-link:unsub",
      now: later(48),
    });
    await deliver(later(48));
    const token = mails.at(-1)?.text.match(/\/unsubscribe\/([A-Za-z0-9_-]+)/)?.[1] ?? "";
    expect(await unsubscribeEmail(token, "127.0.0.1", "one-click")).toBe(true);
    const [debtor] = await database.db
      .select()
      .from(schema.debtors)
      .where(eq(schema.debtors.id, debtorId));
    expect(debtor.preferences.optOutEmail).toBe(true);
    const next = await queueLinkMessage({
      accountId,
      channel: "email",
      initiatedBy: "creditor",
      causeKey: "creditor-link:after-unsub",
      now: later(96),
    });
    expect(next).toMatchObject({ status: "suppressed", reason: "opted_out" });
    expect((await row(next.id)).accessLinkId).toBeNull();
    expect(await unsubscribeEmail("not-a-real-token-at-all-xx", "127.0.0.1", "page")).toBe(false);
  });

  it("a contact without provenance is refused", async () => {
    const { accountId, debtorId } = ids["BSD-100099"];
    await database.db
      .update(schema.debtors)
      .set({ email: "priya@example.com", emailSource: null })
      .where(eq(schema.debtors.id, debtorId));
    const result = await queueLinkMessage({
      accountId,
      channel: "email",
      initiatedBy: "creditor",
      causeKey: "creditor-link:noprov",
      now: NOON,
    });
    expect(result).toMatchObject({ status: "suppressed", reason: "no_provenance" });
  });
});

describe("disputes", () => {
  it("the acknowledgement goes while on hold; a reminder queued before the dispute is stopped by the worker", async () => {
    const { accountId, debtorId } = ids["NRS-55012873"];
    const reminder = await tx((t) =>
      queuePaymentReminder(t, {
        accountId,
        installmentId: "00000000-0000-0000-0000-000000000001",
        dueDate: "2099-01-01",
        now: NOON,
      }),
    );
    expect(reminder.status).toBe("queued");
    const dispute = await fileDispute({
      debtorId,
      accountId,
      form: { reason: "not_my_debt", details: "" } as never,
      ip: "127.0.0.1",
    });
    expect(dispute).not.toBeNull();
    const pass = await deliver(later(30));
    expect(pass).toMatchObject({ sent: 1, suppressed: 1 });
    expect(await row(reminder.id)).toMatchObject({
      status: "suppressed",
      lastError: "account_on_hold",
    });
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual(["maria.gonzalez@example.com"]);
    expect(mails[0].text).toContain("Recibimos su disputa. Gracias por avisarnos.");
    expect(mails[0].text).toContain("Esta es una comunicación de un cobrador de deudas.");
    const ack = await tx((t) =>
      queueDisputeAcknowledgement(t, { accountId, disputeId: dispute!.id }),
    );
    expect(ack.duplicate).toBe(true);
  });
});

describe("SMS through the fake Twilio API", () => {
  const sam = () => ids["NRS-55019940"];
  const phone = "+14155550103";

  it("sends with basic auth and the From number; the text has the link, the disclosure and STOP", async () => {
    const queued = await queueLinkMessage({
      accountId: sam().accountId,
      channel: "sms",
      initiatedBy: "debtor",
      causeKey: "sms:1",
      now: later(72),
    });
    expect((await deliver(later(72))).sent).toBe(1);
    expect(texts).toHaveLength(1);
    expect(texts[0]).toMatchObject({ to: phone, from: "+15005550006" });
    expect(texts[0].body).toMatch(
      /^Northbridge Recovery Services: here is your secure link http:\/\/localhost:\d+\/l\/[A-Za-z0-9_-]+ This is a communication from a debt collector\. Reply STOP to opt out\.$/,
    );
    expect(await row(queued.id)).toMatchObject({
      status: "sent",
      provider: "twilio",
      providerId: "SM00000000000000000000000000000001",
    });
  });

  it("retries a 500 with exponential backoff, then sends; a permanent Twilio error fails", async () => {
    twilioFailures = [{ status: 500 }, { status: 503, code: 20500 }];
    const queued = await queueLinkMessage({
      accountId: sam().accountId,
      channel: "sms",
      initiatedBy: "debtor",
      causeKey: "sms:retry",
      now: later(73),
    });
    expect((await deliver(later(73))).retried).toBe(1);
    let r = await row(queued.id);
    expect(r).toMatchObject({ status: "queued", attempts: 1, lastError: "twilio_http_500" });
    expect(r.nextAttemptAt.getTime()).toBe(later(73).getTime() + backoffMs(1));
    expect((await deliver(later(73))).claimed).toBe(0); // not due yet
    expect((await deliver(new Date(later(73).getTime() + backoffMs(1)))).retried).toBe(1);
    r = await row(queued.id);
    expect(r).toMatchObject({ attempts: 2, lastError: "twilio_20500" });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect((await deliver(later(74))).sent).toBe(1);
    expect(texts).toHaveLength(1);

    twilioFailures = [{ status: 400, code: 21211 }];
    const bad = await queueLinkMessage({
      accountId: sam().accountId,
      channel: "sms",
      initiatedBy: "debtor",
      causeKey: "sms:bad",
      now: later(75),
    });
    expect((await deliver(later(75))).failed).toBe(1);
    expect(await row(bad.id)).toMatchObject({ status: "failed", lastError: "twilio_21211" });
  });

  const STOP_WORDS = [
    "STOP",
    "stopall",
    "Unsubscribe",
    "CANCEL",
    "end.",
    "Quit!",
    "revoke",
    "OPT OUT",
    "no más",
    "No Mas!",
  ];
  it.each(STOP_WORDS)(
    "%j → suppression, one confirmation, next send blocked, START lifts it",
    async (word) => {
      const sid = `SMin${Math.random().toString(36).slice(2)}`;
      expect(
        await handleInboundSms({ messageSid: sid, from: "(415) 555-0103", body: word }, later(76)),
      ).toMatchObject({ keyword: "stop", replyQueued: true });
      // Twilio retries the same webhook, and the debtor sends STOP again: no second confirmation.
      expect(
        await handleInboundSms({ messageSid: sid, from: phone, body: word }, later(76)),
      ).toMatchObject({ duplicate: true, replyQueued: false });
      expect(
        await handleInboundSms({ messageSid: `${sid}b`, from: phone, body: "stop" }, later(76)),
      ).toMatchObject({ replyQueued: false });
      const blocked = await queueLinkMessage({
        accountId: sam().accountId,
        channel: "sms",
        initiatedBy: "debtor",
        causeKey: `sms:blocked:${sid}`,
        now: later(76),
      });
      expect(blocked).toMatchObject({ status: "suppressed", reason: "sms_stopped" });
      const pass = await deliver(later(76));
      expect(pass.sent).toBe(1);
      expect(texts).toHaveLength(1);
      expect(texts[0].to).toBe(phone);
      const spanish = word.toLowerCase().startsWith("no m");
      expect(texts[0].body).toContain(
        spanish ? "Responda START" : "Reply START to subscribe again",
      );
      expect(texts[0].body).not.toContain("Reply STOP");

      expect(
        await handleInboundSms({ messageSid: `${sid}c`, from: phone, body: "Start" }, later(77)),
      ).toMatchObject({ keyword: "start", replyQueued: true });
      const allowed = await queueLinkMessage({
        accountId: sam().accountId,
        channel: "sms",
        initiatedBy: "debtor",
        causeKey: `sms:allowed:${sid}`,
        now: later(77),
      });
      expect(allowed.status).toBe("queued");
      await deliver(later(77));
      expect(texts.map((t) => t.body.slice(0, 60))).toHaveLength(3);
    },
  );

  it("HELP gets the help text, even from a stopped number", async () => {
    await handleInboundSms({ messageSid: "SMhelp1", from: phone, body: "stop" }, later(78));
    await handleInboundSms({ messageSid: "SMhelp2", from: phone, body: "help" }, later(78));
    await deliver(later(78));
    expect(texts.map((t) => t.body)).toEqual([
      expect.stringContaining("you are unsubscribed"),
      expect.stringContaining("Help: (800) 555-0199"),
    ]);
    await handleInboundSms({ messageSid: "SMhelp3", from: phone, body: "unstop" }, later(78));
    const logged = await database.db
      .select()
      .from(schema.inboundSms)
      .where(eq(schema.inboundSms.providerId, "SMhelp2"));
    expect(logged[0]).toMatchObject({ keyword: "help", fromPhone: phone });
  });

  it("the webhook route verifies Twilio's signature", async () => {
    Object.assign(process.env, { TWILIO_AUTH_TOKEN: TOKEN, APP_URL: "https://portal.example" });
    resetEnvForTests();
    try {
      const { action } = await import("../../app/routes/webhooks.twilio.sms");
      const params = { MessageSid: "SMwebhook1", From: phone, To: "+15005550006", Body: "HELP" };
      const url = "https://portal.example/webhooks/twilio/sms";
      const call = (signature: string) =>
        action({
          request: new Request("http://10.0.0.5:3000/webhooks/twilio/sms", {
            method: "POST",
            headers: {
              "Content-Type": "application/x-www-form-urlencoded",
              "X-Twilio-Signature": signature,
            },
            body: new URLSearchParams(params),
          }),
          params: {},
          context: { cspNonce: "", clientIp: "127.0.0.1" },
        } as never) as Promise<Response>;
      expect((await call("bad")).status).toBe(403);
      expect((await call(twilioSignature(TOKEN, url, { ...params, Body: "STOP" }))).status).toBe(
        403,
      );
      const ok = await call(twilioSignature(TOKEN, url, params));
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("<Response></Response>");
      expect(
        await database.db
          .select()
          .from(schema.inboundSms)
          .where(eq(schema.inboundSms.providerId, "SMwebhook1")),
      ).toHaveLength(1);
    } finally {
      delete process.env.TWILIO_AUTH_TOKEN;
      delete process.env.APP_URL;
      resetEnvForTests();
    }
  });

  it("uses the Messaging Service when TWILIO_FROM is one", async () => {
    const port = (twilio.address() as AddressInfo).port;
    const viaService = createTwilioSender({
      accountSid: SID,
      authToken: TOKEN,
      from: "MG0123456789abcdef",
      baseUrl: `http://127.0.0.1:${port}`,
    });
    await viaService.send({ to: phone, body: "hello" });
    expect(texts[0]).toMatchObject({ service: "MG0123456789abcdef", from: undefined });
    const wrong = createTwilioSender({
      accountSid: SID,
      authToken: "wrong",
      from: "+15005550006",
      baseUrl: `http://127.0.0.1:${port}`,
    });
    await expect(wrong.send({ to: phone, body: "x" })).rejects.toMatchObject({
      code: "twilio_20003",
      permanent: false,
    });
  });
});

describe("reminders", () => {
  it("queues one reminder per installment due within 3 days of an active plan, once", async () => {
    const { accountId } = ids["NRS-55019940"];
    const day = (n: number) => new Date(NOON.getTime() + n * 86_400_000).toISOString().slice(0, 10);
    // The demo seed gives this account a live plan of its own: this test brings its own.
    await database.db
      .update(schema.plans)
      .set({ status: "cancelled" })
      .where(eq(schema.plans.accountId, accountId));
    const [plan] = await database.db
      .insert(schema.plans)
      .values({
        accountId,
        kind: "installments",
        frequency: "weekly",
        installmentCount: 2,
        startDate: day(2),
        agreedOn: day(0),
        totalCents: 20_000,
        balanceCents: 80_000,
        currency: "usd",
        status: "active",
        authorizationVersion: "test",
        authorizationText: "x",
        authorizationTextSha256: "x",
        authorizationLanguage: "en",
        authorizedAt: NOON,
      })
      .onConflictDoNothing()
      .returning();
    expect(plan).toBeTruthy();
    await database.db.insert(schema.installments).values([
      {
        planId: plan.id,
        seq: 1,
        dueDate: day(2),
        amountCents: 10_000,
        originalAmountCents: 10_000,
        originalDueDate: day(2),
      },
      {
        planId: plan.id,
        seq: 2,
        dueDate: day(9),
        amountCents: 10_000,
        originalAmountCents: 10_000,
        originalDueDate: day(9),
      },
    ]);
    expect(await scheduleReminders(NOON, database.db)).toBe(1);
    expect(await scheduleReminders(later(1), database.db)).toBe(0);
    const reminders = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.template, "payment_reminder"));
    expect(reminders.filter((r) => r.accountId === accountId)).toHaveLength(1);
  });
});

describe("two workers", () => {
  // PGlite has one connection (transactions queue), so real concurrency needs PostgreSQL.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "never take the same message (FOR UPDATE SKIP LOCKED; needs TEST_DATABASE_URL: PGlite is one connection, nothing runs concurrently)",
    async () => {
      const accounts = Object.values(ids).map((i) => i.accountId);
      const queued = [];
      for (let i = 0; i < 12; i++) {
        queued.push(
          ...(await tx((t) =>
            queuePaymentReceipt(t, {
              accountId: accounts[i % accounts.length],
              paymentIntentId: `pi_parallel_${i}`,
              sendNow: true,
              now: later(200),
            }),
          )),
        );
      }
      const sendable = queued.filter((q) => q.status === "queued").map((q) => q.id);
      mails.length = 0;
      texts.length = 0;
      const run = async () => {
        let sent = 0;
        for (;;) {
          const pass = await processOutbox({ transports, now: later(200), limit: 2, demo: false });
          sent += pass.sent;
          if (pass.claimed === 0) return sent;
        }
      };
      const [a, b] = await Promise.all([run(), run()]);
      // Each send is one delivery (no message taken twice), and every receipt went once.
      expect(mails.length + texts.length).toBe(a + b);
      expect(a).toBeGreaterThan(0);
      expect(b).toBeGreaterThan(0);
      for (const id of sendable)
        expect(await row(id)).toMatchObject({ status: "sent", attempts: 1 });
    },
  );
});
