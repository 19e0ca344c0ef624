// 100,000 accounts in one CSV file into PostgreSQL, streamed: prints the time and the peak
// memory (quality.md: ≤ 30 s, < 500 MB). Not part of the default suite (slow, and figures
// are for the benchmark, not for a timed test):
//   IMPORT_BENCH=1 TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
//     npx vitest run tests/integration/creditor-import-bench
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "../../db/schema";
import { seedDemo } from "../../app/demo/seed.server";
import { importAccountsCsv } from "../../app/models/creditor-import.server";
import { createTestDatabase, type TestDatabase } from "../support/db";

const ROWS = Number(process.env.IMPORT_BENCH_ROWS ?? 100_000);
const enabled = process.env.IMPORT_BENCH === "1";

describe.skipIf(!enabled)(
  `import of ${ROWS.toLocaleString("en-US")} accounts (a benchmark: runs only with IMPORT_BENCH=1)`,
  () => {
    let database: TestDatabase;
    let file: string;
    let creditorId: string;

    beforeAll(async () => {
      if (!process.env.TEST_DATABASE_URL)
        throw new Error("IMPORT_BENCH needs TEST_DATABASE_URL (PostgreSQL)");
      database = await createTestDatabase();
      await seedDemo(database.db);
      [{ id: creditorId }] = await database.db
        .select({ id: schema.creditors.id })
        .from(schema.creditors)
        .where(eq(schema.creditors.slug, "brightside-dental"));
      file = path.join(os.tmpdir(), `import-bench-${process.pid}.csv`);
      const out = fs.createWriteStream(file);
      out.write(
        "reference,full_name,itemization_date,itemization_kind,itemized_amount,fees,payments,dob,postal_code,email,email_source,email_consent_at,phone,phone_source,phone_consent_at,address_line1,city,region,language\n",
      );
      for (let i = 0; i < ROWS; i++) {
        const n = String(i).padStart(6, "0");
        const dob = `19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`;
        const line = `BENCH-${n},Debtor ${n},2025-01-${String(1 + (i % 28)).padStart(2, "0")},last_statement,${100 + (i % 5000)}.${String(i % 100).padStart(2, "0")},${i % 3 === 0 ? "15.00" : ""},${i % 7 === 0 ? "20.00" : ""},${dob},${String(10000 + (i % 89999)).padStart(5, "0")},debtor${n}@example.com,creditor_records,2024-11-02,(212) 555-${String(i % 10000).padStart(4, "0")},debtor_provided,2024-11-02T15:04:05Z,${i} Bench Street,New York,NY,${i % 10 === 0 ? "es" : "en"}\n`;
        if (!out.write(line)) await new Promise((r) => out.once("drain", () => r(undefined)));
      }
      await new Promise<void>((r) => out.end(() => r()));
    }, 120_000);

    afterAll(async () => {
      if (file) fs.rmSync(file, { force: true });
      await database?.dispose();
    });

    it("streams into the staging table, then one transaction into the accounts; prints time and peak memory", async () => {
      global.gc?.();
      const baseline = process.memoryUsage();
      let peakRss = baseline.rss;
      let peakHeap = baseline.heapUsed;
      const sampler = setInterval(() => {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }, 50);
      const started = performance.now();
      const result = await importAccountsCsv({
        creditorId,
        userId: null,
        filename: "bench.csv",
        source: fs.createReadStream(file),
        now: new Date("2025-06-01T12:00:00Z"),
      });
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
      const figures = {
        rows: ROWS,
        fileMB: mb(fs.statSync(file).size),
        seconds: Math.round(seconds * 10) / 10,
        rowsPerSecond: Math.round(ROWS / seconds),
        baselineRssMB: mb(baseline.rss),
        peakRssMB: mb(peakRss),
        peakHeapMB: mb(peakHeap),
        bars: "≤ 30 s, peak memory < 500 MB",
      };
      console.log(`\nCSV import benchmark: ${JSON.stringify(figures)}\n`);
      fs.mkdirSync("tests/.tmp", { recursive: true });
      fs.writeFileSync("tests/.tmp/import-bench.json", JSON.stringify(figures, null, 2));

      expect(result).toMatchObject({
        status: "imported",
        totalRows: ROWS,
        createdRows: ROWS,
        rejectedRows: 0,
      });
      const [{ n }] = await database.db
        .select({ n: sql<number>`count(*)::int` })
        .from(schema.accounts)
        .where(eq(schema.accounts.creditorId, creditorId));
      expect(n).toBeGreaterThanOrEqual(ROWS);

      // Again: idempotent, nothing written.
      const again = await importAccountsCsv({
        creditorId,
        userId: null,
        filename: "bench.csv",
        source: fs.createReadStream(file),
        now: new Date("2025-06-01T12:00:00Z"),
      });
      expect(again).toMatchObject({ status: "imported", createdRows: 0, unchangedRows: ROWS });
      console.log(
        `Re-import of the same file (all unchanged): ${(again.durationMs / 1000).toFixed(1)} s\n`,
      );
    }, 300_000);
  },
);
