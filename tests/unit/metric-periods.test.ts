import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { combineValues, isPeriod, periodBounds, periodOf, periodsBetween } from "../../app/domain/metrics/periods";

describe("metric periods", () => {
  test("a period is written as its grain says, and its bounds are its first and last day", () => {
    expect(periodBounds("month", "2024-02")).toEqual({ start: "2024-02-01", end: "2024-02-29" });
    expect(periodBounds("month", "2026-12")).toEqual({ start: "2026-12-01", end: "2026-12-31" });
    expect(periodBounds("quarter", "2026-Q3")).toEqual({ start: "2026-07-01", end: "2026-09-30" });
    expect(periodBounds("year", "2026")).toEqual({ start: "2026-01-01", end: "2026-12-31" });
    for (const [grain, bad] of [
      ["month", "2026-13"],
      ["month", "2026-3"],
      ["quarter", "2026-Q5"],
      ["quarter", "2026-03"],
      ["year", "26"],
      ["month", "0001-01"],
    ] as const) {
      expect(periodBounds(grain, bad), `${grain} ${bad}`).toBeNull();
    }
    expect(isPeriod("quarter", "2026-Q1")).toBe(true);
    expect(isPeriod("month", "2026-Q1")).toBe(false);
  });

  test("a campaign's days cover the periods that overlap them", () => {
    expect(periodsBetween("month", "2026-07-01", "2026-12-31")).toEqual(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]);
    expect(periodsBetween("month", "2026-11-15", "2027-01-10")).toEqual(["2026-11", "2026-12", "2027-01"]);
    expect(periodsBetween("quarter", "2026-08-15", "2027-01-10")).toEqual(["2026-Q3", "2026-Q4", "2027-Q1"]);
    expect(periodsBetween("year", "2026-07-01", "2026-12-31")).toEqual(["2026"]);
    expect(periodsBetween("month", "2026-07-01", "2026-06-30")).toEqual([]);
  });

  test("property: every period between two days holds a day between them, and its bounds hold it", () => {
    const day = fc
      .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2040-12-31T00:00:00Z"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, fc.constantFrom("month" as const, "quarter" as const, "year" as const), (a, b, grain) => {
        const [from, to] = a <= b ? [a, b] : [b, a];
        const periods = periodsBetween(grain, from, to);
        expect(periods[0]).toBe(periodOf(grain, from));
        if (periods.length < 120) expect(periods.at(-1)).toBe(periodOf(grain, to));
        for (const p of periods) {
          const bounds = periodBounds(grain, p)!;
          expect(bounds.start <= to && bounds.end >= from).toBe(true);
          expect(periodOf(grain, bounds.start)).toBe(p);
          expect(periodOf(grain, bounds.end)).toBe(p);
        }
        expect(new Set(periods).size).toBe(periods.length);
      }),
    );
  });

  test("several periods make one figure: summed, averaged or the latest; none without values", () => {
    expect(combineValues("sum", [12, 30, 1.1])).toBe(43.1);
    expect(combineValues("average", [98.1, 98.4, 97.9])).toBe(98.1333333333);
    expect(combineValues("latest", [1, 2, 3])).toBe(3);
    expect(combineValues("average", [])).toBeNull();
    expect(combineValues("sum", [Number.NaN])).toBeNull();
    expect(combineValues("average", [0.1, 0.2])).toBe(0.15);
  });
});
