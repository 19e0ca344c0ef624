// The pages the web server answers itself, before Remix sees the request: a body over its
// cap (413), a body that did not arrive in time (408), too many requests (429). Calm, in
// the visitor's language (the `lang` cookie, then Accept-Language), with the app's own
// stylesheet; webhooks get one line of plain text instead.
import type { ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, Response as ExpressResponse } from "express";
import { LANG_COOKIE, pickLanguage, type Lang } from "../lib/i18n";
import { MESSAGES } from "../lib/i18n/catalogue.server";

export type EdgeRefusal = "tooLarge" | "timeout" | "tooMany";

const STATUS: Record<EdgeRefusal, number> = { tooLarge: 413, timeout: 408, tooMany: 429 };
const PLAIN: Record<EdgeRefusal, string> = {
  tooLarge: "Request body too large",
  timeout: "Request body not received in time",
  tooMany: "Too many requests",
};

/** The stylesheet links of the root route (fingerprinted by the build), for the pages. */
export function stylesheetsOf(build: ServerBuild): string[] {
  try {
    const links =
      (
        build.routes.root?.module as { links?: () => { rel?: string; href?: string }[] }
      ).links?.() ?? [];
    return links
      .filter((l) => l.rel === "stylesheet" && typeof l.href === "string")
      .map((l) => l.href!);
  } catch {
    return [];
  }
}

function langOf(req: ExpressRequest): Lang {
  const cookie = (req.headers.cookie ?? "")
    .split(";")
    .map((part) => part.trim().split("="))
    .find(([name]) => name === LANG_COOKIE)?.[1];
  return pickLanguage(cookie ?? null, req.get("accept-language") ?? null);
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);

export function edgePageHtml(kind: EdgeRefusal, lang: Lang, stylesheets: string[]): string {
  const t = MESSAGES[lang];
  const [title, body] =
    kind === "tooLarge"
      ? [t["edge.tooLarge.title"], t["edge.tooLarge.body"]]
      : kind === "timeout"
        ? [t["edge.timeout.title"], t["edge.timeout.body"]]
        : [t["error.tooMany.title"], t["edge.tooMany.body"]];
  const css = stylesheets
    .map((href) => `<link rel="stylesheet" href="${escapeHtml(href)}">`)
    .join("");
  return `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>${escapeHtml(title)}</title>${css}<link rel="icon" href="/favicon.svg" type="image/svg+xml"></head><body class="min-h-screen"><header class="border-b border-slate-300 bg-white"><div class="mx-auto max-w-3xl px-4 py-3"><p class="text-lg font-bold">${escapeHtml(t["site.name"])}</p></div></header><main id="main" class="mx-auto max-w-3xl px-4 py-6 sm:py-10"><div class="card mx-auto max-w-xl"><h1 class="text-2xl font-bold">${escapeHtml(title)}</h1><p class="mt-3">${escapeHtml(body)}</p><p class="mt-6"><a href="/">${escapeHtml(t["error.home"])}</a></p></div></main></body></html>`;
}

/** Sends the refusal: HTML for pages, plain text for webhooks (`plain`). */
export function sendRefusal(
  req: ExpressRequest,
  res: ExpressResponse,
  kind: EdgeRefusal,
  options: { plain?: boolean; stylesheets: string[]; retryAfterSeconds?: number },
) {
  res.status(STATUS[kind]);
  res.setHeader("Cache-Control", "no-store");
  if (options.retryAfterSeconds !== undefined)
    res.setHeader("Retry-After", String(options.retryAfterSeconds));
  if (options.plain) {
    res.type("text/plain; charset=utf-8").send(PLAIN[kind]);
    return;
  }
  const lang = langOf(req);
  res.setHeader("Content-Language", lang);
  res.type("text/html; charset=utf-8").send(edgePageHtml(kind, lang, options.stylesheets));
}
