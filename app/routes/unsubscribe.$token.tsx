// Email unsubscribe. The GET only shows a page with a button (mail scanners follow links,
// so nothing changes on GET); the POST unsubscribes. Mail providers' RFC 8058 one-click
// POST ("List-Unsubscribe=One-Click") is answered without a page.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useI18n } from "~/components/i18n";
import { passErrorHeaders } from "~/lib/route-headers";
import { isUnsubscribeTokenValid, unsubscribeEmail } from "~/models/messages-unsubscribe.server";
import { enforce } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/forms.server";
import { pageTitle } from "~/lib/i18n/titles";

// Neutral: the title and previews say nothing about who wrote or why.
export const meta = pageTitle("title.emailPreferences", {
  name: "robots",
  content: "noindex, nofollow",
});

export async function loader({ params, context }: LoaderFunctionArgs) {
  enforce("linkOpen", context.clientIp);
  return { valid: await isUnsubscribeTokenValid(params.token ?? "") };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  enforce("linkOpen", context.clientIp);
  const form = await readForm(request);
  const oneClick = form.get("List-Unsubscribe") === "One-Click";
  const done = await unsubscribeEmail(
    params.token ?? "",
    context.clientIp,
    oneClick ? "one-click" : "page",
  );
  if (oneClick)
    return new Response(done ? "Unsubscribed" : "Unknown link", {
      status: done ? 200 : 404,
      headers: { "Content-Type": "text/plain" },
    });
  return data({ done, valid: done }, { status: done ? 200 : 404 });
}

export default function Unsubscribe() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useI18n();
  const valid = actionData?.valid ?? loaderData.valid;
  if (!valid) {
    return (
      <section className="card" aria-labelledby="page-title">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("outbox.unsubscribe.invalid.title")}
        </h1>
        <p className="mt-3">{t("outbox.unsubscribe.invalid.body")}</p>
      </section>
    );
  }
  if (actionData?.done) {
    return (
      <section className="card" aria-labelledby="page-title">
        <h1 id="page-title" className="text-2xl font-bold">
          {t("outbox.unsubscribe.done.title")}
        </h1>
        <p className="mt-3" role="status">
          {t("outbox.unsubscribe.done.body")}
        </p>
      </section>
    );
  }
  return (
    <section className="card" aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-bold">
        {t("outbox.unsubscribe.title")}
      </h1>
      <p className="mt-3">{t("outbox.unsubscribe.body")}</p>
      <Form method="post" className="mt-6">
        <button type="submit" className="btn-primary">
          {t("outbox.unsubscribe.submit")}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
