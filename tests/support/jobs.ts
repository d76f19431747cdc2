import { sql } from "kysely";
import { afterEach } from "vitest";
import type { Db } from "../../db/client";
import { startJobEngine, type Job, type JobEngine, type JobHandler, type Tuning } from "../../app/jobs/engine.server";
import type { QueueDefinition } from "../../app/jobs/queues";
import type { TestDb } from "./db";

/**
 * Job engines for one test file, each stopped after its test:
 *
 *   const engines = useEngines();
 *   const engine = await engines.start(t, { queues: [q], workers: { [q.name]: handler } });
 *
 * Quick by default: workers poll every 0.5 s, schedules are checked every
 * second, maintenance runs every second.
 */
export function useEngines() {
  const started: JobEngine[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((e) => e.stop(1_000)));
  });
  return {
    async start(
      t: TestDb,
      options: {
        queues: readonly QueueDefinition[];
        workers?: Record<string, JobHandler>;
        tuning?: Partial<Tuning>;
        onFailedForGood?: (job: { id: string; queue: string; error: string }) => Promise<void>;
      },
    ): Promise<JobEngine> {
      const engine = await startJobEngine({
        database: t.handle,
        directUrl: t.databaseUrl,
        queues: options.queues,
        workers: options.workers,
        onFailedForGood: options.onFailedForGood,
        tuning: { pollingSeconds: 0.5, cronCheckSeconds: 1, cronWorkerSeconds: 1, maintenanceSeconds: 1, reapSeconds: 1, ...options.tuning },
      });
      started.push(engine);
      return engine;
    },
  };
}

/** A job as a worker hands it to its handler: for calling a handler directly (`workers(db)[queue.name](aJob(queue.name))`). */
export const aJob = (queue: string): Job => ({
  id: "00000000-0000-4000-8000-000000000000",
  queue,
  data: {},
  retryCount: 0,
  signal: new AbortController().signal,
});

/** A queue for a test: quick retries unless told. */
export function testQueue(name: string, settings: Partial<QueueDefinition> = {}): QueueDefinition {
  return { name, policy: "standard", retryLimit: 2, retryDelaySeconds: 1, expireInSeconds: 60, ...settings };
}

export interface StoredJob {
  id: string;
  state: string;
  retry_count: number;
  output: unknown;
  data: unknown;
  started_on: Date | null;
  completed_on: Date | null;
}

/** The jobs of a queue as pg-boss stores them, oldest first. */
export async function jobsOf(db: Db, queue: string): Promise<StoredJob[]> {
  const { rows } = await sql<StoredJob>`
    select id, state::text as state, retry_count, output, data, started_on, completed_on
    from pgboss.job where name = ${queue} order by created_on, id`.execute(db);
  return rows;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check` returns something truthy (up to `seconds`), and returns it. */
export async function until<T>(check: () => Promise<T>, seconds = 30, what = "the condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    await sleep(100);
  }
}
