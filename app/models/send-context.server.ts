// The facts every sending decision is made from (app/lib/message-rules.ts decides): the
// debtor's contacts and usable channel, the cadence already spent, the creditor's limits.
// The outbox asks at enqueue, the worker again right before sending, the bulk path in sets.
import { and, eq, gt, inArray, ne } from "drizzle-orm";
import type { AccountStatus } from "~/lib/account-rules";
import {
  effectiveCadence,
  isResponse,
  type Cadence,
  type Channel,
  type Contact,
  type Initiator,
  type SendContext,
  type TemplateName,
} from "~/lib/message-rules";
import { normalizePhone } from "~/lib/opt-out";
import { debtorZones } from "~/lib/timezones";
import { schema, type Db, type Tx } from "~/utils/db.server";

type Executor = Db | Tx;
type Debtor = typeof schema.debtors.$inferSelect;

export function contactFor(
  debtor: Pick<
    Debtor,
    "email" | "emailSource" | "emailConsentAt" | "phone" | "phoneSource" | "phoneConsentAt"
  >,
  channel: Channel,
): Contact {
  return channel === "email"
    ? {
        address: debtor.email?.trim() || null,
        source: debtor.emailSource,
        consentAt: debtor.emailConsentAt,
      }
    : {
        address: debtor.phone ? normalizePhone(debtor.phone) : null,
        source: debtor.phoneSource,
        consentAt: debtor.phoneConsentAt,
      };
}

function optedOut(debtor: Pick<Debtor, "preferences">, channel: Channel) {
  return channel === "email"
    ? Boolean(debtor.preferences.optOutEmail)
    : Boolean(debtor.preferences.optOutSms);
}

export async function isSmsStopped(tx: Executor, phone: string | null): Promise<boolean> {
  if (!phone) return false;
  const [row] = await tx
    .select({ phone: schema.smsSuppressions.phone })
    .from(schema.smsSuppressions)
    .where(eq(schema.smsSuppressions.phone, phone))
    .limit(1);
  return Boolean(row);
}

/** Email when it can be used, else SMS when it can, else email (recorded as suppressed). */
export async function chooseChannel(
  tx: Executor,
  debtor: Debtor,
  preferred?: Channel,
): Promise<Channel> {
  const phone = contactFor(debtor, "sms").address;
  const stopped = await isSmsStopped(tx, phone);
  return pickChannel(debtor, preferred, (p) => stopped && p === phone);
}

/** `chooseChannel` on facts already loaded (`isStopped`: did this normalized number text STOP). */
export function pickChannel(
  debtor: Debtor,
  preferred: Channel | undefined,
  isStopped: (phone: string) => boolean,
): Channel {
  const order: Channel[] = preferred === "sms" ? ["sms", "email"] : ["email", "sms"];
  for (const channel of order) if (isUsable(debtor, channel, isStopped)) return channel;
  return order[0];
}

function isUsable(debtor: Debtor, channel: Channel, isStopped: (phone: string) => boolean) {
  const contact = contactFor(debtor, channel);
  if (!contact.address || !contact.source || optedOut(debtor, channel)) return false;
  if (channel === "sms") return Boolean(contact.consentAt) && !isStopped(contact.address);
  return true;
}

/**
 * Every channel this debtor keeps open (a contact with provenance, not opted out; for SMS,
 * consent and no STOP), email first: where a confirmation of their own decision goes.
 */
export async function usableChannels(tx: Executor, debtor: Debtor): Promise<Channel[]> {
  const phone = contactFor(debtor, "sms").address;
  const stopped = await isSmsStopped(tx, phone);
  return (["email", "sms"] as const).filter((channel) =>
    isUsable(debtor, channel, (p) => stopped && p === phone),
  );
}

// --- the context every decision is made from ---

export async function loadAccount(tx: Executor, accountId: string) {
  const [row] = await tx
    .select({
      account: schema.accounts,
      debtor: schema.debtors,
      creditor: { id: schema.creditors.id, linkLifetimeDays: schema.creditors.linkLifetimeDays },
    })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(eq(schema.accounts.id, accountId))
    .limit(1);
  return row ?? null;
}

/** Times of the messages that count towards this debtor's cadence (sent or in flight). */
async function recentCounted(
  tx: Executor,
  debtorId: string,
  now: Date,
  exceptId?: string,
): Promise<Date[]> {
  const rows = await tx
    .select({
      template: schema.outboxMessages.template,
      initiatedBy: schema.outboxMessages.initiatedBy,
      dispatchedAt: schema.outboxMessages.dispatchedAt,
    })
    .from(schema.outboxMessages)
    .where(
      and(
        eq(schema.outboxMessages.debtorId, debtorId),
        inArray(schema.outboxMessages.status, ["sending", "sent"]),
        gt(schema.outboxMessages.dispatchedAt, cadenceWindowStart(now)),
        exceptId ? ne(schema.outboxMessages.id, exceptId) : undefined,
      ),
    );
  return countedTimes(rows);
}

export type DispatchedRow = {
  template: TemplateName;
  initiatedBy: Initiator;
  dispatchedAt: Date | null;
};

/** Of a debtor's messages sent or in flight in the last 7 days, those that count towards the cadence. */
export function countedTimes(rows: readonly DispatchedRow[]): Date[] {
  return rows
    .filter((r) => r.dispatchedAt && !isResponse(r.template, r.initiatedBy))
    .map((r) => r.dispatchedAt as Date);
}

/** The start of the window `recentCounted` reads (the bulk path reads the same). */
export function cadenceWindowStart(now: Date): Date {
  return new Date(now.getTime() - 7 * 86_400_000);
}

async function cadenceFor(tx: Executor, creditorId: string) {
  const [row] = await tx
    .select()
    .from(schema.creditorMessageSettings)
    .where(eq(schema.creditorMessageSettings.creditorId, creditorId))
    .limit(1);
  return cadenceOf(row ?? null);
}

export function cadenceOf(
  settings: Pick<
    typeof schema.creditorMessageSettings.$inferSelect,
    "maxPerDay" | "maxPerWeek"
  > | null,
) {
  return effectiveCadence(
    settings ? { perDay: settings.maxPerDay, perWeek: settings.maxPerWeek } : null,
  );
}

export type Subject = {
  channel: Channel;
  template: TemplateName;
  initiatedBy: Initiator;
  recipient: string | null;
  sendNow: boolean;
  notBefore: Date | null;
  id?: string;
};

export async function buildContext(
  tx: Executor,
  subject: Subject,
  debtor: Debtor | null,
  accountStatus: AccountStatus | null,
  creditorId: string | null,
  now: Date,
): Promise<SendContext> {
  const phone = subject.channel === "sms" ? subject.recipient : null;
  // A response (a receipt, the debtor's own request) is outside the cadence: decideSend
  // never reads these two for it, so they are not queried (one receipt per charge).
  const counted = !isResponse(subject.template, subject.initiatedBy);
  return sendContext(subject, debtor, accountStatus, now, {
    smsStopped: await isSmsStopped(tx, phone),
    recent: debtor && counted ? await recentCounted(tx, debtor.id, now, subject.id) : [],
    cadence: creditorId && counted ? await cadenceFor(tx, creditorId) : effectiveCadence(null),
  });
}

/** What a decision needs beyond the message and the debtor row (loaded one by one above, in sets by the bulk path). */
export type LoadedFacts = { smsStopped: boolean; recent: readonly Date[]; cadence: Cadence };

/** The one way a SendContext is put together, from rows already loaded. */
export function sendContext(
  subject: Subject,
  debtor: Debtor | null,
  accountStatus: AccountStatus | null,
  now: Date,
  facts: LoadedFacts,
): SendContext {
  const zones = debtorZones({
    timezone: debtor?.timezone,
    region: debtor?.region,
    postalCode: debtor?.postalCode,
    phone: debtor?.phone,
  });
  const contact: Contact = debtor
    ? { ...contactFor(debtor, subject.channel), address: subject.recipient }
    : { address: subject.recipient, source: null, consentAt: null };
  return {
    now,
    channel: subject.channel,
    template: subject.template,
    initiatedBy: subject.initiatedBy,
    accountStatus,
    contact,
    optedOut: debtor ? optedOut(debtor, subject.channel) : false,
    smsStopped: facts.smsStopped,
    zones: zones.zones,
    primaryZone: zones.primary,
    ownQuietWindow:
      debtor?.preferences.quietStart && debtor.preferences.quietEnd
        ? { start: debtor.preferences.quietStart, end: debtor.preferences.quietEnd }
        : null,
    sendNow: subject.sendNow,
    notBefore: subject.notBefore,
    recent: facts.recent,
    cadence: facts.cadence,
  };
}
