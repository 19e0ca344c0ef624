// Volume for the benchmark and the load test, written in batches (multi-row inserts):
// debtors with accounts and ledger entries under the two demo creditors, debtor sessions,
// and active plans with one due installment each.
import { inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.server";
import * as schema from "../../db/schema";
import { verificationHash } from "../../app/models/access-links.server";
import { createDebtorSession } from "../../app/utils/session.server";

export type SeededAccount = { id: string; debtorId: string; reference: string };

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export async function seedAccounts(
  db: Db,
  count: number,
  options: { prefix?: string; batch?: number } = {},
): Promise<SeededAccount[]> {
  const prefix = options.prefix ?? "BENCH";
  const batch = options.batch ?? 1000;
  const creditors = await db
    .select({ id: schema.creditors.id, slug: schema.creditors.slug })
    .from(schema.creditors);
  if (creditors.length === 0) throw new Error("seedAccounts: seed the demo creditors first");
  // Every debtor answers the same facts: hashing once keeps seeding fast and the data valid.
  const dobHash = verificationHash("dob", "1980-01-15");
  const postalHash = verificationHash("postal_code", "10001");
  const consentAt = new Date(Date.now() - 200 * DAY);
  const out: SeededAccount[] = [];
  for (let start = 0; start < count; start += batch) {
    const n = Math.min(batch, count - start);
    const rows = Array.from({ length: n }, (_, i) => {
      const k = start + i;
      return {
        k,
        creditorId: creditors[k % creditors.length].id,
        reference: `${prefix}-${String(k).padStart(7, "0")}`,
      };
    });
    await db.transaction(async (tx) => {
      const debtors = await tx
        .insert(schema.debtors)
        .values(
          rows.map((r) => ({
            creditorId: r.creditorId,
            fullName: `Bench Debtor ${r.k}`,
            email: `bench${r.k}@example.com`,
            emailSource: "creditor_records",
            emailConsentAt: consentAt,
            phone: `+1212555${String(r.k % 10_000).padStart(4, "0")}`,
            phoneSource: "debtor_provided",
            phoneConsentAt: consentAt,
            addressLine1: `${r.k} Bench Street`,
            city: "New York",
            region: "NY",
            postalCode: "10001",
            language: (r.k % 5 === 0 ? "es" : "en") as "en" | "es",
            dobHash,
            postalCodeHash: postalHash,
          })),
        )
        .returning({ id: schema.debtors.id });
      const accounts = await tx
        .insert(schema.accounts)
        .values(
          rows.map((r, i) => ({
            creditorId: r.creditorId,
            debtorId: debtors[i].id,
            reference: r.reference,
            referenceLast4Hash: verificationHash("account_last4", r.reference.slice(-4)),
            originalCreditor: r.k % 2 ? "Summit Card Bank" : null,
            itemizationDate: isoDay(new Date(Date.now() - 90 * DAY)),
            itemizationKind: "last_statement" as const,
            noticeSentOn: isoDay(new Date(Date.now() - 10 * DAY)),
            status: "open" as const,
          })),
        )
        .returning({
          id: schema.accounts.id,
          debtorId: schema.accounts.debtorId,
          reference: schema.accounts.reference,
        });
      const ledger = accounts.flatMap((a, i) => {
        const k = rows[i].k;
        const when = (days: number) => new Date(Date.now() - days * DAY);
        return [
          {
            accountId: a.id,
            kind: "itemized_balance" as const,
            amountCents: 10_000 + (k % 50) * 1_000,
            currency: "usd",
            occurredAt: when(90),
            source: "import" as const,
            sourceId: `bench:${a.reference}:0`,
          },
          {
            accountId: a.id,
            kind: "interest" as const,
            amountCents: 1_250,
            currency: "usd",
            occurredAt: when(30),
            source: "import" as const,
            sourceId: `bench:${a.reference}:1`,
          },
          {
            accountId: a.id,
            kind: "fee" as const,
            amountCents: 500,
            currency: "usd",
            occurredAt: when(20),
            source: "import" as const,
            sourceId: `bench:${a.reference}:2`,
            memo: "Late fee",
          },
          {
            accountId: a.id,
            kind: "payment" as const,
            amountCents: -2_000,
            currency: "usd",
            occurredAt: when(10),
            source: "creditor" as const,
            sourceId: `bench:${a.reference}:3`,
          },
        ];
      });
      await tx.insert(schema.ledgerEntries).values(ledger);
      out.push(...accounts);
    });
  }
  return out;
}

/** Signed-in debtors, the way the link flow leaves them: `portal_session=<id.secret>`. */
export async function createSessions(
  accounts: SeededAccount[],
): Promise<{ accountId: string; cookie: string }[]> {
  const out: { accountId: string; cookie: string }[] = [];
  for (const account of accounts) {
    const session = await createDebtorSession(account.debtorId, null);
    out.push({ accountId: account.id, cookie: `portal_session=${session.token}` });
  }
  return out;
}

/**
 * One active plan per account with one installment due two days ago, paid by the given
 * saved card: what the charge worker finds on its due date.
 */
export async function createDueInstallments(
  db: Db,
  accountIds: string[],
  card: { customer: string; paymentMethod: string },
  options: { amountCents?: number; batch?: number } = {},
): Promise<{ planId: string; installmentId: string; accountId: string; amountCents: number }[]> {
  const amount = options.amountCents ?? 5_000;
  const batch = options.batch ?? 1000;
  const due = isoDay(new Date(Date.now() - 2 * DAY));
  const out: { planId: string; installmentId: string; accountId: string; amountCents: number }[] =
    [];
  for (let start = 0; start < accountIds.length; start += batch) {
    const ids = accountIds.slice(start, start + batch);
    await db.transaction(async (tx) => {
      await tx
        .update(schema.accounts)
        .set({ status: "in_plan" })
        .where(inArray(schema.accounts.id, ids));
      const plans = await tx
        .insert(schema.plans)
        .values(
          ids.map((accountId) => ({
            accountId,
            kind: "installments" as const,
            frequency: "monthly" as const,
            installmentCount: 1,
            startDate: due,
            agreedOn: due,
            totalCents: amount,
            balanceCents: 100_000,
            currency: "usd",
            status: "active" as const,
            stripeCustomerId: card.customer,
            stripePaymentMethodId: card.paymentMethod,
            authorizationVersion: "bench-1",
            authorizationText: "I authorize this payment.",
            authorizationTextSha256: "0".repeat(64),
            authorizationLanguage: "en" as const,
            authorizedAt: new Date(),
          })),
        )
        .returning({ id: schema.plans.id, accountId: schema.plans.accountId });
      const installments = await tx
        .insert(schema.installments)
        .values(
          plans.map((p) => ({
            planId: p.id,
            seq: 1,
            dueDate: due,
            amountCents: amount,
            originalAmountCents: amount,
            originalDueDate: due,
          })),
        )
        .returning({ id: schema.installments.id, planId: schema.installments.planId });
      const planAccount = new Map(plans.map((p) => [p.id, p.accountId]));
      for (const i of installments)
        out.push({
          planId: i.planId,
          installmentId: i.id,
          accountId: planAccount.get(i.planId)!,
          amountCents: amount,
        });
    });
  }
  return out;
}

export async function countRows(
  db: Db,
  table: "accounts" | "ledger_entries" | "access_links" | "outbox_messages",
) {
  const result = await db.execute(sql.raw(`select count(*)::int as n from ${table}`));
  const rows = (result as unknown as { rows: { n: number }[] }).rows;
  return rows[0].n;
}
