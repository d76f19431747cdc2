import { createContext, useContext } from "react";

// The CSP nonce reaches <Scripts> through context, not loader data, so that
// error pages rendered without the root loader (a 404) still carry it.
const NonceContext = createContext<string>("");

export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
