import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Who uploaded a picture. A media row is shared by everyone who uploads the
// same bytes (content addressing), so "created_by" names only the first; a
// nomination may attach a photo its manager uploaded even when a colleague
// uploaded the same file before (decision 0009).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table media_uploaders (
      media_id integer not null references media (id) on delete cascade,
      person_id integer not null references people (id),
      first_at timestamptz not null default now(),
      primary key (media_id, person_id)
    )`.execute(db);
  await sql`create index media_uploaders_person_idx on media_uploaders (person_id)`.execute(db);
  await sql`
    insert into media_uploaders (media_id, person_id, first_at)
    select id, created_by, created_at from media where created_by is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table media_uploaders`.execute(db);
}
