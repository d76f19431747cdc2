import { describe, expect, test } from "vitest";
import { chartablePoints, compareMetric } from "../../app/domain/nominations/metrics";

describe("compareMetric", () => {
  test("lower is better: fault-report rate 3.2% against a target of at most 5%", () => {
    expect(compareMetric({ value: 3.2, target: 5, baseline: 4.1, direction: "lower" })).toEqual({ met: true, better: true, delta: -0.9 });
  });

  test("lower is better: above the target and worse than the baseline", () => {
    expect(compareMetric({ value: 6.5, target: 5, baseline: 6, direction: "lower" })).toEqual({ met: false, better: false, delta: 0.5 });
  });

  test("higher is better: satisfaction 98.6 against 95, calls handled below target", () => {
    expect(compareMetric({ value: 98.6, target: 95, direction: "higher" })).toEqual({ met: true, better: null, delta: 3.6 });
    expect(compareMetric({ value: 1150, target: 1200, baseline: 1000, direction: "higher" })).toEqual({ met: false, better: true, delta: 150 });
  });

  test("equal to the target counts as met, in both directions, despite float noise", () => {
    expect(compareMetric({ value: 5, target: 5, direction: "lower" }).met).toBe(true);
    expect(compareMetric({ value: 5, target: 5, direction: "higher" }).met).toBe(true);
    expect(compareMetric({ value: 0.1 + 0.2, target: 0.3, direction: "lower" }).met).toBe(true);
    expect(compareMetric({ value: 0.1 + 0.2, target: 0.3, direction: "higher" }).met).toBe(true);
  });

  test("equal to the baseline is neither better nor worse", () => {
    expect(compareMetric({ value: 3.3, baseline: 3.3, direction: "higher" })).toEqual({ met: null, better: null, delta: 0 });
  });

  test("missing target and baseline: nothing to say", () => {
    expect(compareMetric({ value: 42, direction: "higher" })).toEqual({ met: null, better: null, delta: null });
    expect(compareMetric({ value: 42, target: null, baseline: null, direction: "lower" })).toEqual({ met: null, better: null, delta: null });
  });

  test("a target of zero is a target", () => {
    expect(compareMetric({ value: 0, target: 0, direction: "lower" }).met).toBe(true);
    expect(compareMetric({ value: 1, target: 0, direction: "lower" }).met).toBe(false);
  });

  test("negative numbers, and non-finite input gives no verdict", () => {
    expect(compareMetric({ value: -2, target: -1, direction: "lower" }).met).toBe(true);
    expect(compareMetric({ value: Number.NaN, target: 5, direction: "lower" })).toEqual({ met: null, better: null, delta: null });
    expect(compareMetric({ value: 3, target: Number.NaN, baseline: Infinity, direction: "lower" })).toEqual({ met: null, better: null, delta: null });
  });

  test("deltas print as typed: 3.3 − 3.2 is 0.1", () => {
    expect(compareMetric({ value: 3.3, baseline: 3.2, direction: "lower" }).delta).toBe(0.1);
  });
});

test("chartablePoints drops points that are not numbers", () => {
  expect(
    chartablePoints([
      { period: "Q1", value: 1 },
      { period: "Q2", value: Number.NaN },
      { period: "Q3", value: 3 },
    ]),
  ).toEqual([
    { period: "Q1", value: 1 },
    { period: "Q3", value: 3 },
  ]);
});
