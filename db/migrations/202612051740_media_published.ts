import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Who may see a picture (decision 0030). A photo becomes public — served to
// anyone and cached forever — when an honour roll first shows it;
// published_at says when. Until then only the people allowed to read a
// nomination it belongs to, or who uploaded it, may see it. The index lets
// /media/<sha256> find the nominations a photo belongs to in one lookup.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table media add column published_at timestamptz`.execute(db);
  await sql`create index nomination_photos_media_idx on nomination_photos (media_id)`.execute(db);
  // The photos the rolls already published show (format 1 of the snapshot:
  // titles[].winners[].photo.mediaId), public since their roll's first version.
  await sql`
    update media m set published_at = shown.at
    from (
      select (p.media_id #>> '{}')::integer as media_id, min(r.published_at) as at
      from honor_rolls r, jsonb_path_query(r.snapshot, '$.titles[*].winners[*].photo.mediaId') as p(media_id)
      group by 1
    ) shown
    where m.id = shown.media_id`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists nomination_photos_media_idx`.execute(db);
  await sql`alter table media drop column if exists published_at`.execute(db);
}
