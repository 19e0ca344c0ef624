// Uploads and CSV through the real server: broken multipart bodies are a calm 400, a stray
// quote is a rejected row with its number, a rejected file writes nothing to the accounts
// (not even rows rolled back later), one import per creditor at a time, and an export
// imports back as the same accounts (phones and negative balances as values, formulas in
// free text guarded, bidi and control characters gone).
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { getImport } from "../../app/models/creditor-import.server";
import { resetRateLimitsForTests } from "../../app/utils/rate-limit.server";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startHttpServer, type HttpServer } from "../support/http-server";
import { creditorCookie } from "../support/security";
import { createCreditor, createCreditorUser } from "../support/auth-fixtures";

let database: TestDatabase;
let server: HttpServer;

beforeAll(async () => {
  database = await createTestDatabase();
  server = await startHttpServer();
  // A probe that counts every row ever inserted into accounts, rolled back or not
  // (sequences ignore transactions).
  await database.db.execute(sql`create sequence accounts_insert_probe`);
  await database.db.execute(
    sql`create function accounts_insert_probe() returns trigger language plpgsql as $$ begin perform nextval('accounts_insert_probe'); return new; end $$`,
  );
  await database.db.execute(
    sql`create trigger accounts_insert_probe after insert on accounts for each row execute function accounts_insert_probe()`,
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
  await database?.dispose();
});
beforeEach(() => resetRateLimitsForTests());

async function probe(): Promise<number> {
  const result = (await database.db.execute(
    sql`select last_value, is_called from accounts_insert_probe`,
  )) as unknown as { rows: { last_value: string | number; is_called: boolean }[] };
  const [row] = result.rows;
  return row.is_called ? Number(row.last_value) : 0;
}

async function signedInCreditor(fact: "dob" | "postal_code" = "postal_code") {
  const creditor = await createCreditor(database.db, { verificationFact: fact });
  const user = await createCreditorUser(database.db, creditor.id);
  const { cookie } = await creditorCookie(user.id);
  return { creditor, user, cookie };
}

const BOUNDARY = "----portal-test-boundary";

function multipart(
  file: string,
  options: { field?: string; filename?: string; boundary?: string } = {},
) {
  const b = options.boundary ?? BOUNDARY;
  return (
    `--${b}\r\nContent-Disposition: form-data; name="${options.field ?? "file"}"; filename="${options.filename ?? "accounts.csv"}"\r\n` +
    `Content-Type: text/csv\r\n\r\n${file}\r\n--${b}--\r\n`
  );
}

function post(
  path: string,
  cookie: string,
  body: BodyInit,
  contentType = `multipart/form-data; boundary=${BOUNDARY}`,
) {
  return fetch(`${server.url}${path}`, {
    method: "POST",
    headers: { cookie, "content-type": contentType },
    body,
    redirect: "manual",
    duplex: "half",
  } as RequestInit);
}

const HEADER = "reference,full_name,itemization_date,itemization_kind,itemized_amount,postal_code";
const row = (ref: string, name = "Pat Example", amount = "100.00") =>
  `${ref},${name},2025-01-31,last_statement,${amount},10001`;

function importIdOf(res: Response) {
  const location = res.headers.get("location") ?? "";
  const id = /^\/creditor\/imports\/([0-9a-f-]{36})$/.exec(location)?.[1];
  if (!id) throw new Error(`no import in ${res.status} ${location}`);
  return id;
}

describe("broken multipart bodies", () => {
  it("a missing boundary, a wrong boundary, a malformed part and a body cut off mid-file get a calm 400, never a 500", async () => {
    const { cookie } = await signedInCreditor();
    const file = [HEADER, row("MP-0001"), row("MP-0002")].join("\r\n");
    const full = multipart(file);
    const cases: [string, BodyInit, string][] = [
      ["no boundary", full, "multipart/form-data"],
      [
        "wrong boundary",
        multipart(file, { boundary: "another-boundary" }),
        `multipart/form-data; boundary=${BOUNDARY}`,
      ],
      [
        "no content-disposition",
        `--${BOUNDARY}\r\nContent-Type: text/csv\r\n\r\n${file}\r\n--${BOUNDARY}--\r\n`,
        `multipart/form-data; boundary=${BOUNDARY}`,
      ],
      [
        "cut off mid-file",
        full.slice(0, full.indexOf("MP-0002")),
        `multipart/form-data; boundary=${BOUNDARY}`,
      ],
    ];
    for (const [label, body, type] of cases) {
      const res = await post("/creditor/accounts/import", cookie, body, type);
      expect(res.status, label).toBe(400);
      const html = await res.text();
      expect(html, label).toMatch(/upload was incomplete or damaged|Choose a CSV file/);
    }
    expect(server.logs.filter((l) => l.status === 500)).toEqual([]);
  });

  it("a logo upload cut off mid-file, or without a boundary, is a calm 400 too", async () => {
    const { cookie } = await signedInCreditor();
    const png = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="logo"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n\u0089PNG\r\n\u001a\n0000000000`;
    for (const [body, type] of [
      [png, `multipart/form-data; boundary=${BOUNDARY}`],
      [png, "multipart/form-data"],
    ] as const) {
      const res = await post("/creditor/branding", cookie, body, type);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain("upload was incomplete or damaged");
    }
  });
});

describe("the import", () => {
  it('a stray quote (Jane "JJ" Doe) is a rejected row with its number; the rows around it read right', async () => {
    const { creditor, cookie } = await signedInCreditor();
    const file = [
      HEADER,
      row("SQ-0001"),
      row("SQ-0002", 'Jane "JJ" Doe'),
      row("SQ-0003", '"Brown, Bo"'),
      row("SQ-0004"),
    ].join("\r\n");
    const res = await post("/creditor/accounts/import", cookie, multipart(file));
    expect(res.status).toBe(302);
    const stored = (await getImport(creditor.id, importIdOf(res)))!;
    expect(stored.status).toBe("rejected");
    expect(stored.rejections).toEqual([
      {
        row: 3,
        reference: "SQ-0002",
        column: "(row)",
        message: expect.stringContaining('"Jane ""JJ"" Doe"'),
      },
    ]);
    expect(stored.totalRows).toBe(4);
  });

  it("a large file with one bad row at the end is found invalid before anything is written to the accounts", async () => {
    const { creditor, cookie } = await signedInCreditor();
    const lines = [HEADER];
    for (let i = 0; i < 4500; i++) lines.push(row(`BIG-${String(i).padStart(5, "0")}`));
    lines.push(row("BIG-LAST", "Last Row", "not money"));
    const before = await probe();
    const res = await post("/creditor/accounts/import", cookie, multipart(lines.join("\r\n")));
    expect(res.status).toBe(302);
    const stored = (await getImport(creditor.id, importIdOf(res)))!;
    expect(stored).toMatchObject({ status: "rejected", totalRows: 4501, rejectedRows: 1 });
    expect(await probe()).toBe(before);
    const staged = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(schema.accountImportRows);
    expect(staged[0].n).toBe(0);
    // The same file without the bad row imports, all at once.
    const good = await post(
      "/creditor/accounts/import",
      cookie,
      multipart(lines.slice(0, -1).join("\r\n")),
    );
    expect((await getImport(creditor.id, importIdOf(good)))!).toMatchObject({
      status: "imported",
      createdRows: 4500,
    });
    expect(await probe()).toBe(before + 4500);
  });

  it("one import per creditor at a time: a second upload hears that one is running; another creditor is not held up", async () => {
    const first = await signedInCreditor();
    const other = await signedInCreditor();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const head = multipart([HEADER, row("SLOW-0001")].join("\r\n"));
    const cut = head.indexOf("SLOW-0001");
    const slowBody = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode(head.slice(0, cut)));
        await released;
        controller.enqueue(new TextEncoder().encode(head.slice(cut)));
        controller.close();
      },
    });
    const slow = post("/creditor/accounts/import", first.cookie, slowBody);
    // Wait until the slow import holds its slot.
    for (let i = 0; i < 100; i++) {
      const [running] = await database.db
        .select()
        .from(schema.accountImports)
        .where(
          and(
            eq(schema.accountImports.creditorId, first.creditor.id),
            eq(schema.accountImports.status, "running"),
          ),
        );
      if (running) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = await post(
      "/creditor/accounts/import",
      first.cookie,
      multipart([HEADER, row("FAST-0001")].join("\r\n")),
    );
    expect(second.status).toBe(409);
    expect(await second.text()).toContain("An import is already running for your accounts");
    const elsewhere = await post(
      "/creditor/accounts/import",
      other.cookie,
      multipart([HEADER, row("ELSE-0001")].join("\r\n")),
    );
    expect(elsewhere.status).toBe(302);
    release();
    const done = await slow;
    expect(done.status).toBe(302);
    expect((await getImport(first.creditor.id, importIdOf(done)))!).toMatchObject({
      status: "imported",
      createdRows: 1,
    });
    // The slot is free again.
    const after = await post(
      "/creditor/accounts/import",
      first.cookie,
      multipart([HEADER, row("FAST-0001")].join("\r\n")),
    );
    expect(after.status).toBe(302);
  });
});

describe("export and import again", () => {
  it("gives the same accounts: phones and negative balances as values, formulas in free text guarded, bidi and control characters stripped at import", async () => {
    const source = await signedInCreditor();
    const header =
      "reference,full_name,itemization_date,itemization_kind,itemized_amount,fees,payments,postal_code,email,email_source,phone,phone_source,phone_consent_at,city,language";
    const file = [
      header,
      "RT-0001,Ana Lopez,2025-01-31,last_statement,120.00,5.00,,10001,ana@example.com,creditor_records,(212) 555-0101,debtor_provided,2024-11-02T15:04:05Z,New York,es",
      'RT-0002,"=HYPERLINK(""http://evil.example"")",2025-02-01,charge_off,50.00,,10.00,02139,,,,,,Boston,en',
      "RT-0003, ;=1+1,2025-02-02,transaction,75.25,,,60614,,,+1 415 555 0103,debtor_provided,,-Chicago,en",
      "RT-0004,\u202EAli\u2066ce\u0007 Smith,2025-02-03,last_statement,10.00,,,94110,,,,,,@home,en",
    ].join("\r\n");
    const imported = await post("/creditor/accounts/import", source.cookie, multipart(file));
    expect((await getImport(source.creditor.id, importIdOf(imported)))!).toMatchObject({
      status: "imported",
      createdRows: 4,
    });
    const [alice] = await database.db
      .select()
      .from(schema.debtors)
      .where(
        and(
          eq(schema.debtors.creditorId, source.creditor.id),
          eq(schema.debtors.fullName, "Alice Smith"),
        ),
      );
    expect(alice).toBeTruthy();
    // RT-1 is overpaid later (a payment in the portal): a negative balance.
    const [rt1] = await database.db
      .select()
      .from(schema.accounts)
      .where(
        and(
          eq(schema.accounts.creditorId, source.creditor.id),
          eq(schema.accounts.reference, "RT-0001"),
        ),
      );
    await database.db.insert(schema.ledgerEntries).values({
      accountId: rt1.id,
      kind: "payment",
      amountCents: -13_000,
      currency: "usd",
      occurredAt: new Date(),
      source: "creditor",
      sourceId: `test-overpay:${rt1.id}`,
    });

    const exported = await fetch(`${server.url}/creditor/accounts/export`, {
      method: "POST",
      headers: { cookie: source.cookie, "content-type": "application/x-www-form-urlencoded" },
      body: "q=&status=",
    });
    expect(exported.status).toBe(200);
    const csv = await exported.text();
    const lines = csv
      .replace(/^\ufeff/, "")
      .trim()
      .split("\r\n");
    const byRef = Object.fromEntries(lines.slice(1).map((l) => [l.split(",")[0], l]));
    expect(byRef["RT-0001"]).toContain(",-5.00,usd,");
    expect(byRef["RT-0001"]).toContain(",+12125550101,");
    expect(byRef["RT-0003"]).toContain(",+14155550103,");
    expect(byRef["RT-0002"]).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(byRef["RT-0003"]).toContain(",';=1+1,");
    expect(byRef["RT-0003"]).toContain(",'-Chicago,");
    expect(byRef["RT-0004"]).toContain(",Alice Smith,");
    expect(byRef["RT-0004"]).toContain(",'@home,");
    expect(csv).not.toMatch(/[\u0000-\u0008\u202A-\u202E\u2066-\u2069]/);

    // The same creditor imports its export again: nothing changes.
    const again = await post(
      "/creditor/accounts/import",
      source.cookie,
      multipart(csv, { filename: "export.csv" }),
    );
    expect((await getImport(source.creditor.id, importIdOf(again)))!).toMatchObject({
      status: "imported",
      createdRows: 0,
      unchangedRows: 4,
      rejectedRows: 0,
    });

    // Another creditor imports it: the same accounts, field for field.
    const target = await signedInCreditor();
    const copied = await post(
      "/creditor/accounts/import",
      target.cookie,
      multipart(csv, { filename: "export.csv" }),
    );
    expect((await getImport(target.creditor.id, importIdOf(copied)))!).toMatchObject({
      status: "imported",
      createdRows: 4,
    });
    const view = async (creditorId: string) =>
      await database.db
        .select({
          reference: schema.accounts.reference,
          itemizationDate: schema.accounts.itemizationDate,
          itemizationKind: schema.accounts.itemizationKind,
          name: schema.debtors.fullName,
          email: schema.debtors.email,
          phone: schema.debtors.phone,
          phoneConsentAt: schema.debtors.phoneConsentAt,
          postalCode: schema.debtors.postalCode,
          city: schema.debtors.city,
          language: schema.debtors.language,
          imported: sql<number>`(select coalesce(sum(amount_cents), 0)::int from ledger_entries where account_id = ${schema.accounts.id} and source = 'import')`,
        })
        .from(schema.accounts)
        .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
        .where(eq(schema.accounts.creditorId, creditorId))
        .orderBy(schema.accounts.reference);
    expect(await view(target.creditor.id)).toEqual(await view(source.creditor.id));
  });
});
