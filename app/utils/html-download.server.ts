// A page to keep, as one self-contained HTML file to download (the statement's copy, the
// paid-in-full or settled letter): the app's stylesheet inlined, so it opens offline on
// any device and prints as the page does; never cached.
import fs from "node:fs/promises";
import path from "node:path";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import stylesheet from "~/tailwind.css";
import type { Lang } from "~/lib/i18n";

function escapeHtml(s: string) {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

export async function htmlDownload(input: {
  lang: Lang;
  title: string;
  body: ReactElement;
  /** The file's name, without characters a Content-Disposition header cannot carry. */
  filename: string;
}): Promise<Response> {
  const css = await fs
    .readFile(path.join(process.cwd(), "public", stylesheet), "utf8")
    .catch(() => "");
  const html = `<!doctype html><html lang="${input.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(input.title)}</title><style>${css}</style></head><body>${renderToStaticMarkup(input.body)}</body></html>`;
  return new Response(html, {
    headers: {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Disposition": `attachment; filename="${input.filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
