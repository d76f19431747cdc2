import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { homeFor } from "../../app/domain/home/home.server";
import { correctHonorRoll } from "../../app/domain/publishing/corrections.server";
import { latestHonorRoll } from "../../app/domain/publishing/honours.server";
import { publishingPage } from "../../app/domain/publishing/publish-page.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { createTestDb, type TestDb } from "../support/db";
import { moveTo, ratifyAll } from "../support/nominations";
import { givenPublishedCampaign, givenRatifiedCampaign } from "../support/publishing";
import { value } from "../support/result";
import { choose, givenStaff, givenVotingCampaign } from "../support/voting";

// The reads behind the administrator's publish page (whether the campaign can
// be published yet, asked before any choice is made) and the home page's
// latest honour roll.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

/** A campaign closed after one ballot per title, with this publicity period; ratified or not. */
async function givenClosed(opts: { publicityDays: number; ratified: boolean }) {
  const w = await givenVotingCampaign(db);
  const [voter] = await givenStaff(db, w.units.teamA, 1);
  value(await castBallot(db, voter, w.slug, choose(w, [w.starAlice])));
  value(await castBallot(db, voter, w.slug, choose(w, [w.modelAlice], 0, w.model.slug)));
  await db.updateTable("campaigns").set({ publicity_days: opts.publicityDays }).where("id", "=", w.campaignId).execute();
  await moveTo(db, w, "closed");
  if (opts.ratified) await ratifyAll(db, w);
  return w;
}

// First in the file: nothing is published yet.
test("before any publication there is no latest honour roll", async () => {
  expect(await latestHonorRoll(db)).toBeNull();
});

describe("the publish page says why a campaign cannot be published yet, as the move would", () => {
  test("not ratified: the move's refusal, and the move refuses the same", async () => {
    const w = await givenClosed({ publicityDays: 0, ratified: false });
    const page = value(await publishingPage(db, w.admin, w.slug));
    expect(page).toMatchObject({ mode: "publish", blocked: "campaigns.move.notRatified", versions: [] });
    expect(await moveCampaign(db, w.admin, w.slug, "published")).toMatchObject({ ok: false, error: page.blocked });
  });

  test("ratified, publicity running: said with the date it ends", async () => {
    const w = await givenClosed({ publicityDays: 5, ratified: true });
    const page = value(await publishingPage(db, w.admin, w.slug));
    expect(page.blocked).toBe("campaigns.move.publicity");
    expect(page.publicityEndsAt!.getTime()).toBeGreaterThan(Date.now() + 4 * 86_400_000);
    expect(await moveCampaign(db, w.admin, w.slug, "published")).toMatchObject({ ok: false, error: "campaigns.move.publicity" });
  });

  test("ratified without a publicity period: nothing in the way, the winners offered with their photos and metrics", async () => {
    const w = await givenRatifiedCampaign(db);
    const page = value(await publishingPage(db, w.admin, w.slug));
    expect(page.blocked).toBeNull();
    const star = page.titles.find((x) => x.slug === w.star.slug)!.winners[0];
    expect(star.photos.map((p) => p.mediaId)).toEqual(w.photos);
    expect(star.metrics.length).toBeGreaterThan(0);
  });

  test("published: a correction, never blocked, with the version history", async () => {
    const w = await givenPublishedCampaign(db);
    const page = value(await publishingPage(db, w.admin, w.slug));
    expect(page).toMatchObject({ mode: "correct", blocked: null });
    expect(page.versions.map((v) => [v.version, v.publishedBy, v.reason])).toEqual([[1, w.admin.name, null]]);
  });

  test("nobody but an administrator reads it", async () => {
    const w = await givenRatifiedCampaign(db);
    for (const user of [w.committee, w.manager, w.alice])
      expect(await publishingPage(db, user, w.slug)).toEqual({ ok: false, error: "common.forbidden", status: 403 });
  });
});

describe("the latest honour roll", () => {
  test("is the roll most recently published for the first time, as its newest version shows it; a correction of an older roll does not make it the latest", async () => {
    const older = await givenPublishedCampaign(db);
    const newer = await givenPublishedCampaign(db);
    let latest = (await latestHonorRoll(db))!;
    expect(latest.slug).toBe(newer.slug);

    value(
      await correctHonorRoll(
        db,
        older.admin,
        older.slug,
        [{ nominationId: older.starAlice, photoMediaId: null, metricIds: [], citation: "更正后的颁奖词。" }],
        "颁奖词有错别字，予以更正。",
      ),
    );
    latest = (await latestHonorRoll(db))!;
    expect(latest).toMatchObject({ slug: newer.slug, version: 1 });

    value(
      await correctHonorRoll(
        db,
        newer.admin,
        newer.slug,
        [{ nominationId: newer.starAlice, photoMediaId: newer.photos[1], metricIds: [] }],
        "换一张颁奖现场的照片。",
      ),
    );
    latest = (await latestHonorRoll(db))!;
    expect(latest).toMatchObject({ slug: newer.slug, version: 2 });
    const star = latest.winners.find((w) => w.nominationId === newer.starAlice)!;
    expect(star).toMatchObject({ names: [newer.alice.name], kind: "individual", photo: { mediaId: newer.photos[1] } });
    // Only what the home page shows: no caption, citation or metrics.
    expect(Object.keys(star).sort()).toEqual(["kind", "names", "nominationId", "photo", "teamName", "titleEn", "titleZh"]);
    expect(Object.keys(star.photo!)).not.toContain("caption");
    const title = await db.selectFrom("titles").select(["name_zh", "name_en"]).where("slug", "=", newer.star.slug).executeTakeFirstOrThrow();
    expect(star).toMatchObject({ titleZh: title.name_zh, titleEn: title.name_en });
  });

  test("the home page reads it for everyone signed in, in one call with the rest", async () => {
    const w = await givenPublishedCampaign(db);
    for (const user of [w.alice, w.manager, w.committee, w.admin]) {
      const home = await homeFor(db, user, "zh-CN");
      expect(home.honorRoll?.slug).toBe(w.slug);
    }
  });
});
