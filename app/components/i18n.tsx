import { useRouteLoaderData } from "@remix-run/react";
import { format, type Lang, type Messages } from "~/lib/i18n";

type RootI18n = { lang: Lang; messages: Messages };

/** The current language and a translator bound to it (from the root loader). */
export function useI18n() {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const lang = data?.lang ?? "en";
  const messages = data?.messages ?? {};
  const t = (key: string, vars?: Record<string, string | number>) => format(messages, key, vars);
  return { lang, t };
}
