import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, PGliteDialect, sql } from "kysely";
import pg from "pg";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  /** "pg" for a PostgreSQL server, "pglite" for the embedded one. */
  kind: "pg" | "pglite";
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres://… — when set, a pg Pool; otherwise embedded PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite's files; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for pg (default 10). */
  poolSize?: number;
}

// pg returns bigint (int8) and numeric as strings to avoid precision loss.
// Our int8 values are counts and ids far below 2^53, so parse them; numeric
// stays a string and the domain layer converts it where it means a number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

/**
 * A statement whose text carries this comment is sent as a named prepared
 * statement, so each connection parses and plans it once instead of on every
 * call. For the few hottest statements only (a ballot: planning its read took
 * 1.4–1.8 ms of its 2.3 ms; docs/benchmarks.md): every distinct text stays
 * prepared on every connection for the connection's life. PGlite ignores it.
 * The app marks statements with app/domain/prepared.server.ts (the same
 * literal: tests/unit/prepared.test.ts).
 */
export const preparedMark = "/* prepared */";

// Named by a hash of the text, worked out once per text: these statements run on every vote.
const statementNames = new Map<string, string>();
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) statementNames.set(text, (name = `s_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`));
  return name;
}

/** Sends marked statements as named ones on this client (pg caches them per connection). */
function preparing(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((text: unknown, values?: unknown, callback?: unknown) =>
    typeof text === "string" && text.includes(preparedMark)
      ? query({ name: statementName(text), text, values }, callback)
      : query(text, values, callback)) as typeof client.query;
}

/**
 * One database per process: a pg Pool when a URL is given, else PGlite
 * persisted under dataDir. PGlite is imported lazily so that a server running
 * on PostgreSQL never loads the WASM build.
 */
export async function createDb(options: DbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      // Never let a request hang forever on a dead server: /healthz must answer.
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its connection must not crash the process.
    pool.on("error", () => {});
    pool.on("connect", preparing);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: "pg", close: () => db.destroy() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const dataDir = options.dataDir ?? "./data";
  const pglite = await PGlite.create(dataDir === "memory://" ? undefined : dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: "pglite",
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Cheap liveness probe used by /healthz. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
