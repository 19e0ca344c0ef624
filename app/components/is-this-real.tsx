import { Link } from "@remix-run/react";

export function RealContent({
  creditor,
  backTo,
  t,
}: {
  creditor: { name: string; phone: string; email: string } | null;
  backTo: string;
  t: (key: string, vars?: Record<string, string>) => string;
}) {
  return (
    <section aria-labelledby="page-title" className="card space-y-3">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("real.title")}
      </h1>
      <p>{t("real.never")}</p>
      {creditor ? (
        <>
          <p>
            {t("real.check", {
              creditor: creditor.name,
              phone: creditor.phone,
              email: creditor.email,
            })}
          </p>
          <p>{t("real.code")}</p>
        </>
      ) : (
        <p>{t("real.generic")}</p>
      )}
      <p>
        <Link to={backTo}>{t("real.back")}</Link>
      </p>
    </section>
  );
}
