import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { User } from "../auth/user";
import { checkCaps, type CapCheck, type HonouredNomination, type PostKind } from "../campaigns/caps";
import type { Phase } from "../campaigns/life-cycle";
import { escapeLike, ownPathOfU } from "../org/unit-path.server";
import { turnout } from "../results/turnout.server";
import { groupTurnout } from "../results/turnout-groups";
import { err, ok, type Result } from "../result";
import { insightsGroupMin, insightsSight, per100, quietWindow, sees, trendDefault, trendMax, type InsightsSight } from "./access";

// The fairness view (issue 20, decision 0052; docs/insights.md): where
// recognition goes, per unit and over time, against each unit's headcount;
// turnout per unit (aggregates only, small groups never alone); who was ever
// recognised; units nobody nominated lately; repeat winners; the posts of
// winners against the campaigns' caps. Every figure is counted in SQL over
// the units this person may see (access.ts); people are counted in their
// current unit.

export interface InsightsQuery {
  /** A campaign's slug; default the latest whose winners are settled, else the latest. */
  campaign?: string;
  /** How many campaigns the trend covers. */
  last?: number;
  /** The unit whose units the tables break down; default the whole organisation (or a manager's own unit). */
  unit?: string;
}

export interface UnitRef {
  code: string;
  nameZh: string;
  nameEn: string | null;
}

export interface CampaignOption {
  slug: string;
  nameZh: string;
  nameEn: string;
  status: Phase;
  periodEnd: string;
  /** Every title ratified: the winners are final and counted. */
  final: boolean;
}

/** One unit directly below the scope (or the scope unit's own staff) in one campaign. */
export interface UnitRow {
  unit: UnitRef;
  /** The row counts the staff attached to the scope unit itself, not a unit below it. */
  own: boolean;
  /** The unit has units below it: the view can break it down further. */
  breaksDown: boolean;
  headcount: number;
  nominated: number;
  nominatedPer100: number | null;
  /** Null until the campaign's winners are final. */
  winners: number | null;
  winnersPer100: number | null;
}

export interface TurnoutRow {
  units: UnitRef[];
  eligible: number;
  voted: number;
  rate: number | null;
}

export interface TrendRow {
  campaign: CampaignOption;
  headcount: number;
  nominated: number;
  nominatedPer100: number | null;
  winners: number | null;
  winnersPer100: number | null;
  /** After close, in this view's units; null before. */
  turnout: { eligible: number; voted: number; rate: number | null } | null;
  /** The winners in this view's units against the campaign's caps; null until final. */
  caps: CapCheck | null;
}

export interface RecognitionRow {
  unit: UnitRef;
  own: boolean;
  staff: number;
  nominated: number;
  nominatedShare: number | null;
  won: number;
  wonShare: number | null;
}

export interface QuietUnit {
  unit: UnitRef;
  staff: number;
  /** Of the last four campaigns, how many covered the unit. */
  campaigns: number;
}

export interface RepeatWinner {
  name: string;
  employeeNo: string;
  unit: UnitRef;
  wins: number;
  campaigns: Array<{ nameZh: string; nameEn: string }>;
}

export interface InsightsPage {
  /** The unit broken down; null: the whole organisation (more than one root). */
  scope: UnitRef | null;
  /** The units this person may break the view down by (not teams), by path. */
  scopes: Array<UnitRef & { depth: number }>;
  campaigns: CampaignOption[];
  campaign: CampaignOption | null;
  last: number;
  units: UnitRow[];
  /** The chosen campaign's turnout after close; rows null when even all together are fewer than the minimum. */
  turnout: { eligible: number; voted: number; rows: TurnoutRow[] | null; min: number } | null;
  /** The chosen campaign's winners in this view against its caps; null until final. */
  caps: CapCheck | null;
  trend: TrendRow[];
  recognition: { total: Omit<RecognitionRow, "unit" | "own">; rows: RecognitionRow[] };
  quiet: QuietUnit[];
  quietWindow: number;
  repeatWinners: RepeatWinner[];
}

export type InsightsRefusal = "insights.forbidden" | "insights.unit.unknown" | "insights.campaign.unknown";

/** A campaign whose every offered title is ratified (or published): its winners are final. */
const finalSql = (c: string): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${c}.status`)} = 'published' or (${sql.ref(`${c}.status`)} = 'closed' and not exists (
    select 1 from campaign_titles ct where ct.campaign_id = ${sql.ref(`${c}.id`)}
      and not exists (select 1 from ratifications r where r.campaign_id = ct.campaign_id and r.title_id = ct.title_id))))`;

/** The unit directly below the scope that the joined unit "u" lies in (its id as text), or null for the scope unit itself. */
const rowKey = (scopePath: string) => sql<string | null>`nullif(split_part(substr(${ownPathOfU}, ${scopePath.length + 1}), '/', 1), '')`;
const inScope = (scopePath: string) => sql<boolean>`${ownPathOfU} like ${`${escapeLike(scopePath)}%`}`;
const inList = (ids: readonly number[]) => sql.join(ids.map((id) => sql`${id}`));

interface Counted {
  campaign_id: number;
  unit_id: string | null;
  n: string | number;
}

/** The fairness view for this person: refused for anyone but administrators, the committee and managers (their units). */
export async function insightsFor(db: Db, user: User, query: InsightsQuery): Promise<Result<InsightsPage>> {
  const sight = insightsSight(user);
  if (!sight) return err("insights.forbidden", 403);
  const scope = await resolveScope(db, sight, query.unit);
  if (!scope.ok) return scope;
  const { unit: scopeUnit, path: scopePath } = scope.value;
  const last = Math.min(trendMax, Math.max(1, Math.trunc(query.last ?? trendDefault)));

  const listed = await campaignsOver(db, scopePath);
  // By default the latest campaign whose winners are settled (there is something to see), else the latest.
  const chosen = query.campaign ? listed.find((c) => c.slug === query.campaign) : (listed.find((c) => c.final) ?? listed[0]);
  if (query.campaign && !chosen) return err("insights.campaign.unknown", 404);
  const trendCampaigns = listed.slice(0, last).reverse();
  const counted = [...new Map([...trendCampaigns, ...(chosen ? [chosen] : [])].map((c) => [c.id, c])).values()];
  const ids = counted.map((c) => c.id);
  const finalIds = counted.filter((c) => c.final).map((c) => c.id);

  const [headcounts, nominated, winners, honoured, recognition, quiet, repeat] = await Promise.all([
    ids.length ? headcountsAtClose(db, ids, scopePath) : [],
    ids.length ? nominatedPeople(db, ids, scopePath) : [],
    finalIds.length ? winningPeople(db, finalIds, scopePath) : [],
    finalIds.length ? honouredIn(db, finalIds, scopePath) : new Map<number, HonouredNomination[]>(),
    everRecognised(db, scopePath),
    quietUnits(db, listed.slice(0, quietWindow), scopePath),
    repeatWinners(db, scopePath),
  ]);
  const turnouts = new Map(
    await Promise.all(
      counted
        .filter((c) => c.status === "closed" || c.status === "published")
        .map(async (c) => {
          // Counted within both the campaign's scope and this view's: the deeper of the two units.
          const deeper = scopePath.startsWith(c.cpath) ? scopePath : c.cpath;
          const names = deeper === scopePath && scopeUnit ? scopeUnit : c.unit;
          const t = await turnout(db, { ...c.ref, unitPath: deeper, unitZh: names.nameZh, unitEn: names.nameEn });
          return [c.id, t] as const;
        }),
    ),
  );

  const keys = new Set<string>();
  for (const r of [...headcounts, ...nominated, ...winners]) if (r.unit_id !== null) keys.add(r.unit_id);
  for (const r of recognition) if (r.unit_id !== null) keys.add(r.unit_id);
  const unitsById = await unitNames(db, [...keys].map(Number));
  const refOf = (key: string | null): { unit: UnitRef; own: boolean; breaksDown: boolean } => {
    if (key === null) return { unit: scopeUnit ?? { code: "", nameZh: "", nameEn: null }, own: true, breaksDown: false };
    const u = unitsById.get(Number(key))!;
    return { unit: u.ref, own: false, breaksDown: u.hasChildren };
  };
  const sumOf = (rows: Counted[], id: number) => rows.filter((r) => r.campaign_id === id).reduce((s, r) => s + int(r.n), 0);
  const capsOf = (c: ListedCampaign) => (c.final ? checkCaps(honoured.get(c.id) ?? [], c.caps) : null);

  let units: UnitRow[] = [];
  if (chosen) {
    const keysOf = new Set([...headcounts, ...nominated, ...winners].filter((r) => r.campaign_id === chosen.id).map((r) => r.unit_id));
    const countOf = (rows: Counted[], key: string | null) => int(rows.find((r) => r.campaign_id === chosen.id && r.unit_id === key)?.n);
    units = [...keysOf]
      .map((key) => {
        const headcount = countOf(headcounts, key);
        const n = countOf(nominated, key);
        const w = chosen.final ? countOf(winners, key) : null;
        return {
          ...refOf(key),
          headcount,
          nominated: n,
          nominatedPer100: per100(n, headcount),
          winners: w,
          winnersPer100: w === null ? null : per100(w, headcount),
        };
      })
      .sort(byUnit);
  }

  const chosenTurnout = chosen ? turnouts.get(chosen.id) : undefined;
  const recognitionRows: RecognitionRow[] = recognition
    .map((r) => {
      const staff = int(r.staff);
      const nominatedN = int(r.nominated);
      const won = int(r.won);
      return { ...refOf(r.unit_id), staff, nominated: nominatedN, nominatedShare: per100(nominatedN, staff), won, wonShare: per100(won, staff) };
    })
    .map(({ breaksDown: _, ...row }) => row)
    .sort(byUnit);
  const totalStaff = recognitionRows.reduce((s, r) => s + r.staff, 0);
  const totalNominated = recognitionRows.reduce((s, r) => s + r.nominated, 0);
  const totalWon = recognitionRows.reduce((s, r) => s + r.won, 0);

  return ok({
    scope: scopeUnit,
    scopes: await scopeChoices(db, sight),
    campaigns: listed.map(optionOf),
    campaign: chosen ? optionOf(chosen) : null,
    last,
    units,
    turnout: chosenTurnout
      ? {
          eligible: chosenTurnout.eligible,
          voted: chosenTurnout.voted,
          min: insightsGroupMin,
          rows:
            groupTurnout(chosenTurnout.units, insightsGroupMin)?.map((g) => ({
              units: g.units.map((u) => ({ code: "", nameZh: u.unitZh, nameEn: u.unitEn })),
              eligible: g.eligible,
              voted: g.voted,
              rate: per100(g.voted, g.eligible),
            })) ?? null,
        }
      : null,
    caps: chosen ? capsOf(chosen) : null,
    trend: trendCampaigns.map((c) => {
      const headcount = sumOf(headcounts, c.id);
      const n = sumOf(nominated, c.id);
      const w = c.final ? sumOf(winners, c.id) : null;
      const t = turnouts.get(c.id);
      return {
        campaign: optionOf(c),
        headcount,
        nominated: n,
        nominatedPer100: per100(n, headcount),
        winners: w,
        winnersPer100: w === null ? null : per100(w, headcount),
        // A whole below the minimum group is no more shown than a unit would be.
        turnout: t && t.eligible >= insightsGroupMin ? { eligible: t.eligible, voted: t.voted, rate: per100(t.voted, t.eligible) } : null,
        caps: capsOf(c),
      };
    }),
    recognition: {
      total: {
        staff: totalStaff,
        nominated: totalNominated,
        nominatedShare: per100(totalNominated, totalStaff),
        won: totalWon,
        wonShare: per100(totalWon, totalStaff),
      },
      rows: recognitionRows,
    },
    quiet,
    quietWindow,
    repeatWinners: repeat,
  });
}

const byUnit = (a: { own: boolean; unit: UnitRef }, b: { own: boolean; unit: UnitRef }) =>
  Number(b.own) - Number(a.own) || a.unit.code.localeCompare(b.unit.code);

// ---- scope -------------------------------------------------------------------

async function resolveScope(db: Db, sight: InsightsSight, code: string | undefined): Promise<Result<{ unit: UnitRef | null; path: string }>> {
  const unitAt = (q: ReturnType<typeof unitQuery>) => q.executeTakeFirst();
  const unitQuery = (where: { code?: string; path?: string; root?: true }) => {
    let q = db.selectFrom("org_units as u").select(["u.code", "u.name_zh", "u.name_en", ownPathOfU.as("own")]);
    if (where.code !== undefined) q = q.where("u.code", "=", where.code);
    if (where.path !== undefined) q = q.where(sql<boolean>`${ownPathOfU} = ${where.path}`);
    if (where.root) q = q.where("u.parent_id", "is", null);
    return q;
  };
  const shape = (u: { code: string; name_zh: string; name_en: string | null; own: string }) => ({
    unit: { code: u.code, nameZh: u.name_zh, nameEn: u.name_en },
    path: u.own,
  });
  if (code) {
    const u = await unitAt(unitQuery({ code }));
    // Outside this person's units looks the same as no such unit.
    if (!u || !sees(sight, u.own)) return err("insights.unit.unknown", 404);
    return ok(shape(u));
  }
  if (!sight.all) return ok(shape((await unitAt(unitQuery({ path: sight.unitPaths[0] })))!));
  const roots = await unitQuery({ root: true }).limit(2).execute();
  return ok(roots.length === 1 ? shape(roots[0]) : { unit: null, path: "/" });
}

async function scopeChoices(db: Db, sight: InsightsSight): Promise<InsightsPage["scopes"]> {
  let q = db.selectFrom("org_units as u").select(["u.code", "u.name_zh", "u.name_en", "u.depth"]).where("u.kind", "<>", "team").orderBy(ownPathOfU);
  if (!sight.all) q = q.where((eb) => eb.or(sight.unitPaths.map((p) => eb(ownPathOfU, "like", `${escapeLike(p)}%`))));
  return (await q.execute()).map((u) => ({ code: u.code, nameZh: u.name_zh, nameEn: u.name_en, depth: u.depth }));
}

async function unitNames(db: Db, ids: number[]) {
  if (ids.length === 0) return new Map<number, { ref: UnitRef; hasChildren: boolean }>();
  const rows = await db
    .selectFrom("org_units as u")
    .select([
      "u.id",
      "u.code",
      "u.name_zh",
      "u.name_en",
      (eb) => eb.exists(eb.selectFrom("org_units as c").select("c.id").whereRef("c.parent_id", "=", "u.id")).as("has_children"),
    ])
    .where("u.id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { ref: { code: r.code, nameZh: r.name_zh, nameEn: r.name_en }, hasChildren: Boolean(r.has_children) }]));
}

// ---- campaigns ---------------------------------------------------------------

interface ListedCampaign extends CampaignOption {
  id: number;
  cpath: string;
  unit: { nameZh: string; nameEn: string | null };
  caps: { managementCapPercent: number | null; frontlineMinPercent: number | null };
  ref: { id: number; slug: string; nameZh: string; nameEn: string; status: Phase };
}

const optionOf = (c: ListedCampaign): CampaignOption => ({
  slug: c.slug,
  nameZh: c.nameZh,
  nameEn: c.nameEn,
  status: c.status,
  periodEnd: c.periodEnd,
  final: c.final,
});

/** Campaigns past their draft whose scope overlaps the view's, latest period first. */
async function campaignsOver(db: Db, scopePath: string): Promise<ListedCampaign[]> {
  const { rows } = await sql<{
    id: number;
    slug: string;
    name_zh: string;
    name_en: string;
    status: Phase;
    period_end: string;
    final: boolean;
    cpath: string;
    unit_zh: string;
    unit_en: string | null;
    management_cap_percent: number | null;
    frontline_min_percent: number | null;
  }>`
    select c.id, c.slug, c.name_zh, c.name_en, c.status, to_char(c.period_end, 'YYYY-MM-DD') as period_end, ${finalSql("c")} as final,
           u.path || u.id::text || '/' as cpath, u.name_zh as unit_zh, u.name_en as unit_en,
           c.management_cap_percent, c.frontline_min_percent
    from campaigns c join org_units u on u.id = c.org_unit_id
    where c.status <> 'draft'
      and (${inScope(scopePath)} or ${scopePath} like (u.path || u.id::text || '/') || '%')
    order by c.period_end desc, c.id desc`.execute(db);
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    nameZh: r.name_zh,
    nameEn: r.name_en,
    status: r.status,
    periodEnd: r.period_end,
    final: Boolean(r.final),
    cpath: r.cpath,
    unit: { nameZh: r.unit_zh, nameEn: r.unit_en },
    caps: { managementCapPercent: r.management_cap_percent, frontlineMinPercent: r.frontline_min_percent },
    ref: { id: r.id, slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, status: r.status },
  }));
}

// ---- counts ------------------------------------------------------------------

/**
 * Headcount at each campaign's close, in the campaign's scope and the view's:
 * people in the directory before the moment voting closed (or the end of the
 * period, for a campaign not closed yet), and not left before it.
 */
async function headcountsAtClose(db: Db, ids: number[], scopePath: string): Promise<Counted[]> {
  const { rows } = await sql<Counted>`
    with camp as (
      select c.id, cu.path || cu.id::text || '/' as cpath,
             coalesce((select max(t.at) from campaign_transitions t where t.campaign_id = c.id and t.to_status = 'closed'),
                      least(now(), (c.period_end + 1)::timestamptz)) as close_at
      from campaigns c join org_units cu on cu.id = c.org_unit_id
      where c.id in (${inList(ids)})
    )
    select camp.id as campaign_id, ${rowKey(scopePath)} as unit_id, count(*) as n
    from camp
    join people p on p.created_at < camp.close_at
      and ((p.status = 'active' and p.left_at is null) or p.left_at >= camp.close_at)
    join org_units u on u.id = p.org_unit_id
    where ${inScope(scopePath)} and ${ownPathOfU} like camp.cpath || '%'
    group by 1, 2`.execute(db);
  return rows;
}

/** People nominated (any nomination past its draft, a team's members each), per campaign and unit. */
async function nominatedPeople(db: Db, ids: number[], scopePath: string): Promise<Counted[]> {
  const { rows } = await sql<Counted>`
    select n.campaign_id, ${rowKey(scopePath)} as unit_id, count(distinct nn.person_id) as n
    from nominations n
    join nomination_nominees nn on nn.nomination_id = n.id
    join people p on p.id = nn.person_id
    join org_units u on u.id = p.org_unit_id
    where n.campaign_id in (${inList(ids)}) and n.status <> 'draft' and ${inScope(scopePath)}
    group by 1, 2`.execute(db);
  return rows;
}

/** People among the final winners (objections applied; a team's members each), per campaign and unit. */
async function winningPeople(db: Db, ids: number[], scopePath: string): Promise<Counted[]> {
  const { rows } = await sql<Counted>`
    select w.campaign_id, ${rowKey(scopePath)} as unit_id, count(distinct nn.person_id) as n
    from winners w
    join nomination_nominees nn on nn.nomination_id = w.nomination_id
    join people p on p.id = nn.person_id
    join org_units u on u.id = p.org_unit_id
    where w.campaign_id in (${inList(ids)}) and w.removed_by_objection is null and ${inScope(scopePath)}
    group by 1, 2`.execute(db);
  return rows;
}

/** The winning nominations with their nominees' posts, per campaign, for the caps (nominees in the view's units). */
async function honouredIn(db: Db, ids: number[], scopePath: string): Promise<Map<number, HonouredNomination[]>> {
  const { rows } = await sql<{
    campaign_id: number;
    nomination_id: number;
    kind: "individual" | "team";
    person_id: number;
    name: string;
    post: PostKind | null;
  }>`
    select w.campaign_id, n.id as nomination_id, n.kind, p.id as person_id, p.name, p.post
    from winners w
    join nominations n on n.id = w.nomination_id
    join nomination_nominees nn on nn.nomination_id = n.id
    join people p on p.id = nn.person_id
    join org_units u on u.id = p.org_unit_id
    where w.campaign_id in (${inList(ids)}) and w.removed_by_objection is null and ${inScope(scopePath)}
    order by w.campaign_id, n.id, nn.position`.execute(db);
  const out = new Map<number, Map<number, HonouredNomination & { nominees: HonouredNomination["nominees"][number][] }>>();
  for (const r of rows) {
    const ofCampaign = out.get(r.campaign_id) ?? new Map();
    const n = ofCampaign.get(r.nomination_id) ?? { kind: r.kind, nominees: [] };
    n.nominees.push({ personId: r.person_id, name: r.name, post: r.post });
    ofCampaign.set(r.nomination_id, n);
    out.set(r.campaign_id, ofCampaign);
  }
  return new Map([...out].map(([id, m]) => [id, [...m.values()]]));
}

/** Active staff now, per unit, and how many of them were ever nominated, ever among final winners. */
async function everRecognised(db: Db, scopePath: string) {
  const { rows } = await sql<{ unit_id: string | null; staff: string | number; nominated: string | number; won: string | number }>`
    select ${rowKey(scopePath)} as unit_id, count(*) as staff,
      count(*) filter (where exists (
        select 1 from nomination_nominees nn join nominations n on n.id = nn.nomination_id
        where nn.person_id = p.id and n.status <> 'draft')) as nominated,
      count(*) filter (where exists (
        select 1 from nomination_nominees nn
        join winners w on w.nomination_id = nn.nomination_id and w.removed_by_objection is null
        join campaigns c on c.id = w.campaign_id
        where nn.person_id = p.id and ${finalSql("c")})) as won
    from people p join org_units u on u.id = p.org_unit_id
    where p.status = 'active' and ${inScope(scopePath)}
    group by 1`.execute(db);
  return rows;
}

/**
 * Units (with active staff) that the last four campaigns covered, none of
 * whose people was nominated in them; only the highest such unit of a
 * branch is listed (its units below are quiet too).
 */
async function quietUnits(db: Db, window: ListedCampaign[], scopePath: string): Promise<QuietUnit[]> {
  if (window.length === 0) return [];
  const ids = window.map((c) => c.id);
  const { rows } = await sql<{
    id: number;
    code: string;
    name_zh: string;
    name_en: string | null;
    own: string;
    staff: string | number;
    campaigns: string | number;
  }>`
    with staff as (
      select a.id::int as unit_id, count(*) as n
      from people p join org_units u on u.id = p.org_unit_id
      cross join lateral unnest(string_to_array(trim(both '/' from ${ownPathOfU}), '/')) as a(id)
      where p.status = 'active'
      group by 1
    ), nominees as (
      select distinct a.id::int as unit_id
      from nominations n
      join nomination_nominees nn on nn.nomination_id = n.id
      join people p on p.id = nn.person_id
      join org_units u on u.id = p.org_unit_id
      cross join lateral unnest(string_to_array(trim(both '/' from ${ownPathOfU}), '/')) as a(id)
      where n.campaign_id in (${inList(ids)}) and n.status <> 'draft'
    ), camp as (
      select cu.path || cu.id::text || '/' as cpath from campaigns c join org_units cu on cu.id = c.org_unit_id where c.id in (${inList(ids)})
    )
    select u.id, u.code, u.name_zh, u.name_en, ${ownPathOfU} as own, s.n as staff,
           (select count(*) from camp where ${ownPathOfU} like camp.cpath || '%') as campaigns
    from org_units u
    join staff s on s.unit_id = u.id
    where ${inScope(scopePath)}
      and not exists (select 1 from nominees x where x.unit_id = u.id)
    order by ${ownPathOfU}`.execute(db);
  const quiet = rows.filter((r) => int(r.campaigns) > 0);
  const paths = new Set(quiet.map((r) => r.own));
  const parentOf = (own: string) => own.replace(/[^/]+\/$/, "");
  return quiet
    .filter((r) => !paths.has(parentOf(r.own)))
    .map((r) => ({ unit: { code: r.code, nameZh: r.name_zh, nameEn: r.name_en }, staff: int(r.staff), campaigns: int(r.campaigns) }));
}

/** People of the view's units among the final winners of more than one nomination (public on the rolls). */
async function repeatWinners(db: Db, scopePath: string): Promise<RepeatWinner[]> {
  const { rows } = await sql<{
    person_id: number;
    name: string;
    employee_no: string;
    code: string;
    unit_zh: string;
    unit_en: string | null;
    campaign_zh: string;
    campaign_en: string;
  }>`
    with wins as (
      select nn.person_id, w.nomination_id, c.name_zh as campaign_zh, c.name_en as campaign_en, c.period_end
      from winners w
      join campaigns c on c.id = w.campaign_id
      join nomination_nominees nn on nn.nomination_id = w.nomination_id
      where w.removed_by_objection is null and ${finalSql("c")}
    ), repeated as (
      select person_id from wins group by person_id having count(distinct nomination_id) > 1
    )
    select p.id as person_id, p.name, p.employee_no, u.code, u.name_zh as unit_zh, u.name_en as unit_en, wins.campaign_zh, wins.campaign_en
    from repeated
    join wins on wins.person_id = repeated.person_id
    join people p on p.id = repeated.person_id
    join org_units u on u.id = p.org_unit_id
    where ${inScope(scopePath)}
    order by p.id, wins.period_end, wins.nomination_id`.execute(db);
  const byPerson = new Map<number, RepeatWinner>();
  for (const r of rows) {
    const w = byPerson.get(r.person_id) ?? {
      name: r.name,
      employeeNo: r.employee_no,
      unit: { code: r.code, nameZh: r.unit_zh, nameEn: r.unit_en },
      wins: 0,
      campaigns: [],
    };
    w.wins += 1;
    w.campaigns.push({ nameZh: r.campaign_zh, nameEn: r.campaign_en });
    byPerson.set(r.person_id, w);
  }
  return [...byPerson.values()].sort((a, b) => b.wins - a.wins || a.employeeNo.localeCompare(b.employeeNo));
}
