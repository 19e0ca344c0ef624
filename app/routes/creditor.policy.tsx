// Plan policy settings: one form (see components/creditor/policy-form.tsx), validated by
// planPolicySchema in the browser and again here. "Preview" shows the offers and the
// number of affected accounts without saving (the way to preview without JavaScript).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PolicyForm } from "~/components/creditor/policy-form";
import { Notice, PageTitle } from "~/components/creditor/ui";
import {
  formDataToPolicyValues,
  policyToFormValues,
  PREVIEW_BALANCES,
  validatePolicyForm,
} from "~/lib/creditor-policy-form";
import { passErrorHeaders } from "~/lib/route-headers";
import {
  creditorToday,
  getCreditor,
  policyImpact,
  savePolicy,
  storedPolicy,
} from "~/models/creditor-settings.server";
import { requireCreditorOwner, requireCreditorUser } from "~/utils/creditor-session.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Plan policy: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor: c, user } = await requireCreditorUser(request);
  const creditor = await getCreditor(c.id);
  const { policy, valid } = storedPolicy(creditor);
  return {
    values: policyToFormValues(policy),
    storedValid: valid,
    today: creditorToday(creditor),
    currency: creditor.currency,
    impact: await policyImpact(creditor.id, policy),
    canEdit: user.role === "owner",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorOwner(request);
  const form = await readForm(request);
  const values = formDataToPolicyValues(form);
  const checked = validatePolicyForm(values);
  if (!checked.ok) {
    return data(
      { values, errors: checked.errors, saved: null, previewed: false, impact: null },
      { status: 400 },
    );
  }
  const impact = await policyImpact(creditor.id, checked.policy);
  if (form.get("submitIntent") === "preview") {
    return { values, errors: null, saved: null, previewed: true, impact };
  }
  const { changedFields } = await savePolicy({
    creditorId: creditor.id,
    actorId: user.id,
    policy: checked.policy,
    ip: context.clientIp,
  });
  return {
    values: policyToFormValues(checked.policy),
    errors: null,
    saved: { fields: changedFields.length, changedAccounts: impact.changed },
    previewed: false,
    impact: { ...impact, changed: 0 },
  };
}

export default function PolicyPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <PageTitle description="What debtors may choose when they pay online. Changes apply to every open account that has no settings of its own.">
        Plan policy
      </PageTitle>
      {!loaded.storedValid ? (
        <Notice tone="warning">
          The saved policy could not be read, so the default policy is shown. Check it and save.
        </Notice>
      ) : null}
      {!loaded.canEdit ? (
        <Notice tone="info">Only an owner can change the plan policy. You can see it here.</Notice>
      ) : null}
      {result?.saved ? (
        <Notice>
          Policy saved
          {result.saved.fields === 0 ? " (nothing changed)" : ""}. {result.saved.changedAccounts}{" "}
          open account
          {result.saved.changedAccounts === 1 ? " now sees" : "s now see"} different options.
        </Notice>
      ) : null}
      {result?.previewed ? <Notice tone="info">Preview only: nothing is saved yet.</Notice> : null}
      <PolicyForm
        id="policy"
        // A new form after each answer from the server, so it shows what was saved.
        key={result ? JSON.stringify(result.values) : "loaded"}
        defaultValues={result?.values ?? loaded.values}
        serverErrors={result?.errors}
        today={loaded.today}
        currency={loaded.currency}
        previewBalances={PREVIEW_BALANCES}
        impactUrl={loaded.canEdit ? "/creditor/policy/impact" : undefined}
        impact={result?.impact ?? loaded.impact}
        readOnly={!loaded.canEdit}
        intent="policy"
        submitLabel="Save policy"
      />
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
