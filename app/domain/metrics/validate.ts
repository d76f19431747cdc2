import type { MessageKey } from "~/i18n";
import type { MetricGrain } from "../../../db/schema";
import { periodBounds } from "./periods";

// One check for a metric value, whichever way it arrives (the CSV import and
// POST /api/v1/metrics, decision 0049). Pure: the caller loads the lookups
// (definitions by code, people by employee number, units by code) and gets a
// value ready for recordMetricValues, or every field's problem as an i18n key.
// Every rule metric_values' checks enforce is checked here first, so a batch
// is refused with reasons rather than by a constraint.

/** A value as a system sends it: a person (employee number) or a unit (unit code), never both. */
export interface MetricValueInput {
  employeeNo?: string | null;
  unitCode?: string | null;
  metric?: string | null;
  period?: string | null;
  value?: string | number | null;
  source?: string | null;
}

export interface MetricRef {
  id: number;
  grain: MetricGrain;
  decimals: number;
  archived: boolean;
}

export interface MetricLookups {
  metrics: ReadonlyMap<string, MetricRef>;
  /** employee number → people.id */
  people: ReadonlyMap<string, number>;
  /** unit code → org_units.id */
  units: ReadonlyMap<string, number>;
}

/** What recordMetricValues writes: ids resolved, the value as exact decimal text. */
export interface MetricValue {
  metricId: number;
  grain: MetricGrain;
  personId: number | null;
  orgUnitId: number | null;
  period: string;
  value: string;
  sourceSystem: string;
}

export type MetricValueField = "subject" | "employeeNo" | "unitCode" | "metric" | "period" | "value" | "source";

export interface MetricValueError {
  field: MetricValueField;
  code: MessageKey;
  vars?: Record<string, string | number>;
}

export type CheckedValue = { ok: true; value: MetricValue } | { ok: false; errors: MetricValueError[] };

/** metric_values.value's own bound: abs(value) < 1e12. */
const maxMagnitudeDigits = 12;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const sourcePattern = /^[^\u0000-\u001f\u007f-\u009f]{1,60}$/u;
const decimalPattern = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const periodExamples: Record<MetricGrain, string> = { month: "2026-03", quarter: "2026-Q1", year: "2026" };
const shortened = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s);

/** "2026-3" and "2026-q1" are what people type; the stored form is "2026-03" and "2026-Q1" (periods.ts says what a period is). */
export function normalisePeriod(text: string, grain: MetricGrain): string | null {
  const t = text.trim().replace(/^(\d{4})\/(\d{1,2})$/, "$1-$2");
  const loose = grain === "month" ? t.replace(/^(\d{4})-(\d)$/, "$1-0$2") : grain === "quarter" ? t.toUpperCase() : t;
  return periodBounds(grain, loose) ? loose : null;
}

/** A decimal as exact text ("98.50" → "98.5"), or why not. */
export function normaliseDecimal(raw: string | number, decimals: number): { ok: true; text: string } | { ok: false; code: MessageKey } {
  const text = typeof raw === "number" ? (Number.isFinite(raw) ? String(raw) : "") : raw.trim().replace(/^\+/, "");
  const m = decimalPattern.exec(text);
  if (!m) return { ok: false, code: "metrics.value.number" };
  const [, sign, whole, fraction = ""] = m;
  const digits = whole.replace(/^0+(?=\d)/, "");
  const frac = fraction.replace(/0+$/, "");
  if (digits.length > maxMagnitudeDigits) return { ok: false, code: "metrics.value.tooLarge" };
  if (frac.length > decimals) return { ok: false, code: "metrics.value.decimals" };
  const zero = /^0+$/.test(digits) && frac === "";
  return { ok: true, text: `${sign === "-" && !zero ? "-" : ""}${digits}${frac ? `.${frac}` : ""}` };
}

const present = (v: string | null | undefined): string => (typeof v === "string" ? v.trim() : "");

/** Checks one value against the lookups: the value to record, or every problem found. */
export function checkMetricValue(input: MetricValueInput, lookups: MetricLookups): CheckedValue {
  const errors: MetricValueError[] = [];
  const employeeNo = present(input.employeeNo);
  const unitCode = present(input.unitCode);
  let personId: number | null = null;
  let orgUnitId: number | null = null;
  if (employeeNo && unitCode) errors.push({ field: "subject", code: "metrics.value.subjectBoth" });
  else if (!employeeNo && !unitCode) errors.push({ field: "subject", code: "metrics.value.subjectMissing" });
  else if (employeeNo) {
    personId = lookups.people.get(employeeNo) ?? null;
    if (personId === null) errors.push({ field: "employeeNo", code: "metrics.value.unknownPerson", vars: { value: shortened(employeeNo) } });
  } else {
    orgUnitId = lookups.units.get(unitCode) ?? null;
    if (orgUnitId === null) errors.push({ field: "unitCode", code: "metrics.value.unknownUnit", vars: { value: shortened(unitCode) } });
  }

  const code = present(input.metric);
  const metric = code ? lookups.metrics.get(code) : undefined;
  if (!code) errors.push({ field: "metric", code: "metrics.value.metricMissing" });
  else if (!metric) errors.push({ field: "metric", code: "metrics.value.unknownMetric", vars: { value: shortened(code) } });
  else if (metric.archived) errors.push({ field: "metric", code: "metrics.value.archivedMetric", vars: { value: code } });

  const periodText = present(input.period);
  let period: string | null = null;
  if (!periodText) errors.push({ field: "period", code: "metrics.value.periodMissing" });
  else if (metric) {
    period = normalisePeriod(periodText, metric.grain);
    if (!period)
      errors.push({
        field: "period",
        code: `metrics.value.period.${metric.grain}`,
        vars: { value: shortened(periodText), example: periodExamples[metric.grain] },
      });
  }

  let value: string | null = null;
  const raw = input.value;
  if (raw === null || raw === undefined || (typeof raw === "string" && !raw.trim()))
    errors.push({ field: "value", code: "metrics.value.valueMissing" });
  else if (typeof raw !== "string" && typeof raw !== "number") errors.push({ field: "value", code: "metrics.value.number", vars: { value: "" } });
  else if (metric) {
    const n = normaliseDecimal(raw, metric.decimals);
    if (n.ok) value = n.text;
    else errors.push({ field: "value", code: n.code, vars: { value: shortened(String(raw)), decimals: metric.decimals } });
  }

  const source = present(input.source);
  if (!source) errors.push({ field: "source", code: "metrics.value.sourceMissing" });
  else if (!sourcePattern.test(source)) errors.push({ field: "source", code: "metrics.value.source" });

  if (errors.length > 0 || !metric || period === null || value === null) return { ok: false, errors };
  return { ok: true, value: { metricId: metric.id, grain: metric.grain, personId, orgUnitId, period, value, sourceSystem: source } };
}

/** The key one current value lives under: a second value for it in the same batch is a mistake. */
export const valueKey = (v: MetricValue) => `${v.metricId}|${v.personId ?? ""}|${v.orgUnitId ?? ""}|${v.period}`;
