// Payment reminders: queued three days before each scheduled charge.
import { and, eq, inArray, sql } from "drizzle-orm";
import { db, schema, type Db } from "~/utils/db.server";
import { queuePaymentReminder } from "./outbox.server";
import { MESSAGEABLE_ACCOUNT_STATUSES } from "./status-sets.server";

/**
 * Queues a reminder for each scheduled installment due in the next 3 days (calendar
 * dates in the creditor's time zone) of an active plan. Idempotent: one per installment
 * and due date, so running it every few minutes is harmless, and a worker that was down
 * catches up.
 */
export async function scheduleReminders(now = new Date(), database: Db = db()): Promise<number> {
  const rows = await database
    .select({
      installmentId: schema.installments.id,
      dueDate: schema.installments.dueDate,
      accountId: schema.plans.accountId,
      timezone: schema.creditors.timezone,
    })
    .from(schema.installments)
    .innerJoin(schema.plans, eq(schema.plans.id, schema.installments.planId))
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.plans.accountId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(
      and(
        eq(schema.installments.status, "scheduled"),
        eq(schema.plans.status, "active"),
        inArray(schema.accounts.status, MESSAGEABLE_ACCOUNT_STATUSES), // allowsCollectionMessages
        // A coarse window first; the exact one is per creditor time zone below.
        sql`${schema.installments.dueDate} between ${isoDate(now, "UTC", -1)} and ${isoDate(now, "UTC", 4)}`,
      ),
    );
  let queued = 0;
  for (const row of rows) {
    const today = isoDate(now, row.timezone, 0);
    const inThree = isoDate(now, row.timezone, 3);
    if (row.dueDate <= today || row.dueDate > inThree) continue;
    const result = await database.transaction((tx) =>
      queuePaymentReminder(tx, {
        accountId: row.accountId,
        installmentId: row.installmentId,
        dueDate: row.dueDate,
        now,
      }),
    );
    if (!result.duplicate) queued++;
  }
  return queued;
}

function isoDate(now: Date, zone: string, plusDays: number): string {
  const local = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(now);
  const [y, m, d] = local.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + plusDays)).toISOString().slice(0, 10);
}
