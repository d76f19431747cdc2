import type { ExpressionBuilder } from "kysely";
import type { Db } from "../../../db/client";
import { precompiled } from "../../../db/precompiled";
import type { Database } from "../../../db/schema";
import { err, ok, type Result } from "../result";
import { maskPersonalData } from "../privacy/mask-text";
import { publishedSnapshot, type HonorRollSnapshot } from "./snapshot";

// Reading a published roll: which version a request is about (remembered for
// a second, decision 0019), that version with its snapshot, and the newest
// version of a campaign's roll. Readers only ever see snapshots.

export interface HonorRollHead {
  id: number;
  slug: string;
  version: number;
  /** The newest version of this roll (a reader of an old version is told). */
  latestVersion: number;
  publishedAt: Date;
}

// Asked on every view of a roll, the most-read page: built once, planned once per connection.
const rollVersions = precompiled((db, v: { slug: string }) =>
  db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .select(["r.id", "r.version", "r.published_at", "c.slug"])
    .where("c.slug", "=", v.slug)
    .orderBy("r.version", "desc"),
);
type RollVersions = Awaited<ReturnType<typeof rollVersions>>;

/**
 * How long this instance trusts what it last read of a roll's versions. Every
 * reader of a roll asks the same question, and its answer changes only when a
 * correction is published: versions are only ever added, and a campaign's
 * slug never changes. A correction made here is seen at once (it forgets the
 * roll); one made on another instance is seen within this time
 * (docs/decisions/0019).
 */
export const rollVersionsTtlMs = 1_000;
const knownVersions = new WeakMap<Db, Map<string, { until: number; rows: Promise<RollVersions> }>>();

function versionsOf(db: Db, slug: string): Promise<RollVersions> {
  let known = knownVersions.get(db);
  if (!known) knownVersions.set(db, (known = new Map()));
  const now = Date.now();
  const hit = known.get(slug);
  if (hit && hit.until > now) return hit.rows;
  const entry = { until: now + rollVersionsTtlMs, rows: rollVersions(db, { slug }) };
  known.set(slug, entry);
  // Only a published roll is remembered: a slug that is not one yet (or a
  // made-up one) is asked again next time, so publishing is seen at once
  // and junk URLs leave nothing behind.
  const forget = () => known.get(slug) === entry && known.delete(slug);
  entry.rows.then((rows) => rows.length === 0 && forget(), forget);
  return entry.rows;
}

/** Forgets what this instance read of a roll's versions: a correction committed here is seen from the next view. */
export function forgetRollVersions(db: Db, slug: string): void {
  knownVersions.get(db)?.delete(slug);
}

/**
 * Which version of a published roll a request is about, in one small query
 * (no snapshot), and from memory for a second after that: the newest, or the
 * one asked for. The pages cache their rendering per version, so this is all
 * a repeat view reads besides the reader's session.
 */
export async function honorRollHead(db: Db, slug: string, version?: number): Promise<Result<HonorRollHead>> {
  const rows = await versionsOf(db, slug);
  const latest = rows[0];
  const row = version === undefined ? latest : rows.find((r) => r.version === version);
  if (!latest || !row) return err("honorRoll.notFound", 404);
  return ok({ id: row.id, slug: row.slug, version: row.version, latestVersion: latest.version, publishedAt: row.published_at });
}

export interface HonorRoll extends HonorRollHead {
  snapshot: HonorRollSnapshot;
  reason: string | null;
  /** Every version of this roll, newest first. */
  versions: Array<{ version: number; publishedAt: Date; reason: string | null }>;
}

/** One version of a roll with its snapshot, for rendering. */
export async function honorRoll(db: Db, head: HonorRollHead): Promise<HonorRoll> {
  const [row, versions] = await Promise.all([
    db.selectFrom("honor_rolls").select(["snapshot", "reason"]).where("id", "=", head.id).executeTakeFirstOrThrow(),
    db
      .selectFrom("honor_rolls as r")
      .innerJoin("campaigns as c", "c.id", "r.campaign_id")
      .select(["r.version", "r.published_at", "r.reason"])
      .where("c.slug", "=", head.slug)
      .orderBy("r.version", "desc")
      .execute(),
  ]);
  return {
    ...head,
    // Masked on the way out, as every reader of a roll gets it (decision 0044).
    snapshot: publishedSnapshot(row.snapshot),
    reason: maskPersonalData(row.reason),
    versions: versions.map((v) => ({ version: v.version, publishedAt: v.published_at, reason: maskPersonalData(v.reason) })),
  };
}

/** The newest version of a campaign's roll with its snapshot; undefined before the first. */
export async function latestRoll(db: Db, campaignId: number) {
  return db
    .selectFrom("honor_rolls")
    .select(["id", "version", "snapshot"])
    .where("campaign_id", "=", campaignId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Keeps the newest version of each roll: the row of honor_rolls aliased `r`
 * stays when no version of the same campaign's roll is newer. The roll list,
 * the home page and the profiles read a roll as its newest version shows it.
 */
export function newestVersion(eb: ExpressionBuilder<Database & { r: Database["honor_rolls"] }, "r">) {
  return eb.not(
    eb.exists(
      eb
        .selectFrom("honor_rolls as newer")
        .select("newer.id")
        .whereRef("newer.campaign_id", "=", "r.campaign_id")
        .whereRef("newer.version", ">", "r.version"),
    ),
  );
}
