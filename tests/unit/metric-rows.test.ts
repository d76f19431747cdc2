import { describe, expect, test } from "vitest";
import { alignMetricRows } from "../../app/domain/nominations/metric-rows";
import type { MetricTemplate } from "../../app/domain/titles/titles.server";

// The metric rows follow the chosen title (server and browser alike). Issue
// 14: a satisfaction figure typed for Best Service Star became a free row when
// the title changed to Outstanding Service Star, which asks for satisfaction
// too — and the form then asked for the figure just typed.

const template = (id: number, nameZh: string, nameEn: string, unit: string, direction: "higher" | "lower", target: number | null): MetricTemplate =>
  ({ id, nameZh, nameEn, unit, unitEn: "", direction, required: true, target }) as MetricTemplate;

const best = [template(1, "客户满意度", "Customer satisfaction", "%", "higher", 98), template(2, "故障申告率", "Fault-report rate", "%", "lower", 5)];
const outstanding = [
  template(4, "客户满意度", "Customer satisfaction", "%", "higher", 95),
  template(5, "话务量", "Calls handled", "通", "higher", null),
];

describe("metric rows when the title changes", () => {
  const typed = [
    { templateId: "1", name: "客户满意度", unit: "%", direction: "higher", target: "98", value: "99.2", period: "2026-09" },
    { templateId: "2", name: "故障申告率", unit: "%", direction: "lower", target: "5", value: "" },
  ];

  test("a figure for a metric both titles ask for moves onto the new title's row, with its target", () => {
    expect(alignMetricRows(outstanding, typed)).toEqual([
      { templateId: "4", name: "客户满意度", unit: "%", direction: "higher", target: "95", value: "99.2", period: "2026-09" },
      { templateId: "5", name: "话务量", unit: "通", direction: "higher", target: undefined },
    ]);
  });

  test("a figure for a metric the new title does not ask for stays, as a row of its own; an empty one goes", () => {
    const rows = alignMetricRows(outstanding, [typed[0], { ...typed[1], value: "2.1", period: "2026-09" }]);
    expect(rows.map((r) => [r.templateId, r.name, r.value])).toEqual([
      ["4", "客户满意度", "99.2"],
      [undefined, "故障申告率", "2.1"],
      ["5", "话务量", undefined],
    ]);
  });

  test("back to the first title: nothing is counted twice", () => {
    const there = alignMetricRows(outstanding, typed);
    const back = alignMetricRows(best, there);
    expect(back.map((r) => [r.templateId, r.value])).toEqual([
      ["1", "99.2"],
      ["2", undefined],
    ]);
  });
});
