// The plan policy in force for an account: the creditor's, with the account's override.
// The one definition for both sides: the debtor's pages and the creditor's (the account
// page, the policy page) read it from here.
import { DEFAULT_POLICY, mergePolicy, planPolicySchema, type PlanPolicy } from "~/lib/policy";
import { log } from "~/utils/log.server";

/** The creditor's stored policy, validated (a broken one falls back to the default, and says so). */
export function creditorPolicy(stored: unknown): { policy: PlanPolicy; valid: boolean } {
  const parsed = planPolicySchema.safeParse(stored);
  return parsed.success
    ? { policy: parsed.data, valid: true }
    : { policy: DEFAULT_POLICY, valid: false };
}

export function effectivePolicy(
  creditorPolicyValue: unknown,
  accountOverride: unknown,
  ids: { creditorId: string; accountId: string },
): PlanPolicy {
  const base = creditorPolicy(creditorPolicyValue);
  if (!base.valid) {
    // Policies are validated when written; a bad one here is a bug, not the debtor's problem.
    log("error", "invalid creditor policy", { creditorId: ids.creditorId });
  }
  try {
    return mergePolicy(base.policy, (accountOverride ?? null) as Partial<PlanPolicy> | null);
  } catch {
    log("error", "invalid account policy override", { accountId: ids.accountId });
    return base.policy;
  }
}
