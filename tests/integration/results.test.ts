import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../db/client";
import { loadUser } from "../../app/domain/auth/auth.server";
import type { User } from "../../app/domain/auth/user";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import type { Result } from "../../app/domain/result";
import { resolveObjection } from "../../app/domain/results/objection-resolution.server";
import { fileObjection } from "../../app/domain/results/objections.server";
import { ratifyTitle } from "../../app/domain/results/ratification.server";
import { normaliseReceipt, receiptsFor } from "../../app/domain/voting/receipts.server";
import { resultsFor, type ResultsPage } from "../../app/domain/results/results.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { tally } from "../../app/domain/voting/tally.server";
import { givenPerson } from "../support/builders";
import { createTestDb, onRealPostgres, type TestDb } from "../support/db";
import { eventsOf, moveTo, ratifyAll } from "../support/nominations";
import { choose, givenStaff, givenVotingCampaign, type VotingCampaign } from "../support/voting";
import { value } from "../support/result";

let t: TestDb;
let db: Db;
beforeAll(async () => {
  // Enough connections for the concurrency tests on PostgreSQL; PGlite has one.
  t = await createTestDb({ poolSize: 40 });
  db = t.db;
});
afterAll(() => t.close());

/** A ballot for one nomination (of the star title unless `title` says otherwise), based on `basedOn`. */
async function vote(w: VotingCampaign, voter: User, nominationId: number, basedOn = 0, title = w.star.slug) {
  return value(await castBallot(db, voter, w.slug, choose(w, [nominationId], basedOn, title)));
}

/** Everything ratifying, objecting, resolving and publishing may write for a campaign. */
async function storedResults(w: Pick<VotingCampaign, "campaignId" | "slug">) {
  const [ratifications, winners, objections, audit, campaign, nominations, events] = await Promise.all([
    db.selectFrom("ratifications").selectAll().where("campaign_id", "=", w.campaignId).orderBy("title_id").execute(),
    db.selectFrom("winners").selectAll().where("campaign_id", "=", w.campaignId).orderBy("nomination_id").execute(),
    db.selectFrom("objections").selectAll().where("campaign_id", "=", w.campaignId).orderBy("id").execute(),
    db.selectFrom("audit_log").select(["id", "action", "actor_id", "after"]).where("subject_id", "=", w.slug).orderBy("id").execute(),
    db.selectFrom("campaigns").select(["status", "publicity_ends_at"]).where("id", "=", w.campaignId).executeTakeFirstOrThrow(),
    db.selectFrom("nominations").select(["id", "status"]).where("campaign_id", "=", w.campaignId).orderBy("id").execute(),
    db
      .selectFrom("nomination_events as e")
      .innerJoin("nominations as n", "n.id", "e.nomination_id")
      .select((eb) => eb.fn.countAll<string | number>().as("n"))
      .where("n.campaign_id", "=", w.campaignId)
      .executeTakeFirstOrThrow(),
  ]);
  return { ratifications, winners, objections, audit, campaign, nominations, events: Number(events.n) };
}

/** The same refusal, and nothing stored: no ratification, winner, objection, audit entry or status change. */
async function expectRefused(w: VotingCampaign, attempt: () => Promise<Result<unknown>>, expected: { error: string; status: number; vars?: object }) {
  const before = await storedResults(w);
  expect(await attempt()).toEqual({ ok: false, ...expected });
  expect(await storedResults(w)).toEqual(before);
}

/** The person with the committee role added, as a session would load them. */
async function onCommittee(person: User): Promise<User> {
  await db.insertInto("person_roles").values({ person_id: person.id, role: "committee", org_unit_id: null }).execute();
  return (await loadUser(db, person.id))!;
}

const setWinners = (w: VotingCampaign, titleId: number, winners: number) =>
  db.updateTable("campaign_titles").set({ winners }).where("campaign_id", "=", w.campaignId).where("title_id", "=", titleId).execute();
const setCampaign = (w: VotingCampaign, values: { tallies_hidden?: boolean; publicity_days?: number; publicity_ends_at?: Date | null }) =>
  db.updateTable("campaigns").set(values).where("id", "=", w.campaignId).execute();
const endPublicity = (w: VotingCampaign) => setCampaign(w, { publicity_ends_at: new Date(Date.now() - 60_000) });

/**
 * A voting campaign whose star title has `starSeats` seats, a publicity period
 * of `publicityDays`, and one new member of team A voting for each of the star
 * nominations `votes` picks, in order (the voters are returned).
 */
async function givenStarVotes(opts: { starSeats: number; publicityDays: number; votes: (w: VotingCampaign) => number[] }) {
  const w = await givenVotingCampaign(db);
  await setWinners(w, w.star.id, opts.starSeats);
  await setCampaign(w, { publicity_days: opts.publicityDays });
  const picks = opts.votes(w);
  const voters = await givenStaff(db, w.units.teamA, picks.length);
  for (const [i, id] of picks.entries()) await vote(w, voters[i], id);
  return { w, voters };
}

const nominationsOf = (page: ResultsPage) => page.titles.flatMap((t) => t.nominations);
const reason = "提名材料中的满意度数据与质检系统不一致。";

/** Every key of the page that holds a number: only counts and ids of nominations, titles' N and objections. */
function numericKeys(page: unknown): Set<string> {
  const keys = new Set<string>();
  JSON.stringify(page, (k, v) => (typeof v === "number" && keys.add(k), v));
  return keys;
}
// Also the committee's quorum after close: a setting of the campaign, not a fact about any voter.
const numericAllowed = new Set([
  "id",
  "nominationId",
  "votes",
  "rank",
  "winners",
  "voters",
  "eligible",
  "voted",
  "days",
  "ballots",
  "current",
  "quorum",
  // The caps on who is honoured (decision 0052): the campaign's settings and counts of winners, not of voters.
  "managementCapPercent",
  "frontlineMinPercent",
  "individuals",
  "management",
  "frontline",
  "teams",
  "teamMembers",
]);

describe("secrecy: who sees counts, and when", () => {
  let w: VotingCampaign;
  const receipts: string[] = [];
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
    receipts.push(
      (await vote(w, w.alice, w.starBob)).receipt,
      (await vote(w, w.carol, w.starBob)).receipt,
      (await vote(w, w.bob, w.starCarol)).receipt,
    );
  });

  test("during voting with tallies hidden, nobody sees counts: not the administrator, the committee or staff", async () => {
    for (const who of [w.admin, w.committee, w.alice]) {
      const page = value(await resultsFor(db, who, w.slug));
      expect(page.counts).toBe(false);
      expect(page.analysis).toBeNull();
      expect(page.receipts).toBe(false);
      for (const title of page.titles) {
        expect(title).toMatchObject({ tie: false, voters: null });
        for (const n of title.nominations) expect(n).toMatchObject({ votes: null, rank: null, tied: false, proposed: false, winner: null });
      }
      expect(
        nominationsOf(page)
          .map((n) => n.id)
          .sort((a, b) => a - b),
      ).toEqual([w.starAlice, w.starBob, w.starCarol, w.modelTeam, w.modelAlice]);
    }
  });

  test("the page names no voter: no number but counts and ids of nominations, titles and objections; no receipt", async () => {
    for (const who of [w.admin, w.committee, w.alice]) {
      const page = value(await resultsFor(db, who, w.slug));
      expect([...numericKeys(page)].filter((k) => !numericAllowed.has(k))).toEqual([]);
      const keys = new Set<string>();
      const json = JSON.stringify(page, (k, v) => (keys.add(k), v));
      // "voters" is a title's count (a number, checked above); "receipts" says whether the receipt list is published.
      expect([...keys].filter((k) => k !== "voters" && k !== "receipts" && /voter|ballot|receipt|filed_?by|person/i.test(k))).toEqual([]);
      for (const r of receipts) expect(json).not.toContain(r);
    }
  });

  test("when the campaign shows its tallies, staff in scope see counts during voting", async () => {
    await setCampaign(w, { tallies_hidden: false });
    try {
      for (const who of [w.alice, w.gina]) {
        const page = value(await resultsFor(db, who, w.slug));
        expect(page.counts).toBe(true);
        expect(page.analysis).toBeNull();
        const star = page.titles[0];
        expect(star.nominations.map((n) => [n.id, n.votes, n.rank])).toEqual([
          [w.starBob, 2, 1],
          [w.starCarol, 1, 2],
          [w.starAlice, 0, 3],
        ]);
        expect(star.voters).toBe(3);
        expect([...numericKeys(page)].filter((k) => !numericAllowed.has(k))).toEqual([]);
      }
    } finally {
      await setCampaign(w, { tallies_hidden: true });
    }
  });

  test("after close the administrator and the committee see counts and the analysis; staff do not while tallies are hidden", async () => {
    await moveTo(db, w, "closed");
    for (const who of [w.admin, w.committee]) {
      const page = value(await resultsFor(db, who, w.slug));
      expect(page.counts).toBe(true);
      expect(page.analysis).not.toBeNull();
      expect(page.titles[0].nominations.map((n) => [n.id, n.votes])).toEqual([
        [w.starBob, 2],
        [w.starCarol, 1],
        [w.starAlice, 0],
      ]);
      expect([...numericKeys(page)].filter((k) => !numericAllowed.has(k))).toEqual([]);
    }
    const staff = value(await resultsFor(db, w.alice, w.slug));
    expect(staff.counts).toBe(false);
    expect(staff.analysis).toBeNull();
    expect(nominationsOf(staff).every((n) => n.votes === null && n.rank === null && !n.proposed)).toBe(true);
    expect(staff.titles.every((t) => t.voters === null && !t.tie)).toBe(true);
  });
});

describe("after close: counts, turnout, the recount", () => {
  let w: VotingCampaign;
  let teamA: User[];
  let teamB: User[];
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
    teamA = await givenStaff(db, w.units.teamA, 3);
    teamB = await givenStaff(db, w.units.teamB, 2);
    await vote(w, w.alice, w.starBob);
    await vote(w, w.bob, w.starCarol);
    const first = await vote(w, w.carol, w.starBob);
    await vote(w, w.carol, w.starAlice, first.version); // Carol changed her mind
    await vote(w, teamA[0], w.starBob);
    await vote(w, teamA[1], w.starBob);
    await vote(w, teamB[0], w.starCarol);
    await vote(w, w.alice, w.modelTeam, 0, w.model.slug);
    // teamA[1] leaves the company after voting.
    await db.updateTable("people").set({ status: "left", left_at: new Date() }).where("id", "=", teamA[1].id).execute();
    await moveTo(db, w, "closed");
  });

  test("votes per nomination equal the tally, ranked; the top N proposed", async () => {
    const page = value(await resultsFor(db, w.committee, w.slug));
    const rows = await tally(db, w.campaignId);
    expect(
      nominationsOf(page)
        .map((n) => [n.id, n.votes])
        .sort((a, b) => a[0]! - b[0]!),
    ).toEqual(rows.map((r) => [r.nominationId, r.votes]));
    const [star, model] = page.titles;
    expect(star.nominations.map((n) => [n.id, n.votes, n.rank, n.proposed])).toEqual([
      [w.starBob, 3, 1, true],
      [w.starCarol, 2, 2, true],
      [w.starAlice, 1, 3, true],
    ]);
    expect(model.nominations.map((n) => [n.id, n.votes, n.rank])).toEqual([
      [w.modelTeam, 1, 1],
      [w.modelAlice, 0, 2],
    ]);
    expect([star.voters, model.voters]).toEqual([6, 1]);
  });

  test("turnout: active staff in scope, a voter who left still counted as voted, per unit below the scope; nobody outside it", async () => {
    const { turnout } = value(await resultsFor(db, w.admin, w.slug)).analysis!;
    // Team A: two managers (staff too), Alice, Bob, three new staff (one left after voting); Eve left without voting.
    // Team B: its manager, Carol, Gina, two new staff. The centre itself: its manager. Dave (branch), the committee (HR) and the administrator (company) are outside.
    expect(turnout.units).toEqual([
      { unitZh: "投诉处理班", unitEn: expect.any(String), eligible: 7, voted: 4 },
      { unitZh: "装维一班", unitEn: expect.any(String), eligible: 5, voted: 2 },
      { unitZh: "10000号客服中心", unitEn: expect.any(String), eligible: 1, voted: 0 },
    ]);
    expect([turnout.eligible, turnout.voted]).toEqual([13, 6]);
  });

  test("the recount matches; every ballot version counted once in ballots, the current ones apart", async () => {
    const { recount } = value(await resultsFor(db, w.committee, w.slug)).analysis!;
    // Eight ballots (Carol's star ballot twice); seven current ones (six for the star title, one for the model title).
    expect(recount).toEqual({ matches: true, ballots: 8, current: 7 });
  });
});

describe("ratifying a title", () => {
  let w: VotingCampaign;
  let bob: User;
  beforeAll(async () => {
    // The star title has two seats: Alice 2 votes, Bob and Carol 1 each (tied at the cut-off). Nobody votes in the model title.
    ({ w } = await givenStarVotes({ starSeats: 2, publicityDays: 3, votes: (x) => [x.starAlice, x.starAlice, x.starBob, x.starCarol] }));
    bob = await onCommittee(w.bob);
  });
  const ratify = (who: User, nominationIds: number[], tieReason = "", titleSlug = w.star.slug) =>
    ratifyTitle(db, who, w.slug, { titleSlug, nominationIds, tieReason });

  test("while voting: not yet closed", async () => {
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.starBob], "同票，按服务年限确定。"), {
      error: "results.ratify.notClosed",
      status: 409,
    });
    await moveTo(db, w, "closed");
  });
  test("only the committee: not an administrator, not staff", async () => {
    await expectRefused(w, () => ratify(w.admin, [w.starAlice, w.starBob], "同票。"), { error: "results.ratify.notCommittee", status: 403 });
    await expectRefused(w, () => ratify(w.alice, [w.starAlice, w.starBob], "同票。"), { error: "results.ratify.notCommittee", status: 403 });
  });
  test("a title the campaign does not offer", async () => {
    await expectRefused(w, () => ratify(w.committee, [], "", w.notOffered.slug), { error: "voting.title.unknown", status: 400 });
  });
  test("not a nomination of the title's ballot: a rejected one, another title's, the same twice", async () => {
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.starGina]), { error: "results.ratify.notOnBallot", status: 400 });
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.modelTeam]), { error: "results.ratify.notOnBallot", status: 400 });
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.starAlice]), { error: "results.ratify.notOnBallot", status: 400 });
  });
  test("the wrong number of winners, with the title's N", async () => {
    await expectRefused(w, () => ratify(w.committee, [w.starAlice]), { error: "results.ratify.count", status: 400, vars: { n: 2 } });
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.starBob, w.starCarol], "同票。"), {
      error: "results.ratify.count",
      status: 400,
      vars: { n: 2 },
    });
  });
  test("not a top set: leaving out the nomination with the most votes", async () => {
    await expectRefused(w, () => ratify(w.committee, [w.starBob, w.starCarol], "同票。"), { error: "results.ratify.notTop", status: 400 });
  });
  test("a tie at the cut-off without a reason", async () => {
    const page = value(await resultsFor(db, w.committee, w.slug));
    expect(page.titles[0]).toMatchObject({ tie: true });
    expect(page.titles[0].nominations.filter((n) => n.tied).map((n) => n.id)).toEqual([w.starBob, w.starCarol]);
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.starCarol], "  "), { error: "results.ratify.tieReason", status: 400 });
  });
  test("a committee member who is a nominee in the title", async () => {
    await expectRefused(w, () => ratify(bob, [w.starAlice, w.starCarol], "同票，按服务年限确定。"), { error: "results.ratify.recused", status: 403 });
  });

  test("the committee ratifies a top set with a reason: the ratification, the winners with their votes, an audit entry", async () => {
    const r = value(await ratify(w.committee, [w.starAlice, w.starCarol], "同票，按服务年限确定。"));
    // A quorum of one: this member's confirmation ratifies.
    expect(r).toEqual({ ratified: true, confirmations: 1, quorum: 1, allRatified: false, publicityEndsAt: null });
    const stored = await storedResults(w);
    expect(stored.ratifications).toMatchObject([{ title_id: w.star.id, ratified_by: w.committee.id, tie_reason: "同票，按服务年限确定。" }]);
    expect(stored.winners.map((x) => [x.nomination_id, x.title_id, x.votes, x.added_by_objection, x.removed_by_objection])).toEqual([
      [w.starAlice, w.star.id, 2, null, null],
      [w.starCarol, w.star.id, 1, null, null],
    ]);
    expect(stored.campaign.publicity_ends_at).toBeNull();
    const entries = stored.audit.filter((e) => e.action === "results.ratified");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actor_id: w.committee.id,
      after: { title: w.star.slug, winners: [w.starAlice, w.starCarol], tie: true, allRatified: false },
    });
  });
  test("a title is ratified once", async () => {
    await expectRefused(w, () => ratify(w.committee, [w.starAlice, w.starBob], "改为陈芳。"), { error: "results.ratify.already", status: 409 });
  });

  test("the last title starts the publicity period: now + publicity_days; publishing waits for its end", async () => {
    const r = value(await ratify(w.committee, [w.modelTeam, w.modelAlice], "", w.model.slug));
    const stored = await storedResults(w);
    const at = stored.ratifications.find((x) => x.title_id === w.model.id)!.ratified_at;
    const ends = new Date(at.getTime() + 3 * 24 * 3600 * 1000);
    expect(r).toEqual({ ratified: true, confirmations: 1, quorum: 1, allRatified: true, publicityEndsAt: ends });
    expect(stored.campaign.publicity_ends_at).toEqual(ends);
    await expectRefused(w, () => moveCampaign(db, w.admin, w.slug, "published"), { error: "campaigns.move.publicity", status: 409 });
    const page = value(await resultsFor(db, w.alice, w.slug));
    expect(page.publicity).toEqual({ days: 3, endsAt: ends, running: true, ratified: true });
  });

  test("without a publicity period the campaign is published as soon as every title is ratified", async () => {
    const now = await givenVotingCampaign(db);
    await moveTo(db, now, "closed");
    await expectRefused(now, () => moveCampaign(db, now.admin, now.slug, "published"), { error: "campaigns.move.notRatified", status: 409 });
    await ratifyAll(db, now);
    expect(value(await moveCampaign(db, now.admin, now.slug, "published")).to).toBe("published");
  });
});

describe("objections during the publicity period", () => {
  let w: VotingCampaign;
  beforeAll(async () => {
    // Two seats in the star title: Alice and Bob win with two votes each, Carol has none.
    ({ w } = await givenStarVotes({ starSeats: 2, publicityDays: 5, votes: (x) => [x.starAlice, x.starAlice, x.starBob, x.starBob] }));
    await moveTo(db, w, "closed");
    await ratifyAll(db, w);
  });
  const object = (who: User, nominationId: number) => fileObjection(db, who, w.slug, { nominationId, reason });

  test("staff in scope object to a proposed winner: stored open, audited with who filed it", async () => {
    const { id } = value(await object(w.carol, w.starAlice));
    const stored = await storedResults(w);
    expect(stored.objections).toMatchObject([
      { id, title_id: w.star.id, nomination_id: w.starAlice, filed_by: w.carol.id, reason, status: "open", resolved_by: null },
    ]);
    expect(stored.audit.filter((e) => e.action === "results.objection_filed")).toMatchObject([
      { actor_id: w.carol.id, after: { objection: id, nomination: w.starAlice } },
    ]);
  });
  test("not against oneself, nor one's own team", async () => {
    await expectRefused(w, () => object(w.alice, w.starAlice), { error: "results.object.self", status: 400 });
    await expectRefused(w, () => object(w.bob, w.modelTeam), { error: "results.object.self", status: 400 });
  });
  test("not from outside the scope: not found for Dave, not eligible for the committee member in HR", async () => {
    await expectRefused(w, () => object(w.dave, w.starBob), { error: "campaigns.notFound", status: 404 });
    await expectRefused(w, () => object(w.committee, w.starBob), { error: "results.object.notEligible", status: 403 });
  });
  test("not from someone who left", async () => {
    await expectRefused(w, () => object(w.eve, w.starBob), { error: "results.object.notEligible", status: 403 });
  });
  test("not against a nomination that did not win, was rejected, or does not exist", async () => {
    await expectRefused(w, () => object(w.gina, w.starCarol), { error: "results.object.notWinner", status: 400 });
    await expectRefused(w, () => object(w.carol, w.starGina), { error: "results.object.notWinner", status: 400 });
    await expectRefused(w, () => object(w.carol, 2 ** 31 - 1), { error: "results.object.notWinner", status: 400 });
  });
  test("once per person and winner", async () => {
    await expectRefused(w, () => object(w.carol, w.starAlice), { error: "results.object.already", status: 409 });
  });
  test("not after the publicity period has ended", async () => {
    const { publicity_ends_at } = await db
      .selectFrom("campaigns")
      .select("publicity_ends_at")
      .where("id", "=", w.campaignId)
      .executeTakeFirstOrThrow();
    await endPublicity(w);
    try {
      await expectRefused(w, () => object(w.gina, w.starBob), { error: "results.object.over", status: 409 });
    } finally {
      await setCampaign(w, { publicity_ends_at });
    }
  });
  test("staff see only their own objections; the committee and administrators see all, with who filed them", async () => {
    value(await object(w.gina, w.starBob));
    const filers = async (who: User) => value(await resultsFor(db, who, w.slug)).objections.map((o) => [o.nominationId, o.filedBy]);
    expect(await filers(w.alice)).toEqual([]);
    expect(await filers(w.carol)).toEqual([[w.starAlice, "黄伟"]]);
    expect(await filers(w.gina)).toEqual([[w.starBob, "郑琳"]]);
    expect(await filers(w.committee)).toEqual([
      [w.starAlice, "黄伟"],
      [w.starBob, "郑琳"],
    ]);
    expect(await filers(w.admin)).toEqual([
      [w.starAlice, "黄伟"],
      [w.starBob, "郑琳"],
    ]);
    const page = value(await resultsFor(db, w.gina, w.slug));
    expect(
      nominationsOf(page)
        .filter((n) => n.mayObject)
        .map((n) => n.id)
        .sort((a, b) => a - b),
    ).toEqual([w.starAlice, w.modelTeam, w.modelAlice].sort((a, b) => a - b));
  });

  test("not before every title is ratified, and not at all without a publicity period", async () => {
    const o = await givenVotingCampaign(db);
    await setCampaign(o, { publicity_days: 5 });
    await moveTo(db, o, "closed");
    value(
      await ratifyTitle(db, o.committee, o.slug, { titleSlug: o.star.slug, nominationIds: [o.starAlice, o.starBob, o.starCarol], tieReason: "" }),
    );
    await expectRefused(o, () => fileObjection(db, o.carol, o.slug, { nominationId: o.starAlice, reason }), {
      error: "results.object.notOpen",
      status: 409,
    });
    await setCampaign(o, { publicity_days: 0 });
    await ratifyAll(db, o);
    await expectRefused(o, () => fileObjection(db, o.carol, o.slug, { nominationId: o.starAlice, reason }), {
      error: "results.object.notOpen",
      status: 409,
    });
  });
});

describe("resolving objections, and publishing", () => {
  let w: VotingCampaign;
  let onAlice: number; // Carol against Alice
  let alsoOnAlice: number; // a team A colleague against Alice
  let onModelAlice: number; // Gina against Alice in the model title
  let ratifier: User; // ratified every title alone (a quorum of one)
  beforeAll(async () => {
    // One seat in the star title: Alice wins with 2 votes, Bob has 1, Carol none. Both model nominations win.
    let voters: User[];
    ({ w, voters } = await givenStarVotes({ starSeats: 1, publicityDays: 5, votes: (x) => [x.starAlice, x.starAlice, x.starBob] }));
    await moveTo(db, w, "closed");
    ratifier = await givenPerson(db, { unit: w.units.hr, name: "严宇航", roles: ["staff", "committee"] });
    await ratifyAll(db, w, [ratifier]);
    onAlice = value(await fileObjection(db, w.carol, w.slug, { nominationId: w.starAlice, reason })).id;
    alsoOnAlice = value(await fileObjection(db, voters[0], w.slug, { nominationId: w.starAlice, reason })).id;
    onModelAlice = value(await fileObjection(db, w.gina, w.slug, { nominationId: w.modelAlice, reason })).id;
  });
  const resolve = (who: User, objectionId: number, decision: "uphold" | "dismiss", replacementId?: number) =>
    resolveObjection(db, who, w.slug, {
      objectionId,
      decision,
      resolution: "经核实，材料属实。",
      ...(replacementId === undefined ? {} : { replacementId }),
    });

  test("only the committee", async () => {
    await expectRefused(w, () => resolve(w.admin, onAlice, "dismiss"), { error: "results.ratify.notCommittee", status: 403 });
    await expectRefused(w, () => resolve(w.carol, onAlice, "dismiss"), { error: "results.ratify.notCommittee", status: 403 });
  });
  test("an objection of this campaign", async () => {
    await expectRefused(w, () => resolve(w.committee, 2 ** 31 - 1, "dismiss"), { error: "results.resolve.unknown", status: 404 });
  });
  test("recused: the nominee, the nominator, a colleague of the nominee's unit", async () => {
    const nominee = await onCommittee(w.alice);
    const nominator = await onCommittee(w.manager); // nominated Alice for both titles; works in team A too
    const colleague = await givenPerson(db, { unit: w.units.teamA, roles: ["staff", "committee"] });
    await expectRefused(w, () => resolve(nominee, onAlice, "dismiss"), { error: "nominations.recused.nominee", status: 403 });
    await expectRefused(w, () => resolve(nominator, onModelAlice, "dismiss"), { error: "nominations.recused.nominator", status: 403 });
    await expectRefused(w, () => resolve(colleague, onAlice, "dismiss"), { error: "nominations.recused.sameUnit", status: 403 });
    const page = value(await resultsFor(db, colleague, w.slug));
    expect(page.objections.find((o) => o.id === onAlice)).toMatchObject({ recused: "nominations.recused.sameUnit", mayResolve: false });
  });
  test("the member who ratified the title alone does not resolve an objection to it; nor can the database be told otherwise", async () => {
    await expectRefused(w, () => resolve(ratifier, onAlice, "dismiss"), { error: "results.resolve.ratifiedAlone", status: 403 });
    const page = value(await resultsFor(db, ratifier, w.slug));
    expect(page.objections.find((o) => o.id === onAlice)).toMatchObject({ recused: "results.resolve.ratifiedAlone", mayResolve: false });
    const proposal = await db
      .insertInto("resolution_proposals")
      .values({ objection_id: onAlice, decision: "dismiss", resolution: "直接写入。", proposed_by: w.committee.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      await expect(
        db.insertInto("resolution_confirmations").values({ proposal_id: proposal.id, objection_id: onAlice, member_id: ratifier.id }).execute(),
      ).rejects.toThrow();
    } finally {
      await db.deleteFrom("resolution_proposals").where("id", "=", proposal.id).execute();
    }
  });
  test("a replacement that is not the next in line: Carol (no votes) while Bob (1) waits", async () => {
    await expectRefused(w, () => resolve(w.committee, onAlice, "uphold", w.starCarol), { error: "results.resolve.replacement", status: 400 });
  });
  test("a replacement from another title, already a winner, or with a dismissal", async () => {
    await expectRefused(w, () => resolve(w.committee, onAlice, "uphold", w.modelTeam), { error: "results.resolve.replacement", status: 400 });
    await expectRefused(w, () => resolve(w.committee, onModelAlice, "uphold", w.modelTeam), { error: "results.resolve.replacement", status: 400 });
    await expectRefused(w, () => resolve(w.committee, onAlice, "dismiss", w.starBob), { error: "results.resolve.replacement", status: 400 });
    await expectRefused(w, () => resolve(w.committee, onAlice, "uphold", w.starGina), { error: "results.resolve.replacement", status: 400 });
  });

  test("dismissed: resolved with who and why, the winner stays, audited", async () => {
    expect(value(await resolve(w.committee, onModelAlice, "dismiss"))).toEqual({ decision: "dismiss", resolved: true, confirmations: 1, quorum: 1 });
    const stored = await storedResults(w);
    expect(stored.objections.find((o) => o.id === onModelAlice)).toMatchObject({
      status: "dismissed",
      resolved_by: w.committee.id,
      resolution: "经核实，材料属实。",
    });
    expect(stored.winners.find((x) => x.nomination_id === w.modelAlice)).toMatchObject({ removed_by_objection: null });
    expect(stored.audit.filter((e) => e.action === "results.objection_resolved")).toMatchObject([
      {
        actor_id: w.committee.id,
        after: { objection: onModelAlice, decision: "dismiss", nomination: w.modelAlice, replacement: null, confirmedBy: [w.committee.name] },
      },
    ]);
  });
  test("upheld with a replacement: the winner's row kept as removed, the next nomination brought in with its votes", async () => {
    expect(value(await resolve(w.committee, onAlice, "uphold", w.starBob))).toEqual({
      decision: "uphold",
      resolved: true,
      confirmations: 1,
      quorum: 1,
    });
    const stored = await storedResults(w);
    expect(stored.objections.find((o) => o.id === onAlice)).toMatchObject({ status: "upheld", resolved_by: w.committee.id });
    expect(
      stored.winners.filter((x) => x.title_id === w.star.id).map((x) => [x.nomination_id, x.votes, x.added_by_objection, x.removed_by_objection]),
    ).toEqual([
      [w.starAlice, 2, null, onAlice],
      [w.starBob, 1, onAlice, null],
    ]);
    const star = value(await resultsFor(db, w.committee, w.slug)).titles[0];
    expect(star.nominations.map((n) => [n.id, n.winner])).toEqual([
      [w.starAlice, "removed"],
      [w.starBob, "replacement"],
      [w.starCarol, null],
    ]);
  });
  test("an objection is resolved once", async () => {
    await expectRefused(w, () => resolve(w.committee, onAlice, "dismiss"), { error: "results.resolve.already", status: 409 });
  });
  test("a replacement once removed, or with no free seat left", async () => {
    await expectRefused(w, () => resolve(w.committee, alsoOnAlice, "uphold", w.starAlice), { error: "results.resolve.replacement", status: 400 });
    await expectRefused(w, () => resolve(w.committee, alsoOnAlice, "uphold", w.starCarol), { error: "results.resolve.replacement", status: 400 });
  });

  test("publishing waits for every objection, even after the publicity period", async () => {
    await endPublicity(w);
    await expectRefused(w, () => moveCampaign(db, w.admin, w.slug, "published"), { error: "campaigns.move.objections", status: 409 });
    value(await resolve(w.committee, alsoOnAlice, "uphold"));
    expect(value(await moveCampaign(db, w.admin, w.slug, "published")).to).toBe("published");
  });
  test("once published, the current winners are winners and the rest not selected, each with an event", async () => {
    const { nominations } = await storedResults(w);
    const status = (id: number) => nominations.find((n) => n.id === id)!.status;
    expect([w.starAlice, w.starBob, w.starCarol, w.starGina, w.modelTeam, w.modelAlice].map(status)).toEqual([
      "not_selected",
      "winner",
      "not_selected",
      "rejected",
      "winner",
      "winner",
    ]);
    for (const [id, to] of [
      [w.starAlice, "not_selected"],
      [w.starBob, "winner"],
      [w.starCarol, "not_selected"],
      [w.modelAlice, "winner"],
    ] as const) {
      expect((await eventsOf(db, id)).at(-1)).toEqual({ from_status: "approved", to_status: to, actor_id: w.admin.id, comment: null });
    }
    expect((await eventsOf(db, w.starGina)).at(-1)!.to_status).toBe("rejected");
  });
  test("after publication nothing is resolved or ratified", async () => {
    await expectRefused(w, () => resolve(w.committee, onAlice, "dismiss"), { error: "results.resolve.closed", status: 409 });
    await expectRefused(w, () => ratifyTitle(db, w.committee, w.slug, { titleSlug: w.star.slug, nominationIds: [w.starCarol], tieReason: "" }), {
      error: "results.ratify.notClosed",
      status: 409,
    });
  });
});

describe("receipts", () => {
  let w: VotingCampaign;
  let old: string;
  let current: string;
  let others: string[];
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
    const first = await vote(w, w.carol, w.starAlice);
    old = first.receipt;
    current = (await vote(w, w.carol, w.starBob, first.version)).receipt;
    others = [(await vote(w, w.alice, w.starBob)).receipt, (await vote(w, w.bob, w.modelAlice, 0, w.model.slug)).receipt];
  });

  test("not before voting has closed", async () => {
    expect(await receiptsFor(db, w.alice, w.slug, {})).toEqual({ ok: false, error: "results.receipts.notYet", status: 409 });
  });
  test("after close every ballot listed once, with its title; a changed ballot's old receipt is not counted, the new one is", async () => {
    await moveTo(db, w, "closed");
    const page = value(await receiptsFor(db, w.alice, w.slug, {}));
    expect(page.total).toBe(4);
    expect(page.lookup).toBeNull();
    const byCode = new Map(page.rows.map((r) => [r.code, r]));
    expect(byCode.size).toBe(4);
    expect(byCode.get(old)).toEqual({ code: old, titleSlug: w.star.slug, counted: false });
    expect(byCode.get(current)).toEqual({ code: current, titleSlug: w.star.slug, counted: true });
    expect(byCode.get(others[0])).toEqual({ code: others[0], titleSlug: w.star.slug, counted: true });
    expect(byCode.get(others[1])).toEqual({ code: others[1], titleSlug: w.model.slug, counted: true });
  });
  test("nothing in the rows identifies a voter: only the code, the title and whether it counted, in code order", async () => {
    const page = value(await receiptsFor(db, w.committee, w.slug, {}));
    expect(page.rows.every((r) => Object.keys(r).sort().join() === "code,counted,titleSlug")).toBe(true);
    expect(page.rows.map((r) => r.code)).toEqual(page.rows.map((r) => r.code).sort());
    const json = JSON.stringify(page);
    expect(json).not.toMatch(/voter|person|cast_?at|version/i);
  });
  test("a code looked up as a person types it: lower case, no dashes, O for 0, I or L for 1", async () => {
    const typed = current
      .toLowerCase()
      .replace(/-/g, "")
      .replace(/0/g, "o")
      .replace(/1/g, (_, i: number) => (i % 2 ? "i" : "l"));
    const page = value(await receiptsFor(db, w.gina, w.slug, { code: typed }));
    expect(page.lookup).toEqual({ code: current, found: { code: current, titleSlug: w.star.slug, counted: true } });
    expect(value(await receiptsFor(db, w.gina, w.slug, { code: ` ${old.replace(/-/g, " ")} ` })).lookup).toEqual({
      code: old,
      found: { code: old, titleSlug: w.star.slug, counted: false },
    });
  });
  test("normaliseReceipt: every form of the same code, and nothing that is not one", () => {
    expect(normaliseReceipt("abcd-efgh-jkmn")).toBe("ABCD-EFGH-JKMN");
    expect(normaliseReceipt("0O1I L2345678")).toBe("0011-1234-5678");
    expect(normaliseReceipt("oo11ilL0-9999")).toBe("0011-1110-9999");
    expect(normaliseReceipt("ABCD-EFGH-JKM")).toBeNull();
    expect(normaliseReceipt("ABCD-EFGH-JKMNP")).toBeNull();
    expect(normaliseReceipt("ABCD-EFGH-JKMU")).toBeNull();
    expect(normaliseReceipt("")).toBeNull();
  });
  test("an unknown code, or one that cannot be a code, is not found", async () => {
    const unknown = ["ZZZZ-ZZZZ-ZZZZ", "ZZZZ-ZZZZ-ZZZY"].find((c) => c !== old && c !== current && !others.includes(c))!;
    expect(value(await receiptsFor(db, w.alice, w.slug, { code: unknown })).lookup).toEqual({ code: unknown, found: null });
    expect(value(await receiptsFor(db, w.alice, w.slug, { code: "hello" })).lookup).toEqual({ code: "hello", found: null });
  });
});

describe.skipIf(!onRealPostgres)("at the same moment, on PostgreSQL", () => {
  test("two committee members ratify the two titles at once: both ratified, the publicity period set exactly once", async () => {
    const w = await givenVotingCampaign(db);
    await setCampaign(w, { publicity_days: 2 });
    await moveTo(db, w, "closed");
    const second = await givenPerson(db, { unit: w.units.hr, roles: ["staff", "committee"] });
    const results = await Promise.all([
      ratifyTitle(db, w.committee, w.slug, { titleSlug: w.star.slug, nominationIds: [w.starAlice, w.starBob, w.starCarol], tieReason: "" }),
      ratifyTitle(db, second, w.slug, { titleSlug: w.model.slug, nominationIds: [w.modelTeam, w.modelAlice], tieReason: "" }),
    ]);
    const done = results.map(value);
    expect(done.filter((r) => r.allRatified)).toHaveLength(1);
    const stored = await storedResults(w);
    expect(stored.ratifications).toHaveLength(2);
    const last = Math.max(...stored.ratifications.map((r) => r.ratified_at.getTime()));
    expect(stored.campaign.publicity_ends_at).toEqual(new Date(last + 2 * 24 * 3600 * 1000));
    expect(done.find((r) => r.allRatified)!.publicityEndsAt).toEqual(stored.campaign.publicity_ends_at);
    const entries = stored.audit.filter((e) => e.action === "results.ratified");
    expect(entries.map((e) => (e.after as { allRatified: boolean }).allRatified).sort()).toEqual([false, true]);
  }, 60_000);

  test("the same title ratified 20 times at once: one ratification, the rest already", async () => {
    const w = await givenVotingCampaign(db);
    await moveTo(db, w, "closed");
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        ratifyTitle(db, w.committee, w.slug, { titleSlug: w.star.slug, nominationIds: [w.starAlice, w.starBob, w.starCarol], tieReason: "" }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 19 }, () => ({ ok: false, error: "results.ratify.already", status: 409 })));
    const stored = await storedResults(w);
    expect(stored.ratifications).toHaveLength(1);
    expect(stored.winners).toHaveLength(3);
    expect(stored.audit.filter((e) => e.action === "results.ratified")).toHaveLength(1);
  }, 60_000);

  test("one person filing the same objection 20 times at once: one objection, the rest already, nothing thrown", async () => {
    const w = await givenVotingCampaign(db);
    await setCampaign(w, { publicity_days: 5 });
    await moveTo(db, w, "closed");
    await ratifyAll(db, w);
    const results = await Promise.all(Array.from({ length: 20 }, () => fileObjection(db, w.carol, w.slug, { nominationId: w.starAlice, reason })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 19 }, () => ({ ok: false, error: "results.object.already", status: 409 })));
    const stored = await storedResults(w);
    expect(stored.objections).toHaveLength(1);
    expect(stored.audit.filter((e) => e.action === "results.objection_filed")).toHaveLength(1);
  }, 60_000);
});

if (!onRealPostgres) {
  console.warn(
    "[results] the concurrency tests (ratifying and objecting at the same moment) need several connections: skipped on PGlite; set TEST_DATABASE_URL to run them.",
  );
}
