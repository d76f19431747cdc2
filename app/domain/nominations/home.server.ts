import type { Db } from "../../../db/client";
import { hasRole, type User } from "../auth/user";
import { findVisibleCampaign } from "../campaigns/visibility.server";
import { maskPersonalData } from "../privacy/mask-text";
import { loadNominees } from "./queries.server";

// The nominations part of the home page: what waits for this person
// (returned nominations, drafts, nominations to review). home/home.server.ts
// composes it with the other areas' parts.

export interface ReturnedNotice {
  id: number;
  campaign: { slug: string; nameZh: string; nameEn: string };
  nominees: string[];
  teamName: string | null;
  comment: string | null;
  at: Date;
}

export interface HomeNominations {
  /** The manager's nominations the committee returned, with its comment. */
  returned: ReturnedNotice[];
  /** The manager's drafts in campaigns still taking nominations. */
  drafts: number;
  /** The same drafts, per campaign, so the home page can link to each. */
  draftsIn: Array<{ slug: string; nameZh: string; nameEn: string; count: number }>;
  /** Committee: submitted nominations waiting, per campaign they may decide in. */
  toReview: Array<{ slug: string; nameZh: string; nameEn: string; count: number }>;
}

/** What waits for this person on the home page. */
export async function homeNominations(db: Db, user: User): Promise<HomeNominations> {
  const returnedRows = await db
    .selectFrom("nominations as n")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .select((eb) => [
      "n.id",
      "n.team_name",
      "c.slug",
      "c.name_zh",
      "c.name_en",
      eb
        .selectFrom("nomination_events as e")
        .select("e.comment")
        .whereRef("e.nomination_id", "=", "n.id")
        .where("e.to_status", "=", "returned")
        .orderBy("e.at", "desc")
        .orderBy("e.id", "desc")
        .limit(1)
        .as("comment"),
      "n.updated_at",
    ])
    .where("n.nominator_id", "=", user.id)
    .where("n.status", "=", "returned")
    .where("c.status", "in", ["nominating", "reviewing"])
    .orderBy("n.updated_at", "desc")
    .execute();
  const names = await loadNominees(
    db,
    returnedRows.map((r) => r.id),
  );
  const draftsIn = await db
    .selectFrom("nominations as n")
    .innerJoin("campaigns as c", "c.id", "n.campaign_id")
    .select((eb) => ["c.slug", "c.name_zh", "c.name_en", eb.fn.countAll<number | string>().as("count")])
    .where("n.nominator_id", "=", user.id)
    .where("n.status", "=", "draft")
    .where("c.status", "=", "nominating")
    .groupBy(["c.id", "c.slug", "c.name_zh", "c.name_en"])
    .orderBy("c.id")
    .execute();
  let toReview: HomeNominations["toReview"] = [];
  if (hasRole(user, "committee")) {
    const rows = await db
      .selectFrom("nominations as n")
      .innerJoin("campaigns as c", "c.id", "n.campaign_id")
      .select((eb) => ["c.slug", "c.name_zh", "c.name_en", eb.fn.countAll<number | string>().as("count")])
      .where("n.status", "=", "submitted")
      .where("c.status", "in", ["nominating", "reviewing"])
      .groupBy(["c.id", "c.slug", "c.name_zh", "c.name_en"])
      .orderBy("c.id")
      .execute();
    const visible = await Promise.all(rows.map((r) => findVisibleCampaign(db, user, r.slug)));
    toReview = rows.filter((_, i) => visible[i]).map((r) => ({ slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en, count: Number(r.count) }));
  }
  return {
    returned: returnedRows.map((r) => ({
      id: r.id,
      campaign: { slug: r.slug, nameZh: r.name_zh, nameEn: r.name_en },
      nominees: (names.get(r.id) ?? []).map((p) => p.name),
      teamName: maskPersonalData(r.team_name),
      comment: maskPersonalData(r.comment),
      at: r.updated_at,
    })),
    drafts: draftsIn.reduce((sum, c) => sum + Number(c.count), 0),
    draftsIn: draftsIn.map((c) => ({ slug: c.slug, nameZh: c.name_zh, nameEn: c.name_en, count: Number(c.count) })),
    toReview,
  };
}
