// Remix behind Express, as @remix-run/express does it, with two differences: the body
// Remix reads is the one the edge already capped (res.locals.body: bytes read whole, or a
// counted stream; see body-limits.server.ts), never the raw socket; and answers that
// carry or depend on a session are never stored by a browser or a proxy
// (`Cache-Control: no-store`, whatever the route set: shared phones, library PCs).
import type { Readable } from "node:stream";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type {
  Request as ExpressRequest,
  RequestHandler,
  Response as ExpressResponse,
} from "express";
import { creditorCookieName } from "../utils/creditor-session.server";
import { debtorCookieName } from "../utils/session.server";
import { closeIfBodyUnread } from "./body-limits.server";
import { routedPath } from "./edge-paths.server";

// Pages that are about a signed-in person, or that sign one in or out.
const SESSION_AREAS = /^\/(accounts|creditor|preferences|session|sign-out|signed-out|l|code)(\/|$)/;

/** Must this answer be `Cache-Control: no-store`? */
export function dependsOnSession(req: ExpressRequest, response: Response): boolean {
  if (response.headers.has("set-cookie")) return true;
  const routed = routedPath(req.originalUrl);
  if (routed === null || SESSION_AREAS.test(routed)) return true;
  const cookies = (req.headers.cookie ?? "").split(";").map((c) => c.trim().split("=")[0]);
  return cookies.includes(debtorCookieName()) || cookies.includes(creditorCookieName());
}

export function remixHandler(options: {
  build: ServerBuild;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}): RequestHandler {
  const handle = createRequestHandler(options.build, "production");
  return async (req, res, next) => {
    try {
      const request = remixRequest(req, res);
      const response = await handle(request, options.getLoadContext(req, res));
      if (res.locals.refused || res.headersSent) {
        // The edge already answered (a streamed body passed its cap): drop this answer.
        await response.body?.cancel().catch(() => {});
        return;
      }
      closeIfBodyUnread(req, res);
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (dependsOnSession(req, response)) res.setHeader("Cache-Control", "no-store");
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      if (res.locals.refused) return;
      next(error);
    }
  };
}

function remixHeaders(headers: ExpressRequest["headers"]): Headers {
  const out = new Headers();
  for (const [key, values] of Object.entries(headers)) {
    if (!values) continue;
    if (Array.isArray(values)) for (const value of values) out.append(key, value);
    else out.set(key, values);
  }
  return out;
}

function remixRequest(req: ExpressRequest, res: ExpressResponse): Request {
  // As @remix-run/express: the port from X-Forwarded-Host or Host, the host through
  // req.hostname (which follows `trust proxy`), the full original URL.
  const [, forwardedPort] = req.get("X-Forwarded-Host")?.split(":") ?? [];
  const [, hostPort] = req.get("host")?.split(":") ?? [];
  const port = [forwardedPort, hostPort]
    .map((p) => Number.parseInt(p ?? "", 10))
    .find((p) => Number.isSafeInteger(p));
  const url = new URL(
    `${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`,
  );

  let controller: AbortController | null = new AbortController();
  const abort = () => controller?.abort();
  res.locals.abortRemix = abort;
  res.on("finish", () => (controller = null));
  res.on("close", abort);

  const init: RequestInit & { duplex?: "half" } = {
    method: req.method,
    headers: remixHeaders(req.headers),
    signal: controller.signal,
  };
  if (req.method !== "GET" && req.method !== "HEAD") {
    const body = res.locals.body as Buffer | Readable | undefined;
    if (Buffer.isBuffer(body)) {
      init.body = new Uint8Array(body) as unknown as BodyInit;
    } else if (body) {
      init.body = createReadableStreamFromReadable(body);
      init.duplex = "half";
    }
  }
  return new Request(url.href, init);
}
