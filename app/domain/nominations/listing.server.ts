import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import { hasRole, isAdmin, type User } from "../auth/user";
import { getPictures } from "../media/media.server";
import type { PictureData } from "../media/picture";
import { maskPersonalData } from "../privacy/mask-text";
import { ok, type Result } from "../result";
import { campaignOr404, loadNominees, titleNames, type NomineeRef } from "./queries.server";
import { publicStatuses, whyCannotNominate } from "./rules";

// Nominations listed as cards: the campaign page's lists, as this person may
// see them, and the card builder the review queue shares.

export interface NominationSummary {
  id: number;
  title: { slug: string; nameZh: string; nameEn: string };
  kind: "individual" | "team";
  teamName: string | null;
  status: NominationStatus;
  citation: string;
  nominees: Array<Pick<NomineeRef, "employeeNo" | "name" | "unitZh" | "unitEn">>;
  nominatorName: string;
  mine: boolean;
  submittedAt: Date | null;
  updatedAt: Date;
  photo: PictureData | null;
}

/** Cards for these rows; `nominees` when the caller has already loaded them. */
export async function summaries(
  db: Db,
  user: User,
  rows: ReadonlyArray<{
    id: number;
    title_id: number;
    kind: "individual" | "team";
    team_name: string | null;
    status: NominationStatus;
    citation: string;
    nominator_id: number;
    nominator_name: string;
    submitted_at: Date | null;
    updated_at: Date;
  }>,
  loaded?: Map<number, NomineeRef[]>,
): Promise<NominationSummary[]> {
  const ids = rows.map((r) => r.id);
  const [nominees, titleOf, firstPhotos] = await Promise.all([
    loaded ?? loadNominees(db, ids),
    titleNames(
      db,
      rows.map((r) => r.title_id),
    ),
    ids.length
      ? db.selectFrom("nomination_photos").select(["nomination_id", "media_id"]).where("nomination_id", "in", ids).where("position", "=", 0).execute()
      : Promise.resolve([]),
  ]);
  const pictures = await getPictures(
    db,
    firstPhotos.map((p) => p.media_id),
  );
  const photoOf = new Map(firstPhotos.map((p) => [p.nomination_id, pictures.get(p.media_id) ?? null]));
  return rows.map((r) => ({
    id: r.id,
    title: titleOf.get(r.title_id)!,
    kind: r.kind,
    teamName: maskPersonalData(r.team_name),
    status: r.status,
    citation: maskPersonalData(r.citation),
    nominees: (nominees.get(r.id) ?? []).map(({ employeeNo, name, unitZh, unitEn }) => ({ employeeNo, name, unitZh, unitEn })),
    nominatorName: r.nominator_name,
    mine: r.nominator_id === user.id,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    photo: photoOf.get(r.id) ?? null,
  }));
}

/** The columns a card is built from (summaries), for the caller's filter and order. */
export function summaryQuery(db: Db) {
  return db
    .selectFrom("nominations as n")
    .innerJoin("people as p", "p.id", "n.nominator_id")
    .select([
      "n.id",
      "n.title_id",
      "n.kind",
      "n.team_name",
      "n.status",
      "n.citation",
      "n.nominator_id",
      "p.name as nominator_name",
      "n.submitted_at",
      "n.updated_at",
    ]);
}

export interface CampaignNominations {
  /** Approved (and later) nominations everyone in scope may read, or all but drafts for the committee and administrators. */
  listed: NominationSummary[];
  /** The person's own nominations, any status. */
  mine: NominationSummary[];
  mayNominate: boolean;
  /** Committee members: how many wait for a decision. */
  awaitingReview: number | null;
}

/** The nominations part of a campaign page, as this person may see it. */
export async function campaignNominations(db: Db, user: User, slug: string): Promise<Result<CampaignNominations>> {
  const campaign = await campaignOr404(db, user, slug);
  if (!campaign.ok) return campaign;
  const c = campaign.value;
  const overseer = isAdmin(user) || hasRole(user, "committee");
  const visible = overseer
    ? (["submitted", "returned", "approved", "rejected", "winner", "not_selected"] as NominationStatus[])
    : publicStatuses(c.status);
  const base = summaryQuery(db).where("n.campaign_id", "=", c.id).orderBy("n.title_id").orderBy("n.id");
  const [listedRows, mineRows] = await Promise.all([
    visible.length ? base.where("n.status", "in", visible).where("n.nominator_id", "<>", user.id).execute() : Promise.resolve([]),
    base.where("n.nominator_id", "=", user.id).execute(),
  ]);
  const committee = hasRole(user, "committee");
  return ok({
    listed: await summaries(db, user, listedRows),
    mine: await summaries(db, user, mineRows),
    mayNominate: whyCannotNominate(user, c.status) === null,
    awaitingReview: committee
      ? listedRows.filter((r) => r.status === "submitted").length + mineRows.filter((r) => r.status === "submitted").length
      : null,
  });
}
