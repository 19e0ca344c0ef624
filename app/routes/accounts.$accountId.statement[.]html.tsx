// A copy of the statement to keep: one self-contained HTML file (styles inlined), so it
// opens offline on any device and prints the same as the page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { StatementBody } from "~/components/statement";
import { format, formatDate } from "~/lib/i18n";
import { MESSAGES } from "~/lib/i18n/catalogue.server";
import { getStatement } from "~/models/statement.server";
import { pageLanguage } from "~/models/page-language.server";
import { htmlDownload } from "~/utils/html-download.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const statement = await getStatement(session.debtorId, params.accountId ?? "");
  if (!statement) throw notFound();
  const lang = await pageLanguage(request, session.debtorId);
  const t = (key: string, vars?: Record<string, string | number>) =>
    format(MESSAGES[lang], key, vars);
  const title = t("print.title", { creditor: statement.creditor.displayName });
  return htmlDownload({
    lang,
    title,
    body: (
      <main style={{ maxWidth: "48rem", margin: "0 auto", padding: "1rem" }}>
        <h1 className="text-2xl font-bold">{title}</h1>
        <p>{t("print.prepared", { date: formatDate(statement.today, lang) })}</p>
        <StatementBody s={statement} t={t} lang={lang} />
      </main>
    ),
    filename: `statement-${statement.today}.html`,
  });
}
