// The rejected rows of an import, as a CSV download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getImport } from "~/models/creditor-import.server";
import { rejectionReportCsv } from "~/lib/account-import";
import { requireCreditorUser } from "~/utils/creditor-session.server";
import { notFound } from "~/utils/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { creditor } = await requireCreditorUser(request);
  const found = await getImport(creditor.id, params.importId ?? "");
  if (!found) throw notFound();
  const base = found.filename.replace(/\.csv$/i, "").replace(/[^\w.-]/g, "_");
  return new Response(rejectionReportCsv(found.rejections, found.rejectedRows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${base}-rejected-rows.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
