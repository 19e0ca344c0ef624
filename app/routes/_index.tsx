import { Link } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.portal");

export default function Home() {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("home.title")}
      </h1>
      <p className="mt-3">{t("home.body")}</p>
      <p className="mt-6">
        <Link to="/code" className="btn-primary">
          {t("home.enterCode")}
        </Link>
      </p>
      <p className="mt-6">
        <Link to="/is-this-real">{t("home.isThisReal")}</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
