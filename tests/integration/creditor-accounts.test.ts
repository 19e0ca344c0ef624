// The creditor's accounts and settings on a real database: list, one account, links
// (send, revoke), overrides, policy and its impact, branding, logo, export, dashboard.
// Every call with another creditor's id finds nothing.
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { findLinkByToken, linkStatus } from "../../app/models/access-links.server";
import {
  createLinkForAccount,
  getAccountForCreditor,
  revokeLinkForAccount,
  setPolicyOverride,
} from "../../app/models/creditor-accounts.server";
import {
  exportAccountsCsv,
  listAccounts,
  parseListQuery,
} from "../../app/models/creditor-account-list.server";
import { getDashboard } from "../../app/models/creditor-dashboard.server";
import {
  accountsMissingFact,
  getCreditor,
  getLogoFile,
  policyImpact,
  removeLogo,
  saveBranding,
  saveLogo,
  savePolicy,
  storedPolicy,
} from "../../app/models/creditor-settings.server";
import { effectivePolicy } from "../../app/models/policy.server";
import { outboxSecrets } from "../../app/models/outbox-secrets.server";
import { brandingFormSchema } from "../../app/lib/creditor-branding";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
let brightside: string;
let northbridge: string;
const actor = null as unknown as string; // audit actor (no user needed here)
const accountId = async (reference: string) =>
  (
    await database.db
      .select({ id: schema.accounts.id })
      .from(schema.accounts)
      .where(eq(schema.accounts.reference, reference))
  )[0].id;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db);
  const rows = await database.db
    .select({ id: schema.creditors.id, slug: schema.creditors.slug })
    .from(schema.creditors);
  brightside = rows.find((r) => r.slug === "brightside-dental")!.id;
  northbridge = rows.find((r) => r.slug === "northbridge-recovery")!.id;
});
afterAll(() => database?.dispose());

describe("accounts list", () => {
  it("is scoped by creditor, searchable, filterable, sortable and paged", async () => {
    const all = await listAccounts(brightside, parseListQuery(new URLSearchParams()));
    expect(all.rows.map((r) => r.reference)).toEqual(["BSD-100099", "BSD-100245", "BSD-100311"]);
    const byBalance = await listAccounts(
      brightside,
      parseListQuery(new URLSearchParams("sort=balance_desc")),
    );
    expect(byBalance.rows.map((r) => [r.reference, r.balanceCents])).toEqual([
      ["BSD-100311", 64000],
      ["BSD-100245", 8450],
      ["BSD-100099", 0],
    ]);
    expect(
      (await listAccounts(brightside, parseListQuery(new URLSearchParams("q=alex")))).rows.map(
        (r) => r.reference,
      ),
    ).toEqual(["BSD-100245"]);
    expect(
      (await listAccounts(brightside, parseListQuery(new URLSearchParams("status=on_hold")))).total,
    ).toBe(1);
    expect(
      (await listAccounts(brightside, parseListQuery(new URLSearchParams("q=NRS")))).total,
    ).toBe(0);
    expect(
      (await listAccounts(brightside, parseListQuery(new URLSearchParams("q=%25")))).total,
    ).toBe(0);
    expect(parseListQuery(new URLSearchParams("sort=evil&status=x&page=-3"))).toEqual({
      q: "",
      status: "",
      sort: "reference",
      page: 1,
    });
  });

  it("one account: ledger, links, audit; another creditor's account is not found", async () => {
    const alex = await accountId("BSD-100245");
    const view = (await getAccountForCreditor(brightside, alex))!;
    expect(view.balanceCents).toBe(8450);
    expect(view.ledger).toHaveLength(2);
    expect(view.links.length).toBeGreaterThan(0);
    expect(await getAccountForCreditor(northbridge, alex)).toBeNull();
    expect(await getAccountForCreditor(brightside, "not-a-uuid")).toBeNull();
  });
});

describe("links", () => {
  it("sends by email through the outbox, refuses SMS without consent, revokes; never across creditors", async () => {
    const alex = await accountId("BSD-100245");
    const sent = await createLinkForAccount({
      creditorId: brightside,
      actorId: actor,
      accountId: alex,
      channel: "email",
      ip: "ip",
    });
    expect(sent).toMatchObject({ ok: true, channel: "email" });
    if (!sent?.ok || sent.channel === "letter") throw new Error("expected an email send");
    expect(sent.status).toBe("queued");
    // The message row carries the link (minted in the same transaction); the creditor never sees the token.
    const [message] = await database.db
      .select()
      .from(schema.outboxMessages)
      .where(eq(schema.outboxMessages.id, sent.messageId));
    expect(message).toMatchObject({
      template: "access_link",
      channel: "email",
      initiatedBy: "creditor",
      accountId: alex,
      recipient: "alex.rivera@example.com",
    });
    expect(message.causeKey).toMatch(/^creditor-link:[0-9a-f-]{36}$/);
    expect(sent).not.toHaveProperty("token");
    // The token is kept sealed to the row (never in plain text) until the worker sends it.
    expect(Object.keys(message.payload)).toEqual(["sealed"]);
    const { linkToken } = outboxSecrets(message);
    const link = (await findLinkByToken(linkToken!))!;
    expect(link.id).toBe(message.accessLinkId);
    expect(link.channel).toBe("email");
    expect(linkStatus(link)).toBe("usable");
    const [event] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(eq(schema.auditEvents.action, "link.sent"), eq(schema.auditEvents.targetId, alex)),
      );
    expect(event.details).toMatchObject({ channel: "email", messageId: message.id });

    // A second click is a second message (its own cause), with its own link.
    const again = await createLinkForAccount({
      creditorId: brightside,
      actorId: actor,
      accountId: alex,
      channel: "email",
      ip: "ip",
    });
    if (!again?.ok || again.channel === "letter") throw new Error("expected an email send");
    expect(again.messageId).not.toBe(message.id);

    await database.db
      .update(schema.debtors)
      .set({ phoneConsentAt: null })
      .where(eq(schema.debtors.id, link.debtorId));
    expect(
      await createLinkForAccount({
        creditorId: brightside,
        actorId: actor,
        accountId: alex,
        channel: "sms",
        ip: "ip",
      }),
    ).toMatchObject({ ok: false });
    expect(
      await createLinkForAccount({
        creditorId: northbridge,
        actorId: actor,
        accountId: alex,
        channel: "email",
        ip: "ip",
      }),
    ).toBeNull();

    expect(
      await revokeLinkForAccount({
        creditorId: northbridge,
        actorId: actor,
        accountId: alex,
        linkId: link.id,
        ip: "ip",
      }),
    ).toBeNull();
    const maria = await accountId("NRS-55012873");
    expect(
      await revokeLinkForAccount({
        creditorId: northbridge,
        actorId: actor,
        accountId: maria,
        linkId: link.id,
        ip: "ip",
      }),
    ).toBe(false);
    expect(linkStatus((await findLinkByToken(linkToken!))!)).toBe("usable");
    expect(
      await revokeLinkForAccount({
        creditorId: brightside,
        actorId: actor,
        accountId: alex,
        linkId: link.id,
        ip: "ip",
      }),
    ).toBe(true);
    expect(linkStatus((await findLinkByToken(linkToken!))!)).toBe("invalid");
    const view = (await getAccountForCreditor(brightside, alex))!;
    expect(view.links.find((l) => l.id === link.id)?.state).toBe("revoked");
    expect(view.audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["link.sent", "link.revoked"]),
    );
  });

  it("the outbox's rules decide: an opted-out debtor gets nothing, the creditor is told and it is audited", async () => {
    const alex = await accountId("BSD-100245");
    const [account] = await database.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.id, alex));
    const [debtor] = await database.db
      .select()
      .from(schema.debtors)
      .where(eq(schema.debtors.id, account.debtorId));
    await database.db
      .update(schema.debtors)
      .set({ preferences: { ...debtor.preferences, optOutEmail: true } })
      .where(eq(schema.debtors.id, debtor.id));
    try {
      const linksBefore = (await getAccountForCreditor(brightside, alex))!.links.length;
      const outcome = await createLinkForAccount({
        creditorId: brightside,
        actorId: actor,
        accountId: alex,
        channel: "email",
        ip: "ip",
      });
      expect(outcome).toMatchObject({
        ok: true,
        channel: "email",
        status: "suppressed",
        reason: "opted_out",
      });
      // No link was minted for a message that will never go out.
      expect((await getAccountForCreditor(brightside, alex))!.links.length).toBe(linksBefore);
      const events = await database.db
        .select()
        .from(schema.auditEvents)
        .where(
          and(
            eq(schema.auditEvents.action, "link.not_sent"),
            eq(schema.auditEvents.targetId, alex),
          ),
        );
      expect(events).toHaveLength(1);
      expect(events[0].details).toMatchObject({ channel: "email", reason: "opted_out" });
    } finally {
      await database.db
        .update(schema.debtors)
        .set({ preferences: debtor.preferences })
        .where(eq(schema.debtors.id, debtor.id));
    }
  });

  it("a link to share by hand is minted and shown once, and audited as created", async () => {
    const alex = await accountId("BSD-100245");
    const outcome = await createLinkForAccount({
      creditorId: brightside,
      actorId: actor,
      accountId: alex,
      channel: "letter",
      ip: "ip",
    });
    if (!outcome?.ok || outcome.channel !== "letter") throw new Error("expected a letter link");
    const link = (await findLinkByToken(outcome.token))!;
    expect(link.channel).toBe("letter");
    expect(outcome.code).toMatch(/\S/);
    const [event] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(eq(schema.auditEvents.action, "link.created"), eq(schema.auditEvents.targetId, alex)),
      );
    expect(event.details).toMatchObject({ channel: "letter", linkId: link.id });
  });

  it("no links for a paid account", async () => {
    const priya = await accountId("BSD-100099");
    expect(
      await createLinkForAccount({
        creditorId: brightside,
        actorId: actor,
        accountId: priya,
        channel: "letter",
        ip: "ip",
      }),
    ).toMatchObject({ ok: false });
  });
});

describe("plan policy", () => {
  it("saving is audited; the debtor side reads the new policy; impact counts open accounts", async () => {
    const creditor = await getCreditor(brightside);
    const current = storedPolicy(creditor).policy;
    expect(await policyImpact(brightside, current)).toEqual({
      following: 1,
      changed: 0,
      withOverride: 0,
    });
    const offer = { ...current, settlement: { percentOff: 25, expiresOn: "2099-12-31" } };
    expect((await policyImpact(brightside, offer)).changed).toBe(1);
    const saved = await savePolicy({
      creditorId: brightside,
      actorId: actor,
      policy: offer,
      ip: "ip",
    });
    expect(saved.changedFields).toEqual(["settlement"]);
    const alex = await accountId("BSD-100245");
    const [account] = await database.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.id, alex));
    const after = await getCreditor(brightside);
    expect(
      effectivePolicy(after.planPolicy, account.policyOverride, {
        creditorId: brightside,
        accountId: alex,
      }).settlement,
    ).toEqual({ percentOff: 25, expiresOn: "2099-12-31" });
    const [event] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(eq(schema.auditEvents.action, "creditor.policy_updated"));
    expect(event.details).toEqual({ fields: "settlement" });
  });

  it("a per-account override is stored as the difference, checked against the policy, and removable", async () => {
    const alex = await accountId("BSD-100245");
    expect(
      await setPolicyOverride({
        creditorId: northbridge,
        actorId: actor,
        accountId: alex,
        override: { maxInstallments: 6 },
        ip: "ip",
      }),
    ).toBeNull();
    expect(
      await setPolicyOverride({
        creditorId: brightside,
        actorId: actor,
        accountId: alex,
        override: { minInstallments: 50 },
        ip: "ip",
      }),
    ).toMatchObject({ ok: false });
    expect(
      await setPolicyOverride({
        creditorId: brightside,
        actorId: actor,
        accountId: alex,
        override: { maxInstallments: 6 },
        ip: "ip",
      }),
    ).toEqual({ ok: true, fields: ["maxInstallments"] });
    const view = (await getAccountForCreditor(brightside, alex))!;
    expect(view.hasOverride).toBe(true);
    expect(view.policy.maxInstallments).toBe(6);
    expect((await policyImpact(brightside, view.basePolicy)).withOverride).toBe(1);
    await setPolicyOverride({
      creditorId: brightside,
      actorId: actor,
      accountId: alex,
      override: null,
      ip: "ip",
    });
    expect((await getAccountForCreditor(brightside, alex))!.hasOverride).toBe(false);
  });
});

describe("branding and logo", () => {
  it("saves branding (audited) and warns about accounts missing the new verification fact", async () => {
    const form = brandingFormSchema.parse({
      displayName: "Brightside Dental Care",
      legalName: "Brightside Dental Group LLC",
      supportEmail: "billing@brightside-dental.example",
      supportPhone: "(212) 555-0140",
      mailingAddress: "200 Park Avenue South, New York, NY 10003",
      accentColor: "#0f766e",
      collectorType: "first_party",
      timezone: "America/New_York",
      verificationFact: "dob",
      linkLifetimeDays: "14",
    });
    expect(
      (await saveBranding({ creditorId: brightside, actorId: actor, form, ip: "ip" })).changed,
    ).toEqual(["displayName", "supportHours", "mailingAddress", "linkLifetimeDays"]);
    expect((await getCreditor(brightside)).displayName).toBe("Brightside Dental Care");
    expect((await getCreditor(northbridge)).displayName).toBe("Northbridge Recovery Services");
    expect(await accountsMissingFact(brightside, "dob")).toBe(0);
  });

  it("accepts a PNG by its bytes, refuses SVG and oversize files, serves only the current file", async () => {
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.from("IHDR"),
      Buffer.from([0, 0, 0, 120, 0, 0, 0, 40]),
      Buffer.alloc(64),
    ]);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    );
    expect(
      await saveLogo({ creditorId: brightside, actorId: actor, bytes: svg, ip: "ip" }),
    ).toMatchObject({ ok: false });
    expect(
      await saveLogo({
        creditorId: brightside,
        actorId: actor,
        bytes: Buffer.concat([png, Buffer.alloc(300 * 1024)]),
        ip: "ip",
      }),
    ).toMatchObject({ ok: false });
    const huge = Buffer.from(png);
    huge.writeUInt32BE(5000, 16);
    expect(
      await saveLogo({ creditorId: brightside, actorId: actor, bytes: huge, ip: "ip" }),
    ).toMatchObject({ ok: false });
    const saved = await saveLogo({ creditorId: brightside, actorId: actor, bytes: png, ip: "ip" });
    expect(saved.ok).toBe(true);
    if (!saved.ok) return;
    const file = saved.path.split("/").pop()!;
    expect(file).toMatch(new RegExp(`^${brightside}\\.[0-9a-f]{16}\\.png$`));
    expect(await getLogoFile(file)).toMatchObject({ contentType: "image/png" });
    expect(await getLogoFile(file.replace(/\.[0-9a-f]{16}\./, ".0000000000000000."))).toBeNull();
    expect(await getLogoFile("../../etc/passwd")).toBeNull();
    await removeLogo({ creditorId: brightside, actorId: actor, ip: "ip" });
    expect(await getLogoFile(file)).toBeNull();
    expect((await getCreditor(brightside)).logoPath).toBeNull();
  });
});

describe("export and dashboard", () => {
  it("exports only this creditor's accounts, formula-safe", async () => {
    await database.db
      .update(schema.debtors)
      .set({ fullName: "=cmd|' /C calc'!A0" })
      .where(eq(schema.debtors.email, "priya.patel@example.com"));
    const bytes = new Uint8Array(
      await new Response(exportAccountsCsv(brightside, { q: "", status: "" })).arrayBuffer(),
    );
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM: spreadsheets read UTF-8
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split("\r\n");
    // The import's columns follow the reader's ones, so the file imports back as it is.
    expect(lines[0]).toBe(
      "reference,full_name,status,balance,currency,original_creditor,itemization_date,itemization_kind,email,email_source,phone,phone_source,created_at," +
        "itemized_amount,interest,fees,payments,credits,notice_sent_on,postal_code,email_consent_at,phone_consent_at,address_line1,address_line2,city,region,country,timezone,language",
    );
    expect(lines).toHaveLength(4);
    expect(text).not.toContain("NRS-");
    expect(text).toContain("BSD-100245,Alex Rivera,open,84.50,usd");
    expect(text).toContain(`BSD-100099,'=cmd|' /C calc'!A0,paid`);
    // The phone is a value the portal made: written as it is (no apostrophe), so it re-imports.
    expect(text).toContain(",+12125550101,");
  });

  it("shows collected this month, the open balance and counts by status", async () => {
    const dashboard = await getDashboard(northbridge);
    expect(dashboard.byStatus).toMatchObject({ open: 1, in_plan: 1 });
    expect(dashboard.openBalanceCents).toBe(480_575 + 80_000);
    // Sam Chen paid $200 a day ago (demo seed); Maria's payment was 20 days ago.
    expect(dashboard.collectedThisMonthCents).toBeGreaterThanOrEqual(0);
    expect(dashboard.totalAccounts).toBe(2);
  });
});
