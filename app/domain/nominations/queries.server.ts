import { sql, type RawBuilder } from "kysely";
import type { Db } from "../../../db/client";
import type { NominationStatus } from "../../../db/schema";
import type { User } from "../auth/user";
import { findVisibleCampaign, offeredTitles, withTitles, type CampaignRef } from "../campaigns/visibility.server";
import { uWithin } from "../org/unit-path.server";
import { maskPersonalData } from "../privacy/mask-text";
import { err, ok, type Result } from "../result";
import { isRowId } from "../row-id";
import type { MetricTemplate } from "../titles/titles.server";

// Reads several nomination use-cases share: a nomination and its nominees,
// the campaign it belongs to (as this person may see it), the titles it
// offers, whose photos a person may attach, a nomination's history and its
// title's names. No rule is decided here: rules.ts decides, the use-case
// files ask.

export interface NomineeRef {
  personId: number;
  employeeNo: string;
  name: string;
  orgUnitId: number;
  unitZh: string;
  unitEn: string | null;
  jobTitle: string | null;
}

export interface NominationRow {
  id: number;
  campaignId: number;
  titleId: number;
  kind: "individual" | "team";
  teamName: string | null;
  status: NominationStatus;
  citation: string;
  nominatorId: number;
  nominatorName: string;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  /** The justification for an exception to the title's rules (issue 20). */
  exceptionReason: string | null;
}

export async function loadNomination(db: Db, campaignId: number, id: number, lock = false): Promise<NominationRow | null> {
  if (!isRowId(id)) return null;
  let q = db
    .selectFrom("nominations as n")
    .innerJoin("people as p", "p.id", "n.nominator_id")
    .select([
      "n.id",
      "n.campaign_id",
      "n.title_id",
      "n.kind",
      "n.team_name",
      "n.status",
      "n.citation",
      "n.nominator_id",
      "p.name as nominator_name",
      "n.created_at",
      "n.updated_at",
      "n.submitted_at",
      "n.exception_reason",
    ])
    .where("n.id", "=", id)
    .where("n.campaign_id", "=", campaignId);
  if (lock) q = q.forUpdate("n");
  const r = await q.executeTakeFirst();
  if (!r) return null;
  return {
    id: r.id,
    campaignId: r.campaign_id,
    titleId: r.title_id,
    kind: r.kind,
    teamName: r.team_name,
    status: r.status,
    citation: r.citation,
    nominatorId: r.nominator_id,
    nominatorName: r.nominator_name,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    exceptionReason: r.exception_reason,
  };
}

/** The nominees of some nominations, in their order. */
export async function loadNominees(db: Db, nominationIds: readonly number[]): Promise<Map<number, NomineeRef[]>> {
  const out = new Map<number, NomineeRef[]>();
  if (nominationIds.length === 0) return out;
  const rows = await db
    .selectFrom("nomination_nominees as nn")
    .innerJoin("people as p", "p.id", "nn.person_id")
    .innerJoin("org_units as u", "u.id", "p.org_unit_id")
    .select(["nn.nomination_id", "p.id", "p.employee_no", "p.name", "p.org_unit_id", "p.job_title", "u.name_zh", "u.name_en"])
    .where("nn.nomination_id", "in", [...new Set(nominationIds)])
    .orderBy("nn.nomination_id")
    .orderBy("nn.position")
    .execute();
  for (const r of rows) {
    const list = out.get(r.nomination_id) ?? [];
    list.push({
      personId: r.id,
      employeeNo: r.employee_no,
      name: r.name,
      orgUnitId: r.org_unit_id,
      unitZh: r.name_zh,
      unitEn: r.name_en,
      jobTitle: r.job_title,
    });
    out.set(r.nomination_id, list);
  }
  return out;
}

export async function campaignOr404(db: Db, user: User, slug: string, lock: "share" | null = null): Promise<Result<CampaignRef>> {
  const campaign = await findVisibleCampaign(db, user, slug, lock);
  return campaign ? ok(campaign) : err("campaigns.notFound", 404);
}

export interface OfferedTitleOption {
  id: number;
  slug: string;
  nameZh: string;
  nameEn: string;
  templates: MetricTemplate[];
}

export async function titlesOffered(db: Db, campaignId: number): Promise<OfferedTitleOption[]> {
  const titles = await withTitles(db, await offeredTitles(db, campaignId));
  return titles.map((t) => ({ id: t.id, slug: t.slug, nameZh: t.nameZh, nameEn: t.nameEn, templates: t.templates }));
}

/** The units (paths) a manager acts for: whom they may look up and put forward. */
export function managedPaths(user: User): string[] {
  return user.roles.flatMap((r) => (r.role === "manager" && r.orgPath ? [r.orgPath] : []));
}

/**
 * Whom a manager may put forward in a campaign, as a condition on the unit
 * joined as "u": inside the campaign's scope and inside one of the units the
 * manager acts for. The nominee search and the eligible list (issue 20) ask
 * the same question this way.
 */
export function nomineeScope(user: User, campaign: Pick<CampaignRef, "unitPath">): RawBuilder<boolean> {
  const paths = managedPaths(user);
  if (!paths.length) return sql<boolean>`false`;
  return sql<boolean>`(${uWithin(campaign.unitPath)} and (${sql.join(paths.map(uWithin), sql` or `)}))`;
}

/** Of these media ids, the photos this person may attach to a nomination (theirs, or already on it). */
export async function ownPhotoIds(db: Db, user: User, nominationId: number | null, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom("media as m")
    .select("m.id")
    .where("m.id", "in", [...ids])
    .where("m.purpose", "=", "photo")
    .where((eb) =>
      eb.or([
        eb.exists(
          eb.selectFrom("media_uploaders as mu").select("mu.media_id").whereRef("mu.media_id", "=", "m.id").where("mu.person_id", "=", user.id),
        ),
        eb.exists(
          eb
            .selectFrom("nomination_photos as np")
            .innerJoin("nominations as n", "n.id", "np.nomination_id")
            .select("np.media_id")
            .whereRef("np.media_id", "=", "m.id")
            .where((w) => (nominationId === null ? w("n.nominator_id", "=", user.id) : w("n.id", "=", nominationId))),
        ),
      ]),
    )
    .execute();
  return new Set(rows.map((r) => r.id));
}

export interface HistoryEntry {
  from: NominationStatus | null;
  to: NominationStatus;
  actorName: string | null;
  comment: string | null;
  at: Date;
}

export async function loadHistory(db: Db, nominationId: number): Promise<HistoryEntry[]> {
  const rows = await db
    .selectFrom("nomination_events as e")
    .leftJoin("people as p", "p.id", "e.actor_id")
    .select(["e.from_status", "e.to_status", "e.comment", "e.at", "p.name"])
    .where("e.nomination_id", "=", nominationId)
    .orderBy("e.at")
    .orderBy("e.id")
    .execute();
  // Shown, never edited: the committee's comments leave masked (decision 0044).
  return rows.map((r) => ({ from: r.from_status, to: r.to_status, actorName: r.name, comment: maskPersonalData(r.comment), at: r.at }));
}

/** A title's slug and names, by id: what a heading or card shows (no templates, no badge). */
export async function titleNames(db: Db, ids: readonly number[]): Promise<Map<number, { slug: string; nameZh: string; nameEn: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("titles")
    .select(["id", "slug", "name_zh", "name_en"])
    .where("id", "in", [...new Set(ids)])
    .execute();
  return new Map(rows.map((t) => [t.id, { slug: t.slug, nameZh: t.name_zh, nameEn: t.name_en }]));
}
