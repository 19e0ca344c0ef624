// The letter that says an account is paid in full or settled, for the downloaded file
// (rendered outside a route, so it takes the translator as a prop, like StatementBody).
import type { Lang } from "~/lib/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { ResolutionLetter } from "~/models/letters.server";

type T = (key: string, vars?: Record<string, string | number>) => string;

export function letterTitle(l: ResolutionLetter, t: T) {
  return t(`letter.title.${l.kind}`, { creditor: l.creditor.displayName });
}

export function LetterBody({ l, t, lang }: { l: ResolutionLetter; t: T; lang: Lang }) {
  const money = (cents: number) => formatMoney(cents, l.currency, lang);
  return (
    <main style={{ maxWidth: "40rem", margin: "0 auto", padding: "1rem" }} className="space-y-4">
      <p>{t("letter.prepared", { date: formatDate(l.today, lang) })}</p>
      <p>
        {t("letter.from", { creditor: l.creditor.displayName, legalName: l.creditor.legalName })}
        <br />
        {t("letter.to", { name: l.debtorName })}
      </p>
      <h1 className="text-2xl font-bold">{letterTitle(l, t)}</h1>
      <p>
        {t("letter.reference", { reference: l.reference })}
        {l.originalCreditor ? (
          <>
            <br />
            {t("letter.originalCreditor", { name: l.originalCreditor })}
          </>
        ) : null}
      </p>
      <p data-testid="letter-body">
        {t(`letter.body.${l.kind}`, {
          date: formatDate(l.resolvedOn, lang),
          creditor: l.creditor.displayName,
          balance: money(l.balanceCents),
        })}
      </p>
      <ul className="list-disc pl-6">
        <li>{t("letter.paidTotal", { amount: money(l.paidCents) })}</li>
        {l.kind === "settled" && l.forgivenCents > 0 ? (
          <li>{t("letter.forgiven", { amount: money(l.forgivenCents) })}</li>
        ) : null}
      </ul>
      <p>{t("letter.keep")}</p>
      <p>
        {t("letter.contact", { phone: l.creditor.supportPhone, email: l.creditor.supportEmail })}
      </p>
    </main>
  );
}
