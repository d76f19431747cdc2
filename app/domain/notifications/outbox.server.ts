import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { err, forbidden, ok, type Result } from "../result";
import { mailTarget, readMailSettings, type MailSettings } from "~/mail/settings";
import { pageWindow } from "../paging";
import { secretRecipientKinds, type NotificationKind } from "./kinds";

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
  const { page: current, pageCount, offset } = pageWindow(total, outboxPageSize, page);
  const rows = await db
    .selectFrom("mail_outbox")
    .select(["id", "created_at", "to_address", "subject", "headers", "text", "html"])
    .orderBy("id", "desc")
    .limit(outboxPageSize)
    .offset(offset)
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

/** Emails a delivery overview lists among its problems, newest first. */
export const problemListSize = 20;

/** One email that failed for good or is in doubt, as administrators see it. */
export interface EmailProblem {
  id: string;
  status: "failed" | "in_doubt";
  kind: NotificationKind;
  /** When its notice was written. */
  announcedAt: Date;
  tries: number;
  /** Withheld (null) for a voting reminder: who failed to get one would say who had not voted. */
  recipient: { name: string; employeeNo: string } | null;
  /** The mail server's answer, or why it is in doubt; withheld with the recipient (a mail server's answer may name the address). */
  error: string | null;
}

/** How the email channel is doing: what waits, what left in the last day, and what did not. */
export interface EmailDelivery {
  /** Where emails go: the mail server (scheme, host and port; never its user or password), or "outbox". */
  target: string;
  /** Waiting to be sent: due, held (quiet hours, a retry's wait), being handed over, or kept for a digest. */
  waiting: number;
  sentLastDay: number;
  failed: number;
  inDoubt: number;
  problems: EmailProblem[];
}

/**
 * The email channel's state for /admin/outbox (decision 0039: what failed
 * for good or is in doubt is shown to administrators, never sent again by
 * itself). Administrators only.
 */
export async function emailDelivery(db: Db, user: User, settings: MailSettings = readMailSettings()): Promise<Result<EmailDelivery>> {
  if (!isAdmin(user)) return forbidden();
  const counts = await sql<{ waiting: string; sentLastDay: string; failed: string; inDoubt: string }>`
    select count(*) filter (where status in ('pending', 'digest', 'sending')) as waiting,
      count(*) filter (where status = 'sent' and sent_at > now() - interval '1 day') as "sentLastDay",
      count(*) filter (where status = 'failed') as failed,
      count(*) filter (where status = 'in_doubt') as "inDoubt"
    from notification_deliveries`.execute(db);
  const rows = await db
    .selectFrom("notification_deliveries as d")
    .innerJoin("notifications as n", "n.id", "d.notification_id")
    .innerJoin("people as p", "p.id", "n.person_id")
    .select(["d.id", "d.status", "d.tries", "d.error", "n.kind", "n.created_at", "p.name", "p.employee_no"])
    .where("d.status", "in", ["failed", "in_doubt"])
    .orderBy("d.id", "desc")
    .limit(problemListSize)
    .execute();
  const c = counts.rows[0];
  return ok({
    target: mailTarget(settings),
    waiting: Number(c.waiting),
    sentLastDay: Number(c.sentLastDay),
    failed: Number(c.failed),
    inDoubt: Number(c.inDoubt),
    problems: rows.map((r) => {
      // The migration's check keeps kinds to kinds.ts's list.
      const kind = r.kind as NotificationKind;
      const secret = secretRecipientKinds.has(kind);
      return {
        id: String(r.id),
        status: r.status as EmailProblem["status"],
        kind,
        announcedAt: r.created_at,
        tries: r.tries,
        recipient: secret ? null : { name: r.name, employeeNo: r.employee_no },
        error: secret ? null : r.error,
      };
    }),
  });
}

/** The stored headers (jsonb, parsed by pg and PGlite alike; a string if written as one) as name → value. */
function headersOf(value: unknown): Record<string, string> {
  const parsed: unknown = typeof value === "string" ? JSON.parse(value) : value;
  if (!parsed || typeof parsed !== "object") return {};
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
