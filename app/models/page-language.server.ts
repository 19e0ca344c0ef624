// The language of a debtor's page: what the person chose on this site (the cookie set by the
// language switch and the preferences page), else the language the creditor recorded for
// them, known on their link (/l/<token>) and once signed in, else the browser's, else English.
// So a Spanish-speaking debtor's first page is Spanish, and their own choice always wins.
import { eq } from "drizzle-orm";
import { isLang, LANG_COOKIE, pickLanguage, type Lang } from "~/lib/i18n";
import { readCookie } from "~/utils/cookies.server";
import { db, schema } from "~/utils/db.server";
import { findLinkByToken } from "./access-links.server";

async function recordedLanguage(debtorId: string): Promise<string | null> {
  const [row] = await db()
    .select({ language: schema.debtors.language })
    .from(schema.debtors)
    .where(eq(schema.debtors.id, debtorId))
    .limit(1);
  return row?.language ?? null;
}

/** The debtor a link page belongs to (whatever the link's state: its pages say little). */
async function linkDebtorId(pathname: string): Promise<string | null> {
  const token = /^\/l\/([^/]+)/.exec(pathname)?.[1];
  if (!token) return null;
  return (await findLinkByToken(token))?.debtorId ?? null;
}

/**
 * `debtorId`: the signed-in debtor, if any. `linkDebtor`: the link page's debtor when the
 * caller has read the link already (the root loader, with the page's brand); else it is
 * looked up here.
 */
export async function pageLanguage(
  request: Request,
  debtorId: string | null,
  linkDebtor?: string | null,
): Promise<Lang> {
  const cookie = readCookie(request, LANG_COOKIE);
  const accept = request.headers.get("accept-language");
  if (isLang(cookie)) return cookie;
  const debtor =
    debtorId ??
    (linkDebtor !== undefined ? linkDebtor : await linkDebtorId(new URL(request.url).pathname));
  return pickLanguage(null, accept, debtor ? await recordedLanguage(debtor) : null);
}
