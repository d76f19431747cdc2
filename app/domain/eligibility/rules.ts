import { combineValues, periodBounds, periodsBetween, type Combine, type Grain } from "../metrics/periods";

// A title's eligibility rules judged against what the systems measured
// (issue 20, decision 0050). Pure and client-safe: the eligible list, the
// nomination's submit check and the unit/property tests all go through
// evaluate(). Every outcome is plain JSON (dates as ISO strings), so the
// evaluation a nomination was submitted with is stored as it was shown.

export const comparators = ["gte", "lte", "gt", "lt", "eq"] as const;
export type Comparator = (typeof comparators)[number];
export const ruleScopes = ["each", "overall"] as const;
export type RuleScope = (typeof ruleScopes)[number];
export const ruleKinds = ["metric", "service_months"] as const;
export type RuleKind = (typeof ruleKinds)[number];

/** What a rule needs to know of its metric definition to judge and to be read. */
export interface RuleMetric {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  decimals: number;
  grain: Grain;
  combine: Combine;
}

export type Rule =
  | { id: number; kind: "metric"; metric: RuleMetric; scope: RuleScope; comparator: Comparator; threshold: number }
  | { id: number; kind: "service_months"; comparator: Comparator; threshold: number };

/** One period's imported value with its provenance, as figures.server.ts reads it. */
export interface FactValue {
  value: number;
  sourceSystem: string;
  recordedAt: Date | string;
}

/** A person's figure for one metric over the campaign's period (figures.server.ts's Figure, structurally). */
export interface FactFigure {
  periods: ReadonlyArray<{ period: string; value: FactValue | null }>;
  value: number | null;
}

export interface PersonFacts {
  status: "active" | "left";
  /** "YYYY-MM-DD"; null when the directory does not know it. */
  hireDate: string | null;
  /** metric id → figure over the campaign's period. */
  figures: ReadonlyMap<number, FactFigure>;
}

/** The campaign's period ("YYYY-MM-DD", inclusive). */
export interface Period {
  start: string;
  end: string;
  /**
   * The day of judging ("YYYY-MM-DD"): only the periods that ended before it
   * are required (December cannot be measured on 6 December). Absent: every
   * period of the campaign.
   */
  asOf?: string;
}

export type MetricOutcome = {
  kind: "metric";
  ruleId: number;
  met: boolean;
  metric: Omit<RuleMetric, "combine">;
  scope: RuleScope;
  comparator: Comparator;
  threshold: number;
  /**
   * The figure judged, rounded to the metric's decimals: the combined figure
   * (overall), or the deciding period's value (each: the worst failing
   * period, or the one closest to failing when all pass). Null: a period has
   * no value, see `missing`.
   */
  value: number | null;
  /** The deciding period (each) or null (overall: the campaign's whole period, `from`–`to`). */
  period: string | null;
  from: string;
  to: string;
  /** The first period of the campaign with no imported value: the rule fails for it. */
  missing: string | null;
  sourceSystems: string[];
  /** When the latest value used was imported (ISO). */
  importedAt: string | null;
  /** How far the value is from holding (0 when it holds; null without a value). */
  gap: number | null;
};

export type ServiceOutcome = {
  kind: "service_months";
  ruleId: number;
  met: boolean;
  comparator: Comparator;
  threshold: number;
  /** Whole months from the hire date to `asOf`; null when the hire date is unknown. */
  months: number | null;
  hireDate: string | null;
  asOf: string;
  gap: number | null;
};

/** Built in and always first: only active staff are recognised. */
export type ActiveOutcome = { kind: "active"; met: boolean };

export type RuleOutcome = ActiveOutcome | MetricOutcome | ServiceOutcome;

export interface Evaluation {
  /** Every rule holds (the built-in "active" included). */
  eligible: boolean;
  /** Not eligible, but only just: see nearMiss(). */
  nearMiss: boolean;
  outcomes: RuleOutcome[];
}

/** Months within which a missed service rule counts as a near miss. */
export const serviceMarginMonths = 3;
/** Share of the threshold within which a missed metric rule counts as a near miss. */
export const metricMarginShare = 0.005;

/** Rounds to a number of decimals without binary noise (98.25 → 98.3 at 1). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Number.parseFloat((Math.round(Number.parseFloat((value * f).toPrecision(12))) / f).toFixed(decimals));
}

export function holds(comparator: Comparator, value: number, threshold: number): boolean {
  switch (comparator) {
    case "gte":
      return value >= threshold;
    case "lte":
      return value <= threshold;
    case "gt":
      return value > threshold;
    case "lt":
      return value < threshold;
    case "eq":
      return value === threshold;
  }
}

/** The comparator that holds exactly when this one does not (eq has none among the five). */
export const negation: Record<Exclude<Comparator, "eq">, Comparator> = { gte: "lt", lt: "gte", gt: "lte", lte: "gt" };

/** How far a value is from holding: 0 when it holds, else the distance to the threshold (0 too for gt/lt at exactly the threshold). */
export function gapOf(comparator: Comparator, value: number, threshold: number): number {
  if (holds(comparator, value, threshold)) return 0;
  return Math.abs(value - threshold);
}

/** The margin of a near miss for a metric rule: 0.5 % of the threshold, or one unit at the metric's last decimal, whichever is larger. */
export function metricMargin(threshold: number, decimals: number): number {
  return Math.max(Math.abs(threshold) * metricMarginShare, 10 ** -decimals);
}

/** Whole months of service from a hire date to a day ("YYYY-MM-DD"); never below 0. */
export function monthsOfService(hireDate: string, asOf: string): number {
  const [y1, m1, d1] = hireDate.split("-").map(Number);
  const [y2, m2, d2] = asOf.split("-").map(Number);
  const months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  return Math.max(0, months);
}

const iso = (d: Date | string) => (typeof d === "string" ? new Date(d).toISOString() : d.toISOString());

function evaluateMetric(rule: Extract<Rule, { kind: "metric" }>, facts: PersonFacts, period: Period): MetricOutcome {
  const m = rule.metric;
  const all = periodsBetween(m.grain, period.start, period.end);
  const ended = period.asOf ? all.filter((p) => periodBounds(m.grain, p)!.end < period.asOf!) : all;
  // Before any period has ended there is nothing to judge by: the first one is missing.
  const expected = ended.length ? ended : all.slice(0, 1);
  const figure = facts.figures.get(m.id);
  const byPeriod = new Map((figure?.periods ?? []).map((p) => [p.period, p.value]));
  const values = expected.map((p) => ({ period: p, value: byPeriod.get(p) ?? null }));
  const missing = values.find((v) => v.value === null)?.period ?? (ended.length ? null : (all[0] ?? period.start.slice(0, 7)));
  const used = values.flatMap((v) => (v.value ? [v.value] : []));
  const base = {
    kind: "metric" as const,
    ruleId: rule.id,
    metric: { id: m.id, code: m.code, nameZh: m.nameZh, nameEn: m.nameEn, unit: m.unit, unitEn: m.unitEn, decimals: m.decimals, grain: m.grain },
    scope: rule.scope,
    comparator: rule.comparator,
    threshold: rule.threshold,
    from: expected[0] ?? "",
    to: expected[expected.length - 1] ?? "",
    sourceSystems: [...new Set(used.map((v) => v.sourceSystem))],
    importedAt: used.length ? iso(new Date(Math.max(...used.map((v) => new Date(v.recordedAt).getTime())))) : null,
  };
  // A period without a value fails the rule, whatever its scope: the rule cannot be shown to hold.
  if (missing !== null || !ended.length)
    return { ...base, met: false, value: null, period: rule.scope === "each" ? missing : null, missing, gap: null };
  if (rule.scope === "overall") {
    // Combined over the periods judged, not whatever else was imported (a month still running).
    const combined = combineValues(
      m.combine,
      used.map((v) => v.value),
    );
    const value = combined === null ? null : roundTo(combined, m.decimals);
    if (value === null) return { ...base, met: false, value: null, period: null, missing: base.from, gap: null };
    return {
      ...base,
      met: holds(rule.comparator, value, rule.threshold),
      value,
      period: null,
      missing: null,
      gap: gapOf(rule.comparator, value, rule.threshold),
    };
  }
  // Each period: judged one by one; the deciding one is the worst failing, or the closest to failing.
  const judged = values.map((v) => {
    const value = roundTo(v.value!.value, m.decimals);
    return {
      period: v.period,
      value,
      ok: holds(rule.comparator, value, rule.threshold),
      gap: gapOf(rule.comparator, value, rule.threshold),
      slack: Math.abs(value - rule.threshold),
    };
  });
  const failing = judged.filter((j) => !j.ok);
  const deciding = failing.length ? failing.reduce((a, b) => (b.gap > a.gap ? b : a)) : judged.reduce((a, b) => (b.slack < a.slack ? b : a));
  return {
    ...base,
    met: failing.length === 0,
    value: deciding.value,
    period: deciding.period,
    missing: null,
    gap: failing.length ? deciding.gap : 0,
  };
}

function evaluateService(rule: Extract<Rule, { kind: "service_months" }>, facts: PersonFacts, period: Period): ServiceOutcome {
  const base = {
    kind: "service_months" as const,
    ruleId: rule.id,
    comparator: rule.comparator,
    threshold: rule.threshold,
    hireDate: facts.hireDate,
    asOf: period.end,
  };
  if (!facts.hireDate) return { ...base, met: false, months: null, gap: null };
  const months = monthsOfService(facts.hireDate, period.end);
  return { ...base, met: holds(rule.comparator, months, rule.threshold), months, gap: gapOf(rule.comparator, months, rule.threshold) };
}

/** Whether a failed outcome is within its near-miss margin. */
function withinMargin(o: RuleOutcome): boolean {
  if (o.met || o.kind === "active" || o.gap === null) return false;
  if (o.kind === "service_months") return o.gap <= serviceMarginMonths;
  return o.gap <= metricMargin(o.threshold, o.metric.decimals) + 1e-9;
}

/**
 * A near miss: active, failing exactly one rule, and that rule's value is
 * within its margin (metricMargin / serviceMarginMonths). A missing value or
 * an unknown hire date is never a near miss: nothing says how near it is.
 */
export function nearMiss(outcomes: readonly RuleOutcome[]): boolean {
  const failed = outcomes.filter((o) => !o.met);
  return failed.length === 1 && withinMargin(failed[0]);
}

/** Judges a person against a title's rules over a campaign's period. */
export function evaluate(rules: readonly Rule[], facts: PersonFacts, period: Period): Evaluation {
  const outcomes: RuleOutcome[] = [{ kind: "active", met: facts.status === "active" }];
  for (const rule of rules) outcomes.push(rule.kind === "metric" ? evaluateMetric(rule, facts, period) : evaluateService(rule, facts, period));
  const eligible = outcomes.every((o) => o.met);
  return { eligible, nearMiss: !eligible && nearMiss(outcomes), outcomes };
}

/** The metric ids a set of rules reads. */
export const metricIdsOf = (rules: readonly Rule[]): number[] => [...new Set(rules.flatMap((r) => (r.kind === "metric" ? [r.metric.id] : [])))];
