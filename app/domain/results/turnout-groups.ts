// Turnout while voting, for administrators (docs/decisions/0029): how many of
// each unit's eligible staff have voted so far, so HR can encourage the units
// that lag. Counts only, never names; and no figure may describe fewer than
// `turnoutGroupMin` people, or a count could point to a person ("the one of
// three in that team who has not voted"). The grouping is a pure rule, tested
// in tests/unit/turnout-groups.test.ts.

/** The fewest eligible people one figure of the live turnout may describe. */
export const turnoutGroupMin = 10;

export interface UnitTurnout {
  unitZh: string;
  unitEn: string | null;
  eligible: number;
  voted: number;
}

/** One row of the live turnout: one unit, or several small ones counted together. */
export interface TurnoutGroup {
  units: Array<{ unitZh: string; unitEn: string | null }>;
  eligible: number;
  voted: number;
}

const together = (rows: readonly UnitTurnout[]): TurnoutGroup => ({
  units: rows.map((r) => ({ unitZh: r.unitZh, unitEn: r.unitEn })),
  eligible: rows.reduce((n, r) => n + r.eligible, 0),
  voted: rows.reduce((n, r) => n + r.voted, 0),
});

/**
 * Units of `min` eligible people or more keep their own row; the smaller ones
 * are counted together, and if even together they are fewer than `min`, they
 * join the smallest row that stands alone. Every row then covers at least
 * `min` people and the rows add up to the whole, so no smaller group can be
 * had by subtraction either. Fewer than `min` in all: nothing to show (null).
 */
export function groupTurnout(units: readonly UnitTurnout[], min = turnoutGroupMin): TurnoutGroup[] | null {
  const big = units.filter((u) => u.eligible >= min).sort((a, b) => b.eligible - a.eligible || a.unitZh.localeCompare(b.unitZh, "zh-CN"));
  const small = units.filter((u) => u.eligible < min && u.eligible > 0).sort((a, b) => a.unitZh.localeCompare(b.unitZh, "zh-CN"));
  const groups = big.map((u) => together([u]));
  if (small.length === 0) return groups.length ? groups : null;
  const pool = together(small);
  if (pool.eligible >= min) return [...groups, pool];
  if (groups.length === 0) return null;
  const smallest = groups.at(-1)!;
  groups[groups.length - 1] = {
    units: [...smallest.units, ...pool.units],
    eligible: smallest.eligible + pool.eligible,
    voted: smallest.voted + pool.voted,
  };
  return groups;
}
