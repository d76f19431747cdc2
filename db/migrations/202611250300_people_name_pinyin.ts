import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Pinyin of each name, written by the app (PostgreSQL cannot compute it, and
// PGlite has no ICU collation for zh): the directory sorts by it, as a Chinese
// reader expects, and finds 邱俊廷 by "qiu", "qiujunting" or "qjt".
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table people add column name_pinyin text not null default ''`.execute(db);
  await sql`create index people_name_pinyin_idx on people (name_pinyin collate "C", employee_no)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table people drop column name_pinyin`.execute(db);
}
