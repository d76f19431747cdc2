import type { Db } from "../../../db/client";
import { isAdmin, type User } from "../auth/user";
import { findVisibleCampaign, offeredTitles, type CampaignRef } from "../campaigns/visibility.server";
import { maskPersonalData } from "../privacy/mask-text";
import { err, ok, type Result } from "../result";
import { closedPhases, inScope, onBallotStatuses, type TallyRow } from "../voting/rules";
import { recount, tally } from "../voting/tally.server";
import { voterOf } from "../voting/voter.server";
import { objectionRows, objectionViews, type ObjectionView } from "./objections.server";
import { ratificationProposals, resolutionProposals } from "./quorum.server";
import {
  countedPhases,
  cutOff,
  isCommittee,
  publicityRunning,
  rank,
  seesCounts,
  whyCannotObject,
  whyCannotRatify,
  type RatifyRefusal,
} from "./rules";
import type { CapCheck } from "../campaigns/caps";
import { proposedCapCheck } from "./cap-warning.server";
import { settingsOf } from "./settings.server";
import { ballotCounts, liveTurnout, turnout, type LiveTurnout, type Turnout } from "./turnout.server";

// The results page after the vote, one read for every role: the titles with
// their standings and winners (counts for those who may see them: rules.ts,
// seesCounts), the committee's proposals, the objections (objections.server.ts),
// the turnout and the recount check (turnout.server.ts). What each part may
// show is asked of the rules; this file composes them for the page.

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

export interface ResultsPage {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status" | "unitZh" | "unitEn">;
  now: Date;
  /** This person sees counts per nomination. */
  counts: boolean;
  /** Administrators and the committee after close: turnout, the recount check. */
  analysis: null | {
    turnout: Turnout;
    recount: { matches: boolean; ballots: number; current: number };
  };
  /**
   * Administrators while voting: how many have voted so far per unit, as of
   * the last full hour, in groups of at least turnoutGroupMin people
   * (decision 0029); `groups` null when the scope is too small to show any.
   */
  liveTurnout: null | LiveTurnout;
  publicity: { days: number; endsAt: Date | null; running: boolean; ratified: boolean };
  /** After close: how many committee members must confirm each decision (decision 0028). */
  committee: { quorum: number } | null;
  /** Winners are shown to everyone in scope once every title is ratified; the committee and administrators see each title's as it is ratified. */
  winnersShown: boolean;
  titles: ResultsTitle[];
  objections: ObjectionView[];
  /**
   * The committee and administrators while closed: the campaign's caps on who
   * is honoured, checked against the winners on the table (decision 0052).
   */
  caps: CapCheck | null;
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
    objectionRows(db, found.id, user, insider),
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

  // The open titles' winners on the table: the proposal most confirmed, else the top N by votes.
  const pending: number[] = [];
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
          // The page and the exports (CSV, JSON) read this: masked on the way out (decision 0044).
          teamName: maskPersonalData(n.team_name),
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
    if (!ratified) {
      const leading = [...ofTitle].sort((a, b) => b.confirmedBy.length - a.confirmedBy.length)[0];
      pending.push(...(leading ? leading.winners : counts ? cut.proposed : []));
    }
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
        ratified && winnersShown
          ? { byName: ratified.name, confirmedBy, at: ratified.ratified_at, tieReason: maskPersonalData(ratified.tie_reason) }
          : null,
      proposals:
        insider && !ratified
          ? ofTitle.map((p) => ({
              nominationIds: p.winners,
              tieReason: maskPersonalData(p.tieReason),
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
  const caps = status === "closed" && insider ? await proposedCapCheck(db, found.id, pending) : null;
  let analysis: ResultsPage["analysis"] = null;
  if (closed && insider) {
    const [people, recounted] = await Promise.all([turnout(db, found), recount(db, found.id)]);
    analysis = {
      turnout: people,
      recount: {
        // The same counts, and one current ballot for each voter in the poll book (per title).
        matches: sameTally(rows, recounted) && counters.every((c) => c.current === c.voters),
        ballots: counters.reduce((n, c) => n + c.ballots, 0),
        current: counters.reduce((n, c) => n + c.current, 0),
      },
    };
  }

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
    objections: objectionViews(user, { status, insider, objections, listed, ratifications, ratificationProposals: proposals, resolutions }),
    caps,
    receipts: closed,
    may: { ratify: isCommittee(user) && status === "closed", resolve: isCommittee(user) && status === "closed", export: isAdmin(user) && closed },
  });
}
