// Child of `npm run bench`: issues N links in bulk (mintAccessLinksBulk, batches of 2,000),
// then times the outbox path (queueLinkMessage: link + message under the sending rules)
// one by one on a sample, since there is no bulk way to queue link messages yet.
import { like } from "drizzle-orm";
import * as schema from "../../db/schema";
import { mintAccessLinksBulk } from "../../app/models/access-links.server";
import { queueLinkMessage } from "../../app/models/outbox.server";
import { databaseEnvFromProcess, openBenchDatabase, reportResult } from "./support";

const total = Number(process.env.BENCH_LINKS ?? 100_000);
const sampleSize = Number(process.env.BENCH_OUTBOX_SAMPLE ?? 1_000);
const batch = 2_000;
const database = await openBenchDatabase(databaseEnvFromProcess());
const accounts = (
  await database.db.select({ id: schema.accounts.id }).from(schema.accounts).where(like(schema.accounts.reference, "BENCH-%")).orderBy(schema.accounts.reference)
).map((a) => a.id);

const started = performance.now();
let minted = 0;
for (let start = 0; start < total; start += batch) {
  const ids = Array.from({ length: Math.min(batch, total - start) }, (_, i) => accounts[(start + i) % accounts.length]);
  const links = await database.db.transaction((tx) => mintAccessLinksBulk({ accountIds: ids, channel: "email" }, tx));
  minted += links.length;
}
const linksMs = performance.now() - started;

const sample = accounts.slice(0, sampleSize);
const statuses: Record<string, number> = {};
const outboxStarted = performance.now();
const stamp = Date.now();
const outboxBudgetMs = Number(process.env.BENCH_OUTBOX_BUDGET_MS ?? 45_000);
for (const accountId of sample) {
  if (performance.now() - outboxStarted > outboxBudgetMs) break;
  const queued = await queueLinkMessage({ accountId, initiatedBy: "creditor", preferredChannel: "email", causeKey: `bench-link:${stamp}:${accountId}` });
  statuses[queued.status] = (statuses[queued.status] ?? 0) + 1;
}
const outboxMs = performance.now() - outboxStarted;
const outboxDone = Object.values(statuses).reduce((a, n) => a + n, 0);
const outboxRows = await database.db.$count(schema.outboxMessages, like(schema.outboxMessages.causeKey, `bench-link:${stamp}:%`));
await database.close();
reportResult({ minted, linksMs, outbox: { sample: outboxDone, ms: outboxMs, rows: outboxRows, statuses } });
process.exit(0);
