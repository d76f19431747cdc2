import type { CampaignStatus, NominationStatus } from "../../../db/schema";

// The voting rules (PRODUCT.md, "Voting rules") as pure decisions: each answers
// "why not?" with an i18n key, or null when the ballot may be cast. The
// use-cases beside it (casting.server.ts, ballot.server.ts) gather the facts
// and ask these; the unit tests in tests/unit/voting-rules.test.ts go through
// every case.

const before = new Set<CampaignStatus>(["draft", "nominating", "reviewing"]);

/** Voting has closed: the results, the receipts and the committee's work follow. */
export const closedPhases = new Set<CampaignStatus>(["closed", "published"]);

/** The statuses of the nominations that were on the ballot: approved, and after the vote winner or not. */
export const onBallotStatuses: readonly NominationStatus[] = ["approved", "winner", "not_selected"];

export interface VotingCampaign {
  status: CampaignStatus;
  /** The scope unit's own path ("/1/4/"): a voter is inside when their unit's own path starts with it. */
  unitPath: string;
  mayChangeBallot: boolean;
  /** When voting is scheduled to close (null: an administrator closes it). */
  closesAt: Date | null;
}

export interface Voter {
  id: number;
  active: boolean;
  /** Holds the staff role: peers vote, not accounts that only administer. */
  staff: boolean;
  /** The voter's own unit's own path ("/1/4/7/"). */
  unitPath: string;
}

/** A nomination the form chose, as stored (any campaign, any title, any status). */
export interface ChosenNomination {
  id: number;
  campaignId: number;
  titleId: number;
  status: NominationStatus;
  nomineeIds: readonly number[];
}

export interface BallotFacts {
  campaign: VotingCampaign & { id: number };
  /** The title the form is for, when the campaign offers it. */
  titleId: number | null;
  /** That title's K: how many of its nominations a voter may choose. */
  votesPerVoter: number;
  voter: Voter;
  /** The ids the form chose, as submitted (duplicates included). */
  chosen: readonly number[];
  /** The stored nominations among them; an id not found is missing here. */
  nominations: ReadonlyMap<number, ChosenNomination>;
  /** The voter's current ballot version for this title, 0 when none. */
  current: number;
  /** The version the form was based on. */
  basedOn: number;
  /** The database's clock at the start of the transaction. */
  now: Date;
}

/** Active staff inside the campaign's scope: who votes, and who may object to a proposed winner. */
export function inScope(voter: Voter, scopePath: string): boolean {
  return voter.active && voter.staff && voter.unitPath.startsWith(scopePath);
}

/**
 * Whether this person may vote in this campaign at all now (phase, then
 * eligibility). A scheduled close counts from its minute even before the
 * scheduler has moved the campaign on; a scheduled opening waits for the
 * move, so nobody votes in a phase the timeline does not show yet.
 */
export function whyCannotVoteIn(campaign: VotingCampaign, voter: Voter, now: Date) {
  if (before.has(campaign.status)) return "voting.notOpen" as const;
  if (campaign.status !== "voting") return "voting.closed" as const;
  if (campaign.closesAt && campaign.closesAt.getTime() <= now.getTime()) return "voting.closed" as const;
  if (!inScope(voter, campaign.unitPath)) return "voting.notEligible" as const;
  return null;
}

/** Why this ballot cannot be cast; null when it may. */
export function whyCannotVote(f: BallotFacts) {
  const general = whyCannotVoteIn(f.campaign, f.voter, f.now);
  if (general) return general;
  if (f.titleId === null) return "voting.title.unknown" as const;
  if (f.chosen.length > f.votesPerVoter) return "voting.tooMany" as const;
  if (new Set(f.chosen).size !== f.chosen.length) return "voting.duplicate" as const;
  for (const id of f.chosen) {
    const n = f.nominations.get(id);
    if (!n || n.status !== "approved" || n.campaignId !== f.campaign.id || n.titleId !== f.titleId) return "voting.notOnBallot" as const;
  }
  if (f.chosen.some((id) => f.nominations.get(id)!.nomineeIds.includes(f.voter.id))) return "voting.self" as const;
  if (!f.campaign.mayChangeBallot && f.current > 0) return "voting.noChanges" as const;
  if (f.basedOn !== f.current) return "voting.stale" as const;
  return null;
}
export type VoteRefusal = NonNullable<ReturnType<typeof whyCannotVote>>;

/** The HTTP status a refusal maps to: a conflict with what is stored, else a bad request or forbidden. */
export function refusalStatus(r: VoteRefusal): number {
  if (r === "voting.stale" || r === "voting.noChanges" || r === "voting.notOpen" || r === "voting.closed") return 409;
  if (r === "voting.notEligible") return 403;
  return 400;
}

// Crockford's base32: no I, L, O, U, so a code read aloud or typed is not misread.
const crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A receipt code from 12 random bytes (60 bits), grouped for reading: "7KQ2-M9XD-4TRB". */
export function receiptCode(bytes: Uint8Array): string {
  if (bytes.length < 12) throw new Error("a receipt code needs 12 random bytes");
  // 256 is a multiple of 32, so each byte's low five bits are uniform.
  const chars = Array.from(bytes.subarray(0, 12), (b) => crockford[b & 31]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

export interface TallyRow {
  titleId: number;
  nominationId: number;
  votes: number;
}

export interface RawBallot {
  id: number;
  titleId: number;
  /** Sealed: whether it counts; null while voting (the link decides). */
  counted: boolean | null;
}

/**
 * The tally recomputed from raw rows (decision 0041): a sealed ballot counts
 * by its flag; while voting, a ballot counts when its voter's link points at
 * it, or, where no change is allowed, always (one per voter and title). Rows
 * for every listed nomination, zeros included, ordered by title then
 * nomination, the same as the SQL tally.
 */
export function recountFrom(
  nominations: ReadonlyArray<{ id: number; titleId: number }>,
  ballots: readonly RawBallot[],
  links: { mayChange: boolean; linked: ReadonlySet<number> },
  choices: ReadonlyArray<{ ballotId: number; nominationId: number }>,
): TallyRow[] {
  const current = new Set(ballots.filter((b) => b.counted ?? (!links.mayChange || links.linked.has(b.id))).map((b) => b.id));
  const votes = new Map<number, number>();
  for (const c of choices) if (current.has(c.ballotId)) votes.set(c.nominationId, (votes.get(c.nominationId) ?? 0) + 1);
  return [...nominations]
    .sort((a, b) => a.titleId - b.titleId || a.id - b.id)
    .map((n) => ({ titleId: n.titleId, nominationId: n.id, votes: votes.get(n.id) ?? 0 }));
}
