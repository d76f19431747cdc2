import { startPgBouncer } from "../../tests/support/pgbouncer";
import type { BenchDatabase } from "./database";
import type { Defer } from "./run-bench";

export type BenchPooler = "none" | "unnamed" | "pgbouncer";

export interface PoolerSetting {
  mode: BenchPooler;
  /** What the app server is told on top of the database's own env (DATABASE_URL, DATABASE_DIRECT_URL, DATABASE_POOLER). */
  env: Record<string, string>;
  /** For the report. */
  describe: string;
  /** PgBouncer's process, for its CPU per request (pgbouncer only). */
  pid?: number;
}

/**
 * BENCH_POOLER: how the app server reaches PostgreSQL (docs/decisions/0035).
 *   none (default)  directly, the hottest statements named (prepared once per connection);
 *   unnamed         directly, but with DATABASE_POOLER=transaction: the same statements sent unnamed,
 *                   planned on every call — the cost of the switch alone;
 *   pgbouncer       through Debian's PgBouncer in transaction pooling (tests/support/pgbouncer.ts),
 *                   DATABASE_DIRECT_URL direct, statements unnamed — a deployment's path.
 * The app's environment never inherits DATABASE_DIRECT_URL or DATABASE_POOLER from the shell:
 * they would name another database than the bench's fresh one.
 */
export async function benchPooler(database: BenchDatabase, defer: Defer): Promise<PoolerSetting> {
  const mode = (process.env.BENCH_POOLER || "none") as BenchPooler;
  const none = { DATABASE_DIRECT_URL: "", DATABASE_POOLER: "" };
  if (mode === "none") return { mode, env: none, describe: "direct, statements named" };
  if (mode !== "unnamed" && mode !== "pgbouncer") throw new Error(`BENCH_POOLER must be none, unnamed or pgbouncer, not "${mode}"`);
  const url = database.env.DATABASE_URL;
  if (!url) throw new Error(`BENCH_POOLER=${mode} needs DATABASE_URL (PostgreSQL)`);
  if (mode === "unnamed") {
    // Another spelling of the same address, so the settings see a direct URL of its own.
    const directUrl = new URL(url);
    directUrl.searchParams.set("application_name", "migrations");
    return {
      mode,
      env: { DATABASE_DIRECT_URL: directUrl.toString(), DATABASE_POOLER: "transaction" },
      describe: "direct, statements unnamed (DATABASE_POOLER=transaction)",
    };
  }
  const bouncer = await startPgBouncer(Number(new URL(url).port || 5432));
  defer("stop PgBouncer", () => bouncer.stop());
  return {
    mode,
    env: { DATABASE_URL: bouncer.rewrite(url), DATABASE_DIRECT_URL: url, DATABASE_POOLER: "" },
    describe: `through PgBouncer (transaction pooling, port ${bouncer.port}), statements unnamed`,
    pid: bouncer.pid,
  };
}
