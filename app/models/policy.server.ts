// The plan policy in force for an account: the creditor's, with the account's override.
import { DEFAULT_POLICY, mergePolicy, planPolicySchema, type PlanPolicy } from "~/lib/policy";
import { log } from "~/utils/log.server";

export function effectivePolicy(
  creditorPolicy: unknown,
  accountOverride: unknown,
  ids: { creditorId: string; accountId: string },
): PlanPolicy {
  const base = planPolicySchema.safeParse(creditorPolicy);
  if (!base.success) {
    // Policies are validated when written; a bad one here is a bug, not the debtor's problem.
    log("error", "invalid creditor policy", { creditorId: ids.creditorId });
  }
  try {
    return mergePolicy(base.success ? base.data : DEFAULT_POLICY, (accountOverride ?? null) as Partial<PlanPolicy> | null);
  } catch {
    log("error", "invalid account policy override", { accountId: ids.accountId });
    return base.success ? base.data : DEFAULT_POLICY;
  }
}
