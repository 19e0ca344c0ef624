import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  Form,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { useI18n } from "./components/i18n";
import { useNonce } from "./components/nonce";
import { SessionTimeout } from "./components/session-timeout";
import { brandScopeKey, HOUSE_ACCENT } from "./lib/brand";
import { usesPlanTexts, usesRealTexts } from "./lib/i18n";
import { messagesFor } from "./lib/i18n/catalogue.server";
import stylesheet from "./tailwind.css";
import { pageBrand } from "./models/page-brand.server";
import { pageLanguage } from "./models/page-language.server";
import { getEnv } from "./utils/env.server";
import { getDebtorSession } from "./utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getDebtorSession(request);
  const debtorId = session?.debtorId ?? null;
  const { pathname } = new URL(request.url);
  // The page's creditor (one indexed query, debtor pages only); on a link page the same
  // row names the link's debtor, whose recorded language the page may speak.
  const lookup = pageBrand(pathname, debtorId);
  const [{ brand }, lang] = await Promise.all([
    lookup,
    pathname.startsWith("/l/")
      ? lookup.then((found) => pageLanguage(request, debtorId, found.linkDebtorId))
      : pageLanguage(request, debtorId),
  ]);
  return {
    lang,
    messages: messagesFor(lang, pathname),
    brand: brand && {
      name: brand.name,
      logoPath: brand.logoPath,
      // The accent's stylesheet (app/routes/brand-accent.$file.tsx): none for the house colour.
      accentHref:
        brand.accent === HOUSE_ACCENT ? null : `/brand-accent/${brand.accent.slice(1)}.css`,
    },
    demo: getEnv().demo,
    session: session ? { remainingMs: session.expiresAt.getTime() - Date.now() } : null,
  };
}

/**
 * Into or out of the plan pages or "Is this real?", the texts they need come with the root's
 * data again; so does the header, when the next page may belong to another creditor.
 */
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  defaultShouldRevalidate,
}) => {
  const [from, to] = [currentUrl.pathname, nextUrl.pathname];
  return (
    usesPlanTexts(from) !== usesPlanTexts(to) ||
    usesRealTexts(from) !== usesRealTexts(to) ||
    brandScopeKey(from) !== brandScopeKey(to) ||
    defaultShouldRevalidate
  );
};

type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData("root") as RootData | undefined;
  const nonce = useNonce();
  const { t, lang } = useI18n();
  const location = useLocation();
  const brand = data?.brand ?? null;
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <Meta />
        <Links />
        {brand?.accentHref ? <link rel="stylesheet" href={brand.accentHref} /> : null}
      </head>
      <body className="min-h-screen">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:bg-white focus:p-2"
        >
          {data ? t("site.skip") : "Skip to main content"}
        </a>
        {data?.demo ? (
          <p className="bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
            {t("site.demoBanner")}
          </p>
        ) : null}
        <header
          className={`border-b border-slate-300 bg-white ${brand ? "border-t-4 border-t-brand" : ""}`}
        >
          <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-2 px-4 py-3">
            {brand ? (
              // The creditor's face (app/models/page-brand.server.ts); its accent only
              // where it reads on white (app/lib/brand.ts, safeAccent).
              <p className="flex min-w-0 items-center gap-3 text-lg font-bold text-brand">
                {brand.logoPath ? (
                  <img
                    src={brand.logoPath}
                    alt={brand.name}
                    className="h-10 w-auto max-w-40 shrink-0 object-contain"
                  />
                ) : null}
                <span className="min-w-0 break-words" data-testid="brand-name">
                  {brand.name}
                </span>
              </p>
            ) : (
              <p className="text-lg font-bold">{data ? t("site.name") : "Payment portal"}</p>
            )}
            {data?.session ? (
              <Form method="post" action="/sign-out">
                <button type="submit" className="btn-secondary">
                  {t("site.signOut")}
                </button>
              </Form>
            ) : null}
          </div>
        </header>
        <main id="main" tabIndex={-1} className="mx-auto max-w-3xl px-4 py-6 sm:py-10">
          {children}
        </main>
        <footer className="mx-auto max-w-3xl px-4 pb-10 text-sm text-slate-700">
          {data ? (
            <>
              <Form method="post" action="/lang" className="mb-3">
                <input type="hidden" name="lang" value={lang === "en" ? "es" : "en"} />
                <input
                  type="hidden"
                  name="redirectTo"
                  value={location.pathname + location.search}
                />
                <button type="submit" className="btn-link" lang={lang === "en" ? "es" : "en"}>
                  {t("site.switchTo")}
                </button>
              </Form>
              <p>{t("site.footer.privacy")}</p>
            </>
          ) : null}
        </footer>
        {data?.session ? <SessionTimeout remainingMs={data.session.remainingMs} /> : null}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  // Tells tests (and nothing else) that the page is interactive.
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
