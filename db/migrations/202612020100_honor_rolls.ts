import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Publishing: an honour roll is an immutable snapshot of a campaign's winners
// as they were published (titles, citations, chosen photos, key metrics,
// stories). A correction is a new version with its reason; the old version
// stays readable. Entries index the snapshot by person, so a profile page
// finds a person's honours without reading every snapshot. Colleagues'
// congratulations (点赞) attach to one person's published honour.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table honor_rolls (
      id integer generated always as identity primary key,
      campaign_id integer not null references campaigns (id),
      version integer not null check (version >= 1),
      published_at timestamptz not null default now(),
      -- Null: published by the schedule, not by a person.
      published_by integer references people (id),
      -- Why this version replaces the one before; the first has none.
      reason text check (reason is null or length(reason) between 1 and 500),
      check ((version = 1) = (reason is null)),
      -- app/domain/publishing/snapshot.ts (format 1).
      snapshot jsonb not null,
      unique (campaign_id, version)
    )`.execute(db);

  await sql`
    create table honor_roll_entries (
      honor_roll_id integer not null references honor_rolls (id),
      campaign_id integer not null references campaigns (id),
      title_id integer not null references titles (id),
      -- A winner's nomination: never deleted once published (no cascade).
      nomination_id integer not null,
      person_id integer not null,
      foreign key (nomination_id, person_id) references nomination_nominees (nomination_id, person_id),
      primary key (honor_roll_id, nomination_id, person_id)
    )`.execute(db);
  await sql`create index honor_roll_entries_person_idx on honor_roll_entries (person_id)`.execute(db);
  await sql`create index honor_rolls_published_idx on honor_rolls (published_at desc)`.execute(db);

  // Published means published: a version is never changed or removed, only
  // followed by a newer one.
  await sql`
    create function refuse_honor_roll_change() returns trigger language plpgsql as $$
    begin
      raise exception 'honour rolls are immutable: publish a new version instead'
        using errcode = 'restrict_violation';
    end $$`.execute(db);
  for (const t of ["honor_rolls", "honor_roll_entries"]) {
    await sql`
      create trigger ${sql.id(`${t}_immutable`)} before update or delete on ${sql.table(t)}
      for each row execute function refuse_honor_roll_change()`.execute(db);
    await sql`
      create trigger ${sql.id(`${t}_no_truncate`)} before truncate on ${sql.table(t)}
      for each statement execute function refuse_honor_roll_change()`.execute(db);
  }

  await sql`
    create table congratulations (
      id integer generated always as identity primary key,
      -- The honour: one person of a published winning nomination.
      nomination_id integer not null,
      person_id integer not null,
      foreign key (nomination_id, person_id) references nomination_nominees (nomination_id, person_id),
      author_id integer not null references people (id),
      check (author_id <> person_id),
      -- The optional line of text; null: a plain 点赞.
      message text check (message is null or length(message) between 1 and 100),
      created_at timestamptz not null default now(),
      -- Hidden by the person congratulated or an administrator; kept, not deleted.
      hidden_at timestamptz,
      hidden_by integer references people (id),
      check ((hidden_at is null) = (hidden_by is null)),
      -- One congratulation per colleague and honour.
      unique (nomination_id, person_id, author_id)
    )`.execute(db);
  await sql`create index congratulations_person_idx on congratulations (person_id, created_at desc)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists congratulations`.execute(db);
  await sql`drop table if exists honor_roll_entries`.execute(db);
  await sql`drop table if exists honor_rolls`.execute(db);
  await sql`drop function if exists refuse_honor_roll_change()`.execute(db);
}
