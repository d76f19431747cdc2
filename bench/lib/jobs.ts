import { sql } from "kysely";
import type { Db } from "../../db/client";
import type { JobToSend } from "../../app/jobs/engine.server";
import type { QueueDefinition } from "../../app/jobs/queues";

// What bench:jobs and bench:votes (BENCH_JOBS_BUSY=1) share: a queue of the
// benchmarks' own, defined here and given to the job engine they start —
// nothing ships in the app for it — and the jobs a notification fan-out
// would send to it.

/**
 * Many small jobs worked in batches, as a notification fan-out's will be.
 * BENCH_JOBS_BATCH (100): jobs a worker takes at once.
 */
export function fanOutQueue(): QueueDefinition {
  return {
    name: "bench-fan-out",
    policy: "standard",
    retryLimit: 2,
    retryDelaySeconds: 5,
    expireInSeconds: 60,
    batchSize: Number(process.env.BENCH_JOBS_BATCH ?? 100),
  };
}

/** Jobs `from` … `from + count - 1`: one notification to one person each, keyed by the notification (a re-sent fan-out adds nothing). */
export function fanOut(from: number, count: number): JobToSend[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { data: { notification: n, person: 100_000 + n, event: "campaign.voting-opened", campaign: "3-15-stars" }, key: `notification:${n}` };
  });
}

/** The notification a job of fanOut is for. */
export const notificationOf = (data: unknown): number => (data as { notification: number }).notification;

/** The queue's jobs by state, as the engine's table holds them. */
export async function fanOutStates(db: Db, queue: QueueDefinition): Promise<Record<string, number>> {
  const { rows } = await sql<{ state: string; n: number }>`
    select state::text as state, count(*)::int as n from pgboss.job where name = ${queue.name} group by state`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
