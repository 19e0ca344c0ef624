// At a glance: money collected this month, the open balance, accounts by status, disputes
// waiting for an answer, recent imports.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { dateTime, money, Notice, PageTitle, STATUS_LABELS } from "~/components/creditor/ui";
import { chargeProblemsForCreditor } from "~/models/charge-problems.server";
import { getDashboard } from "~/models/creditor-dashboard.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";

export const meta: MetaFunction = () => [{ title: "At a glance: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor } = await requireCreditorUser(request);
  const recovery = new URL(request.url).searchParams.get("recovery");
  return {
    dashboard: await getDashboard(creditor.id),
    chargeProblems: await chargeProblemsForCreditor(creditor.id),
    timezone: creditor.timezone,
    recoveryCodesLeft: recovery !== null && /^\d{1,2}$/.test(recovery) ? Number(recovery) : null,
  };
}

export default function AtAGlance() {
  const {
    dashboard: d,
    chargeProblems,
    timezone,
    recoveryCodesLeft,
  } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle>At a glance</PageTitle>
      {recoveryCodesLeft !== null ? (
        <Notice tone="warning">
          You signed in with a recovery code. {recoveryCodesLeft} recovery code
          {recoveryCodesLeft === 1 ? "" : "s"} left. If you lost your phone, ask an owner to set up
          your access again.
        </Notice>
      ) : null}
      {chargeProblems.installments > 0 ? (
        <section
          aria-labelledby="attention-title"
          className="card space-y-2 border-l-4 border-amber-700"
          data-testid="charge-problems"
        >
          <h2 id="attention-title" className="text-lg font-bold">
            Needs attention: {chargeProblems.installments} scheduled payment
            {chargeProblems.installments === 1 ? "" : "s"} could not be charged
          </h2>
          <p>
            The payment processor refused the charge request itself, so this is a problem on our
            side or in the setup, not the debtor&apos;s. Nothing is retried and nothing counts as a
            missed payment until you charge {chargeProblems.installments === 1 ? "it" : "them"}{" "}
            again from the account page.
          </p>
          <ul className="space-y-1">
            {chargeProblems.accounts.map((a) => (
              <li key={a.accountId}>
                <Link to={`/creditor/accounts/${a.accountId}`}>
                  Account {a.reference} ({a.installments} payment{a.installments === 1 ? "" : "s"})
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <dl className="grid gap-3 sm:grid-cols-3">
        <div className="card">
          <dt className="text-sm text-slate-700">Collected in {d.monthLabel}</dt>
          <dd className="text-2xl font-bold" data-testid="collected">
            {money(d.collectedThisMonthCents, d.currency)}
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-700">Open balance</dt>
          <dd className="text-2xl font-bold" data-testid="open-balance">
            {money(d.openBalanceCents, d.currency)}
          </dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-700">Disputes waiting for an answer</dt>
          <dd className="text-2xl font-bold">
            {d.disputesOpen > 0 ? (
              <Link
                to="/creditor/accounts?status=on_hold"
                className="inline-block min-w-6 text-center"
              >
                {d.disputesOpen}
              </Link>
            ) : (
              0
            )}
          </dd>
        </div>
      </dl>
      <section aria-labelledby="status-title" className="card">
        <h2 id="status-title" className="text-lg font-bold">
          Accounts by status ({d.totalAccounts})
        </h2>
        <ul className="mt-3 grid grid-cols-2 gap-2 sm:grid-cols-3">
          {Object.entries(d.byStatus).map(([status, count]) => (
            <li key={status}>
              <Link to={`/creditor/accounts?status=${status}`}>
                {STATUS_LABELS[status]}: {count}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="plans-title" className="card">
        <h2 id="plans-title" className="text-lg font-bold">
          Plans and payments
        </h2>
        <dl className="mt-3 grid grid-cols-2 gap-3 sm:grid-cols-3" data-testid="plans-glance">
          <div>
            <dt className="text-sm text-slate-700">Active plans</dt>
            <dd className="text-xl font-bold">{d.plans.active}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">Completed plans</dt>
            <dd className="text-xl font-bold">{d.plans.completed}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">Broken plans</dt>
            <dd className="text-xl font-bold">{d.plans.broken}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">Failed payments to look at</dt>
            <dd className="text-xl font-bold">{d.failedPayments}</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">
              Refunds that did not reach the debtor (90 days)
            </dt>
            <dd className="text-xl font-bold" data-testid="refunds-failed">
              {d.refundsFailed}
            </dd>
          </div>
          <div>
            <dt className="text-sm text-slate-700">Hardship requests waiting</dt>
            <dd className="text-xl font-bold">{d.hardshipPending}</dd>
          </div>
        </dl>
      </section>
      <section aria-labelledby="imports-title" className="card">
        <h2 id="imports-title" className="text-lg font-bold">
          Recent imports
        </h2>
        {d.recentImports.length === 0 ? (
          <p className="mt-2">
            No imports yet.{" "}
            <Link to="/creditor/accounts/import">Import accounts from a CSV file</Link>.
          </p>
        ) : (
          <ul className="mt-2 space-y-1">
            {d.recentImports.map((i) => (
              <li key={i.id}>
                <Link to={`/creditor/imports/${i.id}`}>{i.filename}</Link>:{" "}
                {i.status === "imported"
                  ? `${i.createdRows} new accounts`
                  : `rejected (${i.rejectedRows} rows to fix)`}
                , {dateTime(i.createdAt, timezone)}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
