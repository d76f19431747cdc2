// Comparing a metric with its target or baseline, for the evidence cards.

export type Direction = "higher" | "lower";

export interface MetricComparisonInput {
  value: number;
  /** The goal: met when the value is at least (higher) or at most (lower) this. */
  target?: number | null;
  /** An earlier figure: better when the value moved the right way from it. */
  baseline?: number | null;
  direction: Direction;
}

export interface MetricComparison {
  /** Target met (equal counts as met); null without a target. */
  met: boolean | null;
  /** Better than the baseline (strictly); null without a baseline or when equal. */
  better: boolean | null;
  /** value − baseline when there is a baseline, else value − target; null with neither. */
  delta: number | null;
}

const usable = (n: number | null | undefined): n is number => typeof n === "number" && Number.isFinite(n);

/**
 * Rounds away binary noise (3.3 − 3.2 = 0.0999…) so equal-looking figures
 * compare equal and deltas print as typed.
 */
function clean(n: number): number {
  return Number.parseFloat(n.toPrecision(12));
}

/** a − b on the cleaned figures, cleaned again. */
const minus = (a: number, b: number) => clean(clean(a) - clean(b));

export function compareMetric({ value, target, baseline, direction }: MetricComparisonInput): MetricComparison {
  if (!Number.isFinite(value)) return { met: null, better: null, delta: null };
  const sign = direction === "higher" ? 1 : -1;
  const met = usable(target) ? sign * minus(value, target) >= 0 : null;
  let better: boolean | null = null;
  if (usable(baseline)) {
    const moved = sign * minus(value, baseline);
    better = moved === 0 ? null : moved > 0;
  }
  const delta = usable(baseline) ? minus(value, baseline) : usable(target) ? minus(value, target) : null;
  return { met, better, delta };
}

export interface MetricPoint {
  period: string;
  value: number;
}

/** Points with finite values, in the order given. */
export function chartablePoints(points: readonly MetricPoint[]): MetricPoint[] {
  return points.filter((p) => Number.isFinite(p.value));
}
