import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../../db/client";
import { nudgeJob } from "~/jobs/engine.server";
import { deliverEmails } from "~/jobs/queues";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { err, forbidden, ok, type Result } from "../result";
import { remindsOfNothing, remindsOfNothingReason } from "./events.server";
import { secretRecipientKinds, type NotificationKind } from "./kinds";

// Send again (decision 0039, addendum 2026-12-06): an administrator puts
// emails that failed for good, or one in doubt, back in the queue from
// /admin/outbox — after the mail server was fixed, say. Back in the queue is
// what a new delivery is: waiting, due now, no tries, no error, no claim; the
// sender then treats it as any other (it cancels those whose person has left,
// has no address or turned the email off, and holds them in quiet hours).
//
// An email in doubt may have arrived already: it goes again only one at a
// time, and only when the administrator says they checked it did not arrive
// or accept a second copy; "all" never takes one. A voting reminder says
// nothing about its person here either: its audit entry names nobody, and
// one that would remind of nothing (voting closed, or its person has voted)
// is cancelled instead.

/** What one action did, for its notice. */
export interface SentAgain {
  /** Back in the queue. */
  queued: number;
  /** Voting reminders that would remind of nothing: cancelled instead. */
  cancelled: number;
}

/** The deliveries `which` (over `d` and `n`) back in the queue, stale reminders cancelled: one statement. */
async function putBack(trx: Db, which: RawBuilder<boolean>): Promise<SentAgain> {
  const { rows } = await sql<{ queued: string; cancelled: string }>`
    with moved as (
      update notification_deliveries d set
        status = case when ${remindsOfNothing} then 'cancelled' else 'pending' end,
        error = case when ${remindsOfNothing} then ${remindsOfNothingReason} end,
        not_before = now(), tries = 0, claimed_at = null
      from notifications n
      where n.id = d.notification_id and ${which}
      returning d.status)
    select count(*) filter (where status = 'pending') as queued, count(*) filter (where status = 'cancelled') as cancelled from moved`.execute(trx);
  return { queued: Number(rows[0]!.queued), cancelled: Number(rows[0]!.cancelled) };
}

/**
 * One email that failed for good or is in doubt, back in the queue; one in
 * doubt only when `confirmed` (the administrator checked it did not arrive,
 * or accepts a second copy). Administrators only.
 */
export async function sendEmailAgain(db: Db, user: User, id: string, confirmed: boolean): Promise<Result<SentAgain>> {
  if (!isAdmin(user)) return forbidden();
  if (!/^\d{1,18}$/.test(id)) return err("mail.again.notFound", 404);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("notification_deliveries as d")
      .innerJoin("notifications as n", "n.id", "d.notification_id")
      .innerJoin("people as p", "p.id", "n.person_id")
      .select(["d.status", "n.kind", "p.employee_no"])
      .where("d.id", "=", id)
      .where("d.status", "in", ["failed", "in_doubt"])
      .forUpdate("d")
      .executeTakeFirst();
    if (!row) return err("mail.again.notFound", 404);
    if (row.status === "in_doubt" && !confirmed) return err("mail.again.notConfirmed", 400);
    const done = await putBack(trx, sql`d.id = ${id}`);
    // The migration's check keeps kinds to kinds.ts's list.
    const kind = row.kind as NotificationKind;
    const change = { before: { status: row.status }, after: { kind, status: done.queued ? "pending" : "cancelled" } };
    // A reminder's delivery or person would say who had not voted: its entry names neither.
    await audit(
      trx,
      user,
      secretRecipientKinds.has(kind)
        ? { action: "email.sent_again", ...change }
        : { action: "email.sent_again", subjectType: "person", subjectId: row.employee_no, ...change },
    );
    if (done.queued) await nudgeJob(trx, deliverEmails);
    return ok(done);
  });
}

/** Every email that failed for good back in the queue (never one in doubt: see sendEmailAgain). Administrators only. */
export async function sendFailedEmailsAgain(db: Db, user: User): Promise<Result<SentAgain>> {
  if (!isAdmin(user)) return forbidden();
  return db.transaction().execute(async (trx) => {
    const done = await putBack(trx, sql`d.status = 'failed'`);
    // Counts only: the list of who failed to get an email may hold reminders.
    if (done.queued || done.cancelled) await audit(trx, user, { action: "email.failed_sent_again", after: done });
    if (done.queued) await nudgeJob(trx, deliverEmails);
    return ok(done);
  });
}
