import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import type { Db } from "../../db/client";
import type { User } from "../../app/domain/auth/user";
import { moveCampaign } from "../../app/domain/campaigns/transitions.server";
import type { Result } from "../../app/domain/result";
import { ballotFor } from "../../app/domain/voting/ballot.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { recount, tally } from "../../app/domain/voting/tally.server";
import type { BallotInput } from "../../app/domain/voting/schema";
import { givenPerson } from "../support/builders";
import { createTestDb, onRealPostgres, type TestDb } from "../support/db";
import { moveTo } from "../support/nominations";
import { ballotAudit, ballotsOf, choose, givenStaff, givenVotingCampaign, storedVotes, type VotingCampaign } from "../support/voting";
import { value } from "../support/result";

let t: TestDb;
let db: Db;
beforeAll(async () => {
  // Enough connections for the concurrency tests on PostgreSQL; PGlite has one.
  t = await createTestDb({ poolSize: 40 });
  db = t.db;
});
afterAll(() => t.close());

/** The same refusal, and nothing stored: no ballot, no choice, no audit entry. */
async function expectRefused(
  w: VotingCampaign,
  voter: User,
  input: BallotInput,
  expected: { error: string; status?: number; vars?: object },
  slug = w.slug,
) {
  const before = await storedVotes(db, w);
  const r = await castBallot(db, voter, slug, input);
  expect(r).toEqual({ ok: false, status: expect.any(Number), ...expected });
  expect(await storedVotes(db, w)).toEqual(before);
}

/** Tally rows from [title, nomination, votes], in the tally's order. */
const tallyOf = (rows: Array<[titleId: number, nominationId: number, votes: number]>) =>
  rows
    .map(([titleId, nominationId, votes]) => ({ titleId, nominationId, votes }))
    .sort((a, b) => a.titleId - b.titleId || a.nominationId - b.nominationId);

const receiptPattern = /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

describe("casting a ballot", () => {
  let w: VotingCampaign;
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
  });

  test("an eligible staff member votes: version 1, a receipt, the choice stored", async () => {
    const r = value(await castBallot(db, w.alice, w.slug, choose(w, [w.starBob])));
    expect(r.version).toBe(1);
    expect(r.receipt).toMatch(receiptPattern);
    const mine = (await ballotsOf(db, w)).filter((b) => b.voterId === w.alice.id);
    expect(mine).toMatchObject([{ titleId: w.star.id, version: 1, receipt: r.receipt, choices: [w.starBob] }]);
  });

  test("the audit log says that someone voted, not for whom", async () => {
    const r = value(await castBallot(db, w.bob, w.slug, choose(w, [w.modelAlice], 0, w.model.slug)));
    const entries = (await ballotAudit(db)).filter((e) => e.actor_id === w.bob.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ action: "ballot.cast", subject_type: "campaign", subject_id: String(w.campaignId), before: null });
    expect(entries[0].after).toEqual({ campaign: w.slug, title: w.model.slug });
    const json = JSON.stringify({ before: entries[0].before, after: entries[0].after });
    // No nomination id as a JSON value anywhere in the entry.
    for (const id of [w.starAlice, w.starBob, w.starCarol, w.modelTeam, w.modelAlice]) expect(json).not.toMatch(new RegExp(`[:\\[,"]${id}[,\\]}"]`));
    expect(json).not.toContain("nomination");
    expect(json).not.toContain(r.receipt);
  });

  test("a changed ballot is a new version; the old one is kept, linked to nobody; the tally counts only the current one", async () => {
    const carol = w.carol;
    const first = value(await castBallot(db, carol, w.slug, choose(w, [w.starAlice])));
    const second = value(await castBallot(db, carol, w.slug, choose(w, [w.starBob], first.version)));
    expect(second.version).toBe(2);
    expect(second.receipt).not.toBe(first.receipt);
    const ballots = await ballotsOf(db, w);
    // The link moved to the new ballot: the replaced one names no voter (decision 0041).
    expect(ballots.filter((b) => b.voterId === carol.id)).toMatchObject([{ version: 2, receipt: second.receipt, choices: [w.starBob] }]);
    expect(ballots.find((b) => b.receipt === first.receipt)).toMatchObject({ voterId: null, version: null, counted: null, choices: [w.starAlice] });
    const rows = await tally(db, w.campaignId);
    const votes = (id: number) => rows.find((r) => r.nominationId === id)!.votes;
    // Alice voted for Bob earlier in this file; Carol moved from Alice to Bob.
    expect(votes(w.starAlice)).toBe(0);
    expect(votes(w.starBob)).toBe(2);
    expect(await recount(db, w.campaignId)).toEqual(rows);
  });

  test("an empty ballot withdraws every choice and is itself a version with a receipt", async () => {
    const p = await givenPerson(db, { unit: w.units.teamB });
    const first = value(await castBallot(db, p, w.slug, choose(w, [w.starCarol])));
    const empty = value(await castBallot(db, p, w.slug, choose(w, [], first.version)));
    expect(empty.version).toBe(2);
    const ballots = await ballotsOf(db, w);
    expect(ballots.find((b) => b.receipt === first.receipt)?.choices).toEqual([w.starCarol]);
    expect(ballots.filter((b) => b.voterId === p.id)).toMatchObject([{ receipt: empty.receipt, version: 2, choices: [] }]);
    expect((await tally(db, w.campaignId)).find((r) => r.nominationId === w.starCarol)!.votes).toBe(0);
  });

  test("receipts are unique across ballots", async () => {
    const receipts = (await ballotsOf(db, w)).map((b) => b.receipt);
    expect(receipts.length).toBeGreaterThan(3);
    expect(new Set(receipts).size).toBe(receipts.length);
  });
});

describe("refusals: each with its key, and nothing stored", () => {
  let w: VotingCampaign;
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
  });

  test("more than K choices", async () => {
    await expectRefused(w, w.alice, choose(w, [w.starBob, w.starCarol]), { error: "voting.tooMany", status: 400, vars: { max: 1 } });
  });
  test("K is the title's: two choices refused where the title allows one, taken where another title of the campaign allows two", async () => {
    const mixed = await givenVotingCampaign(db);
    await db
      .updateTable("campaign_titles")
      .set({ votes_per_voter: 2 })
      .where("campaign_id", "=", mixed.campaignId)
      .where("title_id", "=", mixed.model.id)
      .execute();
    await expectRefused(mixed, mixed.gina, choose(mixed, [mixed.starAlice, mixed.starBob]), {
      error: "voting.tooMany",
      status: 400,
      vars: { max: 1 },
    });
    expect(value(await castBallot(db, mixed.gina, mixed.slug, choose(mixed, [mixed.modelTeam, mixed.modelAlice], 0, mixed.model.slug))).version).toBe(
      1,
    );
    const page = value(await ballotFor(db, mixed.gina, mixed.slug));
    expect(page.titles.map((t) => [t.slug, t.votesPerVoter])).toEqual([
      [mixed.star.slug, 1],
      [mixed.model.slug, 2],
    ]);
  });
  test("the same nomination twice", async () => {
    const two = await givenVotingCampaign(db, { votesPerVoter: 2 });
    await expectRefused(two, two.alice, choose(two, [two.starBob, two.starBob]), { error: "voting.duplicate", status: 400 });
  });
  test("a nomination that is not approved", async () => {
    await expectRefused(w, w.alice, choose(w, [w.starGina]), { error: "voting.notOnBallot", status: 400 });
  });
  test("a nomination of another title", async () => {
    await expectRefused(w, w.alice, choose(w, [w.modelTeam]), { error: "voting.notOnBallot", status: 400 });
  });
  test("a nomination of another campaign", async () => {
    const other = await givenVotingCampaign(db);
    await expectRefused(w, w.alice, choose(w, [other.starBob]), { error: "voting.notOnBallot", status: 400 });
  });
  test("a nomination that does not exist", async () => {
    await expectRefused(w, w.alice, choose(w, [2 ** 31 - 1]), { error: "voting.notOnBallot", status: 400 });
  });
  test("a title the campaign does not offer", async () => {
    await expectRefused(w, w.alice, choose(w, [], 0, w.notOffered.slug), { error: "voting.title.unknown", status: 400 });
  });
  test("a vote for oneself", async () => {
    await expectRefused(w, w.alice, choose(w, [w.starAlice]), { error: "voting.self", status: 400 });
  });
  test("a vote for one's own team", async () => {
    await expectRefused(w, w.bob, choose(w, [w.modelTeam], 0, w.model.slug), { error: "voting.self", status: 400 });
  });
  test("someone who left the company", async () => {
    await expectRefused(w, w.eve, choose(w, [w.starBob]), { error: "voting.notEligible", status: 403 });
  });
  test("a person in scope without the staff role", async () => {
    const m = await givenPerson(db, { unit: w.units.teamA, roles: [{ role: "manager", unit: w.units.teamA }] });
    await expectRefused(w, m, choose(w, [w.starBob]), { error: "voting.notEligible", status: 403 });
  });
  test("staff outside the scope who can see the campaign (the committee member in HR)", async () => {
    await expectRefused(w, w.committee, choose(w, [w.starBob]), { error: "voting.notEligible", status: 403 });
  });
  test("staff outside the scope who cannot see the campaign: it is not found for them", async () => {
    await expectRefused(w, w.dave, choose(w, [w.starBob]), { error: "campaigns.notFound", status: 404 });
  });
  test("a stale form: based on no ballot when there is one, or on an older version", async () => {
    const first = value(await castBallot(db, w.carol, w.slug, choose(w, [w.starAlice])));
    await expectRefused(w, w.carol, choose(w, [w.starBob], 0), { error: "voting.stale", status: 409 });
    value(await castBallot(db, w.carol, w.slug, choose(w, [w.starBob], first.version)));
    await expectRefused(w, w.carol, choose(w, [w.starAlice], first.version), { error: "voting.stale", status: 409 });
    await expectRefused(w, w.gina, choose(w, [w.starAlice], 5), { error: "voting.stale", status: 409 });
  });
  test("a change when the campaign does not allow one", async () => {
    const fixed = await givenVotingCampaign(db, { mayChangeBallot: false });
    const first = value(await castBallot(db, fixed.alice, fixed.slug, choose(fixed, [fixed.starBob])));
    await expectRefused(fixed, fixed.alice, choose(fixed, [fixed.starCarol], first.version), { error: "voting.noChanges", status: 409 });
  });
  test("before voting opens", async () => {
    const early = await givenVotingCampaign(db, { phase: "reviewing" });
    await expectRefused(early, early.alice, choose(early, [early.starBob]), { error: "voting.notOpen", status: 409 });
  });
  test("after the scheduled close, even before the scheduler has moved the campaign", async () => {
    const due = await givenVotingCampaign(db);
    await db
      .updateTable("campaigns")
      .set({ closed_at: new Date(Date.now() - 1000) })
      .where("id", "=", due.campaignId)
      .execute();
    await expectRefused(due, due.alice, choose(due, [due.starBob]), { error: "voting.closed", status: 409 });
    expect(value(await ballotFor(db, due.alice, due.slug)).refusal).toBe("voting.closed");
  });
  test("a scheduled close still ahead lets the vote in", async () => {
    const open = await givenVotingCampaign(db);
    await db
      .updateTable("campaigns")
      .set({ closed_at: new Date(Date.now() + 60_000) })
      .where("id", "=", open.campaignId)
      .execute();
    expect(value(await castBallot(db, open.alice, open.slug, choose(open, [open.starBob]))).version).toBe(1);
  });
  test("after a manual close", async () => {
    const closing = await givenVotingCampaign(db);
    value(await moveCampaign(db, closing.admin, closing.slug, "closed"));
    await expectRefused(closing, closing.alice, choose(closing, [closing.starBob]), { error: "voting.closed", status: 409 });
    await moveTo(db, closing, "published");
    await expectRefused(closing, closing.alice, choose(closing, [closing.starBob]), { error: "voting.closed", status: 409 });
  });
});

describe("ballots cannot be altered in place", () => {
  let w: VotingCampaign;
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
    value(await castBallot(db, w.alice, w.slug, choose(w, [w.starBob])));
  });

  test("UPDATE and DELETE of a ballot raise", async () => {
    await expect(sql`update ballots set counted = false where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update ballots set receipt_code = 'AAAA-AAAA-AAAA' where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ballots where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`update poll_book set voted_at = now() where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from poll_book where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
  });
  test("UPDATE and DELETE of a choice raise, TRUNCATE too", async () => {
    await expect(sql`update ballot_choices set nomination_id = ${w.starCarol} where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from ballot_choices where campaign_id = ${w.campaignId}`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate ballot_choices`.execute(db)).rejects.toThrow(/append-only/);
  });
  test("the ballot is as it was", async () => {
    expect(await ballotsOf(db, w)).toMatchObject([{ voterId: w.alice.id, version: 1, choices: [w.starBob] }]);
  });
  test("a choice for a nomination of another title cannot be stored even bypassing the domain", async () => {
    const [b] = await ballotsOf(db, w);
    await expect(
      db
        .insertInto("ballot_choices")
        .values({ ballot_id: b.id, nomination_id: w.modelTeam, campaign_id: w.campaignId, title_id: w.star.id })
        .execute(),
    ).rejects.toThrow();
  });
});

describe("the ballot page", () => {
  let w: VotingCampaign;
  beforeAll(async () => {
    w = await givenVotingCampaign(db);
  });

  test("per title, the approved nominations with names, units, citation and metrics; no rejected one; no counts", async () => {
    const page = value(await ballotFor(db, w.alice, w.slug));
    expect(page.refusal).toBeNull();
    expect(page.titles.map((t) => [t.slug, t.votesPerVoter])).toEqual([
      [w.star.slug, 1],
      [w.model.slug, 1],
    ]);
    const [star, model] = page.titles;
    expect(star.nominations.map((n) => n.id)).toEqual([w.starAlice, w.starBob, w.starCarol]);
    expect(star.nominations[0]).toMatchObject({
      self: true,
      nominees: [{ name: "李明", unitZh: "投诉处理班" }],
      metrics: [{ name: "客户满意度", nameEn: "Customer satisfaction", value: 99.2, unit: "%" }],
    });
    expect(star.nominations[1].self).toBe(false);
    expect(model.nominations.find((n) => n.id === w.modelTeam)).toMatchObject({
      kind: "team",
      teamName: "装维先锋队",
      nominees: [{ name: "陈芳" }, { name: "黄伟" }],
    });
    expect(star).toMatchObject({ chosen: [], version: 0, receipt: null, mayCast: true });
    // Loader-safe: no field that counts anything.
    const keys: string[] = [];
    JSON.stringify(page, (k, v) => (keys.push(k), v));
    expect(keys.filter((k) => /^(votes|tally|tallies|count|ballots|voters|turnout)$/i.test(k))).toEqual([]);
  });

  test("the voter's own current choices, version and receipt; nobody else's", async () => {
    const first = value(await castBallot(db, w.bob, w.slug, choose(w, [w.starAlice])));
    const second = value(await castBallot(db, w.bob, w.slug, choose(w, [w.starCarol], first.version)));
    value(await castBallot(db, w.carol, w.slug, choose(w, [w.starAlice])));
    const star = value(await ballotFor(db, w.bob, w.slug)).titles[0];
    expect(star).toMatchObject({ chosen: [w.starCarol], version: 2, receipt: second.receipt, mayCast: true });
    expect(value(await ballotFor(db, w.alice, w.slug)).titles[0]).toMatchObject({ chosen: [], version: 0, receipt: null });
  });

  test("the refusal for those who cannot vote, shown on the page", async () => {
    expect(value(await ballotFor(db, w.eve, w.slug)).refusal).toBe("voting.notEligible");
    expect(value(await ballotFor(db, w.committee, w.slug)).titles[0].mayCast).toBe(false);
    expect(await ballotFor(db, w.dave, w.slug)).toMatchObject({ ok: false, error: "campaigns.notFound", status: 404 });
    const early = await givenVotingCampaign(db, { phase: "reviewing" });
    const page = value(await ballotFor(db, early.alice, early.slug));
    expect(page.refusal).toBe("voting.notOpen");
    expect(page.titles.every((t) => t.nominations.length === 0)).toBe(true);
  });

  test("when changes are not allowed, a title already voted cannot be cast again", async () => {
    const fixed = await givenVotingCampaign(db, { mayChangeBallot: false });
    value(await castBallot(db, fixed.alice, fixed.slug, choose(fixed, [fixed.starBob])));
    const page = value(await ballotFor(db, fixed.alice, fixed.slug));
    expect(page.titles.map((t) => t.mayCast)).toEqual([false, true]);
  });
});

describe("the tally", () => {
  test("equals the recount and a known answer (K = 2, changes, an empty ballot, both titles)", async () => {
    const w = await givenVotingCampaign(db, { votesPerVoter: 2 });
    const [v1, v2, v3, v4] = await givenStaff(db, w.units.teamA, 4);
    const cast = async (who: User, ids: number[], basedOn = 0, title = w.star.slug) =>
      value(await castBallot(db, who, w.slug, choose(w, ids, basedOn, title)));
    await cast(v1, [w.starAlice, w.starBob]);
    await cast(v1, [w.starCarol], 1); // v1 now: Carol
    await cast(v2, [w.starAlice, w.starCarol]);
    await cast(v3, [w.starBob]);
    await cast(v3, [], 1); // v3 withdraws
    await cast(v4, [w.starCarol, w.starBob]);
    await cast(v1, [w.modelTeam, w.modelAlice], 0, w.model.slug);
    await cast(v2, [w.modelTeam], 0, w.model.slug);
    await cast(w.alice, [w.modelTeam], 0, w.model.slug);
    const known = tallyOf([
      [w.star.id, w.starAlice, 1],
      [w.star.id, w.starBob, 1],
      [w.star.id, w.starCarol, 3],
      [w.model.id, w.modelTeam, 3],
      [w.model.id, w.modelAlice, 1],
    ]);
    const rows = await tally(db, w.campaignId);
    expect(rows).toEqual(known);
    expect(await recount(db, w.campaignId)).toEqual(known);
    // Counts are numbers on both drivers.
    expect(rows.every((r) => typeof r.votes === "number" && typeof r.nominationId === "number")).toBe(true);
  });
});

describe("ballots cast at the same moment (decision 0023)", () => {
  test("share one read and one write, each with its own answer: stored, refused by the rules, stale", async () => {
    const w = await givenVotingCampaign(db);
    const statements = vi.spyOn(db, "executeQuery");
    let results: Array<Result<unknown>>;
    try {
      results = await Promise.all([
        castBallot(db, w.alice, w.slug, choose(w, [w.starBob])),
        castBallot(db, w.bob, w.slug, choose(w, [w.starBob])),
        castBallot(db, w.carol, w.slug, choose(w, [w.modelAlice], 0, w.model.slug)),
        // The same first ballot twice: one is stored, the other is stale.
        castBallot(db, w.gina, w.slug, choose(w, [w.starAlice])),
        castBallot(db, w.gina, w.slug, choose(w, [w.starCarol])),
      ]);
      expect(statements).toHaveBeenCalledTimes(2);
    } finally {
      statements.mockRestore();
    }
    expect(results[0]).toMatchObject({ ok: true, value: { version: 1, receipt: expect.stringMatching(receiptPattern) } });
    expect(results[1]).toMatchObject({ ok: false, error: "voting.self" });
    expect(results[2]).toMatchObject({ ok: true, value: { version: 1 } });
    expect(
      results
        .slice(3)
        .map((r) => (r.ok ? "stored" : r.error))
        .sort(),
    ).toEqual(["stored", "voting.stale"]);
    const gina = results.slice(3).find((r) => r.ok) as { value: { receipt: string } };
    const ballots = await ballotsOf(db, w);
    expect(ballots.map((b) => [b.voterId, b.titleId, b.version, b.choices])).toEqual(
      expect.arrayContaining([
        [w.alice.id, w.star.id, 1, [w.starBob]],
        [w.carol.id, w.model.id, 1, [w.modelAlice]],
        [w.gina.id, w.star.id, 1, [expect.any(Number)]],
      ]),
    );
    expect(ballots).toHaveLength(3);
    expect(ballots.find((b) => b.voterId === w.gina.id)?.receipt).toBe(gina.value.receipt);
    // One audit entry per stored ballot, each naming its own voter and title.
    const entries = (await ballotAudit(db)).filter((e) => e.subject_id === String(w.campaignId));
    expect(entries.map((e) => [e.actor_id, (e.after as { title: string }).title]).sort()).toEqual(
      [
        [w.alice.id, w.star.slug],
        [w.carol.id, w.model.slug],
        [w.gina.id, w.star.slug],
      ].sort(),
    );
  });

  test("a ballot the database refuses fails alone: the others cast with it are stored", async () => {
    const w = await givenVotingCampaign(db);
    // A refusal no rule foresees (a stand-in for any constraint): the batch's statement fails, and each ballot is tried on its own.
    await sql`create function refuse_for_the_test() returns trigger language plpgsql as $$
      begin
        if new.person_id = ${sql.lit(w.carol.id)} then raise exception 'refused for the test'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_for_the_test before insert on poll_book for each row execute function refuse_for_the_test()`.execute(db);
    try {
      const [alice, carol, bob] = await Promise.allSettled([
        castBallot(db, w.alice, w.slug, choose(w, [w.starBob])),
        castBallot(db, w.carol, w.slug, choose(w, [w.starAlice])),
        castBallot(db, w.bob, w.slug, choose(w, [w.starCarol])),
      ]);
      expect(alice).toMatchObject({ status: "fulfilled", value: { ok: true } });
      expect(bob).toMatchObject({ status: "fulfilled", value: { ok: true } });
      expect(carol).toMatchObject({ status: "rejected", reason: { message: expect.stringContaining("refused for the test") } });
      expect((await ballotsOf(db, w)).map((b) => b.voterId).sort()).toEqual([w.alice.id, w.bob.id].sort());
      expect(
        (await ballotAudit(db))
          .filter((e) => e.subject_id === String(w.campaignId))
          .map((e) => e.actor_id)
          .sort(),
      ).toEqual([w.alice.id, w.bob.id].sort());
    } finally {
      await sql`drop trigger refuse_for_the_test on poll_book`.execute(db);
      await sql`drop function refuse_for_the_test()`.execute(db);
    }
  });
});

describe.skipIf(!onRealPostgres)("at the same moment, on PostgreSQL", () => {
  test("500 distinct voters voting at once: exactly 500 ballots, the tally right", async () => {
    const w = await givenVotingCampaign(db);
    const voters = [...(await givenStaff(db, w.units.teamA, 250)), ...(await givenStaff(db, w.units.teamB, 250))];
    const picks = [w.starAlice, w.starBob, w.starCarol];
    const results = await Promise.all(voters.map((v, i) => castBallot(db, v, w.slug, choose(w, [picks[i % 3]]))));
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const ballots = await ballotsOf(db, w);
    expect(ballots).toHaveLength(500);
    expect(new Set(ballots.map((b) => b.receipt)).size).toBe(500);
    const expected = tallyOf([
      [w.star.id, w.starAlice, 167],
      [w.star.id, w.starBob, 167],
      [w.star.id, w.starCarol, 166],
      [w.model.id, w.modelTeam, 0],
      [w.model.id, w.modelAlice, 0],
    ]);
    expect(await tally(db, w.campaignId)).toEqual(expected);
    expect(await recount(db, w.campaignId)).toEqual(expected);
    expect((await ballotAudit(db)).filter((e) => e.subject_id === String(w.campaignId))).toHaveLength(500);
  }, 120_000);

  test("one voter submitting the same form 20 times at once: one new ballot, the others stale, nothing thrown", async () => {
    const w = await givenVotingCampaign(db);
    const first = value(await castBallot(db, w.alice, w.slug, choose(w, [w.starBob])));
    const results = await Promise.all(Array.from({ length: 20 }, () => castBallot(db, w.alice, w.slug, choose(w, [w.starCarol], first.version))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 19 }, () => ({ ok: false, error: "voting.stale", status: 409 })));
    const mine = await ballotsOf(db, w);
    // The first kept but linked to nobody; the second linked as version 2.
    expect(mine.map((b) => [b.version, b.choices])).toEqual([
      [null, [w.starBob]],
      [2, [w.starCarol]],
    ]);
    expect((await ballotAudit(db)).filter((e) => e.subject_id === String(w.campaignId))).toHaveLength(2);
  }, 60_000);

  test("a submit that passes the checks while another one commits the same version is refused by the link's lock as stale", async () => {
    const w = await givenVotingCampaign(db);
    const first = value(await castBallot(db, w.carol, w.slug, choose(w, [w.starAlice])));
    let racing: Promise<Result<unknown>> | null = null;
    // Another request has moved the link to version 2 and not yet committed: this submit sees version 1 as current,
    // passes every rule, then waits on the link's row lock; when the other commits, the link is no longer at version 1
    // and this ballot is left out.
    await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("ballots")
        .values({ campaign_id: w.campaignId, title_id: w.star.id, receipt_code: "RACE-0000-0002" })
        .returning("id")
        .executeTakeFirstOrThrow();
      await trx
        .updateTable("ballot_links")
        .set({ ballot_id: id, version: 2 })
        .where("campaign_id", "=", w.campaignId)
        .where("title_id", "=", w.star.id)
        .where("voter_id", "=", w.carol.id)
        .execute();
      racing = castBallot(db, w.carol, w.slug, choose(w, [w.starBob], first.version));
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(await racing).toEqual({ ok: false, error: "voting.stale", status: 409 });
    expect((await ballotsOf(db, w)).map((b) => [b.receipt === first.receipt ? "first" : b.receipt, b.version])).toEqual([
      ["first", null],
      ["RACE-0000-0002", 2],
    ]);
  });

  test("a first ballot submitted 20 times at once: exactly one", async () => {
    const w = await givenVotingCampaign(db);
    const results = await Promise.all(Array.from({ length: 20 }, () => castBallot(db, w.bob, w.slug, choose(w, [w.starAlice]))));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await ballotsOf(db, w)).toHaveLength(1);
  }, 60_000);
});

if (!onRealPostgres) {
  console.warn(
    "[voting] the concurrency tests (500 voters at once, 20 parallel submits) need several connections: skipped on PGlite; set TEST_DATABASE_URL to run them.",
  );
}
