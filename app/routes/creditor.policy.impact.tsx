// How many open accounts a candidate policy would change (the live count on the policy
// page). A GET that reads only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { planPolicySchema } from "~/lib/policy";
import { policyImpact } from "~/models/creditor-settings.server";
import { requireCreditorOwner } from "~/utils/creditor-session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor } = await requireCreditorOwner(request);
  const raw = new URL(request.url).searchParams.get("policy") ?? "";
  let json: unknown = null;
  try {
    json = raw.length <= 4000 ? JSON.parse(raw) : null;
  } catch {
    json = null;
  }
  const parsed = planPolicySchema.safeParse(json);
  if (!parsed.success) return data({ impact: null }, { status: 400 });
  return { impact: await policyImpact(creditor.id, parsed.data) };
}
