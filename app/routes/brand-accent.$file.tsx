// A creditor's accent colour as a stylesheet (/brand-accent/0f766e.css): the CSP allows
// styles only from our own files (no inline style attributes), so the header's colour comes
// from a file named after the colour. No database: the colour is the name, checked again
// for contrast (a colour that fails on white serves the house colour), and cached for good.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { safeAccent } from "~/lib/brand";
import { notFound } from "~/utils/responses.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const match = /^([0-9a-f]{6})\.css$/.exec(params.file ?? "");
  if (!match) throw notFound();
  const css = `:root{--color-brand:${safeAccent(`#${match[1]}`)}}\n`;
  return new Response(css, {
    headers: {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    },
  });
}
