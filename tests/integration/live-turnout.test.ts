import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { resultsFor } from "../../app/domain/results/results.server";
import { receiptCode } from "../../app/domain/voting/rules";
import { castBallot } from "../../app/domain/voting/casting.server";
import type { Db } from "../../db/client";
import { createTestDb, type TestDb } from "../support/db";
import { moveTo } from "../support/nominations";
import { value } from "../support/result";
import { choose, givenStaff, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// Turnout while voting, for administrators only (issue 14, item 13;
// docs/decisions/0029): how many have voted per unit so far, as of the last
// full hour, in groups of at least ten people; counts only.

let t: TestDb;
let db: Db;
let w: VotingCampaign;
let late: User;
beforeAll(async () => {
  t = await createTestDb();
  db = t.db;
  w = await givenVotingCampaign(db);
  // Team A: two managers, Alice, Bob and nine more (13); team B: its manager, Carol, Gina and eight more (11); the centre itself: its manager (1).
  const teamA = await givenStaff(db, w.units.teamA, 9);
  const teamB = await givenStaff(db, w.units.teamB, 8);
  for (const voter of [...teamA.slice(0, 3), ...teamB.slice(0, 2)]) await castBefore(voter, w.starBob);
  late = teamA[3];
  value(await castBallot(db, late, w.slug, choose(w, [w.starCarol])));
});
afterAll(() => t.close());

/** A ballot cast before this hour began (the poll book is append-only: written as it would have been then; no link, as where no change is allowed). */
async function castBefore(voter: User, nominationId: number) {
  await db
    .insertInto("poll_book")
    .values({
      campaign_id: w.campaignId,
      title_id: w.star.id,
      person_id: voter.id,
      voted_at: sql<Date>`date_trunc('hour', now()) - interval '1 hour'`,
    })
    .execute();
  const ballot = await db
    .insertInto("ballots")
    .values({ campaign_id: w.campaignId, title_id: w.star.id, receipt_code: receiptCode(randomBytes(12)) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("ballot_choices")
    .values({ ballot_id: ballot.id, nomination_id: nominationId, campaign_id: w.campaignId, title_id: w.star.id })
    .execute();
}

test("the administrator sees, per unit, how many have voted as of the last full hour; the centre's one person is counted with the smallest team", async () => {
  const page = value(await resultsFor(db, w.admin, w.slug));
  const live = page.liveTurnout!;
  expect(live.asOf.getTime() % 3_600_000).toBe(0);
  // A ballot cast this hour is counted at the next one (unless the hour turned while the test ran).
  const { voted_at } = await db.selectFrom("poll_book").select("voted_at").where("person_id", "=", late.id).executeTakeFirstOrThrow();
  const lateCounted = voted_at.getTime() < live.asOf.getTime() ? 1 : 0;
  expect(live.groups).toEqual([
    { units: [{ unitZh: "投诉处理班", unitEn: expect.any(String) }], eligible: 13, voted: 3 + lateCounted },
    {
      units: [
        { unitZh: "装维一班", unitEn: expect.any(String) },
        { unitZh: "10000号客服中心", unitEn: expect.any(String) },
      ],
      eligible: 12,
      voted: 2,
    },
  ]);
  expect([live.eligible, live.voted]).toEqual([25, 5 + lateCounted]);
  // Counts and unit names only: no person, no choice, no tally.
  expect(JSON.stringify(live)).not.toMatch(/voter|person|employee|nomination|receipt/i);
  expect(page.counts).toBe(false);
  expect(page.titles.flatMap((x) => x.nominations).every((n) => n.votes === null)).toBe(true);
});

test("nobody else sees it: not the committee, not staff", async () => {
  for (const who of [w.committee, w.alice, w.manager]) expect(value(await resultsFor(db, who, w.slug)).liveTurnout).toBeNull();
});

test("a campaign with fewer than ten people who can vote shows no turnout while voting", async () => {
  const small = await givenVotingCampaign(db);
  const live = value(await resultsFor(db, small.admin, small.slug)).liveTurnout;
  expect(live).toMatchObject({ groups: null, eligible: 0, voted: 0 });
});

test("after close the live turnout gives way to the turnout of decision 0012", async () => {
  await moveTo(db, w, "closed");
  const page = value(await resultsFor(db, w.admin, w.slug));
  expect(page.liveTurnout).toBeNull();
  expect(page.analysis?.turnout.voted).toBe(6);
});
