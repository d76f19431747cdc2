import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

export interface BenchDatabase {
  kind: "pg" | "pglite";
  /** What to tell the app's server: DATABASE_URL or DATA_DIR. */
  env: Record<string, string>;
  /** For the report: where the data lives. */
  where: string;
  /** The PostgreSQL database's name; null on PGlite. */
  name: string | null;
  /** A migrated handle on it; close it before a PGlite server opens the folder. */
  open(): Promise<DbHandle>;
  /** Drops the database (or deletes the PGlite folder). */
  drop(): Promise<void>;
}

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A new, empty database named `<prefix>_<random>` on the PostgreSQL server in
 * DATABASE_URL; without DATABASE_URL, says so loudly and uses a fresh PGlite
 * folder instead (figures from PGlite are not comparable: one connection).
 */
export async function freshDatabase(prefix: string): Promise<BenchDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    process.stderr.write(
      "\n!!! DATABASE_URL is not set: benchmarking on embedded PGlite (one connection, in WebAssembly).\n" +
        "!!! These figures do not describe a PostgreSQL deployment. Set DATABASE_URL=postgres://… to measure one.\n\n",
    );
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
    return {
      kind: "pglite",
      env: { DATA_DIR: dataDir, SEED_DEMO: "false" },
      where: `PGlite in ${dataDir}`,
      name: null,
      async open() {
        const handle = await createDb({ dataDir });
        await migrateToLatest(handle.db);
        return handle;
      },
      drop: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix}_${randomBytes(4).toString("hex")}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind: "pg",
    env: { DATABASE_URL: url.toString() },
    where: `PostgreSQL ${url.host}, database ${name}`,
    name,
    async open() {
      const handle = await createDb({ databaseUrl: url.toString(), poolSize: 4 });
      await migrateToLatest(handle.db);
      return handle;
    },
    drop: () => admin(serverUrl, `drop database if exists ${name} with (force)`),
  };
}
