import { allAreas } from "./areas";
import { dictionaryOf } from "./dictionary";
import { hasMessage, makeTIn, messageTextIn, templateIn, translateIn, type MessageKey, type T, type VarsArg } from "./index";
import type { Locale } from "./define";

/**
 * Every area's messages, for code that runs on the server only: loaders and
 * actions, the web layer, the domain (share images, the feed, import
 * reports), published documents rendered outside the router, emails. A
 * page's components translate with useT() (./react.tsx), which knows only the
 * areas their route names, so the browser never downloads the rest.
 */
export const allMessages = dictionaryOf(allAreas);

/** Translate a key; unknown placeholders are left as they are. */
export function translate<K extends MessageKey>(locale: Locale, key: K, ...[vars]: VarsArg<K>): string {
  return translateIn(allMessages, locale, key, vars);
}

export const makeT = (locale: Locale): T => makeTIn(allMessages, locale);

export const isMessageKey = (key: string): key is MessageKey => hasMessage(allMessages, key);

/** A form error or refusal (a key, a key with its variables, or ready text) as a sentence. */
export const messageText = (locale: Locale, message: string): string => messageTextIn(allMessages, locale, message);

export const messageTemplate = (locale: Locale, key: MessageKey, count?: number): string => templateIn(allMessages, locale, key, count);
