import { describe, expect, test } from "vitest";
import { translate } from "../../app/i18n/all.server";
import { demoAccount, signedInClient, useServer, visibleText, withServerDatabase, type TestServer } from "../support/server";

// POST /api/v1/metrics over HTTP (issue 20, decision 0049): a measuring
// system's view, with a token created on /admin/api-tokens and a metric
// defined on /admin/metrics.

const app = useServer();
const staff = demoAccount("staff");

let prepared: Promise<{ token: string; tokenId: string }> | null = null;

/** One metric definition and one token for the whole file (created through the admin pages). */
function prepare(server: TestServer) {
  prepared ??= (async () => {
    const admin = await signedInClient(server, "admin");
    const made = await admin.post("/admin/metrics/new", {
      code: "api_csat",
      nameZh: "满意度",
      nameEn: "Satisfaction",
      unit: "%",
      unitEn: "%",
      direction: "higher",
      decimals: "1",
      grain: "month",
      combine: "average",
      description: "",
    });
    expect(made.status).toBe(302);
    return newToken(server, "CTI");
  })();
  return prepared;
}

async function newToken(server: TestServer, name: string) {
  const admin = await signedInClient(server, "admin");
  const html = await (await admin.post("/admin/api-tokens", { intent: "create", name, scope: "metrics:write" })).text();
  const m = /data-testid="api-token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*data-testid="api-token"/.exec(html);
  const token = m?.[1] ?? m?.[2];
  if (!token) throw new Error("no token shown on /admin/api-tokens");
  const list = await (await admin.get("/admin/api-tokens")).text();
  const tokenId = [...list.matchAll(/name="id" value="(\d+)"/g)].map((x) => x[1])[0]; // newest first
  return { token, tokenId: tokenId! };
}

async function call(server: TestServer, body: unknown, headers: Record<string, string> = {}) {
  const r = await fetch(`${server.url}/api/v1/metrics`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await r.text();
  expect(r.headers.get("content-type")).toContain("application/json");
  return { status: r.status, headers: r.headers, body: JSON.parse(text) as Record<string, unknown> };
}

const valueCount = (server: TestServer) =>
  withServerDatabase(server, async (db) =>
    Number(
      (
        await db
          .selectFrom("metric_values")
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    ),
  );

const good = (period: string, value: number | string = 98.5) => ({ employeeNo: staff.employeeNo, metric: "api_csat", period, value, source: "CTI" });

describe("authentication", () => {
  test("no token, an unknown token and a revoked token answer 401 in JSON with WWW-Authenticate", async () => {
    await prepare(app.server);
    const none = await call(app.server, { values: [good("2026-01")] });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
    expect(none.body.error).toBe("unauthorized");

    const unknown = await call(app.server, { values: [good("2026-01")] }, { authorization: `Bearer ${"x".repeat(43)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("www-authenticate")).toContain('error="invalid_token"');

    const { token, tokenId } = await newToken(app.server, "to be revoked");
    expect((await call(app.server, { values: [good("2026-02")] }, { authorization: `Bearer ${token}` })).status).toBe(201);
    const admin = await signedInClient(app.server, "admin");
    expect((await admin.post("/admin/api-tokens", { intent: "revoke", id: tokenId })).status).toBe(302);
    const revoked = await call(app.server, { values: [good("2026-03")] }, { authorization: `Bearer ${token}` });
    expect(revoked.status).toBe(401);
  });

  test("the token form refuses a scope it does not offer, or no name, in the page's language, keeping the name typed; nothing is created", async () => {
    const admin = await signedInClient(app.server, "admin", "en");
    const tokens = async () => withServerDatabase(app.server, async (db) => (await db.selectFrom("api_tokens").select("id").execute()).length);
    const before = await tokens();
    const wrongScope = await admin.post("/admin/api-tokens", { intent: "create", name: "HR feed", scope: "admin:all" });
    expect(wrongScope.status).toBe(400);
    const page = await wrongScope.text();
    expect(visibleText(page)).toContain(translate("en", "tokens.scopeInvalid"));
    expect(page).toMatch(/name="name"[^>]*value="HR feed"|value="HR feed"[^>]*name="name"/);
    const noName = await admin.post("/admin/api-tokens", { intent: "create", name: "  ", scope: "metrics:write" });
    expect(noName.status).toBe(400);
    expect(visibleText(await noName.text())).toContain(translate("en", "bearerTokens.nameRequired"));
    expect(await tokens()).toBe(before);
  });

  test("the endpoint takes a cross-site POST (no cookies, no Origin) but only with a token; GET is not allowed", async () => {
    const { token } = await prepare(app.server);
    const crossSite = await call(
      app.server,
      { values: [good("2025-12")] },
      { authorization: `Bearer ${token}`, origin: "https://elsewhere.example" },
    );
    expect(crossSite.status).toBe(201);
    const get = await fetch(`${app.server.url}/api/v1/metrics`);
    expect(get.status).toBe(405);
    expect(get.headers.get("content-type")).toContain("application/json");
  });
});

describe("validation", () => {
  test("any bad value answers 422 with each item's problems, and nothing is written", async () => {
    const { token } = await prepare(app.server);
    const before = await valueCount(app.server);
    const r = await call(
      app.server,
      {
        values: [
          good("2026-04"),
          { employeeNo: "NOPE", metric: "api_csat", period: "2026-04", value: 1, source: "CTI" },
          { employeeNo: staff.employeeNo, metric: "api_csat", period: "2026-Q2", value: 97.25, source: "CTI" },
          { unitCode: staff.unit, employeeNo: staff.employeeNo, metric: "nope", period: "2026-04", value: 1, source: "" },
          good("2026-04", 90),
          "not an object",
        ],
      },
      { authorization: `Bearer ${token}` },
    );
    expect(r.status).toBe(422);
    expect(r.body.error).toBe("validation_failed");
    const errors = r.body.errors as Array<{ index: number; field: string; code: string; message: string }>;
    expect(errors.map((e) => [e.index, e.field, e.code])).toEqual([
      [1, "employeeNo", "unknown_person"],
      [2, "period", "period_month"],
      [2, "value", "decimals"],
      [3, "employeeNo/unitCode", "subject_both"],
      [3, "metric", "unknown_metric"],
      [3, "source", "source_missing"],
      [4, "", "duplicate"],
      [5, "", "not_an_object"],
    ]);
    expect(errors[1].message).toBe("“2026-Q2” is not a month: write it as 2026-03.");
    expect(await valueCount(app.server)).toBe(before);
  });

  test("a body that is not JSON, or has no values, answers 400 in JSON", async () => {
    const { token } = await prepare(app.server);
    expect((await call(app.server, "{not json", { authorization: `Bearer ${token}` })).status).toBe(400);
    expect((await call(app.server, { values: [] }, { authorization: `Bearer ${token}` })).body.error).toBe("no_values");
  });

  test("more than 10,000 values answer 413; an oversized body answers 413 in JSON", async () => {
    const { token } = await prepare(app.server);
    const many = Array.from({ length: 10_001 }, () => ({ e: 1 }));
    const tooMany = await call(app.server, { values: many }, { authorization: `Bearer ${token}` });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error).toBe("too_many_values");
    const huge = JSON.stringify({ values: [good("2026-05")], padding: "x".repeat(5 * 1024 * 1024) });
    const oversize = await call(app.server, huge, { authorization: `Bearer ${token}` });
    expect(oversize.status).toBe(413);
    expect(oversize.body.error).toBe("body_too_large");
  });
});

describe("recording and idempotency", () => {
  test("good values answer 201 with the batch and counts; sent again they are unchanged", async () => {
    const { token } = await prepare(app.server);
    const body = { values: [good("2026-06", 97), { unitCode: staff.unit, metric: "api_csat", period: "2026-06", value: "96.5", source: "CTI" }] };
    const first = await call(app.server, body, { authorization: `Bearer ${token}` });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ received: 2, created: 2, replaced: 0, unchanged: 0 });
    expect(first.body.batchId).toEqual(expect.any(String));
    const again = await call(app.server, body, { authorization: `Bearer ${token}` });
    expect(again.body).toMatchObject({ created: 0, replaced: 0, unchanged: 2 });
    const changed = await call(app.server, { values: [good("2026-06", 99)] }, { authorization: `Bearer ${token}` });
    expect(changed.body).toMatchObject({ created: 0, replaced: 1 });
  });

  test("the same Idempotency-Key and body answer the stored response again and write once", async () => {
    const { token } = await prepare(app.server);
    const body = { values: [good("2026-07", 95)] };
    const headers = { authorization: `Bearer ${token}`, "idempotency-key": "cti-2026-07-run-1" };
    const first = await call(app.server, body, headers);
    expect(first.status).toBe(201);
    const before = await valueCount(app.server);
    const replay = await call(app.server, body, headers);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(await valueCount(app.server)).toBe(before);
    const batches = await withServerDatabase(app.server, (db) =>
      db.selectFrom("metric_batches").select(["id", "response"]).where("idempotency_key", "=", "cti-2026-07-run-1").execute(),
    );
    expect(batches).toHaveLength(1);
  });

  test("the same Idempotency-Key with another body is refused and changes nothing", async () => {
    const { token } = await prepare(app.server);
    const headers = { authorization: `Bearer ${token}`, "idempotency-key": "cti-2026-08-run-1" };
    expect((await call(app.server, { values: [good("2026-08", 94)] }, headers)).status).toBe(201);
    const before = await valueCount(app.server);
    const other = await call(app.server, { values: [good("2026-08", 93)] }, headers);
    expect(other.status).toBe(422);
    expect(other.body.error).toBe("idempotency_key_reused");
    expect(await valueCount(app.server)).toBe(before);
  });

  test("the values' provenance shows on the metric's page", async () => {
    await prepare(app.server);
    const admin = await signedInClient(app.server, "admin", "en");
    const page = await (await admin.get(`/admin/metrics/api_csat?subject=${staff.employeeNo}&period=2026-06`)).text();
    expect(page).toContain("API token “CTI”");
    expect(page).toContain("Current");
    expect(page).toMatch(/Replaced/);
  });
});
