// JavaScript and CSS a page loads on first visit: the module scripts (`<script src>`,
// `<link rel="modulepreload">`, `import` in inline module scripts) and the stylesheets,
// each fetched and measured raw and gzipped (level 6, what the server's compression uses).
import zlib from "node:zlib";

export type PageWeight = {
  page: string;
  status: number;
  htmlGzip: number;
  js: { files: number; raw: number; gzip: number };
  css: { files: number; raw: number; gzip: number };
};

function attr(tag: string, name: string) {
  return new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`, "i").exec(tag)?.[1] ?? null;
}

export function assetsOf(html: string) {
  const js = new Set<string>();
  const css = new Set<string>();
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = (attr(tag, "rel") ?? "").toLowerCase().split(/\s+/);
    const href = attr(tag, "href");
    if (!href) continue;
    if (rel.includes("modulepreload")) js.add(href);
    if (rel.includes("stylesheet")) css.add(href);
  }
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    const src = attr(tag, "src");
    if (src) js.add(src);
  }
  for (const [, body] of html.matchAll(/<script\b[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/gi)) {
    for (const [, spec] of body.matchAll(
      /import\s*(?:[\w*{}\s,$]+from\s*)?\(?\s*["']([^"']+\.js)["']/g,
    ))
      js.add(spec);
  }
  return { js: [...js], css: [...css] };
}

const cache = new Map<string, { raw: number; gzip: number }>();

async function measure(base: string, href: string) {
  const url = new URL(href, base).toString();
  const hit = cache.get(url);
  if (hit) return hit;
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`asset ${href}: HTTP ${res.status}`);
  const body = Buffer.from(await res.arrayBuffer());
  const size = { raw: body.length, gzip: zlib.gzipSync(body, { level: 6 }).length };
  cache.set(url, size);
  return size;
}

export async function pageWeight(
  base: string,
  page: string,
  path: string,
  cookie?: string,
): Promise<PageWeight> {
  const res = await fetch(new URL(path, base), {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  const html = await res.text();
  const { js, css } = assetsOf(html);
  const sum = async (list: string[]) => {
    const out = { files: list.length, raw: 0, gzip: 0 };
    for (const href of list) {
      const size = await measure(base, href);
      out.raw += size.raw;
      out.gzip += size.gzip;
    }
    return out;
  };
  return {
    page,
    status: res.status,
    htmlGzip: zlib.gzipSync(Buffer.from(html), { level: 6 }).length,
    js: await sum(js),
    css: await sum(css),
  };
}
