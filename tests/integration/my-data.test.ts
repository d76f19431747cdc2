import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { signIn } from "../../app/domain/auth/auth.server";
import type { User } from "../../app/domain/auth/user";
import { saveNotificationSettings } from "../../app/domain/notifications/preferences.server";
import { exportMyData, myDataRate, type MyData } from "../../app/domain/people/my-data.server";
import { grantRole, issuePasswordLink } from "../../app/domain/people/people.server";
import { congratulate } from "../../app/domain/publishing/congratulations.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { createTestDb, type TestDb } from "../support/db";
import { givenMetric } from "../support/metrics";
import { givenNotice } from "../support/notifications";
import { givenPhoto, givenPublishedCampaign, type PublishingWorld } from "../support/publishing";
import { value } from "../support/result";
import { choose, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// A person's own data (issue 19, item 5): /settings/my-data.json holds
// everything the portal keeps about them — and nothing of anybody else's
// beyond the names it already shows them, no secret, and of ballots only
// their own receipt codes.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

/** Signs in for real from an address and a browser; returns the session token (the cookie's value). */
async function signedIn(person: User, ip: string, userAgent: string): Promise<string> {
  const r = await signIn(db, { identifier: person.employeeNo, password: "correct horse battery", ip, userAgent });
  return value(r).token;
}

const wrongPassword = (person: User, ip: string) => signIn(db, { identifier: person.employeeNo, password: "not my password", ip });

/** The export as the route sends it: JSON text. */
async function downloaded(user: User): Promise<{ data: MyData; text: string }> {
  const data = value(await exportMyData(db, user));
  return { data, text: JSON.stringify(data) };
}

describe("what a person downloads", () => {
  let w: PublishingWorld;
  let aliceToken: string;
  let bobToken: string;
  let linkToken: string;
  let alicePhoto: number;

  beforeAll(async () => {
    // Alice won the star and the model titles; Bob was nominated (approved, not a winner); Carol too, by another manager.
    w = await givenPublishedCampaign(db);
    aliceToken = await signedIn(w.alice, "198.51.100.11", "AliceBrowser/1.0 (Alice's laptop)");
    await wrongPassword(w.alice, "203.0.113.45");
    bobToken = await signedIn(w.bob, "192.0.2.77", "BobBrowser/2.0 (Bob's phone)");
    await wrongPassword(w.bob, "192.0.2.99");
    value(await congratulate(db, w.bob, { employeeNo: w.alice.employeeNo, nominationId: w.starAlice, message: "实至名归！" }));
    value(await congratulate(db, w.carol, { employeeNo: w.alice.employeeNo, nominationId: w.modelAlice, message: "向你学习" }));
    await givenNotice(db, w.alice.id, {
      key: "my-data:alice",
      params: { from: "鲍勃", title: { "zh-CN": "服务之星", en: "Service Star" }, campaign: { "zh-CN": "本季", en: "This quarter" } },
    });
    await givenNotice(db, w.bob.id, {
      key: "my-data:bob",
      params: { from: "BOB-ONLY-NOTICE", title: { "zh-CN": "服务之星", en: "Service Star" }, campaign: { "zh-CN": "本季", en: "This quarter" } },
    });
    value(await saveNotificationSettings(db, w.alice, { kinds: [], emailDigest: true, quietHours: true }));
    linkToken = value(await issuePasswordLink(db, w.admin, w.alice.employeeNo)).token;
    value(await grantRole(db, w.admin, { employeeNo: w.bob.employeeNo, role: "committee", unitCode: null }));
    alicePhoto = await givenPhoto(db, w.alice, "#27ae60");
    // Her first figure was taken from the call-centre system (as the form stores it when it matches the import).
    const satisfaction = await givenMetric(db);
    await db
      .updateTable("nomination_metrics")
      .set({ origin: "imported", metric_id: satisfaction.id, source_system: "CRM", imported_at: new Date("2026-12-01T02:00:00Z") })
      .where("nomination_id", "=", w.starAlice)
      .where("position", "=", 0)
      .execute();
  }, 120_000);

  test("contains their record, roles, nominations about them with what was written, congratulations, sessions, sign-in attempts, settings, notifications, audit and uploads", async () => {
    const { data } = await downloaded(w.alice);
    const person = await db.selectFrom("people").selectAll().where("id", "=", w.alice.id).executeTakeFirstOrThrow();
    expect(data.about).toMatchObject({ format: "service-stars/my-data", version: 1 });
    expect(data.person).toMatchObject({
      employeeNo: w.alice.employeeNo,
      name: w.alice.name,
      email: person.email,
      hireDate: "2015-06-01",
      status: "active",
      hasPassword: true,
      unit: { code: w.units.teamA },
    });
    expect(data.roles.map((r) => r.role)).toEqual(["staff"]);

    // Both nominations about Alice, as stored: stories, metrics, photos, citation.
    expect(data.nominations.aboutYou.map((n) => n.id).sort()).toEqual([w.starAlice, w.modelAlice].sort());
    const star = data.nominations.aboutYou.find((n) => n.id === w.starAlice)!;
    const stories = await db.selectFrom("nomination_stories").select(["body"]).where("nomination_id", "=", w.starAlice).orderBy("position").execute();
    const [{ citation }] = await db.selectFrom("nominations").select("citation").where("id", "=", w.starAlice).execute();
    expect(star.stories.map((s) => s.body)).toEqual(stories.map((s) => s.body));
    expect(star.citation).toBe(citation);
    expect(star.metrics.length).toBeGreaterThan(0);
    expect(typeof star.metrics[0].value).toBe("number");
    // Where each figure came from, as every page says it: the first from the call-centre system, the others typed by the nominator.
    expect(star.metrics.map((m) => [m.origin, m.sourceSystem, m.importedAt])).toEqual(
      star.metrics.map((_, i) => (i === 0 ? ["imported", "CRM", new Date("2026-12-01T02:00:00Z")] : ["entered", null, null])),
    );
    expect(star.photos.map((p) => p.mediaId)).toEqual(w.photos);
    expect(star.nominator).toBe(w.manager.name);
    expect(star.status).toBe("winner");
    expect(data.nominations.byYou).toEqual([]);

    expect(data.congratulations.received.map((c) => [c.with, c.message]).sort()).toEqual(
      [
        [w.bob.name, "实至名归！"],
        [w.carol.name, "向你学习"],
      ].sort(),
    );
    expect(data.congratulations.given).toEqual([]);

    expect(data.sessions).toHaveLength(1);
    expect(data.sessions[0]).toMatchObject({ userAgent: "AliceBrowser/1.0 (Alice's laptop)", active: true });
    expect(data.signInAttempts).toEqual([{ ip: "203.0.113.45", failures: 1, lastAttemptAt: expect.any(Date) }]);
    expect(data.passwordLinks).toEqual([{ createdAt: expect.any(Date), expiresAt: expect.any(Date), usedAt: null }]);
    expect(data.notificationSettings).toMatchObject({ emailDigest: true, quietHours: true });
    expect(data.notifications.some((n) => (n.params as { from?: string }).from === "鲍勃")).toBe(true);

    expect(data.auditLog.byYou.map((a) => a.action)).toContain("auth.signed_in");
    // An administrator's action about Alice, with who did it.
    expect(data.auditLog.aboutYou).toContainEqual(
      expect.objectContaining({ action: "password.link_issued", by: w.admin.name, subjectId: w.alice.employeeNo }),
    );
    expect(data.uploads.map((u) => u.id)).toEqual([alicePhoto]);
  });

  test("contains nothing of another person's: no one else's sessions, addresses, notifications, or nominations by others about others", async () => {
    const { data, text } = await downloaded(w.alice);
    for (const secretOfBob of ["BobBrowser", "192.0.2.77", "192.0.2.99", "BOB-ONLY-NOTICE"]) expect(text).not.toContain(secretOfBob);
    const about = [...data.nominations.aboutYou, ...data.nominations.byYou].map((n) => n.id);
    for (const others of [w.starBob, w.starCarol, w.starGina, w.modelTeam]) expect(about).not.toContain(others);
    // The rejection's comment was for Gina's nominator: nowhere in Alice's file.
    expect(text).not.toContain("证据不足");
    // Bob's role change is in the administrator's file as what and when, without Bob's roles.
    const admin = await downloaded(w.admin);
    const granted = admin.data.auditLog.byYou.find((a) => a.action === "role.granted");
    expect(granted).toEqual({ at: expect.any(Date), action: "role.granted", subjectType: "person", subjectId: w.bob.employeeNo });
  });

  test("holds no token, no token's hash, no password hash", async () => {
    const { text } = await downloaded(w.alice);
    const [person] = await db.selectFrom("people").select("password_hash").where("id", "=", w.alice.id).execute();
    const sessions = await db.selectFrom("sessions").select("id").execute();
    const links = await db.selectFrom("password_tokens").select("id").execute();
    const secrets = [aliceToken, bobToken, linkToken, person.password_hash!, ...sessions.map((s) => s.id), ...links.map((l) => l.id)];
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/\$argon2/);
  });

  test("each download is audited; more than the hour's allowance is refused and writes nothing more", async () => {
    const carol = w.carol;
    for (let i = 0; i < myDataRate.max; i++) value(await exportMyData(db, carol));
    const refused = await exportMyData(db, carol);
    expect(refused).toEqual({ ok: false, error: "myData.rateLimited", status: 429, vars: { count: myDataRate.max } });
    const entries = await db
      .selectFrom("audit_log")
      .select("id")
      .where("action", "=", "person.data_exported")
      .where("actor_id", "=", carol.id)
      .execute();
    expect(entries).toHaveLength(myDataRate.max);
  });

  test("a fixed number of statements, however much there is", async () => {
    const before = await statementsOf((observed) => exportMyData(observed, w.bob));
    await givenNotice(db, w.bob.id);
    await givenNotice(db, w.bob.id);
    await signedIn(w.bob, "192.0.2.78", "BobBrowser/3.0");
    const after = await statementsOf((observed) => exportMyData(observed, w.bob));
    expect(after.length).toBe(before.length);
    expect(after.length).toBeLessThanOrEqual(20);
  });
});

/**
 * What a call sends to the database, one entry per statement (its query tree
 * as JSON), seen by a Kysely plugin on a copy of the test's database object:
 * it sees every statement, those inside the call's transaction included.
 */
async function statementsOf(call: (db: Db) => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const observed = db.withPlugin({
    transformQuery: (args) => {
      seen.push(JSON.stringify(args.node));
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  await call(observed);
  return seen;
}

describe("ballots", () => {
  let v: VotingCampaign;
  beforeAll(async () => {
    v = await givenVotingCampaign(db);
  }, 120_000);

  test("their own ballot appears only as its current receipt code while voting is open; never a choice, never another voter's", async () => {
    value(await castBallot(db, v.alice, v.slug, choose(v, [v.starBob])));
    const changed = value(await castBallot(db, v.alice, v.slug, choose(v, [v.starCarol], 1)));
    const bobs = value(await castBallot(db, v.bob, v.slug, choose(v, [v.starCarol])));
    const { data, text } = await downloaded(v.alice);
    // A replaced ballot belongs to nobody any more (decision 0041): only the current one is hers.
    expect(data.ballots).toEqual([
      {
        campaign: expect.objectContaining({ slug: v.slug }),
        title: expect.objectContaining({ slug: v.star.slug }),
        receipt: changed.receipt,
      },
    ]);
    expect(text).not.toContain(bobs.receipt);
    // Nothing names what she chose: the chosen nominations appear nowhere (they are about others, by others).
    const ids = [...data.nominations.aboutYou, ...data.nominations.byYou].map((n) => n.id);
    expect(ids).not.toContain(v.starBob);
    expect(ids).not.toContain(v.starCarol);
    expect(text).not.toMatch(/"nomination_?[iI]d":\s*(\d+)/);
    // The audit entry of her vote says that, not whom for.
    const cast = data.auditLog.byYou.filter((a) => a.action === "ballot.cast");
    expect(cast).toHaveLength(2);
    for (const entry of cast) expect(entry.after).toEqual({ campaign: v.slug, title: v.star.slug });
  });

  test("one statement reads the ballots, and none reads ballot_choices", async () => {
    const seen = await statementsOf(async (observed) => value(await exportMyData(observed, v.alice)));
    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => s.includes('"ballot_choices"'))).toEqual([]);
    expect(seen.filter((s) => s.includes('"ballots"'))).toHaveLength(1);
  });

  test("once the vote is closed the export holds no receipt: nothing links her to a ballot any more", async () => {
    value(await moveCampaign(db, v.admin, v.slug, "closed"));
    const { data } = await downloaded(v.alice);
    expect(data.ballots).toEqual([]);
  });
});
