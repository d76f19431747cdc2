import { sql } from "kysely";
import type { ParsedMail } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { deliverDueEmails, sendDigests } from "../../app/domain/notifications/email.server";
import { messageText } from "../../app/domain/notifications/message";
import { unsubscribeChoice } from "../../app/domain/notifications/unsubscribe.server";
import { translate } from "../../app/i18n/all.server";
import { openMailer } from "../../app/mail/mailer.server";
import type { MailSettings } from "../../app/mail/settings";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { clearNotifications, deliveriesOf, given, makeDue, sampleParams, withJobQueues } from "../support/notifications";
import { closedPort } from "../support/ports";
import { startSmtpServer, type TestSmtpServer } from "../support/smtp";

// Issue 17, item 3: email through a real SMTP server (smtp-server, started
// here, with credentials) parsed as a mail client would (mailparser) —
// headers, both parts, the recipient's language, absolute links, one-click
// unsubscribe — and the delivery rules around it: quiet hours, a refusal for
// now and one for good, a mail server away, the outbox without SMTP_URL,
// and the daily digest.

let t: TestDb;
let smtp: TestSmtpServer;
let zh: { id: number; email: string };
let en: { id: number; email: string };
const publicUrl = "https://stars.example.com";
const from = "Service Stars <stars@example.com>";
let settings: MailSettings;

/** 12:00 in Beijing: no quiet hours. */
const noon = () => new Date("2026-12-06T04:00:00.000Z");

beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
  smtp = await startSmtpServer({ user: "stars", password: "pa:ss/w@rd" });
  settings = { smtpUrl: smtp.url, from, publicUrl };
  await givenUnit(t.db, "GD");
  const a = await givenPerson(t.db, { unit: "GD", email: "li.na@example.com", password: null });
  const b = await givenPerson(t.db, { unit: "GD", email: "wang.wei@example.com", password: null });
  await t.db.updateTable("people").set({ locale: "en" }).where("id", "=", b.id).execute();
  zh = { id: a.id, email: "li.na@example.com" };
  en = { id: b.id, email: "wang.wei@example.com" };
}, 120_000);
afterAll(async () => {
  await smtp?.close();
  await t?.close();
});
beforeEach(async () => {
  await clearNotifications(t.db);
  smtp.reset();
});

const send = (options: { now?: () => Date; mail?: MailSettings } = {}) => {
  const mailer = openMailer(options.mail ?? settings);
  return deliverDueEmails(t.db, mailer, { now: options.now ?? noon }).finally(() => mailer.close());
};
const digests = (mail: MailSettings = settings) => {
  const mailer = openMailer(mail);
  return sendDigests(t.db, mailer, { now: noon }).finally(() => mailer.close());
};
const header = (mail: ParsedMail, name: string) => mail.headerLines.find((h) => h.key === name.toLowerCase())?.line.replace(/^[^:]+:\s*/, "");
async function arrivedTo(address: string): Promise<ParsedMail> {
  const index = smtp.received.findIndex((m) => m.to.includes(address));
  expect(index, `an email to ${address}`).toBeGreaterThanOrEqual(0);
  return smtp.parsed(index);
}

describe("an email through SMTP", () => {
  test("arrives in its recipient's language, with both parts, absolute links, its Message-ID and one-click unsubscribe", async () => {
    const link = "/campaigns/2026-stars/vote";
    await given(t.db, "voting-opened", [zh.id, en.id], { link });
    const run = await send();
    expect(run).toMatchObject({ sent: 2, failed: 0, retried: 0, unreachable: null });
    expect(smtp.received).toHaveLength(2);
    const deliveries = await deliveriesOf(t.db);
    expect(deliveries.map((d) => d.status)).toEqual(["sent", "sent"]);

    for (const [person, locale] of [
      [zh, "zh-CN"],
      [en, "en"],
    ] as const) {
      const mail = await arrivedTo(person.email);
      const words = messageText(locale, "voting-opened", sampleParams["voting-opened"], link);
      const delivery = deliveries.find((d) => d.personId === person.id)!;
      expect(mail.from?.text).toBe('"Service Stars" <stars@example.com>');
      expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : "").toBe(person.email);
      expect(mail.subject).toBe(words.title);
      expect(mail.messageId).toBe(`<delivery-${delivery.id}@stars.example.com>`);
      expect(header(mail, "Content-Language")).toBe(locale);
      expect(header(mail, "Auto-Submitted")).toBe("auto-generated");
      // Both parts, in the recipient's language, with the page's absolute address.
      expect(mail.text).toContain(words.title);
      expect(mail.text).toContain(words.body);
      expect(mail.text).toContain(`${translate(locale, "mail.open")}: ${publicUrl}${link}`);
      expect(mail.html).toBeTruthy();
      const html = String(mail.html);
      expect(html).toContain(`<html lang="${locale}"`);
      expect(html).toContain(`href="${publicUrl}${link}"`);
      expect(html).toContain(translate(locale, "mail.open"));
      expect(html).not.toMatch(/<script|<style|<link|<img|javascript:/i);
      // RFC 8058: the signed link, and the one-click POST it takes.
      const unsubscribe = /^<(https:\/\/stars\.example\.com\/unsubscribe\/([^>]+))>$/.exec(header(mail, "List-Unsubscribe") ?? "");
      expect(unsubscribe).not.toBeNull();
      expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
      expect(html).toContain(`href="${unsubscribe![1]}"`);
      expect(mail.text).toContain(unsubscribe![1]);
      expect(await unsubscribeChoice(t.db, decodeURIComponent(unsubscribe![2]!))).toEqual({
        ok: true,
        value: { kinds: ["voting-opened"], off: false },
      });
      // The footer says why it came.
      expect(mail.text).toContain(translate(locale, "mail.footer.reason", { kind: translate(locale, "mail.kind.voting-opened") }));
    }
    // A second run finds nothing due: no address gets it twice.
    expect((await send()).sent).toBe(0);
    expect(smtp.received).toHaveLength(2);
  });

  test("quiet hours hold an email until 08:00 in Beijing; someone who turned them off gets it at once", async () => {
    await t.db.insertInto("notification_settings").values({ person_id: en.id, quiet_hours: false }).execute();
    await given(t.db, "congratulated", [zh.id, en.id]);
    // 23:30 in Beijing.
    const run = await send({ now: () => new Date("2026-12-06T15:30:00.000Z") });
    expect(run).toMatchObject({ sent: 1, postponed: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([[en.email]]);
    const held = (await deliveriesOf(t.db)).find((d) => d.personId === zh.id)!;
    expect(held).toMatchObject({ status: "pending", tries: 0 });
    expect(held.notBefore.toISOString()).toBe("2026-12-07T00:00:00.000Z");
    // Still quiet at 07:59 the next morning; at 08:00 it goes.
    await makeDue(t.db);
    expect((await send({ now: () => new Date("2026-12-06T23:59:00.000Z") })).postponed).toBe(1);
    await makeDue(t.db);
    expect((await send({ now: () => new Date("2026-12-07T00:00:00.000Z") })).sent).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([[en.email], [zh.email]]);
  });

  test("a voting reminder is held by quiet hours only when it would still arrive before the vote closes", async () => {
    const campaign = sampleParams["voting-reminder"].campaign!;
    // At 23:30 in Beijing: one vote closes at 01:00 (before the quiet hours end), the other at noon the next day.
    await given(t.db, "voting-reminder", [zh.id], { params: { campaign, closesAt: "2026-12-06T17:00:00.000Z" } });
    await given(t.db, "voting-reminder", [en.id], { params: { campaign, closesAt: "2026-12-07T04:00:00.000Z" } });
    const run = await send({ now: () => new Date("2026-12-06T15:30:00.000Z") });
    expect(run).toMatchObject({ sent: 1, postponed: 1 });
    expect(smtp.received.map((m) => m.to)).toEqual([[zh.email]]);
    const held = (await deliveriesOf(t.db)).find((d) => d.personId === en.id)!;
    expect(held.notBefore.toISOString()).toBe("2026-12-07T00:00:00.000Z");
  });

  test("refused for now (451) is tried again later, and then arrives once", async () => {
    smtp.refuse = (_to, tries) => (tries === 0 ? 451 : undefined);
    await given(t.db, "nomination-approved", [zh.id]);
    expect(await send()).toMatchObject({ sent: 0, retried: 1 });
    const waiting = (await deliveriesOf(t.db))[0]!;
    expect(waiting).toMatchObject({ status: "pending", tries: 1 });
    expect(waiting.notBefore.getTime()).toBeGreaterThan(Date.now() + 10_000);
    expect(waiting.error).toContain("451");
    // Not due yet: nothing is sent.
    expect((await send()).sent).toBe(0);
    await makeDue(t.db);
    expect(await send()).toMatchObject({ sent: 1, retried: 0 });
    expect(smtp.received).toHaveLength(1);
    expect((await deliveriesOf(t.db))[0]).toMatchObject({ status: "sent", tries: 2, error: null });
  });

  test("refused for good (550) fails at once and is never tried again; the error keeps no address", async () => {
    smtp.refuse = () => 550;
    await given(t.db, "nomination-rejected", [zh.id]);
    expect(await send()).toMatchObject({ failed: 1, retried: 0 });
    const failed = (await deliveriesOf(t.db))[0]!;
    expect(failed).toMatchObject({ status: "failed", tries: 1 });
    expect(failed.error).toContain("550");
    expect(failed.error).not.toContain(zh.email);
    await makeDue(t.db);
    expect(await send()).toMatchObject({ sent: 0, failed: 0 });
    expect(smtp.received).toHaveLength(0);
  });

  test("a mail server that cannot be reached loses nothing: the run stops, the try is not counted, a later run sends it", async () => {
    await given(t.db, "honor-roll-published", [zh.id, en.id]);
    const nowhere = { ...settings, smtpUrl: `smtp://127.0.0.1:${await closedPort()}` };
    const run = await send({ mail: nowhere });
    expect(run.unreachable).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(run.sent).toBe(0);
    expect((await deliveriesOf(t.db)).map((d) => [d.status, d.tries])).toEqual([
      ["pending", 0],
      ["pending", 0],
    ]);
    await makeDue(t.db);
    expect((await send()).sent).toBe(2);
  });

  test("credentials the mail server refuses are the configuration's fault: nothing is failed, nothing sent", async () => {
    await given(t.db, "import-finished", [zh.id]);
    const wrong = { ...settings, smtpUrl: smtp.url.replace("pa%3Ass%2Fw%40rd", "wrong") };
    const run = await send({ mail: wrong });
    expect(run.unreachable).toContain("535");
    expect(run.unreachable).not.toContain("wrong");
    expect((await deliveriesOf(t.db))[0]).toMatchObject({ status: "pending", tries: 0 });
  });

  test("someone who turned that email off since it was written, or has no address any more, is not sent it", async () => {
    await given(t.db, "objection-resolved", [zh.id, en.id]);
    await t.db.insertInto("notification_preferences").values({ person_id: zh.id, kind: "objection-resolved", portal: true, email: false }).execute();
    await t.db.updateTable("people").set({ email: null }).where("id", "=", en.id).execute();
    try {
      expect(await send()).toMatchObject({ sent: 0, cancelled: 2 });
      expect((await deliveriesOf(t.db)).map((d) => d.status)).toEqual(["cancelled", "cancelled"]);
      expect(smtp.received).toHaveLength(0);
    } finally {
      await t.db.updateTable("people").set({ email: en.email }).where("id", "=", en.id).execute();
    }
  });

  test("someone who left since it was written is not sent it, through the mail server or into the outbox", async () => {
    const leaver = await givenPerson(t.db, { unit: "GD", password: null });
    await given(t.db, "objection-resolved", [leaver.id]);
    await given(t.db, "honor-roll-published", [leaver.id]);
    await t.db.updateTable("people").set({ status: "left", left_at: new Date() }).where("id", "=", leaver.id).execute();
    const [first] = await deliveriesOf(t.db);
    await sql`update notification_deliveries set not_before = now() + interval '1 hour' where id <> ${first!.id}`.execute(t.db);
    expect(await send()).toMatchObject({ sent: 0, cancelled: 1 });
    await makeDue(t.db);
    expect(await send({ mail: { ...settings, smtpUrl: undefined } })).toMatchObject({ sent: 0, cancelled: 1 });
    expect(await deliveriesOf(t.db)).toMatchObject([
      { status: "cancelled", error: "the person has left" },
      { status: "cancelled", error: "the person has left" },
    ]);
    expect(smtp.received).toHaveLength(0);
    expect(await t.db.selectFrom("mail_outbox").select("id").execute()).toHaveLength(0);
  });
});

describe("without SMTP_URL, the outbox", () => {
  const outbox = () => ({ ...settings, smtpUrl: undefined });

  test("keeps each email exactly once, as it would be sent; a voting reminder without its address or its unsubscribe link", async () => {
    await given(t.db, "voting-opened", [zh.id]);
    await given(t.db, "voting-reminder", [en.id]);
    expect(await send({ mail: outbox() })).toMatchObject({ sent: 2 });
    expect(await send({ mail: outbox() })).toMatchObject({ sent: 0 });
    expect((await deliveriesOf(t.db)).map((d) => d.status)).toEqual(["sent", "sent"]);
    const kept = await t.db.selectFrom("mail_outbox").selectAll().orderBy("delivery_id").execute();
    expect(kept).toHaveLength(2);
    const [opened, reminder] = kept as [(typeof kept)[0], (typeof kept)[0]];

    expect(opened.to_address).toBe(zh.email);
    expect(opened.headers).toMatchObject({ From: from, To: zh.email, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(opened.headers["List-Unsubscribe"]).toMatch(new RegExp(`^<${publicUrl}/unsubscribe/${zh.id}\\.voting-opened\\.[A-Za-z0-9_-]{22}>$`));
    expect(opened.subject).toBe(messageText("zh-CN", "voting-opened", sampleParams["voting-opened"], "/").title);
    expect(opened.html).toContain(`href="${publicUrl}/campaigns/2026-stars"`);

    // Nothing in the reminder's row says to whom it went.
    expect(reminder.to_address).toBeNull();
    expect(reminder.headers).not.toHaveProperty("To");
    expect(reminder.headers["List-Unsubscribe"]).toBe(`<${publicUrl}/unsubscribe/withheld>`);
    const everything = JSON.stringify(reminder);
    expect(everything).not.toContain(en.email);
    expect(everything).not.toMatch(new RegExp(`unsubscribe/${en.id}\\.`));
    expect(reminder.subject).toBe(messageText("en", "voting-reminder", sampleParams["voting-reminder"], "/").title);
    expect(smtp.received).toHaveLength(0);
  });

  test("quiet hours hold an email for the outbox too", async () => {
    await given(t.db, "congratulated", [zh.id]);
    expect(await send({ mail: outbox(), now: () => new Date("2026-12-06T20:00:00.000Z") })).toMatchObject({ sent: 0, postponed: 1 });
    expect(await t.db.selectFrom("mail_outbox").select("id").execute()).toHaveLength(0);
  });
});

describe("the daily digest", () => {
  test("one email per person lists their notices oldest first; each is marked sent; a second run sends nothing", async () => {
    await t.db.insertInto("notification_settings").values({ person_id: zh.id, email_digest: true }).execute();
    await given(t.db, "nominations-opened", [zh.id, en.id]);
    await given(t.db, "congratulated", [zh.id]);
    await given(t.db, "honor-roll-published", [zh.id]);
    expect((await deliveriesOf(t.db)).map((d) => d.status)).toEqual(["digest", "pending", "digest", "digest"]);

    // The one-by-one sender leaves the digest alone.
    expect((await send()).sent).toBe(1);
    expect(smtp.received.map((m) => m.to)).toEqual([[en.email]]);

    expect(await digests()).toMatchObject({ digests: 1, notices: 3, failed: 0 });
    expect(smtp.received).toHaveLength(2);
    const mail = await smtp.parsed(1);
    const ids = (await deliveriesOf(t.db)).filter((d) => d.personId === zh.id).map((d) => d.id);
    expect(mail.subject).toBe(translate("zh-CN", "mail.digest.subject", { count: 3 }));
    expect(mail.messageId).toBe(`<digest-${ids[0]}@stars.example.com>`);
    const titles = (["nominations-opened", "congratulated", "honor-roll-published"] as const).map(
      (k) => messageText("zh-CN", k, sampleParams[k], "/").title,
    );
    const text = mail.text ?? "";
    expect(titles.map((title) => text.indexOf(title))).toEqual([...titles.map((title) => text.indexOf(title))].sort((a, b) => a - b));
    for (const title of titles) {
      expect(text).toContain(title);
      expect(String(mail.html)).toContain(title);
    }
    expect(text).toContain(`${publicUrl}/notifications`);
    const token = /\/unsubscribe\/([^>]+)>/.exec(header(mail, "List-Unsubscribe") ?? "")?.[1];
    expect(await unsubscribeChoice(t.db, token!)).toEqual({
      ok: true,
      value: { kinds: ["nominations-opened", "honor-roll-published", "congratulated"], off: false },
    });
    expect((await deliveriesOf(t.db)).map((d) => d.status)).toEqual(["sent", "sent", "sent", "sent"]);

    expect(await digests()).toMatchObject({ digests: 0, notices: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  test("a digest refused for now keeps its notices for the next try; one refused for good fails them all", async () => {
    await t.db.insertInto("notification_settings").values({ person_id: zh.id, email_digest: true }).execute();
    await given(t.db, "nominations-opened", [zh.id]);
    await given(t.db, "congratulated", [zh.id]);
    smtp.refuse = () => 452;
    expect(await digests()).toMatchObject({ digests: 0, retried: 1 });
    expect((await deliveriesOf(t.db)).map((d) => [d.status, d.tries])).toEqual([
      ["digest", 1],
      ["digest", 1],
    ]);
    smtp.refuse = () => 550;
    expect(await digests()).toMatchObject({ digests: 0, failed: 1 });
    expect((await deliveriesOf(t.db)).map((d) => d.status)).toEqual(["failed", "failed"]);
    expect(smtp.received).toHaveLength(0);
  });

  test("a voting reminder is never held for the digest (it could arrive after voting closed); the outbox keeps it without an address", async () => {
    await t.db.insertInto("notification_settings").values({ person_id: en.id, email_digest: true }).execute();
    await given(t.db, "voting-reminder", [en.id]);
    await given(t.db, "congratulated", [en.id]);
    expect(await digests({ ...settings, smtpUrl: undefined })).toMatchObject({ digests: 1, notices: 1 });
    await send({ mail: { ...settings, smtpUrl: undefined } });
    const kept = await t.db.selectFrom("mail_outbox").selectAll().orderBy("id").execute();
    expect(kept).toHaveLength(2);
    const reminder = kept.find((k) => k.to_address === null);
    expect(reminder).toBeDefined();
    expect(JSON.stringify(reminder)).not.toContain(en.email);
  });
});

test("the outbox's rows and deliveries stay consistent: every kept email is a sent delivery", async () => {
  await clearNotifications(t.db);
  await given(t.db, "import-failed", [zh.id, en.id]);
  await send({ mail: { ...settings, smtpUrl: undefined } });
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from mail_outbox o join notification_deliveries d on d.id = o.delivery_id where d.status = 'sent'`.execute(t.db);
  expect(rows[0]!.n).toBe(2);
});
