// Access links: a random token (160 bits, only its SHA-256 stored) and a short code for
// typing by hand (stored as a peppered hash). A link is bound to one debtor and account,
// expires, can be revoked, and locks after too many wrong answers.
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { anyOf, columns, insertUnnest, type Column } from "~/utils/bulk-insert.server";
import { db, schema, type Db, type Tx } from "~/utils/db.server";
import {
  normalizeCode,
  pepperedHash,
  randomCode,
  randomUrlToken,
  sha256Hex,
} from "~/utils/crypto.server";
import type { VerificationFact } from "~/lib/verification";
import { audit } from "./audit.server";

const DAY_MS = 24 * 60 * 60 * 1000;

export type AccessLink = typeof schema.accessLinks.$inferSelect;
export type LinkStatus = "usable" | "locked" | "invalid";

export function hashLinkToken(token: string) {
  return sha256Hex(token);
}

export function hashLinkCode(code: string) {
  return pepperedHash(`code:${normalizeCode(code)}`);
}

/** Mints a link for an account. Returns the only copy of the token and code. */
export async function mintAccessLink(
  input: {
    accountId: string;
    channel: (typeof schema.LINK_CHANNELS)[number];
    lifetimeDays?: number;
    now?: Date;
    /** The account's debtor and its creditor's link lifetime, when the caller has read them. */
    known?: { debtorId: string; lifetimeDays: number };
  },
  tx: Db | Tx = db(),
) {
  const [account] = input.known
    ? [input.known]
    : await tx
        .select({
          debtorId: schema.accounts.debtorId,
          lifetimeDays: schema.creditors.linkLifetimeDays,
        })
        .from(schema.accounts)
        .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
        .where(eq(schema.accounts.id, input.accountId))
        .limit(1);
  if (!account) throw new Error("mintAccessLink: no such account");
  const now = input.now ?? new Date();
  const token = randomUrlToken();
  const code = randomCode();
  const expiresAt = new Date(now.getTime() + (input.lifetimeDays ?? account.lifetimeDays) * DAY_MS);
  const [row] = await tx
    .insert(schema.accessLinks)
    .values({
      tokenHash: hashLinkToken(token),
      codeHash: hashLinkCode(code),
      debtorId: account.debtorId,
      accountId: input.accountId,
      channel: input.channel,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: schema.accessLinks.id });
  return { id: row.id, token, code, expiresAt };
}

export async function findLinkByToken(token: string): Promise<AccessLink | null> {
  if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
  const [row] = await db()
    .select()
    .from(schema.accessLinks)
    .where(eq(schema.accessLinks.tokenHash, hashLinkToken(token)))
    .limit(1);
  return row ?? null;
}

export async function findLinkByCode(code: string): Promise<AccessLink | null> {
  const normalized = normalizeCode(code);
  if (!/^[A-Z0-9]{10}$/.test(normalized)) return null;
  const [row] = await db()
    .select()
    .from(schema.accessLinks)
    .where(eq(schema.accessLinks.codeHash, hashLinkCode(normalized)))
    .limit(1);
  return row ?? null;
}

export function linkStatus(link: AccessLink | null, now = new Date()): LinkStatus {
  if (!link || link.revokedAt || link.expiresAt.getTime() <= now.getTime()) return "invalid";
  if (link.lockedUntil && link.lockedUntil.getTime() > now.getTime()) return "locked";
  return "usable";
}

export function lockMinutesLeft(link: AccessLink, now = new Date()) {
  if (!link.lockedUntil) return 0;
  return Math.max(1, Math.ceil((link.lockedUntil.getTime() - now.getTime()) / 60_000));
}

/** The debtor pressed Continue (a POST: mail scanners' prefetch GETs never get here). */
export async function recordLinkOpened(link: AccessLink, ip: string) {
  if (!link.firstOpenedAt) {
    await db()
      .update(schema.accessLinks)
      .set({ firstOpenedAt: new Date() })
      .where(and(eq(schema.accessLinks.id, link.id), isNull(schema.accessLinks.firstOpenedAt)));
  }
  await audit({
    actorType: "debtor",
    actorId: link.debtorId,
    action: "link.opened",
    targetType: "access_link",
    targetId: link.id,
    ip,
  });
}

/** The keyed hash stored for a verification fact (import, seed and the check agree). */
export function verificationHash(fact: VerificationFact, canonicalValue: string) {
  return pepperedHash(`${fact}:${canonicalValue}`);
}

/**
 * Revokes a link, and with it every session opened through it: the session lookup reads
 * the link's `revoked_at` (app/utils/session.server.ts), so the next request of a browser
 * signed in by this link is signed out and told why, whichever path revoked it.
 */
export async function revokeLink(linkId: string, now = new Date()) {
  await db()
    .update(schema.accessLinks)
    .set({ revokedAt: now })
    .where(and(eq(schema.accessLinks.id, linkId), isNull(schema.accessLinks.revokedAt)));
}

/**
 * Mints many links at once (a creditor's mailing, the benchmark): one query for the
 * accounts, then `insertAccessLinks`. Returns the only copies of the tokens and codes,
 * in input order.
 */
export async function mintAccessLinksBulk(
  input: {
    accountIds: string[];
    channel: (typeof schema.LINK_CHANNELS)[number];
    lifetimeDays?: number;
    now?: Date;
  },
  tx: Db | Tx = db(),
) {
  if (input.accountIds.length === 0) return [];
  const unique = [...new Set(input.accountIds)];
  const found = await tx
    .select({
      id: schema.accounts.id,
      debtorId: schema.accounts.debtorId,
      lifetimeDays: schema.creditors.linkLifetimeDays,
    })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(anyOf(schema.accounts.id, unique, "uuid"));
  const byId = new Map(found.map((a) => [a.id, a]));
  return insertAccessLinks(
    tx,
    input.accountIds.map((accountId) => {
      const account = byId.get(accountId);
      if (!account) throw new Error("mintAccessLinksBulk: no such account");
      return {
        accountId,
        debtorId: account.debtorId,
        channel: input.channel,
        lifetimeDays: input.lifetimeDays ?? account.lifetimeDays,
      };
    }),
    input.now ?? new Date(),
  );
}

export type LinkToMint = {
  accountId: string;
  debtorId: string;
  channel: (typeof schema.LINK_CHANNELS)[number];
  lifetimeDays: number;
};

/**
 * The core of bulk minting, in the caller's transaction (the outbox's bulk path uses it
 * too): the same token, code and expiry rules as `mintAccessLink`, one unnest insert per
 * call. Ids are made here, so no RETURNING needs matching. In input order.
 */
export async function insertAccessLinks(tx: Db | Tx, wanted: readonly LinkToMint[], now: Date) {
  if (wanted.length === 0) return [];
  const rows = columns(LINK_COLUMNS);
  const nowIso = now.toISOString();
  const minted = wanted.map((w) => {
    const id = randomUUID();
    const token = randomUrlToken();
    const code = randomCode();
    const expiresAt = new Date(now.getTime() + w.lifetimeDays * DAY_MS);
    rows.push([
      id,
      hashLinkToken(token),
      hashLinkCode(code),
      w.debtorId,
      w.accountId,
      w.channel,
      nowIso,
      expiresAt.toISOString(),
    ]);
    return { id, accountId: w.accountId, token, code, expiresAt };
  });
  await tx.execute(insertUnnest("access_links", rows));
  return minted;
}

const LINK_COLUMNS: Column[] = [
  ["id", "uuid"],
  ["token_hash", "text"],
  ["code_hash", "text"],
  ["debtor_id", "uuid"],
  ["account_id", "uuid"],
  ["channel", "text"],
  ["created_at", "timestamptz"],
  ["expires_at", "timestamptz"],
];
