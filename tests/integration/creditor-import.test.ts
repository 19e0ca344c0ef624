// CSV import on a real database: streamed, checked row by row, all or nothing per file,
// idempotent on the reference, hashed like the seed, scoped by creditor.
import { Readable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { findLinkByToken, mintAccessLink } from "../../app/models/access-links.server";
import { checkAnswer } from "../../app/models/link-verification.server";
import { getImport, importAccountsCsv } from "../../app/models/creditor-import.server";
import { rejectionReportCsv } from "../../app/lib/account-import";
import { createTestDatabase, type TestDatabase } from "../support/db";

let database: TestDatabase;
let brightside: string;
let northbridge: string;

const HEADER =
  "reference,full_name,itemization_date,itemization_kind,itemized_amount,fees,payments,dob,postal_code,email,email_source,email_consent_at,phone,phone_source,phone_consent_at,language";
const GOOD = [
  "IMP-0001,Ana Lopez,2025-01-31,last_statement,120.00,5.00,,1985-03-14,10001,ana@example.com,creditor_records,2024-11-02,(212) 555-0101,debtor_provided,2024-11-02T15:04:05Z,es",
  'IMP-0002,"Brown, Bo",2025-02-15,charge_off,"1,000.50",,100.50,07/04/1970,02139,,,,,,,en',
  "IMP-0003,Cy Diaz,2025-02-01,transaction,64.00,,64.00,1990-01-01,60614,,,,,,,",
];

function csv(lines: string[], chunk = 17) {
  // Small chunks: rows arrive split across reads, as an upload does.
  const text = lines.join("\r\n") + "\r\n";
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.slice(i, i + chunk));
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

async function run(creditorId: string, lines: string[], filename = "accounts.csv") {
  return importAccountsCsv({
    creditorId,
    userId: null,
    filename,
    source: csv(lines),
    ip: "203.0.113.9",
    now: new Date("2025-06-01T12:00:00Z"),
  });
}

async function accountCount(creditorId: string) {
  const [{ n }] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.accounts)
    .where(eq(schema.accounts.creditorId, creditorId));
  return n;
}

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

describe("account import", () => {
  it("imports good rows: debtors, accounts, ledger, hashed facts, contact provenance", async () => {
    const before = await accountCount(brightside);
    const result = await run(brightside, [HEADER, ...GOOD]);
    expect(result).toMatchObject({
      status: "imported",
      totalRows: 3,
      createdRows: 3,
      unchangedRows: 0,
      rejectedRows: 0,
    });
    expect(await accountCount(brightside)).toBe(before + 3);

    const [ana] = await database.db
      .select({ account: schema.accounts, debtor: schema.debtors })
      .from(schema.accounts)
      .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
      .where(
        and(eq(schema.accounts.creditorId, brightside), eq(schema.accounts.reference, "IMP-0001")),
      );
    expect(ana.debtor).toMatchObject({
      fullName: "Ana Lopez",
      email: "ana@example.com",
      emailSource: "creditor_records",
      phone: "+12125550101",
      phoneSource: "debtor_provided",
      language: "es",
    });
    expect(ana.debtor.phoneConsentAt?.toISOString()).toBe("2024-11-02T15:04:05.000Z");
    expect(ana.debtor.dobHash).not.toContain("1985");
    expect(ana.account.status).toBe("open");
    const ledger = await database.db
      .select()
      .from(schema.ledgerEntries)
      .where(eq(schema.ledgerEntries.accountId, ana.account.id));
    expect(ledger.map((l) => [l.kind, l.amountCents]).sort()).toEqual([
      ["fee", 500],
      ["itemized_balance", 12000],
    ]);

    // The debtor can verify with the fact as the import stored it (same hashing as the seed).
    const link = await mintAccessLink({ accountId: ana.account.id, channel: "email" });
    const found = (await findLinkByToken(link.token))!;
    expect(await checkAnswer(found, "dob", "03/14/1985", "ip")).toMatchObject({
      result: "verified",
    });
    expect(await checkAnswer(found, "account_last4", "0001", "ip")).toMatchObject({
      result: "verified",
    });

    const [paid] = await database.db
      .select()
      .from(schema.accounts)
      .where(eq(schema.accounts.reference, "IMP-0003"));
    expect(paid.status).toBe("paid");
    const [audit] = await database.db
      .select()
      .from(schema.auditEvents)
      .where(
        and(
          eq(schema.auditEvents.action, "accounts.imported"),
          eq(schema.auditEvents.targetId, result.id),
        ),
      );
    expect(audit.creditorId).toBe(brightside);
  });

  it("importing the same file again changes nothing", async () => {
    const before = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.ledgerEntries);
    const result = await run(brightside, [HEADER, ...GOOD]);
    expect(result).toMatchObject({ status: "imported", createdRows: 0, unchangedRows: 3 });
    const after = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.ledgerEntries);
    expect(after).toEqual(before);
  });

  it("a file with good and bad rows imports nothing and reports every bad row", async () => {
    const before = await accountCount(brightside);
    const lines = [
      HEADER,
      "IMP-0101,Good One,2025-01-31,last_statement,50.00,,,1980-01-01,10001,,,,,,,",
      "IMP-0102,,2025-01-31,last_statement,abc,,,,10001,,,,,,,",
      "IMP-0103,Good Two,2025-01-31,last_statement,70.00,,,1980-01-02,10001,,,,,,,",
      "IMP-0101,Dup Row,2025-01-31,last_statement,50.00,,,1980-01-01,10001,,,,,,,",
      "IMP-0001,Ana Lopez,2025-01-31,last_statement,999.00,5.00,,1985-03-14,10001,,,,,,,",
      "IMP-0104,Short Row,2025-01-31",
      "IMP-0105,=HYPERLINK(1),2025-01-31,last_statement,10.00,,,1980-01-01,10001,bad-email,,,,,,",
    ];
    const result = await run(brightside, lines, "mixed.csv");
    expect(result).toMatchObject({
      status: "rejected",
      totalRows: 7,
      createdRows: 0,
      rejectedRows: 5,
    });
    expect(await accountCount(brightside)).toBe(before);
    const stored = (await getImport(brightside, result.id))!;
    expect(stored.rejections.map((r) => [r.row, r.column])).toEqual([
      [3, "full_name"],
      [3, "itemized_amount"],
      [3, "dob"],
      [5, "reference"],
      [7, "(row)"],
      [8, "email"],
      [8, "email_source"],
      [6, "reference"],
    ]);
    const report = rejectionReportCsv(stored.rejections, stored.rejectedRows);
    expect(report.split("\r\n")[0]).toBe("\ufeffrow,reference,column,problem");
    expect(report).toContain("3,IMP-0102,full_name,The debtor's name is missing.");
    expect(report).toContain("is already on row 2 of the file");
    expect(report).toContain("imported before with a different itemization or amounts");
    // Another creditor cannot see the import.
    expect(await getImport(northbridge, result.id)).toBeNull();
  });

  it("refuses a bad header, an empty file and an unreadable file, calmly", async () => {
    const header = await run(brightside, ["reference,full_name,emial", "X-1,Someone,a@b.co"]);
    expect(header.status).toBe("rejected");
    const stored = (await getImport(brightside, header.id))!;
    expect(stored.rejections.map((r) => r.column)).toEqual([
      "emial",
      "itemization_date",
      "itemization_kind",
      "itemized_amount",
      "dob",
    ]);
    expect((await run(brightside, [])).status).toBe("rejected");
    expect((await run(brightside, [HEADER])).status).toBe("rejected");
    const broken = await run(brightside, [
      HEADER,
      'IMP-0201,"Unclosed,2025-01-31,last_statement,1.00,,,1980-01-01,10001,,,,,,,',
    ]);
    expect(broken.status).toBe("rejected");
    const brokenStored = (await getImport(brightside, broken.id))!;
    expect(brokenStored.rejections[0].message).toMatch(/quotation mark is not closed/);
  });

  it("uses the creditor's verification fact: Northbridge needs ZIP codes", async () => {
    const result = await run(northbridge, [
      "reference,full_name,itemization_date,itemization_kind,itemized_amount",
      "NB-1,Someone,2025-01-01,charge_off,10.00",
    ]);
    expect(result.status).toBe("rejected");
    const stored = (await getImport(northbridge, result.id))!;
    expect(stored.rejections[0]).toMatchObject({ row: 1, column: "postal_code" });
    // The same reference may exist at two creditors.
    const ok = await run(northbridge, [
      "reference,full_name,itemization_date,itemization_kind,itemized_amount,postal_code",
      "IMP-0001,Someone Else,2025-01-01,charge_off,10.00,78701",
    ]);
    expect(ok).toMatchObject({ status: "imported", createdRows: 1 });
  });
});
