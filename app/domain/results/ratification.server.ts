import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import type { User } from "../auth/user";
import { findVisibleCampaign } from "../campaigns/visibility.server";
import { announcePublicity } from "../notifications/events.server";
import { err, ok, type Result } from "../result";
import { onBallotStatuses } from "../voting/rules";
import { tally } from "../voting/tally.server";
import { confirmWinners, idSet, ratificationProposals, withdrawWinners } from "./quorum.server";
import { cutOff, isCommittee, rank, resultsRefusalStatus, whyCannotRatify } from "./rules";
import type { RatifyInput } from "./schema";
import { unratifiedTitles } from "./settings.server";

// The committee's ratification of each title's winners after close: a member
// confirms a set (or another member's proposal), the quorum ratifies it
// (decision 0028); a member may take a confirmation back until then. The
// rules are asked of rules.ts.

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
      if (publicityEndsAt) await announcePublicity(trx, c.id, new Date(publicityEndsAt));
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
