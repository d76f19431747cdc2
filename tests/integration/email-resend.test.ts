import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { claim, markStaleClaimsInDoubt } from "../../app/domain/notifications/claims.server";
import { deliverDueEmails } from "../../app/domain/notifications/email.server";
import { announceVotingReminders } from "../../app/domain/notifications/events.server";
import { sendEmailAgain, sendFailedEmailsAgain } from "../../app/domain/notifications/resend.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { deliverEmails } from "../../app/jobs/queues";
import { openMailer } from "../../app/mail/mailer.server";
import type { MailSettings } from "../../app/mail/settings";
import { givenPerson } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { jobsOf } from "../support/jobs";
import { moveTo } from "../support/nominations";
import { clearNotifications, deliveriesOf, given, withJobQueues } from "../support/notifications";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { choose, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// Send again (decision 0039, addendum 2026-12-06): after the mail server was
// fixed, an administrator puts the emails that failed for good back in the
// queue, all at once or one by one, and an email in doubt one by one once
// they confirm it did not arrive. Through a real SMTP server: each arrives
// once. A voting reminder that would remind of nothing is cancelled, and its
// audit entry names nobody.

let t: TestDb;
let smtp: TestSmtpServer;
let settings: MailSettings;
let w: VotingCampaign;
let auditedBefore = 0;
/** 12:00 in Beijing: no quiet hours. */
const noon = () => new Date("2026-12-06T04:00:00.000Z");

beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
  smtp = await startSmtpServer();
  settings = { smtpUrl: smtp.url, from: "Service Stars <stars@example.com>", publicUrl: "https://stars.example.com" };
  w = await givenVotingCampaign(t.db);
}, 240_000);
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});
beforeEach(async () => {
  await clearNotifications(t.db);
  // The audit log is append-only: each test reads the entries written after this.
  auditedBefore = Number((await sql<{ id: string }>`select coalesce(max(id), 0)::text as id from audit_log`.execute(t.db)).rows[0]!.id);
  smtp.reset();
});

const send = () => {
  const mailer = openMailer(settings);
  return deliverDueEmails(t.db, mailer, { now: noon }).finally(() => mailer.close());
};

/** The mail server refuses every address for good (550) while the due emails are tried. */
async function failingEverything() {
  smtp.refuse = () => 550;
  await send();
  smtp.refuse = undefined;
  smtp.reset();
}

/** Claimed by a sender that stopped before it could say whether it arrived. */
async function inDoubt(id: string) {
  expect(await claim(t.db, "notification_deliveries", id)).toBe(true);
  await sql`update notification_deliveries set claimed_at = now() - interval '11 minutes' where id = ${id}`.execute(t.db);
  expect(await markStaleClaimsInDoubt(t.db, "notification_deliveries")).toBe(1);
}

const entries = () =>
  t.db
    .selectFrom("audit_log")
    .select(["action", "subject_type", "subject_id", "before", "after"])
    .where("action", "like", "email.%")
    .where("id", ">", auditedBefore)
    .orderBy("id")
    .execute();
const statuses = async () => (await deliveriesOf(t.db)).map((d) => d.status);
const emailOf = async (person: User) =>
  (await t.db.selectFrom("people").select("email").where("id", "=", person.id).executeTakeFirstOrThrow()).email!;

test("staff may send nothing again", async () => {
  await given(t.db, "honor-roll-published", [w.alice.id]);
  await failingEverything();
  const [failed] = await deliveriesOf(t.db);
  expect(await sendFailedEmailsAgain(t.db, w.alice)).toMatchObject({ ok: false, status: 403 });
  expect(await sendEmailAgain(t.db, w.alice, failed!.id, true)).toMatchObject({ ok: false, status: 403 });
  expect(await statuses()).toEqual(["failed"]);
  expect(await entries()).toEqual([]);
});

test("failed emails sent again arrive once at the mail server; a second Send all finds nothing new", async () => {
  await given(t.db, "honor-roll-published", [w.alice.id, w.bob.id]);
  await failingEverything();
  expect(await statuses()).toEqual(["failed", "failed"]);
  await sql`delete from pgboss.job where name = ${deliverEmails.name}`.execute(t.db);

  expect(await sendFailedEmailsAgain(t.db, w.admin)).toEqual({ ok: true, value: { queued: 2, cancelled: 0 } });
  expect(await deliveriesOf(t.db)).toMatchObject([
    { status: "pending", tries: 0, error: null },
    { status: "pending", tries: 0, error: null },
  ]);
  // The delivery queue is nudged: the emails go at once, not at the next minute's run.
  expect(await jobsOf(t.db, deliverEmails.name)).toMatchObject([{ state: "created" }]);
  expect(await send()).toMatchObject({ sent: 2, failed: 0 });
  expect(await send()).toMatchObject({ sent: 0 });
  expect(smtp.received.map((m) => m.to).sort()).toEqual([[await emailOf(w.alice)], [await emailOf(w.bob)]].sort());

  expect(await sendFailedEmailsAgain(t.db, w.admin)).toEqual({ ok: true, value: { queued: 0, cancelled: 0 } });
  expect(await statuses()).toEqual(["sent", "sent"]);
  // One entry, with counts only.
  expect(await entries()).toEqual([
    { action: "email.failed_sent_again", subject_type: null, subject_id: null, before: null, after: { queued: 2, cancelled: 0 } },
  ]);
});

test("one email sent again by its id arrives once; its entry names its recipient; an unknown or settled one is refused", async () => {
  await given(t.db, "nomination-rejected", [w.alice.id]);
  await failingEverything();
  const [failed] = await deliveriesOf(t.db);

  expect(await sendEmailAgain(t.db, w.admin, failed!.id, false)).toEqual({ ok: true, value: { queued: 1, cancelled: 0 } });
  expect(await send()).toMatchObject({ sent: 1 });
  expect(smtp.received.map((m) => m.to)).toEqual([[await emailOf(w.alice)]]);
  expect(await entries()).toEqual([
    {
      action: "email.sent_again",
      subject_type: "person",
      subject_id: w.alice.employeeNo,
      before: { status: "failed" },
      after: { kind: "nomination-rejected", status: "pending" },
    },
  ]);

  // Sent now: not a problem any more, so a second click is refused and sends nothing.
  expect(await sendEmailAgain(t.db, w.admin, failed!.id, false)).toEqual({ ok: false, error: "mail.again.notFound", status: 404 });
  expect(await sendEmailAgain(t.db, w.admin, "999999999", false)).toMatchObject({ ok: false, status: 404 });
  expect(await sendEmailAgain(t.db, w.admin, "1 or 1=1", false)).toMatchObject({ ok: false, status: 404 });
  expect(await send()).toMatchObject({ sent: 0 });
  expect(smtp.received).toHaveLength(1);
  expect(await entries()).toHaveLength(1);
});

test("an email in doubt goes again only by itself and only once the administrator confirms; Send all never takes it", async () => {
  await given(t.db, "honor-roll-published", [w.alice.id]);
  await given(t.db, "congratulated", [w.bob.id]);
  const [doubtful] = await deliveriesOf(t.db);
  await inDoubt(doubtful!.id);
  await failingEverything();
  expect(await statuses()).toEqual(["in_doubt", "failed"]);

  expect(await sendFailedEmailsAgain(t.db, w.admin)).toEqual({ ok: true, value: { queued: 1, cancelled: 0 } });
  expect(await statuses()).toEqual(["in_doubt", "pending"]);
  expect(await sendEmailAgain(t.db, w.admin, doubtful!.id, false)).toEqual({ ok: false, error: "mail.again.notConfirmed", status: 400 });
  expect(await statuses()).toEqual(["in_doubt", "pending"]);
  expect(await send()).toMatchObject({ sent: 1 });
  expect(smtp.received.map((m) => m.to)).toEqual([[await emailOf(w.bob)]]);

  expect(await sendEmailAgain(t.db, w.admin, doubtful!.id, true)).toEqual({ ok: true, value: { queued: 1, cancelled: 0 } });
  expect(await send()).toMatchObject({ sent: 1 });
  expect(smtp.received.map((m) => m.to)).toEqual([[await emailOf(w.bob)], [await emailOf(w.alice)]]);
  expect((await entries()).map((e) => [e.action, e.before])).toEqual([
    ["email.failed_sent_again", null],
    ["email.sent_again", { status: "in_doubt" }],
  ]);
});

test("someone who left, has no address or turned the email off since is not sent it again", async () => {
  const [leaver, unreachable, unwilling] = await Promise.all([1, 2, 3].map(() => givenPerson(t.db, { unit: w.units.teamA, password: null })));
  await given(t.db, "objection-resolved", [leaver!.id, unreachable!.id, unwilling!.id]);
  await failingEverything();
  await t.db.updateTable("people").set({ status: "left", left_at: new Date() }).where("id", "=", leaver!.id).execute();
  await t.db.updateTable("people").set({ email: null }).where("id", "=", unreachable!.id).execute();
  await t.db
    .insertInto("notification_preferences")
    .values({ person_id: unwilling!.id, kind: "objection-resolved", portal: true, email: false })
    .execute();

  // The sender decides, as for any email it is about to send.
  expect(await sendFailedEmailsAgain(t.db, w.admin)).toEqual({ ok: true, value: { queued: 3, cancelled: 0 } });
  expect(await send()).toMatchObject({ sent: 0, cancelled: 3 });
  expect(smtp.received).toHaveLength(0);
  expect(await statuses()).toEqual(["cancelled", "cancelled", "cancelled"]);
});

test("a voting reminder goes again while it still reminds of something; one whose voting closed or whose person voted since is cancelled; no entry names anyone", async () => {
  // Alice voted before the reminder: she is not reminded.
  const cast = await castBallot(t.db, w.alice, w.slug, choose(w, [w.starBob]));
  expect(cast.ok).toBe(true);
  // The administrator's schedule: the reminder is due, voting closes tomorrow.
  await sql`update campaigns set closed_at = now() + interval '1 day', voting_reminder_at = now() - interval '1 minute' where id = ${w.campaignId}`.execute(
    t.db,
  );
  expect(await announceVotingReminders(t.db, new Date())).toBeGreaterThanOrEqual(3);
  await failingEverything();
  const reminders = await deliveriesOf(t.db);
  expect(reminders.every((d) => d.kind === "voting-reminder" && d.status === "failed")).toBe(true);
  const reminderOf = (person: User) => reminders.find((d) => d.personId === person.id)!;
  expect(reminders.find((d) => d.personId === w.alice.id)).toBeUndefined();

  // Bob has voted since: his is cancelled. Carol has not: hers goes.
  expect((await castBallot(t.db, w.bob, w.slug, choose(w, [w.starCarol]))).ok).toBe(true);
  expect(await sendEmailAgain(t.db, w.admin, reminderOf(w.bob).id, false)).toEqual({ ok: true, value: { queued: 0, cancelled: 1 } });
  expect(await sendEmailAgain(t.db, w.admin, reminderOf(w.carol).id, false)).toEqual({ ok: true, value: { queued: 1, cancelled: 0 } });
  expect(await send()).toMatchObject({ sent: 1 });
  expect(smtp.received.map((m) => m.to)).toEqual([[await emailOf(w.carol)]]);

  // Voting closed: every other reminder is cancelled, none sent.
  await moveTo(t.db, w, "closed");
  const others = reminders.length - 2;
  expect(await sendFailedEmailsAgain(t.db, w.admin)).toEqual({ ok: true, value: { queued: 0, cancelled: others } });
  expect(await send()).toMatchObject({ sent: 0 });
  expect(smtp.received).toHaveLength(1);
  const after = await deliveriesOf(t.db);
  expect(after.filter((d) => d.status === "cancelled")).toHaveLength(others + 1);
  // The same words whichever it was: the row says nothing more of its person.
  expect(new Set(after.filter((d) => d.status === "cancelled").map((d) => d.error))).toEqual(
    new Set(["voting has closed or the person has voted: the reminder was not sent"]),
  );

  // Which delivery and whose: in no entry.
  expect(await entries()).toEqual([
    {
      action: "email.sent_again",
      subject_type: null,
      subject_id: null,
      before: { status: "failed" },
      after: { kind: "voting-reminder", status: "cancelled" },
    },
    {
      action: "email.sent_again",
      subject_type: null,
      subject_id: null,
      before: { status: "failed" },
      after: { kind: "voting-reminder", status: "pending" },
    },
    { action: "email.failed_sent_again", subject_type: null, subject_id: null, before: null, after: { queued: 0, cancelled: others } },
  ]);
});
