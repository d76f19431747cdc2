// `npm run db:migrate`: brings the database in DATABASE_URL (or the embedded
// one under DATA_DIR) up to the latest migration, then exits.
import path from "node:path";
import { createDb } from "../client";
import { migrateToLatest } from "../migrate";

const dataDir = process.env.DATA_DIR ?? "./data";
// PostgreSQL itself, not a pooler in front of it (docs/deployment.md): DATABASE_DIRECT_URL when set.
const handle = await createDb({ databaseUrl: process.env.DATABASE_DIRECT_URL || process.env.DATABASE_URL || undefined, dataDir });
const where =
  handle.kind === "pg"
    ? `PostgreSQL (${process.env.DATABASE_DIRECT_URL ? "DATABASE_DIRECT_URL" : "DATABASE_URL"})`
    : `embedded PGlite in ${path.resolve(dataDir)}`;
try {
  const applied = await migrateToLatest(handle.db);
  process.stdout.write(
    applied.length ? `Migrated ${where}:\n${applied.map((name) => `  applied ${name}\n`).join("")}` : `${where} is already up to date.\n`,
  );
} catch (error) {
  process.stderr.write(`Migration of ${where} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await handle.close();
}
