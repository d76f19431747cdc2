import { ping, type DbHandle } from "../db/client";

export interface DatabaseHealth {
  /** Answers quickly: false while the database is known to be away (asked again at most once a second). */
  available(): Promise<boolean>;
  /**
   * After a request failed: was it for want of the database? True when the
   * database is away now (and marks it so), or a statement lost its
   * connection within the last few seconds (a restart, a failover, a
   * terminated backend: the next try will likely work).
   */
  confirmAway(): Promise<boolean>;
  /** Asks the database now (for /healthz), within the probe's time limit. */
  probe(): Promise<boolean>;
}

/**
 * Whether PostgreSQL answers, as the web server sees it. While it is away
 * (stopped, restarting, failing over) every request would wait for a
 * connection and then fail with a 500; instead the first failure marks it
 * away, later requests get a 503 page at once, and one probe a second finds
 * out when it is back. Nothing to do for the embedded PGlite, which cannot go
 * away on its own.
 */
export function databaseHealth(db: DbHandle, { timeoutMs = 2_000, retryMs = 1_000, lostWithinMs = 5_000 } = {}): DatabaseHealth {
  let away = false;
  let lastProbe = 0;
  let probing: Promise<boolean> | null = null;

  const probe = () => {
    probing ??= (async () => {
      try {
        await within(timeoutMs, ping(db.db));
        return true;
      } catch {
        return false;
      } finally {
        lastProbe = Date.now();
        probing = null;
      }
    })().then((up) => {
      away = !up;
      return up;
    });
    return probing;
  };

  return {
    async available() {
      if (!away || db.kind !== "pg") return true;
      if (Date.now() - lastProbe < retryMs) return false;
      return probe();
    },
    async confirmAway() {
      if (db.kind !== "pg") return false;
      if (Date.now() - db.connectionLostAt() < lostWithinMs) return true;
      return !(await probe());
    },
    probe,
  };
}

/** The promise's answer, or a "timeout" error after `ms` (the promise itself goes on, unheard). */
export function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error("timeout")), ms).unref()));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
