import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from "vitest";
import { failedJobs, jobEngineReady, queueCounts, retryJob, sendJob, sendJobs, startJobEngine } from "../../app/jobs/engine.server";
import { pgliteExecutor } from "../../app/jobs/pglite.server";
import { createTestDb, type TestDb } from "../support/db";
import { jobsOf, testQueue, until, useEngines } from "../support/jobs";

// The job engine (decision 0037): pg-boss 10.4 on the app's own database —
// PostgreSQL, or the embedded PGlite through a small adapter. Its schema,
// migrations, schedules and maintenance work on both; a handler that throws
// is retried with backoff and then shows as failed.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const engines = useEngines();

const version = async () => Number((await sql<{ version: number }>`select version from pgboss.version`.execute(t.db)).rows[0].version);

describe("the engine's own schema", () => {
  test("is created on a fresh database, and a second start (another instance) changes nothing", async () => {
    const q = testQueue("schema-check");
    expect(await jobEngineReady(t.db, [q])).toBe(false);
    await engines.start(t, { queues: [q] });
    expect(await jobEngineReady(t.db, [q])).toBe(true);
    expect(await jobEngineReady(t.db, [q, testQueue("not-created")])).toBe(false);
    expect(await version()).toBe(24);
    await Promise.all([engines.start(t, { queues: [q] }), engines.start(t, { queues: [q] })]);
    const queues = await sql<{ name: string }>`select name from pgboss.queue where name = ${q.name}`.execute(t.db);
    expect(queues.rows).toHaveLength(1);
  });

  test("is migrated from the version before by pg-boss's own migration", async () => {
    await engines.start(t, { queues: [] });
    // What pg-boss 10.1.4 left: its schema at version 23 (the types say string; pg-boss compares a number).
    const rollback = PgBoss.getRollbackPlans("pgboss", 24 as unknown as string);
    if (t.handle.pglite) await pgliteExecutor(t.handle.pglite).executeSql(rollback);
    else await sql.raw(rollback).execute(t.db);
    expect(await version()).toBe(23);
    await engines.start(t, { queues: [testQueue("after-migration")] });
    expect(await version()).toBe(24);
  });
});

describe("the PGlite adapter", () => {
  test("a failed script is rolled back: the one session is not left in an aborted transaction", async () => {
    // The test's own database when it is PGlite; on a PostgreSQL run, one made for this test.
    const pglite = t.handle.pglite ?? (await PGlite.create());
    try {
      const executor = pgliteExecutor(pglite);
      await executor.executeSql("create table adapter_check (n int)");
      await expect(executor.executeSql("BEGIN; insert into adapter_check values (1); select 1/0; COMMIT;")).rejects.toThrow(/division by zero/);
      // The next statement, on the same session, works and sees nothing of the failed script.
      expect((await executor.executeSql("select count(*)::int as n from adapter_check")).rows).toEqual([{ n: 0 }]);
      expect((await pglite.query("select count(*)::int as n from adapter_check")).rows).toEqual([{ n: 0 }]);
      // With parameters: one statement through query; undefined is sent as null, as pg does.
      expect((await executor.executeSql("select $1::int as a, $2::text as b", [7, undefined])).rows).toEqual([{ a: 7, b: null }]);
    } finally {
      if (pglite !== t.handle.pglite) await pglite.close();
    }
  });
});

describe("sending", () => {
  test("a job sent in a transaction exists only if the transaction commits", async () => {
    const q = testQueue("sent-in-transaction");
    await engines.start(t, { queues: [q] });
    await t.db
      .transaction()
      .execute(async (trx) => {
        await sendJob(trx, q, { n: 1 });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(await jobsOf(t.db, q.name)).toEqual([]);
    await t.db.transaction().execute((trx) => sendJob(trx, q, { n: 2 }));
    expect((await jobsOf(t.db, q.name)).map((j) => j.data)).toEqual([{ n: 2 }]);
  });
});

describe("working", () => {
  test("a job is worked once, with its data, and counted as done", async () => {
    const q = testQueue("worked-once");
    const seen: unknown[] = [];
    await engines.start(t, { queues: [q], workers: { [q.name]: async (job) => void seen.push(job.data) } });
    await sendJob(t.db, q, { hello: "世界" });
    await until(async () => (await jobsOf(t.db, q.name))[0]?.state === "completed", 30, "the job to complete");
    expect(seen).toEqual([{ hello: "世界" }]);
    expect((await queueCounts(t.db)).find((c) => c.queue === q.name)).toEqual({ queue: q.name, waiting: 0, running: 0, failed: 0, done: 1 });
  });

  test("a handler that throws is retried with backoff, then shows as failed with its error and tries", async () => {
    const q = testQueue("always-throws", { retryLimit: 2, retryDelaySeconds: 1 });
    const tries: number[] = [];
    const toldFailed: unknown[] = [];
    await engines.start(t, {
      queues: [q],
      onFailedForGood: async (job) => void toldFailed.push(job),
      workers: {
        [q.name]: async (job) => {
          tries.push(Date.now());
          throw new Error(`try ${job.retryCount + 1} failed`);
        },
      },
    });
    const id = await sendJob(t.db, q, {});
    await until(async () => (await jobsOf(t.db, q.name))[0]?.state === "failed", 60, "the job to fail for good");
    expect(tries).toHaveLength(3);
    // Backoff: about 1–2 s before the first retry, 2–4 s before the second (plus polling).
    expect(tries[1] - tries[0]).toBeGreaterThanOrEqual(900);
    expect(tries[2] - tries[1]).toBeGreaterThanOrEqual(1_900);
    const failed = (await failedJobs(t.db)).find((j) => j.id === id);
    expect(failed).toMatchObject({ queue: q.name, state: "failed", error: "try 3 failed", tries: 3 });
    expect(failed!.at).toBeInstanceOf(Date);
    expect((await queueCounts(t.db)).find((c) => c.queue === q.name)).toMatchObject({ waiting: 0, running: 0, failed: 1, done: 0 });
    // Administrators are told once, after the last try (the server announces it: notifications' job-failed).
    expect(toldFailed).toEqual([{ id, queue: q.name, error: "try 3 failed" }]);

    // Tried again by hand (an administrator's Retry): once more, then failed again.
    expect(await retryJob(t.db, q.name, id)).toBe(true);
    await until(async () => tries.length === 4 && (await jobsOf(t.db, q.name))[0]?.state === "failed", 30, "the retried job to fail again");
    expect(await retryJob(t.db, q.name, "not-an-id")).toBe(false);
  });

  test("a failed try keeps only its error's message: no stack, no database detail naming the values it met", async () => {
    const q = testQueue("throws-database-error", { retryLimit: 0 });
    // A real table, not a temporary one: on PostgreSQL the worker's query may take another pooled
    // connection, which would not see a temporary table (and would fail with "does not exist").
    await sql`create table if not exists once_only (voter int primary key)`.execute(t.db);
    await sql`delete from once_only`.execute(t.db);
    await sql`insert into once_only values (4711)`.execute(t.db);
    onTestFinished(async () => void (await sql`drop table if exists once_only`.execute(t.db)));
    await engines.start(t, {
      queues: [q],
      workers: {
        // A real database error: PostgreSQL's detail says "Key (voter)=(4711) already exists".
        [q.name]: async () => void (await sql`insert into once_only values (4711)`.execute(t.db)),
      },
    });
    const id = await sendJob(t.db, q, {});
    await until(async () => (await jobsOf(t.db, q.name))[0]?.state === "failed", 60, "the job to fail");
    const { rows } = await sql<{ output: unknown }>`select output from pgboss.job where id = ${id}`.execute(t.db);
    expect(rows[0]!.output).toEqual({ message: expect.stringContaining("once_only_pkey") });
    expect(JSON.stringify(rows[0]!.output)).not.toContain("4711");
    expect((await failedJobs(t.db)).find((j) => j.id === id)?.error).toContain("once_only_pkey");
  });
});

describe("sending in batches (a fan-out)", () => {
  const fanOut = (count: number, from = 0) => Array.from({ length: count }, (_, i) => ({ data: { n: from + i }, key: `n${from + i}` }));

  test("a batch sent in a transaction that rolls back leaves no job; committed, every job is there once, with its data", async () => {
    const q = testQueue("batch-in-transaction");
    await engines.start(t, { queues: [q] });
    // More jobs than one statement sends: every chunk goes with the transaction.
    await t.db
      .transaction()
      .execute(async (trx) => {
        await sendJobs(trx, q, fanOut(2_500));
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    expect(await jobsOf(t.db, q.name)).toEqual([]);

    const ids = await t.db.transaction().execute((trx) => sendJobs(trx, q, fanOut(2_500)));
    const jobs = await jobsOf(t.db, q.name);
    expect(jobs).toHaveLength(2_500);
    expect(new Set(ids).size).toBe(2_500);
    expect(new Set(jobs.map((j) => j.id))).toEqual(new Set(ids));
    expect(jobs.map((j) => (j.data as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 2_500 }, (_, n) => n));
    expect(jobs.every((j) => j.state === "created")).toBe(true);
  });

  test("sent again with the same keys, a batch adds only the jobs it did not have", async () => {
    const q = testQueue("batch-keys");
    await engines.start(t, { queues: [q] });
    const first = await sendJobs(t.db, q, fanOut(10));
    // The same batch again (a retried fan-out), half of it with five more.
    const again = await sendJobs(t.db, q, fanOut(10, 5));
    expect(again.slice(0, 5)).toEqual(first.slice(5));
    const jobs = await jobsOf(t.db, q.name);
    expect(jobs).toHaveLength(15);
    expect(jobs.map((j) => (j.data as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, n) => n));
    // Without a key every job is new.
    await sendJobs(t.db, q, [{ data: { n: 0 } }, { data: { n: 0 } }]);
    expect(await jobsOf(t.db, q.name)).toHaveLength(17);
  });

  test("a fan-out's backlog is fetched through the fetch-order index, not sorted whole for every batch", async () => {
    const q = testQueue("batch-fetch-plan");
    await engines.start(t, { queues: [q] });
    await t.db.transaction().execute((trx) => sendJobs(trx, q, fanOut(2_500)));
    // The query by which pg-boss 10 picks a queue's next jobs (its fetchNextJob).
    const { rows } = await sql<{ "QUERY PLAN": string }>`
      explain select id from pgboss.job
      where name = ${q.name} and state < 'active' and start_after < now()
      order by priority desc, created_on, id
      limit 100 for update skip locked`.execute(t.db);
    const plan = rows.map((r) => r["QUERY PLAN"]).join("\n");
    expect(plan).toMatch(/Index Scan using \S*name_priority_created_on_id/);
    expect(plan).not.toMatch(/Sort/);
  });

  test("a queue the engine did not create is refused, not dropped without a word", async () => {
    await engines.start(t, { queues: [] });
    await expect(sendJobs(t.db, testQueue("no-such-queue"), fanOut(3))).rejects.toThrow(/does not exist/);
  });
});

describe("working in batches", () => {
  test("two instances work a fan-out in batches, every job exactly once", async () => {
    const q = testQueue("batch-worked", { batchSize: 50, concurrency: 4 });
    const runs = new Map<number, number>();
    const handler = async (job: { data: unknown }) => {
      const n = (job.data as { n: number }).n;
      runs.set(n, (runs.get(n) ?? 0) + 1);
    };
    await engines.start(t, { queues: [q], workers: { [q.name]: handler } });
    await engines.start(t, { queues: [q], workers: { [q.name]: handler } });
    await sendJobs(
      t.db,
      q,
      Array.from({ length: 1_000 }, (_, n) => ({ data: { n } })),
    );
    const jobs = await until(
      async () => {
        const all = await jobsOf(t.db, q.name);
        return all.every((j) => j.state === "completed") ? all : null;
      },
      60,
      "every job to complete",
    );
    expect(jobs).toHaveLength(1_000);
    expect([...runs.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, n) => n));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(jobs.every((j) => j.retry_count === 0)).toBe(true);
    // Fetched many at a time: the jobs of one fetch share its start.
    expect(new Set(jobs.map((j) => j.started_on!.getTime())).size).toBeLessThanOrEqual(1_000 / 10);
  });

  test("a job that fails in a batch is retried alone; the others complete once", async () => {
    const q = testQueue("batch-one-fails", { batchSize: 10, retryLimit: 2, retryDelaySeconds: 1 });
    const runs = new Map<number, number>();
    await engines.start(t, {
      queues: [q],
      workers: {
        [q.name]: async (job) => {
          const n = (job.data as { n: number }).n;
          runs.set(n, (runs.get(n) ?? 0) + 1);
          // n = 3 fails on its first try only; n = 7 on every try.
          if (n === 7 || (n === 3 && job.retryCount === 0)) throw new Error(`n ${n} refused`);
        },
      },
    });
    await sendJobs(
      t.db,
      q,
      Array.from({ length: 10 }, (_, n) => ({ data: { n } })),
    );
    const jobs = await until(
      async () => {
        const all = await jobsOf(t.db, q.name);
        return all.every((j) => j.state === "completed" || j.state === "failed") ? all : null;
      },
      60,
      "every job to finish",
    );
    const byN = new Map(jobs.map((j) => [(j.data as { n: number }).n, j]));
    expect(runs.get(3)).toBe(2);
    expect(runs.get(7)).toBe(3);
    for (const n of [0, 1, 2, 4, 5, 6, 8, 9]) {
      expect(runs.get(n)).toBe(1);
      expect(byN.get(n)).toMatchObject({ state: "completed", retry_count: 0 });
    }
    expect(byN.get(3)).toMatchObject({ state: "completed", retry_count: 1 });
    const failed = (await failedJobs(t.db)).filter((j) => j.queue === q.name);
    expect(failed).toEqual([expect.objectContaining({ id: byN.get(7)!.id, error: "n 7 refused", tries: 3 })]);
  });

  test("a worker with a long backlog lets the rest of the process run between batches (PGlite answers within the event loop's turn)", async () => {
    const q = testQueue("batch-yields", { batchSize: 10 });
    let worked = 0;
    await engines.start(t, { queues: [q], workers: { [q.name]: async () => void worked++ } });
    await sendJobs(
      t.db,
      q,
      Array.from({ length: 5_000 }, (_, n) => ({ data: { n } })),
    );
    await until(async () => worked > 0, 30, "the first job");
    // A timer set now fires between two batches, not once the backlog is gone.
    const workedWhenTheTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(worked), 0));
    expect(workedWhenTheTimerFired).toBeLessThan(5_000);
  });

  test("at a stop, a batch's jobs done are completed and those still running or not started are failed, to be retried", async () => {
    const q = testQueue("batch-stopped", { batchSize: 5, retryLimit: 1 });
    const started: number[] = [];
    const engine = await engines.start(t, {
      queues: [q],
      workers: {
        [q.name]: async (job) => {
          const n = (job.data as { n: number }).n;
          started.push(n);
          // n = 1 never ends (and ignores its signal): the batch is still under way when the stop's grace is over.
          if (n === 1) await new Promise(() => {});
        },
      },
    });
    await sendJobs(
      t.db,
      q,
      Array.from({ length: 5 }, (_, n) => ({ data: { n } })),
    );
    await until(async () => started.includes(1), 30, "the batch to reach the job that never ends");
    await engine.stop(1_000);
    // One job at a time, in no particular order: those before n = 1 are done, those after it never started.
    const done = started.slice(0, started.indexOf(1));
    expect(started).toHaveLength(done.length + 1);
    const jobs = await jobsOf(t.db, q.name);
    expect(jobs).toHaveLength(5);
    for (const j of jobs) {
      if (done.includes((j.data as { n: number }).n)) expect(j.state).toBe("completed");
      else expect(j).toMatchObject({ state: "retry", output: { message: "the server stopped while it ran" } });
    }
  });
});

describe("schedules and maintenance", () => {
  test("a schedule sends its job (once per tick), and maintenance expires a job whose worker vanished", async () => {
    const scheduled = testQueue("every-minute", { policy: "stately", cron: "* * * * *" });
    const stale = testQueue("stale", { retryLimit: 0, expireInSeconds: 1 });
    let runs = 0;
    await engines.start(t, { queues: [scheduled, stale], workers: { [scheduled.name]: async () => void runs++ } });
    // Every minute's tick is due within the minute: the first check sends it.
    await until(async () => runs > 0, 30, "the scheduled job to run");
    // A job marked running an hour ago by a worker that is gone.
    const id = await sendJob(t.db, stale, {});
    await sql`update pgboss.job set state = 'active', started_on = now() - interval '1 hour' where id = ${id}`.execute(t.db);
    await until(async () => (await jobsOf(t.db, stale.name))[0]?.state === "failed", 30, "maintenance to expire the job");
    expect((await failedJobs(t.db)).find((j) => j.id === id)?.error).toMatch(/timeout/);
    // However many checks ran meanwhile, one job per minute's tick.
    const { rows } = await sql<{ slots: number; jobs: number }>`
      select count(distinct singleton_on)::int as slots, count(*)::int as jobs
      from pgboss.job where name = '__pgboss__send-it' and data->>'name' = ${scheduled.name}`.execute(t.db);
    expect(rows[0].jobs).toBe(rows[0].slots);
  });
});

describe("an instance that only serves pages (WORKERS=off)", () => {
  test("creates the tables and queues but works nothing", async () => {
    const q = testQueue("web-only");
    const engine = await startJobEngine({ database: t.handle, directUrl: t.databaseUrl, queues: [q] });
    try {
      expect(engine.working).toBe(false);
      await sendJob(t.db, q, {});
      await new Promise((r) => setTimeout(r, 1_500));
      expect((await jobsOf(t.db, q.name)).map((j) => j.state)).toEqual(["created"]);
    } finally {
      await engine.stop();
    }
  });
});
