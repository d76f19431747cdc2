import { describe, expect, test } from "vitest";
import { checkMetricValue, normaliseDecimal, normalisePeriod, type MetricLookups } from "../../app/domain/metrics/validate";

const lookups: MetricLookups = {
  metrics: new Map([
    ["csat", { id: 1, grain: "month", decimals: 1, archived: false }],
    ["complaints", { id: 2, grain: "quarter", decimals: 0, archived: false }],
    ["awards", { id: 3, grain: "year", decimals: 2, archived: false }],
    ["retired", { id: 4, grain: "month", decimals: 0, archived: true }],
  ]),
  people: new Map([["GD0001", 10]]),
  units: new Map([["GZ-HOTLINE", 20]]),
};

const good = { employeeNo: "GD0001", metric: "csat", period: "2026-03", value: "98.5", source: "CTI" };
const codes = (input: Parameters<typeof checkMetricValue>[0]) => {
  const r = checkMetricValue(input, lookups);
  return r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`);
};

describe("periods by grain", () => {
  test("a month is 2026-03; 2026-3 and 2026/3 are read as it", () => {
    expect(normalisePeriod("2026-03", "month")).toBe("2026-03");
    expect(normalisePeriod("2026-3", "month")).toBe("2026-03");
    expect(normalisePeriod("2026/3", "month")).toBe("2026-03");
    expect(normalisePeriod("2026-13", "month")).toBeNull();
    expect(normalisePeriod("2026-00", "month")).toBeNull();
    expect(normalisePeriod("2026-Q1", "month")).toBeNull();
    expect(normalisePeriod("2026", "month")).toBeNull();
  });
  test("a quarter is 2026-Q1 (q1 read as Q1)", () => {
    expect(normalisePeriod("2026-Q1", "quarter")).toBe("2026-Q1");
    expect(normalisePeriod("2026-q4", "quarter")).toBe("2026-Q4");
    expect(normalisePeriod("2026-Q5", "quarter")).toBeNull();
    expect(normalisePeriod("2026-03", "quarter")).toBeNull();
  });
  test("a year is 2026, from 1900", () => {
    expect(normalisePeriod("2026", "year")).toBe("2026");
    expect(normalisePeriod("1899", "year")).toBeNull();
    expect(normalisePeriod("2026-01", "year")).toBeNull();
  });
  test("a period of the wrong grain names the expected form", () => {
    const r = checkMetricValue({ ...good, period: "2026-Q1" }, lookups);
    expect(r).toEqual({
      ok: false,
      errors: [{ field: "period", code: "metrics.value.period.month", vars: { value: "2026-Q1", example: "2026-03" } }],
    });
  });
});

describe("values and decimals", () => {
  test("at most the definition's decimals; trailing zeros do not count", () => {
    expect(normaliseDecimal("98.50", 1)).toEqual({ ok: true, text: "98.5" });
    expect(normaliseDecimal("98.55", 1)).toEqual({ ok: false, code: "metrics.value.decimals" });
    expect(normaliseDecimal("007", 0)).toEqual({ ok: true, text: "7" });
    expect(normaliseDecimal("-0.0", 1)).toEqual({ ok: true, text: "0" });
    expect(normaliseDecimal(-3.25, 2)).toEqual({ ok: true, text: "-3.25" });
    expect(normaliseDecimal("+4", 0)).toEqual({ ok: true, text: "4" });
  });
  test("not numbers: separators, units, NaN, exponents, too large", () => {
    for (const v of ["1,234", "98%", "NaN", "1e3", "", "abc", "1.", ".5"]) expect(normaliseDecimal(v, 2).ok).toBe(false);
    expect(normaliseDecimal(Number.NaN, 2).ok).toBe(false);
    expect(normaliseDecimal("1000000000000", 0)).toEqual({ ok: false, code: "metrics.value.tooLarge" });
    expect(normaliseDecimal("999999999999", 0)).toEqual({ ok: true, text: "999999999999" });
  });
  test("a JSON number is checked as its text", () => {
    expect(checkMetricValue({ ...good, value: 97.2 }, lookups)).toMatchObject({ ok: true, value: { value: "97.2" } });
    expect(codes({ ...good, value: 97.25 })).toEqual(["value:metrics.value.decimals"]);
  });
});

describe("subjects, metrics and sources", () => {
  test("a good row becomes a value with ids", () => {
    expect(checkMetricValue(good, lookups)).toEqual({
      ok: true,
      value: { metricId: 1, grain: "month", personId: 10, orgUnitId: null, period: "2026-03", value: "98.5", sourceSystem: "CTI" },
    });
    expect(
      checkMetricValue({ ...good, employeeNo: null, unitCode: "GZ-HOTLINE", metric: "complaints", period: "2026-Q1", value: "3" }, lookups),
    ).toMatchObject({
      ok: true,
      value: { personId: null, orgUnitId: 20, period: "2026-Q1" },
    });
  });
  test("an employee number or a unit code, exactly one", () => {
    expect(codes({ ...good, unitCode: "GZ-HOTLINE" })).toEqual(["subject:metrics.value.subjectBoth"]);
    expect(codes({ ...good, employeeNo: " " })).toEqual(["subject:metrics.value.subjectMissing"]);
  });
  test("unknown employee, unit and metric are named", () => {
    expect(codes({ ...good, employeeNo: "NOPE" })).toEqual(["employeeNo:metrics.value.unknownPerson"]);
    expect(codes({ ...good, employeeNo: null, unitCode: "NOPE" })).toEqual(["unitCode:metrics.value.unknownUnit"]);
    expect(codes({ ...good, metric: "nope" })).toEqual(["metric:metrics.value.unknownMetric"]);
  });
  test("an archived metric is refused", () => {
    expect(codes({ ...good, metric: "retired", value: "3" })).toEqual(["metric:metrics.value.archivedMetric"]);
  });
  test("every problem of a row is reported at once", () => {
    expect(codes({ employeeNo: "NOPE", metric: "csat", period: "March", value: "lots", source: "" })).toEqual([
      "employeeNo:metrics.value.unknownPerson",
      "period:metrics.value.period.month",
      "value:metrics.value.number",
      "source:metrics.value.sourceMissing",
    ]);
  });
  test("a source system of control characters or over 60 characters is refused", () => {
    expect(codes({ ...good, source: "CTI\u0007" })).toEqual(["source:metrics.value.source"]);
    expect(codes({ ...good, source: "𠮷".repeat(60) })).toEqual([]);
    expect(codes({ ...good, source: "x".repeat(61) })).toEqual(["source:metrics.value.source"]);
  });
});
