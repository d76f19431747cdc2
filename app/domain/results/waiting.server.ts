import type { Db } from "../../../db/client";
import { int } from "../../../db/values";
import type { User } from "../auth/user";
import { findVisibleCampaign, type CampaignRef } from "../campaigns/visibility.server";
import { isCommittee, publicityRunning } from "./rules";
import { settingsOf } from "./settings.server";

// What after the vote waits for someone, for the home page (home/home.server.ts):
// the committee's titles and objections still to confirm, the publicity periods running.

export interface ResultsWaiting {
  /** Committee: closed campaigns with titles not yet ratified that this member has not confirmed (how many). */
  toRatify: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn"> & { count: number }>;
  /** Committee: open objections per campaign that this member has not confirmed a resolution of. */
  toResolve: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn"> & { count: number }>;
  /** Everyone who can see it: campaigns whose proposed winners are in their publicity period. */
  publicity: Array<Pick<CampaignRef, "slug" | "nameZh" | "nameEn"> & { endsAt: Date }>;
}

/** Titles not yet ratified and open objections that still wait for this committee member's confirmation (decision 0028). */
async function awaitingMember(db: Db, campaignId: number, memberId: number): Promise<{ titles: number; objections: number }> {
  const [titles, objections] = await Promise.all([
    db
      .selectFrom("campaign_titles as ct")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("ct.campaign_id", "=", campaignId)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("ratifications as r")
              .select("r.title_id")
              .whereRef("r.campaign_id", "=", "ct.campaign_id")
              .whereRef("r.title_id", "=", "ct.title_id"),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("ratification_confirmations as c")
              .select("c.member_id")
              .whereRef("c.campaign_id", "=", "ct.campaign_id")
              .whereRef("c.title_id", "=", "ct.title_id")
              .where("c.member_id", "=", memberId),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("objections as o")
      .select((eb) => eb.fn.countAll<number | string>().as("n"))
      .where("o.campaign_id", "=", campaignId)
      .where("o.status", "=", "open")
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom("resolution_confirmations as c")
              .select("c.member_id")
              .whereRef("c.objection_id", "=", "o.id")
              .where("c.member_id", "=", memberId),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
  ]);
  return { titles: int(titles.n), objections: int(objections.n) };
}

/** What after the vote waits for this person, for the home page: names and counts, never a tally. */
export async function resultsWaitingFor(db: Db, user: User): Promise<ResultsWaiting> {
  const out: ResultsWaiting = { toRatify: [], toResolve: [], publicity: [] };
  const closed = await db.selectFrom("campaigns").select("slug").where("status", "=", "closed").orderBy("id").execute();
  for (const { slug } of closed) {
    const found = await findVisibleCampaign(db, user, slug);
    if (!found) continue;
    const names = { slug: found.slug, nameZh: found.nameZh, nameEn: found.nameEn };
    const s = await settingsOf(db, found);
    if (isCommittee(user)) {
      const waiting = await awaitingMember(db, found.id, user.id);
      if (waiting.titles > 0) out.toRatify.push({ ...names, count: waiting.titles });
      if (waiting.objections > 0) out.toResolve.push({ ...names, count: waiting.objections });
    }
    if (publicityRunning(s.publicity, s.now) && s.publicity.endsAt) out.publicity.push({ ...names, endsAt: s.publicity.endsAt });
  }
  return out;
}
