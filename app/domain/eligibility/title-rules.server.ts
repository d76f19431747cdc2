import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import { isAdmin, type User } from "../auth/user";
import { err, ok, type Result } from "../result";
import { metricChoices, type MetricChoice } from "../metrics/definitions.server";
import type { Rule } from "./rules";
import { maxRules, type NewRule } from "./schema";

// A title's eligibility rules (issue 20, decision 0050): administrators list,
// add, remove and reorder them and say whether the title allows an exception.
// Every change is one transaction with its audit entry; the rules are read by
// the eligible list and the nomination's submit check through rulesOfTitles.

export interface TitleRulesPage {
  title: { slug: string; nameZh: string; nameEn: string; allowsException: boolean };
  rules: Rule[];
  /** Metric definitions a new rule may name (not archived). */
  metrics: MetricChoice[];
}

/** The rules of some titles, in order: title id → rules. */
export async function rulesOfTitles(db: Db, titleIds: readonly number[]): Promise<Map<number, Rule[]>> {
  const out = new Map<number, Rule[]>(titleIds.map((id) => [id, []]));
  if (!titleIds.length) return out;
  const rows = await db
    .selectFrom("title_rules as r")
    .leftJoin("metric_definitions as m", "m.id", "r.metric_id")
    .select([
      "r.id",
      "r.title_id",
      "r.kind",
      "r.scope",
      "r.comparator",
      sql<string>`r.threshold::text`.as("threshold"),
      "m.id as metric_id",
      "m.code",
      "m.name_zh",
      "m.name_en",
      "m.unit",
      "m.unit_en",
      "m.decimals",
      "m.grain",
      "m.combine",
    ])
    .where("r.title_id", "in", [...new Set(titleIds)])
    .orderBy("r.title_id")
    .orderBy("r.position")
    .execute();
  for (const r of rows) {
    const threshold = Number(r.threshold);
    const rule: Rule =
      r.kind === "metric" && r.metric_id !== null
        ? {
            id: r.id,
            kind: "metric",
            scope: r.scope,
            comparator: r.comparator,
            threshold,
            metric: {
              id: r.metric_id,
              code: r.code!,
              nameZh: r.name_zh!,
              nameEn: r.name_en!,
              unit: r.unit!,
              unitEn: r.unit_en!,
              decimals: Number(r.decimals),
              grain: r.grain!,
              combine: r.combine!,
            },
          }
        : { id: r.id, kind: "service_months", comparator: r.comparator, threshold };
    out.get(r.title_id)?.push(rule);
  }
  return out;
}

/** Whether titles allow an exception to their rules: title id → allowed. */
export async function exceptionsAllowed(db: Db, titleIds: readonly number[]): Promise<Map<number, boolean>> {
  if (!titleIds.length) return new Map();
  const rows = await db
    .selectFrom("titles")
    .select(["id", "allows_exception"])
    .where("id", "in", [...new Set(titleIds)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.allows_exception]));
}

async function titleBySlug(db: Db, slug: string, lock: boolean) {
  let q = db.selectFrom("titles").select(["id", "slug", "name_zh", "name_en", "allows_exception"]).where("slug", "=", slug);
  if (lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The stored shape of a title's rules, for audit entries. */
const snapshot = (rules: readonly Rule[]) =>
  rules.map((r) =>
    r.kind === "metric"
      ? { kind: r.kind, metric: r.metric.code, scope: r.scope, comparator: r.comparator, threshold: r.threshold }
      : { kind: r.kind, comparator: r.comparator, threshold: r.threshold },
  );

/** The rules editor's page: the title, its rules, the metrics a rule may name. Administrators only. */
export async function titleRulesPage(db: Db, actor: User, slug: string): Promise<Result<TitleRulesPage>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  const t = await titleBySlug(db, slug, false);
  if (!t) return err("titles.notFound", 404);
  const [rules, metrics] = await Promise.all([rulesOfTitles(db, [t.id]), metricChoices(db)]);
  return ok({
    title: { slug: t.slug, nameZh: t.name_zh, nameEn: t.name_en, allowsException: t.allows_exception },
    rules: rules.get(t.id) ?? [],
    metrics,
  });
}

/**
 * Runs one change to a title's rules: the title row is locked, so two
 * administrators' changes queue; the positions are rewritten 0…n-1 (the
 * unique key on positions is deferred, so a swap needs no shuffling); the
 * audit entry has the rules before and after.
 */
async function changeRules(
  db: Db,
  actor: User,
  slug: string,
  action: string,
  change: (trx: Db, titleId: number, ids: number[]) => Promise<Result<number[]>>,
): Promise<Result<true>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const t = await titleBySlug(trx, slug, true);
    if (!t) return err("titles.notFound", 404);
    const before = (await rulesOfTitles(trx, [t.id])).get(t.id) ?? [];
    const order = await change(
      trx,
      t.id,
      before.map((r) => r.id),
    );
    if (!order.ok) return order;
    for (const [position, id] of order.value.entries()) {
      await trx.updateTable("title_rules").set({ position }).where("id", "=", id).where("title_id", "=", t.id).execute();
    }
    const after = (await rulesOfTitles(trx, [t.id])).get(t.id) ?? [];
    await audit(trx, actor, {
      action,
      subjectType: "title",
      subjectId: slug,
      before: { rules: snapshot(before) },
      after: { rules: snapshot(after) },
    });
    return ok(true);
  });
}

/** Adds a rule at the end of a title's rules. */
export function addTitleRule(db: Db, actor: User, slug: string, rule: NewRule): Promise<Result<true>> {
  return changeRules(db, actor, slug, "title.rule_added", async (trx, titleId, ids) => {
    if (ids.length >= maxRules) return err("eligibility.rules.tooMany", 400, { max: maxRules });
    if (rule.kind === "metric") {
      const metric = await trx.selectFrom("metric_definitions").select(["id", "archived_at"]).where("id", "=", rule.metricId).executeTakeFirst();
      if (!metric || metric.archived_at) return err("eligibility.rule.metric.unknown");
    }
    const { id } = await trx
      .insertInto("title_rules")
      .values({
        title_id: titleId,
        position: ids.length,
        kind: rule.kind,
        metric_id: rule.kind === "metric" ? rule.metricId : null,
        scope: rule.kind === "metric" ? rule.scope : "overall",
        comparator: rule.comparator,
        threshold: String(rule.threshold),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return ok([...ids, id]);
  });
}

/** Removes one of a title's rules. */
export function removeTitleRule(db: Db, actor: User, slug: string, ruleId: number): Promise<Result<true>> {
  return changeRules(db, actor, slug, "title.rule_removed", async (trx, _titleId, ids) => {
    if (!ids.includes(ruleId)) return err("eligibility.rule.unknown", 404);
    await trx.deleteFrom("title_rules").where("id", "=", ruleId).execute();
    return ok(ids.filter((id) => id !== ruleId));
  });
}

/** Moves a rule one place up or down (the order is the order rules are read and shown). */
export function moveTitleRule(db: Db, actor: User, slug: string, ruleId: number, to: "up" | "down"): Promise<Result<true>> {
  return changeRules(db, actor, slug, "title.rules_reordered", async (_trx, _titleId, ids) => {
    const i = ids.indexOf(ruleId);
    if (i < 0) return err("eligibility.rule.unknown", 404);
    const j = to === "up" ? i - 1 : i + 1;
    if (j < 0 || j >= ids.length) return ok(ids);
    const order = [...ids];
    [order[i], order[j]] = [order[j], order[i]];
    return ok(order);
  });
}

/** Whether a nominee who does not meet the title's rules may be nominated with a written justification. */
export async function setAllowsException(db: Db, actor: User, slug: string, allows: boolean): Promise<Result<true>> {
  if (!isAdmin(actor)) return err("common.forbidden", 403);
  return db.transaction().execute(async (trx) => {
    const t = await titleBySlug(trx, slug, true);
    if (!t) return err("titles.notFound", 404);
    if (t.allows_exception === allows) return ok(true);
    await trx.updateTable("titles").set({ allows_exception: allows, updated_at: new Date() }).where("id", "=", t.id).execute();
    await audit(trx, actor, {
      action: "title.exception_set",
      subjectType: "title",
      subjectId: slug,
      before: { allowsException: t.allows_exception },
      after: { allowsException: allows },
    });
    return ok(true);
  });
}
