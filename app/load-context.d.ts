import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** This request's CSP nonce, for Remix's inline scripts. */
    cspNonce: string;
    /** The client address, for rate limits and audit hashes (never logged raw). */
    clientIp: string;
  }
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}
