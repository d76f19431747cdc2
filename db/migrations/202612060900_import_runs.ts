import { type Kysely, sql } from "kysely";

// Frozen once landed: never edit, add a new migration instead.
// Imports are jobs of the job engine (decision 0037): its retries and its
// watch over dead workers replace the lease and heartbeat, and each try owns
// its import by a run id, so a try that was given up on can no longer write.
// An import a server left running before this release is failed as
// interrupted, as that server's successor did at start-up.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    update imports set status = 'failed', finished_at = now(), content = null,
      errors = '[{"line": null, "code": "import.error.interrupted"}]'::jsonb
    where status in ('queued', 'checking', 'staging', 'applying')`.execute(db);
  await sql`delete from import_rows where import_id in (select id from imports where status = 'failed')`.execute(db);
  await sql`alter table imports drop column lease_until`.execute(db);
  await sql`alter table imports add column run_id uuid`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table imports drop column run_id`.execute(db);
  await sql`alter table imports add column lease_until timestamptz`.execute(db);
}
