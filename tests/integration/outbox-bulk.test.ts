// The bulk link mailing (queueLinkMessagesBulk) against the one-by-one path
// (queueLinkMessage): on the demo seed plus crafted debtors, each message gets the same
// decision, row and link either way. Queued messages do not count towards the cadence
// (only sending or sent ones do), so the two runs see the same facts; the one-by-one
// rows are read and then removed before the bulk run all the same.
import { eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { findLinkByCode, findLinkByToken, linkStatus } from "../../app/models/access-links.server";
import { queueLinkMessagesBulk } from "../../app/models/outbox-bulk.server";
import { outboxSecrets } from "../../app/models/outbox-secrets.server";
import { queueLinkMessage } from "../../app/models/outbox.server";
import type { Channel } from "../../app/lib/message-rules";
import { localMinutes } from "../../app/lib/quiet-hours";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
let accountIds: string[] = [];
const crafted: Record<string, string> = {};

// A weekday noon in New York, and 03:00 in New York the next night.
const NOON = (() => {
  const d = new Date(Date.now() + 2 * 86_400_000);
  d.setUTCHours(16, 0, 0, 0);
  return d;
})();
const NIGHT = new Date(NOON.getTime() + 11 * 3_600_000); // 03:00 (EDT) or 02:00 (EST): quiet either way

type Debtor = typeof schema.debtors.$inferInsert;
type Account = typeof schema.accounts.$inferSelect;

async function craft(name: string, debtor: Partial<Debtor>, status: Account["status"] = "open") {
  const [template] = await database.db
    .select()
    .from(schema.accounts)
    .where(eq(schema.accounts.reference, "BSD-100245"));
  const [model] = await database.db
    .select()
    .from(schema.debtors)
    .where(eq(schema.debtors.id, template.debtorId));
  const { id: _d, createdAt: _c, ...copy } = model;
  const [d] = await database.db
    .insert(schema.debtors)
    .values({
      ...copy,
      fullName: name,
      email: `${name}@example.com`,
      phone: "+12125550199",
      ...debtor,
    })
    .returning();
  const { id: _a, createdAt: _ac, ...accountCopy } = template;
  const [a] = await database.db
    .insert(schema.accounts)
    .values({ ...accountCopy, debtorId: d.id, reference: `CRAFT-${name}`, status })
    .returning();
  crafted[name] = a.id;
  return { accountId: a.id, debtorId: d.id };
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  await craft("optout-email-only", { phone: null, preferences: { optOutEmail: true } });
  await craft("optout-email-has-phone", { preferences: { optOutEmail: true } });
  await craft("sms-stopped", { email: null, phone: "+12125550177" });
  await database.db
    .insert(schema.smsSuppressions)
    .values({ phone: "+12125550177", keyword: "stop" });
  await craft("no-provenance", { emailSource: null, phoneSource: null });
  await craft("no-sms-consent", { email: null, phoneConsentAt: null });
  await craft("no-contact", { email: null, phone: null });
  await craft("on-hold", {}, "on_hold");
  await craft("own-quiet-window", { preferences: { quietStart: "11:00", quietEnd: "14:00" } });
  const used = await craft("cadence-used", {});
  // One collection message already went out an hour before each run's `now`.
  for (const [i, at] of [NOON, NIGHT].entries()) {
    await database.db.insert(schema.outboxMessages).values({
      channel: "email",
      recipient: "cadence-used@example.com",
      debtorId: used.debtorId,
      accountId: used.accountId,
      template: "payment_reminder",
      language: "en",
      initiatedBy: "system",
      causeKey: `crafted-sent:${i}`,
      status: "sent",
      dispatchedAt: new Date(at.getTime() - 3_600_000),
      sentAt: new Date(at.getTime() - 3_600_000),
    });
  }
  accountIds = (
    await database.db
      .select({ id: schema.accounts.id })
      .from(schema.accounts)
      .orderBy(schema.accounts.reference)
  ).map((a) => a.id);
});

afterAll(async () => {
  await database?.dispose();
});

type Outcome = Record<string, unknown>;

/** Everything that must agree between the two paths, for each account's message. */
async function outcomes(prefix: string, now: Date): Promise<Map<string, Outcome>> {
  const rows = await database.db
    .select()
    .from(schema.outboxMessages)
    .where(like(schema.outboxMessages.causeKey, `${prefix}:%`));
  const out = new Map<string, Outcome>();
  for (const row of rows) {
    // The secrets as the worker reads them (sealed to the row).
    const payload = Object.fromEntries(
      Object.entries(outboxSecrets(row)).filter(([, v]) => v !== undefined),
    ) as schema.OutboxSecrets;
    expect(Object.keys(row.payload)).toEqual(Object.keys(payload).length ? ["sealed"] : []);
    let link: Outcome | null = null;
    if (payload.linkToken) {
      const byToken = await findLinkByToken(payload.linkToken);
      const byCode = await findLinkByCode(payload.code!);
      expect(byToken?.id).toBe(row.accessLinkId);
      expect(byCode?.id).toBe(row.accessLinkId);
      link = {
        status: linkStatus(byToken, now),
        accountId: byToken!.accountId,
        debtorId: byToken!.debtorId,
        channel: byToken!.channel,
        lifetimeMs: byToken!.expiresAt.getTime() - byToken!.createdAt.getTime(),
      };
    } else {
      expect(row.accessLinkId).toBeNull();
    }
    out.set(row.accountId!, {
      status: row.status,
      reason: row.lastError,
      channel: row.channel,
      recipient: row.recipient,
      template: row.template,
      language: row.language,
      initiatedBy: row.initiatedBy,
      creditorId: row.creditorId,
      debtorId: row.debtorId,
      sendNow: row.sendNow,
      notBefore: row.notBefore.toISOString(),
      nextAttemptAt: row.nextAttemptAt.toISOString(),
      payloadKeys: Object.keys(payload).sort(),
      unsubscribe: Boolean(row.unsubscribeTokenHash),
      link,
    });
  }
  return out;
}

/** Removes a run's rows and links, so the next run starts from the same database. */
async function reset(prefix: string) {
  const rows = await database.db
    .select({ id: schema.outboxMessages.id, linkId: schema.outboxMessages.accessLinkId })
    .from(schema.outboxMessages)
    .where(like(schema.outboxMessages.causeKey, `${prefix}:%`));
  await database.db
    .delete(schema.outboxMessages)
    .where(like(schema.outboxMessages.causeKey, `${prefix}:%`));
  const links = rows.map((r) => r.linkId).filter((id): id is string => Boolean(id));
  if (links.length)
    await database.db.delete(schema.accessLinks).where(inArray(schema.accessLinks.id, links));
}

const rounds: { name: string; now: Date; channel?: Channel }[] = [
  { name: "noon", now: NOON },
  { name: "night", now: NIGHT },
  { name: "noon-sms", now: NOON, channel: "sms" },
];

describe.each(rounds)("bulk = one by one ($name)", ({ name, now, channel }) => {
  let single: Map<string, Outcome>;
  let bulk: Map<string, Outcome>;

  beforeAll(async () => {
    for (const accountId of accountIds) {
      await queueLinkMessage({
        accountId,
        channel,
        initiatedBy: "creditor",
        causeKey: `single-${name}:${accountId}`,
        now,
      });
    }
    single = await outcomes(`single-${name}`, now);
    await reset(`single-${name}`);
    const result = await queueLinkMessagesBulk({
      accountIds,
      initiatedBy: "creditor",
      causePrefix: `bulk-${name}`,
      channel,
      now,
      batchSize: 4,
    });
    expect(result).toMatchObject({
      accounts: accountIds.length,
      created: accountIds.length,
      duplicates: 0,
    });
    bulk = await outcomes(`bulk-${name}`, now);
    const counted: Record<string, number> = {};
    for (const o of bulk.values())
      counted[(o.reason as string | null) ?? "none"] =
        (counted[(o.reason as string | null) ?? "none"] ?? 0) + 1;
    expect(result.byReason).toEqual(counted);
  });

  it("makes the same decision, row and link for every account", () => {
    expect(single.size).toBe(accountIds.length);
    expect(bulk.size).toBe(accountIds.length);
    for (const accountId of accountIds)
      expect({ accountId, ...bulk.get(accountId) }).toEqual({
        accountId,
        ...single.get(accountId),
      });
  });

  it("mints a usable link only for queued messages", () => {
    for (const o of bulk.values()) {
      if (o.status === "queued") expect(o.link).toMatchObject({ status: "usable" });
      else expect(o.link).toBeNull();
    }
  });

  it("covers the crafted cases", () => {
    const of = (key: string) => bulk.get(crafted[key])!;
    if (channel === "sms") {
      expect(of("sms-stopped")).toMatchObject({ status: "suppressed", reason: "sms_stopped" });
      expect(of("no-sms-consent")).toMatchObject({ status: "suppressed", reason: "no_consent" });
      expect(of("optout-email-has-phone")).toMatchObject({ status: "queued", channel: "sms" });
    } else {
      expect(of("optout-email-only")).toMatchObject({
        status: "suppressed",
        reason: "opted_out",
        link: null,
      });
      expect(of("optout-email-has-phone")).toMatchObject({
        status: "queued",
        channel: "sms",
        recipient: "+12125550199",
      });
      expect(of("sms-stopped")).toMatchObject({ status: "suppressed", reason: "no_contact" });
      expect(of("no-contact")).toMatchObject({ status: "suppressed", reason: "no_contact" });
    }
    expect(of("no-provenance")).toMatchObject({ status: "suppressed", reason: "no_provenance" });
    expect(of("on-hold")).toMatchObject({ status: "suppressed", reason: "account_on_hold" });
    expect(of("cadence-used")).toMatchObject({ status: "queued", reason: "cadence_day" });
    if (name === "night") {
      const quiet = of("own-quiet-window");
      expect(quiet).toMatchObject({ status: "queued", reason: "quiet_hours" });
      expect(localMinutes(new Date(quiet.nextAttemptAt as string), "America/New_York")).toBe(
        8 * 60,
      );
    }
    if (name === "noon")
      expect(of("own-quiet-window")).toMatchObject({
        status: "queued",
        reason: "debtor_quiet_window",
      });
  });

  it("puts no detail of the debt in the payload", async () => {
    const rows = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(like(schema.outboxMessages.causeKey, `bulk-${name}:%`));
    const accounts = await database.db.select().from(schema.accounts);
    for (const row of rows) {
      const secrets = outboxSecrets(row);
      expect(
        Object.keys(secrets).every((k) => ["linkToken", "code", "unsubscribeToken"].includes(k)),
      ).toBe(true);
      const text = JSON.stringify(secrets) + JSON.stringify(row.payload);
      expect(text).not.toMatch(/amount|cents|balance|\$/i);
      for (const a of accounts) {
        expect(text).not.toContain(a.reference);
        if (a.originalCreditor) expect(text).not.toContain(a.originalCreditor);
      }
    }
  });

  it("a second run with the same prefix adds nothing", async () => {
    const messages = await database.db.$count(schema.outboxMessages);
    const links = await database.db.$count(schema.accessLinks);
    const again = await queueLinkMessagesBulk({
      accountIds: [...accountIds, accountIds[0]],
      initiatedBy: "creditor",
      causePrefix: `bulk-${name}`,
      channel,
      now,
    });
    expect(again).toEqual({
      accounts: accountIds.length + 1,
      created: 0,
      duplicates: accountIds.length + 1,
      byStatus: {},
      byReason: {},
    });
    expect(await database.db.$count(schema.outboxMessages)).toBe(messages);
    expect(await database.db.$count(schema.accessLinks)).toBe(links);
  });
});
