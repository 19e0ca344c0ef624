// Paths as the edge must see them. Express's req.path is the raw path; Remix routes the
// path that `new URL` normalises (dot segments, `%2e%2e` included) and that the router then
// percent-decodes and matches case-insensitively, ignoring trailing slashes and the `.data`
// suffix of its own data requests. Every decision the edge takes by path (body caps, rate
// limits, exemptions) uses that same routed path, so `/webhooks/%2e%2e/lang` is `/lang`.
import type { ServerBuild } from "@remix-run/node";

/** The path Remix will route this URL to (lower case), or null if it cannot be parsed. */
export function routedPath(originalUrl: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(originalUrl, "http://edge.invalid").pathname;
  } catch {
    return null;
  }
  if (pathname.endsWith(".data"))
    pathname = pathname.slice(0, -".data".length).replace(/^\/_root$/, "/");
  let decoded: string;
  try {
    decoded = pathname
      .split("/")
      .map((segment) => decodeURIComponent(segment).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    // The router gives up on malformed escapes and matches the raw path: so do we.
    decoded = pathname;
  }
  const trimmed = decoded.replace(/\/+$/, "");
  return (trimmed || "/").toLowerCase();
}

/**
 * Is this exactly one of `paths`, written the canonical way (no dot segments, escapes,
 * capitals or trailing slash)? Exemptions use this: a variant of the path gets the full
 * checks even when Remix would route it to the same place.
 */
export function isExactly(rawPath: string, paths: ReadonlySet<string>): boolean {
  return paths.has(rawPath) && routedPath(rawPath) === rawPath;
}

/** Every route's full URL pattern (`/accounts/:accountId/receipts`), from the build. */
export function routePatterns(build: Pick<ServerBuild, "routes">): string[] {
  const routes = build.routes as Record<string, { id: string; parentId?: string; path?: string }>;
  const full = (id: string): string => {
    const route = routes[id];
    if (!route) return "";
    const parent = route.parentId ? full(route.parentId) : "";
    return [parent, route.path ?? ""].filter(Boolean).join("/");
  };
  const patterns = new Set<string>();
  for (const id of Object.keys(routes)) patterns.add("/" + full(id).replace(/^\/+/, ""));
  return [...patterns];
}
