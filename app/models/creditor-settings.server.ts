// A creditor's settings: plan policy (with how many open accounts a change affects) and
// branding and disclosures; the logo is creditor-logo.server.ts (re-exported here for the
// routes). Every function takes the creditor id from the signed-in user, never from the form.
import { and, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import { todayIn } from "~/lib/calendar-date";
import {
  contrastOnWhite,
  formatRatio,
  MIN_TEXT_CONTRAST,
  type BrandingForm,
} from "~/lib/creditor-branding";
import { planPolicySchema, type PlanPolicy } from "~/lib/policy";
import { compareOptions } from "~/lib/plan-options";
import { db, schema } from "~/utils/db.server";
import { audit } from "./audit.server";
import { creditorPolicy } from "./policy.server";
import { BALANCE_SUM } from "./ledger.server";
import { OWING_ACCOUNT_STATUSES } from "./status-sets.server";

export type Creditor = typeof schema.creditors.$inferSelect;

export async function getCreditor(creditorId: string): Promise<Creditor> {
  const [row] = await db()
    .select()
    .from(schema.creditors)
    .where(eq(schema.creditors.id, creditorId));
  if (!row) throw new Error("signed-in user without a creditor");
  return row;
}

/** The stored policy, validated (a broken one falls back to the default, and says so). */
export function storedPolicy(creditor: Pick<Creditor, "planPolicy">): {
  policy: PlanPolicy;
  valid: boolean;
} {
  return creditorPolicy(creditor.planPolicy);
}

export function creditorToday(creditor: Pick<Creditor, "timezone">, now = new Date()) {
  return todayIn(creditor.timezone, now);
}

export type PolicyImpact = {
  /** Open accounts that follow the creditor policy (no override of their own). */
  following: number;
  /** Of those, how many would be offered something different. */
  changed: number;
  /** Open accounts with their own override: check them separately. */
  withOverride: number;
};

/**
 * How many open accounts would see different options under `candidate`. Compares what
 * the debtor would be offered (compareOptions) today, per distinct balance.
 */
export async function policyImpact(
  creditorId: string,
  candidate: PlanPolicy,
  now = new Date(),
): Promise<PolicyImpact> {
  const creditor = await getCreditor(creditorId);
  const current = storedPolicy(creditor).policy;
  const today = creditorToday(creditor, now);
  const balances = await db()
    .select({
      balance: sql<string>`b.balance`,
      accounts: sql<string>`count(*)`,
    })
    .from(
      sql`(select ${BALANCE_SUM} as balance
           from ${schema.accounts}
           left join ${schema.ledgerEntries} on ${schema.ledgerEntries.accountId} = ${schema.accounts.id}
           where ${schema.accounts.creditorId} = ${creditorId} and ${schema.accounts.status} = 'open'
             and ${schema.accounts.policyOverride} is null
           group by ${schema.accounts.id}) as b`,
    )
    .groupBy(sql`b.balance`);
  let following = 0;
  let changed = 0;
  for (const row of balances) {
    const balance = Number(row.balance);
    const count = Number(row.accounts);
    following += count;
    const before = JSON.stringify(compareOptions(balance, current, today, creditor.currency));
    const after = JSON.stringify(compareOptions(balance, candidate, today, creditor.currency));
    if (before !== after) changed += count;
  }
  const [{ withOverride }] = await db()
    .select({ withOverride: sql<number>`count(*)::int` })
    .from(schema.accounts)
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        eq(schema.accounts.status, "open"),
        isNotNull(schema.accounts.policyOverride),
      ),
    );
  return { following, changed, withOverride };
}

export async function savePolicy(input: {
  creditorId: string;
  actorId: string;
  policy: PlanPolicy;
  ip: string;
}) {
  const parsed = planPolicySchema.parse(input.policy);
  const creditor = await getCreditor(input.creditorId);
  const before = storedPolicy(creditor).policy;
  const changedFields = (Object.keys(parsed) as (keyof PlanPolicy)[]).filter(
    (key) => JSON.stringify(before[key]) !== JSON.stringify(parsed[key]),
  );
  await db().transaction(async (tx) => {
    await tx
      .update(schema.creditors)
      .set({ planPolicy: parsed })
      .where(eq(schema.creditors.id, input.creditorId));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: "creditor.policy_updated",
        targetType: "creditor",
        targetId: input.creditorId,
        ip: input.ip,
        details: { fields: changedFields.join(",") },
      },
      tx,
    );
  });
  return { changedFields };
}

// ---------------------------------------------------------------------------------------
// Branding and disclosures
// ---------------------------------------------------------------------------------------

export function brandingValues(creditor: Creditor) {
  return {
    displayName: creditor.displayName,
    legalName: creditor.legalName,
    supportEmail: creditor.supportEmail,
    supportPhone: creditor.supportPhone,
    supportHours: creditor.supportHours ?? "",
    mailingAddress: creditor.mailingAddress,
    accentColor: creditor.accentColor,
    collectorType: creditor.collectorType,
    timezone: creditor.timezone,
    verificationFact: creditor.verificationFact,
    linkLifetimeDays: String(creditor.linkLifetimeDays),
  };
}

/** The contrast error with the actual ratio, so the fix is obvious. */
export function accentColorMessage(color: string): string | null {
  const ratio = contrastOnWhite(color);
  if (ratio === null || ratio >= MIN_TEXT_CONTRAST) return null;
  return `This colour has a contrast of ${formatRatio(ratio)} on white; text needs at least 4.5:1. Choose a darker colour.`;
}

export async function saveBranding(input: {
  creditorId: string;
  actorId: string;
  form: BrandingForm;
  ip: string;
}) {
  const creditor = await getCreditor(input.creditorId);
  const next = {
    displayName: input.form.displayName,
    legalName: input.form.legalName,
    supportEmail: input.form.supportEmail,
    supportPhone: input.form.supportPhone,
    supportHours: input.form.supportHours || null,
    mailingAddress: input.form.mailingAddress,
    accentColor: input.form.accentColor,
    collectorType: input.form.collectorType,
    timezone: input.form.timezone,
    verificationFact: input.form.verificationFact,
    linkLifetimeDays: input.form.linkLifetimeDays,
  };
  const changed = (Object.keys(next) as (keyof typeof next)[]).filter(
    (key) => creditor[key] !== next[key],
  );
  await db().transaction(async (tx) => {
    await tx.update(schema.creditors).set(next).where(eq(schema.creditors.id, input.creditorId));
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: "creditor.branding_updated",
        targetType: "creditor",
        targetId: input.creditorId,
        ip: input.ip,
        details: { fields: changed.join(",") },
      },
      tx,
    );
  });
  return { changed };
}

/** Open accounts whose debtor has no value on file for `fact`: they could not verify. */
export async function accountsMissingFact(
  creditorId: string,
  fact: Creditor["verificationFact"],
): Promise<number> {
  if (fact === "account_last4") return 0;
  const column = fact === "dob" ? schema.debtors.dobHash : schema.debtors.postalCodeHash;
  const [{ n }] = await db()
    .select({ n: sql<number>`count(*)::int` })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(
      and(
        eq(schema.accounts.creditorId, creditorId),
        inArray(schema.accounts.status, OWING_ACCOUNT_STATUSES),
        isNull(column),
      ),
    );
  return n;
}

export {
  getLogoFile,
  LOGO_MAX_BYTES,
  removeLogo,
  saveLogo,
  sniffImage,
  type LogoOutcome,
} from "./creditor-logo.server";
