// Demo data: two creditors (a business collecting its own invoices and a collection
// agency), a handful of debtors covering the interesting cases, and links for each.
// Idempotent: seeds once, and refreshes the demo links on every start.
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import * as schema from "../../db/schema";
import { mintAccessLink, verificationHash } from "../models/access-links.server";
import { enterPlan, markPaid, openAccount, putOnHold } from "../models/account-state.server";
import { referenceLast4 } from "../lib/verification";
import { listDemoAccess } from "./access.server";
import { demoAccess, demoFixtures } from "./schema";
import { seedDemoPlans } from "./seed-plans.server";
import { seedDemoCreditorUsers } from "./seed-creditors.server";
import {
  brightsidePolicy,
  DAY,
  daysFromNow,
  DEMO_ACCOUNTS,
  FIXTURE_LINKS,
  isoDay,
  northbridgePolicy,
} from "./seed-data.server";

export async function seedDemo(db: Db): Promise<void> {
  const [existing] = await db
    .select({ id: schema.creditors.id })
    .from(schema.creditors)
    .where(eq(schema.creditors.slug, "brightside-dental"));
  if (existing) {
    await refreshDemoLinks(db);
    await seedDemoCreditorUsers(db);
    await seedDemoPlans(db);
    return;
  }
  await db.transaction(async (tx) => {
    const [brightside] = await tx
      .insert(schema.creditors)
      .values({
        slug: "brightside-dental",
        displayName: "Brightside Dental",
        legalName: "Brightside Dental Group LLC",
        collectorType: "first_party",
        timezone: "America/New_York",
        supportEmail: "billing@brightside-dental.example",
        supportPhone: "(212) 555-0140",
        mailingAddress: "200 Park Avenue South, Suite 410, New York, NY 10003",
        supportHours: "Monday to Friday, 9:00 to 17:00 Eastern",
        accentColor: "#0f766e",
        verificationFact: "dob",
        planPolicy: brightsidePolicy,
      })
      .returning();
    const [northbridge] = await tx
      .insert(schema.creditors)
      .values({
        slug: "northbridge-recovery",
        displayName: "Northbridge Recovery Services",
        legalName: "Northbridge Recovery Services, Inc.",
        collectorType: "third_party",
        timezone: "America/Chicago",
        supportEmail: "help@northbridge-recovery.example",
        supportPhone: "(800) 555-0199",
        mailingAddress: "PO Box 4410, Austin, TX 78765",
        supportHours: "Monday to Saturday, 8:00 to 20:00 Central",
        accentColor: "#6d28d9",
        verificationFact: "postal_code",
        planPolicy: northbridgePolicy(),
      })
      .returning();
    const creditorIds = { brightside: brightside.id, northbridge: northbridge.id };
    const consentAt = new Date(Date.now() - 200 * DAY);

    for (const [index, demo] of DEMO_ACCOUNTS.entries()) {
      const d = demo.debtor;
      const [debtor] = await tx
        .insert(schema.debtors)
        .values({
          creditorId: creditorIds[demo.creditor],
          fullName: d.fullName,
          email: d.email,
          emailSource: "creditor_records",
          emailConsentAt: consentAt,
          phone: d.phone,
          phoneSource: "debtor_provided",
          phoneConsentAt: consentAt,
          addressLine1: `${100 + index} Demo Street`,
          city: d.city,
          region: d.region,
          postalCode: d.postalCode,
          language: d.language,
          dobHash: verificationHash("dob", d.dob),
          postalCodeHash: verificationHash("postal_code", d.postalCode),
        })
        .returning();
      const itemizedDaysAgo = Math.max(...demo.ledger.map((l) => l.daysAgo));
      const account = await openAccount(tx, {
        creditorId: creditorIds[demo.creditor],
        debtorId: debtor.id,
        reference: demo.reference,
        referenceLast4Hash: verificationHash("account_last4", referenceLast4(demo.reference)),
        originalCreditor: demo.originalCreditor ?? null,
        itemizationDate: isoDay(daysFromNow(-itemizedDaysAgo)),
        itemizationKind: demo.itemizationKind,
        noticeSentOn: isoDay(daysFromNow(-10)),
      });
      for (const [i, entry] of demo.ledger.entries()) {
        await tx.insert(schema.ledgerEntries).values({
          accountId: account.id,
          kind: entry.kind,
          amountCents: entry.cents,
          currency: "usd",
          occurredAt: daysFromNow(-entry.daysAgo),
          source: entry.kind === "payment" ? "creditor" : "import",
          sourceId: `demo:${demo.reference}:${i}`,
          memo: entry.memo ?? null,
        });
      }
      if (demo.status === "on_hold") {
        await tx.insert(schema.disputes).values({
          accountId: account.id,
          debtorId: debtor.id,
          creditorId: account.creditorId,
          reason: "wrong_amount",
          details: "I was told the crown was covered by my insurance.",
          statusBeforeHold: "open",
          createdAt: daysFromNow(-3),
        });
      }
      // The persona's status, reached through the state owner's transitions.
      if (demo.status === "in_plan") await enterPlan(tx, account);
      else if (demo.status === "on_hold") await putOnHold(tx, account);
      else if (demo.status === "paid") await markPaid(tx, account, { history: true });
      else if (demo.status !== "open") throw new Error(`no demo persona starts ${demo.status}`);
      const link = await mintAccessLink({ accountId: account.id, channel: "demo" }, tx);
      const fact = demo.creditor === "brightside" ? "dob" : "postal_code";
      await tx.insert(demoAccess).values({
        accountId: account.id,
        label: `${d.fullName}: ${demo.label}`,
        token: link.token,
        code: link.code,
        answer: fact === "dob" ? usDate(d.dob) : d.postalCode,
        answerHint: fact === "dob" ? "date of birth" : "ZIP code",
        sortOrder: index,
      });
    }
  });
  await createFixtureLinks(db);
  await seedDemoCreditorUsers(db);
  await seedDemoPlans(db);
}

async function createFixtureLinks(db: Db) {
  for (const [index, fixture] of FIXTURE_LINKS.entries()) {
    const [account] = await db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.reference, fixture.reference));
    const [demo] = await db.select().from(demoAccess).where(eq(demoAccess.accountId, account.id));
    const now = new Date();
    const link = await mintAccessLink(
      {
        accountId: account.id,
        channel: "demo",
        now: fixture.state === "expired" ? new Date(now.getTime() - 40 * DAY) : now,
      },
      db,
    );
    if (fixture.state === "revoked") {
      await db
        .update(schema.accessLinks)
        .set({ revokedAt: now })
        .where(eq(schema.accessLinks.id, link.id));
    }
    await db.insert(demoFixtures).values({
      label: fixture.label,
      token: link.token,
      code: link.code,
      answer: demo.answer,
      answerHint: demo.answerHint,
      sortOrder: index,
    });
  }
}

/** On every start: fresh links for the demo accounts, so printed links never expire. */
async function refreshDemoLinks(db: Db) {
  const rows = await db.select().from(demoAccess);
  for (const row of rows) {
    const link = await mintAccessLink({ accountId: row.accountId, channel: "demo" }, db);
    await db
      .update(demoAccess)
      .set({ token: link.token, code: link.code })
      .where(eq(demoAccess.accountId, row.accountId));
  }
}

function usDate(iso: string) {
  const [y, m, d] = iso.split("-");
  return `${m}/${d}/${y}`;
}

export async function printDemoLinks(db: Db, appUrl: string) {
  const { accounts, fixtures } = await listDemoAccess(db);
  console.log("\n  Demo debtors (open a link, then give the answer):");
  for (const row of accounts) {
    console.log(
      `  - ${row.label}\n      ${appUrl}/l/${row.token}\n      code ${row.code}, ${row.answerHint}: ${row.answer}`,
    );
  }
  console.log("\n  Special links:");
  for (const row of fixtures) console.log(`  - ${row.label}: ${appUrl}/l/${row.token}`);
  console.log(`\n  All of this is also listed at ${appUrl}/demo`);
}
