// CSV import: the upload streams straight into the importer (no temporary file, memory
// stays flat), then the import's page shows what happened.
import { Readable } from "node:stream";
import type {
  ActionFunctionArgs,
  LoaderFunctionArgs,
  MetaFunction,
  UploadHandler,
} from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/forms";
import { dateTime, PageTitle } from "~/components/creditor/ui";
import { IMPORT_COLUMNS } from "~/lib/import-columns";
import { passErrorHeaders } from "~/lib/route-headers";
import { FileTooLarge, IMPORT_MAX_BYTES, UploadInterrupted } from "~/lib/import-limits";
import {
  IMPORT_BUSY_MESSAGE,
  ImportAlreadyRunning,
  importAccountsCsv,
  listImports,
} from "~/models/creditor-import.server";
import { isImportRunning } from "~/models/account-import-slot.server";
import { getCreditor } from "~/models/creditor-settings.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";
import { countedPart, MalformedUpload, parseUpload } from "~/utils/multipart.server";
import { enforce } from "~/utils/rate-limit.server";

export const meta: MetaFunction = () => [{ title: "Import accounts: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor: c } = await requireCreditorUser(request);
  const creditor = await getCreditor(c.id);
  const imports = await listImports(creditor.id);
  return {
    fact: creditor.verificationFact,
    timezone: creditor.timezone,
    imports: imports.map((i) => ({ ...i, createdAt: i.createdAt.toISOString() })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorUser(request);
  enforce("creditorUpload", user.id);
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return data({ error: "Choose a CSV file to upload." }, { status: 400 });
  }
  // Said before the file is read; the slot taken by the import itself is what guarantees it.
  if (await isImportRunning(creditor.id))
    return data({ error: IMPORT_BUSY_MESSAGE }, { status: 409 });
  let importId: string | null = null;
  let imported = false;
  const handler: UploadHandler = async ({ name, filename, data: chunks }) => {
    if (name !== "file" || !filename || importId) {
      // Drain what we do not use.
      for await (const chunk of chunks) void chunk;
      return undefined;
    }
    const result = await importAccountsCsv({
      creditorId: creditor.id,
      userId: user.id,
      filename,
      source: Readable.from(
        countedPart(chunks, IMPORT_MAX_BYTES, {
          tooLarge: () => new FileTooLarge(),
          interrupted: () => new UploadInterrupted(),
        }),
      ),
      ip: context.clientIp,
    });
    importId = result.id;
    imported = result.status === "imported";
    return result.id;
  };
  try {
    await parseUpload(request, handler);
  } catch (error) {
    if (error instanceof ImportAlreadyRunning)
      return data({ error: error.message }, { status: 409 });
    // The file's own part arrived whole (only the body's end is missing): it was imported.
    if (error instanceof MalformedUpload && imported && importId)
      throw redirect(`/creditor/imports/${importId}`);
    if (error instanceof MalformedUpload) return data({ error: error.message }, { status: 400 });
    throw error;
  }
  if (!importId) return data({ error: "Choose a CSV file to upload." }, { status: 400 });
  throw redirect(`/creditor/imports/${importId}`);
}

export default function ImportPage() {
  const { fact, imports, timezone } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle description="Upload a CSV file with one account per row. Every row is checked; if any row has a problem, nothing from the file is imported and you get a list of the rows to fix. Importing the same account again changes nothing.">
        Import accounts
      </PageTitle>
      <Form method="post" encType="multipart/form-data" className="card space-y-4" noValidate>
        <Field
          id="file"
          label="CSV file"
          hint="UTF-8, comma-separated, with a header row. Up to 250,000 accounts (64 MB) per file."
          error={result?.error}
          inputProps={{ name: "file", type: "file", accept: ".csv,text/csv", required: true }}
        />
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Importing…" : "Import"}
        </button>
      </Form>

      {imports.length > 0 ? (
        <section aria-labelledby="history-title" className="card">
          <h2 id="history-title" className="text-lg font-bold">
            Earlier imports
          </h2>
          <ul className="mt-2 space-y-1">
            {imports.map((i) => (
              <li key={i.id}>
                <Link to={`/creditor/imports/${i.id}`}>{i.filename}</Link>:{" "}
                {i.status === "imported"
                  ? `${i.createdRows} new of ${i.totalRows}`
                  : i.status === "rejected"
                    ? `nothing imported, ${i.rejectedRows} rows to fix`
                    : i.status === "running"
                      ? "still running"
                      : "failed"}
                , {dateTime(i.createdAt, timezone)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="columns-title" className="card space-y-3">
        <h2 id="columns-title" className="text-lg font-bold">
          Columns
        </h2>
        <p>
          Column names are not case-sensitive and may come in any order. Amounts are in dollars
          (1234.56); dates are YYYY-MM-DD. Debtors confirm their{" "}
          {fact === "dob"
            ? "date of birth"
            : fact === "postal_code"
              ? "ZIP code"
              : "account reference's last 4 characters"}
          , so{" "}
          {fact === "account_last4" ? "the reference is enough" : `the ${fact} column is required`}.
        </p>
        <dl className="space-y-3">
          {IMPORT_COLUMNS.map((c) => (
            <div key={c.name}>
              <dt className="font-mono font-semibold">
                {c.name}{" "}
                <span className="font-sans text-sm font-normal">
                  {c.required === true || (c.required === "fact" && c.name === fact)
                    ? "(required)"
                    : "(optional)"}
                </span>
              </dt>
              <dd className="text-sm">
                {c.description} Example: <span className="font-mono">{c.example}</span>
              </dd>
            </div>
          ))}
        </dl>
      </section>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
