import { log } from "../app/log.server";
import type { DbHandle } from "../db/client";
import { pendingMigrations } from "../db/pending-migrations";
import { databaseHealth, within } from "./database-health";

/** Resolves when its part is ready; rejects (or times out) when not. The reason goes to the log, never to the answer. */
export type ReadinessCheck = () => Promise<unknown>;

export interface ReadinessReport {
  ready: boolean;
  /** Each check's state: "ok", or a word for what is wrong ("unreachable", "2 pending", "failing", "unknown"). */
  checks: Record<string, string>;
}

export interface Readiness {
  /**
   * Adds a check run on every GET /readyz after the database's: the job
   * engine registers "jobs" here when it starts (issue 16). A name given
   * again replaces its check.
   */
  register(name: string, check: ReadinessCheck): void;
  check(): Promise<ReadinessReport>;
}

/**
 * Whether this instance should be sent traffic (GET /readyz), as opposed to
 * whether it lives (GET /healthz): the database answers `select 1` within
 * the time limit, every migration this release knows is applied, and each
 * registered part (the job engine) says it is ready. A change of state is
 * logged once, with the reasons.
 */
export function createReadiness(db: DbHandle, { timeoutMs = 2_000 } = {}): Readiness {
  const health = databaseHealth(db, { timeoutMs });
  const registered = new Map<string, ReadinessCheck>();
  let wasReady: boolean | undefined;

  return {
    register(name, check) {
      registered.set(name, check);
    },
    async check() {
      const checks: Record<string, string> = {};
      const reasons: Record<string, string> = {};
      checks.database = (await health.probe()) ? "ok" : "unreachable";
      checks.migrations = "unknown";
      if (checks.database === "ok") {
        try {
          const pending = await within(timeoutMs, pendingMigrations(db.db));
          checks.migrations = pending.length ? `${pending.length} pending` : "ok";
          if (pending.length) reasons.migrations = pending.join(", ");
        } catch (error) {
          reasons.migrations = String(error);
        }
      }
      for (const [name, part] of registered) {
        try {
          await within(timeoutMs, part());
          checks[name] = "ok";
        } catch (error) {
          checks[name] = "failing";
          reasons[name] = String(error);
        }
      }
      const ready = Object.values(checks).every((state) => state === "ok");
      if (ready !== wasReady) {
        if (ready) log("info", "ready", { checks });
        else log("warn", "not ready", { checks, reasons });
        wasReady = ready;
      }
      return { ready, checks };
    },
  };
}
