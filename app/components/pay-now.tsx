// The one confirm page before Stripe's page (app/routes/accounts.$accountId.pay-now.tsx):
// what is paid, to whom, when, the one-time authorization and one button; for an extra
// payment, the amount first (a GET form). A payment that can't be made here is explained,
// with the ways forward. Plain forms: works without JavaScript.
import { Form, Link } from "@remix-run/react";
import { useI18n } from "~/components/i18n";
import { Field } from "~/components/forms";
import { Notice } from "~/components/plan";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { AmountError, PayNowView } from "~/models/pay-now.server";

export const PAY_NOW_NOTICES = ["cancelled", "changed", "unavailable", "processing"] as const;
export type PayNowNotice = (typeof PAY_NOW_NOTICES)[number];

type Ok = Extract<PayNowView, { ok: true }>;
type Format = ReturnType<typeof useFormat>;

function useFormat(currency: string) {
  const { t, lang } = useI18n();
  return {
    t,
    money: (cents: number) => formatMoney(cents, currency, lang),
    date: (iso: string) => formatDate(iso, lang),
  };
}

export function PayNowPage({ view, notice }: { view: PayNowView; notice: PayNowNotice | null }) {
  const f = useFormat(view.currency);
  const { t } = f;
  const base = `/accounts/${view.accountId}`;
  const title = view.ok
    ? t(view.detail.type === "catchUp" ? "payNow.title.catchUp" : `payNow.title.${view.kind}`)
    : view.reason === "amount"
      ? t("payNow.title.extra")
      : t("payNow.no.title");
  return (
    <div className="space-y-6">
      <h1 id="page-title" className="text-2xl font-bold">
        {title}
      </h1>
      {notice ? (
        <Notice tone={notice === "cancelled" ? "info" : "error"} testId="pay-now-notice">
          {t(notice === "processing" ? "payNow.no.processing" : `payNow.notice.${notice}`)}
        </Notice>
      ) : null}
      {view.kind === "extra" && (view.ok || view.reason === "amount") ? (
        <AmountForm
          base={base}
          f={f}
          remainingCents={view.remainingCents}
          amount={view.ok ? view.amountInput : view.amountInput}
          error={!view.ok && view.reason === "amount" ? view.error : null}
        />
      ) : null}
      {view.ok ? <Confirm view={view} f={f} /> : null}
      {!view.ok && view.reason !== "amount" ? (
        <p data-testid="pay-now-reason">
          {t(`payNow.no.${view.reason}`, { creditor: view.creditorName })}
        </p>
      ) : null}
      <Ways view={view} base={base} t={t} />
    </div>
  );
}

function Confirm({ view, f }: { view: Ok; f: Format }) {
  const { t, money, date } = f;
  return (
    <>
      <p>{t("payNow.intro")}</p>
      <section aria-labelledby="summary-title" className="card space-y-4">
        <h2 id="summary-title" className="text-lg font-bold">
          {t("payNow.summary")}
        </h2>
        <dl className="grid gap-3 sm:grid-cols-2" data-testid="pay-now-summary">
          <Item
            label={t("payNow.amount")}
            value={money(view.amountCents)}
            testId="pay-now-amount"
          />
          <Item label={t("payNow.to")} value={view.creditorName} />
          <Item label={t("payNow.account")} value={view.reference} />
          <Item label={t("payNow.when")} value={t("payNow.today", { date: date(view.today) })} />
          <Item label={t("payNow.method")} value={t("payNow.methodValue")} />
        </dl>
        <div>
          <h3 className="font-semibold">{t("payNow.after")}</h3>
          <After view={view} f={f} />
        </div>
      </section>
      <section aria-labelledby="auth-title" className="card space-y-4">
        <h2 id="auth-title" className="text-lg font-bold">
          {t("payNow.authTitle")}
        </h2>
        <p
          className="rounded-md border border-slate-400 bg-slate-50 p-4"
          data-testid="pay-now-authorization"
        >
          {view.authorization}
        </p>
        <Form method="post" className="space-y-2 no-print">
          <input type="hidden" name="kind" value={view.kind} />
          {view.kind === "extra" ? (
            <input type="hidden" name="amount" value={view.amountInput} />
          ) : null}
          <input type="hidden" name="expect" value={view.amountCents} />
          <button type="submit" className="btn-primary" aria-describedby="pay-now-hint">
            {t("payNow.submit", { amount: money(view.amountCents) })}
          </button>
          <p id="pay-now-hint" className="text-sm text-slate-700">
            {t("payNow.submitHint")}
          </p>
        </Form>
      </section>
    </>
  );
}

function After({ view, f }: { view: Ok; f: Format }) {
  const { t, money, date } = f;
  const d = view.detail;
  switch (d.type) {
    case "full":
      return <p>{t("payNow.after.full")}</p>;
    case "settlement":
      return (
        <p>
          {t("payNow.after.settlement", {
            creditor: view.creditorName,
            amount: money(view.amountCents),
            balance: money(view.balanceCents),
            savings: money(d.savingsCents),
          })}
        </p>
      );
    case "next":
      return <p>{t("payNow.after.next", { number: d.seq, date: date(d.dueDate) })}</p>;
    case "catchUp":
      return <p>{t("payNow.after.catchUp", { count: d.count })}</p>;
    case "payoff":
      return <p>{t("payNow.after.payoff", { count: d.count })}</p>;
    case "extra":
      return (
        <div data-testid="pay-now-effect" className="space-y-2">
          <ul className="list-disc pl-6">
            {d.changes.map((c) =>
              c.kind === "paid" ? (
                <li key={c.seq}>
                  {t("payNow.after.extraPaid", { number: c.seq, amount: money(c.amountCents) })}
                </li>
              ) : c.kind === "reduced" ? (
                <li key={c.seq}>
                  {t("payNow.after.extraReduced", {
                    number: c.seq,
                    from: money(c.fromCents),
                    to: money(c.toCents),
                  })}
                </li>
              ) : null,
            )}
          </ul>
          <p className="font-semibold">
            {d.endDate
              ? t("payNow.after.extraLeft", {
                  amount: money(d.remainingCents),
                  date: date(d.endDate),
                })
              : t("payNow.after.extraAll")}
          </p>
        </div>
      );
  }
}

function AmountForm(props: {
  base: string;
  f: Format;
  remainingCents: number;
  amount: string;
  error: AmountError | null;
}) {
  const { t, money } = props.f;
  const error = props.error
    ? t(
        props.error.key,
        Object.fromEntries(Object.entries(props.error.vars ?? {}).map(([k, v]) => [k, money(v)])),
      )
    : null;
  return (
    <Form method="get" action={`${props.base}/pay-now`} className="card space-y-4" noValidate>
      <p>{t("payNow.extra.intro")}</p>
      <input type="hidden" name="kind" value="extra" />
      <Field
        id="amount"
        label={t("payNow.extra.amount")}
        hint={t("payNow.extra.hint", { amount: money(props.remainingCents) })}
        error={error}
        inputProps={{
          name: "amount",
          type: "text",
          inputMode: "decimal",
          autoComplete: "off",
          defaultValue: props.amount,
          className: "input max-w-60",
        }}
      />
      <button type="submit" className="btn-secondary">
        {t("payNow.extra.check")}
      </button>
    </Form>
  );
}

/** The ways forward: back where the debtor came from, and what fits when this payment doesn't. */
function Ways({ view, base, t }: { view: PayNowView; base: string; t: Format["t"] }) {
  const reason = view.ok ? null : view.reason;
  const links: { to: string; key: string }[] = [];
  if (reason === "hasPlan" || reason === "paused")
    links.push({ to: `${base}/pay-now?kind=payoff`, key: "payNow.link.payoff" });
  if (reason === "catchUpFirst")
    links.push({ to: `${base}/pay-now?kind=next`, key: "payNow.link.catchUp" });
  if (reason === "noPlan" || reason === "settlementNotOffered" || reason === "unknownKind")
    links.push({ to: `${base}/pay`, key: "payNow.link.choose" });
  if (view.ok && (view.kind === "full" || view.kind === "settlement"))
    links.push({ to: `${base}/pay`, key: "payNow.link.other" });
  if (view.hasPlan) links.push({ to: `${base}/plan`, key: "payNow.link.plan" });
  links.push({ to: base, key: "payNow.link.statement" });
  return (
    <p className="flex flex-col gap-3 sm:flex-row sm:flex-wrap">
      {links.map((l, i) => (
        <Link
          key={l.key}
          to={l.to}
          className={!view.ok && i === 0 ? "btn-primary" : "btn-secondary"}
        >
          {t(l.key)}
        </Link>
      ))}
    </p>
  );
}

function Item({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="font-semibold" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
