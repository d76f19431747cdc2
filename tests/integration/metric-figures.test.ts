import { afterAll, beforeAll, expect, test } from "vitest";
import { personFigures } from "../../app/domain/metrics/figures.server";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";
import { givenMetric, givenMetricValues, type PlantedMetric } from "../support/metrics";

// Imported values read as a person's figures for a campaign's period: each
// period's current value with where it came from, and the figure the
// definition combines them into. Both drivers (pg gives numeric as text).

let t: TestDb;
let satisfaction: PlantedMetric;
let calls: PlantedMetric;
let ann: number;
let bo: number;
beforeAll(async () => {
  t = await createTestDb();
  await givenUnit(t.db, "HQ");
  ann = (await givenPerson(t.db, { unit: "HQ", employeeNo: "FIG001" })).id;
  bo = (await givenPerson(t.db, { unit: "HQ", employeeNo: "FIG002" })).id;
  satisfaction = await givenMetric(t.db, { code: "satisfaction", combine: "average" });
  calls = await givenMetric(t.db, { code: "calls_handled", unit: "通", unitEn: "calls", decimals: 0, combine: "sum" });
  await givenMetricValues(t.db, [
    { metric: satisfaction, subject: "FIG001", period: "2026-06", value: "90.0", source: "CRM" },
    { metric: satisfaction, subject: "FIG001", period: "2026-07", value: "98.5", source: "CRM" },
    { metric: satisfaction, subject: "FIG001", period: "2026-08", value: "97.5", source: "CRM" },
    { metric: calls, subject: "FIG001", period: "2026-07", value: 1200, source: "ACD" },
    { metric: calls, subject: "FIG001", period: "2026-08", value: 1300, source: "ACD" },
  ]);
});
afterAll(() => t.close());

test("a person's figures over a campaign: per period with provenance, combined as the metric says", async () => {
  const figures = await personFigures(t.db, { personIds: [ann, bo], metricIds: [satisfaction.id, calls.id], from: "2026-07-01", to: "2026-09-30" });
  const sat = figures.get(ann)!.get(satisfaction.id)!;
  expect(sat.periods.map((p) => [p.period, p.value?.value ?? null])).toEqual([
    ["2026-07", 98.5],
    ["2026-08", 97.5],
    ["2026-09", null],
  ]);
  expect(sat.value).toBe(98);
  expect(sat.complete).toBe(false);
  expect(sat.sourceSystems).toEqual(["CRM"]);
  expect(sat.importedAt).toBeInstanceOf(Date);
  expect(sat.metric).toMatchObject({ code: "satisfaction", grain: "month", combine: "average", decimals: 1 });
  expect(figures.get(ann)!.get(calls.id)!.value).toBe(2500);
  const none = figures.get(bo)!.get(satisfaction.id)!;
  expect(none.value).toBeNull();
  expect(none.importedAt).toBeNull();
  expect(none.periods).toHaveLength(3);
});

test("a value imported again supersedes the old one, which stays as history", async () => {
  await givenMetricValues(t.db, [{ metric: satisfaction, subject: "FIG001", period: "2026-09", value: "99.0", source: "CRM-v2" }]);
  await givenMetricValues(t.db, [{ metric: satisfaction, subject: "FIG001", period: "2026-09", value: "96.0", source: "CRM-v2" }]);
  const sat = (await personFigures(t.db, { personIds: [ann], metricIds: [satisfaction.id], from: "2026-07-01", to: "2026-09-30" }))
    .get(ann)!
    .get(satisfaction.id)!;
  expect(sat.periods.at(-1)!.value).toMatchObject({ value: 96, sourceSystem: "CRM-v2" });
  expect(sat.complete).toBe(true);
  expect(sat.sourceSystems).toEqual(["CRM", "CRM-v2"]);
  const history = await t.db
    .selectFrom("metric_values")
    .select(["value", "superseded_at"])
    .where("person_id", "=", ann)
    .where("period", "=", "2026-09")
    .orderBy("id")
    .execute();
  expect(history.map((h) => [Number(h.value), h.superseded_at === null])).toEqual([
    [99, false],
    [96, true],
  ]);
});

test("the database refuses a period that is not written as the metric's grain says, or bounds that are not its own", async () => {
  const batch = await t.db.insertInto("metric_batches").values({ origin: "demo" }).returning("id").executeTakeFirstOrThrow();
  const row = { metric_id: satisfaction.id, grain: "month" as const, person_id: bo, value: "1", source_system: "x", batch_id: batch.id };
  await expect(
    t.db
      .insertInto("metric_values")
      .values({ ...row, period: "2026-Q1", period_start: "2026-01-01", period_end: "2026-03-31" })
      .execute(),
  ).rejects.toThrow();
  await expect(
    t.db
      .insertInto("metric_values")
      .values({ ...row, period: "2026-02", period_start: "2026-02-01", period_end: "2026-02-28" })
      .execute(),
  ).resolves.toBeDefined();
  await expect(
    t.db
      .insertInto("metric_values")
      .values({ ...row, period: "2026-03", period_start: "2026-03-01", period_end: "2026-03-30" })
      .execute(),
  ).rejects.toThrow();
  await expect(
    t.db
      .insertInto("metric_values")
      .values({ ...row, grain: "quarter", period: "2026-Q1", period_start: "2026-01-01", period_end: "2026-03-31" })
      .execute(),
  ).rejects.toThrow();
});
