import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Honour titles with their metric templates, and campaigns with the titles
// they offer and the record of every phase change. The badge image of a title
// comes with the media pipeline in a later migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table titles (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
      name_zh text not null check (length(name_zh) between 1 and 60),
      name_en text not null check (length(name_en) between 1 and 100),
      description text not null default '' check (length(description) <= 2000),
      criteria text not null default '' check (length(criteria) <= 2000),
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table title_metric_templates (
      id integer generated always as identity primary key,
      title_id integer not null references titles (id) on delete cascade,
      position integer not null check (position >= 0),
      name_zh text not null check (length(name_zh) between 1 and 60),
      name_en text not null check (length(name_en) between 1 and 100),
      unit text not null default '' check (length(unit) <= 20),
      direction text not null check (direction in ('higher', 'lower')),
      required boolean not null default false,
      target numeric,
      -- Deferred: reordering rows swaps positions inside one transaction.
      unique (title_id, position) deferrable initially deferred
    )`.execute(db);

  await sql`
    create table campaigns (
      id integer generated always as identity primary key,
      slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
      name_zh text not null check (length(name_zh) between 1 and 60),
      name_en text not null check (length(name_en) between 1 and 100),
      period_start date not null,
      period_end date not null,
      org_unit_id integer not null references org_units (id),
      status text not null default 'draft'
        check (status in ('draft', 'nominating', 'reviewing', 'voting', 'closed', 'published')),
      votes_per_voter integer not null default 1 check (votes_per_voter > 0 and votes_per_voter <= 50),
      may_change_ballot boolean not null default true,
      tallies_hidden boolean not null default true,
      -- When each phase opens on its own (applyScheduledTransitions); null: by hand only.
      nominating_at timestamptz,
      reviewing_at timestamptz,
      voting_at timestamptz,
      closed_at timestamptz,
      published_at timestamptz,
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (period_end >= period_start)
    )`.execute(db);
  await sql`create index campaigns_status_idx on campaigns (status)`.execute(db);

  await sql`
    create table campaign_titles (
      campaign_id integer not null references campaigns (id) on delete cascade,
      title_id integer not null references titles (id),
      winners integer not null default 1 check (winners > 0 and winners <= 100),
      position integer not null default 0 check (position >= 0),
      primary key (campaign_id, title_id)
    )`.execute(db);
  await sql`create index campaign_titles_title_idx on campaign_titles (title_id)`.execute(db);

  await sql`
    create table campaign_transitions (
      id integer generated always as identity primary key,
      campaign_id integer not null references campaigns (id) on delete cascade,
      from_status text not null
        check (from_status in ('draft', 'nominating', 'reviewing', 'voting', 'closed', 'published')),
      to_status text not null
        check (to_status in ('draft', 'nominating', 'reviewing', 'voting', 'closed', 'published')),
      -- null: moved by the schedule, not by a person.
      actor_id integer references people (id),
      at timestamptz not null default now(),
      check (from_status <> to_status)
    )`.execute(db);
  await sql`create index campaign_transitions_campaign_idx on campaign_transitions (campaign_id, at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of ["campaign_transitions", "campaign_titles", "campaigns", "title_metric_templates", "titles"]) {
    await sql`drop table if exists ${sql.table(t)}`.execute(db);
  }
}
