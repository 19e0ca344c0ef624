// A throwaway webhook endpoint for tests: records each delivery's raw body and
// Stripe-Signature header (verify them with stripe.webhooks.constructEvent) and answers
// with a status the test chooses, e.g. 500 to exercise the emulator's retries.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./http";

export interface ReceivedWebhook {
  body: string;
  signature: string;
  /** The status this delivery was answered with. */
  status: number;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  /** Every delivery, in arrival order (failed answers included). */
  received: ReceivedWebhook[];
  /** Decides the answer to each delivery (default 200). */
  respondWith(answer: number | ((delivery: { body: string; index: number }) => number)): void;
  stop(): Promise<void>;
}

export async function startWebhookReceiver(
  opts: { host?: string; path?: string } = {},
): Promise<WebhookReceiver> {
  const host = opts.host ?? "127.0.0.1";
  const path = opts.path ?? "/webhooks/stripe";
  const received: ReceivedWebhook[] = [];
  let answer: number | ((delivery: { body: string; index: number }) => number) = 200;

  const server = http.createServer((req, res) => {
    if (req.method !== "POST" || req.url !== path) {
      res.writeHead(404).end();
      return;
    }
    readBody(req).then(
      (body) => {
        const status =
          typeof answer === "number" ? answer : answer({ body, index: received.length });
        const signature = req.headers["stripe-signature"];
        received.push({
          body,
          signature: Array.isArray(signature) ? signature[0] : (signature ?? ""),
          status,
          at: Date.now(),
        });
        res.writeHead(status, { "Content-Type": "text/plain" }).end(status < 300 ? "ok" : "failed");
      },
      () => res.writeHead(400).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}${path}`,
    received,
    respondWith(next) {
      answer = next;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
