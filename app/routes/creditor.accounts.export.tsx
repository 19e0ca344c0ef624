// The CSV export: a POST (it is recorded in the audit trail), answered with a download
// streamed page by page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import {
  exportAccountsCsv,
  parseListQuery,
  recordExport,
} from "~/models/creditor-account-list.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export async function action({ request, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorUser(request);
  const form = await readForm(request);
  const params = new URLSearchParams();
  for (const name of ["q", "status"]) params.set(name, String(form.get(name) ?? ""));
  const query = parseListQuery(params);
  await recordExport({ creditorId: creditor.id, actorId: user.id, ip: context.clientIp, query });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(exportAccountsCsv(creditor.id, query), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="accounts-${day}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

export async function loader() {
  throw redirect("/creditor/accounts");
}
