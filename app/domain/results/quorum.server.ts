import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { int } from "../../../db/values";

// The committee decides together (docs/decisions/0028): a member proposes a
// decision (a title's winners, or an objection's resolution) and confirms it;
// others confirm the same proposal; it takes effect when the campaign's quorum
// of members has confirmed it. These are the proposals' and confirmations'
// reads and writes; the use-cases (ratification.server.ts,
// objection-resolution.server.ts) lock the campaign row first, so
// confirmations of one campaign take turns and the last one in sees every
// other.

/** Ascending, distinct: the form two members' choices must share to be the same proposal. */
export const idSet = (ids: readonly number[]): number[] => [...new Set(ids)].sort((a, b) => a - b);

/** An id set as PostgreSQL's int[] (text in, cast): the same on pg and PGlite. */
const intArray = (ids: readonly number[]) => sql<number[]>`${`{${idSet(ids).join(",")}}`}::int[]`;

export interface Confirmed {
  proposalId: number;
  /** The proposal's reason at a tie, or its resolution's text: the first proposer's words. */
  text: string | null;
  /** Members who have confirmed the proposal now, this one included. */
  confirmations: number;
}

/**
 * This member confirms the proposal of these winners for a title, proposing
 * it first if nobody has (with the reason given); a member who chooses a set
 * another proposed confirms theirs, reason and all.
 */
export async function confirmWinners(
  trx: Db,
  memberId: number,
  p: { campaignId: number; titleId: number; winners: readonly number[]; tieReason: string | null },
): Promise<Confirmed> {
  const existing = await trx
    .selectFrom("ratification_proposals")
    .select(["id", "tie_reason"])
    .where("campaign_id", "=", p.campaignId)
    .where("title_id", "=", p.titleId)
    .where("winners", "=", intArray(p.winners))
    .executeTakeFirst();
  const proposal =
    existing ??
    (await trx
      .insertInto("ratification_proposals")
      .values({ campaign_id: p.campaignId, title_id: p.titleId, winners: intArray(p.winners), tie_reason: p.tieReason, proposed_by: memberId })
      .returning(["id", "tie_reason"])
      .executeTakeFirstOrThrow());
  await trx
    .insertInto("ratification_confirmations")
    .values({ proposal_id: proposal.id, campaign_id: p.campaignId, title_id: p.titleId, member_id: memberId })
    .execute();
  const n = await trx
    .selectFrom("ratification_confirmations")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("proposal_id", "=", proposal.id)
    .executeTakeFirstOrThrow();
  return { proposalId: proposal.id, text: proposal.tie_reason, confirmations: int(n.n) };
}

/** The same for an objection's resolution: a decision (and replacement) proposed once, confirmed by each member. */
export async function confirmResolution(
  trx: Db,
  memberId: number,
  p: { objectionId: number; decision: "uphold" | "dismiss"; replacementId: number | null; resolution: string },
): Promise<Confirmed & { decision: "uphold" | "dismiss"; replacementId: number | null }> {
  const existing = await trx
    .selectFrom("resolution_proposals")
    .select(["id", "resolution"])
    .where("objection_id", "=", p.objectionId)
    .where("decision", "=", p.decision)
    .where((eb) => (p.replacementId === null ? eb("replacement_id", "is", null) : eb("replacement_id", "=", p.replacementId)))
    .executeTakeFirst();
  const proposal =
    existing ??
    (await trx
      .insertInto("resolution_proposals")
      .values({ objection_id: p.objectionId, decision: p.decision, replacement_id: p.replacementId, resolution: p.resolution, proposed_by: memberId })
      .returning(["id", "resolution"])
      .executeTakeFirstOrThrow());
  await trx.insertInto("resolution_confirmations").values({ proposal_id: proposal.id, objection_id: p.objectionId, member_id: memberId }).execute();
  const n = await trx
    .selectFrom("resolution_confirmations")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("proposal_id", "=", proposal.id)
    .executeTakeFirstOrThrow();
  return { proposalId: proposal.id, text: proposal.resolution, confirmations: int(n.n), decision: p.decision, replacementId: p.replacementId };
}

/** Withdraws this member's confirmation of a title's winners (the proposal goes with its last confirmation); what was withdrawn, or null. */
export async function withdrawWinners(trx: Db, memberId: number, campaignId: number, titleId: number): Promise<{ winners: number[] } | null> {
  const mine = await trx
    .deleteFrom("ratification_confirmations")
    .where("campaign_id", "=", campaignId)
    .where("title_id", "=", titleId)
    .where("member_id", "=", memberId)
    .returning("proposal_id")
    .executeTakeFirst();
  if (!mine) return null;
  const gone = await trx
    .deleteFrom("ratification_proposals")
    .where("id", "=", mine.proposal_id)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("ratification_confirmations as c").select("c.member_id").whereRef("c.proposal_id", "=", "ratification_proposals.id")),
      ),
    )
    .returning("winners")
    .executeTakeFirst();
  const winners =
    gone?.winners ??
    (await trx.selectFrom("ratification_proposals").select("winners").where("id", "=", mine.proposal_id).executeTakeFirstOrThrow()).winners;
  return { winners: winners.map(Number) };
}

/** Withdraws this member's confirmation of an objection's resolution; what was withdrawn, or null. */
export async function withdrawResolution(
  trx: Db,
  memberId: number,
  objectionId: number,
): Promise<{ decision: "uphold" | "dismiss"; replacementId: number | null } | null> {
  const mine = await trx
    .deleteFrom("resolution_confirmations")
    .where("objection_id", "=", objectionId)
    .where("member_id", "=", memberId)
    .returning("proposal_id")
    .executeTakeFirst();
  if (!mine) return null;
  const proposal = await trx
    .selectFrom("resolution_proposals")
    .select(["decision", "replacement_id"])
    .where("id", "=", mine.proposal_id)
    .executeTakeFirstOrThrow();
  await trx
    .deleteFrom("resolution_proposals")
    .where("id", "=", mine.proposal_id)
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom("resolution_confirmations as c").select("c.member_id").whereRef("c.proposal_id", "=", "resolution_proposals.id")),
      ),
    )
    .execute();
  return { decision: proposal.decision, replacementId: proposal.replacement_id };
}

/** Who confirmed each proposal, in the order they did, and whether the reader is among them. */
function confirmersOf(confirmations: ReadonlyArray<{ proposal_id: number; member_id: number; name: string }>, proposalId: number, readerId: number) {
  const mine = confirmations.filter((c) => c.proposal_id === proposalId);
  return { confirmedBy: mine.map((c) => c.name), confirmerIds: mine.map((c) => c.member_id), mine: mine.some((c) => c.member_id === readerId) };
}

/** Every ratification proposal of a campaign with who confirmed it, for the results page. */
export async function ratificationProposals(db: Db, campaignId: number, readerId: number) {
  const [proposals, confirmations] = await Promise.all([
    db
      .selectFrom("ratification_proposals as p")
      .innerJoin("people as m", "m.id", "p.proposed_by")
      .select(["p.id", "p.title_id", "p.winners", "p.tie_reason", "p.proposed_at", "m.name"])
      .where("p.campaign_id", "=", campaignId)
      .orderBy("p.proposed_at")
      .orderBy("p.id")
      .execute(),
    db
      .selectFrom("ratification_confirmations as c")
      .innerJoin("people as m", "m.id", "c.member_id")
      .select(["c.proposal_id", "c.member_id", "m.name"])
      .where("c.campaign_id", "=", campaignId)
      .orderBy("c.confirmed_at")
      .orderBy("c.member_id")
      .execute(),
  ]);
  return proposals.map((p) => ({
    id: p.id,
    titleId: p.title_id,
    winners: p.winners.map(Number),
    tieReason: p.tie_reason,
    proposedBy: p.name,
    proposedAt: p.proposed_at,
    ...confirmersOf(confirmations, p.id, readerId),
  }));
}

/** Every resolution proposal of a campaign's objections with who confirmed it. */
export async function resolutionProposals(db: Db, campaignId: number, readerId: number) {
  const [proposals, confirmations] = await Promise.all([
    db
      .selectFrom("resolution_proposals as p")
      .innerJoin("objections as o", "o.id", "p.objection_id")
      .innerJoin("people as m", "m.id", "p.proposed_by")
      .select(["p.id", "p.objection_id", "p.decision", "p.replacement_id", "p.resolution", "p.proposed_at", "m.name"])
      .where("o.campaign_id", "=", campaignId)
      .orderBy("p.proposed_at")
      .orderBy("p.id")
      .execute(),
    db
      .selectFrom("resolution_confirmations as c")
      .innerJoin("objections as o", "o.id", "c.objection_id")
      .innerJoin("people as m", "m.id", "c.member_id")
      .select(["c.proposal_id", "c.member_id", "m.name"])
      .where("o.campaign_id", "=", campaignId)
      .orderBy("c.confirmed_at")
      .orderBy("c.member_id")
      .execute(),
  ]);
  return proposals.map((p) => ({
    id: p.id,
    objectionId: p.objection_id,
    decision: p.decision,
    replacementId: p.replacement_id,
    resolution: p.resolution,
    proposedBy: p.name,
    proposedAt: p.proposed_at,
    ...confirmersOf(confirmations, p.id, readerId),
  }));
}

/** The member who alone confirmed a title's ratification (a quorum of one), or null: they do not resolve objections to it. */
export async function loneRatifier(db: Db, campaignId: number, titleId: number): Promise<number | null> {
  const rows = await db
    .selectFrom("ratifications as r")
    .innerJoin("ratification_confirmations as c", "c.proposal_id", "r.proposal_id")
    .select("c.member_id")
    .where("r.campaign_id", "=", campaignId)
    .where("r.title_id", "=", titleId)
    .execute();
  return rows.length === 1 ? rows[0].member_id : null;
}
