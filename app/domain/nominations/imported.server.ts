import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { personFigures } from "../metrics/figures.server";
import { periodLabel, provenanceOf, roundTo, sourceSystemLabel, type ImportedFigure, type Provenance } from "./provenance";
import type { NomineeRef } from "./queries.server";
import type { MetricInput } from "./schema";

// A nomination's figures from the imported values (issue 20, item 2;
// decision 0051): what the form fills in for a nominee, and the provenance
// a save stores, decided here against the figure read again at save time —
// never from anything the form posts.

/** The campaign's period, as days ("YYYY-MM-DD"). */
async function campaignPeriod(db: Db, campaignId: number): Promise<{ from: string; to: string }> {
  const row = await db
    .selectFrom("campaigns")
    .select([sql<string>`to_char(period_start, 'YYYY-MM-DD')`.as("from"), sql<string>`to_char(period_end, 'YYYY-MM-DD')`.as("to")])
    .where("id", "=", campaignId)
    .executeTakeFirstOrThrow();
  return row;
}

/**
 * The imported figures of one person for a title's templates that point at
 * a metric definition, over the campaign's period: one per template with a
 * value (templates with nothing imported are left out).
 */
export async function importedFigures(db: Db, campaignId: number, titleId: number, personId: number): Promise<ImportedFigure[]> {
  const templates = await db
    .selectFrom("title_metric_templates")
    .select(["id", "metric_id", "unit"])
    .where("title_id", "=", titleId)
    .where("metric_id", "is not", null)
    .orderBy("position")
    .execute();
  if (templates.length === 0) return [];
  const period = await campaignPeriod(db, campaignId);
  const figures = (
    await personFigures(db, { personIds: [personId], metricIds: templates.map((t) => t.metric_id!), from: period.from, to: period.to })
  ).get(personId);
  return templates.flatMap((t): ImportedFigure[] => {
    const f = figures?.get(t.metric_id!);
    if (!f || f.value === null || !f.importedAt) return [];
    const used = f.periods.filter((p) => p.value !== null).map((p) => p.period);
    return [
      {
        templateId: t.id,
        metricId: f.metric.id,
        value: roundTo(f.value, f.metric.decimals),
        // The template's unit as the form shows it; the definition's where the template has none.
        unit: t.unit || f.metric.unit,
        period: periodLabel(f.complete ? f.periods.map((p) => p.period) : used),
        direction: f.metric.direction,
        sourceSystem: sourceSystemLabel(f.sourceSystems),
        importedAt: f.importedAt.toISOString(),
        periodsWith: used.length,
        periodsTotal: f.periods.length,
      },
    ];
  });
}

/**
 * The metrics of a save with their provenance: a template's row is stored
 * as imported only when its value and period are the figure read now for
 * the nominee; anything else — a team, a changed value, a figure imported
 * since with another value, nothing imported — is the nominator's.
 */
export async function withProvenance(
  db: Db,
  campaignId: number,
  titleId: number,
  kind: "individual" | "team",
  nominees: readonly NomineeRef[],
  metrics: readonly MetricInput[],
): Promise<Array<MetricInput & Provenance>> {
  const figures = kind === "individual" && nominees.length === 1 ? await importedFigures(db, campaignId, titleId, nominees[0].personId) : [];
  return metrics.map((m) => {
    const figure = m.templateId === null ? undefined : figures.find((f) => f.templateId === m.templateId);
    const provenance = provenanceOf(m, figure);
    // An imported figure keeps the source it came from, whatever the source box says.
    return { ...m, ...provenance, ...(provenance.origin === "imported" ? { source: provenance.sourceSystem! } : {}) };
  });
}
