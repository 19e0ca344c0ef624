// "I can't pay right now": pause payments within the creditor's limits (first a GET that
// shows the new dates, then the POST that applies them), or propose what the debtor can
// afford for the creditor to accept or decline. Never a dead end.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HardshipOptions, type HardshipActionData } from "~/components/plans/hardship-options";
import { hardshipPauseSchema, hardshipProposalSchema } from "~/lib/forms/plan";
import type { ChoiceError } from "~/lib/plan-builder";
import { getAccountForDebtor } from "~/models/accounts.server";
import {
  getHardshipPage,
  previewPause,
  requestPause,
  submitProposal,
} from "~/models/hardship.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.hardship");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const page = await getHardshipPage(session.debtorId, params.accountId ?? "");
  if (!page) throw notFound();
  const query = new URL(request.url).searchParams;
  const latest = page.latest;
  // "Show the new dates" (a GET): the pause's preview, or why that date can't be chosen.
  const pauseQuery = query.get("pauseUntil");
  let pause = null;
  if (pauseQuery !== null) {
    const parsed = hardshipPauseSchema.safeParse({ pauseUntil: pauseQuery });
    pause = parsed.success
      ? await previewPause(page, parsed.data.pauseUntil)
      : { ok: false as const, errors: issues(parsed.error) };
  }
  return {
    accountId: page.account.id,
    currency: page.account.currency,
    creditor: page.creditor,
    today: page.today,
    latestPauseDate: page.latestPauseDate,
    hasPlan: Boolean(page.plan),
    latest: latest
      ? {
          kind: latest.kind,
          status: latest.status,
          amountCents: latest.amountCents,
          frequency: latest.frequency,
          pauseUntil: latest.pauseUntil,
          createdOn: latest.createdOn,
        }
      : null,
    done: query.get("done"),
    pauseValue: pauseQuery ?? "",
    pause,
  };
}

type ActionData = HardshipActionData;

function issues(error: {
  issues: readonly { path: PropertyKey[]; message: string }[];
}): ChoiceError[] {
  return error.issues.map((i) => ({
    field: String(i.path[0] ?? "form") as ChoiceError["field"],
    key: i.message,
  }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await getAccountForDebtor(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const fields = Object.fromEntries(
    [...(await readForm(request))].filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
  const base = `/accounts/${found.account.id}/hardship`;
  if (fields.intent === "pause") {
    const parsed = hardshipPauseSchema.safeParse(fields);
    if (!parsed.success)
      return data<ActionData>({ intent: "pause", errors: issues(parsed.error) }, { status: 400 });
    const result = await requestPause({
      debtorId: session.debtorId,
      accountId: found.account.id,
      pauseUntil: parsed.data.pauseUntil,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok)
      return data<ActionData>({ intent: "pause", errors: result.errors }, { status: 400 });
    throw redirect(`${base}?done=paused`);
  }
  if (fields.intent === "proposal") {
    const parsed = hardshipProposalSchema.safeParse(fields);
    if (!parsed.success)
      return data<ActionData>(
        { intent: "proposal", errors: issues(parsed.error) },
        { status: 400 },
      );
    const result = await submitProposal({
      debtorId: session.debtorId,
      accountId: found.account.id,
      ...parsed.data,
      ip: context.clientIp,
    });
    if (!result) throw notFound();
    if (!result.ok) {
      const fits = "fits" in result ? result.fits : undefined;
      const query = fits
        ? new URLSearchParams({
            kind: "installments",
            frequency: fits.frequency,
            count: String(fits.count),
            startDate: fits.today,
          }).toString()
        : undefined;
      return data<ActionData>(
        { intent: "proposal", errors: result.errors, fits: query ? { query } : undefined },
        { status: 400 },
      );
    }
    throw redirect(`${base}?done=proposal`);
  }
  return data<ActionData>(
    { intent: "unknown", errors: [{ field: "form", key: "plans.error.tampered" }] },
    { status: 400 },
  );
}

export default function HardshipPage() {
  return (
    <HardshipOptions
      d={useLoaderData<typeof loader>()}
      actionData={useActionData<typeof action>()}
    />
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
