import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import { isAdmin, type User } from "../auth/user";
import type { PictureData } from "../media/picture";
import { linkSigner } from "./links.server";
import { newestVersion } from "./read-roll.server";
import { feedPath, rollScreenPath } from "./signed-paths";
import { publishedSnapshot, type HonorRollSnapshot } from "./snapshot";

// The list of published rolls (/honor-roll): the rolls that match a filter,
// what the filters can offer, and the signed links administrators hand out.
// The feed reads the same list (feed.server.ts).

export interface HonorRollSummary {
  slug: string;
  version: number;
  publishedAt: Date;
  nameZh: string;
  nameEn: string;
  periodStart: string;
  periodEnd: string;
  year: number;
  unit: HonorRollSnapshot["campaign"]["unit"];
  titles: Array<{ slug: string; nameZh: string; nameEn: string; winners: number }>;
  winners: number;
  /** Up to four winners' photos, for the card. */
  cover: PictureData[];
}

export interface HonorRollFilter {
  year?: number;
  /** Org unit code: rolls of campaigns scoped to it or to a unit below it. */
  unit?: string;
  /** Title slug: rolls that award it. */
  title?: string;
}

const summaryOf = (r: { slug: string; version: number; published_at: Date; snapshot: unknown }): HonorRollSummary => {
  const s = publishedSnapshot(r.snapshot);
  const winners = s.titles.flatMap((t) => t.winners);
  return {
    slug: r.slug,
    version: r.version,
    publishedAt: r.published_at,
    nameZh: s.campaign.nameZh,
    nameEn: s.campaign.nameEn,
    periodStart: s.campaign.periodStart,
    periodEnd: s.campaign.periodEnd,
    year: Number(s.campaign.periodEnd.slice(0, 4)),
    unit: s.campaign.unit,
    titles: s.titles.map((t) => ({ slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, winners: t.winners.length })),
    winners: winners.length,
    cover: winners.flatMap((w) => (w.photo ? [w.photo] : [])).slice(0, 4),
  };
};

/**
 * The newest version of every published roll, newest publication first;
 * filtered by year, org unit (with everything below it) and title. Published
 * rolls are for everyone signed in: recognition is meant to be seen.
 */
export async function listHonorRolls(db: Db, filter: HonorRollFilter = {}, limit = 200): Promise<HonorRollSummary[]> {
  let q = db
    .selectFrom("honor_rolls as r")
    .innerJoin("campaigns as c", "c.id", "r.campaign_id")
    .innerJoin("org_units as u", "u.id", "c.org_unit_id")
    .select(["c.slug", "r.version", "r.published_at", "r.snapshot"])
    .where(newestVersion);
  if (filter.year !== undefined) q = q.where(sql<number>`extract(year from c.period_end)`, "=", filter.year);
  if (filter.unit) {
    const unit = filter.unit;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("org_units as f")
          .select("f.id")
          .where("f.code", "=", unit)
          .where(sql<boolean>`(u.id = f.id or u.path like f.path || f.id::text || '/%')`),
      ),
    );
  }
  if (filter.title) {
    const title = filter.title;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom("campaign_titles as ct")
          .innerJoin("titles as t", "t.id", "ct.title_id")
          .select("ct.title_id")
          .whereRef("ct.campaign_id", "=", "c.id")
          .where("t.slug", "=", title),
      ),
    );
  }
  const rows = await q.orderBy("r.published_at", "desc").orderBy("r.id", "desc").limit(limit).execute();
  return rows.map(summaryOf);
}

/** The years, units and titles the list can be filtered by: only those with a published roll. */
export async function honorRollFilters(db: Db): Promise<{
  years: number[];
  units: Array<{ code: string; nameZh: string; nameEn: string | null }>;
  titles: Array<{ slug: string; nameZh: string; nameEn: string }>;
}> {
  const published = db.selectFrom("honor_rolls").select("campaign_id").distinct();
  const [years, units, titles] = await Promise.all([
    db
      .selectFrom("campaigns")
      .select(sql<number>`extract(year from period_end)::int`.as("year"))
      .where("id", "in", published)
      .distinct()
      .orderBy("year", "desc")
      .execute(),
    db
      .selectFrom("campaigns as c")
      .innerJoin("org_units as u", "u.id", "c.org_unit_id")
      .select(["u.code", "u.name_zh", "u.name_en", "u.path"])
      .where("c.id", "in", published)
      .distinct()
      .orderBy("u.path")
      .orderBy("u.code")
      .execute(),
    db
      .selectFrom("campaign_titles as ct")
      .innerJoin("titles as t", "t.id", "ct.title_id")
      .select(["t.slug", "t.name_zh", "t.name_en"])
      .where("ct.campaign_id", "in", published)
      .distinct()
      .orderBy("t.slug")
      .execute(),
  ]);
  return {
    years: years.map((y) => int(y.year)),
    units: units.map((u) => ({ code: u.code, nameZh: u.name_zh, nameEn: u.name_en })),
    titles: titles.map((t) => ({ slug: t.slug, nameZh: t.name_zh, nameEn: t.name_en })),
  };
}

/**
 * The honour-roll list page: the rolls that match and what the filters can
 * offer; for administrators also the signed links they hand out — the feed's
 * for the intranet and each roll's screen for the office TVs (decision 0015).
 */
export async function honorRollIndex(db: Db, user: User, filter: HonorRollFilter) {
  const [rolls, filters, sign] = await Promise.all([listHonorRolls(db, filter), honorRollFilters(db), isAdmin(user) ? linkSigner(db) : null]);
  const signed = (path: string) => (sign ? `${path}?key=${sign(path)}` : null);
  return {
    rolls: rolls.map((r) => ({ ...r, screenLink: signed(rollScreenPath(r.slug)) })),
    filters,
    feedLink: signed(feedPath),
  };
}
