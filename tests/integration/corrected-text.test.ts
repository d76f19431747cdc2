import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { profilePage } from "../../app/domain/people/people.server";
import { nominationAsPublished } from "../../app/domain/publishing/as-published.server";
import { correctHonorRoll } from "../../app/domain/publishing/corrections.server";
import { honorRoll, honorRollHead } from "../../app/domain/publishing/read-roll.server";
import { publishingPage } from "../../app/domain/publishing/publish-page.server";
import { createTestDb, type TestDb } from "../support/db";
import { givenPublishedCampaign, type PublishingWorld } from "../support/publishing";
import { value } from "../support/result";

// Issue 14, item 7: a correction's citation and stories reach every page that
// shows a published winner — the roll, the nomination page and the profile —
// each with the correction's version and reason; and a story that should
// never have been published can be corrected or withdrawn by a correction.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

const snapshotOf = async (slug: string, version?: number) => (await honorRoll(db, value(await honorRollHead(db, slug, version)))).snapshot;
const starOf = async (w: PublishingWorld, version?: number) =>
  (await snapshotOf(w.slug, version)).titles[0].winners.find((x) => x.nominationId === w.starAlice)!;
const keep = { photoMediaId: null, metricIds: [] };

async function pages(w: PublishingWorld) {
  const nomination = value(await nominationAsPublished(db, w.alice, w.slug, w.starAlice));
  const profile = value(await profilePage(db, w.bob, w.alice.employeeNo));
  const honour = profile.honours.find((h) => h.nominationId === w.starAlice)!;
  return { nomination, honour, stories: profile.stories.filter((s) => s.nominationId === w.starAlice) };
}

describe("a corrected citation reaches the nomination page and the profile, with its reason", () => {
  test("a corrected citation is on the nomination page (it kept the old one) and the profile, each saying why", async () => {
    const w = await givenPublishedCampaign(db);
    const before = await pages(w);
    expect(before.nomination.citation).toContain("零投诉");
    expect(before.nomination.published).toMatchObject({ version: 1, citationCorrected: null, storiesCorrected: null });
    expect(before.honour.citationCorrected).toBeNull();

    const reason = "颁奖词中的通话数量有误，予以更正。";
    value(
      await correctHonorRoll(db, w.admin, w.slug, [{ nominationId: w.starAlice, ...keep, citation: "一年接听一万八千通电话，零投诉。" }], reason),
    );
    const after = await pages(w);
    expect(after.nomination.citation).toBe("一年接听一万八千通电话，零投诉。");
    expect(after.nomination.published).toMatchObject({ version: 2, citationCorrected: { version: 2, reason }, storiesCorrected: null });
    expect(after.honour).toMatchObject({
      citation: "一年接听一万八千通电话，零投诉。",
      citationCorrected: { version: 2, reason },
      storiesCorrected: null,
    });
    // The nomination itself is what the committee approved: unchanged.
    expect((await db.selectFrom("nominations").select("citation").where("id", "=", w.starAlice).executeTakeFirstOrThrow()).citation).toContain(
      "两万",
    );
  });
});

describe("a correction may change a story's text, or withdraw it", () => {
  test("a story's heading and text corrected: a new version with the reason; the roll, the nomination page and the profile show it; version 1 stays as it was", async () => {
    const w = await givenPublishedCampaign(db);
    const [published] = (await starOf(w)).stories;
    const page = value(await publishingPage(db, w.admin, w.slug));
    expect(page.titles[0].winners.find((x) => x.nominationId === w.starAlice)!.stories).toEqual([
      { heading: published.heading, body: published.body },
    ]);

    const reason = "事迹中写了老人的住址，删去后重新发布。";
    const body = "台风过境那晚，一位独居老人的固话中断。她下班后仍三次回电确认抢修进度。";
    const r = await correctHonorRoll(
      db,
      w.admin,
      w.slug,
      [{ nominationId: w.starAlice, ...keep, stories: [{ heading: "台风夜的三次回电", body, withdrawn: false }] }],
      reason,
    );
    expect(value(r)).toEqual({ version: 2 });

    const star = await starOf(w);
    expect(star.stories).toEqual([{ ...published, heading: "台风夜的三次回电", body }]);
    expect(star.storiesCorrected).toEqual({ version: 2, reason });
    expect(star.citationCorrected).toBeUndefined();
    expect((await starOf(w, 1)).stories).toEqual([published]);

    const { nomination, stories } = await pages(w);
    expect(nomination.stories.map((s) => [s.heading, s.body])).toEqual([["台风夜的三次回电", body]]);
    expect(nomination.stories[0].blocks).toEqual([{ kind: "paragraph", text: body }]);
    expect(nomination.published?.storiesCorrected).toEqual({ version: 2, reason });
    expect(stories.map((s) => s.heading)).toEqual(["台风夜的三次回电"]);
    expect(stories[0].blocks).toEqual([{ kind: "paragraph", text: body }]);
    // The correction form starts from what is published now.
    const again = value(await publishingPage(db, w.admin, w.slug));
    expect(again.titles[0].winners.find((x) => x.nominationId === w.starAlice)!.stories).toEqual([{ heading: "台风夜的三次回电", body }]);
  });

  test("a story withdrawn is on no page; a later correction of something else keeps the note of the one that changed the stories", async () => {
    const w = await givenPublishedCampaign(db);
    const reason = "该事迹未经本人同意，撤下。";
    value(
      await correctHonorRoll(
        db,
        w.admin,
        w.slug,
        [{ nominationId: w.starAlice, ...keep, stories: [{ heading: "", body: "", withdrawn: true }] }],
        reason,
      ),
    );
    const star = await starOf(w);
    expect(star.stories).toEqual([]);
    expect(star.principles).toEqual([]);
    const withdrawn = await pages(w);
    expect(withdrawn.nomination.stories).toEqual([]);
    expect(withdrawn.stories).toEqual([]);
    expect(withdrawn.honour.storiesCorrected).toEqual({ version: 2, reason });

    value(
      await correctHonorRoll(
        db,
        w.admin,
        w.slug,
        [{ nominationId: w.starAlice, photoMediaId: w.photos[1], metricIds: [] }],
        "换一张颁奖现场的照片。",
      ),
    );
    const later = await starOf(w);
    expect(later.stories).toEqual([]);
    expect(later.storiesCorrected).toEqual({ version: 2, reason });
    expect((await pages(w)).nomination.published).toMatchObject({ version: 3, storiesCorrected: { version: 2, reason } });
  });

  test("refused, nothing stored: a kept story left empty or too long, or not one correction per published story", async () => {
    const w = await givenPublishedCampaign(db);
    const versions = async () => (await db.selectFrom("honor_rolls").select("version").where("campaign_id", "=", w.campaignId).execute()).length;
    const tries = [
      [{ heading: "标题", body: "  ", withdrawn: false }],
      [{ heading: "标题", body: "字".repeat(5001), withdrawn: false }],
      [{ heading: "题".repeat(81), body: "正文", withdrawn: false }],
      [],
      [
        { heading: "一", body: "正文", withdrawn: false },
        { heading: "二", body: "正文", withdrawn: false },
      ],
    ];
    for (const stories of tries) {
      expect(await correctHonorRoll(db, w.admin, w.slug, [{ nominationId: w.starAlice, ...keep, stories }], "更正事迹的文字。")).toEqual({
        ok: false,
        error: "publishing.choice.story",
        status: 400,
      });
    }
    expect(await versions()).toBe(1);
    // 𠮷 is one character: 5000 of them are a story within the limit.
    value(
      await correctHonorRoll(
        db,
        w.admin,
        w.slug,
        [{ nominationId: w.starAlice, ...keep, stories: [{ heading: "𠮷".repeat(80), body: "𠮷".repeat(5000), withdrawn: false }] }],
        "更正事迹的文字。",
      ),
    );
    expect(await versions()).toBe(2);
  });
});
