import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { MetricDirection } from "../../../db/schema";
import { metricChoiceOf } from "./definitions.server";
import { combineValues, periodsBetween, type Combine, type Grain } from "./periods";

// Imported metric values read as figures (issue 20): what a person's
// satisfaction was in each month of a campaign's period, and over the whole
// period, with where each value came from. The nomination form fills its
// figures from here and the eligibility rules judge by it; both read only
// current values (a superseded value is history, kept for /admin/metrics).

export interface MetricDefinition {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  direction: MetricDirection;
  decimals: number;
  grain: Grain;
  combine: Combine;
}

/** One period's current value and its provenance. */
export interface PeriodValue {
  value: number;
  sourceSystem: string;
  /** When this value was recorded (imported). */
  recordedAt: Date;
  batchId: string;
}

export interface Figure {
  metric: MetricDefinition;
  /** The periods the days cover at the metric's grain, oldest first, each with its value or null when none was imported. */
  periods: Array<{ period: string; value: PeriodValue | null }>;
  /** The periods' values combined as the metric says (sum, average, latest); null when none was imported. */
  value: number | null;
  /** Every period has a value. */
  complete: boolean;
  /** The source systems of the values used, in order of first use. */
  sourceSystems: string[];
  /** The latest recording among the values used; null without any. */
  importedAt: Date | null;
}

export interface FigureQuery {
  personIds: readonly number[];
  metricIds: readonly number[];
  /** The days the figures are for (inclusive; "YYYY-MM-DD" or a date column as read): a campaign's period. */
  from: string | Date;
  to: string | Date;
}

const asDay = (d: Date | string) => (typeof d === "string" ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/** The metric definitions with these ids (archived ones included: old nominations still name them). */
export async function metricDefinitions(db: Db, ids: readonly number[]): Promise<Map<number, MetricDefinition>> {
  if (!ids.length) return new Map();
  const rows = await db
    .selectFrom("metric_definitions")
    .select(["id", "code", "name_zh", "name_en", "unit", "unit_en", "direction", "decimals", "grain", "combine"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, { ...metricChoiceOf(r), combine: r.combine }]));
}

/**
 * The figures of these people for these metrics over the days given:
 * person id → metric id → figure. Every person and metric asked for has a
 * figure, with null values where nothing was imported.
 */
export async function personFigures(db: Db, query: FigureQuery): Promise<Map<number, Map<number, Figure>>> {
  const out = new Map<number, Map<number, Figure>>();
  const personIds = [...new Set(query.personIds)];
  const definitions = await metricDefinitions(db, query.metricIds);
  if (!personIds.length || !definitions.size) {
    for (const id of personIds) out.set(id, new Map());
    return out;
  }
  const rows = await db
    .selectFrom("metric_values")
    .select(["person_id", "metric_id", "period", "value", "source_system", "recorded_at", "batch_id"])
    .where("superseded_at", "is", null)
    .where("person_id", "in", personIds)
    .where("metric_id", "in", [...definitions.keys()])
    .where("period_start", "<=", sql<Date>`${asDay(query.to)}::date`)
    .where("period_end", ">=", sql<Date>`${asDay(query.from)}::date`)
    .execute();
  const found = new Map<string, PeriodValue>();
  for (const r of rows) {
    found.set(`${r.person_id}:${r.metric_id}:${r.period}`, {
      value: Number(r.value),
      sourceSystem: r.source_system,
      recordedAt: new Date(r.recorded_at),
      batchId: String(r.batch_id),
    });
  }
  for (const personId of personIds) {
    const figures = new Map<number, Figure>();
    for (const metric of definitions.values()) {
      const periods = periodsBetween(metric.grain, asDay(query.from), asDay(query.to)).map((period) => ({
        period,
        value: found.get(`${personId}:${metric.id}:${period}`) ?? null,
      }));
      const used = periods.flatMap((p) => (p.value ? [p.value] : []));
      figures.set(metric.id, {
        metric,
        periods,
        value: combineValues(
          metric.combine,
          used.map((v) => v.value),
        ),
        complete: used.length === periods.length && periods.length > 0,
        sourceSystems: [...new Set(used.map((v) => v.sourceSystem))],
        importedAt: used.length ? new Date(Math.max(...used.map((v) => v.recordedAt.getTime()))) : null,
      });
    }
    out.set(personId, figures);
  }
  return out;
}
