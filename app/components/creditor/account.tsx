// A creditor's account page (app/routes/creditor.accounts.$accountId.tsx), section by
// section: summary, charge problems, contact details, links, disputes, ledger, the
// account's own plan settings and the audit trail.
import { AccountDisputes, AccountLinks, PolicyOverride } from "./account-forms";
import {
  AccountLedger,
  AccountSummary,
  AuditTrail,
  ChargeProblems,
  ContactDetails,
} from "./account-overview";
import type { AccountActionResult, AccountPage } from "./account-page";
import { PageTitle } from "./ui";

export function CreditorAccount({
  d,
  result,
}: {
  d: AccountPage;
  result: AccountActionResult | undefined;
}) {
  const closed = ["paid", "settled", "closed"].includes(d.account.status);
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle>Account {d.account.reference}</PageTitle>
      <AccountSummary d={d} />
      <ChargeProblems d={d} result={result} />
      <ContactDetails d={d} />
      <AccountLinks d={d} result={result} closed={closed} />
      <AccountDisputes d={d} result={result} />
      <AccountLedger d={d} />
      <PolicyOverride d={d} result={result} />
      <AuditTrail d={d} />
    </section>
  );
}
