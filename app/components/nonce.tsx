import { createContext, useContext } from "react";

// The CSP nonce reaches components through context: set on the server per request,
// empty in the browser (scripts are already loaded by then).
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
