import { createContext, Fragment, useContext, type ReactNode } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { useFallbackLocale } from "./fallback";
import { formatDate, formatList, formatListToParts, formatNumber, makeT, messageTemplate, type Locale, type MessageKey } from "./index";
import { langOf } from "./lang";

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

/**
 * Text that is not the page's own words — a name, a unit, a job title, what
 * someone typed — marked with its language when it is Chinese (langOf), so an
 * English page does not read it with English rules (WCAG 3.1.2).
 */
export function Lang({ children }: { children: string | null | undefined }) {
  const lang = langOf(children);
  return lang ? <span lang={lang}>{children}</span> : <>{children}</>;
}

/** A list of names (or other text that may be Chinese) joined in the page's language, each item marked with its own. */
export function ListOf({ items }: { items: readonly string[] }) {
  const locale = useLocale();
  return (
    <>
      {formatListToParts(locale, items).map((part, i) =>
        part.type === "element" ? <Lang key={i}>{part.value}</Lang> : <Fragment key={i}>{part.value}</Fragment>,
      )}
    </>
  );
}

export type RichVars = Record<string, ReactNode>;

/**
 * t() for a sentence that names people, units or what someone typed
 * ("Nominated by 梁晓岚"): each string variable is marked with its language
 * (<Lang>), numbers are formatted, elements go in as they are. For element
 * content only; attributes take t().
 */
export function useRichT() {
  const locale = useLocale();
  return (key: MessageKey, vars: RichVars): ReactNode => {
    const count = typeof vars.count === "number" ? vars.count : undefined;
    const parts = messageTemplate(locale, key, count).split(/\{(\w+)\}/);
    return parts.map((part, i) => {
      if (i % 2 === 0) return part ? <Fragment key={i}>{part}</Fragment> : null;
      const v = vars[part];
      if (v === undefined) return <Fragment key={i}>{`{${part}}`}</Fragment>;
      if (typeof v === "number") return <Fragment key={i}>{formatNumber(locale, v)}</Fragment>;
      if (typeof v === "string") return <Lang key={i}>{v}</Lang>;
      return <Fragment key={i}>{v}</Fragment>;
    });
  };
}
