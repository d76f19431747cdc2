import { RemixBrowser } from "@remix-run/react";
import { startTransition, StrictMode } from "react";
import { hydrateRoot } from "react-dom/client";
import { FallbackLocaleProvider } from "./i18n/fallback";
import { defaultLocale, isLocale } from "./i18n/define";

// The server wrote the page's language into <html lang>; render with the same.
const lang = document.documentElement.lang;

startTransition(() => {
  hydrateRoot(
    document,
    <StrictMode>
      <FallbackLocaleProvider value={isLocale(lang) ? lang : defaultLocale}>
        <RemixBrowser />
      </FallbackLocaleProvider>
    </StrictMode>,
  );
});
