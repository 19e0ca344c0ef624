// A tiny router for the /v1 API: each resource file exports a list of routes whose
// handlers are synchronous (so one request's effects never interleave with another's).
import { expand } from "./serialize";
import type { ParamReader } from "./params";
import type { World } from "./world";

export interface ApiRequest {
  world: World;
  params: ParamReader;
  /** Captured path segments, e.g. the id in /v1/customers/:id. */
  ids: string[];
  /** Path of the request, for list `url`s. */
  path: string;
}

export interface Route {
  method: "GET" | "POST" | "DELETE";
  /** Path below /v1 with `:id` placeholders, e.g. "/checkout/sessions/:id/expire". */
  path: string;
  handler: (req: ApiRequest) => unknown;
}

interface CompiledRoute extends Route {
  regex: RegExp;
}

export function compileRoutes(routes: Route[]): CompiledRoute[] {
  return routes.map((route) => ({
    ...route,
    regex: new RegExp(`^/v1${route.path.replace(/:id/g, "([^/]+)").replace(/\//g, "\\/")}$`),
  }));
}

export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  path: string,
): { route: CompiledRoute; ids: string[] } | null {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.regex.exec(path);
    if (match) return { route, ids: match.slice(1).map(decodeURIComponent) };
  }
  return null;
}

/** The usual response: the object with any `expand[]` the request asked for. */
export function respond<T>(req: ApiRequest, object: T, paths = req.params.expand()): T {
  return paths.length > 0 ? expand(req.world.store, object, paths) : object;
}
