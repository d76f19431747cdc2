import type { Locale } from "./define";

/** One area's messages in both languages (what defineMessages makes). */
export interface Messages {
  readonly en: Readonly<Record<string, string>>;
  readonly "zh-CN": Readonly<Record<string, string>>;
}

/** The messages a t() can say: some areas, merged once per language. */
export interface Dictionary {
  readonly areas: readonly Messages[];
  readonly byLocale: Readonly<Record<Locale, Readonly<Record<string, string>>>>;
}

const cache = new Map<string, Dictionary>();
const ids = new WeakMap<Messages, number>();
let nextId = 0;
const idOf = (m: Messages) => {
  let id = ids.get(m);
  if (id === undefined) ids.set(m, (id = nextId++));
  return id;
};

/** The dictionary of these areas (in any order, repeats ignored); the same areas give the same object. */
export function dictionaryOf(areas: readonly Messages[]): Dictionary {
  const unique = [...new Set(areas)];
  const key = unique
    .map(idOf)
    .sort((a, b) => a - b)
    .join(" ");
  let dictionary = cache.get(key);
  if (!dictionary) {
    dictionary = {
      areas: unique,
      byLocale: {
        "zh-CN": Object.assign({}, ...unique.map((a) => a["zh-CN"])),
        en: Object.assign({}, ...unique.map((a) => a.en)),
      },
    };
    cache.set(key, dictionary);
  }
  return dictionary;
}

/** A message's text in a language; English where the language has none (defineMessages makes that never happen). */
export const lookup = (dictionary: Dictionary, locale: Locale, key: string): string | undefined =>
  dictionary.byLocale[locale][key] ?? dictionary.byLocale.en[key];
