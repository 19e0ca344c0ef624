// Request bodies are capped at the edge, before Remix (or anything else) reads them:
// refused at once when Content-Length says too much, and counted as they stream
// (chunked bodies, or any body) so reading stops the moment the cap is passed. Nothing is
// ever held past the cap. The caps, per route (the routed path, edge-paths.server.ts):
//
//   forms (every other route)                 64 KB, read whole here, then handed to Remix
//   /webhooks/stripe, /webhooks/twilio/sms    1 MB, read whole here (plain-text refusal)
//   /creditor/accounts/import (multipart)     64 MB file + 64 KB of multipart framing, streamed
//   /creditor/branding (multipart: the logo)  200 KB file + 64 KB of multipart framing, streamed
//
// A small body is read whole before Remix runs, so no action ever starts on a body that
// turns out too large, and a slow one is cut off after BODY_TIMEOUT_MS (408). Uploads
// stream through a counter into the route's own parser (memory stays flat); the route
// keeps its own, exact per-file check. See docs/decisions/0007-http-edge.md.
import { Transform, type Readable } from "node:stream";
import type { Socket } from "node:net";
import type {
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from "express";
import { sendRefusal, type EdgeRefusal } from "./edge-pages.server";
import { routedPath } from "./edge-paths.server";

export const KB = 1024;
export const MB = 1024 * 1024;
export const FORM_MAX_BYTES = 64 * KB;
export const WEBHOOK_MAX_BYTES = 1 * MB;
/** Part headers, boundaries and the form's other fields around an uploaded file. */
export const MULTIPART_ALLOWANCE = 64 * KB;
/** The importer's own cap (IMPORT_MAX_BYTES in app/lib/import-limits.ts). */
export const IMPORT_FILE_MAX_BYTES = 64 * MB;
/** The logo's own cap (LOGO_MAX_BYTES in app/models/creditor-logo.server.ts). */
export const LOGO_FILE_MAX_BYTES = 200 * KB;
/** A body read whole at the edge must arrive within this time. */
export const BODY_TIMEOUT_MS = 30_000;
// After a refusal the connection stays open (not read from) this long before it closes:
// closing a socket with unread data resets it, and the client could lose the 413.
const LINGER_MS = 2_000;

export type BodyRule = {
  name: "form" | "webhook" | "csv-import" | "logo";
  maxBytes: number;
  /** buffer: read whole here; stream: counted on its way to the route's parser. */
  mode: "buffer" | "stream";
  /** Refuse in plain text (webhooks), not with the HTML page. */
  plain?: boolean;
};

export const FORM_RULE: BodyRule = { name: "form", maxBytes: FORM_MAX_BYTES, mode: "buffer" };
const WEBHOOK_RULE: BodyRule = {
  name: "webhook",
  maxBytes: WEBHOOK_MAX_BYTES,
  mode: "buffer",
  plain: true,
};

/** Routes with their own cap; multipart ones only for multipart bodies (else FORM_RULE). */
export const BODY_RULES: Record<string, { rule: BodyRule; multipartOnly?: boolean }> = {
  "/webhooks/stripe": { rule: WEBHOOK_RULE },
  "/webhooks/twilio/sms": { rule: WEBHOOK_RULE },
  "/creditor/accounts/import": {
    rule: {
      name: "csv-import",
      maxBytes: IMPORT_FILE_MAX_BYTES + MULTIPART_ALLOWANCE,
      mode: "stream",
    },
    multipartOnly: true,
  },
  "/creditor/branding": {
    rule: { name: "logo", maxBytes: LOGO_FILE_MAX_BYTES + MULTIPART_ALLOWANCE, mode: "stream" },
    multipartOnly: true,
  },
};

export function bodyRuleFor(routed: string | null, contentType: string | undefined): BodyRule {
  const entry = routed === null ? undefined : BODY_RULES[routed];
  if (!entry) return FORM_RULE;
  if (entry.multipartOnly && !(contentType ?? "").toLowerCase().startsWith("multipart/form-data"))
    return FORM_RULE;
  return entry.rule;
}

/** The declared body length, or null when there is none (chunked, or no body). */
function declaredLength(req: ExpressRequest): number | null {
  const header = req.headers["content-length"];
  if (header === undefined) return null;
  const n = Number(header);
  return Number.isFinite(n) ? n : null;
}

function hasBody(req: ExpressRequest): boolean {
  return req.headers["transfer-encoding"] !== undefined || (declaredLength(req) ?? 0) > 0;
}

/** For an `Expect: 100-continue` request: refuse before the client sends the body at all. */
export function declaredTooLarge(req: {
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}): BodyRule | null {
  const rule = bodyRuleFor(
    routedPath(req.url ?? "/"),
    req.headers["content-type"] as string | undefined,
  );
  const length = Number(req.headers["content-length"]);
  return Number.isFinite(length) && length > rule.maxBytes ? rule : null;
}

export type BodyLimitOptions = { stylesheets: string[] };

/**
 * The middleware. Leaves what Remix should read in res.locals.body: a Buffer (buffer
 * mode), a Readable (stream mode), or nothing (no body).
 */
export function limitBodies(options: BodyLimitOptions): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next();
    const rule = bodyRuleFor(routedPath(req.originalUrl), req.headers["content-type"]);
    const declared = declaredLength(req);
    if (declared !== null && declared > rule.maxBytes) return refuse(req, res, rule, options);
    if (rule.mode === "stream") {
      res.locals.body = countedStream(req, res, rule, options);
      return next();
    }
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > rule.maxBytes) {
        settle();
        chunks.length = 0;
        refuse(req, res, rule, options);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      if (settled) return;
      settle();
      res.locals.body = Buffer.concat(chunks, total);
      next();
    };
    // The client went away mid-body: nobody to answer.
    const onClose = () => {
      if (!settled) settle();
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settle();
      chunks.length = 0;
      refuse(req, res, rule, options, "timeout");
    }, BODY_TIMEOUT_MS);
    timer.unref();
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("close", onClose);
  };
}

function countedStream(
  req: ExpressRequest,
  res: ExpressResponse,
  rule: BodyRule,
  options: BodyLimitOptions,
): Readable {
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      total += chunk.length;
      if (total > rule.maxBytes) {
        req.unpipe(counter);
        refuse(req, res, rule, options);
        callback(Object.assign(new Error("Request body over its cap"), { code: "BODY_TOO_LARGE" }));
        return;
      }
      callback(null, chunk);
    },
  });
  req.once("aborted", () =>
    counter.destroy(Object.assign(new Error("Request aborted"), { code: "ECONNRESET" })),
  );
  req.pipe(counter);
  return counter;
}

/** Answers 413 (or 408) now and closes the connection, reading nothing more of the body. */
export function refuse(
  req: ExpressRequest,
  res: ExpressResponse,
  rule: BodyRule,
  options: BodyLimitOptions,
  kind: EdgeRefusal = "tooLarge",
) {
  if (res.locals.refused) return;
  res.locals.refused = rule.name;
  // A Remix handler already running on a streamed body stops; its answer is dropped.
  (res.locals.abortRemix as (() => void) | undefined)?.();
  lingerThenClose(req);
  if (res.headersSent) {
    req.socket.destroy();
    return;
  }
  res.setHeader("Connection", "close");
  sendRefusal(req, res, kind, { plain: rule.plain, stylesheets: options.stylesheets });
}

/**
 * Before an answer that leaves the body unread (a 429, a 403): the connection closes after
 * it, so Node does not read (and throw away) a body of any size to reuse the connection.
 */
export function closeWithoutReading(req: ExpressRequest, res: ExpressResponse) {
  if (!hasBody(req) || res.headersSent) return;
  res.setHeader("Connection", "close");
  lingerThenClose(req);
}

/**
 * Before Remix's answer goes out: if the route answered without reading all of a streamed
 * body (an upload its own check refused), the connection closes after the answer rather
 * than wait for bytes nobody will read.
 */
export function closeIfBodyUnread(req: ExpressRequest, res: ExpressResponse) {
  const body = res.locals.body as Readable | Buffer | undefined;
  if (!body || Buffer.isBuffer(body) || body.readableEnded || res.headersSent) return;
  (body as Readable).destroy();
  req.unpipe();
  res.setHeader("Connection", "close");
  lingerThenClose(req);
}

function lingerThenClose(req: ExpressRequest) {
  const socket = req.socket as Socket & { destroySoon?: () => void };
  req.removeAllListeners("data");
  // Stop reading: what the client is still sending waits in the kernel's buffer (its
  // window closes, so it stops), instead of being read and thrown away. The answer still
  // goes out, and the client reads it while its upload is held.
  req.pause();
  socket.pause();
  // Node ends a `Connection: close` answer with destroySoon(), which closes the socket as
  // soon as the answer is written; closing with unread bytes resets the connection, and
  // the client could lose the answer before reading it. Half-close instead (our side is
  // done), and close for good after LINGER_MS, by which time the client has the answer.
  socket.destroySoon = () => {
    if (!socket.destroyed) socket.end();
  };
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
