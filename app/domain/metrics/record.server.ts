import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { MetricValue } from "./validate";

// The one write path for metric values (decision 0049): the CSV import and
// POST /api/v1/metrics both end here, inside their own transaction, with
// values checkMetricValue passed and no two for the same metric, subject and
// period.
//
// Set-based, so that 500,000 values land at well over 20,000 a second
// (bench:metrics): each chunk travels as one array per column, unnested by
// PostgreSQL, in two statements:
//   1. values that differ from the current one: the current one is marked
//      superseded (by the new row's id, drawn from the sequence first) and
//      the new one inserted, in one statement. The insert reads the update's
//      output, so each old row leaves the "current" unique index before its
//      successor enters it; the superseded_by foreign key is checked at the
//      statement's end, when the successor exists.
//   2. values with no current one: inserted.
// A value equal to the current one (same value and source system) is left
// alone and counted unchanged: re-sending a file changes nothing.
//
// The current value is looked up by a LATERAL subquery with LIMIT 1, one
// probe of the partial unique index per value. Inside the import's
// transaction the table's statistics do not know the rows just written, so a
// plain join or NOT EXISTS was planned as a hash or merge join over every
// current value, once a chunk: the 50th chunk of 500,000 read 400,000 rows
// (5,844 values/s in bench:metrics); the probes keep each chunk's cost flat.

/** Values per statement: 10,000 a chunk (about 1 MB of arrays) — 5,000 measured no faster under bench:metrics. */
export const recordChunk = 10_000;
/** Serialises metric writes: two batches for the same key must not both see "no current value". */
const recordLock = 0x4d_45_54_52; // "METR"

export interface RecordCounts {
  created: number;
  replaced: number;
  unchanged: number;
}

/** Writes the values as batch `batchId`'s, in the caller's transaction, and adds the written ones to its value_count. */
export async function recordMetricValues(trx: Db, batchId: string | number, values: readonly MetricValue[]): Promise<RecordCounts> {
  const counts: RecordCounts = { created: 0, replaced: 0, unchanged: 0 };
  if (values.length === 0) return counts;
  await sql`select pg_advisory_xact_lock(${recordLock})`.execute(trx);
  // People's values and units' apart: each statement then matches the current
  // value on one equality (metric, subject, period), which its partial unique
  // index answers; an OR of the two would match on (metric, period) alone,
  // thousands of rows for each value (1,500 values/s, bench:metrics).
  for (const subject of ["person_id", "org_unit_id"] as const) {
    const ofKind = values.filter((v) => (subject === "person_id" ? v.personId !== null : v.orgUnitId !== null));
    for (let i = 0; i < ofKind.length; i += recordChunk) {
      const chunk = ofKind.slice(i, i + recordChunk);
      const replaced = await replaceChanged(trx, String(batchId), subject, chunk);
      const created = await insertNew(trx, String(batchId), subject, chunk);
      counts.replaced += replaced;
      counts.created += created;
      counts.unchanged += chunk.length - replaced - created;
    }
  }
  const written = counts.created + counts.replaced;
  if (written > 0)
    await trx
      .updateTable("metric_batches")
      .set({ value_count: sql`value_count + ${written}` })
      .where("id", "=", String(batchId))
      .execute();
  return counts;
}

/** The chunk as one array per column, and its rows as a relation. */
function input(chunk: readonly MetricValue[], alias: "i" | "c") {
  const metric = chunk.map((v) => v.metricId);
  const grain = chunk.map((v) => v.grain);
  const person = chunk.map((v) => v.personId);
  const unit = chunk.map((v) => v.orgUnitId);
  const period = chunk.map((v) => v.period);
  const value = chunk.map((v) => v.value);
  const source = chunk.map((v) => v.sourceSystem);
  return sql`unnest(${metric}::integer[], ${grain}::text[], ${person}::integer[], ${unit}::integer[], ${period}::text[], ${value}::numeric[], ${source}::text[])
    as ${sql.raw(alias)}(metric_id, grain, person_id, org_unit_id, period, value, source_system)`;
}

// The same expressions as metric_values' checks: the first and last day of the period.
const periodStart = sql`make_date(substr(c.period, 1, 4)::integer,
  case c.grain when 'month' then substr(c.period, 6, 2)::integer when 'quarter' then (substr(c.period, 7, 1)::integer - 1) * 3 + 1 else 1 end, 1)`;
const periodEnd = sql`(${periodStart} + case c.grain when 'month' then interval '1 month' when 'quarter' then interval '3 months' else interval '1 year' end - interval '1 day')::date`;

type Subject = "person_id" | "org_unit_id";

async function replaceChanged(trx: Db, batchId: string, subject: Subject, chunk: readonly MetricValue[]): Promise<number> {
  const column = sql.ref(`v.${subject}`);
  const given = sql.ref(`i.${subject}`);
  const result = await sql<{ n: string | number }>`
    with c as (
      select v.old_id, nextval(pg_get_serial_sequence('metric_values', 'id')) as new_id, i.*
      from ${input(chunk, "i")}
      cross join lateral (
        select v.id as old_id from metric_values v
        where v.metric_id = i.metric_id and ${column} = ${given} and v.period = i.period and v.superseded_at is null
          and (v.value <> i.value or v.source_system <> i.source_system)
        limit 1
      ) v
    ),
    old as (
      update metric_values v set superseded_at = now(), superseded_by = c.new_id
      from c where v.id = c.old_id
      returning c.*
    ),
    inserted as (
      insert into metric_values (id, metric_id, grain, person_id, org_unit_id, period, period_start, period_end, value, source_system, batch_id)
      overriding system value
      select c.new_id, c.metric_id, c.grain, c.person_id, c.org_unit_id, c.period, ${periodStart}, ${periodEnd}, c.value, c.source_system, ${batchId}::bigint
      from old c
      returning 1
    )
    select count(*) as n from inserted`.execute(trx);
  return Number(result.rows[0]?.n ?? 0);
}

async function insertNew(trx: Db, batchId: string, subject: Subject, chunk: readonly MetricValue[]): Promise<number> {
  const column = sql.ref(`v.${subject}`);
  const given = sql.ref(`c.${subject}`);
  const result = await sql<{ n: string | number }>`
    with inserted as (
      insert into metric_values (metric_id, grain, person_id, org_unit_id, period, period_start, period_end, value, source_system, batch_id)
      select c.metric_id, c.grain, c.person_id, c.org_unit_id, c.period, ${periodStart}, ${periodEnd}, c.value, c.source_system, ${batchId}::bigint
      from ${input(chunk, "c")}
      left join lateral (
        select true as found from metric_values v
        where v.metric_id = c.metric_id and ${column} = ${given} and v.period = c.period and v.superseded_at is null
        limit 1
      ) v on true
      where v.found is null
      returning 1
    )
    select count(*) as n from inserted`.execute(trx);
  return Number(result.rows[0]?.n ?? 0);
}
