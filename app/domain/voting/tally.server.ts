import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import { onBallotStatuses, recountFrom, type TallyRow } from "./rules";

// Counting the ballots, for the results after close (app/domain/results/):
// no loader may return a tally while voting is open (unless the campaign shows
// its tallies, decision 0012).

/**
 * Whether the ballot `b` counts (decision 0041): once the box is sealed, its
 * own flag; while voting, its voter's link points at it where a change is
 * allowed, and every ballot counts where none is (one per voter and title, by
 * the poll book's key).
 */
export const countedSql = sql<boolean>`coalesce(b.counted,
  not (select cp.may_change_ballot from campaigns cp where cp.id = b.campaign_id)
  or exists (select 1 from ballot_links l where l.ballot_id = b.id))`;

/**
 * Votes per nomination that was on the ballot, per title, from the current
 * ballots only, in one statement. Zeros included; ordered by title then
 * nomination.
 */
export async function tally(db: Db, campaignId: number): Promise<TallyRow[]> {
  const { rows } = await sql<{ title_id: number; nomination_id: number; votes: string | number }>`
    with current_ballots as (
      select b.id from ballots b where b.campaign_id = ${campaignId} and ${countedSql}
    ), counted as (
      select bc.nomination_id, count(*) as votes
      from ballot_choices bc
      join current_ballots cb on cb.id = bc.ballot_id
      group by bc.nomination_id
    )
    select n.title_id, n.id as nomination_id, coalesce(c.votes, 0) as votes
    from nominations n
    left join counted c on c.nomination_id = n.id
    where n.campaign_id = ${campaignId} and n.status in (${sql.join([...onBallotStatuses])})
    order by n.title_id, n.id`.execute(db);
  return rows.map((r) => ({ titleId: int(r.title_id), nominationId: int(r.nomination_id), votes: int(r.votes) }));
}

/**
 * The same tally recomputed in TypeScript from the raw stored rows (the
 * ballots with their flags, the links, the choices): the check that the count
 * is right.
 */
export async function recount(db: Db, campaignId: number): Promise<TallyRow[]> {
  const [nominations, campaign, ballots, links, choices] = await Promise.all([
    db
      .selectFrom("nominations")
      .select(["id", "title_id"])
      .where("campaign_id", "=", campaignId)
      .where("status", "in", [...onBallotStatuses])
      .execute(),
    db.selectFrom("campaigns").select("may_change_ballot").where("id", "=", campaignId).executeTakeFirstOrThrow(),
    db.selectFrom("ballots").select(["id", "title_id", "counted"]).where("campaign_id", "=", campaignId).execute(),
    db.selectFrom("ballot_links").select("ballot_id").where("campaign_id", "=", campaignId).execute(),
    db.selectFrom("ballot_choices").select(["ballot_id", "nomination_id"]).where("campaign_id", "=", campaignId).execute(),
  ]);
  return recountFrom(
    nominations.map((n) => ({ id: n.id, titleId: n.title_id })),
    ballots.map((b) => ({ id: b.id, titleId: b.title_id, counted: b.counted })),
    { mayChange: campaign.may_change_ballot, linked: new Set(links.map((l) => l.ballot_id)) },
    choices.map((c) => ({ ballotId: c.ballot_id, nominationId: c.nomination_id })),
  );
}
