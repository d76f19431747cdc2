import type { CampaignStatus, ObjectionStatus } from "../../../db/schema";
import { hasRole, isAdmin, type User } from "../auth/user";
import { recusalOf, type Recusal } from "../nominations/rules";
import { closedPhases } from "../voting/rules";

// After the vote, as pure decisions (tests/unit/ratification-rules.test.ts):
// who stands where, where the cut-off falls and whether a tie straddles it;
// whether the committee may ratify, a member of staff may object during the
// publicity period (公示), and the committee may resolve an objection.

export interface Standing {
  nominationId: number;
  votes: number;
  /** Competition ranking: 1, 2, 2, 4. */
  rank: number;
}

/** A title's nominations ranked by votes (most first; equal votes share a rank, listed by id). */
export function rank(rows: ReadonlyArray<{ nominationId: number; votes: number }>): Standing[] {
  const sorted = [...rows].sort((a, b) => b.votes - a.votes || a.nominationId - b.nominationId);
  return sorted.map((r) => ({
    nominationId: r.nominationId,
    votes: r.votes,
    rank: sorted.findIndex((s) => s.votes === r.votes) + 1,
  }));
}

export interface CutOff {
  /** How many win: the title's N, or every nomination when there are fewer. */
  seats: number;
  /** The top `seats` by votes, lowest id first among equals: the committee's starting point. */
  proposed: number[];
  /** Equal votes straddle the cut-off: the committee must choose among `tied` and say why. */
  tie: boolean;
  /** The nominations with the cut-off's vote count, when there is a tie (else empty). */
  tied: number[];
}

export function cutOff(standings: readonly Standing[], winners: number): CutOff {
  const seats = Math.min(winners, standings.length);
  const proposed = standings.slice(0, seats).map((s) => s.nominationId);
  const last = standings[seats - 1];
  const next = standings[seats];
  const tie = seats > 0 && next !== undefined && next.votes === last.votes;
  return { seats, proposed, tie, tied: tie ? standings.filter((s) => s.votes === last.votes).map((s) => s.nominationId) : [] };
}

/**
 * Whether a set of winners is a top-`seats` by votes: nobody left out has
 * more votes than someone chosen. Among equal votes at the cut-off any
 * choice is a top set; that choice is the committee's, with a reason.
 */
export function isTopSet(standings: readonly Standing[], chosen: readonly number[]): boolean {
  const picked = new Set(chosen);
  const lowestIn = Math.min(...standings.filter((s) => picked.has(s.nominationId)).map((s) => s.votes));
  return standings.every((s) => picked.has(s.nominationId) || s.votes <= lowestIn);
}

export interface RatifyFacts {
  status: CampaignStatus;
  /** This title was ratified already. */
  ratified: boolean;
  /** The member has confirmed a proposal for this title already (one confirmation per member per title; decision 0028). */
  confirmed: boolean;
  /** The member is a nominee in this title: they do not choose among themselves. */
  nomineeInTitle: boolean;
  standings: readonly Standing[];
  /** The title's N (campaign_titles.winners). */
  winners: number;
  chosen: readonly number[];
  tieReason: string;
}

/** Why this committee member cannot ratify these winners for a title now; null when they may. */
export function whyCannotRatify(user: User, f: RatifyFacts) {
  if (!hasRole(user, "committee")) return "results.ratify.notCommittee" as const;
  if (f.status !== "closed") return "results.ratify.notClosed" as const;
  if (f.ratified) return "results.ratify.already" as const;
  if (f.nomineeInTitle) return "results.ratify.recused" as const;
  if (f.confirmed) return "results.ratify.confirmed" as const;
  const onBallot = new Set(f.standings.map((s) => s.nominationId));
  if (new Set(f.chosen).size !== f.chosen.length || f.chosen.some((id) => !onBallot.has(id))) return "results.ratify.notOnBallot" as const;
  const cut = cutOff(f.standings, f.winners);
  if (f.chosen.length !== cut.seats) return "results.ratify.count" as const;
  if (cut.seats > 0 && !isTopSet(f.standings, f.chosen)) return "results.ratify.notTop" as const;
  if (cut.tie && f.tieReason.trim().length === 0) return "results.ratify.tieReason" as const;
  return null;
}
export type RatifyRefusal = NonNullable<ReturnType<typeof whyCannotRatify>>;

export interface Publicity {
  /** Every offered title is ratified. */
  ratified: boolean;
  publicityDays: number;
  /** ratification + publicityDays; null until every title is ratified. */
  endsAt: Date | null;
}

/** The publicity period is running: every title ratified, a period set, and its end still ahead. */
export function publicityRunning(p: Publicity, now: Date): boolean {
  return p.ratified && p.publicityDays > 0 && p.endsAt !== null && now.getTime() < p.endsAt.getTime();
}

export interface ObjectFacts {
  status: CampaignStatus;
  publicity: Publicity;
  now: Date;
  /** Active staff inside the campaign's scope (the voters' rule). */
  eligible: boolean;
  /** The nomination is a current (not removed) winner of this campaign. */
  currentWinner: boolean;
  /** The objector is one of its nominees. */
  self: boolean;
  /** The objector filed one against it already. */
  filed: boolean;
}

/** Why this person cannot object to this proposed winner now; null when they may. */
export function whyCannotObject(f: ObjectFacts) {
  if (f.status !== "closed" || !f.publicity.ratified || f.publicity.publicityDays === 0) return "results.object.notOpen" as const;
  if (!publicityRunning(f.publicity, f.now)) return "results.object.over" as const;
  if (!f.eligible) return "results.object.notEligible" as const;
  if (!f.currentWinner) return "results.object.notWinner" as const;
  if (f.self) return "results.object.self" as const;
  if (f.filed) return "results.object.already" as const;
  return null;
}
export type ObjectRefusal = NonNullable<ReturnType<typeof whyCannotObject>>;

export type Resolution = "uphold" | "dismiss";

export interface ResolveFacts {
  status: CampaignStatus;
  objection: ObjectionStatus;
  nomination: { nominatorId: number; nominees: ReadonlyArray<{ personId: number; orgUnitId: number }> };
  /** The member confirmed this title's ratification alone (a quorum of one): they do not judge objections to their own decision. */
  ratifiedAlone: boolean;
  /** The member has confirmed a proposed resolution of this objection already. */
  confirmed: boolean;
  decision: Resolution;
  /**
   * Upheld with a replacement: whether it is on this title's ballot (with a
   * free seat), not a current winner, never removed, and has the most votes
   * among the rest (the next in line; at a tie, any of the tied).
   */
  replacement: null | { onBallot: boolean; winner: boolean; removed: boolean; nextInLine: boolean };
}

/** Why this committee member cannot resolve this objection so; null when they may. */
export function whyCannotResolve(user: User, f: ResolveFacts): ResolveRefusal | null {
  if (!hasRole(user, "committee")) return "results.ratify.notCommittee";
  if (f.status !== "closed") return "results.resolve.closed";
  if (f.objection !== "open") return "results.resolve.already";
  const recused = recusalOf(user, f.nomination);
  if (recused) return recused;
  if (f.ratifiedAlone) return "results.resolve.ratifiedAlone";
  if (f.confirmed) return "results.resolve.confirmed";
  const r = f.replacement;
  if (r && (f.decision !== "uphold" || !r.onBallot || r.winner || r.removed || !r.nextInLine)) return "results.resolve.replacement";
  return null;
}
export type ResolveRefusal =
  | "results.ratify.notCommittee"
  | "results.resolve.closed"
  | "results.resolve.already"
  | "results.resolve.ratifiedAlone"
  | "results.resolve.confirmed"
  | "results.resolve.replacement"
  | Recusal;

/** A refusal's HTTP status: a conflict with the campaign's state, forbidden for the wrong person, else a bad request. */
export function resultsRefusalStatus(r: RatifyRefusal | ObjectRefusal | ResolveRefusal): number {
  if (
    r === "results.ratify.notCommittee" ||
    r === "results.ratify.recused" ||
    r === "results.object.notEligible" ||
    r === "results.resolve.ratifiedAlone" ||
    r.startsWith("nominations.recused.")
  )
    return 403;
  if (
    r.endsWith(".notClosed") ||
    r.endsWith(".already") ||
    r.endsWith(".confirmed") ||
    r === "results.object.notOpen" ||
    r === "results.object.over" ||
    r === "results.resolve.closed"
  )
    return 409;
  return 400;
}

/** On the committee: ratifies the titles, resolves the objections, and sees counts after close. */
export const isCommittee = (u: User) => hasRole(u, "committee");

// ---- what is secret ---------------------------------------------------------------

// Decided here, in one place: counts only after close (or when the campaign
// shows them), to administrators and the committee unless the campaign made
// them public; never who voted for whom.

/** From the vote's opening on: the phases with counts to see. */
export const countedPhases = new Set<CampaignStatus>(["voting", "closed", "published"]);

/** Counts per nomination: administrators and the committee after close; everyone in scope when the campaign shows its tallies. */
export function seesCounts(user: User, status: CampaignStatus, talliesHidden: boolean): boolean {
  if (!countedPhases.has(status)) return false;
  if (!talliesHidden) return true;
  return closedPhases.has(status) && (isAdmin(user) || isCommittee(user));
}
