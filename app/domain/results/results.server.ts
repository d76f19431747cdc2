import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { CampaignStatus, ObjectionStatus } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { hasRole, isAdmin, type User } from "../auth/user";
import { findVisibleCampaign, offeredTitles, type CampaignRef } from "../campaigns/visibility.server";
import { recusalOf, type Recusal } from "../nominations/rules";
import { escapeLike, ownPathOfU } from "../org/unit-path.server";
import { int, violates } from "../../../db/values";
import { err, ok, type Result } from "../result";
import { cutChars } from "../text";
import {
  cutOff,
  publicityRunning,
  rank,
  resultsRefusalStatus,
  whyCannotObject,
  whyCannotRatify,
  whyCannotResolve,
  type Publicity,
  type RatifyRefusal,
  type Resolution,
} from "./rules";
import {
  confirmResolution,
  confirmWinners,
  idSet,
  loneRatifier,
  ratificationProposals,
  resolutionProposals,
  withdrawResolution,
  withdrawWinners,
} from "./quorum.server";
import { inScope, onBallotStatuses, type TallyRow } from "../voting/rules";
import { groupTurnout, type TurnoutGroup, type UnitTurnout } from "./turnout-groups";
import type { ObjectionInput, RatifyInput, ResolveInput } from "./schema";
import { recount, tally, voterOf } from "../voting/voting.server";

// After the vote: the results page (counts for those who may see them, the
// turnout, the recount check), the committee's ratification, the publicity
// period's objections and their resolution, the receipts and the exports.
// The rules are asked of rules.ts; what is secret is decided here, in
// one place: counts only after close (or when the campaign shows them), to
// administrators and the committee unless the campaign made them public;
// never who voted for whom.

const closedPhases = new Set<CampaignStatus>(["closed", "published"]);
const countedPhases = new Set<CampaignStatus>(["voting", "closed", "published"]);

interface Settings {
  talliesHidden: boolean;
  /** Committee members who must confirm a ratification or a resolution. */
  quorum: number;
  publicity: Publicity;
  /** Offered titles not yet ratified. */
  unratified: number;
  now: Date;
}

async function settingsOf(db: Db, c: CampaignRef): Promise<Settings> {
  const [row, unratified] = await Promise.all([
    db
      .selectFrom("campaigns")
      .select(["tallies_hidden", "committee_quorum", "publicity_days", "publicity_ends_at", sql<Date>`now()`.as("now")])
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow(),
    unratifiedTitles(db, c.id),
  ]);
  return {
    talliesHidden: row.tallies_hidden,
    quorum: row.committee_quorum,
    publicity: { ratified: unratified === 0, publicityDays: row.publicity_days, endsAt: row.publicity_ends_at },
    unratified,
    now: new Date(row.now),
  };
}

async function unratifiedTitles(db: Db, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom("campaign_titles as ct")
    .leftJoin("ratifications as r", (j) => j.onRef("r.campaign_id", "=", "ct.campaign_id").onRef("r.title_id", "=", "ct.title_id"))
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("ct.campaign_id", "=", campaignId)
    .where("r.title_id", "is", null)
    .executeTakeFirstOrThrow();
  return int(row.n);
}

async function openObjections(db: Db, campaignId: number): Promise<number> {
  const row = await db
    .selectFrom("objections")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("campaign_id", "=", campaignId)
    .where("status", "=", "open")
    .executeTakeFirstOrThrow();
  return int(row.n);
}

const isCommittee = (u: User) => hasRole(u, "committee");

/** Counts per nomination: administrators and the committee after close; everyone in scope when the campaign shows its tallies. */
function seesCounts(user: User, status: CampaignStatus, talliesHidden: boolean): boolean {
  if (!countedPhases.has(status)) return false;
  if (!talliesHidden) return true;
  return closedPhases.has(status) && (isAdmin(user) || isCommittee(user));
}

// ---- what the publish step asks ---------------------------------------------------

/** What stands between a closed campaign and publication (asked by the life cycle's move). */
export async function publicationFacts(db: Db, campaignId: number) {
  const [unratified, campaign, open] = await Promise.all([
    unratifiedTitles(db, campaignId),
    db
      .selectFrom("campaigns")
      .select(["publicity_ends_at", sql<Date>`now()`.as("now")])
      .where("id", "=", campaignId)
      .executeTakeFirstOrThrow(),
    openObjections(db, campaignId),
  ]);
  return { unratified, publicityEndsAt: campaign.publicity_ends_at, openObjections: open, now: new Date(campaign.now) };
}

/**
 * On publication the nominations on the ballot take their final status:
 * current winners "winner", the rest "not_selected", each with a history
 * event. Runs inside the move's transaction.
 */
export async function settleNominations(trx: Db, campaignId: number, actor: User | null): Promise<void> {
  const rows = await trx
    .selectFrom("nominations as n")
    .leftJoin("winners as w", (j) => j.onRef("w.nomination_id", "=", "n.id").on("w.removed_by_objection", "is", null))
    .select(["n.id", "n.status", "w.nomination_id as won"])
    .where("n.campaign_id", "=", campaignId)
    .where("n.status", "=", "approved")
    .execute();
  for (const outcome of ["winner", "not_selected"] as const) {
    const ids = rows.filter((r) => (r.won !== null) === (outcome === "winner")).map((r) => r.id);
    if (ids.length === 0) continue;
    await trx.updateTable("nominations").set({ status: outcome }).where("id", "in", ids).execute();
    await trx
      .insertInto("nomination_events")
      .values(
        ids.map((id) => ({ nomination_id: id, from_status: "approved" as const, to_status: outcome, actor_id: actor?.id ?? null, comment: null })),
      )
      .execute();
  }
}

// ---- the results page ---------------------------------------------------------------

export interface ResultsNomination {
  id: number;
  teamName: string | null;
  nominees: Array<{ name: string; unitZh: string; unitEn: string | null }>;
  /** Null when this person may not see counts. */
  votes: number | null;
  rank: number | null;
  /** Among the equal votes straddling the cut-off (only shown with counts). */
  tied: boolean;
  /** In the top N by votes: the ratification form's starting point. */
  proposed: boolean;
  /** Its standing after ratification: a winner, a winner brought in by an upheld objection, or removed by one. */
  winner: "ratified" | "replacement" | "removed" | null;
  /** This person may file an objection against it now. */
  mayObject: boolean;
}

export interface ResultsTitle {
  slug: string;
  nameZh: string;
  nameEn: string;
  /** The title's N. */
  winners: number;
  nominations: ResultsNomination[];
  /** Equal votes straddle the cut-off (only with counts). */
  tie: boolean;
  /** Voters with a current ballot for this title (only with counts). */
  voters: number | null;
  /** Who confirmed it (in order; the last reached the quorum), when, and why at a tie. */
  ratification: { byName: string; confirmedBy: string[]; at: Date; tieReason: string | null } | null;
  /** Winners proposed and not yet confirmed by the quorum, with who has confirmed each: the committee and administrators only. */
  proposals: RatificationProposal[];
  /** Why this person cannot ratify it, or null when they may; only for the committee. */
  ratifyRefusal: RatifyRefusal | null;
}

export interface RatificationProposal {
  nominationIds: number[];
  tieReason: string | null;
  proposedBy: string;
  proposedAt: Date;
  confirmedBy: string[];
  /** The reader confirmed it (and may withdraw). */
  mine: boolean;
}

export interface ResolutionProposal {
  decision: Resolution;
  replacementId: number | null;
  resolution: string;
  proposedBy: string;
  proposedAt: Date;
  confirmedBy: string[];
  mine: boolean;
}

export interface ObjectionView {
  id: number;
  titleSlug: string;
  nominationId: number;
  /** The objector's name: shown to the committee and administrators, and to the objector. */
  filedBy: string;
  filedAt: Date;
  reason: string;
  status: ObjectionStatus;
  resolution: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  /** The members whose confirmations resolved it. */
  confirmedBy: string[];
  /** Resolutions proposed while it is open, with who has confirmed each: the committee and administrators only. */
  proposals: ResolutionProposal[];
  /** For the committee: why this member stays out of it, or null. */
  recused: Recusal | "results.resolve.ratifiedAlone" | null;
  mayResolve: boolean;
  /** The reader confirmed a proposed resolution and may take it back. */
  mayWithdraw: boolean;
}

export interface ResultsPage {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status" | "unitZh" | "unitEn">;
  now: Date;
  /** This person sees counts per nomination. */
  counts: boolean;
  /** Administrators and the committee after close: turnout, the recount check. */
  analysis: null | {
    turnout: { eligible: number; voted: number; units: UnitTurnout[] };
    recount: { matches: boolean; ballots: number; current: number };
  };
  /**
   * Administrators while voting: how many have voted so far per unit, as of
   * the last full hour, in groups of at least turnoutGroupMin people
   * (decision 0029); `groups` null when the scope is too small to show any.
   */
  liveTurnout: null | { asOf: Date; eligible: number; voted: number; groups: TurnoutGroup[] | null };
  publicity: { days: number; endsAt: Date | null; running: boolean; ratified: boolean };
  /** After close: how many committee members must confirm each decision (decision 0028). */
  committee: { quorum: number } | null;
  /** Winners are shown to everyone in scope once every title is ratified; the committee and administrators see each title's as it is ratified. */
  winnersShown: boolean;
  titles: ResultsTitle[];
  objections: ObjectionView[];
  /** Receipts are published once voting has closed. */
  receipts: boolean;
  may: { ratify: boolean; resolve: boolean; export: boolean };
}

interface Listed {
  id: number;
  title_id: number;
  team_name: string | null;
  nominator_id: number;
}

async function listedNominations(db: Db, campaignId: number) {
  const rows: Listed[] = await db
    .selectFrom("nominations")
    .select(["id", "title_id", "team_name", "nominator_id"])
    .where("campaign_id", "=", campaignId)
    .where("status", "in", [...onBallotStatuses])
    .orderBy("id")
    .execute();
  const nominees = rows.length
    ? await db
        .selectFrom("nomination_nominees as nn")
        .innerJoin("people as p", "p.id", "nn.person_id")
        .innerJoin("org_units as u", "u.id", "p.org_unit_id")
        .select(["nn.nomination_id", "nn.person_id", "p.name", "p.org_unit_id", "p.employee_no", "u.name_zh", "u.name_en"])
        .where(
          "nn.nomination_id",
          "in",
          rows.map((r) => r.id),
        )
        .orderBy("nn.nomination_id")
        .orderBy("nn.position")
        .execute()
    : [];
  return { rows, nominees };
}

/**
 * Turnout overall and per unit directly below the campaign's scope unit;
 * `before` counts only ballots cast before that moment (the live turnout's
 * last full hour).
 */
async function turnout(db: Db, campaign: CampaignRef, before?: Date): Promise<{ eligible: number; voted: number; units: UnitTurnout[] }> {
  // The population: active staff in scope now, and anyone in scope who cast a
  // ballot (a voter who left since still counts as having voted). People are
  // counted in their current unit.
  const scope = campaign.unitPath;
  const { rows } = await sql<{ unit_id: string | null; eligible: string | number; voted: string | number }>`
    with voters as (
      select distinct voter_id from ballots where campaign_id = ${campaign.id} ${before ? sql`and cast_at < ${before}` : sql``}
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

async function ballotCounts(db: Db, campaignId: number) {
  const { rows } = await sql<{ title_id: number; ballots: string | number; voters: string | number }>`
    select title_id, count(*) as ballots, count(distinct voter_id) as voters
    from ballots where campaign_id = ${campaignId} group by title_id`.execute(db);
  return rows.map((r) => ({ titleId: int(r.title_id), ballots: int(r.ballots), voters: int(r.voters) }));
}

/**
 * Turnout while voting, for administrators (decision 0029): as of the last
 * full hour, so a count that moves cannot be matched to someone seen voting
 * a minute ago; in groups of at least turnoutGroupMin people (groupTurnout).
 */
async function liveTurnout(db: Db, campaign: CampaignRef): Promise<NonNullable<ResultsPage["liveTurnout"]>> {
  const { rows } = await sql<{ hour: Date }>`select date_trunc('hour', now()) as hour`.execute(db);
  const asOf = new Date(rows[0].hour);
  const counted = await turnout(db, campaign, asOf);
  const groups = groupTurnout(counted.units);
  return groups ? { asOf, eligible: counted.eligible, voted: counted.voted, groups } : { asOf, eligible: 0, voted: 0, groups: null };
}

const sameTally = (a: readonly TallyRow[], b: readonly TallyRow[]) =>
  a.length === b.length && a.every((r, i) => r.titleId === b[i].titleId && r.nominationId === b[i].nominationId && r.votes === b[i].votes);

/**
 * The results page for this person. Counts only for those who may see them
 * (seesCounts); turnout and the recount check for administrators and the
 * committee after close; winners once ratified; objections to the committee
 * (all) and to their authors (their own).
 */
export async function resultsFor(db: Db, user: User, slug: string): Promise<Result<ResultsPage>> {
  const found = await findVisibleCampaign(db, user, slug);
  if (!found) return err("campaigns.notFound", 404);
  const s = await settingsOf(db, found);
  const status = found.status;
  const counts = seesCounts(user, status, s.talliesHidden);
  const insider = isAdmin(user) || isCommittee(user);
  const closed = closedPhases.has(status);
  const [offers, listed, rows, ratifications, winners, objections, person, counters, proposals, resolutions] = await Promise.all([
    offeredTitles(db, found.id),
    countedPhases.has(status) ? listedNominations(db, found.id) : Promise.resolve({ rows: [], nominees: [] }),
    counts ? tally(db, found.id) : Promise.resolve([] as TallyRow[]),
    db
      .selectFrom("ratifications as r")
      .innerJoin("people as p", "p.id", "r.ratified_by")
      .select(["r.title_id", "r.ratified_at", "r.tie_reason", "r.proposal_id", "p.name"])
      .where("r.campaign_id", "=", found.id)
      .execute(),
    db.selectFrom("winners").select(["nomination_id", "added_by_objection", "removed_by_objection"]).where("campaign_id", "=", found.id).execute(),
    db
      .selectFrom("objections as o")
      .innerJoin("titles as t", "t.id", "o.title_id")
      .innerJoin("people as f", "f.id", "o.filed_by")
      .leftJoin("people as r", "r.id", "o.resolved_by")
      .select([
        "o.id",
        "o.nomination_id",
        "o.title_id",
        "o.filed_by",
        "o.filed_at",
        "o.reason",
        "o.status",
        "o.resolution",
        "o.resolved_at",
        "o.resolution_proposal_id",
        "t.slug",
        "f.name as filer",
        "r.name as resolver",
      ])
      .where("o.campaign_id", "=", found.id)
      .$if(!insider, (q) => q.where("o.filed_by", "=", user.id))
      .orderBy("o.filed_at")
      .execute(),
    voterOf(db, user),
    counts ? ballotCounts(db, found.id) : Promise.resolve([]),
    closed ? ratificationProposals(db, found.id, user.id) : Promise.resolve([]),
    closed ? resolutionProposals(db, found.id, user.id) : Promise.resolve([]),
  ]);
  const winnersShown = s.publicity.ratified || insider;
  const winnerOf = new Map(winners.map((w) => [w.nomination_id, w]));
  const publicity = {
    days: s.publicity.publicityDays,
    endsAt: s.publicity.endsAt,
    running: closed && publicityRunning(s.publicity, s.now),
    ratified: s.publicity.ratified,
  };
  const eligible = inScope(person, found.unitPath);
  const filed = new Set(objections.filter((o) => o.filed_by === user.id).map((o) => o.nomination_id));

  const titles: ResultsTitle[] = offers.map((t) => {
    const standings = rank(rows.filter((r) => r.titleId === t.id));
    const cut = cutOff(standings, t.winners);
    const ratified = ratifications.find((r) => r.title_id === t.id);
    const nominations = listed.rows
      .filter((n) => n.title_id === t.id)
      .map((n) => {
        const people = listed.nominees.filter((p) => p.nomination_id === n.id);
        const standing = standings.find((x) => x.nominationId === n.id);
        const w = winnerOf.get(n.id);
        const winner =
          !w || !winnersShown || !ratified
            ? null
            : w.removed_by_objection !== null
              ? "removed"
              : w.added_by_objection !== null
                ? "replacement"
                : "ratified";
        const mayObject =
          (winner === "ratified" || winner === "replacement") &&
          whyCannotObject({
            status,
            publicity: s.publicity,
            now: s.now,
            eligible,
            currentWinner: true,
            self: people.some((p) => p.person_id === user.id),
            filed: filed.has(n.id),
          }) === null;
        return {
          id: n.id,
          teamName: n.team_name,
          nominees: people.map((p) => ({ name: p.name, unitZh: p.name_zh, unitEn: p.name_en })),
          votes: counts ? (standing?.votes ?? 0) : null,
          rank: counts ? (standing?.rank ?? null) : null,
          tied: counts && cut.tied.includes(n.id),
          proposed: closed && insider && cut.proposed.includes(n.id),
          winner,
          mayObject,
        } satisfies ResultsNomination;
      });
    if (counts) nominations.sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0) || a.id - b.id);
    const nomineeInTitle = listed.nominees.some(
      (p) => p.person_id === user.id && listed.rows.some((n) => n.id === p.nomination_id && n.title_id === t.id),
    );
    const ofTitle = proposals.filter((p) => p.titleId === t.id);
    const ratifyRefusal = isCommittee(user)
      ? whyCannotRatify(user, {
          status,
          ratified: ratified !== undefined,
          confirmed: ofTitle.some((p) => p.mine),
          nomineeInTitle,
          standings,
          winners: t.winners,
          chosen: cut.proposed,
          tieReason: cut.tie ? "-" : "",
        })
      : null;
    const confirmedBy = ratified ? (ofTitle.find((p) => p.id === ratified.proposal_id)?.confirmedBy ?? [ratified.name]) : [];
    return {
      slug: t.slug,
      nameZh: t.nameZh,
      nameEn: t.nameEn,
      winners: t.winners,
      nominations,
      tie: counts && cut.tie,
      voters: counts ? (counters.find((c) => c.titleId === t.id)?.voters ?? 0) : null,
      ratification:
        ratified && winnersShown ? { byName: ratified.name, confirmedBy, at: ratified.ratified_at, tieReason: ratified.tie_reason } : null,
      proposals:
        insider && !ratified
          ? ofTitle.map((p) => ({
              nominationIds: p.winners,
              tieReason: p.tieReason,
              proposedBy: p.proposedBy,
              proposedAt: p.proposedAt,
              confirmedBy: p.confirmedBy,
              mine: p.mine,
            }))
          : [],
      ratifyRefusal,
    };
  });

  const live = status === "voting" && isAdmin(user) ? await liveTurnout(db, found) : null;
  let analysis: ResultsPage["analysis"] = null;
  if (closed && insider) {
    const [people, recounted] = await Promise.all([turnout(db, found), recount(db, found.id)]);
    analysis = {
      turnout: people,
      recount: {
        matches: sameTally(rows, recounted),
        ballots: counters.reduce((n, c) => n + c.ballots, 0),
        current: counters.reduce((n, c) => n + c.voters, 0),
      },
    };
  }

  const nominationById = new Map(listed.rows.map((n) => [n.id, n]));
  // The member who ratified a title alone (a quorum of one) does not judge objections to it.
  const aloneOf = new Map(
    ratifications.map((r) => {
      const p = proposals.find((x) => x.id === r.proposal_id);
      return [r.title_id, p && p.confirmerIds.length === 1 ? p.confirmerIds[0] : null] as const;
    }),
  );
  const objectionViews: ObjectionView[] = objections.map((o) => {
    const nomination = {
      nominatorId: nominationById.get(o.nomination_id)?.nominator_id ?? -1,
      nominees: listed.nominees.filter((p) => p.nomination_id === o.nomination_id).map((p) => ({ personId: p.person_id, orgUnitId: p.org_unit_id })),
    };
    const ofObjection = resolutions.filter((p) => p.objectionId === o.id);
    const ratifiedAlone = aloneOf.get(o.title_id) === user.id;
    const recused = isCommittee(user) ? (recusalOf(user, nomination) ?? (ratifiedAlone ? "results.resolve.ratifiedAlone" : null)) : null;
    const confirmed = ofObjection.some((p) => p.mine);
    return {
      id: o.id,
      titleSlug: o.slug,
      nominationId: o.nomination_id,
      filedBy: o.filer,
      filedAt: o.filed_at,
      reason: o.reason,
      status: o.status,
      resolution: o.resolution,
      resolvedAt: o.resolved_at,
      resolvedBy: o.resolver,
      confirmedBy: ofObjection.find((p) => p.id === o.resolution_proposal_id)?.confirmedBy ?? [],
      proposals:
        insider && o.status === "open"
          ? ofObjection.map((p) => ({
              decision: p.decision,
              replacementId: p.replacementId,
              resolution: p.resolution,
              proposedBy: p.proposedBy,
              proposedAt: p.proposedAt,
              confirmedBy: p.confirmedBy,
              mine: p.mine,
            }))
          : [],
      recused,
      // Asked of the rule that resolveObjection asks (a dismissal needs nothing more).
      mayResolve:
        nominationById.has(o.nomination_id) &&
        whyCannotResolve(user, { status, objection: o.status, nomination, ratifiedAlone, confirmed, decision: "dismiss", replacement: null }) ===
          null,
      mayWithdraw: isCommittee(user) && status === "closed" && o.status === "open" && confirmed,
    };
  });

  return ok({
    campaign: { slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn, status, unitZh: found.unitZh, unitEn: found.unitEn },
    now: s.now,
    counts,
    analysis,
    liveTurnout: live,
    publicity,
    committee: closed ? { quorum: s.quorum } : null,
    winnersShown,
    titles,
    objections: objectionViews,
    receipts: closed,
    may: { ratify: isCommittee(user) && status === "closed", resolve: isCommittee(user) && status === "closed", export: isAdmin(user) && closed },
  });
}

// ---- ratification ---------------------------------------------------------------------

async function offeredTitle(db: Db, campaignId: number, slug: string) {
  return db
    .selectFrom("campaign_titles as ct")
    .innerJoin("titles as t", "t.id", "ct.title_id")
    .select(["t.id", "t.slug", "ct.winners"])
    .where("ct.campaign_id", "=", campaignId)
    .where("t.slug", "=", slug)
    .executeTakeFirst();
}

export interface Ratified {
  /** The title is ratified now: this confirmation reached the campaign's quorum. */
  ratified: boolean;
  /** Members who have confirmed these winners, and how many must (decision 0028). */
  confirmations: number;
  quorum: number;
  /** Every title is ratified now; the publicity period (if any) runs until publicityEndsAt. */
  allRatified: boolean;
  publicityEndsAt: Date | null;
}

/**
 * A committee member confirms one title's winners: a top N by votes, with a
 * written reason when equal votes straddle the cut-off. Choosing the set
 * another member proposed confirms their proposal (reason and all); the
 * confirmation that reaches the campaign's quorum ratifies the title
 * (decision 0028), and the last title's ratification starts the publicity
 * period. The campaign row is locked, so confirmations of one campaign take
 * turns: two members confirming at once ratify once, and two titles
 * ratified at once still start the period exactly once.
 */
export async function ratifyTitle(db: Db, user: User, slug: string, input: RatifyInput): Promise<Result<Ratified>> {
  return db.transaction().execute(async (trx) => {
    const found = await findVisibleCampaign(trx, user, slug);
    if (!found) return err("campaigns.notFound", 404);
    // The role first: someone outside the committee learns nothing about titles or ballots here.
    if (!isCommittee(user)) return err("results.ratify.notCommittee", 403);
    const c = await trx
      .selectFrom("campaigns")
      .select(["id", "status", "publicity_days", "committee_quorum"])
      .where("id", "=", found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const title = await offeredTitle(trx, c.id, input.titleSlug);
    if (!title) return err("voting.title.unknown", 400);
    const chosen = idSet(input.nominationIds);
    const [rows, done, mine, confirmed, proposed] = await Promise.all([
      tally(trx, c.id),
      trx.selectFrom("ratifications").select("title_id").where("campaign_id", "=", c.id).where("title_id", "=", title.id).executeTakeFirst(),
      trx
        .selectFrom("nomination_nominees as nn")
        .innerJoin("nominations as n", "n.id", "nn.nomination_id")
        .select("n.id")
        .where("n.campaign_id", "=", c.id)
        .where("n.title_id", "=", title.id)
        .where("n.status", "in", [...onBallotStatuses])
        .where("nn.person_id", "=", user.id)
        .executeTakeFirst(),
      trx
        .selectFrom("ratification_confirmations")
        .select("proposal_id")
        .where("campaign_id", "=", c.id)
        .where("title_id", "=", title.id)
        .where("member_id", "=", user.id)
        .executeTakeFirst(),
      ratificationProposals(trx, c.id, user.id),
    ]);
    // Choosing a set another member proposed confirms it: their reason stands, none need be retyped.
    const joined = proposed.find((p) => p.titleId === title.id && p.winners.join() === chosen.join());
    const standings = rank(rows.filter((r) => r.titleId === title.id));
    const why = whyCannotRatify(user, {
      status: c.status,
      ratified: done !== undefined,
      confirmed: confirmed !== undefined,
      nomineeInTitle: mine !== undefined,
      standings,
      winners: title.winners,
      chosen: input.nominationIds,
      tieReason: joined ? (joined.tieReason ?? "") : input.tieReason,
    });
    if (why) return err(why, resultsRefusalStatus(why), why === "results.ratify.count" ? { n: cutOff(standings, title.winners).seats } : undefined);
    const cut = cutOff(standings, title.winners);
    const proposal = await confirmWinners(trx, user.id, {
      campaignId: c.id,
      titleId: title.id,
      winners: chosen,
      tieReason: input.tieReason.trim() || null,
    });
    const reason = proposal.text;
    const quorum = c.committee_quorum;
    const confirmedBy = [...(joined?.confirmedBy ?? []), user.name];
    if (proposal.confirmations < quorum) {
      await audit(trx, user, {
        action: "results.ratification_confirmed",
        subjectType: "campaign",
        subjectId: found.slug,
        after: { title: title.slug, winners: chosen, tie: cut.tie, tieReason: reason, confirmations: proposal.confirmations, quorum },
      });
      return ok({ ratified: false, confirmations: proposal.confirmations, quorum, allRatified: false, publicityEndsAt: null });
    }
    await trx
      .insertInto("ratifications")
      .values({ campaign_id: c.id, title_id: title.id, ratified_by: user.id, tie_reason: reason, proposal_id: proposal.proposalId })
      .execute();
    if (chosen.length) {
      await trx
        .insertInto("winners")
        .values(
          chosen.map((id) => ({
            nomination_id: id,
            campaign_id: c.id,
            title_id: title.id,
            votes: standings.find((s) => s.nominationId === id)!.votes,
          })),
        )
        .execute();
    }
    const allRatified = (await unratifiedTitles(trx, c.id)) === 0;
    let publicityEndsAt: Date | null = null;
    if (allRatified) {
      const row = await trx
        .updateTable("campaigns")
        .set({
          // From the latest ratification: one that waited for this campaign's lock
          // while another committed can carry the earlier moment (its transaction's start).
          publicity_ends_at: sql<Date>`(select max(ratified_at) from ratifications where campaign_id = ${c.id}) + make_interval(days => publicity_days)`,
          updated_at: sql<Date>`now()`,
        })
        .where("id", "=", c.id)
        .returning("publicity_ends_at")
        .executeTakeFirstOrThrow();
      publicityEndsAt = c.publicity_days > 0 ? row.publicity_ends_at : null;
    }
    await audit(trx, user, {
      action: "results.ratified",
      subjectType: "campaign",
      subjectId: found.slug,
      after: { title: title.slug, winners: chosen, tie: cut.tie, tieReason: reason, confirmedBy, allRatified, publicityEndsAt },
    });
    return ok({ ratified: true, confirmations: proposal.confirmations, quorum, allRatified, publicityEndsAt });
  });
}

/** A committee member takes back their confirmation of a title's winners while the title is not yet ratified (decision 0028). */
export async function withdrawRatification(db: Db, user: User, slug: string, titleSlug: string): Promise<Result<{ winners: number[] }>> {
  return db.transaction().execute(async (trx) => {
    const found = await findVisibleCampaign(trx, user, slug);
    if (!found) return err("campaigns.notFound", 404);
    if (!isCommittee(user)) return err("results.ratify.notCommittee", 403);
    const c = await trx.selectFrom("campaigns").select(["id", "status"]).where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
    if (c.status !== "closed") return err("results.ratify.notClosed", 409);
    const title = await offeredTitle(trx, c.id, titleSlug);
    if (!title) return err("voting.title.unknown", 400);
    const done = await trx
      .selectFrom("ratifications")
      .select("title_id")
      .where("campaign_id", "=", c.id)
      .where("title_id", "=", title.id)
      .executeTakeFirst();
    if (done) return err("results.ratify.already", 409);
    const withdrawn = await withdrawWinners(trx, user.id, c.id, title.id);
    if (!withdrawn) return err("results.withdraw.none", 409);
    await audit(trx, user, {
      action: "results.confirmation_withdrawn",
      subjectType: "campaign",
      subjectId: found.slug,
      before: { title: title.slug, winners: withdrawn.winners },
    });
    return ok(withdrawn);
  });
}

// ---- objections during the publicity period --------------------------------------------

/** A member of staff in scope objects to a proposed winner, with a reason, while the publicity period runs. */
export async function fileObjection(db: Db, user: User, slug: string, input: ObjectionInput): Promise<Result<{ id: number }>> {
  try {
    return await db.transaction().execute(async (trx) => {
      // Shared: the committee's resolution and the publication wait for an objection in flight.
      const found = await findVisibleCampaign(trx, user, slug, "share");
      if (!found) return err("campaigns.notFound", 404);
      const [s, person, winner, nominees, filed] = await Promise.all([
        settingsOf(trx, found),
        voterOf(trx, user),
        trx
          .selectFrom("winners")
          .select(["title_id", "removed_by_objection"])
          .where("campaign_id", "=", found.id)
          .where("nomination_id", "=", input.nominationId)
          .executeTakeFirst(),
        trx.selectFrom("nomination_nominees").select("person_id").where("nomination_id", "=", input.nominationId).execute(),
        trx.selectFrom("objections").select("id").where("nomination_id", "=", input.nominationId).where("filed_by", "=", user.id).executeTakeFirst(),
      ]);
      const why = whyCannotObject({
        status: found.status,
        publicity: s.publicity,
        now: s.now,
        eligible: inScope(person, found.unitPath),
        currentWinner: winner !== undefined && winner.removed_by_objection === null,
        self: nominees.some((n) => n.person_id === user.id),
        filed: filed !== undefined,
      });
      if (why) return err(why, resultsRefusalStatus(why));
      const row = await trx
        .insertInto("objections")
        .values({ campaign_id: found.id, title_id: winner!.title_id, nomination_id: input.nominationId, filed_by: user.id, reason: input.reason })
        .returning("id")
        .executeTakeFirstOrThrow();
      await audit(trx, user, {
        action: "results.objection_filed",
        subjectType: "campaign",
        subjectId: found.slug,
        after: { objection: row.id, nomination: input.nominationId },
      });
      return ok({ id: row.id });
    });
  } catch (e) {
    if (violates(e, "objections_nomination_id_filed_by_key")) return err("results.object.already", 409);
    throw e;
  }
}

export interface Resolved {
  decision: Resolution;
  /** The objection is resolved now: this confirmation reached the campaign's quorum. */
  resolved: boolean;
  confirmations: number;
  quorum: number;
}

/**
 * A committee member confirms a resolution of an objection: dismissed, or
 * upheld (the winner is removed, the row kept as the record) with an
 * optional replacement from the same title's ballot while a seat is free.
 * Choosing the decision (and replacement) another member proposed confirms
 * theirs; the confirmation that reaches the campaign's quorum resolves the
 * objection (decision 0028). A member who ratified the title alone does not
 * take part. Locks the campaign, as the publication does, so nothing is
 * published half-resolved and confirmations take turns.
 */
export async function resolveObjection(db: Db, user: User, slug: string, input: ResolveInput): Promise<Result<Resolved>> {
  return db.transaction().execute(async (trx) => {
    const found = await findVisibleCampaign(trx, user, slug);
    if (!found) return err("campaigns.notFound", 404);
    // The role first: someone outside the committee cannot probe which objections exist.
    if (!isCommittee(user)) return err("results.ratify.notCommittee", 403);
    const c = await trx
      .selectFrom("campaigns")
      .select(["id", "status", "committee_quorum"])
      .where("id", "=", found.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const o = await trx
      .selectFrom("objections")
      .select(["id", "status", "nomination_id", "title_id"])
      .where("id", "=", input.objectionId)
      .where("campaign_id", "=", c.id)
      .executeTakeFirst();
    if (!o) return err("results.resolve.unknown", 404);
    const [nomination, nominees, seats, winners, alone, confirmed] = await Promise.all([
      trx.selectFrom("nominations").select("nominator_id").where("id", "=", o.nomination_id).executeTakeFirstOrThrow(),
      trx
        .selectFrom("nomination_nominees as nn")
        .innerJoin("people as p", "p.id", "nn.person_id")
        .select(["nn.person_id", "p.org_unit_id"])
        .where("nn.nomination_id", "=", o.nomination_id)
        .execute(),
      trx
        .selectFrom("campaign_titles")
        .select("winners")
        .where("campaign_id", "=", c.id)
        .where("title_id", "=", o.title_id)
        .executeTakeFirstOrThrow(),
      trx
        .selectFrom("winners")
        .select(["nomination_id", "removed_by_objection"])
        .where("campaign_id", "=", c.id)
        .where("title_id", "=", o.title_id)
        .execute(),
      loneRatifier(trx, c.id, o.title_id),
      trx
        .selectFrom("resolution_confirmations")
        .select("proposal_id")
        .where("objection_id", "=", o.id)
        .where("member_id", "=", user.id)
        .executeTakeFirst(),
    ]);
    let replacement: { onBallot: boolean; winner: boolean; removed: boolean; nextInLine: boolean } | null = null;
    let replacementVotes = 0;
    if (input.replacementId !== undefined) {
      const [candidate, rows] = await Promise.all([
        trx
          .selectFrom("nominations")
          .select(["id", "title_id", "status"])
          .where("id", "=", input.replacementId)
          .where("campaign_id", "=", c.id)
          .executeTakeFirst(),
        tally(trx, c.id),
      ]);
      const w = winners.find((x) => x.nomination_id === input.replacementId);
      // After this removal, the title must have a seat for it.
      const seated = winners.filter((x) => x.removed_by_objection === null && x.nomination_id !== o.nomination_id).length;
      replacementVotes = rows.find((r) => r.nominationId === input.replacementId)?.votes ?? 0;
      // The rest of the title's ballot: neither a winner nor ever removed.
      const rest = rows.filter((r) => r.titleId === o.title_id && !winners.some((x) => x.nomination_id === r.nominationId));
      replacement = {
        onBallot: candidate !== undefined && candidate.title_id === o.title_id && candidate.status === "approved" && seated < seats.winners,
        winner: w !== undefined && w.removed_by_objection === null,
        removed: w !== undefined && w.removed_by_objection !== null,
        nextInLine: replacementVotes >= Math.max(0, ...rest.map((r) => r.votes)),
      };
    }
    const why = whyCannotResolve(user, {
      status: c.status,
      objection: o.status,
      nomination: { nominatorId: nomination.nominator_id, nominees: nominees.map((n) => ({ personId: n.person_id, orgUnitId: n.org_unit_id })) },
      ratifiedAlone: alone === user.id,
      confirmed: confirmed !== undefined,
      decision: input.decision,
      replacement,
    });
    if (why) return err(why, resultsRefusalStatus(why));
    const replacementId = input.replacementId ?? null;
    const proposal = await confirmResolution(trx, user.id, {
      objectionId: o.id,
      decision: input.decision,
      replacementId,
      resolution: input.resolution,
    });
    const quorum = c.committee_quorum;
    const what = { objection: o.id, decision: input.decision, nomination: o.nomination_id, replacement: replacementId };
    if (proposal.confirmations < quorum) {
      await audit(trx, user, {
        action: "results.resolution_confirmed",
        subjectType: "campaign",
        subjectId: found.slug,
        after: { ...what, resolution: proposal.text, confirmations: proposal.confirmations, quorum },
      });
      return ok({ decision: input.decision, resolved: false, confirmations: proposal.confirmations, quorum });
    }
    await trx
      .updateTable("objections")
      .set({
        status: input.decision === "uphold" ? "upheld" : "dismissed",
        resolved_by: user.id,
        resolved_at: sql<Date>`now()`,
        resolution: proposal.text,
        resolution_proposal_id: proposal.proposalId,
      })
      .where("id", "=", o.id)
      .execute();
    if (input.decision === "uphold") {
      await trx
        .updateTable("winners")
        .set({ removed_by_objection: o.id })
        .where("nomination_id", "=", o.nomination_id)
        .where("removed_by_objection", "is", null)
        .execute();
      if (replacementId !== null) {
        await trx
          .insertInto("winners")
          .values({ nomination_id: replacementId, campaign_id: c.id, title_id: o.title_id, votes: replacementVotes, added_by_objection: o.id })
          .execute();
      }
    }
    const confirmedBy = (await resolutionProposals(trx, c.id, user.id)).find((p) => p.id === proposal.proposalId)?.confirmedBy ?? [user.name];
    await audit(trx, user, {
      action: "results.objection_resolved",
      subjectType: "campaign",
      subjectId: found.slug,
      before: { status: "open" },
      after: { ...what, confirmedBy },
    });
    return ok({ decision: input.decision, resolved: true, confirmations: proposal.confirmations, quorum });
  });
}

/** A committee member takes back their confirmation of an objection's resolution while the objection is open. */
export async function withdrawObjectionResolution(db: Db, user: User, slug: string, objectionId: number): Promise<Result<{ decision: Resolution }>> {
  return db.transaction().execute(async (trx) => {
    const found = await findVisibleCampaign(trx, user, slug);
    if (!found) return err("campaigns.notFound", 404);
    if (!isCommittee(user)) return err("results.ratify.notCommittee", 403);
    const c = await trx.selectFrom("campaigns").select(["id", "status"]).where("id", "=", found.id).forUpdate().executeTakeFirstOrThrow();
    const o = await trx
      .selectFrom("objections")
      .select(["id", "status"])
      .where("id", "=", objectionId)
      .where("campaign_id", "=", c.id)
      .executeTakeFirst();
    if (!o) return err("results.resolve.unknown", 404);
    if (c.status !== "closed") return err("results.resolve.closed", 409);
    if (o.status !== "open") return err("results.resolve.already", 409);
    const withdrawn = await withdrawResolution(trx, user.id, o.id);
    if (!withdrawn) return err("results.withdraw.none", 409);
    await audit(trx, user, {
      action: "results.confirmation_withdrawn",
      subjectType: "campaign",
      subjectId: found.slug,
      before: { objection: o.id, decision: withdrawn.decision, replacement: withdrawn.replacementId },
    });
    return ok({ decision: withdrawn.decision });
  });
}

// ---- receipts -----------------------------------------------------------------------------

const receiptPageSize = 500;

/** A receipt code as a person may type it: any case, spaces or none, the letters Crockford reads as digits. */
export function normaliseReceipt(input: string): string | null {
  const chars = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(chars)) return null;
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export interface ReceiptRow {
  code: string;
  titleSlug: string;
  /** The voter's last ballot for the title (an earlier version was replaced by a change and is not counted). */
  counted: boolean;
}

export interface ReceiptsPage {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  titles: Array<{ slug: string; nameZh: string; nameEn: string }>;
  /** The code looked up (normalised), and what was found: null when nothing was asked. */
  lookup: null | { code: string; found: ReceiptRow | null };
  rows: ReceiptRow[];
  total: number;
  page: number;
  pageCount: number;
}

/**
 * The published receipt codes after close, each with its title and whether it
 * was counted; nothing else about the ballot. Anyone who can see the campaign
 * can check a code.
 */
export async function receiptsFor(db: Db, user: User, slug: string, q: { code?: string; page?: number }): Promise<Result<ReceiptsPage>> {
  const found = await findVisibleCampaign(db, user, slug);
  if (!found) return err("campaigns.notFound", 404);
  if (!closedPhases.has(found.status)) return err("results.receipts.notYet", 409);
  const listing = db
    .selectFrom("ballots as b")
    .innerJoin("titles as t", "t.id", "b.title_id")
    .select(["b.receipt_code", "t.slug", sql<boolean>`b.version = max(b.version) over (partition by b.title_id, b.voter_id)`.as("counted")])
    .where("b.campaign_id", "=", found.id);
  const [titles, totalRow] = await Promise.all([
    offeredTitles(db, found.id),
    db
      .selectFrom("ballots")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("campaign_id", "=", found.id)
      .executeTakeFirstOrThrow(),
  ]);
  const total = int(totalRow.n);
  const pageCount = Math.max(1, Math.ceil(total / receiptPageSize));
  const page = Math.min(Math.max(1, Number.isFinite(q.page) ? Math.floor(q.page!) : 1), pageCount);
  const toRow = (r: { receipt_code: string; slug: string; counted: boolean }): ReceiptRow => ({
    code: r.receipt_code,
    titleSlug: r.slug,
    counted: r.counted,
  });
  let lookup: ReceiptsPage["lookup"] = null;
  if (q.code !== undefined && q.code.trim() !== "") {
    const code = normaliseReceipt(q.code);
    const hit = code ? await db.selectFrom(listing.as("l")).selectAll().where("l.receipt_code", "=", code).executeTakeFirst() : undefined;
    lookup = { code: code ?? cutChars(q.code.trim(), 40), found: hit ? toRow(hit) : null };
  }
  const rows = await db
    .selectFrom(listing.as("l"))
    .selectAll()
    .orderBy("l.receipt_code")
    .limit(receiptPageSize)
    .offset((page - 1) * receiptPageSize)
    .execute();
  return ok({
    campaign: { slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn, status: found.status },
    titles: titles.map((t) => ({ slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn })),
    lookup,
    rows: rows.map(toRow),
    total,
    page,
    pageCount,
  });
}

// ---- exports --------------------------------------------------------------------------------

/** The results for an administrator's download (CSV, JSON): the page's data, after close, administrators only. */
export async function resultsExport(db: Db, user: User, slug: string): Promise<Result<ResultsPage>> {
  if (!isAdmin(user)) return err("common.forbidden", 403);
  const r = await resultsFor(db, user, slug);
  if (!r.ok) return r;
  if (!r.value.may.export) return err("results.export.notYet", 409);
  return r;
}

// ---- the home page -------------------------------------------------------------------------

export interface ResultsWaiting {
  /** Committee: closed campaigns with titles not yet ratified that this member has not confirmed (how many). */
  toRatify: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn"> & { count: number }>;
  /** Committee: open objections per campaign that this member has not confirmed a resolution of. */
  toResolve: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn"> & { count: number }>;
  /** Everyone who can see it: campaigns whose proposed winners are in their publicity period. */
  publicity: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn"> & { endsAt: Date }>;
}

/** Titles not yet ratified and open objections that still wait for this committee member's confirmation (decision 0028). */
async function awaitingMember(db: Db, campaignId: number, memberId: number): Promise<{ titles: number; objections: number }> {
  const [titles, objections] = await Promise.all([
    db
      .selectFrom("campaign_titles as ct")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("ct.campaign_id", "=", campaignId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("ratifications as r")
              .select("r.title_id")
              .whereRef("r.campaign_id", "=", "ct.campaign_id")
              .whereRef("r.title_id", "=", "ct.title_id"),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("ratification_confirmations as c")
              .select("c.member_id")
              .whereRef("c.campaign_id", "=", "ct.campaign_id")
              .whereRef("c.title_id", "=", "ct.title_id")
              .where("c.member_id", "=", memberId),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("objections as o")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("o.campaign_id", "=", campaignId)
      .where("o.status", "=", "open")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("resolution_confirmations as c")
              .select("c.member_id")
              .whereRef("c.objection_id", "=", "o.id")
              .where("c.member_id", "=", memberId),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
  ]);
  return { titles: int(titles.n), objections: int(objections.n) };
}

/** What after the vote waits for this person, for the home page: names and counts, never a tally. */
export async function resultsWaitingFor(db: Db, user: User): Promise<ResultsWaiting> {
  const out: ResultsWaiting = { toRatify: [], toResolve: [], publicity: [] };
  const closed = await db.selectFrom("campaigns").select("slug").where("status", "=", "closed").orderBy("id").execute();
  for (const { slug } of closed) {
    const found = await findVisibleCampaign(db, user, slug);
    if (!found) continue;
    const names = { slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn };
    const s = await settingsOf(db, found);
    if (isCommittee(user)) {
      const waiting = await awaitingMember(db, found.id, user.id);
      if (waiting.titles > 0) out.toRatify.push({ ...names, count: waiting.titles });
      if (waiting.objections > 0) out.toResolve.push({ ...names, count: waiting.objections });
    }
    if (publicityRunning(s.publicity, s.now) && s.publicity.endsAt) out.publicity.push({ ...names, endsAt: s.publicity.endsAt });
  }
  return out;
}
