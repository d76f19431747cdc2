import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import type { Result } from "../../app/domain/result";
import { resolveObjection, withdrawObjectionResolution } from "../../app/domain/results/objection-resolution.server";
import { fileObjection } from "../../app/domain/results/objections.server";
import { ratifyTitle, withdrawRatification } from "../../app/domain/results/ratification.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { resultsWaitingFor } from "../../app/domain/results/waiting.server";
import { castBallot } from "../../app/domain/voting/casting.server";
import { createDb, type Db } from "../../db/client";
import { migrationProvider } from "../../db/migrations/index";
import { givenPerson } from "../support/builders";
import { createTestDb, onRealPostgres, type TestDb } from "../support/db";
import { moveTo } from "../support/nominations";
import { value } from "../support/result";
import { choose, givenStaff, givenVotingCampaign, type VotingCampaign } from "../support/voting";

// The committee decides together (issue 14, item 11; docs/decisions/0028): a
// campaign's quorum of committee members must confirm each title's winners and
// each objection's resolution. One member alone proposes; the decision takes
// effect with the last confirmation the quorum needs.

let t: TestDb;
let db: Db;
beforeAll(async () => {
  // Enough connections for the concurrency tests on PostgreSQL; PGlite has one.
  t = await createTestDb({ poolSize: 40 });
  db = t.db;
});
afterAll(() => t.close());

/** Everything a committee decision may write for a campaign. */
async function stored(w: Pick<VotingCampaign, "campaignId" | "slug">) {
  const [ratifications, winners, proposals, confirmations, objections, resolutions, resolutionConfirmations, audit] = await Promise.all([
    db.selectFrom("ratifications").selectAll().where("campaign_id", "=", w.campaignId).orderBy("title_id").execute(),
    db.selectFrom("winners").selectAll().where("campaign_id", "=", w.campaignId).orderBy("nomination_id").execute(),
    db.selectFrom("ratification_proposals").selectAll().where("campaign_id", "=", w.campaignId).orderBy("id").execute(),
    db
      .selectFrom("ratification_confirmations")
      .selectAll()
      .where("campaign_id", "=", w.campaignId)
      .orderBy("confirmed_at")
      .orderBy("member_id")
      .execute(),
    db.selectFrom("objections").selectAll().where("campaign_id", "=", w.campaignId).orderBy("id").execute(),
    db
      .selectFrom("resolution_proposals as p")
      .innerJoin("objections as o", "o.id", "p.objection_id")
      .selectAll("p")
      .where("o.campaign_id", "=", w.campaignId)
      .orderBy("p.id")
      .execute(),
    db
      .selectFrom("resolution_confirmations as c")
      .innerJoin("objections as o", "o.id", "c.objection_id")
      .selectAll("c")
      .where("o.campaign_id", "=", w.campaignId)
      .orderBy("c.member_id")
      .execute(),
    db
      .selectFrom("audit_log")
      .select(["action", "actor_id", "before", "after"])
      .where("subject_id", "=", w.slug)
      .where("action", "like", "results.%")
      .orderBy("id")
      .execute(),
  ]);
  return { ratifications, winners, proposals, confirmations, objections, resolutions, resolutionConfirmations, audit };
}

async function expectRefused(w: VotingCampaign, attempt: () => Promise<Result<unknown>>, expected: { error: string; status: number }) {
  const before = await stored(w);
  expect(await attempt()).toEqual({ ok: false, ...expected });
  expect(await stored(w)).toEqual(before);
}

const member = (w: VotingCampaign, name: string) => givenPerson(db, { unit: w.units.hr, name, roles: ["staff", "committee"] });

/**
 * A closed campaign with a quorum of two: the star title has two seats and a
 * tie at the cut-off (Alice 2 votes, Bob and Carol 1 each); the model title
 * has no votes (both its nominations win, tied at nothing: a reason needed).
 */
async function givenClosedWithQuorum(quorum = 2, publicityDays = 5) {
  const w = await givenVotingCampaign(db, { quorum });
  await db.updateTable("campaign_titles").set({ winners: 2 }).where("campaign_id", "=", w.campaignId).where("title_id", "=", w.star.id).execute();
  await db.updateTable("campaigns").set({ publicity_days: publicityDays }).where("id", "=", w.campaignId).execute();
  const voters = await givenStaff(db, w.units.teamA, 4);
  for (const [i, id] of [w.starAlice, w.starAlice, w.starBob, w.starCarol].entries()) value(await castBallot(db, voters[i], w.slug, choose(w, [id])));
  await moveTo(db, w, "closed");
  return w;
}

describe("ratifying with a quorum of two", () => {
  let w: VotingCampaign;
  let first: User;
  let second: User;
  let third: User;
  const ratify = (who: User, ids: number[], reason = "") =>
    ratifyTitle(db, who, w.slug, { titleSlug: w.star.slug, nominationIds: ids, tieReason: reason });
  beforeAll(async () => {
    w = await givenClosedWithQuorum();
    first = w.committee;
    second = await member(w, "严宇航");
    third = await member(w, "温嘉怡");
  });

  test("one member's confirmation proposes the winners and ratifies nothing: the proposal, the confirmation, an audit entry", async () => {
    const r = value(await ratify(first, [w.starCarol, w.starAlice], "同票，按投诉处理时长确定。"));
    expect(r).toEqual({ ratified: false, confirmations: 1, quorum: 2, allRatified: false, publicityEndsAt: null });
    const s = await stored(w);
    expect(s.ratifications).toEqual([]);
    expect(s.winners).toEqual([]);
    expect(s.proposals).toMatchObject([
      {
        title_id: w.star.id,
        winners: [w.starAlice, w.starCarol].sort((a, b) => a - b),
        tie_reason: "同票，按投诉处理时长确定。",
        proposed_by: first.id,
      },
    ]);
    expect(s.confirmations).toMatchObject([{ proposal_id: s.proposals[0].id, member_id: first.id }]);
    expect(s.audit).toMatchObject([
      {
        action: "results.ratification_confirmed",
        actor_id: first.id,
        after: { title: w.star.slug, confirmations: 1, quorum: 2, tieReason: "同票，按投诉处理时长确定。" },
      },
    ]);
  });

  test("the results page shows who has confirmed, to the committee and administrators; not to staff", async () => {
    const mine = value(await resultsFor(db, first, w.slug));
    expect(mine.committee).toEqual({ quorum: 2 });
    const star = mine.titles.find((x) => x.slug === w.star.slug)!;
    expect(star.ratification).toBeNull();
    expect(star.ratifyRefusal).toBe("results.ratify.confirmed");
    expect(star.proposals).toMatchObject([
      { proposedBy: first.name, confirmedBy: [first.name], mine: true, tieReason: "同票，按投诉处理时长确定。" },
    ]);
    const other = value(await resultsFor(db, second, w.slug)).titles.find((x) => x.slug === w.star.slug)!;
    expect(other.ratifyRefusal).toBeNull();
    expect(other.proposals).toMatchObject([{ confirmedBy: [first.name], mine: false }]);
    expect(value(await resultsFor(db, w.admin, w.slug)).titles.find((x) => x.slug === w.star.slug)!.proposals).toHaveLength(1);
    expect(value(await resultsFor(db, w.gina, w.slug)).titles.every((x) => x.proposals.length === 0)).toBe(true);
  });

  test("the home page asks each member only for what still waits for them: the title they confirmed no longer counts", async () => {
    const waitingFor = async (who: User) => (await resultsWaitingFor(db, who)).toRatify.find((c) => c.slug === w.slug)?.count;
    expect(await waitingFor(first)).toBe(1);
    expect(await waitingFor(second)).toBe(2);
  });

  test("a member confirms once per title: a second confirmation, even of other winners, is refused and stores nothing", async () => {
    await expectRefused(w, () => ratify(first, [w.starCarol, w.starAlice], "再次确认。"), { error: "results.ratify.confirmed", status: 409 });
    await expectRefused(w, () => ratify(first, [w.starBob, w.starAlice], "改选。"), { error: "results.ratify.confirmed", status: 409 });
  });

  test("another member may back other winners at the tie: two proposals, neither ratified", async () => {
    expect(value(await ratify(second, [w.starAlice, w.starBob], "同票，按服务年限确定。"))).toMatchObject({ ratified: false, confirmations: 1 });
    const s = await stored(w);
    expect(s.proposals).toHaveLength(2);
    expect(s.ratifications).toEqual([]);
  });

  test("a member withdraws their confirmation while the title is open; their lone proposal goes with it, audited", async () => {
    expect(value(await withdrawRatification(db, second, w.slug, w.star.slug))).toEqual({ winners: [w.starAlice, w.starBob].sort((a, b) => a - b) });
    const s = await stored(w);
    expect(s.proposals.map((p) => p.proposed_by)).toEqual([first.id]);
    expect(s.confirmations.map((c) => c.member_id)).toEqual([first.id]);
    expect(s.audit.at(-1)).toMatchObject({ action: "results.confirmation_withdrawn", actor_id: second.id, before: { title: w.star.slug } });
    await expectRefused(w, () => withdrawRatification(db, second, w.slug, w.star.slug), { error: "results.withdraw.none", status: 409 });
  });

  test("the confirmation that reaches the quorum ratifies: the proposer's reason stands, the winners with their votes, who confirmed in the audit", async () => {
    // The second member chooses the same winners without retyping the reason: they confirm the first member's proposal.
    const r = value(await ratify(second, [w.starAlice, w.starCarol]));
    expect(r).toEqual({ ratified: true, confirmations: 2, quorum: 2, allRatified: false, publicityEndsAt: null });
    const s = await stored(w);
    expect(s.ratifications).toMatchObject([
      { title_id: w.star.id, ratified_by: second.id, tie_reason: "同票，按投诉处理时长确定。", proposal_id: s.proposals[0].id },
    ]);
    expect(s.winners.map((x) => [x.nomination_id, x.votes])).toEqual(
      [
        [w.starAlice, 2],
        [w.starCarol, 1],
      ].sort((a, b) => a[0] - b[0]),
    );
    expect(s.audit.at(-1)).toMatchObject({
      action: "results.ratified",
      actor_id: second.id,
      after: { title: w.star.slug, confirmedBy: [first.name, second.name] },
    });
    const page = value(await resultsFor(db, third, w.slug));
    expect(page.titles.find((x) => x.slug === w.star.slug)!.ratification).toMatchObject({
      byName: second.name,
      confirmedBy: [first.name, second.name],
    });
    expect(page.titles.find((x) => x.slug === w.star.slug)!.proposals).toEqual([]);
  });

  test("after ratification nobody confirms or withdraws", async () => {
    await expectRefused(w, () => ratify(third, [w.starAlice, w.starCarol]), { error: "results.ratify.already", status: 409 });
    await expectRefused(w, () => withdrawRatification(db, first, w.slug, w.star.slug), { error: "results.ratify.already", status: 409 });
  });

  test("the database refuses what the domain refuses: a ratification short of the quorum, a second confirmation by a member, a settled confirmation changed, winners out of order", async () => {
    const proposal = await db
      .insertInto("ratification_proposals")
      .values({
        campaign_id: w.campaignId,
        title_id: w.model.id,
        winners: sql<number[]>`${`{${w.modelAlice}}`}::int[]`,
        tie_reason: null,
        proposed_by: third.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    try {
      await db
        .insertInto("ratification_confirmations")
        .values({ proposal_id: proposal.id, campaign_id: w.campaignId, title_id: w.model.id, member_id: third.id })
        .execute();
      await expect(
        db
          .insertInto("ratifications")
          .values({ campaign_id: w.campaignId, title_id: w.model.id, ratified_by: third.id, tie_reason: null, proposal_id: proposal.id })
          .execute(),
      ).rejects.toThrow();
      await expect(
        db
          .insertInto("ratification_confirmations")
          .values({ proposal_id: proposal.id, campaign_id: w.campaignId, title_id: w.model.id, member_id: third.id })
          .execute(),
      ).rejects.toThrow();
    } finally {
      await db.deleteFrom("ratification_confirmations").where("proposal_id", "=", proposal.id).execute();
      await db.deleteFrom("ratification_proposals").where("id", "=", proposal.id).execute();
    }
    await expect(
      db.deleteFrom("ratification_confirmations").where("campaign_id", "=", w.campaignId).where("title_id", "=", w.star.id).execute(),
    ).rejects.toThrow();
    const unordered = sql<number[]>`${`{${w.modelTeam},${w.modelAlice}}`}::int[]`;
    await expect(
      db
        .insertInto("ratification_proposals")
        .values({
          campaign_id: w.campaignId,
          title_id: w.model.id,
          winners: w.modelTeam > w.modelAlice ? unordered : sql<number[]>`${`{${w.modelAlice},${w.modelTeam},${w.modelAlice}}`}::int[]`,
          tie_reason: null,
          proposed_by: third.id,
        })
        .execute(),
    ).rejects.toThrow();
    expect((await stored(w)).ratifications).toHaveLength(1);
  });
});

describe("resolving an objection with a quorum of two", () => {
  let w: VotingCampaign;
  let second: User;
  let third: User;
  let objection: number;
  const resolve = (who: User, decision: "uphold" | "dismiss", resolution: string, replacementId?: number) =>
    resolveObjection(db, who, w.slug, { objectionId: objection, decision, resolution, ...(replacementId === undefined ? {} : { replacementId }) });
  beforeAll(async () => {
    w = await givenClosedWithQuorum();
    second = await member(w, "严宇航");
    third = await member(w, "温嘉怡");
    for (const [slug, ids] of [
      [w.star.slug, [w.starAlice, w.starBob]],
      [w.model.slug, [w.modelTeam, w.modelAlice]],
    ] as const) {
      for (const who of [w.committee, second])
        value(await ratifyTitle(db, who, w.slug, { titleSlug: slug, nominationIds: [...ids], tieReason: "同票，按服务年限确定。" }));
    }
    objection = value(await fileObjection(db, w.gina, w.slug, { nominationId: w.starBob, reason: "提名材料中的满意度数据与质检系统不一致。" })).id;
  });

  test("one member's decision waits for another: the objection stays open, the proposal and who confirmed it shown", async () => {
    expect(value(await resolve(third, "uphold", "经核实，数据有误。", w.starCarol))).toEqual({
      decision: "uphold",
      resolved: false,
      confirmations: 1,
      quorum: 2,
    });
    const s = await stored(w);
    expect(s.objections[0]).toMatchObject({ status: "open", resolved_by: null, resolution_proposal_id: null });
    expect(s.winners.find((x) => x.nomination_id === w.starBob)).toMatchObject({ removed_by_objection: null });
    expect(s.audit.at(-1)).toMatchObject({
      action: "results.resolution_confirmed",
      actor_id: third.id,
      after: { objection, decision: "uphold", replacement: w.starCarol, confirmations: 1, quorum: 2 },
    });
    const page = value(await resultsFor(db, w.committee, w.slug));
    expect(page.objections[0]).toMatchObject({
      status: "open",
      mayResolve: true,
      mayWithdraw: false,
      proposals: [{ decision: "uphold", replacementId: w.starCarol, proposedBy: third.name, confirmedBy: [third.name], mine: false }],
    });
    expect(value(await resultsFor(db, third, w.slug)).objections[0]).toMatchObject({ mayResolve: false, mayWithdraw: true });
    expect(value(await resultsFor(db, w.gina, w.slug)).objections[0].proposals).toEqual([]);
  });

  test("the member who proposed cannot confirm again; a withdrawal reopens it", async () => {
    await expectRefused(w, () => resolve(third, "dismiss", "改为驳回。"), { error: "results.resolve.confirmed", status: 409 });
    expect(value(await withdrawObjectionResolution(db, third, w.slug, objection))).toEqual({ decision: "uphold" });
    expect((await stored(w)).resolutions).toEqual([]);
    value(await resolve(third, "uphold", "经核实，数据有误。", w.starCarol));
  });

  test("the second confirmation resolves it: the winner removed, the replacement in, the first member's words, both names", async () => {
    expect(value(await resolve(w.committee, "uphold", "同意。", w.starCarol))).toEqual({
      decision: "uphold",
      resolved: true,
      confirmations: 2,
      quorum: 2,
    });
    const s = await stored(w);
    expect(s.objections[0]).toMatchObject({
      status: "upheld",
      resolved_by: w.committee.id,
      resolution: "经核实，数据有误。",
      resolution_proposal_id: s.resolutions[0].id,
    });
    expect(s.winners.filter((x) => x.title_id === w.star.id).map((x) => [x.nomination_id, x.added_by_objection, x.removed_by_objection])).toEqual(
      [
        [w.starAlice, null, null],
        [w.starBob, null, objection],
        [w.starCarol, objection, null],
      ].sort((a, b) => a[0]! - b[0]!),
    );
    expect(s.audit.at(-1)).toMatchObject({
      action: "results.objection_resolved",
      actor_id: w.committee.id,
      after: { objection, confirmedBy: [third.name, w.committee.name] },
    });
    expect(value(await resultsFor(db, w.gina, w.slug)).objections[0]).toMatchObject({
      status: "upheld",
      confirmedBy: [third.name, w.committee.name],
      proposals: [],
    });
    await expectRefused(w, () => withdrawObjectionResolution(db, third, w.slug, objection), { error: "results.resolve.already", status: 409 });
    await expect(db.deleteFrom("resolution_confirmations").where("objection_id", "=", objection).execute()).rejects.toThrow();
  });

  test("the database refuses an objection resolved short of the quorum", async () => {
    const other = value(
      await fileObjection(db, w.carol, w.slug, { nominationId: w.modelAlice, reason: "提名材料中的满意度数据与质检系统不一致。" }),
    ).id;
    const p = await db
      .insertInto("resolution_proposals")
      .values({ objection_id: other, decision: "dismiss", resolution: "驳回。", proposed_by: third.id })
      .returning("id")
      .executeTakeFirstOrThrow();
    await db.insertInto("resolution_confirmations").values({ proposal_id: p.id, objection_id: other, member_id: third.id }).execute();
    await expect(
      db
        .updateTable("objections")
        .set({ status: "dismissed", resolved_by: third.id, resolved_at: new Date(), resolution: "驳回。", resolution_proposal_id: p.id })
        .where("id", "=", other)
        .execute(),
    ).rejects.toThrow();
  });
});

describe.skipIf(!onRealPostgres)("at the same moment, on PostgreSQL", () => {
  test("two members confirm the same winners at once: ratified once, both confirmations kept, one ratified and one confirmed entry", async () => {
    const w = await givenClosedWithQuorum(2, 0);
    const second = await member(w, "严宇航");
    const ids = [w.starAlice, w.starCarol];
    const results = await Promise.all(
      [w.committee, second].map((who) =>
        ratifyTitle(db, who, w.slug, { titleSlug: w.star.slug, nominationIds: ids, tieReason: "同票，按服务年限确定。" }),
      ),
    );
    const done = results.map(value);
    expect(done.map((r) => r.ratified).sort()).toEqual([false, true]);
    const s = await stored(w);
    expect(s.ratifications).toHaveLength(1);
    expect(s.proposals).toHaveLength(1);
    expect(s.confirmations).toHaveLength(2);
    expect(s.winners).toHaveLength(2);
    expect(s.audit.map((e) => e.action).sort()).toEqual(["results.ratification_confirmed", "results.ratified"]);
  }, 60_000);

  test("one member confirming 20 times at once: one confirmation, the rest refused as confirmed", async () => {
    const w = await givenClosedWithQuorum(2, 0);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        ratifyTitle(db, w.committee, w.slug, { titleSlug: w.star.slug, nominationIds: [w.starAlice, w.starCarol], tieReason: "同票。" }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok)).toEqual(Array.from({ length: 19 }, () => ({ ok: false, error: "results.ratify.confirmed", status: 409 })));
    const s = await stored(w);
    expect(s.confirmations).toHaveLength(1);
    expect(s.ratifications).toEqual([]);
  }, 60_000);

  test("two members resolve an objection at once: resolved once, the winner removed once", async () => {
    const w = await givenClosedWithQuorum(2, 5);
    const [second, third] = [await member(w, "严宇航"), await member(w, "温嘉怡")];
    for (const [slug, ids] of [
      [w.star.slug, [w.starAlice, w.starBob]],
      [w.model.slug, [w.modelTeam, w.modelAlice]],
    ] as const) {
      for (const who of [w.committee, second])
        value(await ratifyTitle(db, who, w.slug, { titleSlug: slug, nominationIds: [...ids], tieReason: "同票。" }));
    }
    const objectionId = value(
      await fileObjection(db, w.gina, w.slug, { nominationId: w.starBob, reason: "提名材料中的满意度数据与质检系统不一致。" }),
    ).id;
    const results = await Promise.all(
      [w.committee, third].map((who) => resolveObjection(db, who, w.slug, { objectionId, decision: "uphold", resolution: "经核实，数据有误。" })),
    );
    expect(results.map((r) => value(r).resolved).sort()).toEqual([false, true]);
    const s = await stored(w);
    expect(s.objections[0]).toMatchObject({ status: "upheld" });
    expect(s.resolutionConfirmations).toHaveLength(2);
    expect(s.winners.filter((x) => x.removed_by_objection === objectionId)).toHaveLength(1);
  }, 60_000);
});

if (!onRealPostgres) {
  console.warn(
    "[committee-quorum] the concurrency tests (members confirming at the same moment) need several connections: skipped on PGlite; set TEST_DATABASE_URL to run them.",
  );
}

// A whole PGlite and every migration up to today, beside the suite's own
// database: 15 s on a quiet machine, over a minute while both workers and a
// browser share its two cores.
test("the migration keeps what was decided: each title's K from its campaign, one-member decisions as proposals confirmed by that member, the old quorum for campaigns under way", async () => {
  // The migrations' own logic, on a fresh in-memory PGlite whichever database the suite uses.
  const old = await createDb({ dataDir: "memory://" });
  try {
    const migrator = new Migrator({ db: old.db, provider: migrationProvider });
    expect((await migrator.migrateTo("202612051600_sign_in_delays")).error).toBeUndefined();
    for (const statement of [
      `insert into org_units (code, name_zh, kind) values ('GD', '广东公司', 'company')`,
      `insert into people (employee_no, name, org_unit_id) values ('M1', '欧阳敏华', 1), ('S1', '程嘉朗', 1), ('S2', '黎国栋', 1), ('S3', '苏婉清', 1)`,
      `insert into titles (slug, name_zh, name_en) values ('best', '最佳服务明星', 'Best'), ('model', '服务标兵', 'Model')`,
      `insert into campaigns (slug, name_zh, name_en, period_start, period_end, org_unit_id, status, votes_per_voter) values ('old', '旧活动', 'Old', '2026-01-01', '2026-03-31', 1, 'closed', 3), ('draft', '草稿', 'Draft', '2026-04-01', '2026-06-30', 1, 'draft', 2)`,
      `insert into campaign_titles (campaign_id, title_id, winners) values (1, 1, 1), (1, 2, 2), (2, 1, 1)`,
      `insert into nominations (campaign_id, title_id, kind, status, citation, nominator_id) values (1, 1, 'individual', 'approved', '事迹', 1), (1, 1, 'individual', 'approved', '事迹', 1)`,
      `insert into ratifications (campaign_id, title_id, ratified_by, tie_reason) values (1, 1, 1, null)`,
      `insert into winners (nomination_id, campaign_id, title_id, votes) values (1, 1, 1, 5)`,
      `insert into objections (campaign_id, title_id, nomination_id, filed_by, reason, status, resolved_by, resolved_at, resolution) values (1, 1, 1, 2, '提名材料中的数据有误，请核实。', 'upheld', 1, now(), '经核实属实。')`,
      `update winners set removed_by_objection = 1 where nomination_id = 1`,
      `insert into winners (nomination_id, campaign_id, title_id, votes, added_by_objection) values (2, 1, 1, 3, 1)`,
    ]) {
      await sql.raw(statement).execute(old.db);
    }
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(
      await old.db
        .selectFrom("campaign_titles")
        .select(["campaign_id", "title_id", "votes_per_voter"])
        .orderBy("campaign_id")
        .orderBy("title_id")
        .execute(),
    ).toEqual([
      { campaign_id: 1, title_id: 1, votes_per_voter: 3 },
      { campaign_id: 1, title_id: 2, votes_per_voter: 3 },
      { campaign_id: 2, title_id: 1, votes_per_voter: 2 },
    ]);
    expect(await old.db.selectFrom("campaigns").select(["slug", "committee_quorum"]).orderBy("id").execute()).toEqual([
      { slug: "old", committee_quorum: 1 },
      { slug: "draft", committee_quorum: 2 },
    ]);
    // The ratified winners are the proposal (the replacement an objection brought in is not).
    expect(await old.db.selectFrom("ratification_proposals").select(["id", "winners", "proposed_by"]).execute()).toEqual([
      { id: 1, winners: [1], proposed_by: 1 },
    ]);
    expect(await old.db.selectFrom("ratification_confirmations").select(["proposal_id", "member_id"]).execute()).toEqual([
      { proposal_id: 1, member_id: 1 },
    ]);
    expect(await old.db.selectFrom("ratifications").select("proposal_id").execute()).toEqual([{ proposal_id: 1 }]);
    expect(
      await old.db.selectFrom("resolution_proposals").select(["id", "decision", "replacement_id", "resolution", "proposed_by"]).execute(),
    ).toEqual([{ id: 1, decision: "uphold", replacement_id: 2, resolution: "经核实属实。", proposed_by: 1 }]);
    expect(await old.db.selectFrom("objections").select("resolution_proposal_id").execute()).toEqual([{ resolution_proposal_id: 1 }]);
  } finally {
    await old.close();
  }
}, 240_000);
