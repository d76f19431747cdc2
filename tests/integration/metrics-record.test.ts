import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { User } from "../../app/domain/auth/user";
import {
  createMetricDefinition,
  getMetricDefinition,
  listMetricDefinitions,
  setMetricArchived,
  updateMetricDefinition,
} from "../../app/domain/metrics/definitions.server";
import { recordMetricValues } from "../../app/domain/metrics/record.server";
import type { MetricDefinitionInput } from "../../app/domain/metrics/schema";
import type { MetricValue } from "../../app/domain/metrics/validate";
import type { Db } from "../../db/client";
import { givenPerson, givenUnit } from "../support/builders";
import { createTestDb, type TestDb } from "../support/db";

let t: TestDb;
let admin: User;
let manager: User;
let alice: User;
let unitId: number;
let csat: number;
let calls: number;

const definition = (code: string, more: Partial<MetricDefinitionInput> = {}): MetricDefinitionInput => ({
  code,
  nameZh: `指标${code}`,
  nameEn: `Metric ${code}`,
  unit: "%",
  unitEn: "%",
  direction: "higher",
  decimals: 1,
  grain: "month",
  combine: "average",
  description: "",
  ...more,
});

async function idOf(code: string) {
  return (await t.db.selectFrom("metric_definitions").select("id").where("code", "=", code).executeTakeFirstOrThrow()).id;
}

/** A batch as the demo writes them (origin needs no import or token). */
async function newBatch(db: Db) {
  return (await db.insertInto("metric_batches").values({ origin: "demo" }).returning("id").executeTakeFirstOrThrow()).id;
}

async function record(values: MetricValue[]) {
  return t.db.transaction().execute(async (trx) => {
    const batch = await newBatch(trx);
    return { batch, counts: await recordMetricValues(trx, batch, values) };
  });
}

const value = (metricId: number, period: string, v: string, more: Partial<MetricValue> = {}): MetricValue => ({
  metricId,
  grain: "month",
  personId: alice.id,
  orgUnitId: null,
  period,
  value: v,
  sourceSystem: "CTI",
  ...more,
});

const historyOf = (metricId: number, period: string) =>
  t.db
    .selectFrom("metric_values")
    .select(["id", "value", "source_system", "superseded_at", "superseded_by", "period_start", "period_end", "batch_id"])
    .where("metric_id", "=", metricId)
    .where("person_id", "=", alice.id)
    .where("period", "=", period)
    .orderBy("id")
    .execute();

beforeAll(async () => {
  t = await createTestDb();
  const unit = await givenUnit(t.db, "GD", { nameZh: "广东电信", nameEn: "Guangdong Telecom" });
  unitId = unit.id;
  admin = await givenPerson(t.db, { unit: "GD", employeeNo: "HR0001", roles: ["admin", "staff"] });
  manager = await givenPerson(t.db, { unit: "GD", employeeNo: "M0001", roles: [{ role: "manager", unit: "GD" }, "staff"] });
  alice = await givenPerson(t.db, { unit: "GD", employeeNo: "A0001", roles: ["staff"] });
  expect(await createMetricDefinition(t.db, admin, definition("csat"))).toEqual({ ok: true, value: { code: "csat" } });
  expect((await createMetricDefinition(t.db, admin, definition("calls", { decimals: 0, combine: "sum", unit: "通", unitEn: "calls" }))).ok).toBe(
    true,
  );
  csat = await idOf("csat");
  calls = await idOf("calls");
});
afterAll(() => t.close());

describe("metric definitions", () => {
  test("only administrators manage them, and every change is audited", async () => {
    expect(await createMetricDefinition(t.db, manager, definition("nope"))).toMatchObject({ ok: false, status: 403 });
    expect(await listMetricDefinitions(t.db, manager)).toMatchObject({ ok: false, status: 403 });
    expect(await t.db.selectFrom("metric_definitions").select("id").where("code", "=", "nope").executeTakeFirst()).toBeUndefined();
    const actions = await t.db.selectFrom("audit_log").select("action").where("subject_type", "=", "metric").execute();
    expect(actions.map((a) => a.action)).toContain("metric.created");
  });

  test("a code is taken once", async () => {
    expect(await createMetricDefinition(t.db, admin, definition("csat"))).toMatchObject({ ok: false, error: "metrics.code.taken" });
  });

  test("the grain cannot change once values exist, with a clear reason", async () => {
    await createMetricDefinition(t.db, admin, definition("fcr"));
    const fcr = await idOf("fcr");
    // No values yet: the grain may change.
    expect((await updateMetricDefinition(t.db, admin, "fcr", definition("fcr", { grain: "quarter" }))).ok).toBe(true);
    await record([value(fcr, "2026-Q1", "88.5", { grain: "quarter" })]);
    expect(await updateMetricDefinition(t.db, admin, "fcr", definition("fcr", { grain: "month" }))).toMatchObject({
      ok: false,
      error: "metrics.grain.locked",
      vars: { grain: "quarter" },
    });
    expect(await updateMetricDefinition(t.db, admin, "fcr", definition("fcr", { grain: "quarter", decimals: 0 }))).toMatchObject({
      ok: false,
      error: "metrics.decimals.locked",
    });
    const saved = await updateMetricDefinition(t.db, admin, "fcr", definition("fcr", { grain: "quarter", nameEn: "First-call resolution" }));
    expect(saved.ok).toBe(true);
    const read = await getMetricDefinition(t.db, admin, "fcr");
    expect(read.ok && read.value).toMatchObject({ nameEn: "First-call resolution", grain: "quarter", valueCount: 1 });
  });

  test("archiving keeps the definition and can be undone", async () => {
    await createMetricDefinition(t.db, admin, definition("old_metric"));
    expect((await setMetricArchived(t.db, admin, "old_metric", true)).ok).toBe(true);
    expect(await setMetricArchived(t.db, admin, "old_metric", true)).toMatchObject({ ok: false, status: 404 });
    const list = await listMetricDefinitions(t.db, admin);
    expect(list.ok && list.value.find((d) => d.code === "old_metric")?.archived).toBe(true);
    expect((await setMetricArchived(t.db, admin, "old_metric", false)).ok).toBe(true);
  });
});

describe("recordMetricValues", () => {
  test("new values are inserted with their period's first and last day, and the batch counts them", async () => {
    const { batch, counts } = await record([
      value(csat, "2026-02", "98.5"),
      value(calls, "2026-02", "1520", { grain: "month" }),
      value(csat, "2026-02", "97", { personId: null, orgUnitId: unitId }),
    ]);
    expect(counts).toEqual({ created: 3, replaced: 0, unchanged: 0 });
    const [row] = await historyOf(csat, "2026-02");
    // pg reads numeric and bigint as strings; PGlite may not: compare as numbers.
    expect(Number(row.value)).toBe(98.5);
    const dates = await t.db
      .selectFrom("metric_values")
      .select([
        (eb) => eb.fn<string>("to_char", ["period_start", eb.val("YYYY-MM-DD")]).as("s"),
        (eb) => eb.fn<string>("to_char", ["period_end", eb.val("YYYY-MM-DD")]).as("e"),
      ])
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(dates).toEqual({ s: "2026-02-01", e: "2026-02-28" });
    const b = await t.db.selectFrom("metric_batches").select("value_count").where("id", "=", String(batch)).executeTakeFirstOrThrow();
    expect(b.value_count).toBe(3);
  });

  test("a new value supersedes the current one and keeps the history", async () => {
    await record([value(csat, "2026-03", "96.0")]);
    const { batch, counts } = await record([value(csat, "2026-03", "99.1", { sourceSystem: "CRM" })]);
    expect(counts).toEqual({ created: 0, replaced: 1, unchanged: 0 });
    const history = await historyOf(csat, "2026-03");
    expect(history).toHaveLength(2);
    const [old, current] = history;
    expect(old.superseded_at).not.toBeNull();
    expect(String(old.superseded_by)).toBe(String(current.id));
    expect(current.superseded_at).toBeNull();
    expect([Number(old.value), Number(current.value)]).toEqual([96, 99.1]);
    expect(current.source_system).toBe("CRM");
    expect(String(current.batch_id)).toBe(String(batch));
  });

  test("a value identical to the current one is left alone and counted unchanged", async () => {
    await record([value(csat, "2026-04", "95.5")]);
    // "95.50" is the same number: numeric compares by value.
    const { batch, counts } = await record([value(csat, "2026-04", "95.50"), value(csat, "2026-05", "94")]);
    expect(counts).toEqual({ created: 1, replaced: 0, unchanged: 1 });
    expect(await historyOf(csat, "2026-04")).toHaveLength(1);
    const b = await t.db.selectFrom("metric_batches").select("value_count").where("id", "=", String(batch)).executeTakeFirstOrThrow();
    expect(b.value_count).toBe(1);
  });

  test("the same value from another source system is a new value", async () => {
    await record([value(csat, "2026-06", "90")]);
    const { counts } = await record([value(csat, "2026-06", "90", { sourceSystem: "Survey" })]);
    expect(counts.replaced).toBe(1);
  });

  test("quarters and years get their bounds", async () => {
    await createMetricDefinition(t.db, admin, definition("complaints", { grain: "quarter", decimals: 0 }));
    await createMetricDefinition(t.db, admin, definition("yearly", { grain: "year", decimals: 2 }));
    const q = await idOf("complaints");
    const y = await idOf("yearly");
    await record([value(q, "2026-Q4", "0", { grain: "quarter" }), value(y, "2024", "12.25", { grain: "year" })]);
    const rows = await t.db
      .selectFrom("metric_values")
      .select([
        "period",
        (eb) => eb.fn<string>("to_char", ["period_start", eb.val("YYYY-MM-DD")]).as("s"),
        (eb) => eb.fn<string>("to_char", ["period_end", eb.val("YYYY-MM-DD")]).as("e"),
      ])
      .where("metric_id", "in", [q, y])
      .orderBy("period")
      .execute();
    expect(rows).toEqual([
      { period: "2024", s: "2024-01-01", e: "2024-12-31" },
      { period: "2026-Q4", s: "2026-10-01", e: "2026-12-31" },
    ]);
  });

  test("a batch re-sent with a third of its values changed replaces exactly those", async () => {
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => givenPerson(t.db, { unit: "GD", employeeNo: `B${i}`, password: null })));
    const months = Array.from({ length: 12 }, (_, m) => `2025-${String(m + 1).padStart(2, "0")}`);
    const all: MetricValue[] = [];
    for (let k = 0; k < 20; k++)
      for (const p of people) for (const m of months) all.push(value(calls, m, String(k * 1000 + p.id), { personId: p.id, sourceSystem: `S${k}` }));
    // 20 sources × 30 people × 12 months would collide: keep one per key.
    const unique = new Map(all.map((v) => [`${v.personId}|${v.period}`, v]));
    const first = [...unique.values()];
    expect((await record(first)).counts).toEqual({ created: first.length, replaced: 0, unchanged: 0 });
    const again = first.map((v, i) => (i % 3 === 0 ? { ...v, value: String(Number(v.value) + 1) } : v));
    const { counts } = await record(again);
    expect(counts.replaced).toBe(Math.ceil(first.length / 3));
    expect(counts.unchanged).toBe(first.length - counts.replaced);
  });
});
