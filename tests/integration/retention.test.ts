import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { signIn } from "../../app/domain/auth/auth.server";
import { jobsPage } from "../../app/domain/jobs/jobs.server";
import { storeImage } from "../../app/domain/media/media.server";
import { readRetentionSettings } from "../../app/domain/retention";
import { abandonedPhotos, networkRetention, queues } from "../../app/jobs/queues";
import { readMailSettings } from "../../app/mail/settings";
import { workers } from "../../server/workers";
import { solid } from "../fixtures/media/images";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { aJob, useEngines } from "../support/jobs";

// Retention (issue 19, item 5; docs/privacy.md): the browser a session was
// opened with is forgotten RETENTION_NETWORK_DAYS (90) after the sign-in, by
// the daily "network-retention" job; the session row stays. Photos of forms
// never saved go UPLOAD_ABANDONED_HOURS (24) after their last upload. Both
// settings are read at start, and each job tried again changes nothing.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "RT");
});
afterAll(() => t.close());

const engines = useEngines();
const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000);
const handlers = (env: Record<string, string>) => workers(t.db, readMailSettings({}), readRetentionSettings(env));

/** A real sign-in from a browser, its session then dated `days` ago. */
async function sessionOpened(days: number, userAgent: string): Promise<{ personId: number; sessionId: string }> {
  const person = await givenPerson(t.db, { unit: "RT" });
  const r = await signIn(t.db, { identifier: person.employeeNo, password: person.password!, ip: "198.51.100.7", userAgent });
  if (!r.ok) throw new Error(r.error);
  const row = await t.db.selectFrom("sessions").select("id").where("person_id", "=", person.id).executeTakeFirstOrThrow();
  await sql`update sessions set created_at = ${daysAgo(days)}, last_seen_at = ${daysAgo(days)} where id = ${row.id}`.execute(t.db);
  return { personId: person.id, sessionId: row.id };
}

const sessionsOf = (ids: string[]) => t.db.selectFrom("sessions").select(["id", "user_agent"]).where("id", "in", ids).orderBy("created_at").execute();

describe("sessions' user agents", () => {
  test("91 days after the sign-in the user agent is gone and the session stays; at 89 days it is kept; a second run changes nothing", async () => {
    const old = await sessionOpened(91, "Mozilla/5.0 (old phone)");
    const recent = await sessionOpened(89, "Mozilla/5.0 (new laptop)");
    const run = handlers({})[networkRetention.name];

    expect(await run(aJob(networkRetention.name))).toEqual({ sessions: 1 });
    expect(await sessionsOf([old.sessionId, recent.sessionId])).toEqual([
      { id: old.sessionId, user_agent: null },
      { id: recent.sessionId, user_agent: "Mozilla/5.0 (new laptop)" },
    ]);
    const entries = await t.db.selectFrom("audit_log").select(["actor_id", "after"]).where("action", "=", "privacy.network_forgotten").execute();
    expect(entries).toEqual([{ actor_id: null, after: { sessions: 1, days: 90 } }]);

    // Tried again: nothing more to forget, nothing more written.
    expect(await run(aJob(networkRetention.name))).toEqual({ sessions: 0 });
    expect(await sessionsOf([old.sessionId, recent.sessionId])).toEqual([
      { id: old.sessionId, user_agent: null },
      { id: recent.sessionId, user_agent: "Mozilla/5.0 (new laptop)" },
    ]);
    expect(await t.db.selectFrom("audit_log").select("id").where("action", "=", "privacy.network_forgotten").execute()).toHaveLength(1);
  });

  test("RETENTION_NETWORK_DAYS=30 forgets a 31-day-old session's browser and keeps a 29-day-old one's", async () => {
    const old = await sessionOpened(31, "Mozilla/5.0 (31 days)");
    const recent = await sessionOpened(29, "Mozilla/5.0 (29 days)");
    await handlers({ RETENTION_NETWORK_DAYS: "30" })[networkRetention.name](aJob(networkRetention.name));
    expect(await sessionsOf([old.sessionId, recent.sessionId])).toEqual([
      { id: old.sessionId, user_agent: null },
      { id: recent.sessionId, user_agent: "Mozilla/5.0 (29 days)" },
    ]);
  });

  test("more sessions than one statement changes are all forgotten", async () => {
    const person = await givenPerson(t.db, { unit: "RT" });
    await sql`
      insert into sessions (id, person_id, created_at, expires_at, last_seen_at, user_agent)
      select encode(sha256(('bulk-' || g)::bytea), 'hex'), ${person.id}, now() - interval '120 days', now() - interval '100 days', now() - interval '110 days', 'Bulk/' || g
      from generate_series(1, 2500) g`.execute(t.db);
    expect(await handlers({})[networkRetention.name](aJob(networkRetention.name))).toEqual({ sessions: 2500 });
    const left = await sql<{ n: number }>`select count(*)::int as n from sessions where user_agent like 'Bulk/%'`.execute(t.db);
    expect(left.rows[0].n).toBe(0);
  });

  test("a sign-in counter, the only place a client address is written, is gone a day after the last attempt", async () => {
    // Sessions have no address column: only the counters' keys carry one.
    const columns = await sql<{ column_name: string }>`
      select column_name from information_schema.columns where table_name = 'sessions' order by column_name`.execute(t.db);
    expect(columns.rows.map((c) => c.column_name)).not.toContain("ip");
    const person = await givenPerson(t.db, { unit: "RT" });
    await signIn(t.db, { identifier: person.employeeNo, password: "wrong password", ip: "203.0.113.9" });
    const keys = await t.db.selectFrom("sign_in_delays").select("key").where("key", "like", "%203.0.113.9").execute();
    expect(keys).toEqual([{ key: `person:${person.id}|203.0.113.9` }]);
    await sql`update sign_in_delays set last_attempt_at = now() - interval '25 hours' where key like '%203.0.113.9'`.execute(t.db);
    await sql`update rate_limits set window_start = now() - interval '25 hours' where key like '%203.0.113.9'`.execute(t.db);
    await handlers({})["rate-limit-prune"](aJob("rate-limit-prune"));
    const left = await sql<{ n: number }>`
      select (select count(*) from sign_in_delays where key like '%203.0.113.9')::int
        + (select count(*) from rate_limits where key like '%203.0.113.9')::int as n`.execute(t.db);
    expect(left.rows[0].n).toBe(0);
  });
});

test("UPLOAD_ABANDONED_HOURS=4: an unsaved form's photo uploaded 5 hours ago is deleted, one of 3 hours kept", async () => {
  const manager = await givenPerson(t.db, { unit: "RT", roles: [{ role: "manager", unit: "RT" }] });
  const upload = async (width: number, hours: number) => {
    const stored = await storeImage(t.db, manager, { purpose: "photo", bytes: await solid("jpeg", width, 300) });
    if (!stored.ok) throw new Error(stored.error);
    const at = new Date(Date.now() - hours * 3_600_000);
    await sql`update media set created_at = ${at} where id = ${stored.value.mediaId}`.execute(t.db);
    await t.db.updateTable("media_uploaders").set({ first_at: at, last_at: at }).where("media_id", "=", stored.value.mediaId).execute();
    return stored.value.mediaId;
  };
  const old = await upload(411, 5);
  const recent = await upload(412, 3);
  const run = handlers({ UPLOAD_ABANDONED_HOURS: "4" })[abandonedPhotos.name];
  expect(await run(aJob(abandonedPhotos.name))).toEqual({ removed: 1 });
  expect(await run(aJob(abandonedPhotos.name))).toEqual({ removed: 0 });
  const left = await t.db.selectFrom("media").select("id").where("id", "in", [old, recent]).execute();
  expect(left).toEqual([{ id: recent }]);
  // With the default (a day) neither would have gone.
  expect(await handlers({})[abandonedPhotos.name](aJob(abandonedPhotos.name))).toEqual({ removed: 0 });
});

test("the retention job is a daily schedule, listed on /admin/jobs with the others", async () => {
  expect(networkRetention).toMatchObject({ policy: "stately", cron: "17 19 * * *" });
  await engines.start(t, { queues });
  const admin = await givenPerson(t.db, { unit: "RT", roles: ["admin"] });
  const page = await jobsPage(t.db, admin);
  expect(page.ok && page.value.queues.map((q) => q.queue)).toContain("network-retention");
});
