import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { getMetricDefinition, type MetricDefinition } from "./definitions.server";

// Provenance (decision 0049): every value belongs to a batch (a CSV import,
// an API call, the demo), and a replaced value stays, marked superseded by
// its successor. This is what /admin/metrics/:code shows of them.

export interface BatchRow {
  id: string;
  origin: "csv" | "api" | "demo";
  importId: number | null;
  tokenName: string | null;
  createdBy: string | null;
  createdAt: Date;
  sources: string[];
  /** Values of this metric the batch wrote (current or since replaced). */
  count: number;
}

export interface HistoryRow {
  id: string;
  value: string;
  sourceSystem: string;
  recordedAt: Date;
  supersededAt: Date | null;
  batch: { id: string; origin: "csv" | "api" | "demo"; importId: number | null; tokenName: string | null };
}

export const recentBatchCount = 20;

/** The latest batches that brought values of a metric. Administrators only. */
export async function recentBatches(db: Db, user: User, metricId: number): Promise<Result<BatchRow[]>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const rows = await db
    .selectFrom("metric_values as v")
    .innerJoin("metric_batches as b", "b.id", "v.batch_id")
    .leftJoin("api_tokens as t", "t.id", "b.api_token_id")
    .leftJoin("people as p", "p.id", "b.created_by")
    .select([
      "b.id",
      "b.origin",
      "b.import_id",
      "b.created_at",
      "t.name as token_name",
      "p.name as created_by",
      sql<string[]>`array_agg(distinct v.source_system order by v.source_system)`.as("sources"),
      sql<string | number>`count(*)`.as("n"),
    ])
    .where("v.metric_id", "=", metricId)
    .groupBy(["b.id", "t.name", "p.name"])
    .orderBy("b.id", "desc")
    .limit(recentBatchCount)
    .execute();
  return ok(
    rows.map((r) => ({
      id: String(r.id),
      origin: r.origin,
      importId: r.import_id,
      tokenName: r.token_name,
      createdBy: r.created_by,
      createdAt: r.created_at,
      sources: r.sources,
      count: Number(r.n),
    })),
  );
}

/**
 * Every value a person (by employee number) or a unit (by code) has had for
 * a metric and period, newest first: the current one and those it replaced.
 */
export async function valueHistory(db: Db, user: User, metricId: number, subject: string, period: string): Promise<Result<HistoryRow[]>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const rows = await db
    .selectFrom("metric_values as v")
    .innerJoin("metric_batches as b", "b.id", "v.batch_id")
    .leftJoin("api_tokens as t", "t.id", "b.api_token_id")
    .leftJoin("people as p", "p.id", "v.person_id")
    .leftJoin("org_units as u", "u.id", "v.org_unit_id")
    .select([
      "v.id",
      sql<string>`v.value::text`.as("value"),
      "v.source_system",
      "v.recorded_at",
      "v.superseded_at",
      "b.id as batch_id",
      "b.origin",
      "b.import_id",
      "t.name as token_name",
    ])
    .where("v.metric_id", "=", metricId)
    .where("v.period", "=", period.trim().toUpperCase())
    .where((eb) => eb.or([eb("p.employee_no", "=", subject.trim()), eb("u.code", "=", subject.trim())]))
    .orderBy("v.id", "desc")
    .limit(100)
    .execute();
  return ok(
    rows.map((r) => ({
      id: String(r.id),
      value: r.value,
      sourceSystem: r.source_system,
      recordedAt: r.recorded_at,
      supersededAt: r.superseded_at,
      batch: { id: String(r.batch_id), origin: r.origin, importId: r.import_id, tokenName: r.token_name },
    })),
  );
}

export interface MetricPage {
  definition: MetricDefinition;
  batches: BatchRow[];
  /** The values looked up, when a subject and period were given. */
  history: { subject: string; period: string; rows: HistoryRow[] } | null;
}

/** /admin/metrics/:code: the definition, its recent batches, and one subject's history for a period. */
export async function metricPage(db: Db, user: User, code: string, lookup: { subject?: string; period?: string }): Promise<Result<MetricPage>> {
  const definition = await getMetricDefinition(db, user, code);
  if (!definition.ok) return definition;
  const batches = await recentBatches(db, user, definition.value.id);
  if (!batches.ok) return batches;
  const subject = lookup.subject?.trim().slice(0, 40) ?? "";
  const period = lookup.period?.trim().slice(0, 10) ?? "";
  let history: MetricPage["history"] = null;
  if (subject && period) {
    const rows = await valueHistory(db, user, definition.value.id, subject, period);
    if (!rows.ok) return rows;
    history = { subject, period, rows: rows.value };
  }
  return ok({ definition: definition.value, batches: batches.value, history });
}
