import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import { fileObjection } from "../../app/domain/results/objections.server";
import { ratifyTitle } from "../../app/domain/results/ratification.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { resultsWaitingFor } from "../../app/domain/results/waiting.server";
import { votingOpenFor } from "../../app/domain/voting/ballot.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { createTestDb, type TestDb } from "../support/db";
import { choose, givenVotingCampaign } from "../support/voting";
import { value } from "../support/result";

// What the home page shows after (and during) the vote: "Vote now" only while
// a ballot is still to cast; the committee's ratification and objections
// waiting; the publicity period for everyone in scope.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
});
afterAll(() => t.close());

describe("vote now", () => {
  test("stays while changes are allowed, and goes once every title has a ballot when they are not", async () => {
    const fixed = await givenVotingCampaign(db, { mayChangeBallot: false });
    const open = async (w: typeof fixed) => (await votingOpenFor(db, w.alice)).map((c) => c.slug);
    expect(await open(fixed)).toEqual([fixed.slug]);
    value(await castBallot(db, fixed.alice, fixed.slug, choose(fixed, [fixed.starBob])));
    expect(await open(fixed)).toEqual([fixed.slug]); // the model title is still to vote
    value(await castBallot(db, fixed.alice, fixed.slug, choose(fixed, [fixed.modelTeam], 0, fixed.model.slug)));
    expect(await open(fixed)).toEqual([]);

    const changing = await givenVotingCampaign(db);
    value(await castBallot(db, changing.alice, changing.slug, choose(changing, [changing.starBob])));
    value(await castBallot(db, changing.alice, changing.slug, choose(changing, [changing.modelTeam], 0, changing.model.slug)));
    expect(await open(changing)).toEqual([changing.slug]);
  });
});

describe("after the vote", () => {
  test("the committee finds ratification, then objections; staff in scope find the publicity period; outsiders nothing", async () => {
    const w = await givenVotingCampaign(db);
    await db.updateTable("campaigns").set({ publicity_days: 3 }).where("id", "=", w.campaignId).execute();
    value(await castBallot(db, w.alice, w.slug, choose(w, [w.starBob])));
    value(await moveCampaign(db, w.admin, w.slug, "closed"));

    const forCommittee = await resultsWaitingFor(db, w.committee);
    expect(forCommittee.toRatify).toEqual([{ slug: w.slug, nameZh: expect.any(String), nameEn: expect.any(String), count: 2 }]);
    expect(forCommittee.publicity).toEqual([]);
    expect((await resultsWaitingFor(db, w.alice)).toRatify).toEqual([]);

    const page = value(await resultsFor(db, w.committee, w.slug));
    for (const title of page.titles) {
      value(
        await ratifyTitle(db, w.committee, w.slug, {
          titleSlug: title.slug,
          nominationIds: title.nominations.filter((n) => n.proposed).map((n) => n.id),
          tieReason: title.tie ? "同票，依据事迹材料决定。" : "",
        }),
      );
    }
    expect((await resultsWaitingFor(db, w.committee)).toRatify).toEqual([]);
    const forAlice = await resultsWaitingFor(db, w.alice);
    expect(forAlice.publicity.map((c) => c.slug)).toEqual([w.slug]);
    expect(forAlice.publicity[0].endsAt.getTime()).toBeGreaterThan(Date.now() + 2 * 86_400_000);
    expect((await resultsWaitingFor(db, w.dave)).publicity).toEqual([]);

    value(await fileObjection(db, w.carol, w.slug, { nominationId: w.starAlice, reason: "该同事的满意度数据统计口径与其他人不同。" }));
    expect((await resultsWaitingFor(db, w.committee)).toResolve).toEqual([
      { slug: w.slug, nameZh: expect.any(String), nameEn: expect.any(String), count: 1 },
    ]);
    // Names and counts only: nothing about votes.
    expect(JSON.stringify(await resultsWaitingFor(db, w.committee))).not.toMatch(/vote/i);
  });
});
