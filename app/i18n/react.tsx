import { useRouteLoaderData } from "@remix-run/react";
import { defaultLocale, formatDate, formatNumber, makeT, type Locale } from "./index";

/** The locale chosen by the root loader (user setting → cookie → browser). */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>("root");
  return data?.locale ?? defaultLocale;
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
