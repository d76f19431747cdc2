import path from "node:path";
import { sql } from "kysely";
import type { Db } from "../../db/client";
import { sendJobs, startJobEngine, type JobToSend } from "../../app/jobs/engine.server";
import type { QueueDefinition } from "../../app/jobs/queues";
import type { BenchDatabase } from "./database";
import type { Target } from "./load";
import { cpuOf, startChild } from "./processes";
import type { Defer } from "./run-bench";

// What bench:jobs and bench:votes (BENCH_JOBS_BUSY=1) share: a queue of the
// benchmarks' own, defined here and given to the job engine they start —
// nothing ships in the app for it — the jobs a notification fan-out would
// send to it, and a worker process kept busy with them.

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

/** A job worker of its own (bench/lib/job-worker.ts) that bench:votes makes busy during some of its slices. */
export interface BusyWorker {
  /** The target with the worker working a backlog during each of its slices (topped up before each). */
  busy(target: Target): Target;
  /** What the worker did in the busy slices (warm-up included). */
  figures(): { jobsPerSecond: number; slices: number; dry: number };
}

/**
 * Starts the worker process on the benchmark's PostgreSQL database, idle, and
 * creates the fan-out queue. Before each busy slice (outside the measured
 * time) the backlog is topped up to `backlog` waiting jobs, so the worker
 * never runs out: a slice that ended with none left counts as dry.
 */
export async function startBusyWorker(root: string, database: BenchDatabase, defer: Defer, backlog = 30_000): Promise<BusyWorker> {
  if (database.kind !== "pg") throw new Error("BENCH_JOBS_BUSY=1 needs DATABASE_URL: a job worker of its own cannot share the embedded PGlite");
  const handle = await database.open();
  defer("close the job backlog's connection", () => handle.close());
  const queue = fanOutQueue();
  // Creates the queue (an engine without workers only makes sure its tables and queues exist).
  await (await startJobEngine({ database: handle, directUrl: database.env.DATABASE_URL, queues: [queue] })).stop();
  const child = startChild("job worker", process.execPath, ["--import", "tsx", path.join(root, "bench/lib/job-worker.ts")], {
    cwd: root,
    env: { ...process.env, ...database.env },
  });
  defer("stop the job worker", () => child.stop());
  await child.waitFor(/^ready$/m, 60_000);

  let sent = 0;
  let round = 0;
  let worked = 0;
  let ms = 0;
  let dry = 0;
  const waiting = async () => {
    const states = await fanOutStates(handle.db, queue);
    return (states.created ?? 0) + (states.retry ?? 0);
  };
  return {
    busy: (target) => ({
      ...target,
      cpu: { ...target.cpu, "job worker": () => cpuOf(child.proc.pid) },
      async beforeSlice() {
        await target.beforeSlice?.();
        const missing = backlog - (await waiting());
        if (missing > 0) {
          await sendJobs(handle.db, queue, fanOut(sent, missing));
          sent += missing;
        }
        round += 1;
        child.signal("SIGUSR1");
        await child.waitFor(new RegExp(`^working ${round}$`, "m"), 30_000);
      },
      async afterSlice() {
        // The load has stopped: the votes cut off in flight first, as the target wants, then the worker rests.
        await target.afterSlice?.();
        child.signal("SIGUSR2");
        const [, n, took] = await child.waitFor(new RegExp(`^idle ${round} worked=(\\d+) ms=(\\d+)$`, "m"), 30_000);
        worked += Number(n);
        ms += Number(took);
        if ((await waiting()) === 0) dry += 1;
      },
    }),
    figures: () => ({ jobsPerSecond: ms ? worked / (ms / 1000) : 0, slices: round, dry }),
  };
}
