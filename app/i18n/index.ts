import { type Locale } from "./define";
import type { allAreas } from "./areas";
import { type Dictionary, lookup } from "./dictionary";

export { locales, defaultLocale, isLocale, type Locale } from "./define";

// This module is pure and carries no messages: the browser gets a page's own
// areas through its route's handle (app/i18n/page.ts), the server all of them
// (app/i18n/all.server.ts). Only the types here span every area.
type Area = (typeof allAreas)[number];
type KeysOf<A> = A extends { en: infer E } ? keyof E : never;
type DictionaryKey = KeysOf<Area> & string;
/** `x.one` and `x.other` (Intl.PluralRules' categories) are one message, `x`, chosen by its `count`. */
type PluralKey<K> = K extends `${infer Base}.other` ? Base : never;
export type MessageKey = DictionaryKey | PluralKey<DictionaryKey>;
export type Vars = Record<string, string | number>;

/** The English text of a key (for a plural key, its `.other` form). */
type EnglishOf<K extends string> = Area extends infer A
  ? A extends { en: infer E }
    ? K extends keyof E
      ? E[K]
      : `${K}.other` extends keyof E
        ? E[`${K}.other`]
        : never
    : never
  : never;
type PlaceholdersIn<S> = S extends `${string}{${infer Name}}${infer Rest}` ? Name | PlaceholdersIn<Rest> : never;
/** The variables a message's text names: `{min}` in "Use at least {min} characters." */
export type VarsOf<K extends MessageKey> = Record<PlaceholdersIn<EnglishOf<K>>, string | number>;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** A message's text; a plural message's form for its `count` ("1 objection", "2 objections"; Chinese has one form). */
function templateOf(dictionary: Dictionary, locale: Locale, key: string, count: unknown): string | undefined {
  const own = lookup(dictionary, locale, key);
  if (own !== undefined) return own;
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const form = typeof count === "number" ? rules.select(count) : "other";
  return lookup(dictionary, locale, `${key}.${form}`) ?? lookup(dictionary, locale, `${key}.other`);
}

/** Whether a dictionary holds a message (a plural message by its base key). */
export const hasMessage = (dictionary: Dictionary, key: string): key is MessageKey => templateOf(dictionary, "en", key, undefined) !== undefined;

/** What to show for a key a dictionary does not hold: the key itself (a page's handle forgot its area; app/i18n/page.ts). */
export type OnMissing = (key: string) => string;
const showKey: OnMissing = (key) => key;

/** A message's text with its placeholders, for a translation that fills them with more than strings (app/i18n/react.tsx). */
export const templateIn = (dictionary: Dictionary, locale: Locale, key: MessageKey, count?: number, onMissing: OnMissing = showKey): string =>
  templateOf(dictionary, locale, key, count) ?? onMissing(key);

/** Translate a key with a dictionary; unknown placeholders are left as they are. */
export function translateIn<K extends MessageKey>(
  dictionary: Dictionary,
  locale: Locale,
  key: K,
  vars?: Vars,
  onMissing: OnMissing = showKey,
): string {
  const template = templateIn(dictionary, locale, key, typeof vars?.count === "number" ? vars.count : undefined, onMissing);
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(locale, v) : v;
  });
}

/** The variables a message takes: none for a message without placeholders, else exactly those its text names (a missing or misspelled one fails tsc). */
export type VarsArg<K extends MessageKey> = [MessageKey] extends [K]
  ? [vars?: Vars] // a key chosen at run time (a notice, a refusal from the domain): its variables travel with it
  : [PlaceholdersIn<EnglishOf<K>>] extends [never]
    ? [vars?: Vars]
    : [vars: VarsOf<K> & Vars];
export type T = <K extends MessageKey>(key: K, ...vars: VarsArg<K>) => string;

/**
 * A message key with its variables, as one string: what a Zod schema gives as
 * the message of a check whose text names a figure ("Use at least {min}
 * characters."). Form errors are strings that travel from the schema, through
 * Conform and the server's reply, to the page; messageText turns this one
 * back into the sentence. The variables the text names are required.
 */
export function fieldMessage<K extends MessageKey>(key: K, vars: VarsOf<K>): string {
  return `${key} ${JSON.stringify(vars)}`;
}

const isVars = (x: unknown): x is Vars =>
  typeof x === "object" && x !== null && !Array.isArray(x) && Object.values(x).every((v) => typeof v === "string" || typeof v === "number");

/** What a form shows for an error: a message key, a key with its variables (fieldMessage), or text the server already wrote. */
export function messageTextIn(dictionary: Dictionary, locale: Locale, message: string, onMissing?: OnMissing): string {
  const space = message.indexOf(" ");
  const key = space < 0 ? message : message.slice(0, space);
  if (!looksLikeKey(key)) return message;
  if (space < 0) return translateIn(dictionary, locale, key as MessageKey, undefined, onMissing);
  let vars: unknown;
  try {
    vars = JSON.parse(message.slice(space + 1));
  } catch {
    return message;
  }
  return isVars(vars) ? translateIn(dictionary, locale, key as MessageKey, vars, onMissing) : message;
}

/** "nominate.story.tooLong": dotted words, as every message key is written; a sentence never is. */
const looksLikeKey = (s: string) => /^[a-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)+$/.test(s);

/** A bilingual name (campaign, title, unit) in the reader's language; English falls back to Chinese where there is none. */
export const nameIn = (locale: string, x: { nameZh: string; nameEn: string | null }) => (locale === "en" ? (x.nameEn ?? x.nameZh) : x.nameZh);

/**
 * A metric's name in the reader's language: on English pages its template's
 * English name where it has one, else the name it was stored with (the
 * template's Chinese name, or what the nominator typed).
 */
export const metricNameIn = (locale: string, m: { name: string; nameEn?: string | null }) => (locale === "en" && m.nameEn ? m.nameEn : m.name);

/** A metric's unit in the reader's language: on English pages its template's English unit where it has one ("calls" for 通), else as stored. */
export const unitIn = (locale: string, m: { unit: string; unitEn?: string | null }) => (locale === "en" && m.unitEn ? m.unitEn : m.unit);

/** t() over a dictionary: a page's own areas (useT) or all of them (app/i18n/all.server.ts). */
export function makeTIn(dictionary: Dictionary, locale: Locale, onMissing?: OnMissing): T {
  return (key, ...vars) => translateIn(dictionary, locale, key as MessageKey, vars[0], onMissing);
}

/** Times are shown in the organisation's zone, the same on server and client. */
export const timeZone = "Asia/Shanghai";

/** Today's date in the organisation's time zone, "YYYY-MM-DD": the calendar people and notices count days by. */
export function todayInShanghai(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone }).format(now);
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}

const listFormats = new Map<Locale, Intl.ListFormat>();

function listFormat(locale: Locale): Intl.ListFormat {
  let f = listFormats.get(locale);
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, { style: "long", type: "conjunction" })));
  return f;
}

/** "Alice, Bob, and Carol" / "甲、乙和丙": names, metrics, units joined as the reader's language joins them. */
export const formatList = (locale: Locale, items: readonly string[]): string => listFormat(locale).format(items);

/** formatList in pieces: the items and the words between them, for marking each item with its language. */
export const formatListToParts = (locale: Locale, items: readonly string[]) => listFormat(locale).formatToParts(items);

/**
 * What the reader's language puts between two items of a longer list (", " /
 * "、"), as Intl.ListFormat says it: for a line that shows as many names as
 * fit and then "and N more" (the share images), where a whole list cannot be
 * formatted at once.
 */
export function listSeparator(locale: Locale): string {
  return formatListToParts(locale, ["a", "b", "c"]).find((p) => p.type === "literal")?.value ?? ", ";
}

export function formatDate(locale: Locale, d: Date | string, style: "date" | "datetime" = "date"): string {
  const date = typeof d === "string" ? new Date(d) : d;
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: "medium",
    ...(style === "datetime" ? { timeStyle: "short" } : {}),
  }).format(date);
}

/** Picks zh-CN or en from an Accept-Language header (zh-* → zh-CN). */
export function localeFromAcceptLanguage(header: string | null): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.find((p) => p.trim().startsWith("q="));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((x) => x.tag && x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("zh")) return "zh-CN";
    if (tag.startsWith("en")) return "en";
  }
  return null;
}

/** The locale a request asks for before we know who it is: `lng` cookie → Accept-Language. */
export function requestLocale(cookieHeader: string | null, acceptLanguage: string | null): Locale | null {
  const match = /(?:^|;\s*)lng=([^;]+)/.exec(cookieHeader ?? "");
  let fromCookie: string | null = null;
  try {
    fromCookie = match ? decodeURIComponent(match[1]) : null;
  } catch {
    fromCookie = null;
  }
  if (fromCookie === "zh-CN" || fromCookie === "en") return fromCookie;
  return localeFromAcceptLanguage(acceptLanguage);
}

/** The message an error page shows for an HTTP status (the page title is the key + ".title"). */
export function errorMessageKey(
  status: number,
): "error.notFound" | "error.forbidden" | "error.badRequest" | "error.tooLarge" | "error.unavailable" | "error.unexpected" {
  switch (status) {
    case 400:
      return "error.badRequest";
    case 403:
      return "error.forbidden";
    case 404:
      return "error.notFound";
    case 413:
      return "error.tooLarge";
    case 503:
      return "error.unavailable";
    default:
      return "error.unexpected";
  }
}
