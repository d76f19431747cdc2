import { createContext, Fragment, useContext, type ReactNode } from "react";
import { useRouteLoaderData } from "@remix-run/react";
import { useFallbackLocale } from "./fallback";
import { dictionaryOf, type Dictionary } from "./dictionary";
import {
  formatDate,
  formatList,
  formatListToParts,
  formatNumber,
  hasMessage,
  makeTIn,
  messageTextIn,
  templateIn,
  type Locale,
  type MessageKey,
  type OnMissing,
} from "./index";
import { langOf } from "./lang";
import { common } from "./messages/common";

// The page's language and words reach components through a context, not
// through the router: the root layout provides the root loader's language and
// the areas the matched routes name (./page.ts), and a published document
// rendered outside Remix's router (app/published/document.tsx)
// provides its own, so the same components render in both.
const PageLocale = createContext<Locale | null>(null);
const PageMessages = createContext<Dictionary>(dictionaryOf([common]));
const Missing = createContext<OnMissing | undefined>(undefined);

export function LocaleProvider({ value, messages, children }: { value: Locale; messages: Dictionary; children?: ReactNode }) {
  return (
    <PageLocale.Provider value={value}>
      <PageMessages.Provider value={messages}>{children}</PageMessages.Provider>
    </PageLocale.Provider>
  );
}

/**
 * What the server does with a key its page's dictionary lacks (entry.server:
 * log it; refuse to render where I18N_STRICT is set, as in the tests). The
 * browser shows the key.
 */
export const MissingMessageProvider = Missing.Provider;

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

/** t() with the page's dictionary. */
export function useT() {
  const locale = useLocale();
  return makeTIn(useContext(PageMessages), locale, useContext(Missing));
}

/** Whether the page's dictionary holds a message (a key read from data: an audit entry's action, a refusal). */
export function useHasMessage() {
  const dictionary = useContext(PageMessages);
  return (key: string): key is MessageKey => hasMessage(dictionary, key);
}

/** What a form shows for an error: a key from the schema, a key with its variables (fieldMessage), or text the server wrote. */
export function useMessageText() {
  const locale = useLocale();
  const dictionary = useContext(PageMessages);
  const onMissing = useContext(Missing);
  return (message: string) => messageTextIn(dictionary, locale, message, onMissing);
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
  const dictionary = useContext(PageMessages);
  const onMissing = useContext(Missing);
  return (key: MessageKey, vars: RichVars): ReactNode => {
    const count = typeof vars.count === "number" ? vars.count : undefined;
    const parts = templateIn(dictionary, locale, key, count, onMissing).split(/\{(\w+)\}/);
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
