// How objects leave the emulator: `expand[]` (ids replaced by the objects they name, as
// deep as Stripe's four levels) and cursor pagination of lists (`limit`,
// `starting_after`, `ending_before`), newest first.
import { invalidRequest } from "./errors";
import { snapshot } from "./objects";
import type { ParamReader } from "./params";
import type { Store } from "./store";
import type { ListObject } from "./types";

type Json = Record<string, unknown>;

const MAX_EXPAND_DEPTH = 4;

function expandPath(store: Store, target: Json, segments: string[], full: string): void {
  const [head, ...rest] = segments;
  let value = target[head];
  if (
    value === undefined ||
    (typeof value !== "string" && (typeof value !== "object" || Array.isArray(value)))
  ) {
    throw invalidRequest(`This property cannot be expanded (${full}).`, "expand");
  }
  if (typeof value === "string") {
    const found = store.find(value);
    if (!found) return; // Stripe leaves ids of objects it cannot load as they are.
    value = snapshot(found);
    target[head] = value;
  }
  if (rest.length > 0 && value !== null) expandPath(store, value as Json, rest, full);
}

/** A copy of `object` with the requested paths expanded. */
export function expand<T>(store: Store, object: T, paths: string[]): T {
  const copy = snapshot(object) as Json;
  for (const path of paths) {
    const segments = path.split(".");
    if (segments.length > MAX_EXPAND_DEPTH) {
      throw invalidRequest(
        `You cannot expand more than ${MAX_EXPAND_DEPTH} levels of a property. Property: ${path}`,
        "expand",
      );
    }
    if (segments[0] === "data" && Array.isArray(copy.data)) {
      for (const item of copy.data as Json[]) expandPath(store, item, segments.slice(1), path);
    } else {
      expandPath(store, copy, segments, path);
    }
  }
  return copy as T;
}

export function paginate<T extends { id: string }>(
  newestFirst: T[],
  params: ParamReader,
  url: string,
): ListObject<T> {
  const limit = params.int("limit") ?? 10;
  if (limit < 1 || limit > 100) {
    throw invalidRequest("Invalid limit: must be between 1 and 100", "limit");
  }
  const startingAfter = params.str("starting_after");
  const endingBefore = params.str("ending_before");
  let page: T[];
  let hasMore: boolean;
  if (startingAfter) {
    const index = newestFirst.findIndex((o) => o.id === startingAfter);
    if (index === -1)
      throw invalidRequest(
        `No such object: '${startingAfter}'`,
        "starting_after",
        "resource_missing",
      );
    page = newestFirst.slice(index + 1, index + 1 + limit);
    hasMore = index + 1 + limit < newestFirst.length;
  } else if (endingBefore) {
    const index = newestFirst.findIndex((o) => o.id === endingBefore);
    if (index === -1)
      throw invalidRequest(
        `No such object: '${endingBefore}'`,
        "ending_before",
        "resource_missing",
      );
    const start = Math.max(0, index - limit);
    page = newestFirst.slice(start, index);
    hasMore = start > 0;
  } else {
    page = newestFirst.slice(0, limit);
    hasMore = newestFirst.length > limit;
  }
  return { object: "list", data: page, has_more: hasMore, url };
}

/** `created=…` or `created[gte]=…` style filters. */
export function createdFilter(params: ParamReader): (o: { created: number }) => boolean {
  if (!params.has("created")) return () => true;
  const exact = params.raw.created;
  if (typeof exact === "string") {
    const value = params.reqInt("created");
    return (o) => o.created === value;
  }
  const range = params.obj("created")!.allow(["gt", "gte", "lt", "lte"]);
  const gt = range.int("gt");
  const gte = range.int("gte");
  const lt = range.int("lt");
  const lte = range.int("lte");
  return (o) =>
    (gt === undefined || o.created > gt) &&
    (gte === undefined || o.created >= gte) &&
    (lt === undefined || o.created < lt) &&
    (lte === undefined || o.created <= lte);
}

export const LIST_PARAMS = [
  "limit",
  "starting_after",
  "ending_before",
  "expand",
  "created",
] as const;
