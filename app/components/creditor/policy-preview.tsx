// The policy form's live feedback (./policy-form.tsx): what sample debtors would be offered
// under the settings as typed, and how many open accounts the change affects (fetched from
// the impact endpoint a moment after the last keystroke).
import { useFetcher } from "@remix-run/react";
import { useEffect } from "react";
import type { planPolicySchema } from "~/lib/policy";
import { compareOptions, type OptionRow } from "~/lib/plan-options";
import { calendarDate, money } from "./ui";

export type Impact = { following: number; changed: number; withOverride: number };

const OPTION_LABELS: Record<string, string> = {
  weekly: "Weekly plan",
  biweekly: "Plan every two weeks",
  monthly: "Monthly plan",
};

export function Preview(props: {
  id: string;
  valid: boolean;
  policy: ReturnType<typeof planPolicySchema.parse> | null;
  today: string;
  currency: string;
  balances: readonly number[];
}) {
  return (
    <section aria-labelledby={`${props.id}-preview-title`} className="card space-y-4">
      <h2 id={`${props.id}-preview-title`} className="text-lg font-bold">
        What a debtor would be offered today
      </h2>
      {!props.policy ? (
        <p>Fix the settings marked above to see the preview.</p>
      ) : (
        <div className="grid gap-4 sm:grid-cols-2" data-testid="policy-preview">
          {props.balances.map((balance) => (
            <PreviewFor
              key={balance}
              balance={balance}
              rows={compareOptions(balance, props.policy!, props.today, props.currency)}
              currency={props.currency}
            />
          ))}
        </div>
      )}
    </section>
  );
}

function PreviewFor({
  balance,
  rows,
  currency,
}: {
  balance: number;
  rows: OptionRow[];
  currency: string;
}) {
  return (
    <div>
      <h3 className="font-bold">With a balance of {money(balance, currency)}</h3>
      {rows.length === 0 ? (
        <p className="mt-2">No way to pay online. Allow paying in full or at least one plan.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {rows.map((row) => (
            <li
              key={`${row.kind}-${row.frequency}`}
              className="rounded border border-slate-300 p-2"
            >
              <p className="font-semibold">
                {row.kind === "full"
                  ? "Pay in full"
                  : row.kind === "settlement"
                    ? "Settlement"
                    : OPTION_LABELS[row.frequency ?? ""]}
              </p>
              <p className="text-sm">
                {row.kind === "plan"
                  ? `Up to ${row.paymentCount} payments of ${money(row.paymentCents, currency)}${row.downPaymentCents > 0 ? ` after a down payment of ${money(row.downPaymentCents, currency)}` : ""}, last on ${calendarDate(row.endDate)}`
                  : `${money(row.totalCents, currency)} today${row.savingsCents > 0 ? `, saving ${money(row.savingsCents, currency)}` : ""}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ImpactCount({
  url,
  policyJson,
  initial,
}: {
  url: string;
  policyJson: string | null;
  initial: Impact | null;
}) {
  const fetcher = useFetcher<{ impact: Impact }>();
  const { load } = fetcher;
  useEffect(() => {
    if (!policyJson) return;
    const timer = window.setTimeout(
      () => load(`${url}?policy=${encodeURIComponent(policyJson)}`),
      400,
    );
    return () => window.clearTimeout(timer);
  }, [policyJson, url, load]);
  const impact = fetcher.data?.impact ?? initial;
  if (!impact) return null;
  return (
    <p className="card" aria-live="polite" data-testid="policy-impact">
      {impact.changed === 0
        ? `These settings change nothing for the ${impact.following} open account${impact.following === 1 ? "" : "s"} that follow the policy.`
        : `These settings change what ${impact.changed} of ${impact.following} open account${impact.following === 1 ? "" : "s"} are offered.`}
      {impact.withOverride > 0
        ? ` ${impact.withOverride} open account${impact.withOverride === 1 ? " has" : "s have"} its own settings and ${impact.withOverride === 1 ? "is" : "are"} not affected.`
        : ""}
    </p>
  );
}
