import type { MetricTemplate } from "../titles/titles.server";
import type { MetricRow } from "./schema";

// How a nomination's metric rows follow its title: one rule for the server
// (every post, so a form without JavaScript follows its title) and the
// browser (when the title changes).

/** A metric row as the form posts it (strings) or as the domain fills it in (numbers). */
export type MetricRowLike = Partial<Record<keyof MetricRow, unknown>>;

const filled = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== "";

/** The fields a template fills in on its row. */
const templateFields = (t: MetricTemplate): MetricRowLike => ({
  templateId: String(t.id),
  name: t.nameZh,
  unit: t.unit,
  direction: t.direction,
  target: t.target === null ? undefined : String(t.target),
});

/**
 * The metric rows for a newly chosen title: rows of the title's own templates
 * stay; a template row of another title is dropped when nothing was typed in
 * it, moves onto the new title's template of the same metric when there is
 * one (customer satisfaction is asked by several titles: the figures typed
 * stay satisfaction's), and is otherwise kept as a row of its own (nothing
 * typed is lost); each template the rows do not answer yet gets a pre-filled
 * row. The server does this on every post (so a form without JavaScript
 * follows its title), the browser when the title changes.
 */
export function alignMetricRows(templates: readonly MetricTemplate[], rows: readonly MetricRowLike[]): MetricRowLike[] {
  const ids = new Set(templates.map((t) => String(t.id)));
  const answered = new Set(rows.filter((r) => ids.has(String(r.templateId))).map((r) => String(r.templateId)));
  const kept = rows.flatMap((r): MetricRowLike[] => {
    if (!filled(r.templateId) || ids.has(String(r.templateId))) return [r];
    if (![r.value, r.period, r.baseline, r.source].some(filled)) return [];
    const same = templates.find((t) => t.nameZh === r.name && !answered.has(String(t.id)));
    if (!same) return [{ ...r, templateId: undefined }];
    answered.add(String(same.id));
    return [{ ...r, ...templateFields(same) }];
  });
  const added = templates.filter((t) => !answered.has(String(t.id))).map(templateFields);
  return [...kept, ...added];
}

export const blankMetricRow: MetricRowLike = {};
