import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { MetricGrain } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import type { MetricDefinitionInput } from "./schema";
import type { MetricRef } from "./validate";

// Metric definitions (issue 20, decision 0049): what the measuring systems
// send, managed by administrators at /admin/metrics and shared with the
// titles' metric templates. A code never changes (files and systems send
// it); a grain cannot change under its values (metric_values' foreign key on
// (metric_id, grain) refuses too); a definition is archived, never deleted,
// so its values and their history stay readable.

export interface MetricDefinition extends MetricDefinitionInput {
  id: number;
  archived: boolean;
  /** Current values held (superseded ones not counted). */
  valueCount: number;
}

/** A definition in use, as a title's metric template or an eligibility rule offers it. */
export interface MetricChoice {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  unitEn: string;
  direction: "higher" | "lower";
  decimals: number;
  grain: MetricGrain;
}

const columns = [
  "d.id",
  "d.code",
  "d.name_zh",
  "d.name_en",
  "d.unit",
  "d.unit_en",
  "d.direction",
  "d.decimals",
  "d.grain",
  "d.combine",
  "d.description",
  "d.archived_at",
] as const;

type Row = {
  id: number;
  code: string;
  name_zh: string;
  name_en: string;
  unit: string;
  unit_en: string;
  direction: "higher" | "lower";
  decimals: number;
  grain: MetricGrain;
  combine: "sum" | "average" | "latest";
  description: string;
  archived_at: Date | null;
  value_count: string | number | null;
};

/** A stored definition's columns as every reader names them. */
export const metricChoiceOf = (
  r: Pick<Row, "id" | "code" | "name_zh" | "name_en" | "unit" | "unit_en" | "direction" | "decimals" | "grain">,
): MetricChoice => ({
  id: r.id,
  code: r.code,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  unit: r.unit,
  unitEn: r.unit_en,
  direction: r.direction,
  decimals: Number(r.decimals),
  grain: r.grain,
});

const shape = (r: Row): MetricDefinition => ({
  ...metricChoiceOf(r),
  combine: r.combine,
  description: r.description,
  archived: r.archived_at !== null,
  valueCount: Number(r.value_count ?? 0),
});

function selectDefinitions(db: Db) {
  return db
    .selectFrom("metric_definitions as d")
    .select(columns)
    .select((eb) =>
      eb
        .selectFrom("metric_values as v")
        .select(eb.fn.countAll<string>().as("n"))
        .whereRef("v.metric_id", "=", "d.id")
        .where("v.superseded_at", "is", null)
        .as("value_count"),
    );
}

/** Every definition, those in use first. Administrators only. */
export async function listMetricDefinitions(db: Db, user: User): Promise<Result<MetricDefinition[]>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const rows = await selectDefinitions(db)
    .orderBy(sql`d.archived_at is not null`)
    .orderBy("d.code")
    .execute();
  return ok(rows.map(shape));
}

export async function getMetricDefinition(db: Db, user: User, code: string): Promise<Result<MetricDefinition>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const row = await selectDefinitions(db).where("d.code", "=", code).executeTakeFirst();
  return row ? ok(shape(row)) : err("metrics.notFound", 404);
}

/** The definitions a title's template or a new eligibility rule may point at: those in use, by code. */
export async function metricChoices(db: Db): Promise<MetricChoice[]> {
  const rows = await db
    .selectFrom("metric_definitions")
    .select(["id", "code", "name_zh", "name_en", "unit", "unit_en", "direction", "decimals", "grain"])
    .where("archived_at", "is", null)
    .orderBy("code")
    .execute();
  return rows.map(metricChoiceOf);
}

/** Every definition by code, for checking values (archived ones included, so they are refused by name). */
export async function metricRefs(db: Db, codes?: readonly string[]): Promise<Map<string, MetricRef>> {
  if (codes && codes.length === 0) return new Map();
  let q = db.selectFrom("metric_definitions").select(["id", "code", "grain", "decimals", "archived_at"]);
  if (codes) q = q.where("code", "in", [...codes]);
  const rows = await q.execute();
  return new Map(rows.map((r) => [r.code, { id: r.id, grain: r.grain, decimals: r.decimals, archived: r.archived_at !== null }]));
}

const stored = (input: MetricDefinitionInput) => ({
  name_zh: input.nameZh,
  name_en: input.nameEn,
  unit: input.unit,
  unit_en: input.unitEn,
  direction: input.direction,
  decimals: input.decimals,
  grain: input.grain,
  combine: input.combine,
  description: input.description,
});

export async function createMetricDefinition(db: Db, user: User, input: MetricDefinitionInput): Promise<Result<{ code: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("metric_definitions")
      .values({ code: input.code, ...stored(input), created_by: user.id })
      .onConflict((oc) => oc.column("code").doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!row) return err("metrics.code.taken", 409);
    await audit(trx, user, { action: "metric.created", subjectType: "metric", subjectId: row.id, after: { code: input.code, ...stored(input) } });
    return ok({ code: input.code });
  });
}

/** Saves a definition's names, unit, direction and rules; its code stays. */
export async function updateMetricDefinition(db: Db, user: User, code: string, input: MetricDefinitionInput): Promise<Result<{ code: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom("metric_definitions").selectAll().where("code", "=", code).forUpdate().executeTakeFirst();
    if (!before) return err("metrics.notFound", 404);
    const held = await trx
      .selectFrom("metric_values")
      .select((eb) => [eb.fn.countAll<string>().as("n"), sql<number | null>`max(scale(value))`.as("scale")])
      .where("metric_id", "=", before.id)
      .executeTakeFirstOrThrow();
    if (input.grain !== before.grain && Number(held.n) > 0) return err("metrics.grain.locked", 409, { grain: before.grain });
    const scale = Number(held.scale ?? 0);
    if (input.decimals < scale) return err("metrics.decimals.locked", 409, { decimals: scale });
    await trx
      .updateTable("metric_definitions")
      .set({ ...stored(input), updated_at: sql`now()` })
      .where("id", "=", before.id)
      .execute();
    // A template that stands for this metric shows its names, unit and direction.
    await trx
      .updateTable("title_metric_templates")
      .set({ name_zh: input.nameZh, name_en: input.nameEn, unit: input.unit, unit_en: input.unitEn, direction: input.direction })
      .where("metric_id", "=", before.id)
      .execute();
    const { id: _id, code: _code, created_by: _by, created_at: _at, updated_at: _up, archived_at: _ar, ...was } = before;
    await audit(trx, user, { action: "metric.updated", subjectType: "metric", subjectId: before.id, before: was, after: stored(input) });
    return ok({ code });
  });
}

/** Archives a definition (no new values) or puts it back in use. */
export async function setMetricArchived(db: Db, user: User, code: string, archived: boolean): Promise<Result<{ code: string }>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("metric_definitions")
      .set({ archived_at: archived ? sql`now()` : null, updated_at: sql`now()` })
      .where("code", "=", code)
      .where("archived_at", archived ? "is" : "is not", null)
      .returning("id")
      .executeTakeFirst();
    if (!row) return err("metrics.notFound", 404);
    await audit(trx, user, { action: archived ? "metric.archived" : "metric.restored", subjectType: "metric", subjectId: row.id, after: { code } });
    return ok({ code });
  });
}
