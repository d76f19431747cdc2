import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Metric values arrive as a third kind of CSV import (issue 20, decision 0049):
// the same stored file, job, checks and per-line report as staff and org units.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop constraint imports_kind_check`.execute(db);
  await sql`alter table imports add constraint imports_kind_check check (kind in ('org', 'people', 'metrics'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Refuses while metric imports exist: their batches keep the values' provenance.
  await sql`alter table imports drop constraint imports_kind_check`.execute(db);
  await sql`alter table imports add constraint imports_kind_check check (kind in ('org', 'people'))`.execute(db);
}
