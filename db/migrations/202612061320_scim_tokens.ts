import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// SCIM provisioning (issue 18, decision 0047): the identity system's bearer
// tokens (kept as the SHA-256 of the token, like sessions), the externalId it
// gives each person, and the groups it provisions, whose members hold the
// committee role.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table scim_tokens (
      id serial primary key,
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique,
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      last_used_at timestamptz,
      revoked_at timestamptz
    )
  `.execute(db);
  await sql`alter table people add column scim_external_id text check (length(scim_external_id) <= 255)`.execute(db);
  await sql`create unique index people_scim_external_id_key on people (scim_external_id) where scim_external_id is not null`.execute(db);
  await sql`
    create table scim_groups (
      id serial primary key,
      display_name text not null check (length(display_name) between 1 and 255),
      external_id text check (length(external_id) <= 255),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )
  `.execute(db);
  await sql`create unique index scim_groups_display_name_key on scim_groups (lower(display_name))`.execute(db);
  await sql`
    create table scim_group_members (
      group_id integer not null references scim_groups (id) on delete cascade,
      person_id integer not null references people (id),
      primary key (group_id, person_id)
    )
  `.execute(db);
  await sql`create index scim_group_members_person_idx on scim_group_members (person_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table scim_group_members`.execute(db);
  await sql`drop table scim_groups`.execute(db);
  await sql`alter table people drop column scim_external_id`.execute(db);
  await sql`drop table scim_tokens`.execute(db);
}
