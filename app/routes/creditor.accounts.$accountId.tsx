// One account: the debtor and their contact details (with where they came from), the
// ledger, links (send by email or SMS, create one to share by hand, revoke), disputes
// (answer one to release the hold), this account's own plan settings, and the audit trail.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CreditorAccount } from "~/components/creditor/account";
import type { AccountActionResult } from "~/components/creditor/account-page";
import {
  formDataToPolicyValues,
  policyDifference,
  policyToFormValues,
  validatePolicyForm,
} from "~/lib/creditor-policy-form";
import { disputeAnswerProblem } from "~/lib/forms/dispute";
import { sendNote } from "~/lib/link-send-note";
import { passErrorHeaders } from "~/lib/route-headers";
import {
  createLinkForAccount,
  getAccountForCreditor,
  revokeLinkForAccount,
  setPolicyOverride,
} from "~/models/creditor-accounts.server";
import { chargeProblemsForAccount, retryChargeProblems } from "~/models/charge-problems.server";
import { creditorToday, getCreditor } from "~/models/creditor-settings.server";
import { answerDispute } from "~/models/disputes.server";
import { requireCreditorUser } from "~/utils/creditor-session.server";
import { getEnv } from "~/utils/env.server";
import { enforce } from "~/utils/rate-limit.server";
import { notFound } from "~/utils/responses.server";
import { readForm } from "~/utils/forms.server";

export const meta: MetaFunction = () => [{ title: "Account: creditor area" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { creditor, user } = await requireCreditorUser(request);
  const found = await getAccountForCreditor(creditor.id, params.accountId ?? "");
  if (!found) throw notFound();
  const full = await getCreditor(creditor.id);
  return {
    ...found,
    account: {
      id: found.account.id,
      reference: found.account.reference,
      status: found.account.status,
      originalCreditor: found.account.originalCreditor,
      itemizationDate: found.account.itemizationDate,
      itemizationKind: found.account.itemizationKind,
      validationEndsOn: found.account.validationEndsOn,
    },
    chargeProblems: await chargeProblemsForAccount(creditor.id, found.account.id),
    policyValues: policyToFormValues(found.policy),
    today: creditorToday(full),
    canEditPolicy: user.role === "owner",
    demo: getEnv().demo,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorUser(request);
  const accountId = params.accountId ?? "";
  const found = await getAccountForCreditor(creditor.id, accountId);
  if (!found) throw notFound();
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const ip = context.clientIp;
  const base = { creditorId: creditor.id, actorId: user.id, accountId: found.account.id, ip };

  if (intent === "send") {
    enforce("creditorLinkSend", user.id);
    const channel = String(form.get("channel") ?? "");
    if (channel !== "email" && channel !== "sms" && channel !== "letter")
      return data<AccountActionResult>(
        { kind: "link", ok: false, message: "Choose how to send the link." },
        { status: 400 },
      );
    const outcome = await createLinkForAccount({ ...base, channel });
    if (!outcome) throw notFound();
    if (!outcome.ok)
      return data<AccountActionResult>(
        { kind: "link", ok: false, message: outcome.message },
        { status: 400 },
      );
    if (outcome.channel === "letter")
      return data<AccountActionResult>({
        kind: "link",
        ok: true,
        channel: "letter",
        token: outcome.token,
        code: outcome.code,
        expiresAt: outcome.expiresAt,
      });
    const sent = outcome.status !== "suppressed";
    return data<AccountActionResult>({
      kind: "link",
      ok: true,
      channel: outcome.channel,
      messageId: outcome.messageId,
      sent,
      note: sendNote(outcome.channel, outcome.reason),
    });
  }
  if (intent === "revoke") {
    const done = await revokeLinkForAccount({ ...base, linkId: String(form.get("linkId") ?? "") });
    if (!done) throw notFound();
    return data<AccountActionResult>({ kind: "revoked" });
  }
  if (intent === "override" || intent === "clear-override") {
    if (user.role !== "owner") throw new Response("Only an owner can do this", { status: 403 });
    if (intent === "clear-override") {
      await setPolicyOverride({ ...base, override: null });
      return data<AccountActionResult>({
        kind: "override",
        ok: true,
        message: "This account follows your plan policy again.",
      });
    }
    const values = formDataToPolicyValues(form);
    const checked = validatePolicyForm(values);
    if (!checked.ok)
      return data<AccountActionResult>(
        { kind: "override", ok: false, errors: checked.errors, values },
        { status: 400 },
      );
    if (form.get("submitIntent") === "preview")
      return data<AccountActionResult>({
        kind: "override",
        ok: true,
        values,
        message: "Preview only: nothing is saved yet.",
      });
    const outcome = await setPolicyOverride({
      ...base,
      override: policyDifference(found.basePolicy, checked.policy),
    });
    if (!outcome?.ok)
      return data<AccountActionResult>(
        { kind: "override", ok: false, values, message: outcome?.message ?? "That did not work." },
        { status: 400 },
      );
    return data<AccountActionResult>({
      kind: "override",
      ok: true,
      message: outcome.fields.length
        ? `Saved: this account has its own ${outcome.fields.length === 1 ? "setting" : "settings"} (${outcome.fields.length}).`
        : "Saved: this account follows your plan policy.",
    });
  }
  if (intent === "retry-charges") {
    const released = await retryChargeProblems({
      creditorId: creditor.id,
      accountId: found.account.id,
      actorId: user.id,
      ip,
    });
    return data<AccountActionResult>({ kind: "retry-charges", released });
  }
  if (intent === "answer-dispute") {
    const response = String(form.get("response") ?? "").trim();
    const disputeId = String(form.get("disputeId") ?? "");
    const problem = disputeAnswerProblem(response);
    if (problem)
      return data<AccountActionResult>(
        { kind: "dispute", ok: false, disputeId, message: problem },
        { status: 400 },
      );
    if (!found.disputes.some((d) => d.id === disputeId && d.status === "open")) throw notFound();
    const done = await answerDispute({
      creditorId: creditor.id,
      disputeId,
      response,
      actorId: user.id,
      ip,
    });
    if (!done) throw notFound();
    return data<AccountActionResult>({
      kind: "dispute",
      ok: true,
      disputeId,
      message: "Answer saved. The hold is released.",
    });
  }
  return data({ kind: "unknown" }, { status: 400 });
}

export default function CreditorAccountPage() {
  const result = useActionData<typeof action>() as AccountActionResult | undefined;
  return <CreditorAccount d={useLoaderData<typeof loader>()} result={result} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
