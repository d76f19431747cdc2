// A manual drill (issue 16, item 3): PostgreSQL stopped for 10 s under a
// running server with its job workers, in the middle of an import. Run it
// against a PostgreSQL of your own — never a shared one: it stops it.
//
//   DATABASE_URL=postgres://…  (migrated, with the demo data: npm run db:seed)
//   DRILL_STOP="pg_ctl -D … stop -m fast"  DRILL_START="pg_ctl -D … start …"
//   npm run build && tsx scripts/drill-postgres-outage.ts
//
// It starts the built server, uploads a 20,000-row staff import, stops the
// database while the import loads its rows, starts it again 10 s later, and
// prints what /healthz answered meanwhile and how the jobs ended. The output of
// a run is in docs/jobs.md.
import { execSync, spawn } from "node:child_process";
import pg from "pg";
import { demoAccounts, demoPassword } from "../app/demo/people";

const databaseUrl = process.env.DATABASE_URL;
const stop = process.env.DRILL_STOP;
const start = process.env.DRILL_START;
if (!databaseUrl || !stop || !start) throw new Error("set DATABASE_URL, DRILL_STOP and DRILL_START (see the top of this file)");

const port = 3990;
const base = `http://127.0.0.1:${port}`;
const t0 = Date.now();
const at = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s`;
const say = (line: string) => process.stdout.write(`${at()}  ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let logs = "";
const server = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", SESSION_SECRET: "drill-secret-0123456789abcdef0123" },
  stdio: ["ignore", "pipe", "pipe"],
});
server.stdout.on("data", (d: Buffer) => (logs += d));
server.stderr.on("data", (d: Buffer) => (logs += d));
let exited: number | null | undefined;
server.on("exit", (code) => (exited = code));

async function health(): Promise<number> {
  try {
    return (await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(3_000) })).status;
  } catch {
    return 0;
  }
}

try {
  while ((await health()) !== 200) await sleep(200);
  say("server up (workers on), /healthz 200");

  // Sign in as the demo administrator.
  const login = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: base, "sec-fetch-site": "same-origin" },
    body: new URLSearchParams({ identifier: demoAccounts.find((a) => a.role === "admin")!.employeeNo, password: demoPassword }),
  });
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  if (login.status !== 302 || !cookie) throw new Error(`sign-in failed: ${login.status}`);

  const lines = ["工号,姓名,邮箱,部门编码,岗位,入职日期"];
  for (let i = 0; i < 20_000; i++) lines.push(`DR${String(i).padStart(6, "0")},演练${i % 89},,GD.10000.GZ.D1,话务员,2020-01-02`);
  const form = new FormData();
  form.append("kind", "people");
  form.append("mode", "merge");
  form.append("file", new Blob([`\ufeff${lines.join("\r\n")}\r\n`], { type: "text/csv" }), "drill.csv");
  const upload = await fetch(`${base}/admin/import`, {
    method: "POST",
    redirect: "manual",
    body: form,
    headers: { cookie, origin: base, "sec-fetch-site": "same-origin" },
  });
  const importId = Number(upload.headers.get("location")?.split("/").pop());
  say(`import ${importId} uploaded (20,000 rows), its job queued`);

  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  for (;;) {
    const { rows } = await db.query<{ status: string; processed_rows: number }>("select status, processed_rows from imports where id = $1", [
      importId,
    ]);
    if (rows[0]?.status === "staging" && rows[0].processed_rows >= 2_000) {
      say(`import ${importId}: ${rows[0].status}, ${rows[0].processed_rows} rows loaded`);
      break;
    }
    await sleep(50);
  }
  await db.end().catch(() => {});

  execSync(stop, { stdio: "ignore" });
  const stoppedAt = Date.now();
  say("PostgreSQL stopped");
  let last = -1;
  while (Date.now() - stoppedAt < 10_000) {
    const status = await health();
    if (status !== last) say(`/healthz ${status || "no answer"}`);
    last = status;
    await sleep(500);
  }
  execSync(start, { stdio: "ignore" });
  say("PostgreSQL started again");
  for (;;) {
    const status = await health();
    if (status !== last) say(`/healthz ${status || "no answer"}`);
    last = status;
    if (status === 200) break;
    await sleep(250);
  }

  const after = new pg.Client({ connectionString: databaseUrl });
  await after.connect();
  for (;;) {
    const { rows } = await after.query<{ status: string; errors: unknown }>("select status, errors from imports where id = $1", [importId]);
    if (rows[0].status === "done" || rows[0].status === "failed") {
      say(`import ${importId}: ${rows[0].status}${rows[0].status === "failed" ? ` ${JSON.stringify(rows[0].errors)}` : ""}`);
      break;
    }
    await sleep(250);
  }
  const people = await after.query<{ n: number }>("select count(*)::int as n from people where employee_no like 'DR%'");
  say(`people from the file: ${people.rows[0].n}`);
  const jobs = await after.query<{ name: string; state: string; tries: number; n: number }>(
    `select name, state::text as state, retry_count + 1 as tries, count(*)::int as n from pgboss.job
     where name not like '\\_\\_pgboss%' and created_on > to_timestamp($1 / 1000.0) group by 1, 2, 3 order by 1, 2, 3`,
    [t0],
  );
  for (const j of jobs.rows) say(`jobs since the start: ${j.name} ${j.state} after ${j.tries} tr${j.tries === 1 ? "y" : "ies"}: ${j.n}`);
  // The schedules after the outage: the next minute's seal and phase check ran.
  await sleep(65_000);
  const cron = await after.query<{ name: string; n: number }>(
    "select name, count(*)::int as n from pgboss.job where state = 'completed' and completed_on > to_timestamp($1 / 1000.0) and name in ('audit-seal', 'campaign-phases') group by 1 order by 1",
    [stoppedAt + 10_000],
  );
  for (const c of cron.rows) say(`scheduled jobs completed after the outage: ${c.name} ${c.n}`);
  await after.end();
  say(`server still running: ${exited === undefined ? "yes" : `no (exit ${exited})`}`);
  for (const line of logs.split("\n").filter((l) => /job engine: database|job failed|left running/.test(l))) {
    const { msg, error, queue, seconds } = JSON.parse(line) as Record<string, unknown>;
    say(
      `server log: ${msg}${queue ? ` (${String(queue)})` : ""}${error ? `: ${String(error)}` : ""}${seconds !== undefined ? ` after ${String(seconds)} s` : ""}`,
    );
  }
} finally {
  server.kill("SIGTERM");
}
