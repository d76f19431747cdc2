import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// A ballot is one voter's choices for one title in one campaign. Ballots are
// append-only: a change is a new row with the next version, so the tally can
// always be recounted from what was stored and nothing is rewritten in place.
// The voter's current ballot is their highest version.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table ballots (
      id integer generated always as identity primary key,
      campaign_id integer not null,
      title_id integer not null,
      -- Only a title the campaign offers.
      foreign key (campaign_id, title_id) references campaign_titles (campaign_id, title_id),
      voter_id integer not null references people (id),
      version integer not null check (version >= 1),
      -- Printed to the voter; published after close so each can check their ballot was counted.
      receipt_code text not null constraint ballots_receipt_key unique check (receipt_code ~ '^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$'),
      cast_at timestamptz not null default now(),
      -- Two submits of the same form both ask for version n + 1: one wins,
      -- the other is refused as stale. Also the index the tally walks.
      constraint ballots_version_key unique (campaign_id, title_id, voter_id, version),
      -- The target of ballot_choices' composite key.
      unique (id, campaign_id, title_id)
    )`.execute(db);

  await sql`
    create table ballot_choices (
      ballot_id integer not null,
      nomination_id integer not null,
      campaign_id integer not null,
      title_id integer not null,
      -- The choice is for a nomination of the ballot's own campaign and
      -- title: no code path can count a vote under another title.
      foreign key (ballot_id, campaign_id, title_id) references ballots (id, campaign_id, title_id) on delete restrict,
      foreign key (nomination_id, campaign_id, title_id) references nominations (id, campaign_id, title_id) on delete restrict,
      primary key (ballot_id, nomination_id)
    )`.execute(db);
  await sql`create index ballot_choices_nomination_idx on ballot_choices (nomination_id)`.execute(db);

  await sql`
    create function refuse_ballot_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only: % refused', tg_table_name, tg_op using errcode = 'restrict_violation';
    end
    $$`.execute(db);
  for (const t of ["ballots", "ballot_choices"]) {
    await sql`
      create trigger ${sql.id(`${t}_append_only`)} before update or delete on ${sql.table(t)}
      for each row execute function refuse_ballot_change()`.execute(db);
    await sql`
      create trigger ${sql.id(`${t}_no_truncate`)} before truncate on ${sql.table(t)}
      for each statement execute function refuse_ballot_change()`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists ballot_choices`.execute(db);
  await sql`drop table if exists ballots`.execute(db);
  await sql`drop function if exists refuse_ballot_change()`.execute(db);
}
