// Markup of the stand-in hosted checkout page: plain server-rendered forms (no
// JavaScript), labelled inputs, an error summary, and the test numbers a tester needs.
import { formatAmount, html, type SafeHtml } from "./html";
import { TEST_BANK_ACCOUNTS, TEST_BANK_ROUTING, TEST_CARDS, methodLabel } from "./test-instruments";
import type { CheckoutSession, LineItem } from "./types";

export interface PageMessage {
  /** Short heading, e.g. "Your card was declined." */
  title: string;
  /** Field errors, keyed "card-number", "bank-account" … (the input ids). */
  fields?: Record<string, string>;
}

export interface FormValues {
  [field: string]: string;
}

export interface CheckoutView {
  session: CheckoutSession;
  lineItems: LineItem[];
  displayName: string;
  knownEmail: string | null;
  savesForLater: boolean;
  message: PageMessage | null;
  /** Which form the message belongs to (a payment method type), so only it shows field errors. */
  form: string | null;
  values: FormValues;
}

export function layout(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · Test mode</title>
        <link rel="icon" href="/checkout/assets/favicon.svg" type="image/svg+xml" />
        <link rel="stylesheet" href="/checkout/assets/checkout.css" />
      </head>
      <body>
        <header class="banner">
          <p><strong>Test mode: no real money.</strong> This page stands in for Stripe Checkout.</p>
        </header>
        <main id="main">${body}</main>
      </body>
    </html> `.value;
}

function field(
  view: CheckoutView,
  form: string,
  opts: {
    id: string;
    name: string;
    label: string;
    hint?: string;
    type?: string;
    autocomplete?: string;
    inputmode?: string;
    value?: string;
    list?: string;
    required?: boolean;
  },
): SafeHtml {
  const error = view.form === form ? view.message?.fields?.[opts.id] : undefined;
  const value =
    view.form === form && opts.name in view.values ? view.values[opts.name] : (opts.value ?? "");
  const describedBy = [opts.hint ? `${opts.id}-hint` : "", error ? `${opts.id}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return html`<div>
    <label for="${opts.id}"
      >${opts.label}${opts.hint ? html` <span class="hint" id="${opts.id}-hint">${opts.hint}</span>` : ""}</label
    >
    <input
      id="${opts.id}"
      name="${opts.name}"
      type="${opts.type ?? "text"}"
      value="${value}"
      ${
        opts.autocomplete ? html` autocomplete="${opts.autocomplete}"` : ""
      }${opts.inputmode ? html` inputmode="${opts.inputmode}"` : ""}${opts.list ? html` list="${opts.list}"` : ""}${
        opts.required === false ? "" : html` required`
      }${describedBy ? html` aria-describedby="${describedBy}"` : ""}${error ? html` aria-invalid="true"` : ""}
    />
    ${error ? html`<p class="field-error" id="${opts.id}-error">${error}</p>` : ""}
  </div>`;
}

function emailField(view: CheckoutView, form: string, prefix: string): SafeHtml {
  if (view.knownEmail) return html`<p class="muted">Email: ${view.knownEmail}</p>`;
  return field(view, form, {
    id: `${prefix}-email`,
    name: "email",
    label: "Email",
    type: "email",
    autocomplete: "email",
  });
}

function errorSummary(view: CheckoutView): SafeHtml | string {
  const message = view.message;
  if (!message) return "";
  const fields = Object.entries(message.fields ?? {});
  return html`<div class="alert" role="alert" id="error-summary">
    <h2>${message.title}</h2>
    ${
      fields.length > 0
        ? html`<ul>
            ${fields.map(([id, text]) => html`<li><a href="#${id}">${text}</a></li>`)}
          </ul>`
        : ""
    }
  </div>`;
}

function actionLabel(view: CheckoutView, amount: string | null): string {
  if (view.session.mode === "setup") return "Save";
  return `Pay ${amount}`;
}

export function checkoutPage(view: CheckoutView): string {
  const { session } = view;
  const amount =
    session.mode === "payment" && session.amount_total !== null && session.currency
      ? formatAmount(session.amount_total, session.currency)
      : null;
  const allowsCard = session.payment_method_types.includes("card");
  const allowsBank = session.payment_method_types.includes("us_bank_account");
  const title = amount
    ? `Pay ${amount} to ${view.displayName}`
    : `Save a payment method for ${view.displayName}`;

  const summary =
    session.mode === "payment"
      ? html`<section class="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Amount due</h2>
          <p class="amount">${amount}</p>
          <ul class="items">
            ${view.lineItems.map(
              (item) =>
                html`<li>
                  ${item.description}${item.quantity > 1 ? ` × ${item.quantity}` : ""}:
                  ${formatAmount(item.amount_total, item.currency)}
                </li>`,
            )}
          </ul>
          ${view.savesForLater ? html`<p class="muted">Your payment details will be saved for the later payments of your plan.</p>` : ""}
        </section>`
      : html`<section class="card" aria-labelledby="summary-heading">
          <h2 id="summary-heading">Save a payment method</h2>
          <p>
            You will not be charged now. The payment method will be used for the later payments of
            your plan.
          </p>
        </section>`;

  const cardForm = allowsCard
    ? html`<section class="card" aria-labelledby="card-heading">
        <h2 id="card-heading">Card</h2>
        <form method="post" action="/checkout/${session.id}" novalidate>
          <input type="hidden" name="payment_method_type" value="card" />
          ${emailField(view, "card", "card")}
          ${field(view, "card", { id: "card-number", name: "card_number", label: "Card number", hint: "Test mode: use a number from the table below, e.g. 4242 4242 4242 4242.", autocomplete: "cc-number", inputmode: "numeric", list: "test-card-numbers" })}
          <div class="row">
            ${field(view, "card", { id: "card-expiry", name: "card_expiry", label: "Expiry (MM / YY)", autocomplete: "cc-exp", value: "12 / 34" })}
            ${field(view, "card", { id: "card-cvc", name: "card_cvc", label: "Security code", autocomplete: "cc-csc", inputmode: "numeric", value: "123" })}
          </div>
          ${field(view, "card", { id: "card-name", name: "card_name", label: "Name on card", autocomplete: "cc-name", required: false })}
          <button type="submit">${actionLabel(view, amount)} by card</button>
        </form>
        <datalist id="test-card-numbers">
          ${TEST_CARDS.map((c) => html`<option value="${c.number}">${c.label}</option>`)}
        </datalist>
      </section>`
    : "";

  const bankForm = allowsBank
    ? html`<section class="card" aria-labelledby="bank-heading">
        <h2 id="bank-heading">US bank account (ACH)</h2>
        <form method="post" action="/checkout/${session.id}" novalidate>
          <input type="hidden" name="payment_method_type" value="us_bank_account" />
          ${emailField(view, "us_bank_account", "bank")}
          ${field(view, "us_bank_account", { id: "bank-name", name: "account_holder_name", label: "Account holder name", autocomplete: "name" })}
          ${field(view, "us_bank_account", { id: "bank-routing", name: "routing_number", label: "Routing number", hint: `Test mode: ${TEST_BANK_ROUTING}.`, inputmode: "numeric", value: TEST_BANK_ROUTING })}
          ${field(view, "us_bank_account", { id: "bank-account", name: "account_number", label: "Account number", hint: "Test mode: use a number from the table below, e.g. 000123456789.", inputmode: "numeric" })}
          <label for="bank-type">Account type</label>
          <select id="bank-type" name="account_type">
            <option value="checking">Checking</option>
            <option value="savings">Savings</option>
          </select>
          <fieldset>
            <legend>How should we check this account?</legend>
            <div class="choice">
              <input
                type="radio"
                id="bank-verify-instant"
                name="verification"
                value="instant"
                ${
                  view.form === "us_bank_account" && view.values.verification === "microdeposits"
                    ? ""
                    : html` checked`
                }
              />
              <label for="bank-verify-instant">Right away (sign in to the test bank)</label>
            </div>
            <div class="choice">
              <input
                type="radio"
                id="bank-verify-microdeposits"
                name="verification"
                value="microdeposits"
                ${
                  view.form === "us_bank_account" && view.values.verification === "microdeposits"
                    ? html` checked`
                    : ""
                }
              />
              <label for="bank-verify-microdeposits"
                >With two small deposits to the account (takes 1 to 2 business days)</label
              >
            </div>
          </fieldset>
          <button type="submit">${actionLabel(view, amount)} by bank account</button>
        </form>
      </section>`
    : "";

  // Every other type the session offers (the Dashboard's pay-later and wallet methods when
  // the session named none): Stripe's page shows them too; here each leads to a simulated
  // approval page, as in Stripe's test mode.
  const others = session.payment_method_types.filter(
    (t) => t !== "card" && t !== "us_bank_account",
  );
  const otherForms =
    others.length > 0
      ? html`<section class="card" aria-labelledby="other-heading">
          <h2 id="other-heading">Other ways to pay</h2>
          <p class="muted">
            Test mode: you approve or decline on a simulated page of the payment method.
          </p>
          ${others.map(
            (type) =>
              html`<form method="post" action="/checkout/${session.id}" novalidate>
                <input type="hidden" name="payment_method_type" value="${type}" />
                ${emailField(view, type, `other-${type}`)}
                <button type="submit">Continue with ${methodLabel(type)}</button>
              </form>`,
          )}
        </section>`
      : "";

  const cancel = session.cancel_url
    ? html`<p class="cancel"><a href="${session.cancel_url}">Cancel and go back</a></p>`
    : "";

  return layout(
    title,
    html`<h1>${view.displayName}</h1>
      ${errorSummary(view)} ${summary} ${cardForm} ${bankForm} ${otherForms} ${cancel}
      ${testTables(allowsCard, allowsBank)}`,
  );
}

function testTables(cards: boolean, banks: boolean): SafeHtml {
  return html`${
    cards
      ? html`<section class="card" aria-labelledby="test-cards-heading">
          <h2 id="test-cards-heading">Test card numbers</h2>
          <p class="muted">Any future expiry date and any security code work.</p>
          <table>
            <caption>
              Card number and what happens
            </caption>
            <thead>
              <tr>
                <th scope="col">Card number</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              ${TEST_CARDS.map(
                (c) =>
                  html`<tr>
                    <td><code>${groupDigits(c.number)}</code></td>
                    <td>${c.label}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>`
      : ""
  }${
    banks
      ? html`<section class="card" aria-labelledby="test-banks-heading">
          <h2 id="test-banks-heading">Test bank accounts</h2>
          <p class="muted">
            Routing number ${TEST_BANK_ROUTING}. Bank payments stay "processing" until they settle
            (4 business days on the emulator's clock). Checked with small deposits, an account is
            verified with the code SM11AA (SM33CC: too many attempts; SM44DD: too late).
          </p>
          <table>
            <caption>
              Account number and what happens
            </caption>
            <thead>
              <tr>
                <th scope="col">Account number</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              ${TEST_BANK_ACCOUNTS.map(
                (b) =>
                  html`<tr>
                    <td><code>${b.account}</code></td>
                    <td>${b.label}</td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </section>`
      : ""
  }`;
}

/** "4242424242424242" → "4242 4242 4242 4242" (Amex: 4-6-5), as printed on cards. */
function groupDigits(number: string): string {
  if (number.length === 15)
    return `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`;
  return number.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export function challengePage(
  session: CheckoutSession,
  token: string,
  displayName: string,
  type: string,
): string {
  if (type !== "card") {
    const label = methodLabel(type);
    return layout(
      `Approve with ${label}`,
      html`<h1>Approve with ${label}</h1>
        <section class="card" aria-labelledby="challenge-heading">
          <h2 id="challenge-heading">${label} test approval</h2>
          <p>
            Stripe would now send you to ${label} to approve this
            ${session.mode === "setup" ? "payment method" : "payment"} for ${displayName}. In test
            mode you choose the answer.
          </p>
          <form method="post" action="/checkout/${session.id}/authenticate">
            <input type="hidden" name="token" value="${token}" />
            <button type="submit" name="result" value="complete">Approve</button>
            <button type="submit" name="result" value="fail" class="secondary">Decline</button>
          </form>
        </section>`,
    );
  }
  return layout(
    "Confirm with your bank",
    html`<h1>Confirm with your bank</h1>
      <section class="card" aria-labelledby="challenge-heading">
        <h2 id="challenge-heading">3-D Secure test authentication</h2>
        <p>
          Your bank asks you to confirm this ${session.mode === "setup" ? "card" : "payment"} for
          ${displayName}. In test mode you choose what the bank answers.
        </p>
        <form method="post" action="/checkout/${session.id}/authenticate">
          <input type="hidden" name="token" value="${token}" />
          <button type="submit" name="result" value="complete">Complete authentication</button>
          <button type="submit" name="result" value="fail" class="secondary">
            Fail authentication
          </button>
        </form>
      </section>`,
  );
}

export function statusPage(
  title: string,
  text: string,
  link: { href: string; label: string } | null,
): string {
  return layout(
    title,
    html`<h1>${title}</h1>
      <section class="card">
        <p>${text}</p>
        ${link ? html`<p><a href="${link.href}">${link.label}</a></p>` : ""}
      </section>`,
  );
}
