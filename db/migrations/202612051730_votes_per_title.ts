import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// K (votes per voter) belongs to a title of a campaign, not to the campaign
// (issue 14, item 12): a one-winner title with two candidates must not let a
// voter tick both while another title of the same campaign allows three.
// Every title of an existing campaign keeps the campaign's value.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaign_titles
      add column votes_per_voter integer not null default 1 check (votes_per_voter between 1 and 50)`.execute(db);
  await sql`
    update campaign_titles ct set votes_per_voter = c.votes_per_voter
    from campaigns c where c.id = ct.campaign_id`.execute(db);
  // One place for K: a campaign-wide value left behind would be a second answer.
  await sql`alter table campaigns drop column votes_per_voter`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table campaigns add column votes_per_voter integer not null default 1 check (votes_per_voter > 0 and votes_per_voter <= 50)`.execute(
    db,
  );
  await sql`
    update campaigns c set votes_per_voter = k.most
    from (select campaign_id, max(votes_per_voter) as most from campaign_titles group by campaign_id) k
    where k.campaign_id = c.id`.execute(db);
  await sql`alter table campaign_titles drop column votes_per_voter`.execute(db);
}
