import { sql } from "kysely";
import type { Db } from "../../../db/client";

// Every counter here lives in PostgreSQL, so every app instance behind the
// load balancer shares it, and each is changed by one atomic statement: an
// attempt is counted *before* its password is checked, so attempts sent at
// the same moment cannot all pass a check made before any of them counted
// (issue 13: 29 simultaneous sign-ins were all checked).

export interface Limit {
  /** Hits allowed per window. */
  max: number;
  windowSeconds: number;
}

function windowStart(limit: Limit, now = Date.now()): Date {
  const ms = limit.windowSeconds * 1000;
  return new Date(Math.floor(now / ms) * ms);
}

/** A hit counted in a fixed window, to give back if it turns out not to count. */
export interface Reserved {
  key: string;
  windowStart: Date;
}

export type Reservation = { ok: true; reserved: Reserved } | { ok: false; retryAfterSeconds: number };

/** Counts one hit for key in the current fixed window (one atomic upsert); its count so far. */
async function countHit(db: Db, key: string, start: Date): Promise<number> {
  const row = await db
    .insertInto("rate_limits")
    .values({ key, window_start: start, hits: 1 })
    .onConflict((oc) => oc.columns(["key", "window_start"]).doUpdateSet({ hits: sql`rate_limits.hits + 1` }))
    .returning("hits")
    .executeTakeFirstOrThrow();
  return row.hits;
}

/** Counts one hit for key in the current fixed window and says whether it is still within the limit. */
export async function hit(db: Db, key: string, limit: Limit): Promise<boolean> {
  return (await countHit(db, key, windowStart(limit))) <= limit.max;
}

/**
 * Counts one hit for key in the current fixed window, if the window has room
 * for it. A refused hit is not kept: only what was let through counts.
 */
export async function reserveHit(db: Db, key: string, limit: Limit): Promise<Reservation> {
  const start = windowStart(limit);
  const reserved = { key, windowStart: start };
  if ((await countHit(db, key, start)) <= limit.max) return { ok: true, reserved };
  await releaseHit(db, reserved);
  const retryAfterSeconds = Math.max(1, Math.ceil((start.getTime() + limit.windowSeconds * 1000 - Date.now()) / 1000));
  return { ok: false, retryAfterSeconds };
}

/** Gives back a hit (a sign-in that succeeded was only counted in case it failed). */
export async function releaseHit(db: Db, reserved: Reserved): Promise<void> {
  await db
    .updateTable("rate_limits")
    .set({ hits: sql`hits - 1` })
    .where("key", "=", reserved.key)
    .where("window_start", "=", reserved.windowStart)
    .where("hits", ">", 0)
    .execute();
}

// ---- growing delays ---------------------------------------------------------

/** Mistakes allowed before any wait: a person who mistypes a few times never notices the rule. */
export const freeFailures = 5;
const firstDelaySeconds = 1;
/** The longest wait: slow enough to make guessing hopeless, short enough never to lock anyone out for long. */
export const maxDelaySeconds = 5 * 60;
/** Failures are forgotten a day after the last one (and at once on success). */
const memoryHours = 24;

/** How long the next attempt must wait after this many failures: 0 … 0, then 1 s, 2 s, 4 s … up to 5 minutes. */
export function delayAfter(failures: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(firstDelaySeconds * 2 ** (failures - freeFailures), maxDelaySeconds);
}

// delayAfter as an array the statements index by the row's failures
// (PostgreSQL arrays start at 1); past its end the wait is the longest.
const delays: number[] = [];
for (let f = 1; delayAfter(f) < maxDelaySeconds; f++) delays.push(delayAfter(f));

/** The moment the row's next attempt may start, in SQL (clock_timestamp: after the row lock was taken, not when the statement began). */
const nextAllowed = (table: string) =>
  sql`${sql.ref(`${table}.last_attempt_at`)} + make_interval(secs => coalesce((${delays}::int[])[${sql.ref(`${table}.failures`)}], ${maxDelaySeconds}))`;

export type AttemptReservation = { ok: true } | { ok: false; retryAfterSeconds: number };

/**
 * Counts an attempt for key as a failure in advance, if its wait is over; the
 * caller forgets the failures when the password was right. One statement:
 * of the attempts that arrive together, the row lock lets through those the
 * count allows and refuses the rest.
 */
export async function reserveAttempt(db: Db, key: string): Promise<AttemptReservation> {
  const forgotten = sql`sign_in_delays.last_attempt_at < clock_timestamp() - make_interval(hours => ${memoryHours})`;
  const reserved = await db
    .insertInto("sign_in_delays")
    .values({ key, failures: 1, last_attempt_at: sql`clock_timestamp()` })
    .onConflict((oc) =>
      oc
        .column("key")
        .doUpdateSet({
          failures: sql`case when ${forgotten} then 1 else sign_in_delays.failures + 1 end`,
          last_attempt_at: sql`clock_timestamp()`,
        })
        .where(sql<boolean>`${forgotten} or ${nextAllowed("sign_in_delays")} <= clock_timestamp()`),
    )
    .returning("failures")
    .executeTakeFirst();
  if (reserved) return { ok: true };
  const row = await db
    .selectFrom("sign_in_delays")
    .select(sql<string | number>`extract(epoch from ${nextAllowed("sign_in_delays")} - clock_timestamp())`.as("wait"))
    .where("key", "=", key)
    .executeTakeFirst();
  // pg returns numeric as a string, PGlite may not.
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(Number(row?.wait ?? 1))) };
}

/** The password was right: the failures behind this key are forgotten. */
export async function forgetAttempts(db: Db, key: string): Promise<void> {
  await db.deleteFrom("sign_in_delays").where("key", "=", key).execute();
}

/** Drops windows older than a day and failures a day old; run now and then, not on every request. */
export async function pruneRateLimits(db: Db): Promise<void> {
  await db
    .deleteFrom("rate_limits")
    .where("window_start", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
  await db
    .deleteFrom("sign_in_delays")
    .where("last_attempt_at", "<", sql<Date>`now() - make_interval(hours => ${memoryHours})`)
    .execute();
}
