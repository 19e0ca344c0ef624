// Link messages for many accounts at once (a creditor's mailing, the benchmark): the same
// rules, the same rows and the same links as `queueLinkMessage` one by one, but per batch
// one transaction and a handful of set queries instead of several queries per message.
// The decision itself is still `decideSend`, on a context built by `sendContext`.
import { eachLimited } from "~/lib/each-limited";
import { db, type Db } from "~/utils/db.server";
import { log } from "~/utils/log.server";
import {
  queueBatch,
  TEMPLATE,
  type BulkLinkInput,
  type BulkLinkResult,
} from "./outbox-bulk-batch.server";

export type { BulkLinkInput, BulkLinkResult } from "./outbox-bulk-batch.server";

export async function queueLinkMessagesBulk(
  input: BulkLinkInput,
  database: Db = db(),
): Promise<BulkLinkResult> {
  const now = input.now ?? new Date();
  const batchSize = input.batchSize ?? 2_000;
  const result: BulkLinkResult = {
    accounts: input.accountIds.length,
    created: 0,
    duplicates: 0,
    byStatus: {},
    byReason: {},
  };
  // A repeated account id is the same cause: the first one counts, the rest are duplicates.
  const unique = [...new Set(input.accountIds)];
  result.duplicates += input.accountIds.length - unique.length;
  const batches: string[][] = [];
  for (let start = 0; start < unique.length; start += batchSize)
    batches.push(unique.slice(start, start + batchSize));
  // Two batches at once: one is computed in Node while the database writes the other.
  // Batches hold different accounts, and queued messages do not count towards the
  // cadence, so their decisions are the ones they would make one after the other.
  await eachLimited(batches, input.concurrency ?? 2, (ids) =>
    database.transaction((tx) => queueBatch(tx, ids, input, now, result)),
  );
  log("info", "outbox.bulk_enqueued", {
    template: TEMPLATE,
    accounts: result.accounts,
    created: result.created,
    duplicates: result.duplicates,
    byReason: JSON.stringify(result.byReason),
  });
  return result;
}
