import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createDb } from "../../db/client";
import { client, demoAccount, demoPassword, freePort, serverStartTimeout, signedInClient, startServer, type TestServer } from "../support/server";
import { tcpProxy, type TcpProxy } from "../support/tcp-proxy";
import { openDemoVoting } from "../support/voting";

// Issue 16, item 5: one log line per request, GET /metrics for operators only,
// GET /readyz beside /healthz (docs/operations.md).

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
if (!onPostgres) {
  process.stderr.write(
    "\n[tests] SKIPPED: /readyz while the database is unreachable or a migration is missing needs TEST_DATABASE_URL (the embedded PGlite cannot go away, and is one process).\n",
  );
}
const token = "metrics-token-0123456789abcdef";
const bearer = { authorization: `Bearer ${token}` };

type Line = Record<string, unknown>;

/** The server's log lines so far: every one is a JSON object. */
function linesOf(server: TestServer): Line[] {
  const lines = server.logs().split("\n");
  lines.pop(); // still being written, perhaps
  return lines.filter(Boolean).map((line) => JSON.parse(line) as Line);
}

/** The request line with this id: written when the answer is finished, so perhaps a moment after the client has it. */
async function requestLine(server: TestServer, reqId: string): Promise<Line> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const line = linesOf(server).find((l) => l.msg === "request" && l.reqId === reqId);
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no request line for ${reqId}:\n${server.logs().slice(-3_000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A sample's value in the exposition text (0 when the series is not there). */
function sample(body: string, series: string): number {
  const line = body.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe("one server with METRICS_TOKEN", () => {
  let proxy: TcpProxy | undefined;
  let server: TestServer;

  beforeAll(async () => {
    // On PostgreSQL through a proxy the test can cut, as a stopped database looks to the app.
    if (onPostgres) proxy = await tcpProxy(Number(new URL(process.env.TEST_DATABASE_URL!).port || 5432));
    server = await startServer({ connectVia: proxy?.rewrite, env: { METRICS_TOKEN: token } });
  }, serverStartTimeout);

  afterAll(async () => {
    await server?.stop();
    await proxy?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: bearer });
    expect(response.status).toBe(200);
    return response.text();
  };

  test("each request gets one log line: id, method, route pattern, status, duration, the signed-in person; no cookie, no password", async () => {
    const staff = await signedInClient(server, "staff", "en");
    const session = staff.cookie("__session")!;
    const employeeNo = demoAccount("staff").employeeNo;
    const page = await staff.get(`/people/${employeeNo}`, { headers: { "x-request-id": "proxy-id-0001" } });
    expect(page.status).toBe(200);
    expect(page.headers.get("x-request-id")).toBe("proxy-id-0001");
    await page.text();

    const line = await requestLine(server, "proxy-id-0001");
    expect(line).toMatchObject({ level: "info", msg: "request", method: "GET", route: "/people/:employeeNo", status: 200 });
    expect(line.ms).toEqual(expect.any(Number));
    expect(line.userId).toEqual(expect.any(Number));
    expect(Object.keys(line).sort()).toEqual(["hostname", "level", "method", "ms", "msg", "pid", "reqId", "route", "status", "time", "userId"]);

    // An id a proxy could not have meant is replaced, and the answer says by what.
    const odd = await client(server).get("/login", { headers: { "x-request-id": "not an id; <script>" } });
    const given = odd.headers.get("x-request-id")!;
    await odd.text();
    expect(given).toMatch(/^[0-9a-f-]{36}$/);
    const anonymous = await requestLine(server, given);
    expect(anonymous).toMatchObject({ route: "/login", status: 200 });
    expect(anonymous).not.toHaveProperty("userId");

    // The sign-in's own line has no password; nothing anywhere in the log has the password, the session or a cookie header.
    const logs = server.logs();
    expect(logs).toContain('"route":"/login","status":302');
    expect(logs).not.toContain(demoPassword);
    expect(logs).not.toContain(session);
    expect(logs).not.toContain(employeeNo);
    expect(logs).not.toMatch(/"cookie"|"authorization"|"set-cookie"/i);
  });

  test("GET /metrics is refused without the token, and never cached", async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer wrong-token-0123456789abcdef" }, { authorization: `Basic ${token}` }];
    for (const headers of attempts) {
      const refused = await fetch(`${server.url}/metrics`, { headers });
      expect(refused.status).toBe(401);
      expect(await refused.text()).not.toContain("http_request_duration_seconds");
    }
    const served = await fetch(`${server.url}/metrics`, { headers: bearer });
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(served.headers.get("cache-control")).toBe("no-store");
  });

  test("the request histogram is labelled by route pattern, never by a raw path", async () => {
    const staff = await signedInClient(server, "staff", "en");
    for (const [path, status] of [
      [`/people/${demoAccount("staff").employeeNo}`, 200],
      ["/people/NO-SUCH-PERSON-1", 404],
      ["/people/NO-SUCH-PERSON-2", 404],
    ] as const) {
      const response = await staff.get(path);
      expect(response.status).toBe(status);
      await response.text();
    }
    // Observed when the answer is finished, perhaps a moment after the client has read it.
    const notFound = 'http_request_duration_seconds_count{route="/people/:employeeNo",method="GET",status="404"}';
    let body = await scrape();
    for (const deadline = Date.now() + 5_000; sample(body, notFound) < 2 && Date.now() < deadline;) body = await scrape();
    expect(body).toMatch(/^http_request_duration_seconds_bucket\{le="0\.005",route="\/people\/:employeeNo",method="GET",status="200"\} \d+$/m);
    expect(sample(body, notFound)).toBeGreaterThanOrEqual(2);
    expect(sample(body, 'service_stars_refusals_total{route="/people/:employeeNo",status="404"}')).toBeGreaterThanOrEqual(2);
    expect(body).not.toContain("NO-SUCH-PERSON");
    expect(body).not.toContain(demoAccount("staff").employeeNo);
    expect(body).toMatch(/^service_stars_db_pool_max \d+$/m);
    if (onPostgres) expect(body).toMatch(/^service_stars_db_pool_connections\{state="idle"\} \d+$/m);
  });

  test("sign-ins are counted by outcome, and a ballot cast moves the ballots counter", async () => {
    const before = await scrape();
    const success = 'service_stars_sign_ins_total{outcome="success"}';
    const invalid = 'service_stars_sign_ins_total{outcome="invalid"}';
    const staff = await signedInClient(server, "staff", "en");
    expect((await client(server).post("/login", { identifier: demoAccount("staff").employeeNo, password: "not the password" })).status).toBe(401);
    const afterSignIn = await scrape();
    expect(sample(afterSignIn, success)).toBe(sample(before, success) + 1);
    expect(sample(afterSignIn, invalid)).toBe(sample(before, invalid) + 1);

    await openDemoVoting(server);
    const page = "/campaigns/3-15-stars/vote";
    const html = await (await staff.get(page)).text();
    const form = html.slice(html.indexOf('id="ballot-best-service-star"'));
    const choice = /<input(?![^>]*disabled)(?=[^>]*type="checkbox")[^>]*value="(\d+)"/.exec(form.slice(0, form.indexOf("</form>")))![1];
    const basedOn = /name="basedOn" value="(\d+)"/.exec(form)![1];
    const cast = await staff.post(page, new URLSearchParams({ title: "best-service-star", basedOn, nominationIds: choice }));
    expect(cast.status).toBe(302);
    const afterVote = await scrape();
    expect(sample(afterVote, "service_stars_ballots_cast_total")).toBe(sample(before, "service_stars_ballots_cast_total") + 1);
    // Nothing says who or for whom: the counter has no label, and our series carry only these.
    expect(afterVote).toMatch(/^service_stars_ballots_cast_total \d+$/m);
    const labels = new Set(
      afterVote
        .split("\n")
        .filter((l) => /^(service_stars_|http_)\w*\{/.test(l))
        .flatMap((l) => [...l.slice(0, l.indexOf("}")).matchAll(/[{,](\w+)=/g)].map((m) => m[1])),
    );
    // The job engine's queues by name (server/index.ts registers them): names of queues, never of people.
    for (const label of labels) expect(["le", "method", "outcome", "queue", "route", "state", "status"]).toContain(label);
  });

  test("each job queue's depth, running and failed jobs are gauges labelled by queue (issue 16)", async () => {
    const text = await scrape();
    for (const queue of ["campaign-phases", "audit-seal", "import"]) {
      for (const gauge of ["waiting", "active", "failed"])
        expect(text).toMatch(new RegExp(`^service_stars_job_queue_${gauge}\\{queue="${queue}"\\} \\d+$`, "m"));
    }
  });

  test("/healthz is liveness as before; /readyz checks the database, the migrations and the job engine", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", database: server.kind });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get("cache-control")).toBe("no-store");
    expect(await ready.json()).toEqual({ status: "ready", checks: { database: "ok", migrations: "ok", jobs: "ok" } });
  });

  test.skipIf(!onPostgres)("/readyz says 503 while PostgreSQL is unreachable, and 200 again when it is back", async () => {
    proxy!.cut();
    try {
      const started = performance.now();
      const away = await fetch(`${server.url}/readyz`);
      expect(away.status).toBe(503);
      expect(await away.json()).toEqual({ status: "unavailable", checks: { database: "unreachable", migrations: "unknown", jobs: "failing" } });
      expect(performance.now() - started, "answered within the probe's time limit").toBeLessThan(8_000);
      // Still alive: the load balancer stops sending traffic, nothing restarts the instance.
      expect((await fetch(`${server.url}/healthz`)).status).toBe(503);
    } finally {
      proxy!.restore();
    }
    const deadline = Date.now() + 15_000;
    let status = 0;
    while (Date.now() < deadline && status !== 200) {
      status = (await fetch(`${server.url}/readyz`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(status).toBe(200);
    expect(linesOf(server).some((l) => l.msg === "not ready" && l.level === "warn")).toBe(true);
  });

  test.skipIf(!onPostgres)("/readyz says 503 while a migration this release knows is not applied", async () => {
    const direct = await createDb({ databaseUrl: server.databaseUrl!, poolSize: 1 });
    try {
      const last = await sql<{ name: string; timestamp: string }>`select name, timestamp from kysely_migration order by name desc limit 1`.execute(
        direct.db,
      );
      const { name, timestamp } = last.rows[0];
      await sql`delete from kysely_migration where name = ${name}`.execute(direct.db);
      try {
        const pending = await fetch(`${server.url}/readyz`);
        expect(pending.status).toBe(503);
        expect(await pending.json()).toEqual({ status: "unavailable", checks: { database: "ok", migrations: "1 pending", jobs: "ok" } });
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${name}, ${timestamp})`.execute(direct.db);
      }
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    } finally {
      await direct.close();
    }
  });
});

describe("a server with METRICS_PORT and LOG_LEVEL=warn", () => {
  let server: TestServer;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await freePort();
    server = await startServer({ env: { METRICS_PORT: String(metricsPort), METRICS_TOKEN: token, LOG_LEVEL: "warn" } });
  }, serverStartTimeout);

  afterAll(() => server?.stop());

  test("serves /metrics on that port only (to the token's bearers), never on the users' port", async () => {
    expect((await fetch(`${server.url}/metrics`, { headers: bearer })).status).toBe(404);
    const metrics = `http://127.0.0.1:${metricsPort}/metrics`;
    expect((await fetch(metrics)).status).toBe(401);
    const served = await fetch(metrics, { headers: bearer });
    expect(served.status).toBe(200);
    expect(await served.text()).toContain("# TYPE http_request_duration_seconds histogram");
  });

  test("writes no line below warn: no request lines, no start-up chatter", async () => {
    expect((await client(server).get("/login")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lines = linesOf(server);
    expect(lines.filter((l) => l.level === "info" || l.level === "debug")).toEqual([]);
    expect(server.logs()).not.toContain('"msg":"request"');
  });
});
