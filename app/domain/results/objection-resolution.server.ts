import { sql } from "kysely";
import type { Db } from "../../../db/client";
import { audit } from "../audit/audit.server";
import type { User } from "../auth/user";
import { findVisibleCampaign } from "../campaigns/visibility.server";
import { announceObjectionResolved } from "../notifications/events.server";
import { err, ok, type Result } from "../result";
import { tally } from "../voting/tally.server";
import { confirmResolution, loneRatifier, resolutionProposals, withdrawResolution } from "./quorum.server";
import { isCommittee, resultsRefusalStatus, whyCannotResolve, type Resolution } from "./rules";
import type { ResolveInput } from "./schema";

// The committee resolves an objection filed during the publicity period:
// upheld (the winner removed, perhaps replaced by the next in line) or
// dismissed, once its quorum has confirmed the same resolution (decision
// 0028); a member may take a confirmation back until then. The rules are
// asked of rules.ts.

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
    await announceObjectionResolved(trx, o.id);
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
