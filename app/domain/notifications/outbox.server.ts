import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { err, forbidden, ok, type Result } from "../result";

// What administrators read at /admin/outbox (issue 17): the emails the
// portal kept instead of sending them, without SMTP_URL — each exactly as it
// would have been sent (email.server.ts wrote it). A voting reminder's row
// has no address and no working unsubscribe link: the page cannot tell who
// has not voted.

/** Emails a page shows, newest first. */
export const outboxPageSize = 10;

export interface OutboxEmail {
  id: string;
  keptAt: Date;
  /** null: withheld (a voting reminder). */
  to: string | null;
  subject: string;
  headers: Record<string, string>;
  text: string;
  html: string;
}

export interface OutboxPage {
  emails: OutboxEmail[];
  total: number;
  page: number;
  pageCount: number;
}

/** One page of the outbox, newest first. Administrators only. */
export async function outboxPage(db: Db, user: User, page: number): Promise<Result<OutboxPage>> {
  if (!isAdmin(user)) return forbidden();
  const { count } = await db
    .selectFrom("mail_outbox")
    .select((eb) => eb.fn.countAll<string>().as("count"))
    .executeTakeFirstOrThrow();
  const total = Number(count);
  const pageCount = Math.max(1, Math.ceil(total / outboxPageSize));
  const current = Math.min(Math.max(1, Math.trunc(page) || 1), pageCount);
  const rows = await db
    .selectFrom("mail_outbox")
    .select(["id", "created_at", "to_address", "subject", "headers", "text", "html"])
    .orderBy("id", "desc")
    .limit(outboxPageSize)
    .offset((current - 1) * outboxPageSize)
    .execute();
  return ok({
    emails: rows.map((r) => ({
      id: String(r.id),
      keptAt: r.created_at,
      to: r.to_address,
      subject: r.subject,
      headers: headersOf(r.headers),
      text: r.text,
      html: r.html,
    })),
    total,
    page: current,
    pageCount,
  });
}

/** The HTML part of one kept email, for its preview frame. Administrators only. */
export async function outboxHtml(db: Db, user: User, id: string): Promise<Result<string>> {
  if (!isAdmin(user)) return forbidden();
  if (!/^\d{1,18}$/.test(id)) return err("common.notFound", 404);
  const row = await db.selectFrom("mail_outbox").select("html").where("id", "=", id).executeTakeFirst();
  return row ? ok(row.html) : err("common.notFound", 404);
}

/** The stored headers (jsonb, parsed by pg and PGlite alike; a string if written as one) as name → value. */
function headersOf(value: unknown): Record<string, string> {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!parsed || typeof parsed !== "object") return {};
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
