// POST only: sends the debtor to hosted Checkout (Stripe or the local emulator).
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getAccountForDebtor } from "~/models/accounts.server";
import { startCheckout } from "~/models/payments.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { readForm } from "~/utils/forms.server";
import { pageLanguage } from "~/models/page-language.server";

export async function action({ request, params }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  const form = await readForm(request);
  const purpose = form.get("purpose");
  const result = await startCheckout({
    debtorId: session.debtorId,
    accountId: params.accountId ?? "",
    appUrl: getEnv().appUrl,
    purpose:
      purpose === "update_card" || purpose === "installment" || purpose === "payoff"
        ? purpose
        : undefined,
    lang: await pageLanguage(request, session.debtorId),
  });
  if (!result) throw notFound();
  if (result.ok) throw redirect(result.url, 303);
  throw redirect(`/accounts/${params.accountId}/plan?checkout=${result.reason}`, 303);
}

export async function loader({ request, params }: ActionFunctionArgs) {
  const session = await requireDebtor(request);
  if (!(await getAccountForDebtor(session.debtorId, params.accountId ?? ""))) throw notFound();
  throw redirect(`/accounts/${params.accountId}/plan`);
}
