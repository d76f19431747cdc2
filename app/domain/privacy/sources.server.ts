import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { HonorRollSnapshot } from "../publishing/snapshot";
import { snapshotTexts } from "../publishing/snapshot-texts";

// Every free text the portal stores that a person wrote (issue 19, items 1
// and 3): where it lives, which campaign and nomination it belongs to, and
// how to read it in batches and write a masked text back. The scan
// (scan.server.ts) and masking in place (masking.server.ts) both read from
// here, so the two can never disagree about what is scanned. A new free-text
// column is added here and to the findings table's list of tables
// (migration 202612061210 checks source_table).

/** One text of one row: its column (or a snapshot's path) and the nomination it is about, when there is one. */
export interface StoredText {
  field: string;
  text: string;
  nominationId: number | null;
}

/** One row of a source, with its texts. */
export interface SourceRow {
  /** The row's id, or "a:b" for a two-column key. */
  key: string;
  campaignId: number;
  nominationId: number | null;
  /** An honour roll's version (honor_rolls only). */
  rollVersion: number | null;
  texts: StoredText[];
}

export interface ReadOptions {
  /** Rows after this key, in key order; null: from the first. */
  after: string | null;
  limit: number;
  /** Only this campaign's rows. */
  campaignId?: number;
  /** Only the row with this key. */
  key?: string;
}

/** A table of free texts. Column tables are written back column by column; a roll's versions are rewritten by publishing (masking.server.ts). */
interface ColumnSource {
  table: string;
  /** The key columns of `t`, in order. */
  keys: readonly string[];
  /** The text columns of `t`. */
  fields: readonly string[];
  /** The FROM clause, the table aliased `t`. */
  from: string;
  /** The campaign's column, the nomination's (null: none). */
  campaign: string;
  nomination: string | null;
}

const viaNomination = (table: string) => `${table} t join nominations n on n.id = t.nomination_id`;

export const columnSources = [
  { table: "nominations", keys: ["id"], fields: ["citation"], from: "nominations t", campaign: "t.campaign_id", nomination: "t.id" },
  {
    table: "nomination_stories",
    keys: ["id"],
    fields: ["heading", "body", "quote", "quote_by"],
    from: viaNomination("nomination_stories"),
    campaign: "n.campaign_id",
    nomination: "t.nomination_id",
  },
  {
    table: "nomination_photos",
    keys: ["nomination_id", "media_id"],
    fields: ["caption"],
    from: viaNomination("nomination_photos"),
    campaign: "n.campaign_id",
    nomination: "t.nomination_id",
  },
  {
    table: "nomination_metrics",
    keys: ["id"],
    fields: ["source"],
    from: viaNomination("nomination_metrics"),
    campaign: "n.campaign_id",
    nomination: "t.nomination_id",
  },
  // The committee's return and reject comments (and any other comment on a move).
  {
    table: "nomination_events",
    keys: ["id"],
    fields: ["comment"],
    from: viaNomination("nomination_events"),
    campaign: "n.campaign_id",
    nomination: "t.nomination_id",
  },
  {
    table: "ratifications",
    keys: ["campaign_id", "title_id"],
    fields: ["tie_reason"],
    from: "ratifications t",
    campaign: "t.campaign_id",
    nomination: null,
  },
  {
    table: "ratification_proposals",
    keys: ["id"],
    fields: ["tie_reason"],
    from: "ratification_proposals t",
    campaign: "t.campaign_id",
    nomination: null,
  },
  {
    table: "objections",
    keys: ["id"],
    fields: ["reason", "resolution"],
    from: "objections t",
    campaign: "t.campaign_id",
    nomination: "t.nomination_id",
  },
  {
    table: "resolution_proposals",
    keys: ["id"],
    fields: ["resolution"],
    from: "resolution_proposals t join objections o on o.id = t.objection_id",
    campaign: "o.campaign_id",
    nomination: "o.nomination_id",
  },
  {
    table: "congratulations",
    keys: ["id"],
    fields: ["message"],
    from: viaNomination("congratulations"),
    campaign: "n.campaign_id",
    nomination: "t.nomination_id",
  },
] as const satisfies readonly ColumnSource[];

export type ColumnSourceTable = (typeof columnSources)[number]["table"];
/** Every table the scan reads: the column tables, and every version of every honour roll. */
export type SourceTable = ColumnSourceTable | "honor_rolls";
export const sourceTables: readonly SourceTable[] = [...columnSources.map((s) => s.table), "honor_rolls"];

const keyValues = (key: string) => key.split(":").map(Number);
const keyTuple = (columns: readonly string[]) => sql.raw(`(${columns.map((c) => `t.${c}`).join(", ")})`);
const valueTuple = (values: number[]) => sql`(${sql.join(values)})`;

type Row = Record<string, unknown>;

/** A column table's rows after a key, in key order, with their non-empty texts. */
async function readColumns(db: Db, s: ColumnSource, options: ReadOptions): Promise<SourceRow[]> {
  const conditions = [sql`true`];
  if (options.after !== null) conditions.push(sql`${keyTuple(s.keys)} > ${valueTuple(keyValues(options.after))}`);
  if (options.campaignId !== undefined) conditions.push(sql`${sql.raw(s.campaign)} = ${options.campaignId}`);
  if (options.key !== undefined) conditions.push(sql`${keyTuple(s.keys)} = ${valueTuple(keyValues(options.key))}`);
  const { rows } = await sql<Row>`
    select ${sql.raw(s.keys.map((k) => `t.${k} as "key_${k}"`).join(", "))},
      ${sql.raw(s.campaign)} as campaign_id,
      ${sql.raw(s.nomination ?? "null::integer")} as nomination_id,
      ${sql.raw(s.fields.map((f) => `t.${f}`).join(", "))}
    from ${sql.raw(s.from)}
    where ${sql.join(conditions, sql` and `)}
    order by ${sql.raw(s.keys.map((k) => `t.${k}`).join(", "))}
    limit ${options.limit}`.execute(db);
  return rows.map((r) => {
    const nominationId = r.nomination_id === null ? null : Number(r.nomination_id);
    return {
      key: s.keys.map((k) => String(r[`key_${k}`])).join(":"),
      campaignId: Number(r.campaign_id),
      nominationId,
      rollVersion: null,
      texts: s.fields.flatMap((field) => {
        const text = r[field];
        return typeof text === "string" && text ? [{ field, text, nominationId }] : [];
      }),
    };
  });
}

/** Every version of every honour roll after a key (its id): the reason and the snapshot's free texts. */
async function readRolls(db: Db, options: ReadOptions): Promise<SourceRow[]> {
  let q = db.selectFrom("honor_rolls").select(["id", "campaign_id", "version", "reason", "snapshot"]).orderBy("id").limit(options.limit);
  if (options.after !== null) q = q.where("id", ">", Number(options.after));
  if (options.campaignId !== undefined) q = q.where("campaign_id", "=", options.campaignId);
  if (options.key !== undefined) q = q.where("id", "=", Number(options.key));
  const rows = await q.execute();
  return rows.map((r) => ({
    key: String(r.id),
    campaignId: r.campaign_id,
    nominationId: null,
    rollVersion: r.version,
    texts: [
      ...(r.reason ? [{ field: "reason", text: r.reason, nominationId: null }] : []),
      ...snapshotTexts(r.snapshot as HonorRollSnapshot).map((t) => ({ field: t.path, text: t.text, nominationId: t.nominationId })),
    ],
  }));
}

/** A batch of one source's rows. */
export function readSource(db: Db, table: SourceTable, options: ReadOptions): Promise<SourceRow[]> {
  if (table === "honor_rolls") return readRolls(db, options);
  return readColumns(
    db,
    columnSources.find((s) => s.table === table)!,
    options,
  );
}

/** Writes masked texts back into a column table's row (inside the masking transaction). */
export async function writeColumns(db: Db, table: ColumnSourceTable, key: string, texts: ReadonlyMap<string, string>): Promise<void> {
  const s: ColumnSource = columnSources.find((x) => x.table === table)!;
  const sets = [...texts].map(([field, text]) => {
    if (!s.fields.includes(field)) throw new Error(`${table}.${field} is not a free text`);
    return sql`${sql.ref(field)} = ${text}`;
  });
  if (!sets.length) return;
  await sql`
    update ${sql.table(table)} t set ${sql.join(sets)}
    where ${keyTuple(s.keys)} = ${valueTuple(keyValues(key))}`.execute(db);
}
