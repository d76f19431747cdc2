import { createHash, randomUUID } from "node:crypto";
import { CompiledQuery, sql } from "kysely";
import pg from "pg";
import PgBoss from "pg-boss";
import { isConnectionError, type Db, type DbHandle } from "../../db/client";
import { log } from "~/log.server";
import { pgliteExecutor, type SqlExecutor } from "./pglite.server";
import type { QueueDefinition } from "./queues";

// The job engine (decision 0037): pg-boss 10.4 in the database the app
// already has. This folder is the only code that knows it is pg-boss: the
// domain sends jobs and administrators read them through the functions below,
// server/workers.ts says which use-case each queue runs. Moving to another
// engine changes app/jobs and nothing else.

/** pg-boss's tables live in their own schema. */
const schema = "pgboss";

/** One try of a job, as a handler sees it. */
export interface Job {
  id: string;
  queue: string;
  data: unknown;
  /** 0 on the first try, 1 on the first retry… */
  retryCount: number;
  /** Aborted when the try has run out of time (the queue's expireInSeconds) or the process is stopping: stop at the next safe point. */
  signal: AbortSignal;
}

/**
 * A use-case run for a job. Must be idempotent: a job can be tried again
 * after a crash, a time-out or an administrator's Retry, and the second try
 * must change nothing the first one did. Throw to have the job retried.
 */
export type JobHandler = (job: Job) => Promise<unknown>;

// ---- sending and reading jobs, on the app's own connection --------------------

/**
 * pg-boss with any connection we hand it per call (its `db` option): never
 * started, so it opens nothing itself. Sending and administering jobs need no
 * running engine, and go through the caller's transaction when given one: a
 * job sent with the row it works on is committed, or rolled back, with it.
 */
let offlineBoss: PgBoss | undefined;
function offline(): PgBoss {
  offlineBoss ??= new PgBoss({
    schema,
    db: {
      executeSql: () => Promise.reject(new Error("app/jobs: every call passes its own connection")),
    },
  });
  return offlineBoss;
}

/** Statements on the app's Kysely connection (or transaction): pg Pool or PGlite alike. */
function kyselyExecutor(db: Db): PgBoss.Db {
  return {
    async executeSql(text, values) {
      const result = await db.executeQuery(
        CompiledQuery.raw(
          text,
          (values ?? []).map((v) => (v === undefined ? null : v)),
        ),
      );
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * Asks a "stately" queue to run soon: in the caller's transaction, like
 * sendJob, and nothing when a run is waiting already (it will do the work).
 * Only a hastener: the queue's own schedule does the same work within a
 * minute, and on a start (atStart). So before the engine's tables exist (the
 * demo loaded ahead of the first start, a test database) it does nothing,
 * rather than fail the caller's transaction.
 */
export async function nudgeJob(db: Db, queue: QueueDefinition): Promise<void> {
  if (queue.policy !== "stately") throw new Error(`nudgeJob is for stately queues, not ${queue.name}`);
  const engine = await sql<{ present: boolean }>`select to_regclass(${`${schema}.job`}) is not null as present`.execute(db);
  if (!engine.rows[0]?.present) return;
  await offline().send(queue.name, {}, { db: kyselyExecutor(db) });
}

export interface SendOptions {
  /** Not before then. */
  startAfter?: Date;
}

/** Queues a job; inside a transaction, it exists only if the transaction commits. Returns its id. */
export async function sendJob(db: Db, queue: QueueDefinition, data: object, options: SendOptions = {}): Promise<string> {
  const id = await offline().send(queue.name, data, { db: kyselyExecutor(db), ...(options.startAfter ? { startAfter: options.startAfter } : {}) });
  if (!id) throw new Error(`queue ${queue.name} refused the job (does the queue exist? the engine creates it at start)`);
  return id;
}

/** One job of a batch sent by sendJobs. */
export interface JobToSend {
  data: object;
  /**
   * What makes the job the same job if it is sent again (e.g. the
   * notification it delivers): a second send of that key to the queue adds
   * nothing while the first job is still in the job table — waiting,
   * running, and two days after it completed (a week after it failed). It
   * becomes the job's id (a name-based UUID), so it works on "standard"
   * queues, where pg-boss's singletonKey alone does not deduplicate.
   */
  key?: string;
}

/**
 * Rows per statement: 1,000 small jobs are ~150 KB of JSON, one round trip
 * each. 50,000 jobs took about as long in chunks of 500 to 5,000 (2.0–4.0 s
 * on a busy machine), longer in chunks of 250.
 */
const sendChunk = 1_000;

/**
 * Queues many jobs (a fan-out) in a few statements, all or none: in the
 * caller's transaction when given one (they exist only if it commits, with
 * the rows that caused them — an outbox), else in a transaction of their own.
 * Returns each job's id, in order (a keyed job sent before: that job's id).
 */
export async function sendJobs(db: Db, queue: QueueDefinition, jobs: readonly JobToSend[], options: SendOptions = {}): Promise<string[]> {
  if (!jobs.length) return [];
  if (!db.isTransaction) return db.transaction().execute((trx) => sendJobs(trx, queue, jobs, options));
  // pg-boss's insert drops, without a word, jobs for a queue that does not exist.
  const known = await sql<{ partition: string }>`
    select partition_name as partition from ${sql.table(`${schema}.queue`)} where name = ${queue.name}`.execute(db);
  if (!known.rows.length) throw new Error(`queue ${queue.name} does not exist (the engine creates it at start)`);
  const ids = jobs.map((job) => (job.key === undefined ? randomUUID() : keyedJobId(queue.name, job.key)));
  const startAfter = options.startAfter?.toISOString();
  for (let from = 0; from < jobs.length; from += sendChunk) {
    const chunk = jobs.slice(from, from + sendChunk).map((job, i) => ({
      id: ids[from + i],
      name: queue.name,
      data: job.data,
      ...(startAfter ? { startAfter } : {}),
    }));
    // A key already in the job table conflicts on its (queue, id): pg-boss's insert skips it (on conflict do nothing).
    await offline().insert(chunk, { db: kyselyExecutor(db) });
  }
  if (jobs.length >= analyzeFrom) await sql`analyze ${sql.table(`${schema}.${known.rows[0].partition}`)} (name, state, start_after)`.execute(db);
  return ids;
}

/**
 * A fan-out this large is followed by ANALYZE of its queue's table (of the
 * columns a fetch filters on: 0.1–0.3 s for 50,000 jobs), in the same
 * transaction, which counts the transaction's own new rows. Otherwise the
 * planner still sees the queue as it last analyzed it — empty, or all
 * completed jobs — and fetches by a plan that sorts the whole backlog for
 * every batch (77 ms for 100 of 50,000 waiting jobs) instead of reading the
 * fetch-order index (0.4 ms; fetchOrderIndex): bench:jobs worked 1,527 jobs/s
 * without it, 4,155 with it. Smaller sends wait for autovacuum's ANALYZE.
 */
const analyzeFrom = 1_000;

/** A name-based (version 5) UUID for a job's key in its queue: the same key, the same id. */
function keyedJobId(queue: string, key: string): string {
  const hash = createHash("sha1").update(jobKeySpace).update(`${queue}\n${key}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The namespace of keyed job ids (a fixed random UUID's bytes). */
const jobKeySpace = Buffer.from("6f1b0c2e8a4d4f0e9b7a3c5d2e1f0a9b", "hex");

export interface QueueCounts {
  queue: string;
  /** Not started yet, or waiting for their next try. */
  waiting: number;
  running: number;
  /** Failed for good within the last day. */
  failed: number;
  /** Completed within the last day. */
  done: number;
}

/** Per queue: waiting, running, and failed or done within the last day (for /admin/jobs and the metrics). */
export async function queueCounts(db: Db): Promise<QueueCounts[]> {
  // Completed jobs stay in the job table for two days (archiveCompletedAfterSeconds below), so a day's count needs no archive.
  const { rows } = await sql<{ queue: string; waiting: number | string; running: number | string; failed: number | string; done: number | string }>`
    select q.name as queue,
      count(j.id) filter (where j.state in ('created', 'retry')) as waiting,
      count(j.id) filter (where j.state = 'active') as running,
      count(j.id) filter (where j.state = 'failed' and j.completed_on > now() - interval '1 day') as failed,
      count(j.id) filter (where j.state = 'completed' and j.completed_on > now() - interval '1 day') as done
    from ${sql.table(`${schema}.queue`)} q
    left join ${sql.table(`${schema}.job`)} j on j.name = q.name
    where q.name not like '\\_\\_pgboss\\_\\_%'
    group by q.name
    order by q.name`.execute(db);
  return rows.map((r) => ({
    queue: r.queue,
    waiting: Number(r.waiting),
    running: Number(r.running),
    failed: Number(r.failed),
    done: Number(r.done),
  }));
}

/** For a readiness check (/readyz): the engine's schema is there with every queue this release defines. */
export async function jobEngineReady(db: Db, expected: readonly QueueDefinition[]): Promise<boolean> {
  try {
    const names = expected.map((q) => q.name);
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from ${sql.table(`${schema}.queue`)} where name in (${sql.join(names)})`.execute(db);
    return Number(rows[0].n) === new Set(names).size;
  } catch {
    // No schema yet (relation does not exist), or no database: not ready.
    return false;
  }
}

export interface JobRow {
  id: string;
  queue: string;
  state: "waiting" | "retrying" | "running" | "failed";
  /** Its last error's message, if it has failed at least once. */
  error: string | null;
  /** Tries so far (a waiting job: 0). */
  tries: number;
  createdAt: Date;
  /** When it last failed; for a waiting or running job, when it last started (null: never). */
  at: Date | null;
  data: unknown;
}

type RawJob = {
  id: string;
  name: string;
  state: string;
  output: unknown;
  retry_count: number;
  started_on: Date | null;
  completed_on: Date | null;
  created_on: Date;
  data: unknown;
};

/** The message of a job's output: a handler's error (serialised by pg-boss), or pg-boss's own time-out. */
function errorOf(output: unknown): string | null {
  if (!output || typeof output !== "object") return null;
  const o = output as { message?: unknown; value?: { message?: unknown } };
  const message = typeof o.message === "string" ? o.message : typeof o.value?.message === "string" ? o.value.message : null;
  return message === null ? null : message.slice(0, 1000);
}

function jobRow(r: RawJob): JobRow {
  const state = r.state === "failed" ? "failed" : r.state === "active" ? "running" : r.state === "retry" ? "retrying" : "waiting";
  return {
    id: r.id,
    queue: r.name,
    state,
    error: state === "running" ? null : errorOf(r.output),
    // pg-boss counts retries from 0 and raises the count as a retry starts.
    tries: state === "waiting" ? 0 : r.retry_count + 1,
    createdAt: r.created_on,
    at: state === "failed" || state === "retrying" ? (r.completed_on ?? r.started_on) : r.started_on,
    data: r.data,
  };
}

const jobColumns = sql`id, name, state::text as state, output, retry_count, started_on, completed_on, created_on, data`;

/** Jobs failed for good, newest first (those retried or cancelled since are gone from this list). */
export async function failedJobs(db: Db, limit = 50): Promise<JobRow[]> {
  const { rows } = await sql<RawJob>`
    select ${jobColumns} from ${sql.table(`${schema}.job`)}
    where state = 'failed'
    order by completed_on desc
    limit ${limit}`.execute(db);
  return rows.map(jobRow);
}

/** Jobs not finished: waiting, waiting to be retried, running; those that have failed before first. */
export async function unfinishedJobs(db: Db, limit = 50): Promise<JobRow[]> {
  const { rows } = await sql<RawJob>`
    select ${jobColumns} from ${sql.table(`${schema}.job`)}
    where state < 'completed' and name not like '\\_\\_pgboss\\_\\_%'
    order by (state = 'retry') desc, created_on
    limit ${limit}`.execute(db);
  return rows.map(jobRow);
}

/** One job (null: none with that id in that queue). */
export async function findJob(db: Db, queue: string, id: string): Promise<JobRow | null> {
  if (!isUuid(id)) return null;
  const { rows } = await sql<RawJob>`
    select ${jobColumns} from ${sql.table(`${schema}.job`)} where name = ${queue} and id = ${id}`.execute(db);
  return rows[0] ? jobRow(rows[0]) : null;
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

type Affected = { affected: number };

/** A failed job is tried once more. False: it was not failed (any more). */
export async function retryJob(db: Db, queue: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = (await offline().retry(queue, id, { db: kyselyExecutor(db) })) as unknown as Affected;
  return r.affected > 0;
}

/** A waiting, retrying or running job is cancelled: it is not tried again (a running try is not interrupted). False: it had finished. */
export async function cancelJob(db: Db, queue: string, id: string): Promise<boolean> {
  if (!isUuid(id)) return false;
  const r = (await offline().cancel(queue, id, { db: kyselyExecutor(db) })) as unknown as Affected;
  return r.affected > 0;
}

// ---- the running engine: workers, schedules, maintenance ---------------------

export interface Tuning {
  /** How often an idle worker asks for a job. */
  pollingSeconds: number;
  /** How often an instance checks whether a schedule is due (once per interval across instances). */
  cronCheckSeconds: number;
  /** How often schedules that came due are turned into jobs. */
  cronWorkerSeconds: number;
  /** Expiring, archiving and deleting old jobs (once per interval across instances). */
  maintenanceSeconds: number;
  /** How often a worker looks for jobs left running by a worker that died (PostgreSQL). */
  reapSeconds: number;
}

const defaultTuning: Tuning = { pollingSeconds: 2, cronCheckSeconds: 30, cronWorkerSeconds: 5, maintenanceSeconds: 60, reapSeconds: 30 };

export interface JobEngineOptions {
  database: DbHandle;
  /**
   * PostgreSQL: where the engine connects for itself, never through a pooler
   * (DATABASE_DIRECT_URL, else DATABASE_URL): its workers hold an advisory
   * lock for their lifetime, and its schema changes want one session.
   */
  directUrl?: string;
  queues: readonly QueueDefinition[];
  /** The handlers this instance runs, by queue name; none (WORKERS=off): it only makes sure the tables and queues exist. */
  workers?: Readonly<Record<string, JobHandler>>;
  /** Told when a handler throws on a job's last try (administrators are notified); its own failure is logged, never thrown. */
  onFailedForGood?: (job: { id: string; queue: string; error: string }) => Promise<void>;
  tuning?: Partial<Tuning>;
}

export interface JobEngine {
  /** Whether this instance runs workers and schedules. */
  working: boolean;
  /** The instance's worker id (a job's output names it while it runs). */
  instance: string;
  /** Stops taking jobs, lets running ones finish for up to `graceMs` (then they are failed, to be retried), closes its connections. */
  stop(graceMs?: number): Promise<void>;
}

/** A two-part advisory lock key: this namespace ("SSJB") and the worker's hashed id. */
const workerLockSpace = 0x53534a42;

/**
 * pg-boss 10 fetches a queue's next jobs in order of priority, creation and
 * id, an order none of its indexes gives: each fetch sorted the queue's whole
 * backlog — 70–77 ms for 50,000 waiting jobs, spilling to disk, whatever the
 * batch. With this index a fetch reads its batch and no more (0.4 ms for 100
 * of 50,000). Created on the partitioned job table, it is made for every
 * queue's partition, present and future; if a pg-boss migration ever rebuilds
 * the table, the next start makes it again. Instances starting together take
 * turns (the lock), so only one creates it.
 */
const fetchOrderIndex = `
  SELECT pg_advisory_xact_lock(${workerLockSpace}, hashtext('fetch order index'));
  CREATE INDEX IF NOT EXISTS ss_job_fetch_order ON ${schema}.job (name, priority DESC, created_on, id) WHERE state < 'active'`;

/**
 * Starts pg-boss: creates or migrates its schema, creates or updates the
 * queues, and — with workers — registers their schedules and starts polling.
 */
export async function startJobEngine(options: JobEngineOptions): Promise<JobEngine> {
  const tuning = { ...defaultTuning, ...options.tuning };
  const working = Boolean(options.workers && Object.keys(options.workers).length);
  const instance = randomUUID();
  const { database } = options;
  let stopping = false;

  let pool: pg.Pool | undefined;
  let executor: SqlExecutor;
  if (database.kind === "pglite") {
    if (!database.pglite) throw new Error("app/jobs: the PGlite handle lacks its instance");
    executor = pgliteExecutor(database.pglite);
  } else {
    if (!options.directUrl) throw new Error("app/jobs: PostgreSQL needs a connection string for the job engine");
    pool = new pg.Pool({ connectionString: options.directUrl, max: 4, connectionTimeoutMillis: 5_000, application_name: "service-stars jobs" });
    // As in db/client.ts: a connection PostgreSQL ends must not end the process.
    pool.on("error", () => {});
    pool.on("connect", (client) => client.on("error", () => {}));
    executor = retryingExecutor(pool, () => stopping);
  }

  const boss = new PgBoss({
    schema,
    db: executor as PgBoss.Db,
    supervise: working,
    schedule: working,
    migrate: true,
    maintenanceIntervalSeconds: tuning.maintenanceSeconds,
    cronMonitorIntervalSeconds: tuning.cronCheckSeconds,
    cronWorkerIntervalSeconds: tuning.cronWorkerSeconds,
    // A day's completions stay in the job table, where /admin/jobs counts them;
    // failed jobs stay a week to be retried; archived ones are deleted after a week.
    archiveCompletedAfterSeconds: 2 * 86_400,
    archiveFailedAfterSeconds: 7 * 86_400,
    deleteAfterDays: 7,
  });
  boss.on("error", (error) => {
    if (!stopping) log("warn", "job engine", { error: messageOf(error), queue: (error as { queue?: string }).queue });
  });

  await boss.start();
  await executor.executeSql(fetchOrderIndex);
  for (const queue of options.queues) {
    const settings = {
      name: queue.name,
      policy: queue.policy,
      retryLimit: queue.retryLimit,
      retryDelay: queue.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: queue.expireInSeconds,
      ...(queue.deadLetter ? { deadLetter: queue.deadLetter } : {}),
    };
    // create_queue does nothing for a queue that exists (two instances starting together included); the update applies changed settings.
    await boss.createQueue(queue.name, settings);
    await boss.updateQueue(queue.name, settings);
  }

  const workers: WorkerContext = {
    boss,
    executor,
    instance,
    claims: Boolean(pool),
    pollingMs: tuning.pollingSeconds * 1000,
    running: new Set(),
    batches: new Map(),
    stopping: () => stopping,
    aborting: false,
    abandoned: false,
    wakers: new Set(),
    onFailedForGood: options.onFailedForGood,
  };
  const loops: Array<Promise<void>> = [];
  let reaper: NodeJS.Timeout | undefined;
  let confirm: NodeJS.Timeout | undefined;
  let holder: LockHolder | undefined;

  if (working) {
    if (database.kind === "pglite") {
      // One process holds an embedded database: a job left running is one this process's predecessor never finished.
      await failOrphans(boss, executor, "the server stopped while it ran");
    } else {
      holder = holdWorkerLock(options.directUrl!, instance, () => stopping);
      await holder.ready;
      const suspects = new Map<string, number>();
      const reap = () =>
        reapDeadWorkers(boss, pool!, executor, instance, suspects).catch((error) => {
          // A round still under way when the engine stops finds its connections closed.
          if (!stopping) log("warn", "job engine: reaping failed", { error: messageOf(error) });
        });
      await reap();
      // Once more soon after the start: a worker killed just before this one started is confirmed dead then.
      confirm = setTimeout(() => void reap(), confirmDeadMs + 500);
      confirm.unref();
      reaper = setInterval(() => void reap(), tuning.reapSeconds * 1000);
      reaper.unref();
    }

    for (const [name, handler] of Object.entries(options.workers!)) {
      const queue = options.queues.find((q) => q.name === name);
      if (!queue) throw new Error(`app/jobs: a handler for ${name}, which is no queue`);
      loops.push(workQueue(workers, queue, handler));
    }

    const scheduled = options.queues.filter((q) => q.cron);
    for (const queue of scheduled) await boss.schedule(queue.name, queue.cron!, {}, { tz: "UTC" });
    // pg-boss checks schedules every cronCheckSeconds across all instances: an instance starting right after another
    // would wait for the next check. As the timers did, a starting worker does the minute's work now (null: one is waiting).
    for (const queue of options.queues) {
      if (queue.atStart && options.workers![queue.name]) await boss.send(queue.name, {});
    }
    for (const s of await boss.getSchedules()) {
      if (!scheduled.some((q) => q.name === s.name)) await boss.unschedule(s.name);
    }
  }

  return {
    working,
    instance,
    async stop(graceMs = 3_000) {
      if (stopping) return;
      // From here a statement that loses its connection fails instead of waiting for the database.
      stopping = true;
      if (reaper) clearInterval(reaper);
      if (confirm) clearTimeout(confirm);
      for (const wake of workers.wakers) wake();
      const abortLater = setTimeout(
        () => {
          workers.aborting = true;
          for (const c of workers.running) c.abort(new Error("the server is stopping"));
        },
        Math.max(0, graceMs - 500),
      );
      let graceOver: NodeJS.Timeout | undefined;
      try {
        // Running jobs get up to the grace period; those still running then are failed, to be retried elsewhere or after the restart.
        await Promise.race([Promise.all(loops), new Promise((resolve) => (graceOver = setTimeout(resolve, Math.max(1_000, graceMs))))]);
        workers.abandoned = true;
        // A batch still under way: its jobs that succeeded are completed; those running or not started yet are failed.
        for (const queue of [...workers.batches.keys()]) {
          await settleBatch(workers, queue).catch((error) =>
            log("warn", "job engine: a batch could not be settled at the stop", { queue, error: messageOf(error) }),
          );
        }
        await boss.stop({ graceful: true, timeout: 1_000, wait: true, close: false });
      } finally {
        clearTimeout(abortLater);
        clearTimeout(graceOver);
        await holder?.release();
        await pool?.end();
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What the queues' worker loops of one engine share. */
interface WorkerContext {
  boss: PgBoss;
  executor: SqlExecutor;
  instance: string;
  /** PostgreSQL: a running job's output names its worker (see fetchJobs). */
  claims: boolean;
  pollingMs: number;
  /** The tries under way, by their abort controller (the stop aborts them). */
  running: Set<AbortController>;
  /** Per queue, its batch under way: jobs not finished (running or not started yet), and those that succeeded, to be completed together. */
  batches: Map<string, { unfinished: Set<string>; succeeded: string[] }>;
  stopping: () => boolean;
  /** Near the end of the stop's grace: running tries are told to stop, and no batch starts another job. */
  aborting: boolean;
  /** Past the stop's grace: what a try still running returns is no longer written (the stop settled its batch). */
  abandoned: boolean;
  /** Ends a loop's wait for the next poll (the stop). */
  wakers: Set<() => void>;
  onFailedForGood?: JobEngineOptions["onFailedForGood"];
}

/** A job as fetchJobs returns it. */
type FetchedJob = { id: string; data: unknown; retryCount: number; expireInSeconds: number | string };

/**
 * One queue's worker on this instance: fetch up to batchSize jobs, run each,
 * complete or fail each on its own (pg-boss's own work() completes or fails a
 * whole batch as one), then fetch again — at once after a full batch, else
 * after the polling interval. Runs until the engine stops.
 */
async function workQueue(ctx: WorkerContext, queue: QueueDefinition, handler: JobHandler): Promise<void> {
  const batchSize = queue.batchSize ?? 1;
  while (!ctx.stopping()) {
    let fetched = 0;
    try {
      const jobs = await fetchJobs(ctx, queue.name, batchSize);
      fetched = jobs.length;
      if (jobs.length) await workBatch(ctx, queue, handler, jobs);
    } catch (error) {
      fetched = 0;
      if (!ctx.stopping()) log("warn", "job engine: a worker's round failed", { queue: queue.name, error: messageOf(error) });
    }
    if (fetched < batchSize && !ctx.stopping()) await pause(ctx, ctx.pollingMs);
    // After a full batch, the next at once — but on the event loop's next turn: PGlite answers without leaving the
    // current one, so a worker with a long backlog there would keep every request and timer of the process waiting until it ran dry.
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

function pause(ctx: WorkerContext, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      ctx.wakers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    ctx.wakers.add(wake);
  });
}

async function workBatch(ctx: WorkerContext, queue: QueueDefinition, handler: JobHandler, jobs: FetchedJob[]) {
  // The batch's clock, as pg-boss's expiry sees it: from the fetch that made the jobs active.
  const fetchedAt = Date.now();
  // Jobs that succeeded without an output are completed together at the end: one statement for the batch.
  const batch = { unfinished: new Set(jobs.map((j) => j.id)), succeeded: [] as string[] };
  ctx.batches.set(queue.name, batch);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length && !ctx.aborting) {
      const job = jobs[next++];
      const outcome = await tryJob(ctx, queue, handler, job, fetchedAt);
      if (ctx.abandoned) return;
      batch.unfinished.delete(job.id);
      if (!outcome.ok) {
        // Its message only: pg-boss would keep the whole error — its stack, and a database error's detail, which names the values it met.
        await ctx.boss.fail(queue.name, job.id, { message: messageOf(outcome.error) });
        if (job.retryCount >= queue.retryLimit) await toldFailedForGood(ctx, queue.name, job.id, outcome.error);
      } else if (outcome.output === undefined || outcome.output === null) batch.succeeded.push(job.id);
      else await ctx.boss.complete(queue.name, job.id, outcome.output as object);
    }
  };
  await Promise.all(Array.from({ length: Math.min(queue.concurrency ?? 1, jobs.length) }, lane));
  if (!ctx.abandoned) await settleBatch(ctx, queue.name);
}

/** A job whose last try failed: the engine's owner is told (administrators are notified); a failure to tell is logged, never thrown. */
async function toldFailedForGood(ctx: WorkerContext, queue: string, id: string, error: unknown): Promise<void> {
  if (!ctx.onFailedForGood) return;
  await ctx.onFailedForGood({ id, queue, error: messageOf(error) }).catch((e: unknown) => {
    log("error", "job failed for good: could not tell the administrators", { queue, job: id, error: messageOf(e) });
  });
}

/**
 * The end of a queue's batch: the jobs that succeeded are completed in one
 * statement; any not finished (the engine is stopping) are failed, to be tried
 * again elsewhere or after the restart.
 */
async function settleBatch(ctx: WorkerContext, queue: string) {
  const batch = ctx.batches.get(queue);
  ctx.batches.delete(queue);
  if (!batch) return;
  if (batch.succeeded.length) await ctx.boss.complete(queue, batch.succeeded);
  if (batch.unfinished.size) {
    await failWith(ctx.boss, queue, [...batch.unfinished], "the server stopped while it ran");
  }
}

/** One try of one job: its handler, told to stop (its signal) and given up on when the try runs out of time. */
async function tryJob(
  ctx: WorkerContext,
  queue: QueueDefinition,
  handler: JobHandler,
  job: FetchedJob,
  fetchedAt: number,
): Promise<{ ok: true; output: unknown } | { ok: false; error: unknown }> {
  const seconds = Number(job.expireInSeconds);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        const error = new Error(`the try ran out of time (${seconds} s)`);
        controller.abort(error);
        reject(error);
      },
      Math.max(0, fetchedAt + seconds * 1000 - Date.now()),
    );
  });
  ctx.running.add(controller);
  try {
    const output = await Promise.race([
      handler({ id: job.id, queue: queue.name, data: job.data, retryCount: job.retryCount, signal: controller.signal }),
      outOfTime,
    ]);
    return { ok: true, output };
  } catch (error) {
    log("warn", "job failed", { queue: queue.name, job: job.id, try: job.retryCount + 1, error: messageOf(error) });
    return { ok: false, error };
  } finally {
    clearTimeout(timer);
    ctx.running.delete(controller);
  }
}

/**
 * pg-boss on PostgreSQL over our own pool: a statement that loses its
 * connection (the server restarting, failing over, stopped for a while) waits
 * and tries again until the database is back, so no job's completion is lost
 * and nothing pg-boss fires without awaiting rejects meanwhile. Every
 * statement pg-boss sends is safe to repeat: a script is one transaction, and
 * the others are guarded by the job's state.
 */
function retryingExecutor(pool: pg.Pool, stopping: () => boolean): SqlExecutor {
  let awaySince = 0;
  return {
    async executeSql(text, values) {
      for (let attempt = 0; ; attempt++) {
        try {
          const result = await pool.query(text, values as unknown[] | undefined);
          if (awaySince) {
            log("info", "job engine: database back", { seconds: Math.round((Date.now() - awaySince) / 1000) });
            awaySince = 0;
          }
          return { rows: result.rows };
        } catch (error) {
          if (!isConnectionError(error) || stopping()) throw error;
          if (!awaySince) {
            awaySince = Date.now();
            log("warn", "job engine: database unreachable, waiting for it", { error: messageOf(error) });
          }
          await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * 2 ** attempt)));
        }
      }
    },
  };
}

/**
 * Up to `batchSize` of a queue's jobs that are due, made active: pg-boss 10's
 * own fetch statement (its fetchNextJob: priority, then age; one job per
 * singleton key on singleton and stately queues), which also writes the
 * worker into each job's output on PostgreSQL, so a worker that dies can be
 * told from one still working — in the same statement, so no job is ever
 * active without its worker's name (a separate claim cost a round trip per
 * batch and left that gap). A pg-boss upgrade checks this statement.
 */
async function fetchJobs(ctx: WorkerContext, queue: string, batchSize: number): Promise<FetchedJob[]> {
  try {
    const { rows } = await ctx.executor.executeSql(fetchStatement, [queue, batchSize, ctx.claims ? JSON.stringify({ worker: ctx.instance }) : null]);
    return rows as FetchedJob[];
  } catch (error) {
    // A stately or singleton queue's job already running: its next one may not start yet (pg-boss's unique index says so). Nothing to do now.
    if ((error as { code?: unknown }).code === "23505") return [];
    throw error;
  }
}

const fetchStatement = `
  WITH next AS (
    SELECT id, singleton_key, policy
    FROM ${schema}.job
    WHERE name = $1 AND state < 'active' AND start_after < now()
    ORDER BY priority DESC, created_on, id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ), grouped AS (
    SELECT n.id, n.policy,
      row_number() OVER (
        PARTITION BY CASE WHEN $2 > 1 AND n.policy IN ('singleton', 'stately') THEN n.singleton_key ELSE n.id::text END
      ) AS row_number
    FROM next n
  )
  UPDATE ${schema}.job j SET
    state = 'active',
    started_on = now(),
    retry_count = CASE WHEN started_on IS NOT NULL THEN retry_count + 1 ELSE retry_count END,
    output = COALESCE($3::jsonb, j.output)
  FROM grouped
  WHERE j.name = $1 AND j.id = grouped.id
    AND (grouped.policy NOT IN ('singleton', 'stately') OR grouped.policy IS NULL OR grouped.row_number = 1)
  RETURNING j.id, j.data, j.retry_count AS "retryCount", EXTRACT(epoch FROM j.expire_in) AS "expireInSeconds"`;

/** Jobs left running by a process that is gone are failed now, to be retried (or failed for good) at once rather than when they expire. */
async function failOrphans(boss: PgBoss, executor: SqlExecutor, message: string, worker?: string) {
  const { rows } = (await executor.executeSql(
    `select name, array_agg(id) as ids from ${schema}.job where state = 'active'${worker ? ` and output->>'worker' = $1` : ""} group by name`,
    worker ? [worker] : undefined,
  )) as { rows: Array<{ name: string; ids: string[] }> };
  for (const { name, ids } of rows) {
    log("warn", "job engine: jobs left running by a stopped worker are failed, to be retried", { queue: name, jobs: ids.length });
    await failWith(boss, name, ids, message);
  }
}

/** Jobs failed with a message of ours (pg-boss's fail(name, ids, data): the data becomes their output, as a handler's error would). */
async function failWith(boss: PgBoss, queue: string, ids: string[], message: string) {
  await (boss.fail as (name: string, ids: string[], data: object) => Promise<unknown>)(queue, ids, { message });
}

interface LockHolder {
  ready: Promise<void>;
  release(): Promise<void>;
}

/**
 * The worker's life, told to the other instances: a session advisory lock on
 * a connection of its own (which is why the engine connects directly, not
 * through a transaction pooler). If the process dies, PostgreSQL ends its
 * session and the lock is free: its running jobs can be reclaimed.
 */
function holdWorkerLock(connectionString: string, instance: string, stopping: () => boolean): LockHolder {
  let client: pg.Client | undefined;
  let released = false;
  const connect = async (): Promise<void> => {
    while (!released) {
      const c = new pg.Client({ connectionString, application_name: "service-stars worker" });
      c.on("error", () => {});
      try {
        await c.connect();
        await c.query("select pg_advisory_lock($1::int, hashtext($2))", [workerLockSpace, instance]);
        client = c;
        c.once("end", () => {
          client = undefined;
          if (!released && !stopping()) void connect();
        });
        return;
      } catch {
        await c.end().catch(() => {});
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  };
  return {
    ready: connect(),
    async release() {
      released = true;
      await client?.end().catch(() => {});
    },
  };
}

/**
 * A worker whose lock has been free this long is dead. Not at first sight:
 * after a database outage every worker's lock is gone until its connection is
 * back (a second or two), and a worker still running must not be reaped.
 */
const confirmDeadMs = 5_000;

/**
 * Workers other than this one that have running jobs but whose lock has been
 * free for a while have died: their jobs are failed, to be retried. `suspects`
 * remembers, between rounds, since when each lock was seen free.
 */
async function reapDeadWorkers(boss: PgBoss, pool: pg.Pool, executor: SqlExecutor, instance: string, suspects: Map<string, number>) {
  const { rows } = (await executor.executeSql(
    `select distinct output->>'worker' as worker from ${schema}.job where state = 'active' and output ? 'worker' and output->>'worker' <> $1`,
    [instance],
  )) as { rows: Array<{ worker: string }> };
  const running = new Set(rows.map((r) => r.worker));
  for (const worker of suspects.keys()) if (!running.has(worker)) suspects.delete(worker);
  if (!rows.length) return;
  const client = await pool.connect();
  try {
    for (const { worker } of rows) {
      const { rows: lock } = await client.query<{ free: boolean }>("select pg_try_advisory_lock($1::int, hashtext($2)) as free", [
        workerLockSpace,
        worker,
      ]);
      if (!lock[0].free) {
        suspects.delete(worker);
        continue;
      }
      await client.query("select pg_advisory_unlock($1::int, hashtext($2))", [workerLockSpace, worker]);
      const since = suspects.get(worker);
      if (since === undefined) suspects.set(worker, Date.now());
      else if (Date.now() - since >= confirmDeadMs) {
        suspects.delete(worker);
        await failOrphans(boss, executor, "its worker stopped while it ran", worker);
      }
    }
  } finally {
    client.release();
  }
}
