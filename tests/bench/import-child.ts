// Child of `npm run bench`: imports a generated CSV of N accounts through the app's
// importer (streamed, as an upload arrives), sampling this process's memory every 100 ms.
import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import * as schema from "../../db/schema";
import { importAccountsCsv } from "../../app/models/creditor-import.server";
import { databaseEnvFromProcess, openBenchDatabase, reportResult } from "./support";

const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const database = await openBenchDatabase(databaseEnvFromProcess());
const [creditor] = await database.db
  .select()
  .from(schema.creditors)
  .where(eq(schema.creditors.slug, "brightside-dental"));

const HEADER =
  "reference,full_name,itemization_date,itemization_kind,itemized_amount,fees,payments,dob,postal_code,email,email_source,email_consent_at,phone,phone_source,phone_consent_at,language";
const itemized = new Date(Date.now() - 60 * 86_400_000).toISOString().slice(0, 10);
let bytes = 0;
function* csv() {
  const header = Buffer.from(HEADER + "\r\n");
  bytes += header.length;
  yield header;
  for (let start = 0; start < rows; start += 500) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(rows, start + 500); i++) {
      const n = String(i).padStart(7, "0");
      lines.push(
        `IMPB-${n},Import Person ${i},${itemized},last_statement,${100 + (i % 900)}.50,5.00,,1984-0${1 + (i % 9)}-1${i % 10},1000${i % 10},person${i}@example.com,creditor_records,2024-11-02,,,,${i % 4 ? "en" : "es"}`,
      );
    }
    const chunk = Buffer.from(lines.join("\r\n") + "\r\n");
    bytes += chunk.length;
    yield chunk;
  }
}

global.gc?.();
const samples: number[] = [process.memoryUsage().rss];
const timer = setInterval(() => samples.push(process.memoryUsage().rss), 100);
const started = performance.now();
const result = await importAccountsCsv({
  creditorId: creditor.id,
  userId: null,
  filename: "bench.csv",
  source: Readable.from(csv()),
  ip: "127.0.0.1",
});
const ms = performance.now() - started;
clearInterval(timer);
samples.push(process.memoryUsage().rss);
await database.close();
reportResult({
  rows,
  bytes,
  ms,
  result,
  rss: {
    start: samples[0],
    peak: Math.max(...samples, process.resourceUsage().maxRSS * 1024),
    end: samples[samples.length - 1],
  },
});
process.exit(0);
