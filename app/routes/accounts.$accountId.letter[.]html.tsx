// The letter that says the account is paid in full or settled, to keep: one
// self-contained HTML file (styles inlined), like the statement's copy. Only the
// account's own debtor, and only while it is paid or settled (otherwise "not found").
import fs from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { LetterBody, letterTitle } from "~/components/letter";
import { format } from "~/lib/i18n";
import { MESSAGES } from "~/lib/i18n/catalogue.server";
import stylesheet from "~/tailwind.css";
import { getResolutionLetter } from "~/models/letters.server";
import { pageLanguage } from "~/models/page-language.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const letter = await getResolutionLetter(session.debtorId, params.accountId ?? "");
  if (!letter) throw notFound();
  const lang = await pageLanguage(request, session.debtorId);
  const t = (key: string, vars?: Record<string, string | number>) =>
    format(MESSAGES[lang], key, vars);
  const css = await fs
    .readFile(path.join(process.cwd(), "public", stylesheet), "utf8")
    .catch(() => "");
  const body = renderToStaticMarkup(<LetterBody l={letter} t={t} lang={lang} />);
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(letterTitle(letter, t))}</title><style>${css}</style></head><body>${body}</body></html>`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="${letter.kind === "paid" ? "paid-in-full" : "settled"}-${letter.today}.html"`,
      "Cache-Control": "no-store",
    },
  });
}

function escapeHtml(s: string) {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
