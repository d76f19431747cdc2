import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db, type DbHandle } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";

export interface TestDb {
  db: Db;
  kind: "pg" | "pglite";
  /** The database as the server holds it (the job engine needs PGlite's instance). */
  handle: DbHandle;
  /** PostgreSQL: the test database's URL (the job engine connects to it itself). */
  databaseUrl?: string;
  close(): Promise<void>;
}

/** True when the suite runs against a PostgreSQL server (CI always does). */
export const onRealPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, migrated database for one test file: a new database on the
 * server in TEST_DATABASE_URL (dropped afterwards), else an in-memory PGlite.
 */
export async function createTestDb(options: { poolSize?: number } = {}): Promise<TestDb> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = await createDb({ dataDir: "memory://" });
    await migrateToLatest(handle.db);
    return { db: handle.db, kind: handle.kind, handle, close: () => handle.close() };
  }
  const name = `ss_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const handle: DbHandle = await createDb({ databaseUrl: dbUrl.toString(), poolSize: options.poolSize ?? 10 });
  await migrateToLatest(handle.db);
  return {
    db: handle.db,
    kind: "pg",
    handle,
    databaseUrl: dbUrl.toString(),
    close: async () => {
      await handle.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
