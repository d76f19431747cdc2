import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Images live in PostgreSQL, so every app instance serves the same bytes
// (decision 0007). A media row is one uploaded picture, normalised; its
// variants are the re-encoded files served at /media/<sha256>.<ext>.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table media (
      id integer generated always as identity primary key,
      purpose text not null check (purpose in ('photo', 'avatar', 'badge')),
      -- sha256 of the uploaded bytes: the same file uploaded again for the
      -- same purpose is the same media (no second decode, no second copy).
      source_sha256 text not null check (source_sha256 ~ '^[0-9a-f]{64}$'),
      -- Size of the normalised picture (oriented, cropped for avatars).
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      created_by integer references people (id),
      created_at timestamptz not null default now(),
      unique (purpose, source_sha256)
    )`.execute(db);

  await sql`
    create table media_variants (
      id integer generated always as identity primary key,
      media_id integer not null references media (id) on delete cascade,
      format text not null check (format in ('avif', 'webp', 'jpeg')),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      -- The name it is served under: the hash of exactly these bytes.
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      byte_size integer not null check (byte_size > 0),
      bytes bytea not null,
      check (octet_length(bytes) = byte_size),
      unique (media_id, format, width)
    )`.execute(db);
  // Not unique: two media (an avatar and a badge cut from one small square
  // picture) may encode to identical bytes, and then either row serves them.
  await sql`create index media_variants_sha256_idx on media_variants (sha256)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table media_variants`.execute(db);
  await sql`drop table media`.execute(db);
}
