import { useRouteLoaderData } from "@remix-run/react";
import { useFallbackLocale } from "./fallback";
import { formatDate, formatNumber, makeT, type Locale } from "./index";

/** The locale chosen by the root loader (user setting → cookie → browser). */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  const fallback = useFallbackLocale();
  return data?.locale ?? fallback;
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
  };
}
