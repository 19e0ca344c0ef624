// Stripe's error shape: `{ error: { type, code, decline_code, message, param, … } }` with
// the HTTP status stripe-node maps to its error classes (400/404 → InvalidRequestError,
// 402 → CardError, 401 → AuthenticationError, 429 → RateLimitError, 5xx → APIError).
import type { PaymentIntent, PaymentMethod, SetupIntent } from "./types";

export type StripeErrorType =
  "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  decline_code?: string;
  param?: string;
  doc_url?: string;
  charge?: string;
  payment_intent?: PaymentIntent;
  setup_intent?: SetupIntent;
  payment_method?: PaymentMethod;
  request_log_url?: string;
}

export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
  ) {
    super(body.message);
  }

  toJSON(): { error: StripeErrorBody } {
    return { error: this.body };
  }
}

function docUrl(code: string | undefined): string | undefined {
  return code ? `https://stripe.com/docs/error-codes/${code.replace(/_/g, "-")}` : undefined;
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    type: "invalid_request_error",
    message,
    ...(code ? { code, doc_url: docUrl(code) } : {}),
    ...(param ? { param } : {}),
  });
}

export function missingParam(param: string): StripeApiError {
  return invalidRequest(`Missing required param: ${param}.`, param, "parameter_missing");
}

/** A referenced id that does not exist: 404 on the URL path, 400 as a parameter. */
export function noSuch(kind: string, id: string, param?: string): StripeApiError {
  return new StripeApiError(param ? 400 : 404, {
    type: "invalid_request_error",
    code: "resource_missing",
    doc_url: docUrl("resource_missing"),
    message: `No such ${kind}: '${id}'`,
    param: param ?? "id",
  });
}

export function cardError(
  body: Omit<StripeErrorBody, "type" | "doc_url"> & { code: string },
): StripeApiError {
  return new StripeApiError(402, { type: "card_error", doc_url: docUrl(body.code), ...body });
}

export function rateLimited(): StripeApiError {
  return new StripeApiError(429, {
    type: "invalid_request_error",
    code: "rate_limit",
    doc_url: docUrl("rate_limit"),
    message:
      "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits. (Stripe emulator)",
  });
}

export function apiError(message: string): StripeApiError {
  return new StripeApiError(500, { type: "api_error", message });
}

export function unauthorized(message: string): StripeApiError {
  return new StripeApiError(401, { type: "invalid_request_error", message });
}
