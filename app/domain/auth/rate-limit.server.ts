import { sql } from "kysely";
import type { Db } from "../../../db/client";

export interface Limit {
  /** Hits allowed per window. */
  max: number;
  windowSeconds: number;
}

function windowStart(limit: Limit, now = Date.now()): Date {
  const ms = limit.windowSeconds * 1000;
  return new Date(Math.floor(now / ms) * ms);
}

/**
 * Counts one hit for key in the current fixed window and says whether it is
 * still within the limit. The counter lives in PostgreSQL, so every app
 * instance behind the load balancer shares it; the upsert is atomic.
 */
export async function hit(db: Db, key: string, limit: Limit): Promise<boolean> {
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: windowStart(limit), hits: 1 })
    .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  return row.hits <= limit.max;
}

/** True while key has used up its window (without counting a hit). */
export async function isLimited(db: Db, key: string, limit: Limit): Promise<boolean> {
  const row = await db
    .selectFrom("rate_limits")
    .select("hits")
    .where("key", "=", key)
    .where("window_start", "=", windowStart(limit))
    .executeTakeFirst();
  return (row?.hits ?? 0) >= limit.max;
}

/** Drops windows older than a day; run now and then, not on every request. */
export async function pruneRateLimits(db: Db): Promise<void> {
  await db.deleteFrom("rate_limits").where("window_start", "<", sql<Date>`now() - interval '1 day'`).execute();
}
