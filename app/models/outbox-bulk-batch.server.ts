// One batch of a bulk link mailing (outbox-bulk.server.ts), in its own transaction: the
// causes already queued skipped, each debtor's context read with set queries, each message
// decided by `decideSend`, then the links and the outbox rows inserted in bulk.
import { and, eq, gt, inArray, sql } from "drizzle-orm";
import { decideSend, TEMPLATE_POLICY, type Cadence, type Channel } from "~/lib/message-rules";
import { anyOf, columns, insertUnnest, rowsOf, type Column } from "~/utils/bulk-insert.server";
import { schema, type Tx } from "~/utils/db.server";
import { insertAccessLinks, type LinkToMint } from "./access-links.server";
import {
  cadenceOf,
  cadenceWindowStart,
  contactFor,
  countedTimes,
  pickChannel,
  sendContext,
  type DispatchedRow,
  type Subject,
} from "./send-context.server";
import { outboxRow, type MessageStatus } from "./outbox.server";

export type BulkLinkInput = {
  accountIds: string[];
  initiatedBy: "creditor" | "system";
  /** The mailing: each message's cause is `${causePrefix}:${accountId}`, so a re-run adds nothing. */
  causePrefix: string;
  /** Default: each debtor's usable channel, email first (as `queueLinkMessage`). */
  channel?: Channel;
  now?: Date;
  /** Accounts per transaction. */
  batchSize?: number;
  /** Transactions at once (default 2). */
  concurrency?: number;
};

export type BulkLinkResult = {
  accounts: number;
  /** New outbox rows. */
  created: number;
  /** Causes that already had a message (a re-run, a repeated id, a lost race): nothing added. */
  duplicates: number;
  /** Of the new rows. */
  byStatus: Partial<Record<MessageStatus, number>>;
  /** Of the new rows: the suppression or deferral reason, `none` for a message free to go. */
  byReason: Record<string, number>;
};

export const TEMPLATE = "access_link" as const;

export async function queueBatch(
  tx: Tx,
  accountIds: string[],
  input: BulkLinkInput,
  now: Date,
  result: BulkLinkResult,
) {
  const causeOf = (accountId: string) => `${input.causePrefix}:${accountId}`;
  const existing = await tx
    .select({ causeKey: schema.outboxMessages.causeKey })
    .from(schema.outboxMessages)
    .where(anyOf(schema.outboxMessages.causeKey, accountIds.map(causeOf), "text"));
  const done = new Set(existing.map((r) => r.causeKey));
  const todo = accountIds.filter((id) => !done.has(causeOf(id)));
  result.duplicates += accountIds.length - todo.length;
  if (todo.length === 0) return;

  // The facts, in sets: accounts with their debtors and creditors, cadence settings, STOPs, recent messages.
  const loaded = await tx
    .select({
      account: {
        id: schema.accounts.id,
        creditorId: schema.accounts.creditorId,
        status: schema.accounts.status,
      },
      debtor: schema.debtors,
      lifetimeDays: schema.creditors.linkLifetimeDays,
    })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(anyOf(schema.accounts.id, todo, "uuid"));
  const byAccount = new Map(loaded.map((row) => [row.account.id, row]));
  const creditorIds = [...new Set(loaded.map((r) => r.account.creditorId))];
  const debtorIds = [...new Set(loaded.map((r) => r.debtor.id))];
  const phones = [
    ...new Set(
      loaded.map((r) => contactFor(r.debtor, "sms").address).filter((p): p is string => Boolean(p)),
    ),
  ];

  const settings = creditorIds.length
    ? await tx
        .select()
        .from(schema.creditorMessageSettings)
        .where(inArray(schema.creditorMessageSettings.creditorId, creditorIds))
    : [];
  const cadenceByCreditor = new Map<string, Cadence>(
    creditorIds.map((id) => [id, cadenceOf(settings.find((s) => s.creditorId === id) ?? null)]),
  );
  const stopped = new Set(
    phones.length
      ? (
          await tx
            .select({ phone: schema.smsSuppressions.phone })
            .from(schema.smsSuppressions)
            .where(anyOf(schema.smsSuppressions.phone, phones, "text"))
        ).map((r) => r.phone)
      : [],
  );
  const recentRows = debtorIds.length
    ? await tx
        .select({
          debtorId: schema.outboxMessages.debtorId,
          template: schema.outboxMessages.template,
          initiatedBy: schema.outboxMessages.initiatedBy,
          dispatchedAt: schema.outboxMessages.dispatchedAt,
        })
        .from(schema.outboxMessages)
        .where(
          and(
            anyOf(schema.outboxMessages.debtorId, debtorIds, "uuid"),
            inArray(schema.outboxMessages.status, ["sending", "sent"]),
            gt(schema.outboxMessages.dispatchedAt, cadenceWindowStart(now)),
          ),
        )
    : [];
  const recentByDebtor = new Map<string, DispatchedRow[]>();
  for (const row of recentRows) {
    if (!row.debtorId) continue;
    const list = recentByDebtor.get(row.debtorId) ?? [];
    list.push(row);
    recentByDebtor.set(row.debtorId, list);
  }

  // One decision per message, exactly as enqueueMessage makes it.
  const planned = todo.map((accountId) => {
    const row = byAccount.get(accountId);
    if (!row) throw new Error("queueLinkMessagesBulk: no such account");
    const { account, debtor } = row;
    const channel = input.channel ?? pickChannel(debtor, undefined, (phone) => stopped.has(phone));
    const recipient = contactFor(debtor, channel).address;
    const subject: Subject = {
      channel,
      template: TEMPLATE,
      initiatedBy: input.initiatedBy,
      recipient,
      sendNow: false,
      notBefore: null,
    };
    const decision = decideSend(
      sendContext(subject, debtor, account.status, now, {
        smsStopped: channel === "sms" && recipient !== null && stopped.has(recipient),
        recent: countedTimes(recentByDebtor.get(debtor.id) ?? []),
        cadence: cadenceByCreditor.get(account.creditorId)!,
      }),
    );
    const target = {
      account,
      debtor,
      channel,
      recipient,
      template: TEMPLATE,
      initiatedBy: input.initiatedBy,
      causeKey: causeOf(accountId),
      sendNow: false,
      notBefore: null,
    };
    return { target, decision, lifetimeDays: row.lifetimeDays };
  });

  // Links only for the messages that will go (now or later), in one insert.
  const wanted: (LinkToMint & { index: number })[] = [];
  if (TEMPLATE_POLICY[TEMPLATE].link) {
    planned.forEach((p, index) => {
      if (p.decision.action !== "suppress")
        wanted.push({
          index,
          accountId: p.target.account.id,
          debtorId: p.target.debtor.id,
          channel: p.target.channel,
          lifetimeDays: p.lifetimeDays,
        });
    });
  }
  const minted = await insertAccessLinks(tx, wanted, now);
  const linkOf = new Map(wanted.map((w, i) => [w.index, minted[i]]));

  const rows = columns(OUTBOX_COLUMNS);
  const iso = isoWriter(now);
  const ours = new Map<
    string,
    { linkId: string | null; status: MessageStatus; reason: string | null }
  >();
  planned.forEach((p, index) => {
    const link = linkOf.get(index) ?? null;
    const values = outboxRow(p.target, p.decision, link, now);
    const id = values.id;
    ours.set(values.causeKey, {
      linkId: link?.id ?? null,
      status: values.status ?? "queued",
      reason: values.lastError ?? null,
    });
    rows.push([
      id,
      values.channel,
      values.recipient ?? null,
      values.creditorId ?? null,
      values.debtorId ?? null,
      values.accountId ?? null,
      values.accessLinkId ?? null,
      values.template,
      values.language,
      values.initiatedBy,
      JSON.stringify(values.payload ?? {}),
      values.causeKey,
      String(values.sendNow ?? false),
      iso(values.notBefore),
      values.status ?? "queued",
      iso(values.nextAttemptAt),
      values.lastError ?? null,
      values.unsubscribeTokenHash ?? null,
      iso(values.createdAt),
      iso(values.updatedAt),
    ]);
  });
  // A cause taken meanwhile by another writer keeps its row: ours was not inserted, and
  // the link minted for it is revoked (it is never sent), as in enqueueMessage.
  const inserted = rowsOf<{ cause_key: string }>(
    await tx.execute(
      insertUnnest(
        "outbox_messages",
        rows,
        sql`on conflict (cause_key) do nothing returning cause_key`,
      ),
    ),
  );
  const storedKeys = new Set(inserted.map((r) => r.cause_key));
  const lostLinks: string[] = [];
  for (const [causeKey, mine] of ours) {
    if (!storedKeys.has(causeKey)) {
      result.duplicates++;
      if (mine.linkId) lostLinks.push(mine.linkId);
      continue;
    }
    result.created++;
    result.byStatus[mine.status] = (result.byStatus[mine.status] ?? 0) + 1;
    const reason = mine.reason ?? "none";
    result.byReason[reason] = (result.byReason[reason] ?? 0) + 1;
  }
  if (lostLinks.length)
    await tx
      .update(schema.accessLinks)
      .set({ revokedAt: now })
      .where(anyOf(schema.accessLinks.id, lostLinks, "uuid"));
}

function isoWriter(now: Date) {
  // Most of a row's times are `now`: format it once.
  const nowIso = now.toISOString();
  return (value: Date | undefined | null): string | null =>
    !value ? null : value.getTime() === now.getTime() ? nowIso : value.toISOString();
}

// Follows db/schema/messages.ts (outboxMessages); the rest take their defaults.
const OUTBOX_COLUMNS: Column[] = [
  ["id", "uuid"],
  ["channel", "text"],
  ["recipient", "text"],
  ["creditor_id", "uuid"],
  ["debtor_id", "uuid"],
  ["account_id", "uuid"],
  ["access_link_id", "uuid"],
  ["template", "text"],
  ["language", "text"],
  ["initiated_by", "text"],
  ["payload", "jsonb"],
  ["cause_key", "text"],
  ["send_now", "boolean"],
  ["not_before", "timestamptz"],
  ["status", "text"],
  ["next_attempt_at", "timestamptz"],
  ["last_error", "text"],
  ["unsubscribe_token_hash", "text"],
  ["created_at", "timestamptz"],
  ["updated_at", "timestamptz"],
];
