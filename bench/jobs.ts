/**
 * bench:jobs — the job engine under a notification fan-out (issue 16): 50,000
 * small jobs sent with sendJobs in one transaction, as the change that causes
 * notifications to 50,000 people will send them (an outbox), then worked by
 * BENCH_JOBS_INSTANCES (2) job engine instances, as two app servers with
 * workers would, with a no-op handler. Ends with
 * `RESULT jobs enqueued=50000 enqueue_per_s=… worked_per_s=… lost=0 duplicates=0 …`.
 *
 * - enqueue_per_s: jobs ÷ the transaction's time, first statement to commit
 *   (jobs are keyed by their notification, so each one's id is computed too).
 * - worked_per_s: jobs ÷ the time from the commit until the job table shows
 *   every job completed — the workers' polling included (each instance asks
 *   every 2 s when idle, and at once again after a full batch).
 * - lost / duplicates: each job's payload carries its notification's number;
 *   the handler records every number it is given. Lost: sent, never handed to
 *   a handler; duplicates: handed over more than once. The job table must also
 *   show every job completed at its first try, and the same fan-out sent
 *   again (its keys) must add nothing.
 *
 * The queue is the benchmark's own (bench/lib/jobs.ts), given to the engine
 * here; nothing ships in the app for it. The engines run in this process,
 * each with its own connections, like two servers.
 *
 * The web path's p99 with a worker busy against idle is bench:votes with
 * BENCH_JOBS_BUSY=1 (bench/votes.ts).
 *
 * Settings: DATABASE_URL (PGlite when unset, said loudly), BENCH_JOBS (50000),
 * BENCH_JOBS_INSTANCES (2), BENCH_JOBS_BATCH (100, jobs a worker takes at once).
 */
import os from "node:os";
import { sql } from "kysely";
import { sendJobs, startJobEngine } from "../app/jobs/engine.server";
import { freshDatabase } from "./lib/database";
import { fanOut, fanOutQueue, fanOutStates, notificationOf } from "./lib/jobs";
import { runBench } from "./lib/run-bench";

const total = Number(process.env.BENCH_JOBS ?? 50_000);
const instances = Number(process.env.BENCH_JOBS_INSTANCES ?? 2);
const say = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await runBench("jobs", { hardTimeoutSeconds: 600 }, async (defer) => {
  const database = await freshDatabase("ss_bench_jobs");
  defer("drop the benchmark database", () => database.drop());
  say(`bench:jobs on ${database.where}`);
  const handle = await database.open();
  defer("close the database", () => handle.close());
  const db = handle.db;
  const queue = fanOutQueue();

  // Every notification number a handler was given, and how often.
  const seen = new Map<number, number>();
  let handed = 0;
  let firstAt: number | undefined;
  const noop = async (job: { data: unknown }) => {
    firstAt ??= performance.now();
    const n = notificationOf(job.data);
    seen.set(n, (seen.get(n) ?? 0) + 1);
    handed += 1;
  };
  for (let i = 0; i < instances; i++) {
    const engine = await startJobEngine({ database: handle, directUrl: database.env.DATABASE_URL, queues: [queue], workers: { [queue.name]: noop } });
    defer(`stop job engine ${i + 1}`, () => engine.stop());
  }
  say(`${instances} job engine instance(s) working queue ${queue.name} in batches of ${queue.batchSize}`);

  const jobs = fanOut(0, total);
  const loadBefore = os.loadavg()[0];
  const t0 = performance.now();
  await db.transaction().execute((trx) => sendJobs(trx, queue, jobs));
  const committed = performance.now();
  const enqueueMs = committed - t0;
  say(`sent ${total} jobs in one transaction: ${Math.round(enqueueMs)} ms`);

  while (handed < total) await sleep(20);
  const firstMs = firstAt! - committed;
  // Handed to a handler is not yet completed: the job table says when the last batch was.
  for (;;) {
    const states = await fanOutStates(db, queue);
    if ((states.completed ?? 0) >= total) break;
    await sleep(50);
  }
  const workMs = performance.now() - committed;
  const loadAfter = os.loadavg()[0];
  say(`worked: first handed over ${Math.round(firstMs)} ms after the commit, all completed after ${Math.round(workMs)} ms`);

  const lost = jobs.filter((j) => !seen.has(notificationOf(j.data))).length;
  const duplicates = [...seen.values()].reduce((sum, count) => sum + count - 1, 0);
  const states = await fanOutStates(db, queue);
  const { rows } = await sql<{ retried: number }>`
    select count(*)::int as retried from pgboss.job where name = ${queue.name} and retry_count > 0`.execute(db);
  say(`job table: ${JSON.stringify(states)}, retried ${rows[0].retried}`);

  // The same fan-out sent again (a retried outbox): every key is there, nothing is added.
  const r0 = performance.now();
  await sendJobs(db, queue, jobs);
  const resent = await fanOutStates(db, queue);
  const added = Object.values(resent).reduce((a, b) => a + b, 0) - total;
  say(`the same ${total} jobs sent again: ${Math.round(performance.now() - r0)} ms, ${added} added`);
  say(`machine load (1-min average): ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, ${os.cpus().length} cores`);

  process.stdout.write(
    `RESULT jobs enqueued=${total} enqueue_per_s=${Math.round(total / (enqueueMs / 1000))} worked_per_s=${Math.round(total / (workMs / 1000))} ` +
      `lost=${lost} duplicates=${duplicates} instances=${instances} batch=${queue.batchSize} first_ms=${Math.round(firstMs)} resent_added=${added}\n`,
  );
  if (lost || duplicates || states.completed !== total || rows[0].retried || added) {
    throw new Error(
      `jobs lost, done twice, retried or re-added: lost=${lost} duplicates=${duplicates} states=${JSON.stringify(states)} added=${added}`,
    );
  }
});
