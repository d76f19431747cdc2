import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import { onBallotStatuses, recountFrom, type TallyRow } from "./rules";

// Counting the ballots, for the results after close (app/domain/results/):
// no loader may return a tally while voting is open.

/**
 * Votes per nomination that was on the ballot, per title, from each voter's
 * current ballot only, in one statement. Zeros included; ordered by title
 * then nomination.
 */
export async function tally(db: Db, campaignId: number): Promise<TallyRow[]> {
  const { rows } = await sql<{ title_id: number; nomination_id: number; votes: string | number }>`
    with current_ballots as (
      -- Newest version first in every (title, voter): the order of the
      -- unique key (campaign, title, voter, version) read backwards, so the
      -- million ballots come off the index without a sort (bench:tally).
      select distinct on (title_id, voter_id) id
      from ballots
      where campaign_id = ${campaignId}
      order by title_id desc, voter_id desc, version desc
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

/** The same tally recomputed in TypeScript from the raw stored rows: the check that the count is right. */
export async function recount(db: Db, campaignId: number): Promise<TallyRow[]> {
  const [nominations, ballots, choices] = await Promise.all([
    db
      .selectFrom("nominations")
      .select(["id", "title_id"])
      .where("campaign_id", "=", campaignId)
      .where("status", "in", [...onBallotStatuses])
      .execute(),
    db.selectFrom("ballots").select(["id", "title_id", "voter_id", "version"]).where("campaign_id", "=", campaignId).execute(),
    db.selectFrom("ballot_choices").select(["ballot_id", "nomination_id"]).where("campaign_id", "=", campaignId).execute(),
  ]);
  return recountFrom(
    nominations.map((n) => ({ id: n.id, titleId: n.title_id })),
    ballots.map((b) => ({ id: b.id, titleId: b.title_id, voterId: b.voter_id, version: b.version })),
    choices.map((c) => ({ ballotId: c.ballot_id, nominationId: c.nomination_id })),
  );
}
