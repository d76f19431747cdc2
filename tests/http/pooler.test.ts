import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sql } from "kysely";
import { createDb, type DbHandle } from "../../db/client";
import { pgbouncerPath, startPgBouncer, type PgBouncer } from "../support/pgbouncer";
import { closedDemoCampaign, publishDemoCampaign, ratifyDemoCampaign } from "../support/published-demo";
import { client, demoAccount, signedInClient, startServer, type Client, type TestServer } from "../support/server";
import { demoVoters } from "../support/voting";

// Issue 16, item 7: several instances behind PgBouncer in transaction pooling
// (docs/deployment.md). Debian's PgBouncer 1.18 in front of a fresh database,
// two app instances whose DATABASE_URL goes through it and whose
// DATABASE_DIRECT_URL (migrations) does not. Through both: sign-in, pages, votes,
// an import and a publication, with no 500 and no pooler error in any log; a
// phase that falls due while both start moves once. Before the fix, named
// prepared statements (db/precompiled.ts) failed on most requests with
// `prepared statement "s_…" does not exist` / `already exists`.

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) {
  console.warn("\n[tests] SKIPPED: instances behind PgBouncer need TEST_DATABASE_URL (the embedded PGlite is one process, no pooler).\n");
} else if (!pgbouncerPath && !process.env.CI) {
  console.warn("\n[tests] SKIPPED: instances behind PgBouncer need Debian's pgbouncer (apt-get install pgbouncer; .ci/run installs it).\n");
}

// CI installs PgBouncer: there a missing one is a failure, not a skip.
if (onPostgres && !pgbouncerPath && process.env.CI) {
  test("PgBouncer is installed on CI", () => {
    throw new Error("no pgbouncer in /usr/sbin or /usr/bin: CI must install it (apt-get install -y pgbouncer)");
  });
}

const sessionSecret = "pooler-test-secret-0123456789abcdef";
/** The demo campaign that is voting (app/demo/voting.ts), and the draft that falls due while the instances start (app/demo/campaigns.ts). */
const votingSlug = "2026-11";
const draftSlug = "2027-q1";

/** Lines of a server's log that an operator would have to look at: errors, and anything a pooler says. */
const troubleIn = (logs: string) =>
  logs
    .split("\n")
    .filter((line) => /"level":("error"|50)|prepared statement|pgbouncer|server conn crashed|no more connections|query_wait_timeout/i.test(line));

describe.skipIf(!onPostgres || !pgbouncerPath)("two instances behind PgBouncer in transaction pooling", () => {
  let bouncer: PgBouncer;
  let a: TestServer;
  let b: TestServer;
  let db: DbHandle;
  const statuses: Array<{ server: string; path: string; status: number }> = [];
  const both = () => [a, b] as const;

  /** Every answer is kept, to find a 500 whatever the test asserted. */
  function note(server: TestServer, path: string, status: number) {
    statuses.push({ server: server === a ? "a" : "b", path, status });
    return status;
  }

  beforeAll(async () => {
    bouncer = await startPgBouncer(Number(new URL(process.env.TEST_DATABASE_URL!).port || 5432));
    const options = { connectVia: bouncer.rewrite, directUrl: true, env: { SESSION_SECRET: sessionSecret } };
    a = await startServer(options);
    db = await createDb({ databaseUrl: a.databaseUrl!, poolSize: 2 });
    // The draft falls due; both instances then start at once (a again, b anew), and each moves due phases as it starts.
    await db.db
      .updateTable("campaigns")
      .set({ nominating_at: sql<Date>`now() - interval '1 minute'` })
      .where("slug", "=", draftSlug)
      .execute();
    // Meanwhile a neighbour keeps PgBouncer's server connections changing hands, as the other instances' requests do in a rolling restart.
    const neighbour = await createDb({ databaseUrl: bouncer.rewrite(a.databaseUrl!), poolSize: 4 });
    let busy = true;
    const traffic = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (busy) await sql`select pg_sleep(0.005)`.execute(neighbour.db);
      }),
    );
    try {
      [, b] = await Promise.all([a.restart(), startServer({ ...options, shareDatabaseWith: a })]);
    } finally {
      busy = false;
      await traffic;
      await neighbour.close();
    }
  }, 600_000);

  afterAll(async () => {
    await db?.close();
    await Promise.all([a?.stop(), b?.stop()]);
    await bouncer?.stop();
  });

  test("the instances reach the database through PgBouncer, and migrate over DATABASE_DIRECT_URL leaving no lock behind", async () => {
    const name = new URL(a.databaseUrl!).pathname.slice(1);
    expect(bouncer.logs()).toContain(`login attempt: db=${name}`);
    // One log line says both (its fields in pino's order: the message last).
    for (const server of both())
      expect(server.logs().split("\n")).toContainEqual(
        expect.stringMatching(/^(?=.*"msg":"migrating the database")(?=.*"via":"DATABASE_DIRECT_URL").*$/),
      );
    // Kysely's migrator holds a session-level advisory lock; through the pooler it stayed on a server connection PgBouncer keeps.
    // (Each job worker holds one on purpose, on its own direct connection, for its life: decision 0037.)
    const left = await sql<{ pid: number }>`
      select l.pid from pg_locks l join pg_stat_activity s on s.pid = l.pid
      where l.locktype = 'advisory' and s.datname = ${name} and s.state = 'idle' and s.application_name <> 'service-stars worker'`.execute(db.db);
    expect(left.rows).toEqual([]);
  });

  test("sign-in on each instance, and signed-in pages through either", async () => {
    const admin = client(a);
    expect(note(a, "/login", (await admin.signIn(demoAccount("admin"))).status)).toBe(302);
    const staff = client(b);
    expect(note(b, "/login", (await staff.signIn(demoAccount("staff"))).status)).toBe(302);
    // The session of one instance is good on the other.
    const pages = ["/", "/people", "/campaigns", "/honor-roll"];
    const loads = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const server = both()[i % 2];
        const who: Client = i % 4 < 2 ? admin : staff;
        const path = pages[i % pages.length];
        const r = await fetch(new URL(path, server.url), { headers: { cookie: who.cookieHeader() }, redirect: "manual" });
        await r.arrayBuffer();
        return note(server, path, r.status);
      }),
    );
    expect(loads.filter((s) => s !== 200)).toEqual([]);
  });

  test("votes through both instances at once are all acknowledged and stored", async () => {
    const { titleSlug, nominationIds, voters } = await demoVoters(db.db, votingSlug, 20, sessionSecret);
    expect(voters).toHaveLength(20);
    // Each voter votes twice (the second changes the first), once through each instance, all at once.
    const receipts: string[] = [];
    const cast = async (server: TestServer, cookie: string, basedOn: number, i: number) => {
      const body = new URLSearchParams({ title: titleSlug, basedOn: String(basedOn) });
      body.append("nominationIds", String(nominationIds[(i + basedOn) % nominationIds.length]));
      const path = `/campaigns/${votingSlug}/vote`;
      const r = await fetch(new URL(path, server.url), {
        method: "POST",
        body,
        redirect: "manual",
        headers: { cookie, origin: server.url, "sec-fetch-site": "same-origin" },
      });
      await r.arrayBuffer();
      const notice = r.headers.getSetCookie().find((c) => c.startsWith("__notice="));
      if (notice)
        receipts.push((JSON.parse(decodeURIComponent(notice.split(";")[0].slice("__notice=".length))) as { vars: { receipt: string } }).vars.receipt);
      return note(server, path, r.status);
    };
    const first = await Promise.all(voters.map(({ cookie }, i) => cast(both()[i % 2], cookie, 0, i)));
    const second = await Promise.all(voters.map(({ cookie }, i) => cast(both()[(i + 1) % 2], cookie, 1, i)));
    expect([...first, ...second].filter((s) => s !== 302)).toEqual([]);
    expect(receipts).toHaveLength(40);
    const stored = await db.db.selectFrom("ballots").select("receipt_code").where("receipt_code", "in", receipts).execute();
    expect(stored).toHaveLength(40);
  });

  test("a CSV import uploaded to one instance is applied, and followed on the other", async () => {
    const admin = await signedInClient(a, "admin");
    const prefix = "GD9700";
    const csv = [
      "工号,姓名,邮箱,部门编码,岗位,入职日期",
      `${prefix}01,池塘甲,${prefix}01@demo.example,GD.10000.GZ.D1,话务员,2024-03-01`,
      `${prefix}02,池塘乙,${prefix}02@demo.example,GD.10000.GZ.D2,业务代表,2023-07-15`,
    ].join("\r\n");
    const form = new FormData();
    form.set("kind", "people");
    form.set("mode", "merge");
    form.set("file", new Blob(["\uFEFF" + csv + "\r\n"], { type: "text/csv" }), "pooler.csv");
    const posted = await admin.request("/admin/import", { method: "POST", body: form, headers: { origin: a.url, "sec-fetch-site": "same-origin" } });
    expect(note(a, "/admin/import", posted.status)).toBe(302);
    const job = posted.headers.get("location")!;
    expect(job).toMatch(/^\/admin\/imports\/\d+$/);
    // The job page, on the other instance, until the import ends.
    const onB = client(b);
    onB.setCookie("__session", admin.cookie("__session")!);
    const deadline = Date.now() + 60_000;
    let status: string | undefined;
    for (;;) {
      const r = await onB.get(job);
      expect(note(b, job, r.status)).toBe(200);
      await r.arrayBuffer();
      const row = await db.db
        .selectFrom("imports")
        .select(["status", "errors"])
        .where("id", "=", Number(job.split("/").pop()))
        .executeTakeFirstOrThrow();
      status = row.status;
      if (status === "done" || status === "failed" || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe("done");
    const imported = await db.db.selectFrom("people").select("employee_no").where("employee_no", "like", `${prefix}%`).execute();
    expect(imported).toHaveLength(2);
  });

  test("the committee ratifies on one instance, the administrator publishes on the other, and the roll is read on both", async () => {
    await ratifyDemoCampaign(b, closedDemoCampaign);
    await publishDemoCampaign(a, closedDemoCampaign);
    const status = await db.db.selectFrom("campaigns").select("status").where("slug", "=", closedDemoCampaign).executeTakeFirstOrThrow();
    expect(status.status).toBe("published");
    for (const server of both()) {
      const reader = await signedInClient(server, "staff");
      const path = `/honor-roll/${closedDemoCampaign}`;
      const r = await reader.get(path);
      await r.arrayBuffer();
      expect(note(server, path, r.status)).toBe(200);
    }
  });

  test("a phase that fell due while both instances started moved once, by the schedule", async () => {
    const campaign = await db.db.selectFrom("campaigns").select(["id", "status"]).where("slug", "=", draftSlug).executeTakeFirstOrThrow();
    expect(campaign.status).toBe("nominating");
    const moves = await db.db
      .selectFrom("campaign_transitions")
      .select(["from_status", "to_status", "actor_id"])
      .where("campaign_id", "=", campaign.id)
      .execute();
    expect(moves).toEqual([{ from_status: "draft", to_status: "nominating", actor_id: null }]);
    const logged = [a, b].map(
      (s) =>
        s
          .logs()
          .split("\n")
          .filter((line) => line.includes("campaign phases opened on schedule") && line.includes(draftSlug)).length,
    );
    expect(logged[0] + logged[1]).toBe(1);
  });

  test("no answer was a server error, and neither instance nor PgBouncer logged trouble", () => {
    expect(statuses.filter((s) => s.status >= 500)).toEqual([]);
    expect(troubleIn(a.logs())).toEqual([]);
    expect(troubleIn(b.logs())).toEqual([]);
    expect(
      bouncer
        .logs()
        .split("\n")
        .filter((line) => /\b(ERROR|WARNING|FATAL)\b/.test(line)),
    ).toEqual([]);
  });
});
