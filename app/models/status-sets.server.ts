// The status sets the queries use, derived from the schema's status constants by the rules
// of app/lib/account-state.ts and app/lib/account-rules.ts: no status list is typed by hand
// in a query. `inSql` renders one for raw SQL (the values are the schema's own constants).
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { allowsCollectionMessages, allowsScheduledCharges } from "~/lib/account-rules";
import {
  acceptsPlanCheckout,
  chargesPlan,
  countsOnDashboard,
  hasPaymentMethodPlan,
  isClaimableInstallment,
  isInProgressInstallment,
  isLivePlan,
  isOpenInstallment,
  owes,
} from "~/lib/account-state";
import { schema } from "~/utils/db.server";

const plans = schema.PLAN_STATUSES;
const accounts = schema.ACCOUNT_STATUSES;
const installments = schema.INSTALLMENT_STATUSES;

/** A plan that still governs the account (the partial unique index allows one). */
export const LIVE_PLAN_STATUSES = plans.filter(isLivePlan);
export const ENDED_PLAN_STATUSES = plans.filter((s) => !isLivePlan(s));
export const PAYMENT_METHOD_PLAN_STATUSES = plans.filter(hasPaymentMethodPlan);
export const CHECKOUT_PLAN_STATUSES = plans.filter(acceptsPlanCheckout);
export const DASHBOARD_PLAN_STATUSES = plans.filter(countsOnDashboard);
export const CHARGED_PLAN_STATUSES = plans.filter(chargesPlan);

export const OPEN_INSTALLMENT_STATUSES = installments.filter(isOpenInstallment);
export const IN_PROGRESS_INSTALLMENT_STATUSES = installments.filter(isInProgressInstallment);
export const UNPAID_INSTALLMENT_STATUSES = installments.filter(
  (s) => isOpenInstallment(s) || isInProgressInstallment(s),
);
export const CLAIMABLE_INSTALLMENT_STATUSES = installments.filter(isClaimableInstallment);

/** Accounts the charge worker charges (allowsScheduledCharges). */
export const CHARGEABLE_ACCOUNT_STATUSES = accounts.filter(allowsScheduledCharges);
/** Accounts that may get reminders and collection messages (allowsCollectionMessages). */
export const MESSAGEABLE_ACCOUNT_STATUSES = accounts.filter(allowsCollectionMessages);
/** Accounts that still owe something. */
export const OWING_ACCOUNT_STATUSES = accounts.filter(owes);
export const RESOLVED_ACCOUNT_STATUSES = accounts.filter((s) => !owes(s));

/** `<column> in ('a', 'b')` for raw SQL; `column` is SQL (a Drizzle column or a qualified name). */
export function inSql(column: SQLWrapper, statuses: readonly string[]): SQL {
  return sql`${column} in (${sql.raw(statuses.map((s) => `'${s}'`).join(", "))})`;
}
