import { describe, expect, test } from "vitest";
import { groupTurnout, turnoutGroupMin, type UnitTurnout } from "../../app/domain/results/turnout-groups";

// Turnout while voting (docs/decisions/0029): no figure describes fewer than
// ten people, and the figures add up to the whole, so none smaller can be had
// by subtraction.

const unit = (unitZh: string, eligible: number, voted: number): UnitTurnout => ({ unitZh, unitEn: null, eligible, voted });
const names = (groups: ReturnType<typeof groupTurnout>) => groups?.map((g) => [g.units.map((u) => u.unitZh), g.eligible, g.voted]);

describe("groupTurnout", () => {
  test("the threshold is ten people", () => {
    expect(turnoutGroupMin).toBe(10);
  });
  test("units of ten or more keep their own rows, largest first", () => {
    expect(names(groupTurnout([unit("广州一台", 10, 3), unit("深圳一台", 40, 20)]))).toEqual([
      [["深圳一台"], 40, 20],
      [["广州一台"], 10, 3],
    ]);
  });
  test("smaller units are counted together (in pinyin order) when together they are ten or more", () => {
    expect(names(groupTurnout([unit("广州一台", 30, 3), unit("人力资源部", 5, 5), unit("服务质量管理部", 5, 0)]))).toEqual([
      [["广州一台"], 30, 3],
      [["服务质量管理部", "人力资源部"], 10, 5],
    ]);
  });
  test("small units fewer than ten together join the smallest row that stands alone: no figure for three people", () => {
    expect(names(groupTurnout([unit("广州一台", 30, 3), unit("投诉处理班", 12, 12), unit("人力资源部", 3, 0)]))).toEqual([
      [["广州一台"], 30, 3],
      [["投诉处理班", "人力资源部"], 15, 12],
    ]);
  });
  test("every figure covers ten or more, and the figures add up to the whole", () => {
    const units = [unit("甲", 1, 1), unit("乙", 9, 0), unit("丙", 11, 4), unit("丁", 2, 2), unit("戊", 25, 10), unit("己", 4, 4)];
    const groups = groupTurnout(units)!;
    expect(groups.every((g) => g.eligible >= 10)).toBe(true);
    expect(groups.reduce((n, g) => n + g.eligible, 0)).toBe(52);
    expect(groups.reduce((n, g) => n + g.voted, 0)).toBe(21);
    expect(groups.flatMap((g) => g.units.map((u) => u.unitZh)).sort()).toEqual(["丁", "丙", "乙", "己", "戊", "甲"].sort());
  });
  test("fewer than ten people in all: nothing is shown", () => {
    expect(groupTurnout([unit("人力资源部", 5, 1), unit("服务质量管理部", 4, 4)])).toBeNull();
    expect(groupTurnout([])).toBeNull();
  });
  test("ten in all across small units: one row for all of them", () => {
    expect(names(groupTurnout([unit("人力资源部", 5, 1), unit("服务质量管理部", 5, 4)]))).toEqual([[["服务质量管理部", "人力资源部"], 10, 5]]);
  });
});
