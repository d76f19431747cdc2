import { defaultLocale, isLocale, makeTIn, type Locale, type T } from "./index";
import { pageDictionary } from "./page";

/** What a route's meta function gets in `matches`: each route's id, loader data and handle. */
type Matches = ReadonlyArray<{ id: string; data?: unknown; handle?: unknown }>;

/** The page's language in a meta function: the root loader's choice, as the page itself renders. */
export function metaLocale(matches: Matches): Locale {
  const locale = (matches.find((m) => m.id === "root")?.data as { locale?: unknown } | undefined)?.locale;
  return isLocale(locale) ? locale : defaultLocale;
}

/** A document title: what the page is, then the app's name ("… — 服务之星", "… — Service Stars"). */
export const titled = (t: T, what: string) => `${what} — ${t("app.name")}`;

/**
 * A page's <title> in the reader's language, "what — Service Stars" (服务之星
 * in Chinese); `what` is made with the page's own t and locale, usually from
 * the key of its h1. Without `what`, the app's name alone.
 */
export function pageTitle(matches: Matches, what?: (t: T, locale: Locale) => string) {
  const locale = metaLocale(matches);
  const t = makeTIn(pageDictionary(matches), locale);
  return [{ title: what ? titled(t, what(t, locale)) : t("app.name") }];
}
