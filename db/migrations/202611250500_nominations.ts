import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// A nomination puts one person, or a team of up to ten, forward for one title
// offered by one campaign, with its evidence (metrics, stories, photos) and
// the record of every status change. The limits the form states (200-character
// citation, 20 metric rows, 10 stories, 6 photos, 10 team members) are checks
// here too, so no code path can store more.
const statuses = `('draft', 'submitted', 'returned', 'approved', 'rejected', 'winner', 'not_selected')`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table nominations (
      id integer generated always as identity primary key,
      campaign_id integer not null,
      title_id integer not null,
      -- Only a title the campaign offers.
      foreign key (campaign_id, title_id) references campaign_titles (campaign_id, title_id),
      kind text not null check (kind in ('individual', 'team')),
      -- A team is named ("投诉处理班"); a person is not.
      team_name text check (length(team_name) between 1 and 60),
      check ((kind = 'team') = (team_name is not null)),
      status text not null default 'draft' check (status in ${sql.raw(statuses)}),
      citation text not null default '' check (length(citation) <= 200),
      nominator_id integer not null references people (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      -- The target of the nominees' composite key below.
      unique (id, campaign_id, title_id)
    )`.execute(db);
  await sql`create index nominations_campaign_idx on nominations (campaign_id, status)`.execute(db);
  await sql`create index nominations_nominator_idx on nominations (nominator_id, status)`.execute(db);

  await sql`
    create table nomination_nominees (
      nomination_id integer not null,
      campaign_id integer not null,
      title_id integer not null,
      foreign key (nomination_id, campaign_id, title_id)
        references nominations (id, campaign_id, title_id) on delete cascade,
      person_id integer not null references people (id),
      position integer not null check (position between 0 and 9),
      primary key (nomination_id, person_id),
      unique (nomination_id, position),
      -- A person is put forward at most once per title and campaign, alone or
      -- in a team: two managers drafting the same person is refused, not raced.
      unique (campaign_id, title_id, person_id)
    )`.execute(db);
  await sql`create index nomination_nominees_person_idx on nomination_nominees (person_id)`.execute(db);

  await sql`
    create table nomination_metrics (
      id integer generated always as identity primary key,
      nomination_id integer not null references nominations (id) on delete cascade,
      position integer not null check (position between 0 and 19),
      -- The title's template this row answers; null for a free row.
      template_id integer references title_metric_templates (id) on delete set null,
      name text not null check (length(name) between 1 and 60),
      value numeric not null,
      unit text not null default '' check (length(unit) <= 20),
      period text not null check (length(period) between 1 and 40),
      target numeric,
      baseline numeric,
      direction text not null check (direction in ('higher', 'lower')),
      source text not null default '' check (length(source) <= 120),
      unique (nomination_id, position)
    )`.execute(db);

  await sql`
    create table nomination_stories (
      id integer generated always as identity primary key,
      nomination_id integer not null references nominations (id) on delete cascade,
      position integer not null check (position between 0 and 9),
      heading text not null default '' check (length(heading) <= 80),
      body text not null check (length(body) between 1 and 5000),
      principles text[] not null default '{}'
        check (principles <@ array['difference', 'relationships', 'value', 'reinvent']::text[]),
      quote text check (length(quote) between 1 and 500),
      quote_by text check (length(quote_by) between 1 and 60),
      check (quote_by is null or quote is not null),
      unique (nomination_id, position)
    )`.execute(db);

  await sql`
    create table nomination_photos (
      nomination_id integer not null references nominations (id) on delete cascade,
      media_id integer not null references media (id),
      position integer not null check (position between 0 and 5),
      caption text not null default '' check (length(caption) <= 140),
      primary key (nomination_id, media_id),
      unique (nomination_id, position)
    )`.execute(db);

  await sql`
    create table nomination_events (
      id integer generated always as identity primary key,
      nomination_id integer not null references nominations (id) on delete cascade,
      -- null: the nomination was created.
      from_status text check (from_status in ${sql.raw(statuses)}),
      to_status text not null check (to_status in ${sql.raw(statuses)}),
      actor_id integer references people (id),
      -- The committee's comment on a return, its reason for a rejection.
      comment text check (length(comment) between 1 and 1000),
      at timestamptz not null default now(),
      check (from_status is null or from_status <> to_status)
    )`.execute(db);
  await sql`create index nomination_events_nomination_idx on nomination_events (nomination_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["nomination_events", "nomination_photos", "nomination_stories", "nomination_metrics", "nomination_nominees", "nominations"]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
