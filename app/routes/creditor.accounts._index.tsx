// The accounts list: search (reference, name, email), filter by status, sort, pages of 25,
// and the CSV export of what the filter shows.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { money, PageTitle, STATUS_LABELS, StatusBadge } from "~/components/creditor/ui";
import {
  ACCOUNT_STATUSES,
  listAccounts,
  parseListQuery,
  SORTS,
} from "~/models/creditor-account-list.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";

export const meta: MetaFunction = () => [{ title: "Accounts: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor } = await requireCreditorUser(request);
  const query = parseListQuery(new URL(request.url).searchParams);
  const result = await listAccounts(creditor.id, query);
  return { query, ...result, statuses: [...ACCOUNT_STATUSES], sorts: Object.entries(SORTS) };
}

export default function AccountsPage() {
  const d = useLoaderData<typeof loader>();
  const pageLink = (page: number) => {
    const params = new URLSearchParams();
    if (d.query.q) params.set("q", d.query.q);
    if (d.query.status) params.set("status", d.query.status);
    if (d.query.sort !== "reference") params.set("sort", d.query.sort);
    if (page > 1) params.set("page", String(page));
    const s = params.toString();
    return s ? `/creditor/accounts?${s}` : "/creditor/accounts";
  };
  const first = d.total === 0 ? 0 : (d.page - 1) * 25 + 1;
  const last = Math.min(d.total, d.page * 25);
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <PageTitle>Accounts</PageTitle>
        <Link to="/creditor/accounts/import" className="btn-primary">
          Import accounts
        </Link>
      </div>
      <Form
        method="get"
        className="card grid gap-4 sm:grid-cols-3"
        role="search"
        aria-label="Find accounts"
      >
        <div className="space-y-1 sm:col-span-3">
          <label htmlFor="q" className="block font-semibold">
            Search
          </label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={d.query.q}
            className="input"
            placeholder="Reference, name or email"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="status" className="block font-semibold">
            Status
          </label>
          <select id="status" name="status" defaultValue={d.query.status} className="input">
            <option value="">Any status</option>
            {d.statuses.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="sort" className="block font-semibold">
            Sort by
          </label>
          <select id="sort" name="sort" defaultValue={d.query.sort} className="input">
            {d.sorts.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-end">
          <button type="submit" className="btn-secondary w-full">
            Show accounts
          </button>
        </div>
      </Form>

      <p role="status" data-testid="account-count">
        {d.total === 0
          ? "No accounts match."
          : `Showing ${first} to ${last} of ${d.total} account${d.total === 1 ? "" : "s"}.`}
      </p>

      {d.rows.length > 0 ? (
        <ul className="space-y-2" aria-label="Accounts">
          {d.rows.map((row) => (
            <li
              key={row.id}
              className="card flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-3 sm:py-3"
            >
              <div className="min-w-0">
                <Link to={`/creditor/accounts/${row.id}`} className="font-semibold break-all">
                  {row.reference}
                </Link>
                <p className="break-words">{row.name}</p>
              </div>
              <div className="flex flex-wrap items-center gap-3">
                <StatusBadge status={row.status} />
                {row.hasOverride ? <span className="text-sm">Own plan settings</span> : null}
                <span className="font-semibold tabular-nums">
                  {money(row.balanceCents, row.currency)}
                </span>
              </div>
            </li>
          ))}
        </ul>
      ) : null}

      {d.pages > 1 ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center gap-4">
          {d.page > 1 ? <Link to={pageLink(d.page - 1)}>Previous page</Link> : null}
          <span>
            Page {d.page} of {d.pages}
          </span>
          {d.page < d.pages ? <Link to={pageLink(d.page + 1)}>Next page</Link> : null}
        </nav>
      ) : null}

      <Form
        method="post"
        action="/creditor/accounts/export"
        reloadDocument
        className="card space-y-2"
      >
        <input type="hidden" name="q" value={d.query.q} />
        <input type="hidden" name="status" value={d.query.status} />
        <p>Download these accounts ({d.total}) as a CSV file for a spreadsheet.</p>
        <button type="submit" className="btn-secondary">
          Export CSV
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
