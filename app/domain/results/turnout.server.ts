import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { CampaignRef } from "../campaigns/visibility.server";
import { escapeLike, ownPathOfU } from "../org/unit-path.server";
import { countedSql } from "../voting/tally.server";
import { groupTurnout, type TurnoutGroup, type UnitTurnout } from "./turnout-groups";

// Who has voted, counted: the turnout per unit after close, the live turnout
// while voting (decision 0029; the grouping is turnout-groups.ts), and the
// ballots and voters per title. Counts only, never names.

export interface Turnout {
  eligible: number;
  voted: number;
  units: UnitTurnout[];
}

/**
 * Turnout while voting, as of the last full hour, in groups of at least
 * turnoutGroupMin people; `groups` null when the scope is too small to show any.
 */
export interface LiveTurnout {
  asOf: Date;
  eligible: number;
  voted: number;
  groups: TurnoutGroup[] | null;
}

/**
 * Turnout overall and per unit directly below the campaign's scope unit;
 * `before` counts only ballots cast before that moment (the live turnout's
 * last full hour).
 */
export async function turnout(db: Db, campaign: CampaignRef, before?: Date): Promise<Turnout> {
  // The population: active staff in scope now, and anyone in scope who cast a
  // ballot (a voter who left since still counts as having voted). People are
  // counted in their current unit.
  const scope = campaign.unitPath;
  const { rows } = await sql<{ unit_id: string | null; eligible: string | number; voted: string | number }>`
    with voters as (
      -- The poll book keeps the hour of a first ballot: "before the last full hour" is exact at that grain.
      select distinct person_id as voter_id from poll_book where campaign_id = ${campaign.id} ${before ? sql`and voted_at < ${before}` : sql``}
    ), population as (
      select ${ownPathOfU} as own, (v.voter_id is not null) as voted
      from people p
      join org_units u on u.id = p.org_unit_id
      left join voters v on v.voter_id = p.id
      where ${ownPathOfU} like ${`${escapeLike(scope)}%`}
        and (v.voter_id is not null
             or (p.status = 'active' and exists (select 1 from person_roles r where r.person_id = p.id and r.role = 'staff')))
    )
    select nullif(split_part(substr(own, ${scope.length + 1}), '/', 1), '') as unit_id,
           count(*) as eligible, count(*) filter (where voted) as voted
    from population group by 1`.execute(db);
  const ids = rows.map((r) => (r.unit_id === null ? null : Number(r.unit_id))).filter((id): id is number => id !== null);
  const names = ids.length ? await db.selectFrom("org_units").select(["id", "name_zh", "name_en", "code"]).where("id", "in", ids).execute() : [];
  const units: UnitTurnout[] = rows
    .map((r) => {
      const u = r.unit_id === null ? null : names.find((n) => n.id === Number(r.unit_id));
      return { unitZh: u ? u.name_zh : campaign.unitZh, unitEn: u ? u.name_en : campaign.unitEn, eligible: int(r.eligible), voted: int(r.voted) };
    })
    .sort((a, b) => b.voted / Math.max(1, b.eligible) - a.voted / Math.max(1, a.eligible) || a.unitZh.localeCompare(b.unitZh, "zh-CN"));
  return { eligible: units.reduce((s, u) => s + u.eligible, 0), voted: units.reduce((s, u) => s + u.voted, 0), units };
}

/**
 * Per title: the ballots stored (every version), the current ones among them,
 * and the voters in the poll book. One current ballot per voter is the check
 * left once no ballot names its voter (decision 0041).
 */
export async function ballotCounts(db: Db, campaignId: number) {
  const { rows } = await sql<{ title_id: number; ballots: string | number; current: string | number; voters: string | number }>`
    with box as (
      select b.title_id, count(*) as ballots, count(*) filter (where ${countedSql}) as current
      from ballots b where b.campaign_id = ${campaignId} group by b.title_id
    ), book as (
      select title_id, count(*) as voters from poll_book where campaign_id = ${campaignId} group by title_id
    )
    select coalesce(box.title_id, book.title_id) as title_id, coalesce(box.ballots, 0) as ballots,
      coalesce(box.current, 0) as current, coalesce(book.voters, 0) as voters
    from box full join book on book.title_id = box.title_id`.execute(db);
  return rows.map((r) => ({ titleId: int(r.title_id), ballots: int(r.ballots), current: int(r.current), voters: int(r.voters) }));
}

/**
 * Turnout while voting, for administrators (decision 0029): as of the last
 * full hour, so a count that moves cannot be matched to someone seen voting
 * a minute ago; in groups of at least turnoutGroupMin people (groupTurnout).
 */
export async function liveTurnout(db: Db, campaign: CampaignRef): Promise<LiveTurnout> {
  const { rows } = await sql<{ hour: Date }>`select date_trunc('hour', now()) as hour`.execute(db);
  const asOf = new Date(rows[0].hour);
  const counted = await turnout(db, campaign, asOf);
  const groups = groupTurnout(counted.units);
  return groups ? { asOf, eligible: counted.eligible, voted: counted.voted, groups } : { asOf, eligible: 0, voted: 0, groups: null };
}
