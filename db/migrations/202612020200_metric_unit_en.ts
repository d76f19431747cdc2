import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// A metric template's unit in English ("calls" for 通), shown on English
// pages; empty where the unit reads the same in both languages (%).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table title_metric_templates add column unit_en text not null default '' check (length(unit_en) <= 30)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table title_metric_templates drop column unit_en`.execute(db);
}
