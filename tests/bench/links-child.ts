// Child of `npm run bench`: issues N links in bulk (mintAccessLinksBulk, batches of 2,000),
// then N links WITH their outbox messages through the bulk outbox path
// (queueLinkMessagesBulk: the sending rules per message, batches of 2,000 accounts per
// transaction). The bench seeds 10,000 accounts, so the N messages are N / 10,000
// mailings to all of them (one cause prefix each: queued messages do not count towards
// the cadence, so every mailing makes the same decisions and mints its own links).
import { like } from "drizzle-orm";
import * as schema from "../../db/schema";
import { mintAccessLinksBulk } from "../../app/models/access-links.server";
import { queueLinkMessagesBulk } from "../../app/models/outbox-bulk.server";
import { databaseEnvFromProcess, openBenchDatabase, reportResult } from "./support";

const total = Number(process.env.BENCH_LINKS ?? 100_000);
const batch = 2_000;
const database = await openBenchDatabase(databaseEnvFromProcess());
const accounts = (
  await database.db
    .select({ id: schema.accounts.id })
    .from(schema.accounts)
    .where(like(schema.accounts.reference, "BENCH-%"))
    .orderBy(schema.accounts.reference)
).map((a) => a.id);

const started = performance.now();
let minted = 0;
for (let start = 0; start < total; start += batch) {
  const ids = Array.from(
    { length: Math.min(batch, total - start) },
    (_, i) => accounts[(start + i) % accounts.length],
  );
  const links = await database.db.transaction((tx) =>
    mintAccessLinksBulk({ accountIds: ids, channel: "email" }, tx),
  );
  minted += links.length;
}
const linksMs = performance.now() - started;

const stamp = Date.now();
const statuses: Record<string, number> = {};
const reasons: Record<string, number> = {};
let messages = 0;
let duplicates = 0;
const linksBefore = await database.db.$count(schema.accessLinks);
const outboxStarted = performance.now();
for (let mailing = 0, done = 0; done < total; mailing++) {
  const ids = accounts.slice(0, Math.min(accounts.length, total - done));
  const result = await queueLinkMessagesBulk(
    {
      accountIds: ids,
      initiatedBy: "creditor",
      causePrefix: `bench-link:${stamp}:${mailing}`,
      batchSize: batch,
    },
    database.db,
  );
  done += ids.length;
  messages += result.created;
  duplicates += result.duplicates;
  for (const [k, n] of Object.entries(result.byStatus)) statuses[k] = (statuses[k] ?? 0) + n;
  for (const [k, n] of Object.entries(result.byReason)) reasons[k] = (reasons[k] ?? 0) + n;
}
const outboxMs = performance.now() - outboxStarted;
const outboxRows = await database.db.$count(
  schema.outboxMessages,
  like(schema.outboxMessages.causeKey, `bench-link:${stamp}:%`),
);
const outboxLinks = (await database.db.$count(schema.accessLinks)) - linksBefore;
await database.close();
reportResult({
  minted,
  linksMs,
  outbox: {
    messages,
    duplicates,
    ms: outboxMs,
    rows: outboxRows,
    links: outboxLinks,
    statuses,
    reasons,
  },
});
process.exit(0);
