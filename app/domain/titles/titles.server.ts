import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { getPictures, storeImage } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { err, ok, type Result } from "../result";
import { maxTemplates, type TemplateInput, type TitleInput } from "./schema";

export interface MetricTemplate extends Omit<TemplateInput, "id"> {
  id: number;
}

export interface Title {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  description: string;
  criteria: string;
  /** The badge image, plain data for <Picture>; null when none is set. */
  badge: PictureData | null;
  templates: MetricTemplate[];
}

/** pg reads numeric as a string, PGlite may not: one shape for the pages. */
const toNumber = (v: string | number | null): number | null => (v === null ? null : Number(v));

/** Titles with their templates in order; for the ids given, or all. */
export async function loadTitles(db: Db, ids?: number[]): Promise<Title[]> {
  if (ids && ids.length === 0) return [];
  let q = db.selectFrom("titles").select(["id", "slug", "name_zh", "name_en", "description", "criteria", "badge_media_id"]);
  if (ids) q = q.where("id", "in", ids);
  const titles = await q.orderBy("id").execute();
  if (titles.length === 0) return [];
  const templates = await db
    .selectFrom("title_metric_templates")
    .select(["id", "title_id", "name_zh", "name_en", "unit", "unit_en", "direction", "required", "target", "metric_id"])
    .where(
      "title_id",
      "in",
      titles.map((t) => t.id),
    )
    .orderBy("title_id")
    .orderBy("position")
    .execute();
  const badges = await getPictures(
    db,
    titles.flatMap((t) => (t.badge_media_id === null ? [] : [t.badge_media_id])),
  );
  return titles.map((t) => ({
    id: t.id,
    slug: t.slug,
    nameZh: t.name_zh,
    nameEn: t.name_en,
    description: t.description,
    criteria: t.criteria,
    badge: t.badge_media_id === null ? null : (badges.get(t.badge_media_id) ?? null),
    templates: templates
      .filter((m) => m.title_id === t.id)
      .map((m) => ({
        id: m.id,
        nameZh: m.name_zh,
        nameEn: m.name_en,
        unit: m.unit,
        unitEn: m.unit_en,
        direction: m.direction,
        required: m.required,
        target: toNumber(m.target),
        // Absent rather than null when the row stands for no definition: the title's shape as before definitions existed.
        metricId: m.metric_id ?? undefined,
      })),
  }));
}

/** Every title, for the administrators' list. */
export async function listTitles(db: Db, actor: User): Promise<Result<Title[]>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return ok(await loadTitles(db));
}

/** Whether the person may define titles: the new-title form asks before it shows. */
export function mayDefineTitles(actor: User): Result<true> {
  return isAdmin(actor) ? ok(true) : err("common.forbidden", 403);
}

export async function getTitle(db: Db, actor: User, slug: string): Promise<Result<Title>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  const row = await db.selectFrom("titles").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!row) return err("titles.notFound", 404);
  const [title] = await loadTitles(db, [row.id]);
  return ok(title);
}

/** The stored shape, for audit entries (before/after). */
const snapshot = (t: Title) => ({
  slug: t.slug,
  nameZh: t.nameZh,
  nameEn: t.nameEn,
  description: t.description,
  criteria: t.criteria,
  templates: t.templates.map(({ id: _id, ...rest }) => rest),
});

async function slugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  let q = db.selectFrom("titles").select("id").where("slug", "=", slug);
  if (exceptId !== undefined) q = q.where("id", "<>", exceptId);
  return Boolean(await q.executeTakeFirst());
}

/** A template row as stored (also used by the demo data). */
export function templateValues(titleId: number, t: TemplateInput, position: number) {
  return {
    title_id: titleId,
    position,
    name_zh: t.nameZh,
    name_en: t.nameEn,
    unit: t.unit,
    unit_en: t.unitEn,
    direction: t.direction,
    required: t.required,
    target: t.target === null ? null : String(t.target),
    metric_id: t.metricId ?? null,
  };
}

/**
 * A row that stands for a metric definition takes its names, unit and
 * direction from it, so the title and the imported values speak of the same
 * thing (decision 0049). Null: a row names a definition that does not exist.
 */
async function withDefinitions(db: Db, templates: TemplateInput[]): Promise<TemplateInput[] | null> {
  const ids = [...new Set(templates.flatMap((t) => (t.metricId ? [t.metricId] : [])))];
  if (ids.length === 0) return templates;
  const definitions = await db
    .selectFrom("metric_definitions")
    .select(["id", "name_zh", "name_en", "unit", "unit_en", "direction"])
    .where("id", "in", ids)
    .execute();
  const byId = new Map(definitions.map((d) => [d.id, d]));
  if (byId.size !== ids.length) return null;
  return templates.map((t) => {
    const d = t.metricId ? byId.get(t.metricId) : undefined;
    return d ? { ...t, nameZh: d.name_zh, nameEn: d.name_en, unit: d.unit, unitEn: d.unit_en, direction: d.direction } : t;
  });
}

/** An administrator defines a new honour title with its metric templates. */
export async function createTitle(db: Db, actor: User, input: TitleInput): Promise<Result<{ slug: string }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  if (input.templates.length > maxTemplates) return err("titles.templates.tooMany");
  if (input.templates.some((t) => t.id !== undefined)) return err("titles.template.unknown");
  return db.transaction().execute(async (trx) => {
    if (await slugTaken(trx, input.slug)) return err("titles.slug.taken", 409);
    const templates = await withDefinitions(trx, input.templates);
    if (!templates) return err("titles.template.unknown");
    const { id } = await trx
      .insertInto("titles")
      .values({
        slug: input.slug,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        description: input.description,
        criteria: input.criteria,
        created_by: actor.id,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    if (templates.length) {
      await trx
        .insertInto("title_metric_templates")
        .values(templates.map((t, i) => templateValues(id, t, i)))
        .execute();
    }
    const [after] = await loadTitles(trx, [id]);
    await audit(trx, actor, { action: "title.created", subjectType: "title", subjectId: input.slug, after: snapshot(after) });
    return ok({ slug: input.slug });
  });
}

/**
 * Updates a title. Template rows keep their ids (nominations will refer to
 * them): rows posted with an id are updated, rows without are added, rows
 * left out are removed. An id of another title's row is refused.
 */
export async function updateTitle(db: Db, actor: User, slug: string, input: TitleInput): Promise<Result<{ slug: string }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  if (input.templates.length > maxTemplates) return err("titles.templates.tooMany");
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("titles").select("id").where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!row) return err("titles.notFound", 404);
    const [before] = await loadTitles(trx, [row.id]);
    const existing = new Set(before.templates.map((t) => t.id));
    const kept = input.templates.flatMap((t) => (t.id === undefined ? [] : [t.id]));
    if (kept.some((id) => !existing.has(id)) || new Set(kept).size !== kept.length) return err("titles.template.unknown");
    if (input.slug !== slug && (await slugTaken(trx, input.slug, row.id))) return err("titles.slug.taken", 409);
    const templates = await withDefinitions(trx, input.templates);
    if (!templates) return err("titles.template.unknown");

    await trx
      .updateTable("titles")
      .set({
        slug: input.slug,
        name_zh: input.nameZh,
        name_en: input.nameEn,
        description: input.description,
        criteria: input.criteria,
        updated_at: new Date(),
      })
      .where("id", "=", row.id)
      .execute();
    const removed = [...existing].filter((id) => !kept.includes(id));
    if (removed.length) await trx.deleteFrom("title_metric_templates").where("id", "in", removed).execute();
    for (const [i, t] of templates.entries()) {
      const values = templateValues(row.id, t, i);
      if (t.id === undefined) await trx.insertInto("title_metric_templates").values(values).execute();
      else await trx.updateTable("title_metric_templates").set(values).where("id", "=", t.id).execute();
    }
    const [after] = await loadTitles(trx, [row.id]);
    const b = snapshot(before);
    const a = snapshot(after);
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      await audit(trx, actor, { action: "title.updated", subjectType: "title", subjectId: input.slug, before: b, after: a });
    }
    return ok({ slug: input.slug });
  });
}

/**
 * An administrator sets a title's badge image. The file goes through the
 * media pipeline (purpose "badge"); a refused file (an SVG, too large…)
 * returns the media refusal and leaves the title as it was. Storing the image
 * commits on its own (the same bytes are found again next time); pointing
 * the title at it and the audit entry commit together.
 */
export async function setTitleBadge(db: Db, actor: User, slug: string, bytes: Uint8Array): Promise<Result<{ slug: string; badge: PictureData }>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  const exists = await db.selectFrom("titles").select("id").where("slug", "=", slug).executeTakeFirst();
  if (!exists) return err("titles.notFound", 404);
  const stored = await storeImage(db, actor, { purpose: "badge", bytes });
  if (!stored.ok) return stored;
  return db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("titles").select(["id", "badge_media_id"]).where("slug", "=", slug).forUpdate().executeTakeFirst();
    if (!row) return err("titles.notFound", 404);
    await trx.updateTable("titles").set({ badge_media_id: stored.value.mediaId, updated_at: new Date() }).where("id", "=", row.id).execute();
    await audit(trx, actor, {
      action: "title.badge_set",
      subjectType: "title",
      subjectId: slug,
      before: { badgeMediaId: row.badge_media_id },
      after: { badgeMediaId: stored.value.mediaId },
    });
    return ok({ slug, badge: stored.value.picture });
  });
}
