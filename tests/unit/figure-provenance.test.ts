import { describe, expect, test } from "vitest";
import { figureLine } from "../../app/published/share-image";
import type { SnapshotMetric } from "../../app/domain/publishing/snapshot";
import {
  fillRows,
  periodLabel,
  provenanceOf,
  roundTo,
  sameAsImported,
  sourceSystemLabel,
  type ImportedFigure,
} from "../../app/domain/nominations/provenance";

// The one rule for "this figure is the imported one" (decision 0051): the
// form marks its rows by it and the server stores by it.

const figure: ImportedFigure = {
  templateId: 7,
  metricId: 3,
  value: 98.9,
  unit: "%",
  period: "2026-10 – 2026-12",
  direction: "higher",
  sourceSystem: "CRM",
  importedAt: "2026-12-02T03:00:00.000Z",
  periodsWith: 3,
  periodsTotal: 3,
};

describe("provenance", () => {
  test("rounded half away from zero to the definition's decimals, without binary noise", () => {
    expect(roundTo(98.853333, 1)).toBe(98.9);
    expect(roundTo(1.005, 2)).toBe(1.01);
    expect(roundTo(98.25, 1)).toBe(98.3);
    expect(roundTo(-2.5, 0)).toBe(-3);
    expect(roundTo(1234.5, 0)).toBe(1235);
  });

  test("a period range is written first – last; one period alone", () => {
    expect(periodLabel(["2026-07", "2026-08", "2026-12"])).toBe("2026-07 – 2026-12");
    expect(periodLabel(["2026-Q4"])).toBe("2026-Q4");
    expect(periodLabel([])).toBe("");
  });

  test("several source systems make one label within the column's 60 characters", () => {
    expect(sourceSystemLabel(["CRM", "ACD"])).toBe("CRM + ACD");
    expect([...sourceSystemLabel(["系".repeat(40), "统".repeat(40)])]).toHaveLength(60);
  });

  test("the imported figure is the value and period as filled; anything else is the nominator's", () => {
    expect(sameAsImported({ value: "98.9", period: "2026-10 – 2026-12" }, figure)).toBe(true);
    expect(sameAsImported({ value: 98.9, period: " 2026-10 – 2026-12 " }, figure)).toBe(true);
    expect(sameAsImported({ value: "98.90", period: "2026-10 – 2026-12" }, figure)).toBe(true);
    expect(sameAsImported({ value: "99", period: "2026-10 – 2026-12" }, figure)).toBe(false);
    expect(sameAsImported({ value: "98.9", period: "2026年第四季度" }, figure)).toBe(false);
    expect(sameAsImported({ value: "", period: "2026-10 – 2026-12" }, figure)).toBe(false);
    expect(sameAsImported({ value: "98.9", period: "2026-10 – 2026-12" }, null)).toBe(false);
    expect(provenanceOf({ value: 98.9, period: figure.period }, figure)).toEqual({
      origin: "imported",
      metricId: 3,
      sourceSystem: "CRM",
      importedAt: new Date(figure.importedAt),
    });
    expect(provenanceOf({ value: 99, period: figure.period }, figure).origin).toBe("entered");
  });

  test("filling sets the template's row from its figure and leaves every other row and field as typed", () => {
    const rows = [
      { templateId: "7", name: "客户满意度", value: "90", baseline: "97", target: "98" },
      { templateId: "8", name: "平均处理时长", value: "280" },
      { name: "表扬信", value: "12" },
    ];
    const { rows: out, filled } = fillRows(rows, [figure]);
    expect(filled).toBe(1);
    expect(out[0]).toEqual({
      templateId: "7",
      name: "客户满意度",
      value: "98.9",
      unit: "%",
      period: "2026-10 – 2026-12",
      direction: "higher",
      source: "CRM",
      baseline: "97",
      target: "98",
    });
    expect(out.slice(1)).toEqual(rows.slice(1));
  });
});

describe("the share image's figure line", () => {
  const old: SnapshotMetric = {
    id: 1,
    name: "客户满意度",
    nameEn: "Customer satisfaction",
    value: 99.2,
    unit: "%",
    period: "2026-Q3",
    target: 98,
    baseline: null,
    direction: "higher",
    source: "质检系统",
    comparison: { met: true, better: null, delta: 1.2 },
  };

  test("an imported figure says 系统数据 / Imported; one typed by hand, or from a roll published before origins, says 填报 / Entered", () => {
    const imported: SnapshotMetric = { ...old, origin: "imported", sourceSystem: "CRM", importedAt: "2026-12-02T03:00:00.000Z" };
    expect(figureLine(imported, "zh-CN")).toBe("客户满意度 99.2% · 系统数据");
    expect(figureLine(imported, "en")).toBe("Customer satisfaction 99.2% · Imported");
    expect(figureLine(old, "zh-CN")).toBe("客户满意度 99.2% · 填报");
    expect(figureLine({ ...old, origin: "entered", unit: "通", unitEn: "calls", value: 5200 }, "en")).toBe(
      "Customer satisfaction 5,200 calls · Entered",
    );
  });
});
