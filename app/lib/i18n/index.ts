// Language choice and message formatting, shared by server and browser. The dictionaries
// live in app/lib/i18n/catalogue.server.ts; the root loader sends the browser only the one
// language it needs.
export const LANGUAGES = ["en", "es"] as const;
export type Lang = (typeof LANGUAGES)[number];
export const LANGUAGE_NAMES: Record<Lang, string> = { en: "English", es: "Español" };
export const LANG_COOKIE = "lang";

export function isLang(value: unknown): value is Lang {
  return value === "en" || value === "es";
}

/**
 * The cookie first (the person chose it on this site), then the language the creditor
 * recorded for the debtor (on their link and once signed in), then the browser's
 * Accept-Language, then English. A recorded English is where every account starts
 * (debtors.language defaults to "en" when the creditor's file says nothing), so it can't
 * be told from "not recorded" and lets the browser decide; a recorded Spanish wins over
 * an English browser (many Spanish speakers' phones are set to English).
 */
export function pickLanguage(
  cookieValue: string | undefined | null,
  acceptLanguage: string | null,
  recorded?: string | null,
): Lang {
  if (isLang(cookieValue)) return cookieValue;
  if (isLang(recorded) && recorded !== "en") return recorded;
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(",")
      .map((part) => {
        const [tag, ...params] = part.trim().split(";");
        const q = params.find((p) => p.trim().startsWith("q="));
        return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
      })
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { lang } of ranked) if (isLang(lang)) return lang;
  }
  return "en";
}

export type Messages = Record<string, string>;

/**
 * The plan pages (choose, review, plan, authorization, hardship) are the only ones that
 * use the plans.* texts, half of the catalogue; other pages are sent without them.
 */
export function usesPlanTexts(pathname: string): boolean {
  return /^\/accounts\/[^/]+\/(?:pay|plan|hardship)(?=$|[/.])/.test(pathname);
}

/** The "Is this real?" pages are the only ones that use the real.* texts. */
export function usesRealTexts(pathname: string): boolean {
  return /^\/(?:is-this-real|l\/[^/]+\/real)\/?$/.test(pathname);
}

/** Fills `{name}` placeholders. A missing key shows itself, so tests catch it. */
export function format(
  messages: Messages,
  key: string,
  vars?: Record<string, string | number>,
): string {
  const template = messages[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in vars ? String(vars[name]) : `{${name}}`,
  );
}

export const LOCALES: Record<Lang, string> = { en: "en-US", es: "es-US" };

// Building an Intl.DateTimeFormat costs far more than formatting with one (a statement
// formats a handful of dates per render), so there is one per language.
const dateFormatters = new Map<Lang, Intl.DateTimeFormat>();

/**
 * A calendar date in the debtor's words: one format on every debtor page ("May 12, 2027",
 * "12 de mayo de 2027"), sentences and tables alike; never an ISO date or a short form.
 */
export function formatDate(isoDate: string, lang: Lang): string {
  // Calendar dates (YYYY-MM-DD) are shown as they are, with no time zone shift.
  const [y, m, d] = isoDate.slice(0, 10).split("-").map(Number);
  let formatter = dateFormatters.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeZone: "UTC" });
    dateFormatters.set(lang, formatter);
  }
  return formatter.format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * An instant as the debtor's creditor lives it: the calendar date and the time in the
 * creditor's time zone, with the zone's short name ("December 7, 2026" and "8:14 PM CST").
 * Debtors never see UTC (a payment made at 8 PM in Chicago is not "tomorrow").
 */
export function formatInstant(
  iso: string,
  lang: Lang,
  timeZone: string,
): { date: string; time: string } {
  const at = new Date(iso);
  const date = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: "long", timeZone }).format(at);
  const time = new Intl.DateTimeFormat(LOCALES[lang], {
    hour: "numeric",
    minute: "2-digit",
    timeZone,
    timeZoneName: "short",
  }).format(at);
  return { date, time };
}
