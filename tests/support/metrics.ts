import type { Db } from "../../db/client";
import type { MetricDirection } from "../../db/schema";
import { periodBounds, type Combine, type Grain } from "../../app/domain/metrics/periods";
import { recordMetricValues } from "../../app/domain/metrics/record.server";

// Planting metric definitions and imported values for tests of what reads
// them (figures, eligibility rules, nominations, insights), written through
// app/domain/metrics/record.server.ts as the import and the API write them.

let counter = 0;

export interface PlantedMetric {
  id: number;
  code: string;
  grain: Grain;
}

/** A metric definition; by default a monthly satisfaction percentage, higher is better, averaged. */
export async function givenMetric(
  db: Db,
  opts: {
    code?: string;
    nameZh?: string;
    nameEn?: string;
    unit?: string;
    unitEn?: string;
    direction?: MetricDirection;
    decimals?: number;
    grain?: Grain;
    combine?: Combine;
  } = {},
): Promise<PlantedMetric> {
  const code = opts.code ?? `metric_${++counter}`;
  const row = await db
    .insertInto("metric_definitions")
    .values({
      code,
      name_zh: opts.nameZh ?? `指标${code}`,
      name_en: opts.nameEn ?? `Metric ${code}`,
      unit: opts.unit ?? "%",
      unit_en: opts.unitEn ?? "%",
      direction: opts.direction ?? "higher",
      decimals: opts.decimals ?? 1,
      grain: opts.grain ?? "month",
      combine: opts.combine ?? "average",
    })
    .returning(["id", "code", "grain"])
    .executeTakeFirstOrThrow();
  return row;
}

export interface PlantedValue {
  metric: PlantedMetric;
  /** A person's employee number, or a unit's code (`unit:` prefix). */
  subject: string;
  period: string;
  value: number | string;
  source?: string;
}

/** Imported values, in one demo batch, through the import's own write path; a value for a metric, subject and period already held supersedes it. Returns the batch id. */
export async function givenMetricValues(db: Db, values: readonly PlantedValue[], opts: { recordedAt?: Date } = {}): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const batch = await trx.insertInto("metric_batches").values({ origin: "demo" }).returning("id").executeTakeFirstOrThrow();
    const resolved = [];
    for (const v of values) {
      if (!periodBounds(v.metric.grain, v.period)) throw new Error(`${v.period} is not a ${v.metric.grain}`);
      const isUnit = v.subject.startsWith("unit:");
      const personId = isUnit
        ? null
        : (await trx.selectFrom("people").select("id").where("employee_no", "=", v.subject).executeTakeFirstOrThrow()).id;
      const orgUnitId = isUnit
        ? (await trx.selectFrom("org_units").select("id").where("code", "=", v.subject.slice(5)).executeTakeFirstOrThrow()).id
        : null;
      resolved.push({
        metricId: v.metric.id,
        grain: v.metric.grain,
        personId,
        orgUnitId,
        period: v.period,
        value: String(v.value),
        sourceSystem: v.source ?? "test-system",
      });
    }
    await recordMetricValues(trx, batch.id, resolved);
    if (opts.recordedAt) await trx.updateTable("metric_values").set({ recorded_at: opts.recordedAt }).where("batch_id", "=", batch.id).execute();
    return String(batch.id);
  });
}
