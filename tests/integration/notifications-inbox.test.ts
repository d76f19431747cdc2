import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { inboxPage, inboxPageSize, markAllRead, markRead, newestUnread, unreadCount } from "../../app/domain/notifications/inbox.server";
import { unreadCountCap } from "../../app/domain/notifications/unread";
import { err } from "../../app/domain/result";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { givenNotice, withJobQueues } from "../support/notifications";
import { value } from "../support/result";

// A person's notices in the portal (issue 17, item 2): their own only,
// newest first, in the reader's language; opening one marks it read, and
// someone else's is answered as one that does not exist; mark all; the
// bell's count, which stops past 99.

let t: TestDb;
let unit = 0;
beforeAll(async () => {
  t = await createTestDb();
  await withJobQueues(t);
});
afterAll(() => t.close());

/** Two people of a fresh unit: each test its own, so counts are the test's own. */
async function givenTwo(): Promise<{ alice: User; bob: User }> {
  const code = `IN${++unit}`;
  await givenUnit(t.db, code);
  return { alice: await givenPerson(t.db, { unit: code, password: null }), bob: await givenPerson(t.db, { unit: code, password: null }) };
}

const readAt = async (id: string) =>
  (await t.db.selectFrom("notifications").select("read_at").where("id", "=", id).executeTakeFirstOrThrow()).read_at;

describe("the list", () => {
  test("a person sees only their own notices, newest first, in the language they read", async () => {
    const { alice, bob } = await givenTwo();
    await givenNotice(t.db, alice.id, {
      params: { from: "王芳", title: { "zh-CN": "服务之星", en: "Service Star" }, campaign: { "zh-CN": "三季度", en: "Q3" } },
    });
    await givenNotice(t.db, bob.id);
    await givenNotice(t.db, alice.id, {
      params: { from: "李强", title: { "zh-CN": "服务标兵", en: "Service Model" }, campaign: { "zh-CN": "四季度", en: "Q4" } },
    });

    const en = await inboxPage(t.db, alice, "en", 1);
    expect(en.notices.map((n) => n.title)).toEqual(["李强 congratulated you", "王芳 congratulated you"]);
    expect(en.notices[0].body).toBe("李强 congratulated you on Service Model in Q4.");
    expect(en.notices.every((n) => n.unread)).toBe(true);
    expect(en.unread).toBe(2);
    const zh = await inboxPage(t.db, alice, "zh-CN", 1);
    expect(zh.notices[0].body).toBe("李强祝贺您在四季度中荣获「服务标兵」。");
    expect((await inboxPage(t.db, bob, "en", 1)).notices).toHaveLength(1);
  });

  test("a kind the person turned off in the portal is neither listed nor counted (its row stays for email)", async () => {
    const { alice } = await givenTwo();
    await t.db.insertInto("notification_preferences").values({ person_id: alice.id, kind: "congratulated", portal: false, email: true }).execute();
    await givenNotice(t.db, alice.id);
    expect(await t.db.selectFrom("notifications").select("in_portal").where("person_id", "=", alice.id).execute()).toEqual([{ in_portal: false }]);
    const page = await inboxPage(t.db, alice, "en", 1);
    expect(page).toMatchObject({ notices: [], unread: 0, page: 1, pageCount: 1 });
    expect(await unreadCount(t.db, alice)).toBe(0);
  });

  test("pages of twenty, newest first; a page past the last shows the last", async () => {
    const { alice } = await givenTwo();
    for (let i = 0; i < inboxPageSize + 5; i++) await givenNotice(t.db, alice.id);
    const first = await inboxPage(t.db, alice, "en", 1);
    const last = await inboxPage(t.db, alice, "en", 99);
    expect(first.notices).toHaveLength(inboxPageSize);
    expect(first.pageCount).toBe(2);
    expect(last.page).toBe(2);
    expect(last.notices).toHaveLength(5);
    const ids = [...first.notices, ...last.notices].map((n) => BigInt(n.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    expect((await inboxPage(t.db, alice, "en", Number.NaN)).page).toBe(1);
  });

  test("the home page gets the three newest unread and the count", async () => {
    const { alice } = await givenTwo();
    for (let i = 0; i < 5; i++) await givenNotice(t.db, alice.id);
    const newest = (await inboxPage(t.db, alice, "en", 1)).notices;
    value(await markRead(t.db, alice, newest[0].id));
    const home = await newestUnread(t.db, alice, "en");
    expect(home.unread).toBe(4);
    expect(home.notices.map((n) => n.id)).toEqual(newest.slice(1, 4).map((n) => n.id));
  });
});

describe("marking read", () => {
  test("opening a notice marks it read and gives its page; opening it again changes nothing", async () => {
    const { alice } = await givenTwo();
    await givenNotice(t.db, alice.id, { link: "/campaigns/2026-q3/vote" });
    const [notice] = (await inboxPage(t.db, alice, "en", 1)).notices;
    expect(await markRead(t.db, alice, notice.id)).toEqual({ ok: true, value: { link: "/campaigns/2026-q3/vote" } });
    const first = await readAt(notice.id);
    expect(first).not.toBeNull();
    expect(await unreadCount(t.db, alice)).toBe(0);
    value(await markRead(t.db, alice, notice.id));
    expect(await readAt(notice.id)).toEqual(first);
    expect((await inboxPage(t.db, alice, "en", 1)).notices[0].unread).toBe(false);
  });

  test("someone else's notice is not found, exactly as one that does not exist, and stays unread", async () => {
    const { alice, bob } = await givenTwo();
    await givenNotice(t.db, alice.id);
    const [notice] = (await inboxPage(t.db, alice, "en", 1)).notices;
    expect(await markRead(t.db, bob, notice.id)).toEqual(err("common.notFound", 404));
    expect(await markRead(t.db, bob, "999999999999")).toEqual(err("common.notFound", 404));
    for (const id of ["0", "-1", "1e3", "abc", "9".repeat(30), ""]) expect(await markRead(t.db, bob, id)).toEqual(err("common.notFound", 404));
    expect(await readAt(notice.id)).toBeNull();
    expect(await unreadCount(t.db, alice)).toBe(1);
  });

  test("mark all as read marks the person's own and nobody else's", async () => {
    const { alice, bob } = await givenTwo();
    for (let i = 0; i < 3; i++) await givenNotice(t.db, alice.id);
    await givenNotice(t.db, bob.id);
    expect(await markAllRead(t.db, alice)).toBe(3);
    expect(await unreadCount(t.db, alice)).toBe(0);
    expect(await unreadCount(t.db, bob)).toBe(1);
    expect(await markAllRead(t.db, alice)).toBe(0);
  });
});

describe("the bell's count", () => {
  test("counts unread portal notices and stops one past the cap", async () => {
    const { alice } = await givenTwo();
    // As many notices as a fan-out leaves, written at once (the count, not announce(), is under test).
    await sql`insert into notifications (event_key, kind, person_id, link)
      select 'bulk:' || g, 'voting-opened', ${alice.id}, '/campaigns' from generate_series(1, ${unreadCountCap + 20}) g`.execute(t.db);
    expect(await unreadCount(t.db, alice)).toBe(unreadCountCap + 1);
    expect((await inboxPage(t.db, alice, "en", 1)).unread).toBe(unreadCountCap + 1);
  });

  test("the count is answered from the partial index of unread notices", async () => {
    const { alice } = await givenTwo();
    await sql`set enable_seqscan = off`.execute(t.db);
    try {
      const { rows } = await sql<{ "QUERY PLAN": string }>`explain select count(*) from (
        select 1 from notifications where person_id = ${alice.id} and read_at is null and in_portal limit 100) u`.execute(t.db);
      expect(rows.map((r) => r["QUERY PLAN"]).join("\n")).toContain("notifications_unread_idx");
    } finally {
      await sql`reset enable_seqscan`.execute(t.db);
    }
  });
});
