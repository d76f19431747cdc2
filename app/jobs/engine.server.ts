import { randomUUID } from "node:crypto";
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

  const running = new Set<AbortController>();
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
        reapDeadWorkers(boss, pool!, executor, instance, suspects).catch((error) =>
          log("warn", "job engine: reaping failed", { error: messageOf(error) }),
        );
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
      await boss.work<unknown>(name, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: tuning.pollingSeconds }, async ([job]) => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error(`the try ran out of time (${job.expireInSeconds} s)`)), job.expireInSeconds * 1000);
        running.add(controller);
        try {
          if (pool) await claim(executor, name, job.id, instance);
          return await handler({ id: job.id, queue: name, data: job.data, retryCount: job.retryCount, signal: controller.signal });
        } catch (error) {
          log("warn", "job failed", { queue: name, job: job.id, try: job.retryCount + 1, error: messageOf(error) });
          if (job.retryCount >= queue.retryLimit && options.onFailedForGood) {
            await options.onFailedForGood({ id: job.id, queue: name, error: messageOf(error) }).catch((e: unknown) => {
              log("error", "job failed for good: could not tell the administrators", { queue: name, job: job.id, error: messageOf(e) });
            });
          }
          throw error;
        } finally {
          clearTimeout(timer);
          running.delete(controller);
        }
      });
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
      const abortLater = setTimeout(
        () => {
          for (const c of running) c.abort(new Error("the server is stopping"));
        },
        Math.max(0, graceMs - 500),
      );
      try {
        // Waits for running jobs up to the grace period; those still running are then failed, to be retried elsewhere or after the restart.
        await boss.stop({ graceful: true, timeout: Math.max(1_000, graceMs), wait: true, close: false });
      } finally {
        clearTimeout(abortLater);
        await holder?.release();
        await pool?.end();
      }
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
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

/** While a job runs on PostgreSQL its output names the worker, so a worker that dies can be told from one still working. */
async function claim(executor: SqlExecutor, queue: string, id: string, instance: string) {
  await executor.executeSql(
    `update ${schema}.job set output = jsonb_build_object('worker', $3::text) where name = $1 and id = $2 and state = 'active'`,
    [queue, id, instance],
  );
}

/** Jobs left running by a process that is gone are failed now, to be retried (or failed for good) at once rather than when they expire. */
async function failOrphans(boss: PgBoss, executor: SqlExecutor, message: string, worker?: string) {
  const { rows } = (await executor.executeSql(
    `select name, array_agg(id) as ids from ${schema}.job where state = 'active'${worker ? ` and output->>'worker' = $1` : ""} group by name`,
    worker ? [worker] : undefined,
  )) as { rows: Array<{ name: string; ids: string[] }> };
  for (const { name, ids } of rows) {
    log("warn", "job engine: jobs left running by a stopped worker are failed, to be retried", { queue: name, jobs: ids.length });
    // pg-boss's fail(name, ids, data): the data becomes the job's output, as a handler's error would.
    await (boss.fail as (name: string, ids: string[], data: object) => Promise<unknown>)(name, ids, { message });
  }
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
