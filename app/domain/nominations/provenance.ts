import type { MetricRowLike } from "./metric-rows";

// Where a nomination's figure came from (issue 20, item 2; decision 0051):
// filled from the values imported from the system that measures it, or
// typed by the nominator. Pure: the form marks its rows with it in the
// browser, and the server decides what is stored by the same rule
// (sameAsImported) against a figure it reads again itself.

export type Origin = "entered" | "imported";

/** A title's metric as imported for one nominee over a campaign's period, as the form fills it in. */
export interface ImportedFigure {
  templateId: number;
  metricId: number;
  /** Rounded to the definition's decimals: what the form shows and a save must match. */
  value: number;
  unit: string;
  /** "2026-07 – 2026-12": the periods the value covers. */
  period: string;
  direction: "higher" | "lower";
  /** The source systems of the values used ("CRM", or "CRM + ACD"). */
  sourceSystem: string;
  /** ISO: the latest recording among the values used. */
  importedAt: string;
  /** Of the campaign's periods at the metric's grain, how many had a value. */
  periodsWith: number;
  periodsTotal: number;
}

/** A figure's provenance as stored with it (nomination_metrics.origin, metric_id, source_system, imported_at). */
export interface Provenance {
  origin: Origin;
  metricId: number | null;
  sourceSystem: string | null;
  importedAt: Date | null;
}

export const enteredByHand: Provenance = { origin: "entered", metricId: null, sourceSystem: null, importedAt: null };

/** The column source_system holds at most 60 characters. */
const sourceSystemMax = 60;

/** Rounded half away from zero to `decimals` places, without binary noise (98.25 → 98.3). */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number.parseFloat((Math.abs(value) * factor).toPrecision(12));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

/** The periods a figure covers, as the form writes them: "2026-07 – 2026-12", or one period alone. */
export function periodLabel(periods: readonly string[]): string {
  if (periods.length === 0) return "";
  return periods.length === 1 ? periods[0] : `${periods[0]} – ${periods[periods.length - 1]}`;
}

/** Several source systems as one (the column's 60 characters at most). */
export function sourceSystemLabel(systems: readonly string[]): string {
  const joined = systems.join(" + ");
  return [...joined].length <= sourceSystemMax ? joined : `${[...joined].slice(0, sourceSystemMax - 1).join("")}…`;
}

const asNumber = (v: unknown): number | null => {
  if (v === undefined || v === null || String(v).trim() === "") return null;
  const n = Number(String(v).trim());
  return Number.isFinite(n) ? n : null;
};

/**
 * The one rule for "this figure is the imported one": the row's value and
 * period are what the import gives (the value as rounded for the form).
 * Anything else — a changed value, another period, no figure at all — is
 * the nominator's.
 */
export function sameAsImported(row: { value?: unknown; period?: unknown }, figure: ImportedFigure | null | undefined): boolean {
  if (!figure) return false;
  const value = asNumber(row.value);
  return value !== null && value === figure.value && String(row.period ?? "").trim() === figure.period;
}

/** The provenance a row is stored with, decided against the figure read at save time. */
export function provenanceOf(row: { value?: unknown; period?: unknown }, figure: ImportedFigure | null | undefined): Provenance {
  if (!figure || !sameAsImported(row, figure)) return enteredByHand;
  return { origin: "imported", metricId: figure.metricId, sourceSystem: figure.sourceSystem, importedAt: new Date(figure.importedAt) };
}

/**
 * The form's metric rows with the imported figures filled in: each template
 * row with a figure gets its value, unit, period, direction and source (the
 * source system); every other row, and everything else typed, stays.
 */
export function fillRows(rows: readonly MetricRowLike[], figures: readonly ImportedFigure[]): { rows: MetricRowLike[]; filled: number } {
  let filled = 0;
  const out = rows.map((row) => {
    const figure = figures.find((f) => String(f.templateId) === String(row.templateId));
    if (!figure) return row;
    filled += 1;
    return {
      ...row,
      value: String(figure.value),
      unit: figure.unit,
      period: figure.period,
      direction: figure.direction,
      source: figure.sourceSystem,
    };
  });
  return { rows: out, filled };
}
