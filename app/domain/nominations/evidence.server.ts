import { sql, type Selectable } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationMetricTable } from "../../../db/schema";
import { getPictures } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { maskPersonalData } from "../privacy/mask-text";
import { compareMetric, type MetricComparison } from "./metrics";
import type { MetricInput } from "./schema";
import { isFredPrinciple, parseStory, type FredPrinciple, type StoryBlock } from "./story";

// A nomination's evidence (metrics, stories, photos) as the pages read it:
// loadEvidence for the nomination page and the form (maskedEvidence for
// every page but the form's boxes); metricInEnglish and metricView for the
// ballot and the publish page as well.

/** pg reads numeric as a string, PGlite may not. */
const num = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** A stored metric row, with how it compares to its target and baseline, and where it came from (decision 0051). */
export interface MetricView extends MetricInput {
  origin: "entered" | "imported";
  /** The source system and when its value was imported: imported figures only. */
  sourceSystem: string | null;
  /** ISO. */
  importedAt: string | null;
  /** Its name and unit in English, from a template: see {@link metricInEnglish}. */
  nameEn: string | null;
  unitEn: string | null;
  comparison: MetricComparison;
}

/**
 * A metric's name and unit in English, selected where `nomination_metrics` is
 * aliased `m`. The form posts a template's metric under the template's
 * Chinese name and unit, and the template has them in English too; a metric
 * the nominator typed under exactly the Chinese name of a template is that
 * metric as well (故障申告率 is the fault-report rate whichever title asks
 * for it). Its own title's template comes first. The unit only where the
 * template has the same Chinese unit and an English one (% has none: it reads
 * the same). Any other metric — or one whose template was renamed since — has
 * only what it was stored with (null here). docs/decisions/0020.
 */
export const metricInEnglish = [
  sql<string | null>`(select known.name_en from title_metric_templates known
    where known.name_zh = m.name order by known.id = m.template_id desc nulls last, known.id limit 1)`.as("name_en"),
  sql<string | null>`(select nullif(known.unit_en, '') from title_metric_templates known
    where known.name_zh = m.name and known.unit = m.unit order by known.id = m.template_id desc nulls last, known.id limit 1)`.as("unit_en"),
] as const;

/** The columns of `nomination_metrics as m` that metricView reads (the English names aside: metricInEnglish). */
export const storedMetricColumns = [
  "m.template_id",
  "m.name",
  "m.value",
  "m.unit",
  "m.period",
  "m.target",
  "m.baseline",
  "m.direction",
  "m.source",
  "m.origin",
  "m.source_system",
  "m.imported_at",
] as const;

export interface StoryView {
  heading: string;
  body: string;
  blocks: StoryBlock[];
  principles: FredPrinciple[];
  quote: string | null;
  quoteBy: string | null;
}

export interface PhotoView {
  mediaId: number;
  caption: string;
  picture: PictureData;
}

/** A stored metric row as the pages show it: numbers read the same on pg and PGlite, and its comparison. */
export function metricView(
  m: Pick<
    Selectable<NominationMetricTable>,
    "template_id" | "name" | "value" | "unit" | "period" | "target" | "baseline" | "direction" | "source" | "origin" | "source_system" | "imported_at"
  > & { name_en: string | null; unit_en: string | null },
): MetricView {
  const value = Number(m.value);
  const target = num(m.target);
  const baseline = num(m.baseline);
  return {
    templateId: m.template_id,
    name: m.name,
    nameEn: m.name_en,
    unitEn: m.unit_en,
    value,
    unit: m.unit,
    period: m.period,
    target,
    baseline,
    direction: m.direction,
    source: m.source,
    origin: m.origin,
    sourceSystem: m.origin === "imported" ? m.source_system : null,
    importedAt: m.origin === "imported" && m.imported_at ? new Date(m.imported_at).toISOString() : null,
    comparison: compareMetric({ value, target, baseline, direction: m.direction }),
  };
}

export async function loadEvidence(db: Db, nominationId: number) {
  const [metrics, stories, photos] = await Promise.all([
    db
      .selectFrom("nomination_metrics as m")
      .selectAll("m")
      .select(metricInEnglish)
      .where("m.nomination_id", "=", nominationId)
      .orderBy("m.position")
      .execute(),
    db.selectFrom("nomination_stories").selectAll().where("nomination_id", "=", nominationId).orderBy("position").execute(),
    db.selectFrom("nomination_photos").select(["media_id", "caption"]).where("nomination_id", "=", nominationId).orderBy("position").execute(),
  ]);
  const pictures = await getPictures(
    db,
    photos.map((p) => p.media_id),
  );
  return {
    metrics: metrics.map(metricView),
    stories: stories.map((s): StoryView => ({
      heading: s.heading,
      body: s.body,
      blocks: parseStory(s.body),
      principles: s.principles.filter(isFredPrinciple),
      quote: s.quote,
      quoteBy: s.quote_by,
    })),
    photos: photos.flatMap((p): PhotoView[] => {
      const picture = pictures.get(p.media_id);
      return picture ? [{ mediaId: p.media_id, caption: p.caption, picture }] : [];
    }),
  };
}

type Evidence = Awaited<ReturnType<typeof loadEvidence>>;

/**
 * The evidence as a reader sees it (issue 19, item 4; decision 0044): the
 * stories, captions and metrics' wording with personal data masked. Only the
 * form's boxes show the text as written, to the one who may edit it.
 */
export function maskedEvidence(e: Evidence): Evidence {
  return {
    metrics: e.metrics.map((m) => ({ ...m, name: maskPersonalData(m.name), period: maskPersonalData(m.period), source: maskPersonalData(m.source) })),
    stories: e.stories.map((s) => {
      const body = maskPersonalData(s.body);
      return {
        ...s,
        heading: maskPersonalData(s.heading),
        body,
        blocks: body === s.body ? s.blocks : parseStory(body),
        quote: maskPersonalData(s.quote),
        quoteBy: maskPersonalData(s.quoteBy),
      };
    }),
    photos: e.photos.map((p) => ({ ...p, caption: maskPersonalData(p.caption) })),
  };
}

/** A metric's rows grouped by name: one card each, with a chart when it has several periods. */
export interface MetricGroup {
  name: string;
  nameEn: string | null;
  unitEn: string | null;
  unit: string;
  direction: "higher" | "lower";
  /** The latest row (last in the form's order): the card's figure. */
  latest: MetricView;
  rows: MetricView[];
}

export function groupMetrics(metrics: readonly MetricView[]): MetricGroup[] {
  const groups = new Map<string, MetricView[]>();
  for (const m of metrics) groups.set(`${m.name}\u0000${m.unit}`, [...(groups.get(`${m.name}\u0000${m.unit}`) ?? []), m]);
  return [...groups.values()].map((rows) => ({
    name: rows[0].name,
    nameEn: rows[0].nameEn,
    unit: rows[0].unit,
    unitEn: rows[0].unitEn,
    direction: rows[0].direction,
    latest: rows[rows.length - 1],
    rows,
  }));
}

/** A figure as a list shows it: a line each, with where it came from (the review queue; decision 0051). */
export type FigureLine = Pick<MetricView, "name" | "nameEn" | "value" | "unit" | "unitEn" | "period" | "origin" | "sourceSystem" | "importedAt">;

/** The figures of several nominations, in the form's order, by nomination id; the wording masked as every reader gets it. */
export async function figureLines(db: Db, nominationIds: readonly number[]): Promise<Map<number, FigureLine[]>> {
  const out = new Map<number, FigureLine[]>();
  if (nominationIds.length === 0) return out;
  const rows = await db
    .selectFrom("nomination_metrics as m")
    .selectAll("m")
    .select(metricInEnglish)
    .where("m.nomination_id", "in", [...nominationIds])
    .orderBy("m.nomination_id")
    .orderBy("m.position")
    .execute();
  for (const r of rows) {
    const { name, nameEn, value, unit, unitEn, period, origin, sourceSystem, importedAt } = metricView(r);
    const line = { name: maskPersonalData(name), nameEn, value, unit, unitEn, period: maskPersonalData(period), origin, sourceSystem, importedAt };
    out.set(r.nomination_id, [...(out.get(r.nomination_id) ?? []), line]);
  }
  return out;
}
