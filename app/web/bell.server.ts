import type { Db } from "../../db/client";
import type { User } from "~/domain/auth/user";
import { unreadCount } from "~/domain/notifications/inbox.server";
import { shownCount, unreadCountCap } from "~/domain/notifications/unread";
import type { Locale } from "~/i18n";
import { translate } from "~/i18n/all.server";

export interface Bell {
  /** Unread notices, up to unreadCountCap + 1. */
  unread: number;
  /** What the header shows on the bell: the count, "99+" past the cap, nothing at 0. */
  shown: string;
  /** Its accessible name, "Notifications, 3 unread", in the reader's language. */
  label: string;
}

/**
 * The header's bell for a signed-in person: one indexed count. Its words come
 * from the server, as the root loader's notice does: the header is on every
 * page, and the inbox area of messages stays in the scripts of the pages that
 * show notices (decision 0034).
 */
export async function bellFor(db: Db, user: User, locale: Locale): Promise<Bell> {
  const unread = await unreadCount(db, user);
  if (!unread) return { unread, shown: "", label: translate(locale, "inbox.bell.none") };
  const label =
    unread > unreadCountCap
      ? translate(locale, "inbox.bell.many", { count: unreadCountCap })
      : translate(locale, "inbox.bell.unread", { count: unread });
  return { unread, shown: shownCount(unread), label };
}
