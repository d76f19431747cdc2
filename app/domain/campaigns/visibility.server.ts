import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { loadTitles, type Title } from "../titles/titles.server";
import type { Phase, Schedule } from "./life-cycle";

// Who may see which campaign, and what it offers: the ground every area
// reads (nominations, voting, results, publishing). It imports none of them;
// the phase moves that orchestrate them are in transitions.server.ts.

/** A title as a campaign offers it: N (winners) and K (votes per voter) are the campaign's. */
export interface OfferedTitle {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  winners: number;
  /** K: how many of this title's nominations a voter may choose. */
  votesPerVoter: number;
}

export const campaignColumns = [
  "c.id",
  "c.slug",
  "c.name_zh",
  "c.name_en",
  "c.status",
  "c.period_start",
  "c.period_end",
  "c.org_unit_id",
  "c.may_change_ballot",
  "c.tallies_hidden",
  "c.publicity_days",
  "c.committee_quorum",
  "c.created_at",
  "c.nominating_at",
  "c.reviewing_at",
  "c.voting_at",
  "c.closed_at",
  "c.published_at",
  "u.code as unit_code",
  "u.name_zh as unit_zh",
  "u.name_en as unit_en",
] as const;

export function baseQuery(db: Db) {
  return db.selectFrom("campaigns as c").innerJoin("org_units as u", "u.id", "c.org_unit_id").select(campaignColumns);
}
export type CampaignRow = Awaited<ReturnType<ReturnType<typeof baseQuery>["executeTakeFirstOrThrow"]>>;

export const scheduleOf = (c: Pick<CampaignRow, `${"nominating" | "reviewing" | "voting" | "closed" | "published"}_at`>): Schedule => ({
  nominating: c.nominating_at,
  reviewing: c.reviewing_at,
  voting: c.voting_at,
  closed: c.closed_at,
  published: c.published_at,
});

/**
 * Who sees a campaign, as values: administrators all of them; nobody else a
 * draft. The committee (without a unit) sees every campaign; everyone else
 * those whose org scope holds their own unit or a unit they act for.
 */
export interface CampaignSight {
  all: boolean;
  everyScope: boolean;
  units: number[];
}

export function sightOf(user: User): CampaignSight {
  return {
    all: isAdmin(user),
    everyScope: user.roles.some((r) => r.role === "committee" && r.orgUnitId === null),
    units: [user.orgUnitId, ...user.roles.flatMap((r) => (r.orgUnitId === null ? [] : [r.orgUnitId]))],
  };
}

/** A sight as values, or as SQL that gives them (columns of a statement's rows: the ballots castBallot asks about together). */
export type SightTerms = { [K in keyof CampaignSight]: CampaignSight[K] | RawBuilder<unknown> };

/**
 * The rule of CampaignSight as one condition whose text is the same for
 * everyone (the sight goes in as parameters), so that a statement embedding it
 * is compiled and planned once for all voters (castBallot).
 */
export function visibleTo<Q extends ReturnType<typeof baseQuery>>(q: Q, sight: SightTerms): Q {
  return q.where((eb) =>
    eb.or([
      sql<boolean>`${sight.all}::boolean`,
      eb.and([
        eb("c.status", "<>", "draft"),
        eb.or([
          sql<boolean>`${sight.everyScope}::boolean`,
          eb.exists(
            eb
              .selectFrom("org_units as pu")
              .select("pu.id")
              .where(sql<boolean>`pu.id = any(${sight.units}::int[])`)
              // Inside the scope: the scope unit itself or any unit below it (paths hold only digits and slashes).
              .where(sql<boolean>`(pu.id = u.id or pu.path like u.path || u.id::text || '/%')`),
          ),
        ]),
      ]),
    ]),
  ) as Q;
}

/** What other areas need of a campaign: its id, phase and scope. */
export interface CampaignRef {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  status: Phase;
  unitZh: string;
  unitEn: string | null;
  /** The scope unit's own path, ancestors and itself ("/1/4/"): a unit is in scope when its own path starts with it. */
  unitPath: string;
}

/**
 * The query behind findVisibleCampaign, for a use-case that reads more in the
 * same statement (castBallot embeds it, once per ballot of a batch): the
 * campaign's columns, the scope unit's path and id, only if this person may
 * see it. The sight and the slug may be values or SQL (SightTerms).
 */
export function visibleCampaignQuery(db: Db, sight: SightTerms, slug: string | RawBuilder<string>) {
  return visibleTo(baseQuery(db).select(["u.path as unit_path", "u.id as unit_id"]).where("c.slug", "=", slug), sight);
}

/** A row of visibleCampaignQuery as the CampaignRef other areas use. */
export function campaignRefOf(c: {
  id: number;
  slug: string;
  name_zh: string;
  name_en: string;
  status: Phase;
  unit_zh: string;
  unit_en: string | null;
  unit_path: string;
  unit_id: number;
}): CampaignRef {
  return {
    id: c.id,
    slug: c.slug,
    nameZh: c.name_zh,
    nameEn: c.name_en,
    status: c.status,
    unitZh: c.unit_zh,
    unitEn: c.unit_en,
    unitPath: `${c.unit_path}${c.unit_id}/`,
  };
}

/**
 * A campaign this person may see, or null. `lock: "share"` keeps its phase
 * from moving until the caller's transaction ends (a nomination saved while
 * the administrator closes nominations waits, then sees the new phase).
 */
export async function findVisibleCampaign(db: Db, user: User, slug: string, lock: "share" | null = null): Promise<CampaignRef | null> {
  let q = visibleCampaignQuery(db, sightOf(user), slug);
  if (lock) q = q.forShare("c") as typeof q;
  const c = await q.executeTakeFirst();
  return c ? campaignRefOf(c) : null;
}

/** The titles a campaign offers, in its order, with N and K of each: one statement (the ballot and the results read it on every view). */
export async function offeredTitles(db: Db, campaignId: number): Promise<OfferedTitle[]> {
  const rows = await db
    .selectFrom("campaign_titles as ct")
    .innerJoin("titles as t", "t.id", "ct.title_id")
    .select(["t.id", "t.slug", "t.name_zh", "t.name_en", "ct.winners", "ct.votes_per_voter"])
    .where("ct.campaign_id", "=", campaignId)
    .orderBy("ct.position")
    .execute();
  return rows.map((r) => ({ id: r.id, slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, winners: r.winners, votesPerVoter: r.votes_per_voter }));
}

/** Offered titles with the whole title each (description, criteria, metric templates), for the pages that show them. */
export async function withTitles<T extends { id: number }>(db: Db, offers: readonly T[]): Promise<Array<Title & T>> {
  const titles = new Map(
    (
      await loadTitles(
        db,
        offers.map((o) => o.id),
      )
    ).map((t) => [t.id, t]),
  );
  return offers.map((o) => ({ ...titles.get(o.id)!, ...o }));
}
