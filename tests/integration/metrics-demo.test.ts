import { afterAll, beforeAll, expect, test } from "vitest";
import { seedIfEmpty } from "../../app/demo/index";
import { demoMetricMonths, demoMetrics } from "../../app/demo/metrics";
import { personFigures } from "../../app/domain/metrics/figures.server";
import { createTestDb, type TestDb } from "../support/db";

// The demo's evidence from the source (issue 20): six months of figures for
// the agents and field engineers, the titles' metrics pointed at them, a
// title with rules, and post kinds for the fairness view.

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
  await seedIfEmpty(t.db);
}, 600_000);
afterAll(() => t.close());

const personId = async (employeeNo: string) =>
  (await t.db.selectFrom("people").select("id").where("employee_no", "=", employeeNo).executeTakeFirstOrThrow()).id;

test("six months of figures for every agent and field engineer, from the systems that measure them", async () => {
  const rows = await t.db
    .selectFrom("metric_values as v")
    .innerJoin("metric_definitions as d", "d.id", "v.metric_id")
    .select(["d.code", "v.period", "v.source_system"])
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .groupBy(["d.code", "v.period", "v.source_system"])
    .execute();
  expect(new Set(rows.map((r) => r.period))).toEqual(new Set(demoMetricMonths));
  expect(new Set(rows.map((r) => r.code))).toEqual(new Set(demoMetrics.map((m) => m.code)));
  const agents = rows.find((r) => r.code === "satisfaction" && r.period === "2026-11")!;
  expect(Number(agents.n)).toBeGreaterThan(40);
  expect(agents.source_system).toBe("10000-CC");
  expect(new Set(rows.map((r) => r.source_system))).toEqual(new Set(["10000-CC", "COMPLAINTS", "FIELD-WO"]));
});

test("the agent of the seed story shows high satisfaction for Q4; his desk-mate just below 98 %", async () => {
  const satisfaction = (await t.db.selectFrom("metric_definitions").select("id").where("code", "=", "satisfaction").executeTakeFirstOrThrow()).id;
  const [cheng, he] = [await personId("GD000004"), await personId("GD000007")];
  const figures = await personFigures(t.db, { personIds: [cheng, he], metricIds: [satisfaction], from: "2026-10-01", to: "2026-12-31" });
  expect(figures.get(cheng)!.get(satisfaction)!.value).toBe(99.35);
  expect(figures.get(he)!.get(satisfaction)!.value).toBe(97.7);
  expect(figures.get(he)!.get(satisfaction)!.sourceSystems).toEqual(["10000-CC"]);
});

test("the titles' metrics stand for definitions; the Outstanding Service Star states its rules", async () => {
  const linked = await t.db
    .selectFrom("title_metric_templates as m")
    .innerJoin("metric_definitions as d", "d.id", "m.metric_id")
    .select(["m.name_en", "d.code"])
    .execute();
  expect(new Set(linked.map((l) => l.code))).toEqual(new Set(["satisfaction", "calls_handled", "fault_report_rate"]));
  const rules = await t.db
    .selectFrom("title_rules as r")
    .innerJoin("titles as t", "t.id", "r.title_id")
    .select(["t.slug", "r.kind", "r.comparator", "r.threshold", "t.allows_exception"])
    .orderBy("r.position")
    .execute();
  expect(rules.map((r) => [r.slug, r.kind, r.comparator, Number(r.threshold)])).toEqual([
    ["outstanding-service-star", "metric", "gte", 98],
    ["outstanding-service-star", "metric", "eq", 0],
    ["outstanding-service-star", "service_months", "gte", 12],
  ]);
  expect(rules[0].allows_exception).toBe(true);
});

test("every active person has a post kind; leaders hold management posts", async () => {
  const posts = await t.db.selectFrom("people").select(["post", "job_title"]).where("status", "=", "active").execute();
  expect(posts.filter((p) => p.post === null)).toEqual([]);
  expect(posts.filter((p) => p.job_title === "班长").every((p) => p.post === "management")).toBe(true);
  const share = posts.filter((p) => p.post === "management").length / posts.length;
  expect(share).toBeGreaterThan(0.1);
  expect(share).toBeLessThan(0.3);
});
