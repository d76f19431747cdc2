import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { audit } from "../../app/domain/audit/audit.server";
import { auditSeal, campaignPhases, queues, rateLimitPrune } from "../../app/jobs/queues";
import { createDb, type DbHandle } from "../../db/client";
import { workers } from "../../server/workers";
import { createTestDb, onRealPostgres, type TestDb } from "../support/db";
import { aJob, until, useEngines } from "../support/jobs";
import { givenNominatingCampaign } from "../support/nominations";

// The scheduled work is cron jobs (decision 0037): phase moves and the audit
// seal every minute, pruning sign-in counters hourly. A schedule runs once
// per tick however many instances there are, and each handler is idempotent:
// a job tried again changes nothing the first try did.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.close());

const engines = useEngines();

/** A campaign in nominating whose reviewing phase was due a minute ago. */
async function givenDueCampaign() {
  const w = await givenNominatingCampaign(t.db);
  await t.db
    .updateTable("campaigns")
    .set({ reviewing_at: new Date(Date.now() - 60_000) })
    .where("id", "=", w.campaignId)
    .execute();
  return w;
}

/** The campaign's moves by its schedule (the builder moved it into nominating by hand). */
async function movesOf(campaignId: number, slug: string) {
  const transitions = await t.db
    .selectFrom("campaign_transitions")
    .select(["from_status", "to_status"])
    .where("campaign_id", "=", campaignId)
    .where("actor_id", "is", null)
    .orderBy("id")
    .execute();
  const audited = await t.db
    .selectFrom("audit_log")
    .select("after")
    .where("action", "=", "campaign.moved")
    .where("subject_id", "=", slug)
    .where("actor_id", "is", null)
    .orderBy("id")
    .execute();
  return { transitions, audited: audited.map((a) => a.after) };
}

describe("each handler, tried again, changes nothing the first try did", () => {
  test("a phase move", async () => {
    const w = await givenDueCampaign();
    const run = workers(t.db)[campaignPhases.name];
    await run(aJob(campaignPhases.name));
    const once = await movesOf(w.campaignId, w.slug);
    expect(once).toEqual({
      transitions: [{ from_status: "nominating", to_status: "reviewing" }],
      audited: [{ status: "reviewing", by: "schedule" }],
    });
    await run(aJob(campaignPhases.name));
    expect(await movesOf(w.campaignId, w.slug)).toEqual(once);
  });

  test("the audit seal", async () => {
    await audit(t.db, null, { action: "test.sealed", subjectType: "test", subjectId: "1" });
    const run = workers(t.db)[auditSeal.name];
    expect(await run(aJob(auditSeal.name))).toMatchObject({ sealed: expect.any(Number) });
    const chain = await sql<{ seq: number; hash: string }>`select seq, encode(hash, 'hex') as hash from audit_log order by id`.execute(t.db);
    expect(chain.rows.every((r) => r.seq !== null)).toBe(true);
    expect(await run(aJob(auditSeal.name))).toEqual({ sealed: 0 });
    expect((await sql`select seq, encode(hash, 'hex') as hash from audit_log order by id`.execute(t.db)).rows).toEqual(chain.rows);
  });

  test("pruning sign-in counters", async () => {
    await t.db
      .insertInto("rate_limits")
      .values([
        { key: "old", window_start: new Date(Date.now() - 2 * 86_400_000), hits: 3 },
        { key: "new", window_start: new Date(), hits: 1 },
      ])
      .execute();
    const run = workers(t.db)[rateLimitPrune.name];
    await run(aJob(rateLimitPrune.name));
    const left = await t.db.selectFrom("rate_limits").select(["key", "hits"]).where("key", "in", ["old", "new"]).execute();
    expect(left).toEqual([{ key: "new", hits: 1 }]);
    await run(aJob(rateLimitPrune.name));
    expect(await t.db.selectFrom("rate_limits").select(["key", "hits"]).where("key", "in", ["old", "new"]).execute()).toEqual(left);
  });
});

describe("the schedule", () => {
  test("an instance with workers opens a due phase within seconds, by the cron job", async () => {
    const w = await givenDueCampaign();
    const work = workers(t.db);
    await engines.start(t, { queues, workers: { [campaignPhases.name]: work[campaignPhases.name] } });
    await until(
      async () =>
        (await t.db.selectFrom("campaigns").select("status").where("id", "=", w.campaignId).executeTakeFirstOrThrow()).status === "reviewing",
      60,
      "the phase to open",
    );
    expect((await movesOf(w.campaignId, w.slug)).transitions).toEqual([{ from_status: "nominating", to_status: "reviewing" }]);
  });
});

if (!onRealPostgres) process.stderr.write("\n[tests] SKIPPED: three instances racing need TEST_DATABASE_URL (PGlite is one process).\n");

describe.skipIf(!onRealPostgres)("three instances racing (PostgreSQL)", () => {
  const handles: DbHandle[] = [];
  afterAll(async () => {
    await Promise.all(handles.map((h) => h.close()));
  });

  test("a phase move happens exactly once, and each schedule's tick makes one job", async () => {
    const w = await givenDueCampaign();
    // Three servers: each its own pool, its own job engine with workers, on one database.
    for (let i = 0; i < 3; i++) handles.push(await createDb({ databaseUrl: t.databaseUrl, poolSize: 4 }));
    const started = await Promise.all(
      handles.map((handle) =>
        engines.start(
          { ...t, db: handle.db, handle },
          {
            queues,
            workers: { [campaignPhases.name]: workers(handle.db)[campaignPhases.name], [auditSeal.name]: workers(handle.db)[auditSeal.name] },
          },
        ),
      ),
    );
    expect(new Set(started.map((e) => e.instance)).size).toBe(3);
    await until(
      async () =>
        (await t.db.selectFrom("campaigns").select("status").where("id", "=", w.campaignId).executeTakeFirstOrThrow()).status === "reviewing",
      60,
      "the phase to open",
    );
    // Let every instance check the schedule several more times.
    await new Promise((r) => setTimeout(r, 4_000));
    const moves = await movesOf(w.campaignId, w.slug);
    expect(moves.transitions).toEqual([{ from_status: "nominating", to_status: "reviewing" }]);
    expect(moves.audited).toEqual([{ status: "reviewing", by: "schedule" }]);
    // However many instances checked the schedule, one job per schedule per minute's tick.
    const { rows } = await sql<{ name: string; slot: Date; jobs: number }>`
      select data->>'name' as name, singleton_on as slot, count(*)::int as jobs
      from pgboss.job where name = '__pgboss__send-it' group by 1, 2`.execute(t.db);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.jobs !== 1)).toEqual([]);
  });
});
