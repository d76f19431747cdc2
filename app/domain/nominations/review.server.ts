import { sql } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import { audit } from "../audit/audit.server";
import { hasRole, isAdmin, type User } from "../auth/user";
import type { CampaignRef } from "../campaigns/visibility.server";
import { exceptionsOf, type ExceptionView } from "../eligibility/exceptions.server";
import { announceReview } from "../notifications/events.server";
import { err, ok, type Result } from "../result";
import { withinChars } from "../text";
import { figureLines, type FigureLine } from "./evidence.server";
import { summaries, summaryQuery, type NominationSummary } from "./listing.server";
import { campaignOr404, loadNomination, loadNominees } from "./queries.server";
import { decisions, mayRead, recusalOf, whyCannotReview, type Decision, type Recusal } from "./rules";
import { limits } from "./schema";

// The committee's review: its queue for a campaign, and a decision on one
// nomination (approve, return with a comment, reject with a reason).

export interface QueueItem extends NominationSummary {
  recusal: Recusal | null;
  canReview: boolean;
  /** Its figures, each imported or entered: the committee sees the difference at a glance (decision 0051). */
  figures: FigureLine[];
  /** Submitted as an exception to the title's rules (decision 0050). */
  exception: ExceptionView | null;
}

export interface ReviewQueue {
  campaign: Pick<CampaignRef, "slug" | "nameZh" | "nameEn" | "status">;
  /** Submitted, oldest first: the committee's work. */
  waiting: QueueItem[];
  /** Returned to their manager, waiting for changes. */
  returned: QueueItem[];
  /** Approved or rejected. */
  decided: QueueItem[];
  open: boolean;
}

/** The committee's queue for one campaign (administrators may read it too). */
export async function reviewQueue(db: Db, user: User, slug: string): Promise<Result<ReviewQueue>> {
  if (!hasRole(user, "committee") && !isAdmin(user)) return err("nominations.review.notCommittee", 403);
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const rows = await summaryQuery(db)
    .where("n.campaign_id", "=", c.id)
    .where("n.status", "<>", "draft")
    .orderBy(sql`n.submitted_at nulls last`)
    .orderBy("n.id")
    .execute();
  const nominees = await loadNominees(
    db,
    rows.map((r) => r.id),
  );
  const figures = await figureLines(
    db,
    rows.map((r) => r.id),
  );
  const exceptions = await exceptionsOf(
    db,
    rows.map((r) => r.id),
  );
  const items = (await summaries(db, user, rows, nominees)).map((s, i): QueueItem => {
    const facts = { nominatorId: rows[i].nominator_id, status: s.status, nominees: nominees.get(s.id) ?? [] };
    return {
      ...s,
      recusal: hasRole(user, "committee") ? recusalOf(user, facts) : null,
      canReview: whyCannotReview(user, facts, c.status) === null,
      figures: figures.get(s.id) ?? [],
      exception: exceptions.get(s.id) ?? null,
    };
  });
  return ok({
    campaign: { slug: c.slug, nameZh: c.nameZh, nameEn: c.nameEn, status: c.status },
    waiting: items.filter((i) => i.status === "submitted"),
    returned: items.filter((i) => i.status === "returned"),
    decided: items.filter((i) => i.status !== "submitted" && i.status !== "returned"),
    open: c.status === "nominating" || c.status === "reviewing",
  });
}

/** A committee member approves, returns (with a comment) or rejects (with a reason) a submitted nomination. */
export async function reviewNomination(
  db: Db,
  user: User,
  slug: string,
  id: number,
  input: { decision: Decision; comment?: string | null },
): Promise<Result<{ id: number; status: NominationStatus }>> {
  const comment = input.comment?.trim() || null;
  if (input.decision !== "approve" && !comment) {
    return err(input.decision === "return" ? "nominations.review.comment.returnRequired" : "nominations.review.comment.rejectRequired");
  }
  if (comment && !withinChars(limits.comment)(comment)) return err("nominations.review.comment.tooLong", 400, { max: limits.comment });
  // Own keys only: `"toString" in decisions` is true, and would reach the update.
  if (!Object.hasOwn(decisions, input.decision)) return err("nominations.review.decision.required");
  return db.transaction().execute(async (trx) => {
    const campaign = await campaignOr404(trx, user, slug, "share");
    if (!campaign.ok) return campaign;
    const c = campaign.value;
    const n = await loadNomination(trx, c.id, id, true);
    if (!n || !mayRead(user, n, c.status)) return err("nominations.notFound", 404);
    const nominees = (await loadNominees(trx, [n.id])).get(n.id) ?? [];
    const refusal = whyCannotReview(user, { nominatorId: n.nominatorId, status: n.status, nominees }, c.status);
    if (refusal) return err(refusal, refusal.startsWith("nominations.recused") || refusal === "nominations.review.notCommittee" ? 403 : 409);
    const to = decisions[input.decision];
    const now = new Date();
    await trx.updateTable("nominations").set({ status: to, updated_at: now }).where("id", "=", n.id).execute();
    await trx
      .insertInto("nomination_events")
      .values({ nomination_id: n.id, from_status: n.status, to_status: to, actor_id: user.id, comment, at: now })
      .execute();
    await audit(trx, user, {
      action: `nomination.${to}`,
      subjectType: "nomination",
      subjectId: n.id,
      before: { status: n.status },
      after: { status: to, campaign: c.slug, comment },
    });
    await announceReview(trx, n.id, to, comment);
    return ok({ id: n.id, status: to });
  });
}
