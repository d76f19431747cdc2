import { createContext, useContext } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { useFallbackLocale } from "./fallback";
import { formatDate, formatList, formatNumber, makeT, type Locale } from "./index";

// The page's language reaches components through a context, not through the
// router: the root layout provides the root loader's choice, and a published
// document rendered outside Remix's router (app/components/published-document.tsx)
// provides its own, so the same components render in both.
const PageLocale = createContext<Locale | null>(null);

export const LocaleProvider = PageLocale.Provider;

/** For the root layout: the locale chosen by the root loader (user setting → cookie → browser). */
export function useRootLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const fallback = useFallbackLocale();
  return data?.locale ?? fallback;
}

/** The page's locale. */
export function useLocale(): Locale {
  const provided = useContext(PageLocale);
  const fallback = useFallbackLocale();
  return provided ?? fallback;
}

export function useT() {
  const locale = useLocale();
  return makeT(locale);
}

export function useFormat() {
  const locale = useLocale();
  return {
    date: (d: Date | string) => formatDate(locale, d),
    dateTime: (d: Date | string) => formatDate(locale, d, "datetime"),
    number: (n: number) => formatNumber(locale, n),
    list: (items: readonly string[]) => formatList(locale, items),
  };
}
