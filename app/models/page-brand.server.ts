// The creditor a debtor's page belongs to, for its header (app/root.tsx): one indexed query,
// and only on the pages that belong to one creditor (app/lib/brand.ts, brandScopeFor):
//   /l/<token>, /l/<token>/real   the link (unique token hash) → its account → its creditor;
//                                 a link that no longer works shows nobody (its page says
//                                 nothing about who wrote either);
//   /accounts/<id>/…              that account, the signed-in debtor's only (never another's);
//   /accounts, /preferences, /is-this-real   the signed-in debtor's creditor when all their
//                                 accounts are with one (two creditors: the portal's header).
// Everything else, and a page whose creditor can't be told, keeps the portal's own header.
import { and, eq, sql } from "drizzle-orm";
import { brandScopeFor, safeAccent, type PageBrand } from "~/lib/brand";
import { db, preparedPerDatabase, schema } from "~/utils/db.server";
import { hashLinkToken, linkStatus } from "./access-links.server";

const creditorColumns = {
  name: schema.creditors.displayName,
  logoPath: schema.creditors.logoPath,
  accent: schema.creditors.accentColor,
};

const byLink = preparedPerDatabase((conn) =>
  conn
    .select({ link: schema.accessLinks, ...creditorColumns })
    .from(schema.accessLinks)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.accessLinks.accountId))
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(eq(schema.accessLinks.tokenHash, sql.placeholder("tokenHash")))
    .limit(1)
    .prepare("page_brand_by_link"),
);

const byAccount = preparedPerDatabase((conn) =>
  conn
    .select(creditorColumns)
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(
      and(
        eq(schema.accounts.id, sql.placeholder("accountId")),
        eq(schema.accounts.debtorId, sql.placeholder("debtorId")),
      ),
    )
    .limit(1)
    .prepare("page_brand_by_account"),
);

// Two rows are enough to know the debtor's accounts are with more than one creditor.
const byDebtor = preparedPerDatabase((conn) =>
  conn
    .selectDistinct({ id: schema.creditors.id, ...creditorColumns })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(eq(schema.accounts.debtorId, sql.placeholder("debtorId")))
    .limit(2)
    .prepare("page_brand_by_debtor"),
);

function toBrand(row: { name: string; logoPath: string | null; accent: string }): PageBrand {
  return { name: row.name, logoPath: row.logoPath, accent: safeAccent(row.accent) };
}

export type PageBrandLookup = {
  brand: PageBrand | null;
  /** On a link page: the link's debtor (whatever its state), for the page's language. */
  linkDebtorId?: string | null;
};

/** `debtorId`: the signed-in debtor, if any. */
export async function pageBrand(
  pathname: string,
  debtorId: string | null,
  now = new Date(),
): Promise<PageBrandLookup> {
  const scope = brandScopeFor(pathname);
  if (!scope) return { brand: null };
  if (scope.kind === "link") {
    const [row] = await byLink().execute({ tokenHash: hashLinkToken(scope.token) });
    if (!row) return { brand: null, linkDebtorId: null };
    const usable = linkStatus(row.link, now) !== "invalid";
    return { brand: usable ? toBrand(row) : null, linkDebtorId: row.link.debtorId };
  }
  if (!debtorId) return { brand: null };
  if (scope.kind === "account") {
    const [row] = await byAccount().execute({ accountId: scope.accountId, debtorId });
    return { brand: row ? toBrand(row) : null };
  }
  const rows = await byDebtor().execute({ debtorId });
  return { brand: rows.length === 1 ? toBrand(rows[0]) : null };
}

/** How to reach the signed-in debtor's creditor, when all their accounts are with one. */
export async function soleCreditorContact(debtorId: string) {
  const rows = await db()
    .selectDistinct({
      id: schema.creditors.id,
      name: schema.creditors.displayName,
      phone: schema.creditors.supportPhone,
      email: schema.creditors.supportEmail,
    })
    .from(schema.accounts)
    .innerJoin(schema.creditors, eq(schema.creditors.id, schema.accounts.creditorId))
    .where(eq(schema.accounts.debtorId, debtorId))
    .limit(2);
  if (rows.length !== 1) return null;
  const { name, phone, email } = rows[0];
  return { name, phone, email };
}
