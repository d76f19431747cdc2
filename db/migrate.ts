import { Migrator } from "kysely/migration";
import { createDb, type Db } from "./client";
import { migrationProvider } from "./migrations/index";

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/**
 * migrateToLatest on one connection of its own to PostgreSQL itself
 * (DATABASE_DIRECT_URL), closed afterwards. Kysely's migrator takes a
 * session-level advisory lock and releases it after the migrations'
 * transaction: through a pooler in transaction mode the three may land on
 * different server connections, and the lock stay held on one of them
 * (docs/decisions/0035).
 */
export async function migrateDirectly(directUrl: string): Promise<string[]> {
  const direct = await createDb({ databaseUrl: directUrl, poolSize: 1 });
  try {
    return await migrateToLatest(direct.db);
  } finally {
    await direct.close();
  }
}
