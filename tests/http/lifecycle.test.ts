import http from "node:http";
import { describe, expect, test } from "vitest";
import { client, demoAccount, startServer, useServer, visibleText } from "../support/server";

const app = useServer();
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

describe("health, restarts and shutdown", () => {
  test("/healthz answers 200 with the database up, and is never cached", async () => {
    const response = await client(app.server).get("/healthz");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: app.server.kind });
  });

  test("a session survives a restart of the app (sessions live in the database)", async () => {
    const staff = demoAccount("staff");
    const c = client(app.server);
    await c.signIn(staff);
    await app.server.restart();
    const home = await c.get("/");
    expect(home.status).toBe(200);
    expect(visibleText(await home.text())).toContain(staff.name);
  });

  test("SIGTERM makes the server exit cleanly within 5 s, even with a browser's keep-alive connection open", async () => {
    // An idle keep-alive connection, as a browser leaves behind.
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${app.server.url}/login`, { agent }, (res) => {
          res.resume();
          res.on("end", () => resolve());
        })
        .on("error", reject);
    });
    const exit = await app.server.kill("SIGTERM");
    agent.destroy();
    expect(exit.ms).toBeLessThan(5_000);
    expect(exit.code).toBe(0);
    expect(app.server.logs()).toContain('"msg":"shutting down"');
  });
});

describe("first start on an empty database", () => {
  test.skipIf(onPostgres)(
    "loads the demo data into an empty embedded database, so a bare `npm start` can be tried at once",
    async () => {
      const fresh = await startServer({ database: "empty" });
      try {
        const c = client(fresh);
        await c.signIn(demoAccount("admin"));
        const logs = fresh.logs();
        expect(logs).toContain('"msg":"demo data loaded"');
        // It says what it is doing (issue 14, item 20): a few lines, not a silent minute.
        expect(logs).toContain('"msg":"first start: creating the database and loading the demo data');
        for (const line of ['"msg":"demo data: people 200/200"', '"msg":"demo data: nominations 10/10"', '"msg":"demo data: voting 2026-11 0/4"'])
          expect(logs).toContain(line);
        const progressLines = logs.split("\n").filter((l) => l.includes('"msg":"demo data'));
        expect(progressLines.length).toBeLessThan(60);
      } finally {
        await fresh.stop();
      }
    },
    120_000,
  );

  test.skipIf(!onPostgres)(
    "on PostgreSQL an empty database is migrated at start but gets no demo data",
    async () => {
      const fresh = await startServer({ database: "empty" });
      try {
        expect((await client(fresh).get("/healthz")).status).toBe(200);
        const refused = await client(fresh).post("/login", { identifier: demoAccount("admin").employeeNo, password: "x" });
        expect(refused.status).toBe(401);
        expect(fresh.logs()).not.toContain('"msg":"demo data loaded"');
      } finally {
        await fresh.stop();
      }
    },
    90_000,
  );
});
