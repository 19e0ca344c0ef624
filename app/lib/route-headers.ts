import type { HeadersFunction } from "@remix-run/node";

/** Lets a thrown Response's headers (Retry-After on a 429) reach the rendered error page. */
export const passErrorHeaders: HeadersFunction = ({
  errorHeaders,
  actionHeaders,
  loaderHeaders,
}) => {
  const headers = new Headers(loaderHeaders);
  actionHeaders.forEach((value, key) => headers.set(key, value));
  errorHeaders?.forEach((value, key) => headers.set(key, value));
  return headers;
};
