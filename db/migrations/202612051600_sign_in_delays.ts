import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Wrong passwords per account *and* client address (docs/decisions/0024):
// each one makes the next try from that address wait longer (1 s, 2 s, 4 s …),
// instead of a fixed window that anyone anywhere could fill to lock the
// person out. The key is "person:<id>|<address>" or "unknown:<sha256 of the identifier>|<address>".
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sign_in_delays (
      key text primary key check (length(key) <= 400),
      -- Attempts counted as failures until they succeed: an attempt is
      -- counted before its password is checked, so attempts sent at the same
      -- moment cannot all pass.
      failures integer not null check (failures > 0),
      last_attempt_at timestamptz not null
    )`.execute(db);
  // Pruning looks for rows whose last attempt is a day old.
  await sql`create index sign_in_delays_last_attempt_idx on sign_in_delays (last_attempt_at)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table sign_in_delays`.execute(db);
}
