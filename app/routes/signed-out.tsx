import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { pageTitle } from "~/lib/i18n/titles";

export const meta = pageTitle("title.signedOut");

export async function loader({ request }: LoaderFunctionArgs) {
  const reason = new URL(request.url).searchParams.get("reason");
  return {
    reason: reason === "expired" || reason === "link" ? (reason as keyof typeof KEYS) : null,
  };
}

const KEYS = { expired: "session.ended", link: "session.linkEnded" } as const;

export default function SignedOut() {
  const { reason } = useLoaderData<typeof loader>();
  const { t } = useI18n();
  const key = reason ? KEYS[reason] : "session.signedOut";
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t(`${key}.title`)}
      </h1>
      <p className="mt-3">{t(`${key}.body`)}</p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
