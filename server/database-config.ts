/** How a pooler between the app and PostgreSQL keeps connections: `transaction` turns named statements off (docs/decisions/0035). */
export type DatabasePooler = "none" | "session" | "transaction";

/** The database settings of server/config.ts (documented in README and docs/deployment.md). */
export interface DatabaseConfig {
  /** DATABASE_URL: the web's pool (through PgBouncer in production); unset: embedded PGlite under DATA_DIR. */
  databaseUrl: string | undefined;
  /** DATABASE_DIRECT_URL: migrations and whatever needs a session of its own (locks, LISTEN) connect here; default DATABASE_URL. */
  databaseDirectUrl: string | undefined;
  /** DATABASE_POOLER: what sits behind DATABASE_URL; default `transaction` when DATABASE_DIRECT_URL is another address, else `none`. */
  databasePooler: DatabasePooler;
}

const poolers: readonly DatabasePooler[] = ["none", "session", "transaction"];

/** Reads DATABASE_URL, DATABASE_DIRECT_URL and DATABASE_POOLER; anything inconsistent stops the start with the setting's name. */
export function readDatabaseConfig(env: NodeJS.ProcessEnv): DatabaseConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  const direct = env.DATABASE_DIRECT_URL?.trim() || undefined;
  const pooler = env.DATABASE_POOLER?.trim() || undefined;
  if (!databaseUrl) {
    if (direct) throw new Error("DATABASE_DIRECT_URL is set but DATABASE_URL is not: set both, or neither for the embedded database");
    if (pooler) throw new Error("DATABASE_POOLER is set but DATABASE_URL is not: there is no pooler in front of the embedded database");
    return { databaseUrl, databaseDirectUrl: undefined, databasePooler: "none" };
  }
  if (direct && !/^postgres(ql)?:\/\//.test(direct)) throw new Error(`DATABASE_DIRECT_URL must be a postgres:// URL, not "${direct}"`);
  if (pooler && !poolers.includes(pooler as DatabasePooler)) {
    throw new Error(`DATABASE_POOLER must be one of ${poolers.join(", ")}, not "${pooler}"`);
  }
  const separate = direct !== undefined && direct !== databaseUrl;
  const databasePooler = (pooler as DatabasePooler | undefined) ?? (separate ? "transaction" : "none");
  // Kysely's migrator holds a session-level advisory lock: through a transaction pooler it could stay behind on a server connection.
  if (databasePooler === "transaction" && !separate) {
    throw new Error("DATABASE_POOLER=transaction needs DATABASE_DIRECT_URL: the address of PostgreSQL itself, for migrations (docs/deployment.md)");
  }
  return { databaseUrl, databaseDirectUrl: direct ?? databaseUrl, databasePooler };
}
