import { formatDate, formatList, type Locale, type MessageKey } from "~/i18n";
import { translate } from "~/i18n/all.server";
import { maskPersonalData } from "../privacy/mask-text";
import type { MessageParams, MessageValue, NotificationKind } from "./kinds";

// What a notification says, in one language: the same words in the portal's
// list, an email and a robot's message (each channel adds only its own frame).
// Rendered when read or sent, in the reader's language, from the kind and the
// params stored with it — and masked then (decision 0044): a comment or a team
// name stored with personal data in it leaves the portal list, the email and
// the robot's message as 138****5678 whatever the params hold.

export interface MessageText {
  kind: NotificationKind;
  locale: Locale;
  title: string;
  body: string;
  /** The page it is about: a path of the portal ("/campaigns/2026-11/vote"). */
  link: string;
}

/**
 * A stored value in the reader's language: one per language, a list of names
 * (joined as the language joins lists), or a date-time stored as an ISO
 * string under a key ending in "At" (shown under the key without it).
 */
function valueIn(locale: Locale, key: string, value: MessageValue): string {
  if (Array.isArray(value))
    return formatList(
      locale,
      value.map((v: MessageValue) => valueIn(locale, "", v)),
    );
  if (typeof value === "object" && "message" in value) return translate(locale, value.message as MessageKey, { count: value.count } as never);
  if (typeof value === "object") return (value as { "zh-CN": string; en: string })[locale];
  if (typeof value === "string" && key.endsWith("At") && !Number.isNaN(Date.parse(value))) return formatDate(locale, value, "datetime");
  return String(value);
}

export function messageText(locale: Locale, kind: NotificationKind, params: MessageParams, link: string): MessageText {
  const vars: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(params)) {
    vars[key.endsWith("At") ? key.slice(0, -2) : key] = typeof value === "number" ? value : valueIn(locale, key, value);
  }
  const say = (key: string) => translate(locale, key as MessageKey, vars as never);
  const title = say(`notify.${kind}.title`);
  const body = kind === "voting-opened" && !params.closesAt ? say("notify.voting-opened.body.noClose") : say(`notify.${kind}.body`);
  return { kind, locale, title: maskPersonalData(title), body: maskPersonalData(body), link };
}
