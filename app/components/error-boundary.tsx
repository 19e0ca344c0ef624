// The one error boundary every route uses: calm, specific, always a way forward.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useI18n } from "./i18n";

// When the root loader itself failed there are no messages; say it in plain English.
const FALLBACK: Record<string, string> = {
  "error.generic.title": "Something went wrong on our side",
  "error.generic.body": "It is not something you did. Please try again in a minute.",
  "error.home": "Go to the start page",
};

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t: translate } = useI18n();
  const t = (key: string) => {
    const text = translate(key);
    return text === key ? (FALLBACK[key] ?? key) : text;
  };
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const [title, body] =
    status === 404
      ? [t("error.notFound.title"), t("error.notFound.body")]
      : status === 429
        ? [t("error.tooMany.title"), t("error.tooMany.body")]
        : status === 403
          ? [t("error.forbidden.title"), t("error.forbidden.body")]
          : [t("error.generic.title"), t("error.generic.body")];
  return (
    <div className="card mx-auto max-w-xl">
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="mt-3">{body}</p>
      <p className="mt-6">
        <Link to="/">{t("error.home")}</Link>
      </p>
    </div>
  );
}
