import type { Db } from "../../../db/client";
import type { CampaignStatus, ObjectionStatus } from "../../../db/schema";
import { violates } from "../../../db/values";
import { audit } from "../audit/audit.server";
import type { User } from "../auth/user";
import { recusalOf, type Recusal } from "../nominations/rules";
import { findVisibleCampaign } from "../campaigns/visibility.server";
import { announceObjectionFiled } from "../notifications/events.server";
import { maskPersonalData } from "../privacy/mask-text";
import { err, ok, type Result } from "../result";
import { inScope } from "../voting/rules";
import { voterOf } from "../voting/voter.server";
import type { resolutionProposals } from "./quorum.server";
import { isCommittee, resultsRefusalStatus, whyCannotObject, whyCannotResolve, type Resolution } from "./rules";
import type { ObjectionInput } from "./schema";
import { settingsOf } from "./settings.server";

// Objections during the publicity period (公示): what a reader sees of them on
// the results page, and a member of staff in scope filing one against a
// proposed winner. The committee's resolution is objection-resolution.server.ts;
// the rules are asked of rules.ts.

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

/** The campaign's objections as the results page lists them: all for administrators and the committee, else the reader's own. */
export function objectionRows(db: Db, campaignId: number, user: User, insider: boolean) {
  return db
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
    .where("o.campaign_id", "=", campaignId)
    .$if(!insider, (q) => q.where("o.filed_by", "=", user.id))
    .orderBy("o.filed_at")
    .execute();
}

/** What the results page read (resultsFor) that its objections are shown from. */
interface ObjectionFacts {
  status: CampaignStatus;
  /** The reader is an administrator or on the committee. */
  insider: boolean;
  objections: Awaited<ReturnType<typeof objectionRows>>;
  /** The nominations on the ballot, and their nominees. */
  listed: {
    rows: ReadonlyArray<{ id: number; nominator_id: number }>;
    nominees: ReadonlyArray<{ nomination_id: number; person_id: number; org_unit_id: number }>;
  };
  ratifications: ReadonlyArray<{ title_id: number; proposal_id: number }>;
  ratificationProposals: ReadonlyArray<{ id: number; confirmerIds: number[] }>;
  resolutions: Awaited<ReturnType<typeof resolutionProposals>>;
}

/**
 * The objections as this reader sees them on the results page: who filed
 * each, its resolution and the resolutions proposed, and whether this
 * committee member may resolve it or stays out of it.
 */
export function objectionViews(user: User, f: ObjectionFacts): ObjectionView[] {
  const nominationById = new Map(f.listed.rows.map((n) => [n.id, n]));
  // The member who ratified a title alone (a quorum of one) does not judge objections to it.
  const aloneOf = new Map(
    f.ratifications.map((r) => {
      const p = f.ratificationProposals.find((x) => x.id === r.proposal_id);
      return [r.title_id, p && p.confirmerIds.length === 1 ? p.confirmerIds[0] : null] as const;
    }),
  );
  return f.objections.map((o) => {
    const nomination = {
      nominatorId: nominationById.get(o.nomination_id)?.nominator_id ?? -1,
      nominees: f.listed.nominees
        .filter((p) => p.nomination_id === o.nomination_id)
        .map((p) => ({ personId: p.person_id, orgUnitId: p.org_unit_id })),
    };
    const ofObjection = f.resolutions.filter((p) => p.objectionId === o.id);
    const ratifiedAlone = aloneOf.get(o.title_id) === user.id;
    const recused = isCommittee(user) ? (recusalOf(user, nomination) ?? (ratifiedAlone ? "results.resolve.ratifiedAlone" : null)) : null;
    const confirmed = ofObjection.some((p) => p.mine);
    return {
      id: o.id,
      titleSlug: o.slug,
      nominationId: o.nomination_id,
      filedBy: o.filer,
      filedAt: o.filed_at,
      // Shown on the results page: masked on the way out (decision 0044).
      reason: maskPersonalData(o.reason),
      status: o.status,
      resolution: maskPersonalData(o.resolution),
      resolvedAt: o.resolved_at,
      resolvedBy: o.resolver,
      confirmedBy: ofObjection.find((p) => p.id === o.resolution_proposal_id)?.confirmedBy ?? [],
      proposals:
        f.insider && o.status === "open"
          ? ofObjection.map((p) => ({
              decision: p.decision,
              replacementId: p.replacementId,
              resolution: maskPersonalData(p.resolution),
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
        whyCannotResolve(user, {
          status: f.status,
          objection: o.status,
          nomination,
          ratifiedAlone,
          confirmed,
          decision: "dismiss",
          replacement: null,
        }) === null,
      mayWithdraw: isCommittee(user) && f.status === "closed" && o.status === "open" && confirmed,
    };
  });
}

// ---- filing ----------------------------------------------------------------------

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
      await announceObjectionFiled(trx, row.id);
      return ok({ id: row.id });
    });
  } catch (e) {
    if (violates(e, "objections_nomination_id_filed_by_key")) return err("results.object.already", 409);
    throw e;
  }
}
