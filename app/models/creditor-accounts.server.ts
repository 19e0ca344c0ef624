// One account as a creditor sees it: its ledger, links and audit trail (the dashboard and
// the list with its export are in creditor-dashboard.server.ts and
// creditor-account-list.server.ts; links and the policy override, the commands, are in
// creditor-account-commands.server.ts, re-exported here). Every query is scoped by the
// creditor id of the signed-in user: another creditor's id is "not found".
import { and, asc, desc, eq, inArray, or } from "drizzle-orm";
import { db, schema } from "~/utils/db.server";
import { accountRow } from "./creditor-account-commands.server";
import { getCreditor, storedPolicy } from "./creditor-settings.server";
import { balanceOfEntries } from "./ledger.server";
import { effectivePolicy } from "./policy.server";

export {
  createLinkForAccount,
  revokeLinkForAccount,
  setPolicyOverride,
  type LinkChannel,
  type OverrideOutcome,
  type SendOutcome,
} from "./creditor-account-commands.server";

export type LinkState = "active" | "revoked" | "expired" | "locked";

export async function getAccountForCreditor(
  creditorId: string,
  accountId: string,
  now = new Date(),
) {
  const row = await accountRow(creditorId, accountId);
  if (!row) return null;
  const { account, debtor } = row;
  const ledger = await db()
    .select()
    .from(schema.ledgerEntries)
    .where(eq(schema.ledgerEntries.accountId, account.id))
    .orderBy(asc(schema.ledgerEntries.occurredAt), asc(schema.ledgerEntries.createdAt));
  const links = await db()
    .select()
    .from(schema.accessLinks)
    .where(eq(schema.accessLinks.accountId, account.id))
    .orderBy(desc(schema.accessLinks.createdAt))
    .limit(50);
  const linkIds = links.map((l) => l.id);
  const auditRows = await db()
    .select()
    .from(schema.auditEvents)
    .where(
      // Link events are found by the link ids (already this account's): the debtor's
      // "opened" event carries no creditor id.
      or(
        and(
          eq(schema.auditEvents.creditorId, creditorId),
          eq(schema.auditEvents.targetType, "account"),
          eq(schema.auditEvents.targetId, account.id),
        ),
        linkIds.length > 0
          ? and(
              eq(schema.auditEvents.targetType, "access_link"),
              inArray(schema.auditEvents.targetId, linkIds),
            )
          : undefined,
      ),
    )
    .orderBy(desc(schema.auditEvents.at), desc(schema.auditEvents.id))
    .limit(100);
  const disputes = await db()
    .select()
    .from(schema.disputes)
    .where(
      and(eq(schema.disputes.accountId, account.id), eq(schema.disputes.creditorId, creditorId)),
    )
    .orderBy(desc(schema.disputes.createdAt));
  const actorIds = [
    ...new Set(
      auditRows.filter((a) => a.actorType === "creditor_user" && a.actorId).map((a) => a.actorId!),
    ),
  ];
  const actors = actorIds.length
    ? await db()
        .select({ id: schema.creditorUsers.id, name: schema.creditorUsers.name })
        .from(schema.creditorUsers)
        .where(
          and(
            inArray(schema.creditorUsers.id, actorIds),
            eq(schema.creditorUsers.creditorId, creditorId),
          ),
        )
    : [];
  const actorName = new Map(actors.map((a) => [a.id, a.name]));
  const balanceCents = balanceOfEntries(ledger);
  const creditor = await getCreditor(creditorId);
  return {
    account,
    debtor: {
      fullName: debtor.fullName,
      email: debtor.email,
      emailSource: debtor.emailSource,
      emailConsentAt: debtor.emailConsentAt?.toISOString() ?? null,
      phone: debtor.phone,
      phoneSource: debtor.phoneSource,
      phoneConsentAt: debtor.phoneConsentAt?.toISOString() ?? null,
      address: [
        debtor.addressLine1,
        debtor.addressLine2,
        [debtor.city, debtor.region, debtor.postalCode].filter(Boolean).join(" "),
      ]
        .filter(Boolean)
        .join(", "),
      language: debtor.language,
      timezone: debtor.timezone,
      hasDob: debtor.dobHash !== null,
      hasPostalCode: debtor.postalCodeHash !== null,
    },
    balanceCents,
    ledger: ledger.map((e) => ({
      id: e.id,
      kind: e.kind,
      amountCents: e.amountCents,
      occurredAt: e.occurredAt.toISOString(),
      source: e.source,
      memo: e.memo,
    })),
    links: links.map((l) => ({
      id: l.id,
      channel: l.channel,
      createdAt: l.createdAt.toISOString(),
      expiresAt: l.expiresAt.toISOString(),
      firstOpenedAt: l.firstOpenedAt?.toISOString() ?? null,
      verifiedAt: l.verifiedAt?.toISOString() ?? null,
      state: (l.revokedAt
        ? "revoked"
        : l.expiresAt.getTime() <= now.getTime()
          ? "expired"
          : l.lockedUntil && l.lockedUntil.getTime() > now.getTime()
            ? "locked"
            : "active") as LinkState,
    })),
    disputes: disputes.map((d) => ({
      id: d.id,
      reason: d.reason,
      details: d.details,
      status: d.status,
      createdAt: d.createdAt.toISOString(),
      response: d.response,
      respondedAt: d.respondedAt?.toISOString() ?? null,
    })),
    audit: auditRows.map((a) => ({
      id: a.id,
      at: a.at.toISOString(),
      action: a.action,
      actor:
        a.actorType === "creditor_user"
          ? (actorName.get(a.actorId ?? "") ?? "A team member")
          : a.actorType === "debtor"
            ? "Debtor"
            : "System",
      details: a.details,
    })),
    // The same effective policy the debtor's pages use.
    policy: effectivePolicy(creditor.planPolicy, account.policyOverride, {
      creditorId: creditor.id,
      accountId: account.id,
    }),
    basePolicy: storedPolicy(creditor).policy,
    hasOverride: account.policyOverride !== null,
    timezone: creditor.timezone,
    currency: account.currency,
  };
}
