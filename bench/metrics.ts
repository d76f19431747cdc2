// npm run bench:metrics — 500,000 metric values (10,000 people × 10 metrics ×
// 5 months) recorded through recordMetricValues, the one write path of the
// CSV import and POST /api/v1/metrics (decision 0049), in one transaction as
// the import does, on a fresh database. Its baseline, in the same run: the
// same rows written by plain multi-row INSERTs (1,000 rows a statement, the
// periods' bounds computed beforehand), which neither looks for a current
// value nor keeps history. Then the same values again with one in ten
// changed (a re-import: 50,000 replaced, 450,000 unchanged).
// Ends with: RESULT metrics values=500000 values_per_s=… ms=… baseline_values_per_s=… ratio=… reimport_values_per_s=…
import { sql } from "kysely";
import type { Db } from "../db/client";
import { recordMetricValues } from "../app/domain/metrics/record.server";
import { periodBounds } from "../app/domain/metrics/periods";
import type { MetricValue } from "../app/domain/metrics/validate";
import { freshDatabase } from "./lib/database";
import { runBench } from "./lib/run-bench";

// BENCH_METRICS_PEOPLE: fewer people for a quick check; the figure is for the default.
const peopleCount = Number(process.env.BENCH_METRICS_PEOPLE ?? 10_000);
const metricCount = 10;
const months = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"];
const total = peopleCount * metricCount * months.length;
const baselineRowsPerStatement = 1000;
const say = (line: string) => process.stderr.write(`${line}\n`);

async function setUp(db: Db) {
  const unit = await db
    .insertInto("org_units")
    .values({ code: "GD", name_zh: "广东电信", name_en: "Guangdong Telecom", kind: "company" })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`
    insert into people (employee_no, name, org_unit_id)
    select 'GD' || lpad(n::text, 6, '0'), '员工' || n, ${unit.id} from generate_series(1, ${peopleCount}) as n`.execute(db);
  const people = (await db.selectFrom("people").select("id").orderBy("id").execute()).map((p) => p.id);
  const metrics: number[] = [];
  for (let m = 0; m < metricCount; m++) {
    const row = await db
      .insertInto("metric_definitions")
      .values({ code: `bench_${m}`, name_zh: `指标${m}`, name_en: `Metric ${m}`, direction: "higher", decimals: 2, grain: "month" })
      .returning("id")
      .executeTakeFirstOrThrow();
    metrics.push(row.id);
  }
  return { people, metrics };
}

function valuesFor(people: number[], metrics: number[], changed: (i: number) => boolean = () => false): MetricValue[] {
  const values: MetricValue[] = [];
  let i = 0;
  for (const metricId of metrics)
    for (const period of months)
      for (const personId of people) {
        const base = 80 + ((personId * 7 + metricId * 13 + period.charCodeAt(6)) % 2000) / 100;
        const value = changed(i) ? base + 0.01 : base;
        values.push({ metricId, grain: "month", personId, orgUnitId: null, period, value: value.toFixed(2), sourceSystem: "呼叫中心CTI" });
        i++;
      }
  return values;
}

const newBatch = async (db: Db) => (await db.insertInto("metric_batches").values({ origin: "demo" }).returning("id").executeTakeFirstOrThrow()).id;

async function timed<T>(what: string, fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  say(`  ${what}: ${Math.round(ms)} ms, ${Math.round(total / (ms / 1000))} values/s`);
  return { ms, value };
}

await runBench("metrics", { hardTimeoutSeconds: 900 }, async (defer) => {
  const database = await freshDatabase("ss_bench_metrics");
  defer("drop the benchmark database", () => database.drop());
  say(`bench:metrics on ${database.where}`);
  const handle = await database.open();
  defer("close the database", () => handle.close());
  const db = handle.db;
  const { people, metrics } = await setUp(db);
  const values = valuesFor(people, metrics);
  say(`${values.length} values: ${peopleCount} people × ${metricCount} metrics × ${months.length} months`);

  // Baseline: the same rows by plain multi-row INSERTs, on the same empty table and indexes.
  const baseline = await timed("baseline (multi-row INSERT)", () =>
    db.transaction().execute(async (trx) => {
      const batch = await newBatch(trx);
      for (let i = 0; i < values.length; i += baselineRowsPerStatement) {
        await trx
          .insertInto("metric_values")
          .values(
            values.slice(i, i + baselineRowsPerStatement).map((v) => {
              const { start, end } = periodBounds(v.grain, v.period)!;
              return {
                metric_id: v.metricId,
                grain: v.grain,
                person_id: v.personId,
                org_unit_id: v.orgUnitId,
                period: v.period,
                period_start: start,
                period_end: end,
                value: v.value,
                source_system: v.sourceSystem,
                batch_id: batch,
              };
            }),
          )
          .execute();
      }
    }),
  );
  await sql`truncate metric_values`.execute(db);
  await sql`vacuum analyze metric_values`.execute(db);

  const recorded = await timed("recordMetricValues (empty table)", () =>
    db.transaction().execute(async (trx) => recordMetricValues(trx, await newBatch(trx), values)),
  );
  if (recorded.value.created !== total) throw new Error(`expected ${total} created, got ${JSON.stringify(recorded.value)}`);

  // A re-import: every value compared with the current one, one in ten replaced.
  const again = valuesFor(people, metrics, (i) => i % 10 === 0);
  const reimport = await timed("recordMetricValues (re-import, 10 % changed)", () =>
    db.transaction().execute(async (trx) => recordMetricValues(trx, await newBatch(trx), again)),
  );
  if (reimport.value.replaced !== total / 10 || reimport.value.unchanged !== total - total / 10)
    throw new Error(`unexpected re-import counts ${JSON.stringify(reimport.value)}`);
  const { n } = (await sql<{ n: number }>`select count(*)::int as n from metric_values where superseded_at is null`.execute(db)).rows[0];
  if (n !== total) throw new Error(`expected ${total} current values, found ${n}`);

  const rate = (ms: number) => Math.round(total / (ms / 1000));
  process.stdout.write(
    `RESULT metrics values=${total} values_per_s=${rate(recorded.ms)} ms=${Math.round(recorded.ms)} baseline_values_per_s=${rate(baseline.ms)} ratio=${(
      baseline.ms / recorded.ms
    ).toFixed(2)} reimport_values_per_s=${rate(reimport.ms)} db=${database.kind}\n`,
  );
});
