// Demo mode only: every demo debtor's link, code and answer, so a newcomer can click in.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listDemoAccess } from "~/demo/access.server";
import { listDemoCreditorLogins } from "~/demo/creditor-logins.server"; // creditor logins
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";

export const meta: MetaFunction = () => [{ title: "Demo: who to be" }];

export async function loader(_: LoaderFunctionArgs) {
  if (!getEnv().demo) throw notFound();
  const { accounts, fixtures } = await listDemoAccess();
  return {
    accounts: accounts.map(({ label, token, code, answer, answerHint }) => ({
      label,
      token,
      code,
      answer,
      answerHint,
    })),
    fixtures: fixtures.map(({ label, token, code, answer, answerHint }) => ({
      label,
      token,
      code,
      answer,
      answerHint,
    })),
    creditorLogins: await listDemoCreditorLogins(), // creditor logins
  };
}

export default function DemoPage() {
  const { accounts, fixtures, creditorLogins } = useLoaderData<typeof loader>();
  return (
    // The demo page is a tool for people trying the product, in English only.
    <div lang="en" className="space-y-8">
      <section aria-labelledby="page-title" className="card">
        <h1 id="page-title" className="text-2xl font-bold">
          Demo: pick a debtor
        </h1>
        <p className="mt-3">
          This portal runs in demo mode: fake people, fake money. Open a link, press Continue, then
          give the answer shown here. Links are refreshed every time the portal starts.
        </p>
      </section>
      <section aria-labelledby="debtors-title">
        <h2 id="debtors-title" className="text-xl font-bold">
          Demo debtors
        </h2>
        <ul className="mt-3 space-y-3">
          {accounts.map((a) => (
            <DemoRow key={a.token} row={a} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="fixtures-title">
        <h2 id="fixtures-title" className="text-xl font-bold">
          Links in special states
        </h2>
        <ul className="mt-3 space-y-3">
          {fixtures.map((a) => (
            <DemoRow key={a.token} row={a} />
          ))}
        </ul>
      </section>
      <CreditorLogins logins={creditorLogins} />
    </div>
  );
}

function DemoRow({
  row,
}: {
  row: { label: string; token: string; code: string; answer: string; answerHint: string };
}) {
  return (
    <li className="card" data-testid="demo-row">
      <p className="font-semibold">{row.label}</p>
      <p className="mt-1">
        <Link to={`/l/${row.token}`} className="break-all">
          Open the link
        </Link>
      </p>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
        <dt>Code</dt>
        <dd data-testid="demo-code">{row.code}</dd>
        <dt>Answer ({row.answerHint})</dt>
        <dd data-testid="demo-answer">{row.answer}</dd>
      </dl>
    </li>
  );
}

// --- Creditor logins (creditor area, issue 7) -------------------------------------------
type CreditorLogin = Awaited<ReturnType<typeof listDemoCreditorLogins>>[number];

function CreditorLogins({ logins }: { logins: CreditorLogin[] }) {
  if (logins.length === 0) return null;
  return (
    <section aria-labelledby="creditor-logins-title">
      <h2 id="creditor-logins-title" className="text-xl font-bold">
        Creditor logins
      </h2>
      <p className="mt-2">
        Sign in at <Link to="/creditor/sign-in">the creditor area</Link> with an email and the
        password below, then enter the current code (reload this page for a fresh one), or add the
        setup key to your own authenticator app.
      </p>
      <ul className="mt-3 space-y-3">
        {logins.map((login) => (
          <li key={login.email} className="card" data-testid="creditor-login">
            <p className="font-semibold">
              {login.creditorName}, {login.role}
            </p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
              <dt>Email</dt>
              <dd className="break-all" data-testid="creditor-email">
                {login.email}
              </dd>
              <dt>Password</dt>
              <dd data-testid="creditor-password">{login.password}</dd>
              {login.totp ? (
                <>
                  <dt>Code now</dt>
                  <dd>
                    <span data-testid="creditor-totp">{login.totp.code}</span> (for about{" "}
                    {login.totp.secondsLeft} more seconds)
                  </dd>
                  <dt>Setup key</dt>
                  <dd className="break-all font-mono">{login.totp.key}</dd>
                </>
              ) : (
                <>
                  <dt>Code</dt>
                  <dd>Sets up two-step sign-in at first sign-in</dd>
                </>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}
// --- end of creditor logins -------------------------------------------------------------

export const ErrorBoundary = GeneralErrorBoundary;
