// HTTP side of the stand-in hosted checkout page at `session.url`:
//   GET  /checkout/:id               the page (amount, card and bank forms, test numbers)
//   POST /checkout/:id               submit a card or bank account → 303 to success_url
//   GET  /checkout/:id/authenticate  simulated 3-D Secure challenge
//   POST /checkout/:id/authenticate  the tester's answer
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  answerChallenge,
  expireOverdueSessions,
  knownEmail,
  sessionInternals,
  submitCheckoutForm,
  successRedirect,
  type CheckoutForm,
  type SubmitOutcome,
} from "./checkout";
import { CHECKOUT_CSS, FAVICON_SVG } from "./checkout-assets";
import {
  challengePage,
  checkoutPage,
  statusPage,
  type FormValues,
  type PageMessage,
} from "./checkout-html";
import { StripeApiError } from "./errors";
import { readBody, redirect, sendText } from "./http";
import type { CheckoutSession } from "./types";
import type { World } from "./world";

/** Input ids of each form, keyed by the field names validation reports. */
const FIELD_IDS = {
  card: {
    email: "card-email",
    number: "card-number",
    expiry: "card-expiry",
    cvc: "card-cvc",
    name: "card-name",
  },
  us_bank_account: {
    email: "bank-email",
    name: "bank-name",
    routing: "bank-routing",
    account: "bank-account",
  },
} as const;

function pageHeaders(session: CheckoutSession | undefined): Record<string, string> {
  // Browsers apply form-action to the redirect after a POST, so success_url's origin is listed.
  const formAction = ["'self'"];
  if (session?.success_url) {
    try {
      formAction.push(new URL(session.success_url.split("{CHECKOUT_SESSION_ID}").join("x")).origin);
    } catch {
      // Validated at creation; nothing to add.
    }
  }
  return {
    "Content-Security-Policy": `default-src 'none'; style-src 'self'; img-src 'self'; form-action ${formAction.join(" ")}; base-uri 'none'; frame-ancestors 'none'`,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
  };
}

/**
 * Re-rendered forms (declines, invalid input) and closed sessions answer 200, like Stripe's
 * own page: a 4xx document shows up as a console error in the app's browser tests.
 */
function sendPage(
  res: ServerResponse,
  status: number,
  body: string,
  session?: CheckoutSession,
): void {
  sendText(res, status, "text/html; charset=utf-8", body, pageHeaders(session));
}

function renderCheckout(
  world: World,
  res: ServerResponse,
  session: CheckoutSession,
  status = 200,
  error?: { form: string; message: PageMessage; values: FormValues },
): void {
  const internal = sessionInternals(world, session);
  const body = checkoutPage({
    session,
    lineItems: internal.lineItems,
    displayName: world.config.displayName,
    knownEmail: knownEmail(world, session),
    savesForLater: internal.paymentIntentData.setupFutureUsage !== null,
    message: error?.message ?? null,
    form: error?.form ?? null,
    values: error?.values ?? {},
  });
  sendPage(res, status, body, session);
}

/** Pages for sessions that can no longer be paid. */
function renderClosed(world: World, res: ServerResponse, session: CheckoutSession): void {
  if (session.status === "complete") {
    sendPage(
      res,
      200,
      statusPage(
        session.mode === "setup" ? "Payment method saved" : "Payment received",
        "This checkout is complete. You can close this page.",
        session.success_url
          ? { href: successRedirect(world, session), label: "Return to the site" }
          : null,
      ),
      session,
    );
    return;
  }
  sendPage(
    res,
    200,
    statusPage(
      "This checkout has expired",
      "Nothing was charged. Go back and start again.",
      session.cancel_url ? { href: session.cancel_url, label: "Go back" } : null,
    ),
    session,
  );
}

function readForm(body: string): CheckoutForm {
  const form = new URLSearchParams(body);
  const get = (name: string) => (form.get(name) ?? "").slice(0, 200);
  const type = get("payment_method_type");
  if (type && type !== "card" && type !== "us_bank_account") {
    return { type: "other", method: type, email: get("email") };
  }
  if (type === "us_bank_account") {
    return {
      type: "us_bank_account",
      email: get("email"),
      name: get("account_holder_name"),
      routing: get("routing_number"),
      account: get("account_number"),
      accountType: get("account_type"),
      verification: get("verification"),
    };
  }
  return {
    type: "card",
    email: get("email"),
    number: get("card_number"),
    expiry: get("card_expiry"),
    cvc: get("card_cvc"),
    name: get("card_name"),
  };
}

function formValues(body: string): FormValues {
  const values: FormValues = {};
  for (const [k, v] of new URLSearchParams(body)) values[k] = v.slice(0, 200);
  return values;
}

function answer(
  world: World,
  res: ServerResponse,
  session: CheckoutSession,
  outcome: SubmitOutcome,
  form: string,
  values: FormValues,
): void {
  switch (outcome.kind) {
    case "completed":
      redirect(res, outcome.redirectUrl);
      return;
    case "requires_action":
      // Post/redirect/get, so reloading the challenge does not submit the card again.
      redirect(res, `/checkout/${session.id}/authenticate`);
      return;
    case "declined":
      renderCheckout(world, res, session, 200, {
        form,
        message: { title: outcome.message },
        values,
      });
      return;
    case "invalid": {
      if (session.status !== "open") return renderClosed(world, res, session);
      const ids: Record<string, string> =
        form === "card" || form === "us_bank_account"
          ? FIELD_IDS[form]
          : { email: `${form}-email` };
      const fields = Object.fromEntries(
        Object.entries(outcome.fieldErrors).map(([name, text]) => [ids[name] ?? name, text]),
      );
      renderCheckout(world, res, session, 200, {
        form,
        message: { title: outcome.message, fields },
        values,
      });
    }
  }
}

export async function handleCheckoutPage(
  world: World,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? "GET";
  if (method === "GET" && url.pathname === "/checkout/assets/checkout.css") {
    sendText(res, 200, "text/css; charset=utf-8", CHECKOUT_CSS, {
      "Cache-Control": "public, max-age=3600",
    });
    return;
  }
  if (method === "GET" && url.pathname === "/checkout/assets/favicon.svg") {
    sendText(res, 200, "image/svg+xml", FAVICON_SVG, { "Cache-Control": "public, max-age=3600" });
    return;
  }

  const match = /^\/checkout\/(cs_[A-Za-z0-9_]+)(\/authenticate)?$/.exec(url.pathname);
  expireOverdueSessions(world);
  const session = match ? world.store.sessions.get(match[1]) : undefined;
  if (!match || !session) {
    sendPage(res, 404, statusPage("Checkout not found", "This checkout link is not valid.", null));
    return;
  }
  const authenticate = Boolean(match[2]);

  try {
    if (method === "GET") {
      if (session.status !== "open") return renderClosed(world, res, session);
      const challenge = sessionInternals(world, session).challenge;
      if (authenticate) {
        if (!challenge) return redirect(res, `/checkout/${session.id}`);
        const pm = world.store.paymentMethods.get(challenge.paymentMethodId);
        return sendPage(
          res,
          200,
          challengePage(session, challenge.token, world.config.displayName, pm?.type ?? "card"),
          session,
        );
      }
      return renderCheckout(world, res, session);
    }
    if (method !== "POST") {
      sendText(res, 405, "text/plain", "Method not allowed", { Allow: "GET, POST" });
      return;
    }
    const body = await readBody(req);
    if (authenticate) {
      const form = new URLSearchParams(body);
      const result = form.get("result") === "fail" ? "fail" : "complete";
      const challenged = sessionInternals(world, session).challenge;
      const type = challenged
        ? (world.store.paymentMethods.get(challenged.paymentMethodId)?.type ?? "card")
        : "card";
      const outcome = answerChallenge(world, session, form.get("token") ?? "", result);
      return answer(world, res, session, outcome, type, {});
    }
    const form = readForm(body);
    const values = formValues(body);
    const type = form.type === "other" ? form.method : form.type;
    return answer(world, res, session, submitCheckoutForm(world, session, form), type, values);
  } catch (error) {
    // e.g. a payment method that cannot be reused: show it instead of failing.
    if (error instanceof StripeApiError) {
      return renderCheckout(world, res, session, 200, {
        form: "card",
        message: { title: error.message },
        values: {},
      });
    }
    throw error;
  }
}
