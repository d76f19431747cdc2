import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import { getImport, startImport } from "../../app/domain/import/import.server";
import { cancelUnfinishedJob, jobsPage, retryFailedJob } from "../../app/domain/jobs/jobs.server";
import { sendJob } from "../../app/jobs/engine.server";
import { importFile, queues } from "../../app/jobs/queues";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { jobsOf, testQueue, until, useEngines } from "../support/jobs";

// /admin/jobs as use-cases (decision 0037): administrators see each queue's
// counts, the failed jobs with their error, when and how many tries, and the
// unfinished ones; they retry and cancel, audited. Anyone else is refused and
// changes nothing.

let t: TestDb;
let admin: User;
let staff: User;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "JB");
  admin = await givenPerson(t.db, { unit: "JB", roles: ["admin"], password: null });
  staff = await givenPerson(t.db, { unit: "JB", password: null });
});
afterAll(() => t.close());

const engines = useEngines();
const failing = testQueue("admin-failing", { retryLimit: 0 });

const entries = (action: string) =>
  t.db.selectFrom("audit_log").select(["actor_id", "subject_type", "subject_id", "after"]).where("action", "=", action).execute();

/** A job of the failing queue that has failed for good. */
async function givenFailedJob(): Promise<string> {
  const id = await sendJob(t.db, failing, { n: 1 });
  await until(async () => (await jobsOf(t.db, failing.name)).find((j) => j.id === id)?.state === "failed", 30, "the job to fail");
  return id;
}

describe("the page", () => {
  test("shows each queue's counts and a failed job with its error, when and tries; staff are refused", async () => {
    await engines.start(t, {
      queues: [...queues, failing],
      workers: {
        [failing.name]: async () => {
          throw new Error("the printer is on fire");
        },
      },
    });
    const id = await givenFailedJob();
    const page = await jobsPage(t.db, admin);
    if (!page.ok) throw new Error(page.error);
    expect(page.value.queues.map((q) => q.queue)).toEqual(expect.arrayContaining(queues.map((q) => q.name)));
    expect(page.value.queues.find((q) => q.queue === failing.name)).toEqual({ queue: failing.name, waiting: 0, running: 0, failed: 1, done: 0 });
    expect(page.value.failed.find((j) => j.id === id)).toMatchObject({
      queue: failing.name,
      error: "the printer is on fire",
      tries: 1,
      importId: null,
    });
    expect(await jobsPage(t.db, staff)).toMatchObject({ ok: false, status: 403 });
  });
});

describe("retry", () => {
  test("a failed job is tried again, audited; a second click is refused and writes nothing", async () => {
    let runs = 0;
    const worker = {
      [failing.name]: async () => {
        runs++;
        throw new Error("still on fire");
      },
    };
    const first = await engines.start(t, { queues: [failing], workers: worker });
    const id = await givenFailedJob();
    // No worker while the administrator clicks, so nothing takes the job meanwhile.
    await first.stop();
    expect(await retryFailedJob(t.db, staff, failing.name, id)).toMatchObject({ ok: false, status: 403 });
    expect(await entries("job.retried")).toEqual([]);

    expect(await retryFailedJob(t.db, admin, failing.name, id)).toEqual({ ok: true, value: { queue: failing.name } });
    expect(await entries("job.retried")).toEqual([
      { actor_id: admin.id, subject_type: "job", subject_id: id, after: { queue: failing.name, tries: 1, error: "still on fire" } },
    ]);
    expect((await jobsOf(t.db, failing.name)).find((j) => j.id === id)?.state).toBe("retry");
    expect(await retryFailedJob(t.db, admin, failing.name, id)).toMatchObject({ ok: false, error: "jobs.notFailed", status: 409 });
    expect(await entries("job.retried")).toHaveLength(1);

    const before = runs;
    await engines.start(t, { queues: [failing], workers: worker });
    await until(async () => runs > before && (await jobsOf(t.db, failing.name)).find((j) => j.id === id)?.state === "failed", 30, "the retry to run");
    expect(await retryFailedJob(t.db, admin, failing.name, "00000000-0000-4000-8000-000000000000")).toMatchObject({
      ok: false,
      error: "jobs.notFound",
      status: 404,
    });
  });
});

describe("cancel", () => {
  test("a waiting job is cancelled, audited, and never runs; a second click is refused", async () => {
    const q = testQueue("admin-waiting");
    // No worker for it (as with WORKERS=off everywhere): it waits.
    await engines.start(t, { queues: [q] });
    const id = await sendJob(t.db, q, {});
    const page = await jobsPage(t.db, admin);
    expect(page.ok && page.value.unfinished.find((j) => j.id === id)).toMatchObject({ state: "waiting", tries: 0 });
    expect(await cancelUnfinishedJob(t.db, staff, q.name, id)).toMatchObject({ ok: false, status: 403 });
    expect((await jobsOf(t.db, q.name))[0].state).toBe("created");

    expect(await cancelUnfinishedJob(t.db, admin, q.name, id)).toEqual({ ok: true, value: { queue: q.name } });
    expect((await jobsOf(t.db, q.name))[0].state).toBe("cancelled");
    expect(await entries("job.cancelled")).toEqual([
      { actor_id: admin.id, subject_type: "job", subject_id: id, after: { queue: q.name, state: "waiting" } },
    ]);
    expect(await cancelUnfinishedJob(t.db, admin, q.name, id)).toMatchObject({ ok: false, error: "jobs.finished", status: 409 });
    expect(await entries("job.cancelled")).toHaveLength(1);
  });

  test("cancelling an import's job fails the import as cancelled, and it is linked from the list", async () => {
    await engines.start(t, { queues });
    const started = await startImport(t.db, admin, {
      kind: "org",
      mode: "merge",
      fileName: "org.csv",
      content: new TextEncoder().encode("编码,名称,上级编码\nJB.X,新部门,JB\n"),
    });
    if (!started.ok) throw new Error(started.error);
    const page = await jobsPage(t.db, admin);
    const job = page.ok ? page.value.unfinished.find((j) => j.importId === started.value.id) : undefined;
    expect(job).toMatchObject({ queue: importFile.name, state: "waiting" });
    expect(await cancelUnfinishedJob(t.db, admin, importFile.name, job!.id)).toMatchObject({ ok: true });
    const imported = await getImport(t.db, admin, started.value.id);
    expect(imported).toMatchObject({ ok: true, value: { status: "failed", errors: [{ line: null, code: "import.error.cancelled" }] } });
    expect(await t.db.selectFrom("org_units").select("code").where("code", "=", "JB.X").execute()).toEqual([]);
  });
});
