import { sql } from "kysely";
import { afterAll, beforeAll, beforeEach, expect, test } from "vitest";
import { claim, markStaleClaimsInDoubt } from "../../app/domain/notifications/claims.server";
import { deliverDueEmails } from "../../app/domain/notifications/email.server";
import { emailDelivery } from "../../app/domain/notifications/outbox.server";
import type { User } from "../../app/domain/auth/user";
import { openMailer } from "../../app/mail/mailer.server";
import type { MailSettings } from "../../app/mail/settings";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { clearNotifications, deliveriesOf, given, withJobQueues } from "../support/notifications";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

// /admin/outbox's delivery overview (issue 17, decision 0039): what waits,
// what left in the last day, and every email that failed for good or is in
// doubt — shown to administrators, since neither is ever sent again by
// itself. A voting reminder's problem names neither its recipient nor the
// mail server's answer: who failed to get one would say who had not voted.

let t: TestDb;
let smtp: TestSmtpServer;
let settings: MailSettings;
let admin: User;
let staff: User & { name: string };
let other: User;
const noon = () => new Date("2026-12-06T04:00:00.000Z");

beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
  smtp = await startSmtpServer({ user: "stars", password: "secret-pass" });
  settings = { smtpUrl: smtp.url, from: "Service Stars <stars@example.com>", publicUrl: "https://stars.example.com" };
  await givenUnit(t.db, "GD");
  admin = await givenPerson(t.db, { unit: "GD", roles: ["admin"] });
  const person = await givenPerson(t.db, { unit: "GD", name: "李娜" });
  staff = { ...person, name: "李娜" };
  other = await givenPerson(t.db, { unit: "GD" });
}, 120_000);
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});
beforeEach(async () => {
  await clearNotifications(t.db);
  smtp.reset();
});

const send = () => {
  const mailer = openMailer(settings);
  return deliverDueEmails(t.db, mailer, { now: noon }).finally(() => mailer.close());
};

test("staff may not read it", async () => {
  expect(await emailDelivery(t.db, staff, settings)).toMatchObject({ ok: false, status: 403 });
});

test("counts by state and lists what failed or is in doubt, newest first; a reminder's recipient and answer are withheld", async () => {
  // Sent: one.
  await given(t.db, "congratulated", [staff.id]);
  expect(await send()).toMatchObject({ sent: 1 });
  // Failed for good (550): a rejection to staff, and a voting reminder to the other.
  smtp.refuse = () => 550;
  await given(t.db, "nomination-rejected", [staff.id]);
  await given(t.db, "voting-reminder", [other.id]);
  expect(await send()).toMatchObject({ failed: 2 });
  smtp.refuse = undefined;
  // In doubt: claimed by a sender that stopped before it could say whether it arrived.
  await given(t.db, "honor-roll-published", [staff.id]);
  const doubtful = (await deliveriesOf(t.db)).find((d) => d.kind === "honor-roll-published")!;
  expect(await claim(t.db, "notification_deliveries", doubtful.id)).toBe(true);
  await sql`update notification_deliveries set claimed_at = now() - interval '11 minutes' where id = ${doubtful.id}`.execute(t.db);
  expect(await markStaleClaimsInDoubt(t.db, "notification_deliveries")).toBe(1);
  // Waiting: one, held by quiet hours or not yet sent.
  await given(t.db, "voting-opened", [staff.id]);

  const result = await emailDelivery(t.db, admin, settings);
  if (!result.ok) throw new Error("refused");
  const overview = result.value;
  expect(overview).toMatchObject({ waiting: 1, sentLastDay: 1, failed: 2, inDoubt: 1 });
  // The mail server without its user and password.
  expect(overview.target).toBe(`smtp://127.0.0.1:${new URL(smtp.url).port}`);
  expect(JSON.stringify(overview)).not.toContain("secret-pass");

  expect(overview.problems.map((p) => [p.kind, p.status])).toEqual([
    ["honor-roll-published", "in_doubt"],
    ["voting-reminder", "failed"],
    ["nomination-rejected", "failed"],
  ]);
  const [inDoubt, reminder, rejected] = overview.problems;
  expect(inDoubt).toMatchObject({ recipient: { name: "李娜", employeeNo: staff.employeeNo }, tries: 1 });
  expect(inDoubt!.error).toContain("may or may not have arrived");
  expect(rejected).toMatchObject({ recipient: { name: "李娜" }, tries: 1 });
  expect(rejected!.error).toContain("550");
  expect(reminder).toMatchObject({ recipient: null, error: null, tries: 1 });
  expect(JSON.stringify(overview)).not.toContain(other.employeeNo);
});

test("without SMTP_URL it says emails are kept in the outbox", async () => {
  const result = await emailDelivery(t.db, admin, { ...settings, smtpUrl: undefined });
  expect(result).toMatchObject({ ok: true, value: { target: "outbox", waiting: 0, failed: 0, inDoubt: 0, problems: [] } });
});
