// Per-test fixtures: a creditor, a debtor with an account, its links and (for the creditor
// area) a creditor user, made through the real schema and models, each call with new rows.
// The personas mirror the demo ones (same names, balances and references, which are unique
// per creditor) so the tests read like the demo, but every call makes its own creditor:
// a test never sees another test's payments, disputes, plans or policy changes.
// Used by the e2e server's test-only seam (tests/support/e2e-server.ts, ADR 0015) and
// usable from integration tests with a test database (tests/support/db.ts).
import { createHash, randomUUID } from "node:crypto";
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import * as schema from "../../db/schema";
import type { Db } from "../../db/client.server";
import { mintAccessLink, verificationHash } from "../../app/models/access-links.server";
import {
  decodeTotpKey,
  encryptTotpKey,
  hashPassword,
  newRecoveryCodes,
} from "../../app/models/creditor-credentials.server";
import { renderOutboxMessage } from "../../app/models/outbox-delivery.server";
import { getSenderForMessage } from "../../app/models/outbox-reads.server";
import { addMonthsClamped, todayIn } from "../../app/lib/calendar-date";
import { AUTHORIZATION_VERSION, authorizationText } from "../../app/lib/plan-authorization";
import type { PlanPreview } from "../../app/lib/plan-builder";
import { planPolicySchema } from "../../app/lib/policy";
import { referenceLast4 } from "../../app/lib/verification";

const DAY = 86_400_000;
const unique = () => randomUUID().replace(/-/g, "").slice(0, 10);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const daysFrom = (now: Date, days: number) => new Date(now.getTime() + days * DAY);

export type CreditorKind = "first_party" | "agency";

const CREDITORS: Record<
  CreditorKind,
  (now: Date) => Omit<typeof schema.creditors.$inferInsert, "slug">
> = {
  first_party: () => ({
    displayName: "Brightside Dental",
    legalName: "Brightside Dental Group LLC",
    collectorType: "first_party",
    timezone: "America/New_York",
    supportEmail: "billing@brightside-dental.example",
    supportPhone: "(212) 555-0140",
    mailingAddress: "200 Park Avenue South, Suite 410, New York, NY 10003",
    supportHours: "Monday to Friday, 9:00 to 17:00 Eastern",
    accentColor: "#0f766e",
    verificationFact: "dob",
    planPolicy: planPolicySchema.parse({
      payInFull: true,
      settlement: null,
      frequencies: ["biweekly", "monthly"],
      minInstallments: 2,
      maxInstallments: 12,
      minInstallmentCents: 2500,
      maxPlanDays: 365,
      latestFirstPaymentDays: 30,
      downPaymentPercent: 0,
      hardship: { allowed: true, maxPauseDays: 60 },
      missedPaymentTolerance: 2,
      retryDays: [3, 7],
    }),
  }),
  agency: (now) => ({
    displayName: "Northbridge Recovery Services",
    legalName: "Northbridge Recovery Services, Inc.",
    collectorType: "third_party",
    timezone: "America/Chicago",
    supportEmail: "help@northbridge-recovery.example",
    supportPhone: "(800) 555-0199",
    mailingAddress: "PO Box 4410, Austin, TX 78765",
    supportHours: "Monday to Saturday, 8:00 to 20:00 Central",
    accentColor: "#6d28d9",
    verificationFact: "postal_code",
    planPolicy: planPolicySchema.parse({
      payInFull: true,
      settlement: { percentOff: 30, expiresOn: isoDay(daysFrom(now, 45)) },
      frequencies: ["weekly", "biweekly", "monthly"],
      minInstallments: 3,
      maxInstallments: 24,
      minInstallmentCents: 2000,
      maxPlanDays: 540,
      latestFirstPaymentDays: 21,
      downPaymentPercent: 0,
      hardship: { allowed: true, maxPauseDays: 90 },
      missedPaymentTolerance: 1,
      retryDays: [3, 7],
    }),
  }),
};

export type Persona = "alex" | "maria" | "sam" | "jordan" | "priya";

type PersonaSpec = {
  creditor: CreditorKind;
  fullName: string;
  email: string;
  phone: string;
  dob: string;
  postalCode: string;
  city: string;
  region: string;
  language: "en" | "es";
  reference: string;
  originalCreditor?: string;
  itemizationKind: (typeof schema.ITEMIZATION_KINDS)[number];
  status: (typeof schema.ACCOUNT_STATUSES)[number];
  ledger: {
    kind: (typeof schema.LEDGER_KINDS)[number];
    cents: number;
    daysAgo: number;
    memo?: string;
  }[];
};

/** The demo's debtors, as data the tests own (app/demo/seed.server.ts may change without breaking them). */
export const PERSONAS: Record<Persona, PersonaSpec> = {
  alex: {
    creditor: "first_party",
    fullName: "Alex Rivera",
    email: "alex.rivera@example.com",
    phone: "+12125550101",
    dob: "1985-03-14",
    postalCode: "10001",
    city: "New York",
    region: "NY",
    language: "en",
    reference: "BSD-100245",
    itemizationKind: "last_statement",
    status: "open",
    ledger: [
      { kind: "itemized_balance", cents: 7950, daysAgo: 60, memo: "Cleaning and X-rays" },
      { kind: "fee", cents: 500, daysAgo: 30, memo: "Late fee" },
    ],
  },
  maria: {
    creditor: "agency",
    fullName: "María González",
    email: "maria.gonzalez@example.com",
    phone: "+15125550102",
    dob: "1979-09-02",
    postalCode: "78701",
    city: "Austin",
    region: "TX",
    language: "es",
    reference: "NRS-55012873",
    originalCreditor: "Summit Card Bank",
    itemizationKind: "charge_off",
    status: "open",
    ledger: [
      { kind: "itemized_balance", cents: 452_000, daysAgo: 120 },
      { kind: "interest", cents: 31_075, daysAgo: 30 },
      { kind: "fee", cents: 3_500, daysAgo: 30 },
      { kind: "payment", cents: -5_000, daysAgo: 20 },
      { kind: "credit", cents: -1_000, daysAgo: 15, memo: "Goodwill credit" },
    ],
  },
  sam: {
    creditor: "agency",
    fullName: "Sam Chen",
    email: "sam.chen@example.com",
    phone: "+14155550103",
    dob: "1992-01-25",
    postalCode: "94110",
    city: "San Francisco",
    region: "CA",
    language: "en",
    reference: "NRS-55019940",
    originalCreditor: "Coastline Mobile",
    itemizationKind: "last_payment",
    status: "in_plan",
    ledger: [
      { kind: "itemized_balance", cents: 120_000, daysAgo: 90 },
      { kind: "payment", cents: -20_000, daysAgo: 31 },
      { kind: "payment", cents: -20_000, daysAgo: 1 },
    ],
  },
  jordan: {
    creditor: "first_party",
    fullName: "Jordan Lee",
    email: "jordan.lee@example.com",
    phone: "+16175550104",
    dob: "1990-07-02",
    postalCode: "02139",
    city: "Cambridge",
    region: "MA",
    language: "en",
    reference: "BSD-100311",
    itemizationKind: "transaction",
    status: "on_hold",
    ledger: [{ kind: "itemized_balance", cents: 64_000, daysAgo: 45, memo: "Crown" }],
  },
  priya: {
    creditor: "first_party",
    fullName: "Priya Patel",
    email: "priya.patel@example.com",
    phone: "+13125550105",
    dob: "1978-11-30",
    postalCode: "60614",
    city: "Chicago",
    region: "IL",
    language: "en",
    reference: "BSD-100099",
    itemizationKind: "last_statement",
    status: "paid",
    ledger: [
      { kind: "itemized_balance", cents: 21_000, daysAgo: 100 },
      { kind: "payment", cents: -21_000, daysAgo: 10 },
    ],
  },
};

export type CreditorFixture = {
  id: string;
  slug: string;
  displayName: string;
  timezone: string;
  verificationFact: string;
};

/** A new creditor like one of the demo's two (same names and policy, its own slug and rows). */
export async function createCreditor(
  db: Db,
  kind: CreditorKind,
  now = new Date(),
): Promise<CreditorFixture> {
  const [creditor] = await db
    .insert(schema.creditors)
    .values({ ...CREDITORS[kind](now), slug: `${kind.replace("_", "-")}-${unique()}` })
    .returning();
  return toCreditorFixture(creditor);
}

function toCreditorFixture(creditor: typeof schema.creditors.$inferSelect): CreditorFixture {
  return {
    id: creditor.id,
    slug: creditor.slug,
    displayName: creditor.displayName,
    timezone: creditor.timezone,
    verificationFact: creditor.verificationFact,
  };
}

export type LinkState = "fresh" | "expired" | "revoked";
export type LinkFixture = { id: string; token: string; code: string; state: LinkState };

export async function createLink(
  db: Db,
  accountId: string,
  state: LinkState = "fresh",
  now = new Date(),
): Promise<LinkFixture> {
  const link = await mintAccessLink(
    { accountId, channel: "demo", now: state === "expired" ? daysFrom(now, -40) : now },
    db,
  );
  if (state === "revoked")
    await db
      .update(schema.accessLinks)
      .set({ revokedAt: now })
      .where(eq(schema.accessLinks.id, link.id));
  return { id: link.id, token: link.token, code: link.code, state };
}

export type DebtorFixture = {
  creditor: CreditorFixture;
  debtorId: string;
  accountId: string;
  reference: string;
  fullName: string;
  email: string;
  /** What the link's question takes, as a person types it (MM/DD/YYYY or the ZIP code). */
  answer: string;
  dob: string;
  links: LinkFixture[];
};

/**
 * A debtor like one of the demo's, with their account, ledger (and, like the demo, Sam's
 * plan and Jordan's dispute), under a creditor of their own (or `creditorId`'s), and one
 * link per entry of `links` (default: one fresh link). The email is unique per call; a
 * test reads its messages with `outboxMessageFor`, not from the shared demo outbox.
 */
export async function createDebtor(
  db: Db,
  persona: Persona,
  options: {
    links?: LinkState[];
    creditor?: CreditorFixture;
    now?: Date;
    state?: DebtorState;
  } = {},
): Promise<DebtorFixture> {
  const now = options.now ?? new Date();
  const p = PERSONAS[persona];
  const creditor = options.creditor ?? (await createCreditor(db, p.creditor, now));
  const tag = unique();
  const email = p.email.replace("@", `+${tag}@`);
  const consentAt = daysFrom(now, -200);
  const accountId = await db.transaction(async (tx) => {
    const [debtor] = await tx
      .insert(schema.debtors)
      .values({
        creditorId: creditor.id,
        fullName: p.fullName,
        email,
        emailSource: "creditor_records",
        emailConsentAt: consentAt,
        phone: p.phone,
        phoneSource: "debtor_provided",
        phoneConsentAt: consentAt,
        addressLine1: "100 Demo Street",
        city: p.city,
        region: p.region,
        postalCode: p.postalCode,
        language: p.language,
        dobHash: verificationHash("dob", p.dob),
        postalCodeHash: verificationHash("postal_code", p.postalCode),
      })
      .returning();
    const itemizedDaysAgo = Math.max(...p.ledger.map((l) => l.daysAgo));
    const [account] = await tx
      .insert(schema.accounts)
      .values({
        creditorId: creditor.id,
        debtorId: debtor.id,
        reference: p.reference,
        referenceLast4Hash: verificationHash("account_last4", referenceLast4(p.reference)),
        originalCreditor: p.originalCreditor ?? null,
        itemizationDate: isoDay(daysFrom(now, -itemizedDaysAgo)),
        itemizationKind: p.itemizationKind,
        noticeSentOn: isoDay(daysFrom(now, -10)),
        status: p.status,
      })
      .returning();
    for (const [i, entry] of p.ledger.entries()) {
      await tx.insert(schema.ledgerEntries).values({
        accountId: account.id,
        kind: entry.kind,
        amountCents: entry.cents,
        currency: "usd",
        occurredAt: daysFrom(now, -entry.daysAgo),
        source: entry.kind === "payment" ? "creditor" : "import",
        sourceId: `test:${tag}:${i}`,
        memo: entry.memo ?? null,
      });
    }
    if (p.status === "on_hold") {
      await tx.insert(schema.disputes).values({
        accountId: account.id,
        debtorId: debtor.id,
        creditorId: creditor.id,
        reason: "wrong_amount",
        details: "I was told the crown was covered by my insurance.",
        statusBeforeHold: "open",
        createdAt: daysFrom(now, -3),
      });
    }
    return { id: account.id, debtorId: debtor.id };
  });
  if (p.status === "in_plan") await createPlanFromLedger(db, accountId.id);
  if (options.state) await moveToState(db, accountId.id, options.state, now);
  const links: LinkFixture[] = [];
  for (const state of options.links ?? ["fresh"])
    links.push(await createLink(db, accountId.id, state, now));
  const [y, m, d] = p.dob.split("-");
  return {
    creditor,
    debtorId: accountId.debtorId,
    accountId: accountId.id,
    reference: p.reference,
    fullName: p.fullName,
    email,
    answer: creditor.verificationFact === "dob" ? `${m}/${d}/${y}` : p.postalCode,
    dob: p.dob,
    links,
  };
}

/**
 * Where a fixture account stands beyond its persona's status: Sam's plan waiting for a
 * card, paused or broken after missed payments; María's settlement paid.
 */
export type DebtorState = "plan_waiting" | "plan_paused" | "plan_broken" | "settled";
export const DEBTOR_STATES: readonly DebtorState[] = [
  "plan_waiting",
  "plan_paused",
  "plan_broken",
  "settled",
];

async function moveToState(db: Db, accountId: string, state: DebtorState, now: Date) {
  const { plans, installments, accounts, ledgerEntries } = schema;
  if (state === "settled") {
    const entries = await db
      .select({ cents: ledgerEntries.amountCents })
      .from(ledgerEntries)
      .where(eq(ledgerEntries.accountId, accountId));
    const balance = entries.reduce((sum, e) => sum + e.cents, 0);
    const paid = Math.round(balance * 0.7);
    const tag = unique();
    await db.insert(ledgerEntries).values(
      [
        { kind: "payment", cents: -paid, memo: null },
        { kind: "settlement_writeoff", cents: paid - balance, memo: "Settlement" },
      ].map((e, i) => ({
        accountId,
        kind: e.kind as (typeof schema.LEDGER_KINDS)[number],
        amountCents: e.cents,
        currency: "usd",
        occurredAt: daysFrom(now, -1),
        source: "creditor" as const,
        sourceId: `test:${tag}:settle:${i}`,
        memo: e.memo,
      })),
    );
    await db.update(accounts).set({ status: "settled" }).where(eq(accounts.id, accountId));
    return;
  }
  const [plan] = await db.select().from(plans).where(eq(plans.accountId, accountId));
  if (!plan) throw new Error(`state ${state} needs a persona with a plan (sam)`);
  if (state === "plan_waiting") {
    await db.update(plans).set({ status: "pending_payment_method" }).where(eq(plans.id, plan.id));
    await db.update(accounts).set({ status: "open" }).where(eq(accounts.id, accountId));
  } else if (state === "plan_paused") {
    await db
      .update(plans)
      .set({ status: "paused", pauseUntil: isoDay(daysFrom(now, 21)) })
      .where(eq(plans.id, plan.id));
  } else {
    // Three missed payments, retries exhausted: more than the policy tolerates.
    const open = await db
      .select({ id: installments.id })
      .from(installments)
      .where(and(eq(installments.planId, plan.id), eq(installments.status, "scheduled")))
      .orderBy(installments.seq)
      .limit(3);
    await db
      .update(installments)
      .set({ status: "failed", attempts: 3, nextRetryAt: null })
      .where(
        inArray(
          installments.id,
          open.map((i) => i.id),
        ),
      );
    await db.update(plans).set({ status: "broken" }).where(eq(plans.id, plan.id));
  }
}

/**
 * The plan an "in plan" account's ledger tells of (as the demo seed makes Sam's): monthly
 * installments of the first payment's size from its day, those paid that the ledger shows.
 */
async function createPlanFromLedger(db: Db, accountId: string) {
  const [row] = await db
    .select({ account: schema.accounts, creditor: schema.creditors, debtor: schema.debtors })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(eq(schema.accounts.id, accountId));
  const { account, creditor, debtor } = row;
  const entries = await db
    .select()
    .from(schema.ledgerEntries)
    .where(
      and(
        eq(schema.ledgerEntries.accountId, accountId),
        inArray(schema.ledgerEntries.kind, ["itemized_balance", "payment"]),
      ),
    );
  const payments = entries
    .filter((e) => e.kind === "payment")
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const original = entries
    .filter((e) => e.kind === "itemized_balance")
    .reduce((sum, e) => sum + e.amountCents, 0);
  const each = -payments[0].amountCents;
  const count = original / each;
  const startDate = todayIn(creditor.timezone, payments[0].occurredAt);
  const installments = Array.from({ length: count }, (_, i) => ({
    seq: i + 1,
    dueDate: addMonthsClamped(startDate, i),
    amountCents: each,
  }));
  const preview: PlanPreview = {
    kind: "installments",
    frequency: "monthly",
    count,
    startDate,
    endDate: installments[count - 1].dueDate,
    installments,
    totalCents: original,
    balanceCents: original,
    savingsCents: 0,
    downPaymentCents: 0,
    currency: account.currency,
  };
  const text = authorizationText(
    preview,
    {
      debtorName: debtor.fullName,
      creditorName: creditor.displayName,
      supportPhone: creditor.supportPhone,
      supportEmail: creditor.supportEmail,
    },
    "en",
  );
  const authorizedAt = new Date(payments[0].occurredAt.getTime() - 10 * 60_000);
  await db.transaction(async (tx) => {
    const [plan] = await tx
      .insert(schema.plans)
      .values({
        accountId,
        kind: "installments",
        frequency: "monthly",
        installmentCount: count,
        startDate,
        agreedOn: startDate,
        totalCents: original,
        balanceCents: original,
        currency: account.currency,
        status: "active",
        authorizationVersion: AUTHORIZATION_VERSION,
        authorizationText: text,
        authorizationTextSha256: createHash("sha256").update(text).digest("hex"),
        authorizationLanguage: "en",
        authorizedAt,
        authorizationIp: null,
        authorizationUserAgent: "test fixture",
        createdAt: authorizedAt,
      })
      .returning({ id: schema.plans.id });
    await tx.insert(schema.installments).values(
      installments.map((i) => {
        const payment = payments[i.seq - 1];
        return {
          planId: plan.id,
          seq: i.seq,
          dueDate: i.dueDate,
          originalDueDate: i.dueDate,
          amountCents: i.amountCents,
          originalAmountCents: i.amountCents,
          status: payment ? ("paid" as const) : ("scheduled" as const),
          attempts: payment ? 1 : 0,
          paidAt: payment?.occurredAt ?? null,
        };
      }),
    );
  });
}

export type CreditorUserFixture = {
  id: string;
  email: string;
  password: string;
  totpKeyBase32: string | null;
  creditor: CreditorFixture;
};

/** Public on purpose: test data only (the e2e tests compute TOTP codes from it). */
export const TEST_TOTP_KEY_BASE32 = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** A creditor user with a password and (unless `enrolled: false`) a TOTP key, under a new creditor unless one is given. */
export async function createCreditorUser(
  db: Db,
  options: {
    kind?: CreditorKind;
    creditor?: CreditorFixture;
    role?: "owner" | "staff";
    enrolled?: boolean;
    now?: Date;
  } = {},
): Promise<CreditorUserFixture> {
  const creditor =
    options.creditor ?? (await createCreditor(db, options.kind ?? "first_party", options.now));
  const enrolled = options.enrolled ?? true;
  const key = decodeTotpKey(TEST_TOTP_KEY_BASE32);
  if (!key) throw new Error("the test TOTP key is not a 160-bit base32 key");
  const email = `user-${unique()}@${creditor.slug}.example`;
  const password = `violet harbor ${unique()} kettle`;
  const [user] = await db
    .insert(schema.creditorUsers)
    .values({
      creditorId: creditor.id,
      email,
      name: options.role === "staff" ? "Sam Ortiz" : "Dana Brooks",
      role: options.role ?? "owner",
      passwordHash: await hashPassword(password),
      totpSecret: enrolled ? encryptTotpKey(key) : null,
      totpEnabledAt: enrolled ? (options.now ?? new Date()) : null,
      recoveryCodeHashes: enrolled ? newRecoveryCodes().hashes : [],
    })
    .returning({ id: schema.creditorUsers.id });
  return {
    id: user.id,
    email,
    password,
    totpKeyBase32: enrolled ? TEST_TOTP_KEY_BASE32 : null,
    creditor,
  };
}

export type OutboxMessageFixture = {
  id: string;
  channel: "email" | "sms";
  template: string;
  recipient: string | null;
  status: string;
  subject: string | null;
  text: string;
};

/**
 * The newest outbox message about `accountId` of `creditorId` (both must match), rendered
 * as the worker renders it: what a test reads instead of the shared demo outbox page.
 */
export async function outboxMessageFor(
  db: Db,
  creditorId: string,
  accountId: string,
): Promise<OutboxMessageFixture | null> {
  const [row] = await db
    .select()
    .from(schema.outboxMessages)
    .where(
      and(
        eq(schema.outboxMessages.creditorId, creditorId),
        eq(schema.outboxMessages.accountId, accountId),
      ),
    )
    .orderBy(desc(schema.outboxMessages.createdAt))
    .limit(1);
  if (!row) return null;
  // The first message sent to a debtor carries the longer disclosure (as in the worker).
  const [earlier] = row.debtorId
    ? await db
        .select({ id: schema.outboxMessages.id })
        .from(schema.outboxMessages)
        .where(
          and(
            eq(schema.outboxMessages.debtorId, row.debtorId),
            eq(schema.outboxMessages.status, "sent"),
            ne(schema.outboxMessages.id, row.id),
          ),
        )
        .limit(1)
    : [];
  const rendered = renderOutboxMessage(
    row,
    await getSenderForMessage(row, db),
    Boolean(row.debtorId) && !earlier,
  );
  return {
    id: row.id,
    channel: row.channel,
    template: row.template,
    recipient: row.recipient,
    status: row.status,
    subject: rendered.channel === "email" ? rendered.subject : null,
    text: rendered.channel === "email" ? rendered.text : rendered.body,
  };
}

/** A creditor by id, as the factories return one (to add a debtor or user under it). */
export async function creditorFixture(db: Db, id: string): Promise<CreditorFixture | null> {
  const [creditor] = await db
    .select()
    .from(schema.creditors)
    .where(eq(schema.creditors.id, id))
    .limit(1);
  return creditor ? toCreditorFixture(creditor) : null;
}
