// The statement's first card: the balance, where the account stands, and the actions that
// fit its state (app/lib/statement-top.ts), inside the first screen of a phone. Plain links
// (GETs): each leads to a page that asks before anything is paid or changed.
import { Link } from "@remix-run/react";
import type { Lang } from "~/lib/i18n";
import { formatDate } from "~/lib/i18n";
import { formatMoney } from "~/lib/money";
import type { TopCard } from "~/lib/statement-top";

type T = (key: string, vars?: Record<string, string | number>) => string;
type Props = {
  top: TopCard;
  accountId: string;
  balanceCents: number;
  currency: string;
  creditor: string;
  offersDispute: boolean;
  t: T;
  lang: Lang;
};

type Action = { to: string; label: string; primary?: boolean };

export function StatementTop(props: Props) {
  const { top, t, lang } = props;
  const money = (cents: number) => formatMoney(cents, props.currency, lang);
  const base = `/accounts/${props.accountId}`;
  const { body, actions } = cardFor(top, {
    t,
    money,
    date: (d) => formatDate(d, lang),
    base,
    balance: money(props.balanceCents),
    creditor: props.creditor,
  });
  if (props.offersDispute) actions.push({ to: `${base}/dispute`, label: t("top.dispute") });
  const owes = top.state !== "paid" && top.state !== "settled" && top.state !== "closed";
  // An open account's card leads with its actions (the first screen of a phone holds the
  // balance and the way to pay); the other states say where the account stands first.
  const bodyLines = (
    <div
      className={top.state === "open" ? "mt-3 space-y-1" : "mt-2 space-y-1"}
      data-testid="top-body"
    >
      {body.map((line) => (
        <p key={line} className={owes ? undefined : "text-lg font-semibold"}>
          {line}
        </p>
      ))}
    </div>
  );
  return (
    <section
      aria-labelledby="top-title"
      className="card border-2 border-slate-700"
      data-testid="top-card"
      data-state={top.state}
    >
      <h2 id="top-title" className="sr-only">
        {t("top.title")}
      </h2>
      {owes ? (
        <p className="flex flex-wrap items-baseline gap-x-3">
          <span className="text-slate-700">{t("top.balance")}</span>
          <span className="text-3xl font-bold" data-testid="balance">
            {money(props.balanceCents)}
          </span>
        </p>
      ) : (
        <p className="sr-only" data-testid="balance">
          {money(props.balanceCents)}
        </p>
      )}
      {top.state === "open" ? null : bodyLines}
      {actions.length > 0 ? (
        <ul className="mt-4 flex flex-col gap-3 sm:flex-row sm:flex-wrap" data-testid="top-actions">
          {actions.map((a) => (
            <li key={a.to}>
              <Link
                to={a.to}
                className={`${a.primary ? "btn-primary" : "btn-secondary"} w-full sm:w-auto`}
              >
                {a.label}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {top.state === "open" ? bodyLines : null}
    </section>
  );
}

type Tools = {
  t: T;
  money: (cents: number) => string;
  date: (iso: string) => string;
  base: string;
  balance: string;
  creditor: string;
};

function cardFor(
  top: TopCard,
  { t, money, date, base, balance, creditor }: Tools,
): { body: string[]; actions: Action[] } {
  switch (top.state) {
    case "open": {
      // With an offer, the offer is the one line (the buttons say the rest): the first
      // action stays on a phone's first screen.
      const body = top.settlement
        ? [
            t("top.open.offer", {
              creditor,
              amount: money(top.settlement.amountCents),
              date: date(top.settlement.expiresOn),
            }),
          ]
        : [t(top.full ? "top.open.body" : "top.open.bodyNoFull")];
      const actions: Action[] = [];
      if (top.settlement) {
        const vars = {
          amount: money(top.settlement.amountCents),
          date: date(top.settlement.expiresOn),
        };
        actions.push({
          to: `${base}/pay-now?kind=settlement`,
          label: t("top.open.acceptOffer", vars),
          primary: true,
        });
      }
      if (top.full)
        actions.push({
          to: `${base}/pay-now?kind=full`,
          label: t("top.open.payFull", { amount: balance }),
          primary: !top.settlement,
        });
      actions.push({ to: `${base}/pay`, label: t("top.open.plan") });
      return { body, actions };
    }
    case "in_plan":
      return {
        body: [
          t("top.in_plan.body"),
          top.next
            ? t("top.in_plan.next", {
                amount: money(top.next.amountCents),
                date: date(top.next.date),
              })
            : t("top.in_plan.none"),
        ],
        actions: [
          ...(top.next
            ? [
                {
                  to: `${base}/pay-now?kind=next`,
                  label: t("top.in_plan.payNow", { amount: money(top.next.amountCents) }),
                  primary: true,
                },
              ]
            : []),
          { to: `${base}/plan`, label: t("top.seePlan"), primary: !top.next },
        ],
      };
    case "plan_waiting":
      return {
        body: [t("top.plan_waiting.body")],
        actions: [{ to: `${base}/plan`, label: t("top.plan_waiting.action"), primary: true }],
      };
    case "plan_paused":
      return {
        body: [
          top.until
            ? t("top.plan_paused.body", { date: date(top.until) })
            : t("top.plan_paused.bodyOpen"),
        ],
        actions: [{ to: `${base}/plan`, label: t("top.seePlan"), primary: true }],
      };
    case "plan_broken":
      return {
        body: [t("top.plan_broken.body")],
        actions: [
          { to: `${base}/pay-now?kind=next`, label: t("top.plan_broken.catchUp"), primary: true },
          { to: `${base}/pay`, label: t("top.plan_broken.newPlan") },
          { to: `${base}/plan`, label: t("top.seePlan") },
        ],
      };
    case "on_hold":
      return {
        body: [t("top.on_hold.body", { creditor })],
        // No payment can be made or set up while the dispute holds the account.
        actions: [],
      };
    case "paid":
    case "settled":
    case "closed":
      return {
        body: [t(`top.${top.state}.body`)],
        actions:
          top.state === "closed"
            ? []
            : [{ to: `${base}/receipts`, label: t("top.receipts"), primary: true }],
      };
  }
}
