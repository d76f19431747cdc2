import { sql } from "kysely";
import type { Db } from "./client";
import { migrationProvider } from "./migrations/index";

/**
 * The known migrations this database has not applied (for GET /readyz): one
 * small query, where Kysely's Migrator.getMigrations() reads the whole
 * catalogue. Every migration when the migrations table is not there yet.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const known = Object.keys(await migrationProvider.getMigrations());
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    applied = new Set(rows.map((r) => r.name));
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === "42P01") return known;
    throw error;
  }
  return known.filter((name) => !applied.has(name));
}
