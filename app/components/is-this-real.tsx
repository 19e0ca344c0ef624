// "Is this real?": how to check on your own that the message, this portal and the payment
// page are genuine. Payments happen on Stripe's page, never on this site.
import { Link } from "@remix-run/react";

export type RealCreditor = { name: string; phone: string; email: string };

export function RealContent({
  creditor,
  portalAddress,
  backTo,
  t,
}: {
  creditor: RealCreditor | null;
  /** The portal's own address (the app's configured URL), to compare with the address bar. */
  portalAddress: string;
  backTo: string;
  t: (key: string, vars?: Record<string, string>) => string;
}) {
  return (
    <section aria-labelledby="page-title" className="card space-y-6">
      <div className="space-y-3">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("real.title")}
        </h1>
        <p>{t("real.never")}</p>
      </div>
      <section aria-labelledby="real-address" className="space-y-2">
        <h2 id="real-address" className="text-lg font-bold">
          {t("real.address.title")}
        </h2>
        <p>{t("real.address.body")}</p>
        <p className="font-mono font-semibold break-all" data-testid="portal-address">
          {portalAddress}
        </p>
      </section>
      <section aria-labelledby="real-stripe" className="space-y-2">
        <h2 id="real-stripe" className="text-lg font-bold">
          {t("real.stripe.title")}
        </h2>
        <p>
          {creditor ? t("real.stripe.body", { creditor: creditor.name }) : t("real.stripe.generic")}
        </p>
        <p>{t("real.stripe.elsewhere")}</p>
      </section>
      {creditor ? (
        <section aria-labelledby="real-contact" className="space-y-2">
          <h2 id="real-contact" className="text-lg font-bold">
            {t("real.contact.title", { creditor: creditor.name })}
          </h2>
          <p>{t("real.check", { creditor: creditor.name })}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3" data-testid="creditor-contact">
            <dt className="font-semibold">{t("real.phone")}</dt>
            <dd>
              <a href={`tel:${creditor.phone.replace(/[^\d+]/g, "")}`}>{creditor.phone}</a>
            </dd>
            <dt className="font-semibold">{t("real.email")}</dt>
            <dd className="break-all">
              <a href={`mailto:${creditor.email}`}>{creditor.email}</a>
            </dd>
          </dl>
          <p>{t("real.code")}</p>
        </section>
      ) : (
        <p>{t("real.generic")}</p>
      )}
      <p>
        <Link to={backTo}>{t("real.back")}</Link>
      </p>
    </section>
  );
}
