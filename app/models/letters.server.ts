// The letter that says an account is paid in full or settled: for its own debtor only,
// and only while the account is paid or settled. Every figure comes from the ledger.
import { eq } from "drizzle-orm";
import { todayIn } from "~/lib/calendar-date";
import { db, schema } from "~/utils/db.server";
import { getAccountForDebtor } from "./accounts.server";

export type ResolutionLetter = NonNullable<Awaited<ReturnType<typeof getResolutionLetter>>>;

/** Null (→ 404) when the account is not this debtor's, or is not paid or settled. */
export async function getResolutionLetter(debtorId: string, accountId: string, now = new Date()) {
  const found = await getAccountForDebtor(debtorId, accountId);
  if (!found) return null;
  const { account, creditor, debtor } = found;
  if (account.status !== "paid" && account.status !== "settled") return null;
  const entries = await db()
    .select({
      kind: schema.ledgerEntries.kind,
      amountCents: schema.ledgerEntries.amountCents,
      occurredAt: schema.ledgerEntries.occurredAt,
    })
    .from(schema.ledgerEntries)
    .where(eq(schema.ledgerEntries.accountId, account.id));
  const sum = (kinds: readonly string[]) =>
    entries.filter((e) => kinds.includes(e.kind)).reduce((s, e) => s + e.amountCents, 0);
  // What closed it: the last payment or write-off (an imported paid account: its import).
  const closing = entries
    .filter((e) => e.kind === "payment" || e.kind === "settlement_writeoff")
    .map((e) => e.occurredAt.getTime());
  const resolvedAt = closing.length > 0 ? new Date(Math.max(...closing)) : account.createdAt;
  return {
    kind: account.status,
    accountId: account.id,
    reference: account.reference,
    originalCreditor: account.originalCreditor,
    currency: account.currency,
    debtorName: debtor.fullName,
    creditor: {
      displayName: creditor.displayName,
      legalName: creditor.legalName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
    },
    balanceCents: Math.max(0, found.balanceCents),
    paidCents: -sum(["payment", "payment_reversal"]),
    forgivenCents: -sum(["settlement_writeoff"]),
    resolvedOn: todayIn(creditor.timezone, resolvedAt),
    today: todayIn(creditor.timezone, now),
  };
}
