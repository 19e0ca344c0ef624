// Stripe's request encoding: application/x-www-form-urlencoded with bracket keys
// (`metadata[account_id]=1`, `line_items[0][price_data][unit_amount]=500`, `expand[]=x`),
// parsed into a tree, plus a reader that validates like Stripe does (400 with `param`).
import { invalidRequest, missingParam } from "./errors";
import type { Metadata } from "./types";

export type ParamValue = string | Params;
export interface Params {
  [key: string]: ParamValue;
}

const FORBIDDEN_KEYS = new Set(["__proto__", "prototype", "constructor"]);

function decode(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, " "));
  } catch {
    throw invalidRequest(`Invalid URL encoding in request: ${part.slice(0, 60)}`);
  }
}

/** `a[b][0]` → ["a", "b", "0"]; `a[]` → ["a", ""]. */
function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open === -1) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^[\]]*)\]/gy;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = re.exec(rest)) !== null) {
    segments.push(match[1]);
    consumed = re.lastIndex;
  }
  if (consumed !== rest.length || segments[0] === "") {
    throw invalidRequest(`Invalid parameter name: ${key}`);
  }
  return segments;
}

export function parseForm(body: string): Params {
  const root: Params = {};
  if (!body) return root;
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const segments = splitKey(key);
    let node: Params = root;
    for (let i = 0; i < segments.length; i++) {
      let segment = segments[i];
      if (segment === "") segment = String(Object.keys(node).length); // `x[]` appends
      if (FORBIDDEN_KEYS.has(segment)) throw invalidRequest(`Invalid parameter name: ${key}`);
      if (i === segments.length - 1) {
        if (typeof node[segment] === "object") {
          throw invalidRequest(`Invalid value for ${key}: it is both a hash and a string.`, key);
        }
        node[segment] = value;
      } else {
        const next = node[segment];
        if (next === undefined || next === "") {
          const child: Params = {};
          node[segment] = child;
          node = child;
        } else if (typeof next === "string") {
          throw invalidRequest(`Invalid value for ${key}: it is both a hash and a string.`, key);
        } else {
          node = next;
        }
      }
    }
  }
  return root;
}

/** Canonical text of a parameter tree (sorted keys) to compare idempotent requests. */
export function canonicalParams(params: Params): string {
  const sort = (value: ParamValue): unknown =>
    typeof value === "string"
      ? value
      : Object.fromEntries(
          Object.keys(value)
            .sort()
            .map((k) => [k, sort(value[k])]),
        );
  return JSON.stringify(sort(params));
}

const MAX_METADATA_KEYS = 50;

export interface MetadataUpdate {
  /** True when `metadata=` (empty) asks to remove every key. */
  clearAll: boolean;
  set: Metadata;
  unset: string[];
}

/** Reads one level of a parameter tree, naming params the way Stripe's errors do. */
export class ParamReader {
  constructor(
    readonly raw: Params,
    readonly path = "",
  ) {}

  name(key: string): string {
    return this.path ? `${this.path}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.raw[key] !== undefined;
  }

  /** Stripe rejects parameters it does not know; so does the emulator (catches typos). */
  allow(keys: readonly string[]): this {
    for (const key of Object.keys(this.raw)) {
      if (!keys.includes(key)) {
        throw invalidRequest(
          `Received unknown parameter: ${this.name(key)}. (The Stripe emulator does not know this ` +
            `parameter; if Stripe accepts it, add it to the emulator's route.)`,
          this.name(key),
          "parameter_unknown",
        );
      }
    }
    return this;
  }

  str(key: string): string | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string") {
      throw invalidRequest(`Invalid string: ${this.name(key)} must be a string.`, this.name(key));
    }
    return value;
  }

  reqStr(key: string): string {
    const value = this.str(key);
    if (value === undefined || value === "") throw missingParam(this.name(key));
    return value;
  }

  int(key: string): number | undefined {
    const value = this.str(key);
    if (value === undefined) return undefined;
    if (!/^-?\d{1,15}$/.test(value)) {
      throw invalidRequest(
        `Invalid integer: ${value}`,
        this.name(key),
        "parameter_invalid_integer",
      );
    }
    return Number(value);
  }

  reqInt(key: string): number {
    const value = this.int(key);
    if (value === undefined) throw missingParam(this.name(key));
    return value;
  }

  bool(key: string): boolean | undefined {
    const value = this.str(key);
    if (value === undefined) return undefined;
    if (value !== "true" && value !== "false") {
      throw invalidRequest(`Invalid boolean: ${value}`, this.name(key));
    }
    return value === "true";
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T | undefined {
    const value = this.str(key);
    if (value === undefined) return undefined;
    if (!(values as readonly string[]).includes(value)) {
      throw invalidRequest(
        `Invalid ${this.name(key)}: must be one of ${values.join(", ")}`,
        this.name(key),
      );
    }
    return value as T;
  }

  obj(key: string): ParamReader | undefined {
    const value = this.raw[key];
    if (value === undefined || value === "") return undefined;
    if (typeof value === "string") {
      throw invalidRequest(`Invalid object: ${this.name(key)} must be a hash.`, this.name(key));
    }
    return new ParamReader(value, this.name(key));
  }

  /** Arrays arrive as `x[0]=…&x[1]=…` (or `x[]=…`): a hash with integer keys. */
  list(key: string): ParamValue[] {
    const value = this.raw[key];
    if (value === undefined || value === "") return [];
    if (typeof value === "string" || !Object.keys(value).every((k) => /^\d+$/.test(k))) {
      throw invalidRequest(`Invalid array: ${this.name(key)} must be an array.`, this.name(key));
    }
    return Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => value[k]);
  }

  strList(key: string): string[] {
    return this.list(key).map((item, i) => {
      if (typeof item !== "string") {
        throw invalidRequest(`Invalid string: ${this.name(key)}[${i}]`, `${this.name(key)}[${i}]`);
      }
      return item;
    });
  }

  objList(key: string): ParamReader[] {
    return this.list(key).map((item, i) => {
      if (typeof item === "string") {
        throw invalidRequest(`Invalid object: ${this.name(key)}[${i}]`, `${this.name(key)}[${i}]`);
      }
      return new ParamReader(item, `${this.name(key)}[${i}]`);
    });
  }

  metadata(key = "metadata"): MetadataUpdate | undefined {
    const value = this.raw[key];
    if (value === undefined) return undefined;
    if (value === "") return { clearAll: true, set: {}, unset: [] };
    if (typeof value === "string") {
      throw invalidRequest(`Invalid metadata: ${this.name(key)} must be a hash.`, this.name(key));
    }
    const update: MetadataUpdate = { clearAll: false, set: {}, unset: [] };
    const keys = Object.keys(value);
    if (keys.length > MAX_METADATA_KEYS) {
      throw invalidRequest(`Invalid metadata: at most ${MAX_METADATA_KEYS} keys.`, this.name(key));
    }
    for (const k of keys) {
      const v = value[k];
      const param = `${this.name(key)}[${k}]`;
      if (typeof v !== "string") {
        throw invalidRequest(`Invalid metadata: nested objects are not allowed (${param}).`, param);
      }
      if (k.length > 40) throw invalidRequest(`Metadata keys can be at most 40 characters.`, param);
      if (v.length > 500)
        throw invalidRequest(`Metadata values can be at most 500 characters.`, param);
      if (v === "") update.unset.push(k);
      else update.set[k] = v;
    }
    return update;
  }

  /** `expand[]` on any request. */
  expand(): string[] {
    return this.strList("expand");
  }
}

export function applyMetadata(current: Metadata, update: MetadataUpdate | undefined): Metadata {
  if (!update) return current;
  const next: Metadata = update.clearAll ? {} : { ...current };
  for (const k of update.unset) delete next[k];
  Object.assign(next, update.set);
  return next;
}
