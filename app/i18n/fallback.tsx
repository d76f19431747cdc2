import { createContext, useContext } from "react";
import { defaultLocale, type Locale } from "./define";

// The language of the request when no loader data says it (an error page
// rendered without the root loader): set from the load context on the server
// and from <html lang> in the browser, so both render the same text.
const FallbackLocale = createContext<Locale>(defaultLocale);

export const FallbackLocaleProvider = FallbackLocale.Provider;
export const useFallbackLocale = () => useContext(FallbackLocale);
