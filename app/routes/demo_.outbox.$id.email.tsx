// Demo mode only: one outbox email as it looks, from its own URL (no debtor session needed:
// demo data is fake). Its styles come from the sibling stylesheet route: our CSP allows
// no inline styles.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoEmailPreview } from "~/demo/outbox.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";

export async function loader({ params }: LoaderFunctionArgs) {
  if (!getEnv().demo) throw notFound();
  const id = params.id ?? "";
  const preview = await demoEmailPreview(id, `/demo/outbox/${encodeURIComponent(id)}/email.css`);
  if (!preview) throw notFound();
  return new Response(preview.html, {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
