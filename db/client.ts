import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, PGliteDialect, sql } from "kysely";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

export interface DbHandle {
  db: Db;
  /** "pg" for a PostgreSQL server, "pglite" for the embedded one. */
  kind: "pg" | "pglite";
  /** The embedded database itself (kind "pglite" only): the job engine speaks to it directly (app/jobs). */
  pglite?: PGlite;
  /** When a statement last failed because its connection was lost or refused (ms since the epoch; 0: never). */
  connectionLostAt(): number;
  /** The pg pool's connections now (GET /metrics); null for PGlite, which is one connection and no pool. */
  poolStats(): PoolStats | null;
  close(): Promise<void>;
}

export interface PoolStats {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
  max: number;
}

/**
 * A statement that failed because of its connection, not because of what it
 * asked: SQLSTATE class 08 (connection exception), the server shutting down
 * or not yet accepting connections (57P01–57P03), too many connections
 * (53300), or the socket itself gone.
 */
export function isConnectionError(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (
    typeof code === "string" &&
    (code.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT"].includes(code))
  )
    return true;
  return (
    typeof message === "string" &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)
  );
}

export interface DbOptions {
  /** postgres://… — when set, a pg Pool; otherwise embedded PGlite. */
  databaseUrl?: string;
  /** Folder for PGlite's files; "memory://" keeps it in memory (tests). */
  dataDir?: string;
  /** Pool size for pg (default 10). */
  poolSize?: number;
  /**
   * Send the statements marked with preparedMark as named prepared statements
   * (default true). False when the pool goes through a pooler in transaction
   * mode (DATABASE_POOLER=transaction): a named statement lives on one server
   * connection, and such a pooler hands each transaction whichever it has.
   */
  namedStatements?: boolean;
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
 * prepared on every connection for the connection's life. PGlite ignores it,
 * and so does a pool created with namedStatements: false (through a
 * transaction pooler, where the connection is not ours between transactions:
 * docs/decisions/0035): there the mark is only a comment, and the statement is
 * sent unnamed, parsed and planned on each call.
 * The app marks statements with precompiled() (db/precompiled.ts).
 */
import { preparedMark } from "./prepared-mark";

export { preparedMark };

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
    // A connection PostgreSQL ends (a restart, pg_terminate_backend, a
    // failover) emits 'error' on its client; unheard, that ends the process
    // (issue 13). The pool hears idle clients; a checked-out client is heard
    // here, and the statement it was running fails on its own, as a request
    // error the server answers with 503 while the database is away. The pool
    // then drops the client and connects afresh when the database is back.
    pool.on("error", () => {});
    pool.on("connect", (client) => {
      client.on("error", () => {});
      if (options.namedStatements !== false) preparing(client);
    });
    let lostAt = 0;
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool }),
      log: (event) => {
        if (event.level === "error" && isConnectionError(event.error)) lostAt = Date.now();
      },
    });
    const max = options.poolSize ?? 10;
    const poolStats = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max });
    return { db, kind: "pg", connectionLostAt: () => lostAt, poolStats, close: () => db.destroy() };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const dataDir = options.dataDir ?? "./data";
  const pglite = await PGlite.create(dataDir === "memory://" ? undefined : dataDir);
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: "pglite",
    pglite,
    connectionLostAt: () => 0,
    poolStats: () => null,
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

/** Runs `fn` in the caller's transaction when `db` is one, else in a new transaction of its own. */
export function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

/** Cheap liveness probe used by /healthz. */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
