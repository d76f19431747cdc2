import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { deliverDueEmails } from "../../app/domain/notifications/email.server";
import { announceVotingReminders } from "../../app/domain/notifications/events.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { openMailer } from "../../app/mail/mailer.server";
import { createTestDb, type TestDb } from "../support/db";
import { moveTo } from "../support/nominations";
import { clearNotifications, deliveriesOf, withJobQueues } from "../support/notifications";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";
import { choose, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// A voting reminder may wait hours between being written and being sent: held
// by quiet hours until 08:00 Beijing time, or retried after the mail server
// refused it for now. The sender looks again when it sends: someone who voted
// meanwhile is not told they have not, and nobody is reminded of a vote that
// has closed. The cancelled row says the same words either way.

let t: TestDb;
let smtp: TestSmtpServer;
let w: VotingCampaign;
// The sender's clock for quiet hours is tomorrow night, when the reminders are
// held until 08:00; the database's own clock says what is due, so the night
// "passes" by making them due now.
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
/** 23:30 in Beijing, tomorrow: quiet hours. */
const night = () => new Date(`${tomorrow}T15:30:00.000Z`);
/** 08:30 in Beijing the morning after. */
const morning = () => new Date(new Date(`${tomorrow}T15:30:00.000Z`).getTime() + 9 * 3_600_000);
const nightPasses = () => sql`update notification_deliveries set not_before = now() where status = 'pending'`.execute(t.db);
const notSent = "voting has closed or the person has voted: the reminder was not sent";

beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
  smtp = await startSmtpServer();
  w = await givenVotingCampaign(t.db);
  // Only the reminders: what the campaign announced on its way to voting is not this test's.
  await clearNotifications(t.db);
  // The reminder is due now; voting closes in five days.
  await sql`update campaigns set closed_at = now() + interval '5 days', voting_reminder_at = now() - interval '1 minute' where id = ${w.campaignId}`.execute(
    t.db,
  );
}, 240_000);
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});

const send = (now: () => Date) => {
  const mailer = openMailer({ smtpUrl: smtp.url, from: "Service Stars <stars@example.com>", publicUrl: "https://stars.example.com" });
  return deliverDueEmails(t.db, mailer, { now }).finally(() => mailer.close());
};
const emailOf = async (person: User) =>
  (await t.db.selectFrom("people").select("email").where("id", "=", person.id).executeTakeFirstOrThrow()).email!;
const reminderOf = async (person: User) => (await deliveriesOf(t.db)).find((d) => d.kind === "voting-reminder" && d.personId === person.id)!;

test("a reminder held overnight is not sent to someone who voted during the night; the others go in the morning", async () => {
  expect(await announceVotingReminders(t.db, new Date())).toBeGreaterThanOrEqual(3);
  expect((await send(night)).postponed).toBeGreaterThanOrEqual(3);
  expect(smtp.received).toHaveLength(0);

  // Alice votes on the night shift.
  expect((await castBallot(t.db, w.alice, w.slug, choose(w, [w.starBob]))).ok).toBe(true);

  await nightPasses();
  // The mail server refuses Gina's for now (451): it waits for its retry (the next test).
  const gina = await emailOf(w.gina);
  smtp.refuse = (to) => (to === gina ? 451 : undefined);
  const morningRun = await send(morning);
  smtp.refuse = undefined;
  expect(morningRun).toMatchObject({ cancelled: 1, retried: 1 });
  const to = smtp.received.map((m) => m.to).flat();
  expect(to).not.toContain(await emailOf(w.alice));
  expect(to).toEqual(expect.arrayContaining([await emailOf(w.bob), await emailOf(w.carol)]));
  expect(await reminderOf(w.alice)).toMatchObject({ status: "cancelled", error: notSent });
  expect(await reminderOf(w.bob)).toMatchObject({ status: "sent" });
});

test("a reminder the mail server refused for now is not sent on its retry once voting has closed", async () => {
  expect(await reminderOf(w.gina)).toMatchObject({ status: "pending", tries: 1 });
  // Meanwhile voting closes; then its retry comes due.
  smtp.reset();
  await moveTo(t.db, w, "closed");
  await nightPasses();

  expect(await send(morning)).toMatchObject({ sent: 0, cancelled: 1 });
  expect(smtp.received).toHaveLength(0);
  expect(await reminderOf(w.gina)).toMatchObject({ status: "cancelled", error: notSent });
});
