import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { OrgKind } from "../../../db/schema";

export interface UnitOption {
  id: number;
  code: string;
  nameZh: string;
  nameEn: string | null;
  depth: number;
  kind: OrgKind;
}

/** Every unit in tree order (parents before children), for pickers and filters. */
export async function listUnits(db: Db): Promise<UnitOption[]> {
  const rows = await db.selectFrom("org_units").select(["id", "code", "name_zh", "name_en", "depth", "kind", "path"]).execute();
  // Sort by the chain of ancestor names, not ids, so siblings read alphabetically.
  const byId = new Map(rows.map((r) => [r.id, r]));
  const key = (path: string, id: number) => [...path.split("/").filter(Boolean).map(Number), id].map((i) => byId.get(i)?.code ?? "").join("\u0000");
  return rows
    .map((r) => ({ r, k: key(r.path, r.id) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map(({ r }) => ({ id: r.id, code: r.code, nameZh: r.name_zh, nameEn: r.name_en, depth: r.depth, kind: r.kind }));
}

/** The units as a picker needs them (no ids: forms post unit codes). */
export async function unitChoices(db: Db) {
  const units = await listUnits(db);
  return units.map(({ code, nameZh, nameEn, depth }) => ({ code, nameZh, nameEn, depth }));
}

export interface UnitName {
  code: string;
  nameZh: string;
  nameEn: string | null;
}

/** The unit and its ancestors, root first (company → branch → centre → team). */
export async function unitPath(db: Db, unitId: number): Promise<UnitName[]> {
  const unit = await db.selectFrom("org_units").select(["path"]).where("id", "=", unitId).executeTakeFirst();
  if (!unit) return [];
  const ids = [...unit.path.split("/").filter(Boolean).map(Number), unitId];
  const rows = await db.selectFrom("org_units").select(["id", "code", "name_zh", "name_en"]).where("id", "in", ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    return r ? [{ code: r.code, nameZh: r.name_zh, nameEn: r.name_en }] : [];
  });
}

/**
 * Recomputes every unit's materialised path and depth from parent_id in one
 * statement. Called by the org import inside its transaction.
 */
export async function rebuildUnitPaths(db: Db): Promise<void> {
  await sql`
    with recursive tree as (
      select id, '/'::text as path, 0 as depth from org_units where parent_id is null
      union all
      select u.id, tree.path || u.parent_id || '/', tree.depth + 1
      from org_units u join tree on u.parent_id = tree.id
    )
    update org_units u set path = tree.path, depth = tree.depth
    from tree where tree.id = u.id and (u.path <> tree.path or u.depth <> tree.depth)
  `.execute(db);
}
