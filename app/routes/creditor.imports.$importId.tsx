// What one import did: counts, and for a rejected file the rows to fix (with the report
// to download).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { dateTime, FormError, Notice, PageTitle } from "~/components/creditor/ui";
import { getImport } from "~/models/creditor-import.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Import result: creditor area" }];

const SHOWN = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { creditor } = await requireCreditorUser(request);
  const found = await getImport(creditor.id, params.importId ?? "");
  if (!found) throw notFound();
  return {
    id: found.id,
    filename: found.filename,
    status: found.status,
    totalRows: found.totalRows,
    createdRows: found.createdRows,
    unchangedRows: found.unchangedRows,
    rejectedRows: found.rejectedRows,
    rejections: found.rejections.slice(0, SHOWN),
    moreProblems: Math.max(0, found.rejections.length - SHOWN),
    createdAt: found.createdAt.toISOString(),
    timezone: creditor.timezone,
  };
}

export default function ImportResult() {
  const d = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle description={`${d.filename}, uploaded ${dateTime(d.createdAt, d.timezone)}`}>
        Import result
      </PageTitle>
      {d.status === "imported" ? (
        <Notice>
          Imported: {d.createdRows} new account{d.createdRows === 1 ? "" : "s"}
          {d.unchangedRows > 0 ? `, ${d.unchangedRows} already imported (unchanged)` : ""}, from{" "}
          {d.totalRows} row{d.totalRows === 1 ? "" : "s"}.
        </Notice>
      ) : d.status === "rejected" ? (
        <FormError>
          Nothing was imported: {d.rejectedRows} of {d.totalRows} row{d.totalRows === 1 ? "" : "s"}{" "}
          need{d.rejectedRows === 1 ? "s" : ""} fixing. Correct them and upload the whole file
          again.
        </FormError>
      ) : d.status === "running" ? (
        <Notice>
          This import is still running. Reload this page in a moment to see what it did.
        </Notice>
      ) : (
        <FormError>
          Something went wrong on our side. Nothing was imported; please try again.
        </FormError>
      )}
      {d.rejections.length > 0 ? (
        <section aria-labelledby="problems-title" className="card space-y-3">
          <h2 id="problems-title" className="text-lg font-bold">
            Rows to fix
          </h2>
          <p>
            <a href={`/creditor/imports/${d.id}/report`} download>
              Download the list of rejected rows (CSV)
            </a>
          </p>
          <ul className="space-y-2" data-testid="rejections">
            {d.rejections.map((r, i) => (
              <li key={i}>
                <span className="font-semibold">Row {r.row}</span>
                {r.reference ? ` (${r.reference})` : ""}, {r.column}: {r.message}
              </li>
            ))}
          </ul>
          {d.moreProblems > 0 ? <p>And {d.moreProblems} more in the downloadable list.</p> : null}
        </section>
      ) : null}
      <p className="flex flex-wrap gap-4">
        <Link to="/creditor/accounts/import">Import another file</Link>
        <Link to="/creditor/accounts">See the accounts</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
