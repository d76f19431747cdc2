import { afterEach, describe, expect, test, vi } from "vitest";
import { readConfig } from "../../server/config";
import { configureLog, log, logLevelOf } from "../../app/log.server";
import { bearsToken, createMetrics } from "../../server/metrics";
import { requestIdOf } from "../../server/observe";
import { routePatterns } from "../../server/route-patterns";
import type { DbHandle, PoolStats } from "../../db/client";

// Issue 16, item 5: logs and metrics an operator can use (docs/operations.md).

describe("the settings (README's Configuration table)", () => {
  const env = (vars: Record<string, string>) => ({ NODE_ENV: "production", ...vars }) as NodeJS.ProcessEnv;

  test("unset: logs at info, no metrics token, no metrics port", () => {
    const config = readConfig(env({}));
    expect(config).toMatchObject({ logLevel: "info", metricsToken: undefined, metricsPort: undefined });
  });

  test("set: a level, a token, a port", () => {
    const token = "0123456789abcdef0123456789abcdef";
    const config = readConfig(env({ LOG_LEVEL: "warn", METRICS_TOKEN: token, METRICS_PORT: "9464" }));
    expect(config).toMatchObject({ logLevel: "warn", metricsToken: token, metricsPort: 9464 });
    for (const level of ["fatal", "error", "info", "debug", "trace", "silent"]) expect(readConfig(env({ LOG_LEVEL: level })).logLevel).toBe(level);
  });

  test.each([
    ["LOG_LEVEL", "verbose"],
    ["LOG_LEVEL", "INFO"],
    ["METRICS_PORT", "0"],
    ["METRICS_PORT", "70000"],
    ["METRICS_PORT", "nine"],
    ["METRICS_TOKEN", "short"],
    ["METRICS_TOKEN", "sixteen chars with spaces"],
  ])("%s=%s stops the start with a message naming it", (name, value) => {
    expect(() => readConfig(env({ [name]: value }))).toThrow(name);
  });

  test("a refused token is not repeated in the message", () => {
    expect(() => readConfig(env({ METRICS_TOKEN: "tooShort1" }))).toThrow(/^(?!.*tooShort1)/);
  });

  test("METRICS_PORT cannot be PORT: metrics are served on a port of their own", () => {
    expect(() => readConfig(env({ PORT: "8080", METRICS_PORT: "8080" }))).toThrow("METRICS_PORT");
  });

  test("scripts read LOG_LEVEL through the same rule", () => {
    expect(logLevelOf(env({}))).toBe("info");
    expect(() => logLevelOf(env({ LOG_LEVEL: "loud" }))).toThrow("LOG_LEVEL");
  });
});

describe("log lines", () => {
  afterEach(() => configureLog({ level: "info", pretty: false }));

  function captured(run: () => void): Record<string, unknown>[] {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      run();
    } finally {
      spy.mockRestore();
    }
    return written
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  test("are one JSON object a line, with the level's name, the time and the message", () => {
    configureLog({ level: "info", pretty: false });
    const [line] = captured(() => log("info", "migrated", { applied: 3 }));
    expect(line).toMatchObject({ level: "info", msg: "migrated", applied: 3 });
    expect(new Date(String(line.time)).getTime()).toBeGreaterThan(0);
  });

  test("never carry passwords, tokens, cookies, ballot choices or story text, even when a caller passes them", () => {
    configureLog({ level: "info", pretty: false });
    const secrets = ["hunter2-password", "session-token-value", "cookie-value", "Bearer abc", "set-cookie-value", "story text", "4711"];
    const lines = captured(() =>
      log("info", "careless", {
        password: secrets[0],
        token: secrets[1],
        headers: { cookie: secrets[2], authorization: secrets[3], "set-cookie": secrets[4] },
        input: { newPassword: secrets[0], stories: [{ body: secrets[5] }], nominationIds: [Number(secrets[6])] },
        choices: [secrets[6]],
        body: secrets[5],
        request: { headers: { Cookie: secrets[2], Authorization: secrets[3] } },
        batch: [{ voter: { sessionToken: secrets[1] } }],
      }),
    );
    expect(lines).toHaveLength(1);
    const text = JSON.stringify(lines[0]);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(lines[0]).toMatchObject({ password: "[redacted]", headers: { cookie: "[redacted]", authorization: "[redacted]" } });
    expect(lines[0]).toMatchObject({ request: { headers: { Cookie: "[redacted]" } }, batch: [{ voter: { sessionToken: "[redacted]" } }] });
  });

  test("leave the caller's own objects as they were", () => {
    configureLog({ level: "info", pretty: false });
    const fields = { user: { id: 7, password: "kept-by-the-caller" } };
    const [line] = captured(() => log("info", "careless", fields));
    expect(line).toMatchObject({ user: { id: 7, password: "[redacted]" } });
    expect(fields.user.password).toBe("kept-by-the-caller");
  });

  test("below LOG_LEVEL are not written", () => {
    configureLog({ level: "warn", pretty: false });
    const lines = captured(() => {
      log("info", "quiet");
      log("debug", "quieter");
      log("warn", "heard");
      log("error", "heard too");
    });
    expect(lines.map((l) => l.msg)).toEqual(["heard", "heard too"]);
  });
});

describe("request ids", () => {
  test("a proxy's id is kept when it is short and plain", () => {
    expect(requestIdOf("abc-123")).toBe("abc-123");
    expect(requestIdOf("7f1c0a4e-9d1b-4c55-8a8f-0b1d2c3e4f50")).toBe("7f1c0a4e-9d1b-4c55-8a8f-0b1d2c3e4f50");
  });

  test.each([[undefined], [""], ["x".repeat(65)], ["has space"], ['quote"'], ["line\nbreak"], ["<script>"]])(
    "%j gets a fresh id instead",
    (header) => {
      const id = requestIdOf(header);
      expect(id).not.toBe(header);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    },
  );
});

describe("route patterns", () => {
  // The shape of a Remix build's route manifest (build.routes).
  const route = (id: string, parentId: string | undefined, path: string | undefined, index = false) => ({
    id,
    parentId,
    path,
    index,
    module: {} as never,
  });
  const routes = Object.fromEntries(
    [
      route("root", undefined, ""),
      route("routes/_index", "root", undefined, true),
      route("routes/campaigns.$slug.vote", "root", "campaigns/:slug/vote"),
      route("routes/campaigns.$slug.results[.]csv", "root", "campaigns/:slug/results.csv"),
      route("routes/people.$employeeNo", "root", "people/:employeeNo"),
      route("routes/admin", "root", "admin"),
      route("routes/admin._index", "routes/admin", undefined, true),
      route("routes/admin.people.$employeeNo", "routes/admin", "people/:employeeNo"),
      route("routes/$", "root", "*"),
    ].map((r) => [r.id, r]),
  );
  const patternOf = routePatterns(routes);

  test.each([
    ["/", "/"],
    ["/campaigns/2026-11/vote", "/campaigns/:slug/vote"],
    ["/campaigns/2026-11/vote/", "/campaigns/:slug/vote"],
    ["/campaigns/2026-11/results.csv", "/campaigns/:slug/results.csv"],
    ["/people/GD000123", "/people/:employeeNo"],
    ["/admin", "/admin"],
    ["/admin/people/GD000123", "/admin/people/:employeeNo"],
    ["/people/GD000123.data", "/people/:employeeNo"],
    ["/_root.data", "/"],
    ["/__manifest", "/__manifest"],
    ["/no/such/page/42", "/*"],
    ["/people/%E0%A4%A", "unmatched"],
  ])("%s → %s", (pathname, pattern) => {
    expect(patternOf(pathname)).toBe(pattern);
  });

  test("remembers a bounded number of paths", () => {
    const small = routePatterns(routes, { remember: 3 });
    for (let i = 0; i < 10; i++) expect(small(`/people/GD${i}`)).toBe("/people/:employeeNo");
    expect(small("/people/GD0")).toBe("/people/:employeeNo");
  });
});

describe("the metrics", () => {
  const handle = (pool: PoolStats | null) => ({ poolStats: () => pool }) as unknown as DbHandle;

  test("time requests by route pattern, method and status, and count refusals", async () => {
    const metrics = createMetrics(handle(null));
    metrics.request("/campaigns/:slug/vote", "POST", 302, 0.042);
    metrics.request("/people/:employeeNo", "GET", 404, 0.003);
    metrics.request("/*", "PROPFIND", 404, 0.001);
    const { contentType, body } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('http_request_duration_seconds_bucket{le="0.05",route="/campaigns/:slug/vote",method="POST",status="302"} 1');
    expect(body).toContain('http_request_duration_seconds_count{route="/*",method="other",status="404"} 1');
    expect(body).toContain('service_stars_refusals_total{route="/people/:employeeNo",status="404"} 1');
    expect(body).not.toMatch(/service_stars_refusals_total\{route="\/campaigns/);
    expect(body).toMatch(/^process_cpu_user_seconds_total /m);
  });

  test("count sign-ins by outcome and ballots without a label", async () => {
    const metrics = createMetrics(handle(null));
    metrics.signInAttempt("success");
    metrics.signInAttempt("invalid");
    metrics.signInAttempt("invalid");
    metrics.ballotCast();
    const { body } = await metrics.scrape();
    expect(body).toContain('service_stars_sign_ins_total{outcome="success"} 1');
    expect(body).toContain('service_stars_sign_ins_total{outcome="invalid"} 2');
    expect(body).toContain('service_stars_sign_ins_total{outcome="throttled"} 0');
    expect(body).toMatch(/^service_stars_ballots_cast_total 1$/m);
  });

  test("show the PostgreSQL pool as it is at the scrape; PGlite only as its one connection", async () => {
    let pool: PoolStats = { total: 7, idle: 3, waiting: 2, max: 10 };
    const metrics = createMetrics({ poolStats: () => pool } as unknown as DbHandle);
    let { body } = await metrics.scrape();
    expect(body).toContain('service_stars_db_pool_connections{state="in_use"} 4');
    expect(body).toContain('service_stars_db_pool_connections{state="idle"} 3');
    expect(body).toMatch(/^service_stars_db_pool_waiting 2$/m);
    expect(body).toMatch(/^service_stars_db_pool_max 10$/m);
    pool = { total: 10, idle: 0, waiting: 40, max: 10 };
    ({ body } = await metrics.scrape());
    expect(body).toMatch(/^service_stars_db_pool_waiting 40$/m);

    ({ body } = await createMetrics(handle(null)).scrape());
    expect(body).toMatch(/^service_stars_db_pool_max 1$/m);
    expect(body).not.toContain("service_stars_db_pool_waiting");
    expect(body).not.toContain("service_stars_db_pool_connections");
  });

  test("show the job queues only once the job engine reports them, and nothing when it cannot", async () => {
    const metrics = createMetrics(handle(null));
    expect((await metrics.scrape()).body).not.toMatch(/^service_stars_job_queue_\w+\{/m);
    let answer: () => Promise<{ queue: string; waiting: number; active: number; failed: number }[]> = async () => [
      { queue: "import", waiting: 3, active: 1, failed: 2 },
      { queue: "seal-audit", waiting: 0, active: 0, failed: 0 },
    ];
    metrics.registerQueueMetrics(() => answer());
    let { body } = await metrics.scrape();
    expect(body).toContain('service_stars_job_queue_waiting{queue="import"} 3');
    expect(body).toContain('service_stars_job_queue_active{queue="import"} 1');
    expect(body).toContain('service_stars_job_queue_failed{queue="import"} 2');
    expect(body).toContain('service_stars_job_queue_waiting{queue="seal-audit"} 0');
    answer = async () => {
      throw new Error("database away");
    };
    const quiet = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      ({ body } = await metrics.scrape());
    } finally {
      quiet.mockRestore();
    }
    expect(body).not.toMatch(/^service_stars_job_queue_\w+\{/m);
  });
});

describe("the metrics token", () => {
  const token = "0123456789abcdef0123456789abcdef";
  test.each([
    [`Bearer ${token}`, true],
    [`bearer ${token}`, true],
    [`Bearer ${token}x`, false],
    [`Bearer ${token.slice(0, -1)}`, false],
    [`Basic ${token}`, false],
    ["Bearer ", false],
    [undefined, false],
  ])("%j → %s", (header, accepted) => {
    expect(bearsToken(header, token)).toBe(accepted);
  });
});
