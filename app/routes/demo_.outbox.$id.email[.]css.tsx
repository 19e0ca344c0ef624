// Demo mode only: the stylesheet of one outbox email preview (its inline styles, as classes).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { demoEmailPreview } from "~/demo/outbox.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";

export async function loader({ params }: LoaderFunctionArgs) {
  if (!getEnv().demo) throw notFound();
  const preview = await demoEmailPreview(params.id ?? "", "");
  if (!preview) throw notFound();
  return new Response(preview.css, {
    headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "no-store" },
  });
}
