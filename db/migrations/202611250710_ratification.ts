import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// After the vote: the committee ratifies the winners of each title, an
// optional publicity period (公示) lets staff object to a proposed winner,
// and the committee resolves each objection before the campaign may be
// published. Winners are rows, not a status, so an upheld objection removes
// one (kept, with the objection that removed it) and may bring in another.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table campaigns
      -- 0: no publicity period; the campaign may be published once ratified.
      add column publicity_days integer not null default 0 check (publicity_days between 0 and 30),
      -- Set when the last title is ratified: ratification time + publicity_days.
      add column publicity_ends_at timestamptz`.execute(db);

  await sql`
    create table ratifications (
      campaign_id integer not null,
      title_id integer not null,
      foreign key (campaign_id, title_id) references campaign_titles (campaign_id, title_id),
      ratified_by integer not null references people (id),
      ratified_at timestamptz not null default now(),
      -- Required by the domain when equal votes straddle the cut-off.
      tie_reason text check (tie_reason is null or length(tie_reason) between 1 and 1000),
      primary key (campaign_id, title_id)
    )`.execute(db);

  await sql`
    create table winners (
      nomination_id integer primary key,
      campaign_id integer not null,
      title_id integer not null,
      -- Only a nomination of the ratified title of this campaign.
      foreign key (nomination_id, campaign_id, title_id) references nominations (id, campaign_id, title_id),
      foreign key (campaign_id, title_id) references ratifications (campaign_id, title_id),
      -- Its votes when it became a winner (the tally is frozen after close).
      votes integer not null check (votes >= 0),
      -- The objection that brought it in as a replacement; null: ratified.
      added_by_objection integer,
      -- The upheld objection that removed it; the row stays as the record.
      removed_by_objection integer,
      unique (campaign_id, title_id, nomination_id)
    )`.execute(db);

  await sql`
    create table objections (
      id integer generated always as identity primary key,
      campaign_id integer not null,
      title_id integer not null,
      nomination_id integer not null,
      -- Only against a winner of this campaign and title.
      foreign key (campaign_id, title_id, nomination_id) references winners (campaign_id, title_id, nomination_id),
      filed_by integer not null references people (id),
      filed_at timestamptz not null default now(),
      reason text not null check (length(reason) between 10 and 1000),
      status text not null default 'open' check (status in ('open', 'upheld', 'dismissed')),
      resolved_by integer references people (id),
      resolved_at timestamptz,
      resolution text check (resolution is null or length(resolution) between 1 and 1000),
      -- An open objection has no resolution; a resolved one has all of it.
      check ((status = 'open') = (resolved_at is null)),
      check ((resolved_at is null) = (resolved_by is null) and (resolved_at is null) = (resolution is null)),
      -- One objection per person per winner: a second thought goes to the committee, not a new row.
      unique (nomination_id, filed_by),
      unique (id, nomination_id)
    )`.execute(db);
  await sql`create index objections_campaign_idx on objections (campaign_id, status)`.execute(db);

  await sql`
    alter table winners
      add foreign key (added_by_objection) references objections (id),
      -- The objection that removed a winner was filed against that winner.
      add foreign key (removed_by_objection, nomination_id) references objections (id, nomination_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table winners drop constraint if exists winners_added_by_objection_fkey, drop constraint if exists winners_removed_by_objection_nomination_id_fkey`.execute(
    db,
  );
  await sql`drop table if exists objections`.execute(db);
  await sql`drop table if exists winners`.execute(db);
  await sql`drop table if exists ratifications`.execute(db);
  await sql`alter table campaigns drop column if exists publicity_ends_at, drop column if exists publicity_days`.execute(db);
}
