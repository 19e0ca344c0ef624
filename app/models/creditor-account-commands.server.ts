// What a creditor does to one of its accounts: links minted / sent / revoked, and the
// account's policy override. Every query is scoped by the creditor id of the signed-in
// user: another creditor's id is "not found". What the creditor sees of the account is
// creditor-accounts.server.ts.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { mergePolicy, type PlanPolicy } from "~/lib/policy";
import { isResolvedAccount } from "~/lib/account-state";
import { db, schema } from "~/utils/db.server";
import { mintAccessLink, revokeLink } from "./access-links.server";
import { isUuid } from "./accounts.server";
import { audit } from "./audit.server";
import { getCreditor, storedPolicy } from "./creditor-settings.server";
import { queueLinkMessage, type MessageStatus } from "./outbox.server";

/** One account of this creditor, with its debtor; null when it is not theirs. */
export async function accountRow(creditorId: string, accountId: string) {
  if (!isUuid(accountId)) return null;
  const [row] = await db()
    .select({ account: schema.accounts, debtor: schema.debtors })
    .from(schema.accounts)
    .innerJoin(schema.debtors, eq(schema.debtors.id, schema.accounts.debtorId))
    .where(and(eq(schema.accounts.id, accountId), eq(schema.accounts.creditorId, creditorId)))
    .limit(1);
  return row ?? null;
}

// ---------------------------------------------------------------------------------------
// Links: mint (to share by hand), send by email or SMS, revoke
// ---------------------------------------------------------------------------------------

export type LinkChannel = "email" | "sms" | "letter";
export type SendOutcome =
  | { ok: true; channel: "letter"; linkId: string; token: string; code: string; expiresAt: string }
  | {
      ok: true;
      channel: "email" | "sms";
      messageId: string;
      status: MessageStatus;
      reason: string | null;
    }
  | { ok: false; message: string }
  | null;

/**
 * A new link for the account. "letter" mints one to print or read out (shown once).
 * "email" and "sms" queue a link message in the outbox, in one transaction with the
 * audit event; the outbox applies the sending rules (provenance, consent, opt-out, quiet
 * hours, cadence, holds), so a message may wait or be refused, and the creditor is told.
 */
export async function createLinkForAccount(input: {
  creditorId: string;
  actorId: string;
  accountId: string;
  channel: LinkChannel;
  ip: string;
}): Promise<SendOutcome> {
  const row = await accountRow(input.creditorId, input.accountId);
  if (!row) return null;
  const { debtor, account } = row;
  if (input.channel === "email" && !(debtor.email && debtor.emailSource)) {
    return {
      ok: false,
      message:
        "There is no email address with a known source for this debtor, so nothing can be sent by email.",
    };
  }
  if (input.channel === "sms" && !(debtor.phone && debtor.phoneSource && debtor.phoneConsentAt)) {
    return {
      ok: false,
      message:
        "Text messages need a phone number the debtor agreed to be texted on. This account has none.",
    };
  }
  if (isResolvedAccount(account.status)) {
    return {
      ok: false,
      message: "This account is closed, paid or settled: there is nothing to send a link for.",
    };
  }
  const actor = {
    actorType: "creditor_user" as const,
    actorId: input.actorId,
    creditorId: input.creditorId,
    targetType: "account",
    targetId: account.id,
    ip: input.ip,
  };
  if (input.channel === "letter") {
    const link = await mintAccessLink({ accountId: account.id, channel: "letter" });
    await audit({
      ...actor,
      action: "link.created",
      details: { channel: "letter", linkId: link.id, delivery: "by hand" },
    });
    return {
      ok: true,
      channel: "letter",
      linkId: link.id,
      token: link.token,
      code: link.code,
      expiresAt: link.expiresAt.toISOString(),
    };
  }
  const channel = input.channel;
  const queued = await db().transaction(async (tx) => {
    // Every click is its own cause: the creditor asked for one more message.
    const result = await queueLinkMessage(
      {
        accountId: account.id,
        channel,
        initiatedBy: "creditor",
        causeKey: `creditor-link:${randomUUID()}`,
      },
      tx,
    );
    await audit(
      {
        ...actor,
        action: result.status === "suppressed" ? "link.not_sent" : "link.sent",
        details: { channel, messageId: result.id, reason: result.reason },
      },
      tx,
    );
    return result;
  });
  return { ok: true, channel, messageId: queued.id, status: queued.status, reason: queued.reason };
}

export async function revokeLinkForAccount(input: {
  creditorId: string;
  actorId: string;
  accountId: string;
  linkId: string;
  ip: string;
}): Promise<boolean | null> {
  if (!isUuid(input.linkId)) return false;
  const row = await accountRow(input.creditorId, input.accountId);
  if (!row) return null;
  const [link] = await db()
    .select({ id: schema.accessLinks.id, revokedAt: schema.accessLinks.revokedAt })
    .from(schema.accessLinks)
    .where(
      and(
        eq(schema.accessLinks.id, input.linkId),
        eq(schema.accessLinks.accountId, row.account.id),
      ),
    );
  if (!link) return false;
  if (link.revokedAt) return true;
  await revokeLink(link.id);
  await audit({
    actorType: "creditor_user",
    actorId: input.actorId,
    creditorId: input.creditorId,
    action: "link.revoked",
    targetType: "account",
    targetId: row.account.id,
    ip: input.ip,
    details: { linkId: link.id },
  });
  return true;
}

// ---------------------------------------------------------------------------------------
// Per-account policy override
// ---------------------------------------------------------------------------------------

export type OverrideOutcome =
  { ok: true; fields: string[] } | { ok: false; message: string } | null;

export async function setPolicyOverride(input: {
  creditorId: string;
  actorId: string;
  accountId: string;
  override: Partial<PlanPolicy> | null;
  ip: string;
}): Promise<OverrideOutcome> {
  const row = await accountRow(input.creditorId, input.accountId);
  if (!row) return null;
  const creditor = await getCreditor(input.creditorId);
  const override = input.override && Object.keys(input.override).length > 0 ? input.override : null;
  if (override) {
    try {
      mergePolicy(storedPolicy(creditor).policy, override);
    } catch {
      return {
        ok: false,
        message: "These settings clash with your plan policy. Check the numbers and try again.",
      };
    }
  }
  await db().transaction(async (tx) => {
    await tx
      .update(schema.accounts)
      .set({ policyOverride: override })
      .where(
        and(
          eq(schema.accounts.id, row.account.id),
          eq(schema.accounts.creditorId, input.creditorId),
        ),
      );
    await audit(
      {
        actorType: "creditor_user",
        actorId: input.actorId,
        creditorId: input.creditorId,
        action: override ? "account.policy_override_set" : "account.policy_override_removed",
        targetType: "account",
        targetId: row.account.id,
        ip: input.ip,
        details: { fields: Object.keys(override ?? {}).join(",") },
      },
      tx,
    );
  });
  return { ok: true, fields: Object.keys(override ?? {}) };
}
