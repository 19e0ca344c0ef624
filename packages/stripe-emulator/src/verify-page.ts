// The hosted micro-deposit verification page (`next_action.verify_with_microdeposits.
// hosted_verification_url` = /verify/<pi_… or seti_…>): the customer types the code from
// the deposit's description. Server-rendered, no JavaScript, like the checkout page.
//   GET  /verify/:intentId   the form (or where the verification stands)
//   POST /verify/:intentId   descriptor_code → verified (the debit starts) or the error
import type { IncomingMessage, ServerResponse } from "node:http";
import { verifyMicrodeposits } from "./bank";
import { layout, statusPage } from "./checkout-html";
import { StripeApiError } from "./errors";
import { html } from "./html";
import { readBody, sendText } from "./http";
import type { PaymentIntent, SetupIntent } from "./types";
import type { World } from "./world";

const HEADERS = {
  "Content-Security-Policy":
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "same-origin",
  "Cache-Control": "no-store",
};

function send(res: ServerResponse, status: number, body: string): void {
  sendText(res, status, "text/html; charset=utf-8", body, HEADERS);
}

function form(intent: PaymentIntent | SetupIntent, error: string | null, value: string): string {
  const describedBy = ["code-hint", error ? "code-error" : ""].filter(Boolean).join(" ");
  return layout(
    "Verify your bank account",
    html`<h1>Verify your bank account</h1>
      ${
        error
          ? html`<div class="alert" role="alert" id="error-summary">
              <h2>${error}</h2>
              <ul>
                <li><a href="#code">Check the code and try again.</a></li>
              </ul>
            </div>`
          : ""
      }
      <section class="card" aria-labelledby="verify-heading">
        <h2 id="verify-heading">Code from the deposit</h2>
        <p>
          We sent a small deposit to your bank account. Its description on your statement has a
          6-character code that starts with SM.
        </p>
        <form method="post" action="/verify/${intent.id}" novalidate>
          <label for="code"
            >Code
            <span class="hint" id="code-hint"
              >Test mode: SM11AA verifies, SM33CC is too many attempts, SM44DD is too late.</span
            ></label
          >
          <input
            id="code"
            name="descriptor_code"
            type="text"
            value="${value}"
            autocomplete="one-time-code"
            required
            aria-describedby="${describedBy}"
            ${error ? html` aria-invalid="true"` : ""}
          />
          ${error ? html`<p class="field-error" id="code-error">${error}</p>` : ""}
          <button type="submit">Verify</button>
        </form>
      </section>`,
  );
}

function settled(intent: PaymentIntent | SetupIntent): string {
  if (intent.status === "processing" || intent.status === "succeeded") {
    return statusPage(
      "Bank account verified",
      intent.object === "payment_intent"
        ? "Thank you. Your bank payment is now processing; it usually takes a few business days."
        : "Thank you. Your bank account is saved for your payments.",
      null,
    );
  }
  return statusPage(
    "This bank account could not be verified",
    "Nothing was taken from it. Go back to the site to pay another way.",
    null,
  );
}

export async function handleVerifyPage(
  world: World,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const id = /^\/verify\/((?:pi|seti)_[A-Za-z0-9]+)$/.exec(url.pathname)?.[1];
  const intent = id
    ? id.startsWith("seti_")
      ? world.store.setupIntents.get(id)
      : world.store.paymentIntents.get(id)
    : undefined;
  if (!intent) {
    send(
      res,
      404,
      statusPage("Verification not found", "This verification link is not valid.", null),
    );
    return;
  }
  const waiting =
    intent.status === "requires_action" && intent.next_action?.type === "verify_with_microdeposits";
  if (req.method === "GET") {
    send(res, 200, waiting ? form(intent, null, "") : settled(intent));
    return;
  }
  if (req.method !== "POST") {
    sendText(res, 405, "text/plain", "Method not allowed", { Allow: "GET, POST" });
    return;
  }
  const code = (new URLSearchParams(await readBody(req)).get("descriptor_code") ?? "").slice(0, 20);
  if (!waiting) {
    send(res, 200, settled(intent));
    return;
  }
  if (!code.trim()) {
    send(res, 200, form(intent, "Enter the code from the deposit's description.", code));
    return;
  }
  try {
    verifyMicrodeposits(world, intent.id, { descriptorCode: code });
    send(res, 200, settled(intent));
  } catch (error) {
    if (!(error instanceof StripeApiError)) throw error;
    // A mismatch leaves the form open; too many attempts or too late closes it.
    const stillWaiting = intent.status === "requires_action";
    send(res, 200, stillWaiting ? form(intent, error.message, code) : settled(intent));
  }
}
