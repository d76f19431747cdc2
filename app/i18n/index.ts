import { type Locale } from "./define";
import { common } from "./messages/common";
import { auth } from "./messages/auth";
import { people } from "./messages/people";
import { admin } from "./messages/admin";
import { importMessages } from "./messages/import";
import { media } from "./messages/media";
import { campaigns } from "./messages/campaigns";
import { evidence } from "./messages/evidence";
import { nominations } from "./messages/nominations";
import { nominate } from "./messages/nominate";
import { review } from "./messages/review";
import { voting } from "./messages/voting";
import { results } from "./messages/results";
import { receipts } from "./messages/receipts";
import { publishing } from "./messages/publishing";
import { honorRoll } from "./messages/honor-roll";
import { sharing } from "./messages/sharing";
import { profile } from "./messages/profile";
import { publish } from "./messages/publish";

export { locales, defaultLocale, isLocale, type Locale } from "./define";

// Each area owns one file under messages/; add a new area here.
const areas = [common, auth, people, admin, importMessages, media, campaigns, evidence, nominations, nominate, review, voting, results, receipts, publishing, honorRoll, sharing, profile, publish] as const;

type Area = (typeof areas)[number];
type KeysOf<A> = A extends { en: infer E } ? keyof E : never;
export type MessageKey = KeysOf<Area> & string;
export type Vars = Record<string, string | number>;

const dictionaries: Record<Locale, Record<string, string>> = {
  "zh-CN": Object.assign({}, ...areas.map((a) => a["zh-CN"])),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};

export function isMessageKey(key: string): key is MessageKey {
  return key in dictionaries.en;
}

/** Translate a key; unknown placeholders are left as they are. */
export function translate(locale: Locale, key: MessageKey, vars?: Vars): string {
  const template = dictionaries[locale][key] ?? dictionaries.en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) return whole;
    return typeof v === "number" ? formatNumber(locale, v) : v;
  });
}

export type T = (key: MessageKey, vars?: Vars) => string;

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

export function makeT(locale: Locale): T {
  return (key, vars) => translate(locale, key, vars);
}

/** Times are shown in the organisation's zone, the same on server and client. */
export const timeZone = "Asia/Shanghai";

const numberFormats = new Map<Locale, Intl.NumberFormat>();

export function formatNumber(locale: Locale, n: number): string {
  let f = numberFormats.get(locale);
  if (!f) numberFormats.set(locale, (f = new Intl.NumberFormat(locale)));
  return f.format(n);
}

const listFormats = new Map<Locale, Intl.ListFormat>();

/** Names as one phrase in the reader's language: "Alice, Bob and Carol" / "甲、乙和丙". */
export function formatList(locale: Locale, items: readonly string[]): string {
  let f = listFormats.get(locale);
  if (!f) listFormats.set(locale, (f = new Intl.ListFormat(locale, { style: "long", type: "conjunction" })));
  return f.format(items);
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
export function errorMessageKey(status: number): "error.notFound" | "error.forbidden" | "error.badRequest" | "error.tooLarge" | "error.unavailable" | "error.unexpected" {
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
