import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Photos uploaded to a nomination form that was never saved are deleted after
// a day (decision 0037). A person who uploads the same file again gets the
// same stored picture (content addressing), so "a day" counts from their last
// upload of it, not their first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table media_uploaders add column last_at timestamptz`.execute(db);
  await sql`update media_uploaders set last_at = first_at`.execute(db);
  await sql`alter table media_uploaders alter column last_at set not null, alter column last_at set default now()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table media_uploaders drop column last_at`.execute(db);
}
