import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { precompiled } from "../../../db/precompiled";
import { int } from "../../../db/values";
import type { Locale } from "~/i18n";
import type { User } from "../auth/user";
import { pageWindow } from "../paging";
import { notFound, ok, type Result } from "../result";
import { isNotificationKind, type MessageParams } from "./kinds";
import { messageText } from "./message";
import { unreadCountCap } from "./unread";

// A person's notices in the portal (issue 17, item 2): the bell's count, the
// list at /notifications, the home page's newest unread, and marking them
// read. Only the person's own notices, and only those the portal shows
// (in_portal: a row kept for its email alone is not listed). Someone else's
// notice is answered exactly as one that does not exist.

/** Notices on one page of /notifications. */
export const inboxPageSize = 20;

export interface InboxNotice {
  /** The notice's id (a bigint, as text). */
  id: string;
  title: string;
  body: string;
  createdAt: Date;
  unread: boolean;
}

export interface InboxPage {
  notices: InboxNotice[];
  page: number;
  pageCount: number;
  /** Unread notices in all (capped at unreadCountCap + 1). */
  unread: number;
}

// Every page a signed-in person opens asks this (the root loader): one
// prepared statement over the partial index notifications_unread_idx, which
// holds only unread portal notices, stopping at the cap.
const countUnread = precompiled(
  (_db, v: { personId: number }) =>
    sql<{ n: string | number }>`select count(*) as n from (
      select 1 from notifications
      where person_id = ${v.personId} and read_at is null and in_portal
      limit ${sql.lit(unreadCountCap + 1)}) unread`,
);

/** How many unread notices the person has in the portal, up to unreadCountCap + 1 (more than the cap). */
export async function unreadCount(db: Db, user: Pick<User, "id">): Promise<number> {
  const [row] = await countUnread(db, { personId: user.id });
  return int(row?.n);
}

interface NoticeRow {
  id: string | number;
  kind: string;
  params: unknown;
  link: string;
  created_at: Date;
  read_at: Date | null;
}

/** A stored notice in the reader's language; a kind this code no longer knows is left out rather than shown as a key. */
function rendered(locale: Locale, rows: NoticeRow[]): InboxNotice[] {
  return rows.flatMap((r) => {
    if (!isNotificationKind(r.kind)) return [];
    const { title, body } = messageText(locale, r.kind, r.params as MessageParams, r.link);
    return [{ id: String(r.id), title, body, createdAt: r.created_at, unread: r.read_at === null }];
  });
}

const columns = ["id", "kind", "params", "link", "created_at", "read_at"] as const;

/** One page of the person's notices, newest first, in the reader's language. */
export async function inboxPage(db: Db, user: User, locale: Locale, requestedPage: number): Promise<InboxPage> {
  const mine = db.selectFrom("notifications").where("person_id", "=", user.id).where("in_portal", "=", true);
  const [{ total }, unread] = await Promise.all([
    mine.select((eb) => eb.fn.countAll<string | number>().as("total")).executeTakeFirstOrThrow(),
    unreadCount(db, user),
  ]);
  const { page, pageCount, offset } = pageWindow(int(total), inboxPageSize, requestedPage);
  const rows = await mine.select(columns).orderBy("id", "desc").limit(inboxPageSize).offset(offset).execute();
  return { notices: rendered(locale, rows), page, pageCount, unread };
}

/** The home page's few newest unread notices, and how many are unread in all. */
export async function newestUnread(db: Db, user: User, locale: Locale, limit = 3): Promise<{ notices: InboxNotice[]; unread: number }> {
  const [rows, unread] = await Promise.all([
    db
      .selectFrom("notifications")
      .select(columns)
      .where("person_id", "=", user.id)
      .where("in_portal", "=", true)
      .where("read_at", "is", null)
      .orderBy("id", "desc")
      .limit(limit)
      .execute(),
    unreadCount(db, user),
  ]);
  return { notices: rendered(locale, rows), unread };
}

/** A notice's id as a route or form gives it: digits that fit a bigint, or nothing. */
const noticeId = (id: string) => (/^[1-9]\d{0,17}$/.test(id) ? id : null);

/**
 * Marks one of the person's own notices read (again: no change) and gives
 * the page it is about, for the link that opens it. Another person's notice,
 * or none, is "not found" alike.
 */
export async function markRead(db: Db, user: User, id: string): Promise<Result<{ link: string }>> {
  const own = noticeId(id);
  if (!own) return notFound();
  const row = await db
    .updateTable("notifications")
    .set({ read_at: sql`coalesce(read_at, now())` })
    .where("id", "=", own)
    .where("person_id", "=", user.id)
    .returning("link")
    .executeTakeFirst();
  return row ? ok({ link: row.link }) : notFound();
}

/** Marks every unread notice of the person read; how many were. */
export async function markAllRead(db: Db, user: User): Promise<number> {
  const result = await db
    .updateTable("notifications")
    .set({ read_at: sql`now()` })
    .where("person_id", "=", user.id)
    .where("read_at", "is", null)
    .where("in_portal", "=", true)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
