// A copy of the statement to keep: one self-contained HTML file (styles inlined), so it
// opens offline on any device and prints the same as the page.
import fs from "node:fs/promises";
import path from "node:path";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { renderToStaticMarkup } from "react-dom/server";
import { StatementBody } from "~/components/statement";
import { format, formatDate } from "~/lib/i18n";
import { MESSAGES } from "~/lib/i18n/catalogue.server";
import stylesheet from "~/tailwind.css";
import { getStatement } from "~/models/statement.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageLanguage } from "~/models/page-language.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const statement = await getStatement(session.debtorId, params.accountId ?? "");
  if (!statement) throw notFound();
  const lang = await pageLanguage(request, session.debtorId);
  const t = (key: string, vars?: Record<string, string | number>) =>
    format(MESSAGES[lang], key, vars);
  const css = await fs
    .readFile(path.join(process.cwd(), "public", stylesheet), "utf8")
    .catch(() => "");
  const body = renderToStaticMarkup(
    <main style={{ maxWidth: "48rem", margin: "0 auto", padding: "1rem" }}>
      <h1 className="text-2xl font-bold">
        {t("print.title", { creditor: statement.creditor.displayName })}
      </h1>
      <p>{t("print.prepared", { date: formatDate(statement.today, lang) })}</p>
      <StatementBody s={statement} t={t} lang={lang} />
    </main>,
  );
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(t("print.title", { creditor: statement.creditor.displayName }))}</title><style>${css}</style></head><body>${body}</body></html>`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="statement-${statement.today}.html"`,
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
