// The letter that says the account is paid in full or settled, to keep: one
// self-contained HTML file (styles inlined), like the statement's copy. Only the
// account's own debtor, and only while it is paid or settled (otherwise "not found").
import type { LoaderFunctionArgs } from "@remix-run/node";
import { LetterBody, letterTitle } from "~/components/letter";
import { format } from "~/lib/i18n";
import { MESSAGES } from "~/lib/i18n/catalogue.server";
import { getResolutionLetter } from "~/models/letters.server";
import { pageLanguage } from "~/models/page-language.server";
import { htmlDownload } from "~/utils/html-download.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const letter = await getResolutionLetter(session.debtorId, params.accountId ?? "");
  if (!letter) throw notFound();
  const lang = await pageLanguage(request, session.debtorId);
  const t = (key: string, vars?: Record<string, string | number>) =>
    format(MESSAGES[lang], key, vars);
  return htmlDownload({
    lang,
    title: letterTitle(letter, t),
    body: <LetterBody l={letter} t={t} lang={lang} />,
    filename: `${letter.kind === "paid" ? "paid-in-full" : "settled"}-${letter.today}.html`,
  });
}
