// The payment schedule as a calendar file. Entries stay discreet (calendars are often
// shared or synced): no amount, no creditor, just a link back to the portal.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildIcs } from "~/lib/ics";
import { format } from "~/lib/i18n";
import { MESSAGES } from "~/lib/i18n/catalogue.server";
import { upcomingInstallments } from "~/models/payments.server";
import { getEnv } from "~/utils/env.server";
import { notFound } from "~/utils/responses.server";
import { requireDebtor } from "~/utils/session.server";
import { pageLanguage } from "~/models/page-language.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const session = await requireDebtor(request);
  const found = await upcomingInstallments(session.debtorId, params.accountId ?? "");
  if (!found) throw notFound();
  const lang = await pageLanguage(request, session.debtorId);
  const url = `${getEnv().appUrl}/accounts/${found.account.id}/plan`;
  const ics = buildIcs(
    found.installments.map((i) => ({
      uid: `${i.id}@payment-portal`,
      date: i.dueDate,
      summary: format(MESSAGES[lang], "ics.summary"),
      description: format(MESSAGES[lang], "ics.description"),
      url,
    })),
    new Date(),
  );
  return new Response(ics, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'attachment; filename="payment-schedule.ics"',
      "Cache-Control": "no-store",
    },
  });
}
