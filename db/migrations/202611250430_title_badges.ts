import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// A title's badge image: one media row (purpose 'badge'). Removing the media
// leaves the title without a badge rather than blocking the removal.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table titles add column badge_media_id integer references media (id) on delete set null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table titles drop column badge_media_id`.execute(db);
}
