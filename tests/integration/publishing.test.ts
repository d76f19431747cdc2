import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Db } from "../../db/client";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { correctHonorRoll } from "../../app/domain/publishing/corrections.server";
import { honorRoll, honorRollHead, rollVersionsTtlMs } from "../../app/domain/publishing/read-roll.server";
import { honoursOf } from "../../app/domain/publishing/honours.server";
import { listHonorRolls } from "../../app/domain/publishing/roll-list.server";
import { publishingPage } from "../../app/domain/publishing/publish-page.server";
import type { HonorRollSnapshot } from "../../app/domain/publishing/snapshot";
import { createTestDb, type TestDb } from "../support/db";
import { givenPublishedCampaign, givenRatifiedCampaign, type PublishingWorld } from "../support/publishing";
import { value } from "../support/result";

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

/** Everything publishing may write for a campaign. */
async function stored(w: Pick<PublishingWorld, "campaignId" | "slug">) {
  const [rolls, entries, campaign, audit] = await Promise.all([
    db.selectFrom("honor_rolls").select(["version", "reason", "snapshot"]).where("campaign_id", "=", w.campaignId).orderBy("version").execute(),
    db.selectFrom("honor_roll_entries").selectAll().where("campaign_id", "=", w.campaignId).execute(),
    db.selectFrom("campaigns").select("status").where("id", "=", w.campaignId).executeTakeFirstOrThrow(),
    db
      .selectFrom("audit_log")
      .select(["action", "after"])
      .where("subject_id", "=", w.slug)
      .where("action", "like", "publishing.%")
      .orderBy("id")
      .execute(),
  ]);
  return { rolls, entries, status: campaign.status, audit };
}

const snapshotOf = async (slug: string, version?: number) => (await honorRoll(db, value(await honorRollHead(db, slug, version)))).snapshot;

describe("publishing freezes the honour roll", () => {
  test("publishing writes version 1: the winners by title with citation, the first photo and the title's metrics, and an entry per person", async () => {
    const w = await givenPublishedCampaign(db);
    const s = await snapshotOf(w.slug);
    expect(s.format).toBe(1);
    expect(s.campaign).toMatchObject({ slug: w.slug, id: w.campaignId });
    expect(s.titles.map((x) => x.slug)).toEqual([w.star.slug, w.model.slug]);
    const [star] = s.titles[0].winners;
    expect(star.nominationId).toBe(w.starAlice);
    expect(star.nominees.map((p) => p.employeeNo)).toEqual([w.alice.employeeNo]);
    expect(star.citation).toContain("零投诉");
    expect(star.photo).toMatchObject({ mediaId: w.photos[0], caption: "照片1" });
    expect(star.metrics.map((m) => [m.name, m.nameEn])).toEqual([["客户满意度", "Customer satisfaction"]]);
    expect(star.principles.length).toBeGreaterThan(0);
    const after = await stored(w);
    expect(after.status).toBe("published");
    expect(after.rolls.map((r) => [r.version, r.reason])).toEqual([[1, null]]);
    expect(after.entries.map((e) => e.person_id).sort()).toEqual(
      [...s.titles.flatMap((x) => x.winners.flatMap((wi) => wi.nominees.map((p) => p.personId)))].sort(),
    );
    const winners = s.titles.reduce((n, x) => n + x.winners.length, 0);
    expect(after.audit).toEqual([{ action: "publishing.roll_published", after: { version: 1, winners } }]);
  });

  test("the administrator's choices of photo and headline metrics are what is published", async () => {
    const w = await givenRatifiedCampaign(db);
    const page = value(await publishingPage(db, w.admin, w.slug));
    expect(page.mode).toBe("publish");
    const star = page.titles[0].winners[0];
    expect(star.photos.map((p) => p.mediaId)).toEqual(w.photos);
    expect(star.chosen.photoMediaId).toBe(w.photos[0]);
    const metricIds = star.metrics.map((m) => m.id);
    value(await moveCampaign(db, w.admin, w.slug, "published", [{ nominationId: w.starAlice, photoMediaId: w.photos[1], metricIds: [] }]));
    const s = await snapshotOf(w.slug);
    expect(s.titles[0].winners[0].photo?.mediaId).toBe(w.photos[1]);
    expect(s.titles[0].winners[0].metrics).toEqual([]);
    expect(metricIds.length).toBeGreaterThan(0);
  });

  test("a photo of another nomination is refused, and the campaign stays closed with no roll", async () => {
    const w = await givenRatifiedCampaign(db);
    const before = await stored(w);
    const r = await moveCampaign(db, w.admin, w.slug, "published", [{ nominationId: w.modelAlice, photoMediaId: w.photos[0], metricIds: [] }]);
    expect(r).toEqual({ ok: false, error: "publishing.choice.photo", status: 400 });
    expect(await stored(w)).toEqual(before);
    expect(before.status).toBe("closed");
  });

  test("an unpublished campaign's winners are on no roll and in nobody's honours", async () => {
    const w = await givenRatifiedCampaign(db);
    expect(await honorRollHead(db, w.slug)).toEqual({ ok: false, error: "honorRoll.notFound", status: 404 });
    expect((await listHonorRolls(db)).map((r) => r.slug)).not.toContain(w.slug);
    expect((await honoursOf(db, w.alice.id)).filter((h) => h.rollSlug === w.slug)).toEqual([]);
  });

  test("a published version cannot be changed or removed in the database", async () => {
    const w = await givenPublishedCampaign(db);
    await expect(sql`update honor_rolls set reason = 'x' where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from honor_roll_entries where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/immutable/);
    expect((await stored(w)).rolls).toHaveLength(1);
  });

  test("a later edit of the nomination does not change what was published", async () => {
    const w = await givenPublishedCampaign(db);
    await db.updateTable("nominations").set({ citation: "改过的颁奖词" }).where("id", "=", w.starAlice).execute();
    expect((await snapshotOf(w.slug)).titles[0].winners[0].citation).toContain("零投诉");
  });
});

describe("corrections", () => {
  test("a correction publishes the next version with its reason; the old version stays readable", async () => {
    const w = await givenPublishedCampaign(db);
    const r = await correctHonorRoll(
      db,
      w.admin,
      w.slug,
      [{ nominationId: w.starAlice, photoMediaId: w.photos[1], metricIds: [], citation: "更正后的颁奖词。" }],
      "照片选错了，换成颁奖现场的照片。",
    );
    expect(value(r)).toEqual({ version: 2 });
    const head = value(await honorRollHead(db, w.slug));
    expect(head).toMatchObject({ version: 2, latestVersion: 2 });
    const v2 = await honorRoll(db, head);
    expect(v2.reason).toBe("照片选错了，换成颁奖现场的照片。");
    expect(v2.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(v2.snapshot.titles[0].winners[0]).toMatchObject({ citation: "更正后的颁奖词。", photo: { mediaId: w.photos[1] } });
    // The model title's winner was not named: it keeps what version 1 had.
    const v1 = await snapshotOf(w.slug, 1);
    expect(v2.snapshot.titles[1]).toEqual(v1.titles[1]);
    expect(v1.titles[0].winners[0].photo?.mediaId).toBe(w.photos[0]);
    expect(value(await honorRollHead(db, w.slug, 1))).toMatchObject({ version: 1, latestVersion: 2 });
    // Honours and the list read the newest version.
    expect((await honoursOf(db, w.alice.id)).find((h) => h.rollSlug === w.slug && h.title.slug === w.star.slug)?.winner.citation).toBe(
      "更正后的颁奖词。",
    );
    expect((await listHonorRolls(db)).find((x) => x.slug === w.slug)?.version).toBe(2);
    const winners = v2.snapshot.titles.reduce((n, x) => n + x.winners.length, 0);
    expect((await stored(w)).audit.at(-1)).toEqual({
      action: "publishing.roll_corrected",
      after: { version: 2, winners, reason: "照片选错了，换成颁奖现场的照片。" },
    });
  });

  test("refusals change nothing: no reason, nothing changed, not an administrator, not published", async () => {
    const w = await givenPublishedCampaign(db);
    const before = await stored(w);
    const choice = [{ nominationId: w.starAlice, photoMediaId: w.photos[1], metricIds: [] }];
    expect(await correctHonorRoll(db, w.admin, w.slug, choice, "  ")).toMatchObject({ ok: false, error: "publishing.reason.length", status: 400 });
    expect(await correctHonorRoll(db, w.admin, w.slug, [], "没有改动的更正")).toEqual({ ok: false, error: "publishing.unchanged", status: 409 });
    expect(await correctHonorRoll(db, w.committee, w.slug, choice, "评审想改照片")).toEqual({ ok: false, error: "common.forbidden", status: 403 });
    expect(await stored(w)).toEqual(before);
    const closed = await givenRatifiedCampaign(db);
    expect(await correctHonorRoll(db, closed.admin, closed.slug, [], "还没发布的评选")).toEqual({
      ok: false,
      error: "publishing.notPublished",
      status: 409,
    });
  });
});

describe("reading", () => {
  test("the list filters by year, org unit and title, and a person's honours carry the snapshot", async () => {
    const w = await givenPublishedCampaign(db);
    const all = await listHonorRolls(db);
    const mine = all.find((r) => r.slug === w.slug)!;
    expect(mine.version).toBe(1);
    expect(mine.winners).toBe((await snapshotOf(w.slug)).titles.reduce((n, x) => n + x.winners.length, 0));
    expect(mine.titles.map((x) => x.slug)).toEqual([w.star.slug, w.model.slug]);
    expect((await listHonorRolls(db, { year: mine.year })).map((r) => r.slug)).toContain(w.slug);
    expect((await listHonorRolls(db, { year: mine.year + 1 })).map((r) => r.slug)).not.toContain(w.slug);
    expect((await listHonorRolls(db, { unit: w.units.company })).map((r) => r.slug)).toContain(w.slug);
    expect((await listHonorRolls(db, { unit: w.units.branch })).map((r) => r.slug)).not.toContain(w.slug);
    expect((await listHonorRolls(db, { title: w.star.slug })).map((r) => r.slug)).toContain(w.slug);
    expect((await listHonorRolls(db, { title: w.notOffered.slug })).map((r) => r.slug)).not.toContain(w.slug);
    const honours = (await honoursOf(db, w.alice.id)).filter((h) => h.rollSlug === w.slug);
    expect(honours.map((h) => h.title.slug).sort()).toEqual([w.model.slug, w.star.slug].sort());
  });

  test("the snapshot is plain JSON that reads back equal", async () => {
    const w = await givenPublishedCampaign(db);
    const s: HonorRollSnapshot = await snapshotOf(w.slug);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  test("a roll's versions are read at most once a second per instance: a correction made here is seen at once, one made on another instance within the second, a first publication at once", async () => {
    const w = await givenRatifiedCampaign(db);
    expect(await honorRollHead(db, w.slug)).toMatchObject({ ok: false, status: 404 });
    await moveCampaign(db, w.admin, w.slug, "published");
    expect(value(await honorRollHead(db, w.slug))).toMatchObject({ version: 1, latestVersion: 1 });

    // Another instance: its own database handle on the same database.
    const elsewhere = db.withoutPlugins();
    const start = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(start);
    try {
      value(await honorRollHead(db, w.slug));
      value(
        await correctHonorRoll(
          elsewhere,
          w.admin,
          w.slug,
          [{ nominationId: w.starAlice, photoMediaId: w.photos[1], metricIds: [] }],
          "另一台服务器上的更正。",
        ),
      );
      expect(value(await honorRollHead(db, w.slug))).toMatchObject({ latestVersion: 1 });
      expect(await honorRollHead(db, w.slug, 2)).toMatchObject({ ok: false, status: 404 });
      clock.mockReturnValue(start + rollVersionsTtlMs);
      expect(value(await honorRollHead(db, w.slug))).toMatchObject({ version: 2, latestVersion: 2 });

      value(
        await correctHonorRoll(db, w.admin, w.slug, [{ nominationId: w.starAlice, photoMediaId: w.photos[0], metricIds: [] }], "换回原来的照片。"),
      );
      expect(value(await honorRollHead(db, w.slug))).toMatchObject({ version: 3, latestVersion: 3 });
      expect(value(await honorRollHead(db, w.slug, 1))).toMatchObject({ version: 1, latestVersion: 3 });
    } finally {
      clock.mockRestore();
    }
  });
});
