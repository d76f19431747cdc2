import { afterAll, beforeAll, expect, test } from "vitest";
import { applyScheduledTransitions } from "../../app/domain/campaigns/transitions.server";
import { receiptsFor } from "../../app/domain/voting/receipts.server";
import { resultsFor } from "../../app/domain/results/results.server";
import { ballotFor, votingOpenFor } from "../../app/domain/voting/ballot.server";
import { recount, tally } from "../../app/domain/voting/tally.server";
import type { Db } from "../../db/client";
import { seedDemo, seedIfEmpty } from "../../app/demo/index";
import { votingDemoNominations } from "../../app/demo/nomination-content";
import { demoTieReason, votingDemoCampaigns } from "../../app/demo/voting";
import { createTestDb, type TestDb } from "../support/db";
import { demoUser } from "../support/demo";

// The two demo campaigns that show the vote (app/demo/voting.ts): 2026-11 open
// for voting, 2026-10 closed and waiting for the committee's ratification.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedIfEmpty(t.db);
}, 600_000);
afterAll(() => t.close());

const userOf = (role: string) => demoUser(t.db, role);
const campaignId = async (slug: string) => (await t.db.selectFrom("campaigns").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;

/** What a forced re-run must leave unchanged: rows per table and the tally of both campaigns. */
async function snapshot(db: Db) {
  const n = async (table: "campaigns" | "nominations" | "ballots" | "ballot_choices" | "campaign_transitions" | "ratifications") =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    campaigns: await n("campaigns"),
    nominations: await n("nominations"),
    ballots: await n("ballots"),
    choices: await n("ballot_choices"),
    transitions: await n("campaign_transitions"),
    ratifications: await n("ratifications"),
    tallies: [await tally(db, await campaignId("2026-11")), await tally(db, await campaignId("2026-10"))].map((rows) => rows.map((r) => r.votes)),
  };
}

test("2026-11 is open for voting with approved nominations and ballots, some of them changed", async () => {
  const id = await campaignId("2026-11");
  const c = await t.db
    .selectFrom("campaigns")
    .select(["status", "publicity_days", "tallies_hidden", "committee_quorum", "closed_at"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  expect(c).toMatchObject({ status: "voting", publicity_days: 5, tallies_hidden: true, committee_quorum: 2 });
  const k = await t.db.selectFrom("campaign_titles").select("votes_per_voter").where("campaign_id", "=", id).execute();
  expect(k.map((x) => x.votes_per_voter)).toEqual([2, 2]);
  expect(c.closed_at!.getTime()).toBeGreaterThan(Date.now());
  const statuses = await t.db.selectFrom("nominations").select("status").where("campaign_id", "=", id).execute();
  expect(statuses).toHaveLength(votingDemoNominations.filter((n) => n.campaign === "2026-11").length);
  expect(statuses.every((n) => n.status === "approved")).toBe(true);
  const ballots = await t.db.selectFrom("ballots").select("id").where("campaign_id", "=", id).execute();
  expect(ballots.length).toBeGreaterThanOrEqual(40);
  expect(ballots.length).toBeLessThanOrEqual(150);
  const links = await t.db.selectFrom("ballot_links").select("version").where("campaign_id", "=", id).execute();
  expect(links.some((l) => l.version === 2)).toBe(true);
  // Nobody reaches the next phase by schedule on the first start.
  expect(await applyScheduledTransitions(t.db, new Date())).toEqual([]);
});

test("the demo agent has not voted in 2026-11: every title is offered on a fresh ballot, and the home page says vote now", async () => {
  const agent = await userOf("staff");
  const page = await ballotFor(t.db, agent, "2026-11");
  expect(page.ok).toBe(true);
  if (!page.ok) return;
  expect(page.value.refusal).toBeNull();
  expect(page.value.titles.map((x) => x.slug)).toEqual(["outstanding-service-star", "service-model"]);
  for (const title of page.value.titles) {
    expect(title).toMatchObject({ version: 0, chosen: [], receipt: null, mayCast: true });
    expect(title.nominations.length).toBeGreaterThanOrEqual(3);
    expect(title.nominations.every((n) => !n.self && n.photo !== null && n.metrics.length > 0)).toBe(true);
  }
  expect((await votingOpenFor(t.db, agent)).map((c) => c.slug)).toEqual(["2026-11"]);
});

test("2026-10 is closed: the committee sees the counts, a tie at one title's cut-off, nothing ratified and may ratify", async () => {
  const r = await resultsFor(t.db, await userOf("committee"), "2026-10");
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const page = r.value;
  expect(page.campaign.status).toBe("closed");
  expect(page.counts).toBe(true);
  expect(page.publicity).toMatchObject({ days: 5, ratified: false, running: false });
  expect(page.may.ratify).toBe(true);
  expect(page.analysis?.recount.matches).toBe(true);
  expect(page.analysis!.recount.ballots).toBeGreaterThan(page.analysis!.recount.current);
  const plans = votingDemoCampaigns.find((c) => c.input.slug === "2026-10")!.plans;
  for (const title of page.titles) {
    expect(title.ratification).toBeNull();
    expect(title.ratifyRefusal).toBeNull();
    expect(title.nominations.map((n) => n.votes)).toEqual(plans[title.slug].votes);
    expect(title.voters).toBe(plans[title.slug].voters);
  }
  expect(page.titles.filter((x) => x.tie).map((x) => x.slug)).toEqual(["outstanding-service-star"]);
  const tied = page.titles.find((x) => x.tie)!;
  expect(tied.nominations.filter((n) => n.tied)).toHaveLength(2);
  expect(
    await t.db
      .selectFrom("ratifications")
      .select("title_id")
      .where("campaign_id", "=", await campaignId("2026-10"))
      .execute(),
  ).toEqual([]);
  // The committee decides together (quorum 2): another member has confirmed the vote's winners, so the demo member's confirmation ratifies.
  expect(page.committee).toEqual({ quorum: 2 });
  const committee = await userOf("committee");
  for (const title of page.titles) {
    expect(title.proposals).toHaveLength(1);
    const [proposal] = title.proposals;
    expect(proposal.nominationIds).toEqual(
      title.nominations
        .filter((n) => n.proposed)
        .map((n) => n.id)
        .sort((a, b) => a - b),
    );
    expect(proposal.confirmedBy).toHaveLength(1);
    expect(proposal.confirmedBy).not.toContain(committee.name);
    expect(proposal.mine).toBe(false);
    expect(proposal.tieReason).toBe(title.tie ? demoTieReason : null);
  }
});

test("the published demo campaigns were ratified by two committee members each", async () => {
  for (const slug of ["2025-annual", "2026-q3"]) {
    const page = await resultsFor(t.db, await userOf("committee"), slug);
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    for (const title of page.value.titles) expect(title.ratification?.confirmedBy).toHaveLength(2);
  }
});

test("in 2026-10 staff see no counts; the poll book has them, nothing links them to a ballot, and a published receipt checks", async () => {
  const agent = await userOf("staff");
  const r = await resultsFor(t.db, agent, "2026-10");
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  expect(r.value.counts).toBe(false);
  expect(r.value.analysis).toBeNull();
  expect(r.value.titles.every((x) => x.voters === null && !x.tie && x.nominations.every((n) => n.votes === null))).toBe(true);
  const id = await campaignId("2026-10");
  const book = await t.db.selectFrom("poll_book").select("title_id").where("person_id", "=", agent.id).where("campaign_id", "=", id).execute();
  expect(book).toHaveLength(2);
  // The vote closed: the seal destroyed every link (decision 0041); the receipt the agent kept still checks.
  expect(await t.db.selectFrom("ballot_links").select("voter_id").where("campaign_id", "=", id).execute()).toEqual([]);
  const kept = await t.db
    .selectFrom("ballots")
    .select("receipt_code")
    .where("campaign_id", "=", id)
    .where("counted", "=", true)
    .executeTakeFirstOrThrow();
  const receipts = await receiptsFor(t.db, agent, "2026-10", { code: kept.receipt_code });
  expect(receipts.ok && receipts.value.lookup?.found?.counted).toBe(true);
});

test("the administrator may download the closed campaign's results", async () => {
  const r = await resultsFor(t.db, await userOf("admin"), "2026-10");
  expect(r.ok && r.value.may.export).toBe(true);
});

test("the tally equals the recount in both campaigns", async () => {
  for (const slug of ["2026-11", "2026-10"]) {
    const id = await campaignId(slug);
    const counted = await tally(t.db, id);
    expect(counted.reduce((s, r) => s + r.votes, 0)).toBeGreaterThan(0);
    expect(await recount(t.db, id)).toEqual(counted);
  }
});

test("seeding again with --force adds nothing and changes no count", async () => {
  const before = await snapshot(t.db);
  expect(await seedDemo(t.db, { force: true })).toMatchObject({ ok: true });
  expect(await snapshot(t.db)).toEqual(before);
}, 600_000);

test("the seed is deterministic: a second empty database gets the same votes", async () => {
  const other = await createTestDb();
  try {
    await seedIfEmpty(other.db);
    expect((await snapshot(other.db)).tallies).toEqual((await snapshot(t.db)).tallies);
  } finally {
    await other.close();
  }
}, 600_000);
