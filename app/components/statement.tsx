// The statement, as one component for the page, the print view and the downloaded copy.
// It takes the translator as a prop so it can also be rendered outside a route.
import { Link } from "@remix-run/react";
import type { Lang } from "~/lib/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { Statement } from "~/models/statement.server";

type T = (key: string, vars?: Record<string, string | number>) => string;
type Props = { s: Statement; t: T; lang: Lang; onPage?: boolean };

/**
 * `onPage`: the statement page, whose first card (StatementTop) already shows the balance,
 * the hold and the actions; the print view and the downloaded copy show the summary.
 */
export function StatementBody({ s, t, lang, onPage = false }: Props) {
  const money = (cents: number) => formatMoney(cents, s.account.currency, lang);
  const date = (iso: string) => formatDate(iso, lang);
  const it = s.itemization;
  const thirdParty = s.creditor.collectorType === "third_party";
  return (
    <div className="space-y-6">
      {s.account.status === "on_hold" && !onPage ? (
        <p className="rounded-md border-2 border-blue-800 bg-blue-50 p-4" data-testid="on-hold">
          {t("statement.onHold", { creditor: s.creditor.displayName })}
        </p>
      ) : null}

      {onPage ? null : (
        <section aria-labelledby="summary-title" className="card">
          <h2 id="summary-title" className="text-lg font-bold">
            {t("statement.summary")}
          </h2>
          <dl className="mt-3 grid gap-3 sm:grid-cols-3">
            <div>
              <dt className="text-sm text-slate-700">{t("account.balance")}</dt>
              <dd className="text-2xl font-bold" data-testid="balance">
                {money(it.currentCents)}
              </dd>
            </div>
            <div>
              <dt className="text-sm text-slate-700">{t("account.reference")}</dt>
              <dd className="font-semibold break-all">{s.account.reference}</dd>
            </div>
            <div>
              <dt className="text-sm text-slate-700">{t("account.status")}</dt>
              <dd className="font-semibold">{t(`account.status.${s.account.status}`)}</dd>
            </div>
          </dl>
        </section>
      )}

      <section aria-labelledby="itemization-title" className="card">
        <h2 id="itemization-title" className="text-lg font-bold">
          {t("statement.itemization.title")}
        </h2>
        <table className="mt-3 w-full border-collapse text-left" data-testid="itemization">
          <caption className="sr-only">{t("statement.itemization.caption")}</caption>
          <thead className="sr-only">
            <tr>
              <th scope="col">{t("statement.itemization.item")}</th>
              <th scope="col">{t("statement.itemization.amount")}</th>
            </tr>
          </thead>
          <tbody>
            <Row
              label={t("statement.itemization.itemized", {
                date: date(s.account.itemizationDate),
                kind: t(`itemizationKind.${s.account.itemizationKind}`),
              })}
              value={money(it.itemizedCents)}
            />
            <Row
              label={t("statement.itemization.interest")}
              value={`+ ${money(it.interestCents)}`}
            />
            <Row label={t("statement.itemization.fees")} value={`+ ${money(it.feesCents)}`} />
            <Row
              label={t("statement.itemization.payments")}
              value={`− ${money(it.paymentsCents)}`}
            />
            <Row label={t("statement.itemization.credits")} value={`− ${money(it.creditsCents)}`} />
          </tbody>
          <tfoot>
            <tr className="border-t-2 border-slate-800">
              <th scope="row" className="py-2 pr-3 font-bold">
                {t("statement.itemization.current")}
              </th>
              <td className="py-2 text-right font-bold whitespace-nowrap">
                {money(it.currentCents)}
              </td>
            </tr>
          </tfoot>
        </table>
      </section>

      {s.settlement ? (
        <section aria-labelledby="settlement-title" className="card">
          <h2 id="settlement-title" className="text-lg font-bold">
            {t("statement.settlement.title")}
          </h2>
          <p className="mt-2">
            {t("statement.settlement.body", {
              creditor: s.creditor.displayName,
              amount: money(s.settlement.amountCents),
              date: date(s.settlement.expiresOn),
              savings: money(s.settlement.savingsCents),
            })}
          </p>
          {onPage && s.top.state === "open" ? (
            <p className="no-print mt-3">
              <Link
                to={`/accounts/${s.account.id}/pay-now?kind=settlement`}
                className="btn-primary"
              >
                {t("top.open.acceptOffer", {
                  amount: money(s.settlement.amountCents),
                  date: date(s.settlement.expiresOn),
                })}
              </Link>
            </p>
          ) : null}
        </section>
      ) : null}

      <section aria-labelledby="timeline-title" className="card">
        <h2 id="timeline-title" className="text-lg font-bold">
          {t("timeline.title")}
        </h2>
        <ol className="mt-3 space-y-3" data-testid="timeline">
          {s.timeline.map((item) => (
            <li key={item.kind} className="border-l-4 border-slate-400 pl-3">
              <p className="font-semibold">
                {item.date === s.today ? t("timeline.today") : date(item.date)}
              </p>
              <p>
                {t(`timeline.${item.kind}`, {
                  creditor: s.creditor.displayName,
                  amount: "amountCents" in item ? money(item.amountCents) : "",
                })}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="payments-title" className="card">
        <h2 id="payments-title" className="text-lg font-bold">
          {t("statement.payments.title")}
        </h2>
        {s.payments.length === 0 ? (
          <p className="mt-2">{t("statement.payments.none")}</p>
        ) : (
          <table className="mt-3 w-full border-collapse text-left">
            <thead>
              <tr className="border-b border-slate-400">
                <th scope="col" className="py-1 pr-3">
                  {t("statement.payments.date")}
                </th>
                <th scope="col" className="py-1 text-right">
                  {t("statement.payments.amount")}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.payments.map((p, i) => (
                <tr key={i} className="border-b border-slate-200">
                  <td className="py-1 pr-3">{date(p.date)}</td>
                  <td className="py-1 text-right whitespace-nowrap">
                    {money(p.amountCents)}
                    {p.reversal ? ` (${t("statement.payments.reversal")})` : ""}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="details-title" className="card">
        <h2 id="details-title" className="text-lg font-bold">
          {t("statement.details.title")}
        </h2>
        <dl className="mt-3 space-y-2" data-testid="details">
          <Detail term={t("statement.details.consumer")} value={s.consumerName} />
          <Detail term={t("statement.details.creditor")} value={s.creditor.legalName} />
          <Detail
            term={t("statement.details.originalCreditor")}
            value={s.account.originalCreditor ?? s.creditor.legalName}
          />
          <Detail term={t("account.reference")} value={s.account.reference} />
          <Detail
            term={t("statement.details.itemizationDate")}
            value={`${date(s.account.itemizationDate)} (${t(`itemizationKind.${s.account.itemizationKind}`)})`}
          />
          {thirdParty ? (
            <>
              <Detail term={t("statement.details.collector")} value={s.creditor.legalName} />
              <Detail
                term={t("statement.details.collectorAddress")}
                value={s.creditor.mailingAddress}
              />
            </>
          ) : null}
          {s.validationEndsOn ? (
            <Detail term={t("statement.details.validationEnds")} value={date(s.validationEndsOn)} />
          ) : null}
          <Detail
            term={t("statement.details.contact")}
            value={`${s.creditor.supportPhone} · ${s.creditor.supportEmail}`}
          />
        </dl>
      </section>

      <section aria-labelledby="rights-title" className="card">
        <h2 id="rights-title" className="text-lg font-bold">
          {t("statement.rights.title")}
        </h2>
        <div className="mt-2 space-y-2" data-testid="rights">
          {s.validationEndsOn ? (
            <>
              <p>{t("statement.rights.dispute", { date: date(s.validationEndsOn) })}</p>
              <p>{t("statement.rights.originalCreditor", { date: date(s.validationEndsOn) })}</p>
            </>
          ) : (
            <p>{t("statement.rights.firstParty")}</p>
          )}
          <p>{t("statement.rights.cfpb")}</p>
          {thirdParty ? (
            <p className="font-semibold" data-testid="disclosure">
              {t("statement.disclosure")}
            </p>
          ) : null}
        </div>
      </section>
    </div>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <tr className="border-b border-slate-200">
      <th scope="row" className="py-2 pr-3 font-normal">
        {label}
      </th>
      <td className="py-2 text-right whitespace-nowrap">{value}</td>
    </tr>
  );
}

function Detail({ term, value }: { term: string; value: string }) {
  return (
    <div className="sm:grid sm:grid-cols-[14rem_1fr] sm:gap-3">
      <dt className="text-sm text-slate-700">{term}</dt>
      <dd className="break-words">{value}</dd>
    </div>
  );
}
