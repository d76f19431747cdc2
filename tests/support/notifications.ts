/**
 * Notices for tests of their delivery, written as the app writes them
 * (announce() in a transaction):
 *
 *   await withJobQueues(t)                         // once per file: announce() nudges the delivery queues
 *   await given(t.db, "voting-opened", [alice.id, bob.id], { campaign: bilingual("2026年服务之星", "2026 Service Stars") })
 *   await deliveriesOf(t.db)                       // every email delivery with its notice's kind and person
 */
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { announce, type Announced, type Announcement } from "../../app/domain/notifications/announce.server";
import type { MessageParams, NotificationKind } from "../../app/domain/notifications/kinds";
import { onePerson } from "../../app/domain/notifications/recipients.server";
import { startJobEngine } from "../../app/jobs/engine.server";
import { queues } from "../../app/jobs/queues";
import type { TestDb } from "./db";

/** Creates the job engine's tables and the app's queues (announce() sends its nudges there), then stops it. */
export async function withJobQueues(t: Pick<TestDb, "handle" | "databaseUrl">): Promise<void> {
  const engine = await startJobEngine({ database: t.handle, directUrl: t.databaseUrl, queues });
  await engine.stop(1_000);
}

export const bilingual = (zh: string, en: string) => ({ "zh-CN": zh, en });

/** What each kind's message names, for a test that does not care. */
export const sampleParams: Record<NotificationKind, MessageParams> = {
  "nominations-opened": { campaign: bilingual("2026年服务之星", "2026 Service Stars") },
  "nomination-returned": {
    campaign: bilingual("2026年服务之星", "2026 Service Stars"),
    nominee: "梁晓岚",
    title: bilingual("最佳服务明星", "Best Service Star"),
    comment: "请补充业绩指标。",
  },
  "nomination-approved": {
    campaign: bilingual("2026年服务之星", "2026 Service Stars"),
    nominee: "梁晓岚",
    title: bilingual("最佳服务明星", "Best Service Star"),
  },
  "nomination-rejected": {
    campaign: bilingual("2026年服务之星", "2026 Service Stars"),
    nominee: "梁晓岚",
    title: bilingual("最佳服务明星", "Best Service Star"),
    comment: "材料不足。",
  },
  "review-waiting": { campaign: bilingual("2026年服务之星", "2026 Service Stars"), count: 3 },
  "voting-opened": { campaign: bilingual("2026年服务之星", "2026 Service Stars"), closesAt: "2026-12-10T10:00:00.000Z" },
  "voting-reminder": { campaign: bilingual("2026年服务之星", "2026 Service Stars"), closesAt: "2026-12-10T10:00:00.000Z" },
  "publicity-started": {
    campaign: bilingual("2026年服务之星", "2026 Service Stars"),
    winners: ["梁晓岚", "陈志强"],
    endsAt: "2026-12-20T10:00:00.000Z",
  },
  "objection-filed": { campaign: bilingual("2026年服务之星", "2026 Service Stars"), title: bilingual("最佳服务明星", "Best Service Star") },
  "objection-resolved": {
    campaign: bilingual("2026年服务之星", "2026 Service Stars"),
    title: bilingual("最佳服务明星", "Best Service Star"),
    outcome: bilingual("异议不成立", "dismissed"),
  },
  "honor-roll-published": { campaign: bilingual("2026年服务之星", "2026 Service Stars"), winners: ["梁晓岚", "陈志强"] },
  "honor-roll-corrected": { campaign: bilingual("2026年服务之星", "2026 Service Stars"), version: 2 },
  congratulated: {
    campaign: bilingual("2026年服务之星", "2026 Service Stars"),
    from: "陈志强",
    title: bilingual("最佳服务明星", "Best Service Star"),
  },
  "import-finished": { id: 7, file: "staff.csv" },
  "import-failed": { id: 8, file: "staff.csv" },
  "job-failed": { queue: "import-file", error: "timeout" },
};

let serial = 0;

/** One event of a kind announced to these people, committed. */
export async function given(
  db: Db,
  kind: NotificationKind,
  personIds: readonly number[],
  options: { params?: MessageParams; link?: string; key?: string } = {},
): Promise<Announced & { key: string }> {
  const key = options.key ?? `test:${kind}:${++serial}:${Date.now()}`;
  const recipients = sql<{ id: number }>`select id from people where id in (${sql.join(personIds)})`;
  const written = await db
    .transaction()
    .execute((trx) =>
      announce(trx, { key, kind, params: options.params ?? sampleParams[kind], link: options.link ?? "/campaigns/2026-stars", recipients }),
    );
  return { ...written, key };
}

export interface DeliveryState {
  id: string;
  kind: string;
  personId: number;
  eventKey: string;
  status: string;
  tries: number;
  notBefore: Date;
  error: string | null;
}

/** Every email delivery, oldest first. */
export async function deliveriesOf(db: Db): Promise<DeliveryState[]> {
  const { rows } = await sql<DeliveryState>`
    select d.id::text as id, n.kind, n.person_id as "personId", n.event_key as "eventKey", d.status, d.tries, d.not_before as "notBefore", d.error
    from notification_deliveries d join notifications n on n.id = d.notification_id order by d.id`.execute(db);
  return rows.map((r) => ({ ...r, notBefore: new Date(r.notBefore) }));
}

/** As if their time had come: every waiting delivery is due now. */
export async function makeDue(db: Db): Promise<void> {
  await sql`update notification_deliveries set not_before = now() - interval '1 second' where status = 'pending'`.execute(db);
}

/** Between tests: no notices, deliveries, outbox or choices left. */
export async function clearNotifications(db: Db): Promise<void> {
  await sql`delete from mail_outbox`.execute(db);
  await sql`delete from notifications`.execute(db);
  await sql`delete from notification_preferences`.execute(db);
  await sql`delete from notification_settings`.execute(db);
  await sql`delete from notification_defaults`.execute(db);
}

let noticeSerial = 0;

/**
 * One notice to one person, announced as a use-case does (in its own
 * transaction, the person's choices applied): a congratulation, each from
 * another colleague and campaign, unless told.
 */
export async function givenNotice(db: Db, personId: number, a: Partial<Omit<Announcement, "recipients">> = {}) {
  const n = ++noticeSerial;
  return db.transaction().execute((trx) =>
    announce(trx, {
      key: a.key ?? `test:notice:${n}:${Date.now()}`,
      kind: a.kind ?? "congratulated",
      params: a.params ?? {
        from: `同事${n}`,
        title: { "zh-CN": "服务之星", en: "Service Star" },
        campaign: { "zh-CN": `活动${n}`, en: `Campaign ${n}` },
      },
      link: a.link ?? `/people/T${n}`,
      recipients: onePerson(personId),
    }),
  );
}

/** A person's id by employee number. */
export const personId = async (db: Db, employeeNo: string) =>
  (await db.selectFrom("people").select("id").where("employee_no", "=", employeeNo).executeTakeFirstOrThrow()).id;

/**
 * These people turn quiet hours off (issue 17, item 5), so that a test which
 * sends through a real server or worker, on the wall clock, is not held until
 * 08:00 in the organisation's zone when it runs at night there. The quiet
 * hours themselves are tested with a clock of their own
 * (tests/integration/email-delivery.test.ts).
 */
export async function withoutQuietHours(db: Db, personIds: readonly number[]): Promise<void> {
  if (!personIds.length) return;
  await db
    .insertInto("notification_settings")
    .values(personIds.map((id) => ({ person_id: id, quiet_hours: false })))
    .onConflict((oc) => oc.column("person_id").doUpdateSet({ quiet_hours: false }))
    .execute();
}

/**
 * An email that failed for good or is in doubt, as the sender leaves it: its
 * notice, and its delivery with its tries and the mail server's answer. For
 * pages that list such emails (tests/integration/email-resend.test.ts makes
 * them through a real mail server instead): nothing is nudged, and no worker
 * takes it. Returns the delivery's id.
 */
export async function givenEmailProblem(
  db: Db,
  personId: number,
  kind: NotificationKind,
  status: "failed" | "in_doubt",
  options: { key?: string; link?: string } = {},
): Promise<string> {
  const notice = await db
    .insertInto("notifications")
    .values({
      event_key: options.key ?? `test:problem:${++serial}:${Date.now()}`,
      kind,
      person_id: personId,
      params: JSON.stringify(sampleParams[kind]),
      link: options.link ?? "/campaigns",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const delivery = await db
    .insertInto("notification_deliveries")
    .values({
      notification_id: notice.id,
      channel: "email",
      status,
      tries: status === "failed" ? 5 : 1,
      error: status === "failed" ? "EENVELOPE 550: 550 no such mailbox" : "the sender stopped while handing it over",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return String(delivery.id);
}
