// The debtor's plan: status, next payment, schedule, the stored authorization; cancel it and
// move one payment (plain forms with Post/Redirect/Get). Paying the next payment, paying
// extra or paying off go to the one confirm page before Stripe's (pay-now).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PlanOverview, type PlanPageData } from "~/components/plans/plan-overview";
import { cancelPlanSchema, movePaymentSchema } from "~/lib/forms/plan";
import { isWaitingOneOff } from "~/lib/pay-now";
import type { ChoiceError } from "~/lib/plan-builder";
import { getAccountForDebtor } from "~/models/accounts.server";
import { cancelPlan, getPlanPage, movePayment } from "~/models/plans.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.plan");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const page = await getPlanPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  const query = new URL(request.url).searchParams;
  // A single payment left on Stripe's page is not a plan to the debtor: its confirm page.
  if (isWaitingOneOff(page.plan)) {
    const again = new URLSearchParams({ kind: page.plan!.kind });
    if (query.get("checkout")) again.set("checkout", query.get("checkout")!);
    throw redirect(`/accounts/${page.account.id}/pay-now?${again}`);
  }
  // A single payment that was made (or given up) was never a plan to the debtor.
  const plan = page.plan?.kind === "installments" ? page.plan : null;
  const shown: PlanPageData = {
    accountId: page.account.id,
    accountStatus: page.account.status,
    currency: page.account.currency,
    creditor: page.creditor,
    today: page.today,
    latestEndDate: "latestEndDate" in page ? page.latestEndDate : null,
    live: page.live,
    plan: plan
      ? {
          id: plan.id,
          kind: plan.kind,
          status: plan.status,
          frequency: plan.frequency,
          totalCents: plan.totalCents,
          pauseUntil: plan.pauseUntil,
          cancelledAt: plan.cancelledAt?.toISOString() ?? null,
          authorizedAt: plan.authorizedAt.toISOString(),
          authorizationVersion: plan.authorizationVersion,
          authorizationText: plan.authorizationText,
        }
      : null,
    installments: page.installments.map((i) => ({
      seq: i.seq,
      dueDate: i.dueDate,
      amountCents: i.amountCents,
      status: i.status,
      originalDueDate: i.originalDueDate,
      originalAmountCents: i.originalAmountCents,
    })),
    remaining: page.remaining,
    remainingCents: page.remaining.reduce((sum, i) => sum + i.amountCents, 0),
    done: query.get("done"),
    doneSeq: query.get("seq"),
    doneDate: query.get("date"),
  };
  return shown;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const form = await readForm(request);
  const fields = Object.fromEntries([...form].filter(([, v]) => typeof v === "string")) as Record<
    string,
    string
  >;
  const base = `/accounts/${found.account.id}/plan`;
  if (fields.intent === "cancel") {
    const parsed = cancelPlanSchema.safeParse(fields);
    if (!parsed.success)
      return data(
        {
          intent: "cancel",
          errors: [{ field: "confirm", key: "plans.error.cancelConfirm" }] as ChoiceError[],
        },
        { status: 400 },
      );
    const result = await cancelPlan({
      debtorId: session.debtorId,
      accountId: found.account.id,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok) return data({ intent: "cancel", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=cancelled`);
  }
  if (fields.intent === "move") {
    const parsed = movePaymentSchema.safeParse(fields);
    if (!parsed.success) {
      const errors: ChoiceError[] = parsed.error.issues.map((i) => ({
        field: String(i.path[0]) as ChoiceError["field"],
        key: i.message,
      }));
      return data({ intent: "move", errors }, { status: 400 });
    }
    const result = await movePayment({
      debtorId: session.debtorId,
      accountId: found.account.id,
      ...parsed.data,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok) return data({ intent: "move", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=moved&seq=${parsed.data.seq}&date=${parsed.data.newDate}`);
  }
  return data(
    {
      intent: "unknown",
      errors: [{ field: "form", key: "plans.error.tampered" }] as ChoiceError[],
    },
    { status: 400 },
  );
}

export default function PlanPage() {
  return (
    <PlanOverview d={useLoaderData<typeof loader>()} actionData={useActionData<typeof action>()} />
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
