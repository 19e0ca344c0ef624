// A creditor's logo, served from the database with the content type checked at upload.
// The name carries a hash of the bytes, so it can be cached for good.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getLogoFile } from "~/models/creditor-settings.server";
import { notFound } from "~/utils/responses.server";

export async function loader({ params }: LoaderFunctionArgs) {
  const logo = await getLogoFile(params.file ?? "");
  if (!logo) throw notFound();
  return new Response(new Uint8Array(logo.bytes), {
    headers: {
      "Content-Type": logo.contentType,
      "Content-Length": String(logo.bytes.length),
      "Cache-Control": "public, max-age=31536000, immutable",
      "Content-Disposition": "inline",
      // An image, nothing else: no scripts even if a browser were tricked into rendering it.
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}
