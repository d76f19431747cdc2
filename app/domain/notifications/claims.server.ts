import { sql } from "kysely";
import type { Db } from "../../../db/client";

// How a message leaves at most once (decision 0039), for both kinds of
// outgoing row: an email delivery and a robot's message. Each is claimed
// ('sending', committed) before it is handed to the mail server or the chat
// platform, and marked sent after. A crash between the two leaves it
// claimed: after `claimTimeoutMinutes` it is marked 'in_doubt' — shown to
// administrators, never sent again. So a crash, a retry or a second instance
// can lose at most the few messages in flight at that instant (never
// silently), and can never send one twice.

export type OutgoingTable = "notification_deliveries" | "robot_messages";

/** Longer than any one hand-over takes (the mail server's and platforms' time-outs are 30 s). */
export const claimTimeoutMinutes = 10;

/** Tries before a message is failed for good; the waits between them double from `retryBaseSeconds`. */
export const maxTries = 5;
export const retryBaseSeconds = 30;

/** When a failed try's message is tried again, or null: failed for good. */
export function retryAt(tries: number, now: Date): Date | null {
  if (tries >= maxTries) return null;
  return new Date(now.getTime() + retryBaseSeconds * 1000 * 2 ** (tries - 1));
}

/** Messages whose sender stopped between claiming and marking them: marked in doubt, never sent again. Returns how many. */
export async function markStaleClaimsInDoubt(db: Db, table: OutgoingTable): Promise<number> {
  const r = await sql`
    update ${sql.table(table)} set status = 'in_doubt', claimed_at = null,
      error = 'the sender stopped while handing it over: it may or may not have arrived, and is not sent again'
    where status = 'sending' and claimed_at < now() - make_interval(mins => ${claimTimeoutMinutes})`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Ids of messages due now, oldest first (by the number: "100" after "99"). */
export async function dueIds(db: Db, table: OutgoingTable, limit: number): Promise<string[]> {
  const rows = await sql<{ id: string }>`
    select t.id::text as id from ${sql.table(table)} t where t.status = 'pending' and t.not_before <= now() order by t.id limit ${limit}`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Takes one due message for sending, committed at once: false when another sender took it first. */
export async function claim(db: Db, table: OutgoingTable, id: string): Promise<boolean> {
  const r = await sql`
    update ${sql.table(table)} set status = 'sending', claimed_at = now(), tries = tries + 1
    where id = ${id} and status = 'pending' and not_before <= now()`.execute(db);
  return Number(r.numAffectedRows ?? 0) === 1;
}

/**
 * Takes several due messages for sending in one statement, committed at
 * once: the ids claimed (those another sender took first, or that are no
 * longer due, are left out). A sender that dies after it leaves every one of
 * them claimed — in doubt after the time-out, never sent twice — so it claims
 * no more than it is about to hand over (email.server.ts claimChunk).
 */
export async function claimMany(db: Db, table: OutgoingTable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<{ id: string }>`
    update ${sql.table(table)} set status = 'sending', claimed_at = now(), tries = tries + 1
    where id in (${sql.join(ids)}) and status = 'pending' and not_before <= now()
    returning id::text as id`.execute(db);
  return rows.map((r) => r.id);
}

/** Several were taken by the mail server or platform: marked sent in one statement. Returns how many. */
export async function markSentMany(db: Db, table: OutgoingTable, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`
    update ${sql.table(table)} set status = 'sent', sent_at = now(), claimed_at = null, error = null
    where id in (${sql.join(ids)}) and status = 'sending'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Claimed and never handed over (the run stopped first): waiting again at once, the try not counted. Returns how many. */
export async function releaseClaims(db: Db, table: OutgoingTable, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`
    update ${sql.table(table)} set status = 'pending', claimed_at = null, tries = greatest(tries - 1, 0)
    where id in (${sql.join(ids)}) and status = 'sending'`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Waiting messages held until `until` without being claimed (quiet hours): their tries unchanged. Returns how many. */
export async function holdUntil(db: Db, table: OutgoingTable, ids: readonly string[], until: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await sql`
    update ${sql.table(table)} set not_before = ${until}
    where id in (${sql.join(ids)}) and status = 'pending' and not_before <= now()`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** The mail server or platform took it. */
export async function markSent(db: Db, table: OutgoingTable, id: string): Promise<void> {
  await sql`update ${sql.table(table)} set status = 'sent', sent_at = now(), claimed_at = null, error = null where id = ${id} and status = 'sending'`.execute(
    db,
  );
}

/** It was refused: tried again later (with backoff), or failed for good after `maxTries`. */
export async function markFailed(db: Db, table: OutgoingTable, id: string, error: string, now = new Date()): Promise<"retry" | "failed"> {
  const row = await sql<{ tries: number }>`select tries from ${sql.table(table)} where id = ${id}`.execute(db);
  const again = retryAt(row.rows[0]?.tries ?? maxTries, now);
  // The wait counts from the database's clock, which decides when it is due (dueIds), whatever clock the caller was given.
  const waitSeconds = again ? (again.getTime() - now.getTime()) / 1000 : null;
  await sql`
    update ${sql.table(table)} set claimed_at = null, error = ${error.slice(0, 500)},
      status = ${again ? "pending" : "failed"},
      not_before = coalesce(now() + make_interval(secs => ${waitSeconds}::float8), not_before)
    where id = ${id} and status = 'sending'`.execute(db);
  return again ? "retry" : "failed";
}

/** Not sent now, and not a failure (quiet hours, a platform's rate limit): back to waiting until `until`, the try not counted. */
export async function postpone(db: Db, table: OutgoingTable, id: string, until: Date): Promise<void> {
  await sql`
    update ${sql.table(table)} set status = 'pending', claimed_at = null, tries = greatest(tries - 1, 0), not_before = ${until}
    where id = ${id} and status = 'sending'`.execute(db);
}

/** Runs `send` over the items, at most `concurrency` at a time, stopping early when `signal` aborts. */
export async function eachWithConcurrency<T>(
  items: readonly T[],
  concurrency: number,
  send: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length && !signal?.aborted) await send(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}

/** The mail server or platform refused it for good (a 5xx reply about this message or address): failed at once, never tried again. */
export async function markRejected(db: Db, table: OutgoingTable, id: string, error: string): Promise<void> {
  await sql`
    update ${sql.table(table)} set status = 'failed', claimed_at = null, error = ${error.slice(0, 500)}
    where id = ${id} and status = 'sending'`.execute(db);
}

/** The hand-over broke with no answer: it may or may not have arrived, so it is never sent again (as a stale claim is). */
export async function markInDoubt(db: Db, table: OutgoingTable, id: string, error: string): Promise<void> {
  await sql`
    update ${sql.table(table)} set status = 'in_doubt', claimed_at = null, error = ${error.slice(0, 500)}
    where id = ${id} and status = 'sending'`.execute(db);
}
