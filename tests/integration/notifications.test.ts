import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { announce } from "../../app/domain/notifications/announce.server";
import { announceVotingReminders, announceReviewWaiting } from "../../app/domain/notifications/events.server";
import { messageText } from "../../app/domain/notifications/message";
import { onePerson } from "../../app/domain/notifications/recipients.server";
import { reviewNomination } from "../../app/domain/nominations/review.server";
import { saveNomination } from "../../app/domain/nominations/saving.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { givenPerson } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { aNomination, givenNominatingCampaign, moveTo, type NominatingCampaign } from "../support/nominations";
import { choose, givenVotingCampaign } from "../support/voting";

// Who hears of what (issue 17's table), written in the transaction of the
// change that causes it: app/domain/notifications/events.server.ts.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

/** The names of the people told of an event of `kind` in the campaign's world, sorted. */
async function told(kind: string, keyPrefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom("notifications as n")
    .innerJoin("people as p", "p.id", "n.person_id")
    .select("p.name")
    .where("n.kind", "=", kind)
    .where("n.event_key", "like", `${keyPrefix}%`)
    .orderBy("p.name")
    .execute();
  return rows.map((r) => r.name);
}

const key = (w: { campaignId: number }, rest: string) => `campaign:${w.campaignId}:${rest}`;

describe("campaign phases", () => {
  test("nominations opening tells the managers whose units meet the scope, nobody else", async () => {
    const w = await givenNominatingCampaign(db);
    // Team A's, team B's and the centre's managers, and the company's (above the scope); not the committee, not staff.
    expect(await told("nominations-opened", key(w, "nominating"))).toEqual(
      [w.manager, w.managerB, w.centreManager, w.companyManager].map((u) => u.name).sort(),
    );
    const n = await db.selectFrom("notifications").select(["link", "params"]).where("event_key", "=", key(w, "nominating")).executeTakeFirstOrThrow();
    expect(n.link).toBe(`/campaigns/${w.slug}/nominate`);
    expect(messageText("en", "nominations-opened", n.params as never, n.link).title).toBe("Nominations are open: 2026 Q4 Service Stars");
    expect(messageText("zh-CN", "nominations-opened", n.params as never, n.link).title).toBe("提名已开始：2026年第四季度服务之星");
  });

  test("voting opening tells the active staff in scope; not the branch outside it, not someone who left", async () => {
    const w = await givenVotingCampaign(db);
    const names = await told("voting-opened", key(w, "voting"));
    for (const u of [w.alice, w.bob, w.carol, w.gina, w.manager, w.managerB, w.centreManager, w.companyManager]) expect(names).toContain(u.name);
    for (const u of [w.dave, w.eve, w.committee]) expect(names).not.toContain(u.name);
  });

  test("publishing tells everyone in scope, with the winners' names", async () => {
    const w = await givenVotingCampaign(db);
    expect((await castBallot(db, w.alice, w.slug, choose(w, [w.starBob]))).ok).toBe(true);
    await moveTo(db, w, "published");
    const n = await db.selectFrom("notifications").select(["params", "link"]).where("event_key", "=", key(w, "published")).executeTakeFirstOrThrow();
    expect(n.link).toBe(`/honor-roll/${w.slug}`);
    expect(messageText("en", "honor-roll-published", n.params as never, n.link).body).toContain("陈芳");
    expect(await told("honor-roll-published", key(w, "published"))).toContain(w.alice.name);
    expect(await told("honor-roll-published", key(w, "published"))).not.toContain(w.dave.name);
  });
});

describe("nominations", () => {
  test("a returned nomination tells its nominator, with the committee's comment; each decision is its own event", async () => {
    const w = await givenNominatingCampaign(db);
    const saved = await saveNomination(db, w.manager, w.slug, null, aNomination(w), { submit: true });
    if (!saved.ok) throw new Error(saved.error);
    const id = saved.value.id;
    expect((await reviewNomination(db, w.committee, w.slug, id, { decision: "return", comment: "请补充客户表扬信。" })).ok).toBe(true);
    const rows = await db
      .selectFrom("notifications")
      .select(["person_id", "kind", "params", "link"])
      .where("event_key", "like", `nomination:${id}:%`)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ person_id: w.manager.id, kind: "nomination-returned", link: `/campaigns/${w.slug}/nominations/${id}` });
    expect(messageText("zh-CN", "nomination-returned", rows[0]!.params as never, rows[0]!.link).body).toContain("请补充客户表扬信。");
    expect(messageText("en", "nomination-returned", rows[0]!.params as never, rows[0]!.link).title).toBe("Your nomination of 李明 was returned");
  });
});

describe("the voting reminder", () => {
  async function remindable(): Promise<Awaited<ReturnType<typeof givenVotingCampaign>>> {
    const w = await givenVotingCampaign(db);
    // Closing in 20 hours: inside the 24 hours before the close.
    await db
      .updateTable("campaigns")
      .set({ closed_at: new Date(Date.now() + 20 * 3600_000) })
      .where("id", "=", w.campaignId)
      .execute();
    return w;
  }

  test("goes once to each eligible voter who has not voted, and to no robot", async () => {
    const w = await remindable();
    await db
      .insertInto("robots")
      .values({
        org_unit_id: (await db.selectFrom("org_units").select("id").where("code", "=", w.units.company).executeTakeFirstOrThrow()).id,
        name: "全公司群",
        platform: "wecom",
        webhook_url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x",
        events: sql`array['voting-opened','publicity-started','honor-roll-published','honor-roll-corrected']::text[]`,
      })
      .execute();
    expect((await castBallot(db, w.alice, w.slug, choose(w, [w.starBob]))).ok).toBe(true);
    await announceVotingReminders(db, new Date());
    const names = await told("voting-reminder", `voting-reminder:${w.campaignId}`);
    expect(names).not.toContain(w.alice.name);
    for (const u of [w.bob, w.carol, w.gina]) expect(names).toContain(u.name);
    // Once: a second run (another instance, a retry) tells nobody again.
    const before = names.length;
    await announceVotingReminders(db, new Date());
    expect(await told("voting-reminder", `voting-reminder:${w.campaignId}`)).toHaveLength(before);
    expect(await db.selectFrom("robot_messages").select("id").where("event_key", "like", "voting-reminder:%").execute()).toEqual([]);
    // What it says: only the reader's own state.
    const n = await db
      .selectFrom("notifications")
      .select(["params", "link"])
      .where("event_key", "=", `voting-reminder:${w.campaignId}`)
      .executeTakeFirstOrThrow();
    expect(Object.keys(n.params as object).sort()).toEqual(["campaign", "closesAt"]);
  });

  test("waits until 24 hours before the close", async () => {
    const w = await givenVotingCampaign(db);
    await db
      .updateTable("campaigns")
      .set({ closed_at: new Date(Date.now() + 30 * 3600_000) })
      .where("id", "=", w.campaignId)
      .execute();
    await announceVotingReminders(db, new Date());
    expect(await told("voting-reminder", `voting-reminder:${w.campaignId}`)).toEqual([]);
  });
});

describe("the committee's digest", () => {
  test("counts the nominations waiting, once a day", async () => {
    const w: NominatingCampaign = await givenNominatingCampaign(db);
    for (const nominee of [w.alice, w.bob]) {
      const saved = await saveNomination(db, w.manager, w.slug, null, aNomination(w, { nominees: [nominee.employeeNo] }), { submit: true });
      if (!saved.ok) throw new Error(saved.error);
    }
    await announceReviewWaiting(db, new Date());
    await announceReviewWaiting(db, new Date());
    const rows = await db
      .selectFrom("notifications")
      .select(["person_id", "params"])
      .where("event_key", "like", `review-waiting:${w.campaignId}:%`)
      .execute();
    // The committee of every world here is the whole organisation's: each member told once, and only members.
    const ids = rows.map((r) => r.person_id);
    expect(ids).toContain(w.committee.id);
    expect(new Set(ids).size).toBe(ids.length);
    const members = await db.selectFrom("person_roles").select("person_id").where("role", "=", "committee").execute();
    expect(ids.every((id) => members.some((m) => m.person_id === id))).toBe(true);
    expect(messageText("en", "review-waiting", rows[0]!.params as never, "/").title).toBe("2 nominations wait for review");
  });
});

describe("the outbox", () => {
  test("nothing is written for a change that rolls back", async () => {
    const p = await givenPerson(db, { unit: (await givenNominatingCampaign(db)).units.teamA, email: "rollback@example.com" });
    await expect(
      db.transaction().execute(async (trx) => {
        await announce(trx, { key: "test:rollback", kind: "congratulated", params: {}, link: "/", recipients: onePerson(p.id) });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.selectFrom("notifications").select("id").where("event_key", "=", "test:rollback").execute()).toEqual([]);
    expect(await db.selectFrom("notifications").select("id").where("person_id", "=", p.id).execute()).toEqual([]);
  });

  test("an email delivery per person with an address who wants it; a digest for those who chose one; none twice", async () => {
    const w = await givenNominatingCampaign(db);
    const withMail = await givenPerson(db, { unit: w.units.teamA, email: "one@example.com" });
    const digest = await givenPerson(db, { unit: w.units.teamA, email: "two@example.com" });
    const noMail = await givenPerson(db, { unit: w.units.teamA, email: "three@example.com" });
    const noAddress = await givenPerson(db, { unit: w.units.teamA, email: null });
    await db.insertInto("notification_settings").values({ person_id: digest.id, email_digest: true }).execute();
    await db.insertInto("notification_preferences").values({ person_id: noMail.id, kind: "congratulated", portal: true, email: false }).execute();
    const everyone = sql<{ id: number }>`select unnest(${sql.val([withMail.id, digest.id, noMail.id, noAddress.id])}::int[]) as id`;
    const event = { key: "test:emails", kind: "congratulated" as const, params: {}, link: "/", recipients: everyone };
    const first = await db.transaction().execute((trx) => announce(trx, event));
    expect(first).toEqual({ notices: 4, emails: 2, robotMessages: 0 });
    expect(await db.transaction().execute((trx) => announce(trx, event))).toEqual({ notices: 0, emails: 0, robotMessages: 0 });
    const deliveries = await db
      .selectFrom("notification_deliveries as d")
      .innerJoin("notifications as n", "n.id", "d.notification_id")
      .select(["n.person_id", "d.status"])
      .where("n.event_key", "=", "test:emails")
      .orderBy("n.person_id")
      .execute();
    expect(deliveries).toEqual([
      { person_id: withMail.id, status: "pending" },
      { person_id: digest.id, status: "digest" },
    ]);
  });

  test("a person who turned the portal off keeps no notice there, except of what needs their action", async () => {
    const w = await givenNominatingCampaign(db);
    const p = await givenPerson(db, { unit: w.units.teamA, email: null });
    await db
      .insertInto("notification_preferences")
      .values([
        { person_id: p.id, kind: "congratulated", portal: false, email: false },
        { person_id: p.id, kind: "nomination-returned", portal: false, email: false },
      ])
      .execute();
    await db.transaction().execute(async (trx) => {
      await announce(trx, { key: "test:quiet", kind: "congratulated", params: {}, link: "/", recipients: onePerson(p.id) });
      await announce(trx, { key: "test:action", kind: "nomination-returned", params: {}, link: "/", recipients: onePerson(p.id) });
    });
    const rows = await db.selectFrom("notifications").select(["event_key", "in_portal"]).where("person_id", "=", p.id).orderBy("event_key").execute();
    expect(rows).toEqual([{ event_key: "test:action", in_portal: true }]);
  });

  test("a robot announces only what it was registered for, for units above or inside the scope", async () => {
    const w = await givenNominatingCampaign(db);
    const unit = async (code: string) => (await db.selectFrom("org_units").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
    const robot = (org_unit_id: number, name: string, events: string[]) => ({
      org_unit_id,
      name,
      platform: "dingtalk" as const,
      secret: "SEC-test",
      webhook_url: "https://oapi.dingtalk.com/robot/send?access_token=x",
      events: sql<string[]>`${sql.val(events)}::text[]`,
    });
    await db
      .insertInto("robots")
      .values([
        robot(await unit(w.units.company), "company", ["voting-opened"]),
        robot(await unit(w.units.teamA), "team A", ["voting-opened"]),
        robot(await unit(w.units.branch), "branch", ["voting-opened"]),
        robot(await unit(w.units.teamB), "team B, roll only", ["honor-roll-published"]),
      ])
      .execute();
    await moveTo(db, w, "voting");
    const rows = await db
      .selectFrom("robot_messages as m")
      .innerJoin("robots as r", "r.id", "m.robot_id")
      .select("r.name")
      .where("m.event_key", "=", key(w, "voting"))
      .orderBy("r.name")
      .execute();
    expect(rows.map((r) => r.name)).toEqual(["company", "team A"]);
  });
});
