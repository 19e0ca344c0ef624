// The write steps of an account import: rows already checked are compared with accounts
// imported before and staged in `account_import_rows`; a file without a rejected row is
// swapped in (staged rows → debtors, accounts, ledger) in one short transaction; any other
// file is closed with its report and its staged rows go.
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import {
  CHANGED_AFTER_IMPORT,
  importedAmounts,
  sameAsImported,
  type ImportTally,
  type Pending,
} from "~/lib/account-import";
import { db, schema } from "~/utils/db.server";
import { columns, insertUnnest, type Column } from "~/utils/bulk-insert.server";
import { verificationHash } from "./access-links.server";
import { audit } from "./audit.server";
import { openImportedAccounts } from "./account-state.server";

// The staged rows (db/schema/account-imports.ts accountImportRows), written with unnest like the other bulk inserts.
const STAGE_COLUMNS: Column[] = [
  ["import_id", "uuid"],
  ["row_number", "int4"],
  ["debtor_id", "uuid"],
  ["account_id", "uuid"],
  ["full_name", "text"],
  ["email", "text"],
  ["email_source", "text"],
  ["email_consent_at", "timestamptz"],
  ["phone", "text"],
  ["phone_source", "text"],
  ["phone_consent_at", "timestamptz"],
  ["address_line1", "text"],
  ["address_line2", "text"],
  ["city", "text"],
  ["region", "text"],
  ["postal_code", "text"],
  ["country", "text"],
  ["timezone", "text"],
  ["language", "text"],
  ["dob_hash", "text"],
  ["postal_code_hash", "text"],
  ["reference", "text"],
  ["reference_last4_hash", "text"],
  ["original_creditor", "text"],
  ["itemization_date", "date"],
  ["itemization_kind", "text"],
  ["notice_sent_on", "date"],
  ["itemized_cents", "int8"],
  ["interest_cents", "int8"],
  ["fees_cents", "int8"],
  ["payments_cents", "int8"],
  ["credits_cents", "int8"],
];

/**
 * Checks a batch against accounts already imported (read only) and stages the new ones.
 * A row for an account imported before counts as unchanged when it says the same, and is
 * rejected otherwise. Once a row is rejected nothing will be kept, so nothing is staged.
 * Returns how many rows were staged.
 */
export async function stageBatch(
  importId: string,
  creditorId: string,
  batch: Pending[],
  tally: ImportTally,
): Promise<number> {
  if (batch.length === 0) return 0;
  const references = batch.map((p) => p.row.reference);
  const existing = await db()
    .select({
      id: schema.accounts.id,
      reference: schema.accounts.reference,
      itemizationDate: schema.accounts.itemizationDate,
      itemizationKind: schema.accounts.itemizationKind,
    })
    .from(schema.accounts)
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        inArray(schema.accounts.reference, references),
      ),
    );
  let toStage = batch;
  if (existing.length > 0) {
    const entries = await db()
      .select({
        accountId: schema.ledgerEntries.accountId,
        kind: schema.ledgerEntries.kind,
        amountCents: schema.ledgerEntries.amountCents,
      })
      .from(schema.ledgerEntries)
      .where(
        and(
          inArray(
            schema.ledgerEntries.accountId,
            existing.map((e) => e.id),
          ),
          eq(schema.ledgerEntries.source, "import"),
        ),
      );
    const entriesOf = new Map<string, typeof entries>();
    for (const entry of entries)
      entriesOf.set(entry.accountId, [...(entriesOf.get(entry.accountId) ?? []), entry]);
    const byReference = new Map(
      existing.map((e) => [
        e.reference,
        { ...e, amounts: importedAmounts(entriesOf.get(e.id) ?? []) },
      ]),
    );
    toStage = [];
    for (const pending of batch) {
      const before = byReference.get(pending.row.reference);
      if (!before) toStage.push(pending);
      else if (sameAsImported(before, pending.row)) tally.unchangedRows += 1;
      else tally.reject(pending.rowNumber, pending.row.reference, [CHANGED_AFTER_IMPORT]);
    }
  }
  if (tally.rejectedRows > 0 || toStage.length === 0) return 0;
  await stageRows(importId, toStage);
  return toStage.length;
}

async function stageRows(importId: string, toStage: readonly Pending[]) {
  const rows = columns(STAGE_COLUMNS);
  for (const { rowNumber, row } of toStage) {
    rows.push([
      importId,
      String(rowNumber),
      randomUUID(),
      randomUUID(),
      row.fullName,
      row.email,
      row.email ? row.emailSource : null,
      row.email ? (row.emailConsentAt?.toISOString() ?? null) : null,
      row.phone,
      row.phone ? row.phoneSource : null,
      row.phone ? (row.phoneConsentAt?.toISOString() ?? null) : null,
      row.addressLine1,
      row.addressLine2,
      row.city,
      row.region,
      row.postalCode,
      row.country,
      row.timezone,
      row.language,
      row.dob ? verificationHash("dob", row.dob) : null,
      row.postalCode ? verificationHash("postal_code", row.postalCode) : null,
      row.reference,
      verificationHash("account_last4", row.last4),
      row.originalCreditor,
      row.itemizationDate,
      row.itemizationKind,
      row.noticeSentOn,
      String(row.amounts.itemized),
      String(row.amounts.interest),
      String(row.amounts.fees),
      String(row.amounts.payments),
      String(row.amounts.credits),
    ]);
  }
  await db().execute(insertUnnest("account_import_rows", rows));
}

/**
 * The whole file was valid: its staged rows become debtors, accounts and ledger entries in
 * one transaction, which also closes the import (only while it still holds its slot).
 */
export async function swapIn(
  importId: string,
  creditorId: string,
  currency: string,
  now: Date,
  counts: {
    totalRows: number;
    createdRows: number;
    unchangedRows: number;
    durationMs: number;
    userId: string | null;
    ip?: string;
  },
) {
  await db().transaction(async (tx) => {
    const [ours] = await tx
      .update(schema.accountImports)
      .set({
        status: "imported",
        totalRows: counts.totalRows,
        createdRows: counts.createdRows,
        unchangedRows: counts.unchangedRows,
        rejectedRows: 0,
        durationMs: counts.durationMs,
        heartbeatAt: null,
      })
      .where(
        and(eq(schema.accountImports.id, importId), eq(schema.accountImports.status, "running")),
      )
      .returning({ id: schema.accountImports.id });
    if (!ours) throw new Error("the import lost its slot before it finished");
    await tx.execute(sql`
      insert into debtors (id, creditor_id, full_name, email, email_source, email_consent_at, phone, phone_source, phone_consent_at,
        address_line1, address_line2, city, region, postal_code, country, timezone, language, dob_hash, postal_code_hash)
      select debtor_id, ${creditorId}::uuid, full_name, email, email_source, email_consent_at, phone, phone_source, phone_consent_at,
        address_line1, address_line2, city, region, postal_code, country, timezone, language, dob_hash, postal_code_hash
      from account_import_rows where import_id = ${importId}::uuid order by row_number`);
    await openImportedAccounts(tx, { importId, creditorId, currency });
    // The itemized amount is dated on the itemization date; later changes are totals
    // "since then", recorded when imported.
    await tx.execute(sql`
      insert into ledger_entries (account_id, kind, amount_cents, currency, occurred_at, source, source_id)
      select r.account_id, v.kind, v.cents, ${currency},
        case when v.kind = 'itemized_balance' then (r.itemization_date::text || 'T12:00:00Z')::timestamptz else ${now.toISOString()}::timestamptz end,
        'import', ${creditorId} || ':' || r.reference
      from account_import_rows r
      cross join lateral (values
        ('itemized_balance', r.itemized_cents), ('interest', r.interest_cents), ('fee', r.fees_cents),
        ('payment', -r.payments_cents), ('credit', -r.credits_cents)) as v(kind, cents)
      where r.import_id = ${importId}::uuid and v.cents <> 0
      order by r.row_number`);
    await tx
      .delete(schema.accountImportRows)
      .where(eq(schema.accountImportRows.importId, importId));
    await audit(
      {
        actorType: "creditor_user",
        actorId: counts.userId,
        creditorId,
        action: "accounts.imported",
        targetType: "account_import",
        targetId: importId,
        ip: counts.ip,
        details: {
          totalRows: counts.totalRows,
          createdRows: counts.createdRows,
          unchangedRows: counts.unchangedRows,
        },
      },
      tx,
    );
  });
}

/** A file that was rejected, or failed on our side: nothing kept, the report recorded, the slot freed. */
export async function closeUnsuccessfulImport(
  importId: string,
  status: "rejected" | "failed",
  tally: ImportTally,
  meta: { creditorId: string; userId: string | null; ip?: string; durationMs: number },
) {
  await db()
    .delete(schema.accountImportRows)
    .where(eq(schema.accountImportRows.importId, importId));
  await db()
    .update(schema.accountImports)
    .set({
      status,
      totalRows: tally.totalRows,
      createdRows: 0,
      unchangedRows: 0,
      rejectedRows: tally.rejectedRows,
      heartbeatAt: null,
      rejections:
        status === "failed"
          ? [
              {
                row: 0,
                reference: "",
                column: "(file)",
                message:
                  "Something went wrong on our side while importing. Nothing was imported; please try again.",
              },
            ]
          : tally.rejections,
      durationMs: meta.durationMs,
    })
    .where(eq(schema.accountImports.id, importId));
  await audit({
    actorType: "creditor_user",
    actorId: meta.userId,
    creditorId: meta.creditorId,
    action: status === "failed" ? "accounts.import_failed" : "accounts.import_rejected",
    targetType: "account_import",
    targetId: importId,
    ip: meta.ip,
    details: { totalRows: tally.totalRows, rejectedRows: tally.rejectedRows },
  });
}
